package io.spectro.opencl;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.device.DeviceBackend;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenClSmokeTest {
    @Test
    void whisperDeterministic() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        try (DeviceBackend b = OpenClTestSupport.open(tr)) {
            SpectrogramSpec spec = Presets.whisper().withDeterministic(true);
            try (BackendPlan p = b.plan(spec)) {
                List<float[]> clips =
                        List.of(OpenClTestSupport.noise(1, 16000, 0.5f), OpenClTestSupport.noise(2, 7000, 0.5f));
                float[][] got = OpenClTestSupport.run(p, clips);
                float[][] exp = OpenClTestSupport.reference(spec, clips);
                assertNull(OpenClTestSupport.bitDiff(exp, got));
            }
        }
        System.out.println("live after close: " + tr.describeLive());
    }
}
