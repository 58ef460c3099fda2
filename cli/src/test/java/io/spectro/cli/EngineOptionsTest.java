package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The engine flags: the Vector API notice. */
class EngineOptionsTest {
    @Test
    void cpuWithoutTheVectorApiIsSaidInOneLine() {
        String notice = EngineOptions.vectorApiNotice("cpu", false);
        assertEquals(1, notice.lines().count());
        assertTrue(notice.startsWith("spectro: the Vector API is missing"), notice);
        assertTrue(notice.contains("--add-modules jdk.incubator.vector"), notice);
        assertNull(EngineOptions.vectorApiNotice("cpu", true));
        assertNull(EngineOptions.vectorApiNotice("opencl", false), "a device backend does not use it");
    }

    @Test
    void theTestJvmHasTheVectorApiSoNothingIsSaid() {
        assertTrue(ModuleLayer.boot().findModule(EngineOptions.VECTOR_MODULE).isPresent(), "surefire adds it");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EngineOptions options = new EngineOptions();
        options.backend = "cpu";
        try (var engine = options.open(false, new PrintStream(err, true, StandardCharsets.UTF_8))) {
            assertEquals("cpu", engine.backendName());
        }
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Vector API"), err.toString());
    }
}
