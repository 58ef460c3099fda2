package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.MelFilterbank;
import org.junit.jupiter.api.Test;

class FlopModelTest {
    @Test
    void fftCountIsHalfTheComplexConvention() {
        assertEquals(2.5 * 512 * 9, FlopModel.fftFlops(512), 1e-9);
        assertEquals(2.5 * 4096 * 12, FlopModel.fftFlops(4096), 1e-9);
    }

    @Test
    void w1CountsEveryStage() {
        var spec = Workload.W1.spec();
        int weights =
                MelFilterbank.create(16000, 400, spec.mel(), spec.fmaxHz()).weightCount();
        double want = 400 + FlopModel.fftFlops(400) + 3 * 201 + 2.0 * weights + 2 * 80;
        assertEquals(want, FlopModel.flopsPerFrame(spec), 1e-9);
        // Slaney filters overlap by half: about two weights per bin below Nyquist.
        assertTrue(weights > 150 && weights < 2 * 201, "weights " + weights);
    }

    @Test
    void w1FloorMatchesTheIssuesIndependentEstimate() {
        // Issue 6: at ~450 GFLOP/s the arithmetic floor of W1 is "about 430,000 audio-s/s".
        double flopsPerAudioSecond =
                FlopModel.flopsPerFrame(Workload.W1.spec()) * Workload.W1.spec().frameCount(160_000) / 10.0;
        double audioSecondsPerSecond = 450e9 / flopsPerAudioSecond;
        assertTrue(
                audioSecondsPerSecond > 0.9 * 430_000 && audioSecondsPerSecond < 1.1 * 430_000,
                "W1 floor " + audioSecondsPerSecond + " audio-s/s at 450 GFLOP/s");
    }

    @Test
    void floorIsTheSlowerOfComputeAndMemory() {
        assertEquals(2.0, FlopModel.floorSeconds(2e9, 1e9, 1e9, 1e9), 0);
        assertEquals(3.0, FlopModel.floorSeconds(1e9, 3e9, 1e9, 1e9), 0);
        var w3 = Workload.W3.spec();
        // W3: 441000 samples in, 2049 x 431 magnitudes out.
        assertEquals(4.0 * 441_000 + 4.0 * 2049 * 431, FlopModel.bytesPerClip(w3, 441_000), 0);
    }
}
