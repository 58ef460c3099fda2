package io.spectro.bench;

import io.spectro.LogScale;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;

/**
 * Guards the benchmarks against timing a wrong answer: the first frames of a backend's output are compared with the
 * engine's scalar definition ({@link ReferencePipeline}) before anything is timed.
 */
final class OutputCheck {
    private OutputCheck() {}

    /**
     * Checks the first {@code checkFrames} frames of {@code output} (a clip's output of {@code frames} frames, layout
     * {@code [features][frames]} or {@code [nFreq][frames][2]}) against {@link ReferencePipeline} on the first samples
     * of {@code clip}. Tolerances: 1e-3 absolute after log10, 1e-2 dB after dB, else 1e-4 of the largest reference
     * magnitude (float32 FFTs of these sizes differ by ~1e-6 relative; wrong code differs by O(1)).
     *
     * @param checkFrames frames to check; when smaller than {@code frames} the spec must have no centre padding and no
     *     clip-level stage
     * @throws IllegalStateException naming the first value out of tolerance
     */
    static void verify(SpectrogramSpec spec, float[] clip, float[] output, int frames, int checkFrames) {
        if (checkFrames != frames
                && (spec.center() || (spec.log() != null && spec.log().needsClipMax()))) {
            throw new IllegalArgumentException("centre padding or a clip-level log stage needs the whole clip checked");
        }
        int samples = checkFrames == frames ? clip.length : (checkFrames - 1) * spec.hopLength() + spec.nFft();
        if (spec.frameCount(samples) != checkFrames) {
            throw new IllegalStateException("internal: " + samples + " samples give " + spec.frameCount(samples)
                    + " frames, not " + checkFrames);
        }
        float[] ref = new float[(int) spec.outputFloats(checkFrames)];
        ReferencePipeline.compute(SpecTables.of(spec), clip, samples, ref);
        int features = spec.featureCount();
        int vpf = spec.valuesPerFeature();
        double tol;
        LogScale log = spec.log();
        if (log instanceof LogScale.Db) {
            tol = 1e-2;
        } else if (log != null) {
            tol = 1e-3;
        } else {
            double max = 0;
            for (float v : ref) {
                max = Math.max(max, Math.abs(v));
            }
            tol = 1e-4 * Math.max(max, Float.MIN_NORMAL);
        }
        for (int f = 0; f < features; f++) {
            for (int t = 0; t < checkFrames; t++) {
                for (int c = 0; c < vpf; c++) {
                    float want = ref[(f * checkFrames + t) * vpf + c];
                    float got = output[(int) (((long) f * frames + t) * vpf + c)];
                    if (!(Math.abs(got - want) <= tol)) {
                        throw new IllegalStateException("wrong result, not timed: feature " + f + ", frame " + t
                                + (vpf == 2 ? (c == 0 ? " (re)" : " (im)") : "") + " is " + got + ", reference "
                                + want + " (tolerance " + tol + ") for " + spec.summary());
                    }
                }
            }
        }
    }
}
