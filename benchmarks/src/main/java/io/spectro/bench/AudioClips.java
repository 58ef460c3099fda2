package io.spectro.bench;

import java.util.SplittableRandom;

/** Seeded random test audio for the benchmarks. */
public final class AudioClips {
    /** The seed every benchmark uses, so runs see the same samples. */
    public static final long SEED = 0x5EC7_2026L;

    private AudioClips() {}

    /**
     * {@code clips} clips of {@code samples} float32 samples each, uniform in {@code [-1, 1)}, clip {@code i} drawn
     * from a generator seeded with {@code seed + i}. Never all zero (a zero signal would let log stages hit their
     * floors and say nothing about speed on real audio).
     */
    public static float[][] uniform(int clips, int samples, long seed) {
        if (clips < 1 || samples < 1) {
            throw new IllegalArgumentException("clips = " + clips + ", samples = " + samples + ": both must be >= 1");
        }
        float[][] out = new float[clips][samples];
        for (int c = 0; c < clips; c++) {
            SplittableRandom r = new SplittableRandom(seed + c);
            float[] x = out[c];
            for (int i = 0; i < samples; i++) {
                x[i] = (float) (r.nextDouble() * 2.0 - 1.0);
            }
        }
        return out;
    }
}
