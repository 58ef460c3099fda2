package io.spectro.audio;

import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test (no timing asserts): prints the median time to resample 60 s of mono audio, after warm-up.
 *
 * <p>Run: {@code java -cp audio/target/classes:audio/target/test-classes:engine/target/classes io.spectro.audio.ResamplerSpeed}
 */
public final class ResamplerSpeed {
    private ResamplerSpeed() {}

    /** Prints medians for a few rate pairs and modes. */
    public static void main(String[] args) {
        int[][] pairs = {{44100, 16000}, {44100, 22050}, {48000, 16000}, {16000, 44100}, {44100, 48000}, {48000, 22050}
        };
        int seconds = 60;
        for (int[] p : pairs) {
            float[] x = ResamplerTest.tone(p[0], 440, 0.5, p[0] * seconds);
            for (Resampler.Mode mode : Resampler.Mode.values()) {
                Resampler r = Resampler.of(p[0], p[1], mode);
                long[] ns = new long[15];
                float sink = 0;
                for (int i = 0; i < 5; i++) {
                    sink += r.process(x)[i];
                }
                for (int i = 0; i < ns.length; i++) {
                    long t0 = System.nanoTime();
                    float[] y = r.process(x);
                    ns[i] = System.nanoTime() - t0;
                    sink += y[y.length / 2];
                }
                Arrays.sort(ns);
                double ms = ns[ns.length / 2] / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "%6d -> %6d Hz %-22s %4d taps: %7.1f ms per %d s (median of %d), %6.0fx real time%s%n",
                        p[0],
                        p[1],
                        mode,
                        r.tapsPerOutput(),
                        ms,
                        seconds,
                        ns.length,
                        seconds * 1000 / ms,
                        sink == 12345 ? "!" : "");
            }
        }
    }
}
