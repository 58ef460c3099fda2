package io.spectro.opencl;

import static io.spectro.opencl.OpenClTestSupport.bitDiff;
import static io.spectro.opencl.OpenClTestSupport.noise;
import static io.spectro.opencl.OpenClTestSupport.reference;
import static io.spectro.opencl.OpenClTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.LogScale;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.device.BatchTraffic;
import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceLimits;
import io.spectro.device.DevicePlan;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overlapped orchestration with many small pieces: uploads, kernels and downloads of consecutive pieces in flight
 * together on two queues, the two buffer sets and staging segments taking turns, over many batches of different
 * shapes. Every batch gives ReferencePipeline's bits, and its counted traffic says how it went.
 */
class OpenClOverlapTest {
    @Test
    void manySmallPiecesOverManyBatchesGiveTheReferenceBits() {
        OpenClTestSupport.assumeOpenCl();
        String old = System.getProperty(DeviceLimits.PIECE_BYTES_PROPERTY);
        ResourceTracker tracker = new ResourceTracker();
        SpectrogramSpec spec =
                Presets.librosa().toBuilder().log(LogScale.Db.librosa()).build().withDeterministic(true);
        try (DeviceBackend backend = OpenClTestSupport.open(tracker)) {
            // Less than a clip of input per piece: every batch goes in two pieces or more.
            System.setProperty(DeviceLimits.PIECE_BYTES_PROPERTY, String.valueOf(8_000 * Float.BYTES));
            try (DevicePlan plan = (DevicePlan) backend.plan(spec)) {
                for (int b = 0; b < 6; b++) {
                    List<float[]> clips = new ArrayList<>();
                    int n = 3 + b;
                    for (int i = 0; i < n; i++) {
                        clips.add(noise(1000L * b + i, 4000 + 9000 * ((i + b) % 4), 0.3f + 0.1f * i));
                    }
                    assertNull(bitDiff(reference(spec, clips), run(plan, clips)), "batch " + b);
                    BatchTraffic t = plan.lastBatchTraffic();
                    assertTrue(t.pieces() >= 2, "batch " + b + " ran in " + t.pieces() + " pieces");
                    long samples = clips.stream().mapToLong(c -> c.length).sum();
                    assertTrue(t.uploadBytes() >= samples * Float.BYTES, "uploaded " + t.uploadBytes());
                    assertTrue(t.launches() >= t.pieces(), "launches " + t.launches());
                }
            }
        } finally {
            if (old == null) {
                System.clearProperty(DeviceLimits.PIECE_BYTES_PROPERTY);
            } else {
                System.setProperty(DeviceLimits.PIECE_BYTES_PROPERTY, old);
            }
        }
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }
}
