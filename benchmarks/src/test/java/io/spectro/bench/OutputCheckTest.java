package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import org.junit.jupiter.api.Test;

class OutputCheckTest {
    @Test
    void acceptsTheReferenceAndRejectsAWrongValue() {
        var spec = Workload.W1.spec();
        float[] clip = AudioClips.uniform(1, 8000, AudioClips.SEED)[0];
        int frames = spec.frameCount(clip.length);
        float[] out = new float[(int) spec.outputFloats(frames)];
        ReferencePipeline.compute(SpecTables.of(spec), clip, clip.length, out);
        OutputCheck.verify(spec, clip, out, frames, frames);
        out[3 * frames + 7] += 0.01f;
        var e = assertThrows(IllegalStateException.class, () -> OutputCheck.verify(spec, clip, out, frames, frames));
        assertTrue(e.getMessage().contains("feature 3, frame 7"), e.getMessage());
    }

    @Test
    void checksLeadingFramesOfTheFftLayout() {
        var spec = Workload.fftSpec(512);
        int frames = 40;
        float[] clip = AudioClips.uniform(1, frames * 512, AudioClips.SEED)[0];
        float[] out = new float[(int) spec.outputFloats(frames)];
        ReferencePipeline.compute(SpecTables.of(spec), clip, clip.length, out);
        OutputCheck.verify(spec, clip, out, frames, 8);
        out[(5 * frames + 2) * 2 + 1] = -out[(5 * frames + 2) * 2 + 1] + 1;
        var e = assertThrows(IllegalStateException.class, () -> OutputCheck.verify(spec, clip, out, frames, 8));
        assertTrue(e.getMessage().contains("feature 5, frame 2 (im)"), e.getMessage());
    }

    @Test
    void clipsAreSeededAndNotSilent() {
        float[][] a = AudioClips.uniform(2, 1000, 7);
        float[][] b = AudioClips.uniform(2, 1000, 7);
        assertTrue(java.util.Arrays.deepEquals(a, b));
        assertTrue(!java.util.Arrays.equals(a[0], a[1]));
        double energy = 0;
        for (float v : a[0]) {
            assertTrue(v >= -1 && v < 1);
            energy += v * v;
        }
        assertTrue(energy > 1000 / 3.0 * 0.8, "energy " + energy);
    }
}
