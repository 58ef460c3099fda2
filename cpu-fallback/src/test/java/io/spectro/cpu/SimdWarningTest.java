package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.spi.BackendConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** With the Vector API (this module's usual test JVM) the CPU backend opens without a warning. */
class SimdWarningTest {
    @Test
    void noWarningWhenTheVectorApiIsPresent() {
        assertTrue(Simd.modulePresent(), "the default surefire execution runs with --add-modules jdk.incubator.vector");
        Logger jul = Logger.getLogger("io.spectro");
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(h);
        try {
            new CpuBackendProvider().create(BackendConfig.defaults()).close();
            Simd.warnOnceIfMissing();
        } finally {
            jul.removeHandler(h);
        }
        assertEquals(List.of(), records);
    }
}
