package io.spectro.dsp;

/**
 * Spectro's real-input FFT of {@code nFft} samples giving {@code nFreq = nFft/2 + 1} bins.
 *
 * <p>Even {@code nFft}: the half-length trick. {@code z[j] = x[2j] + i x[2j+1]} for {@code j < n = nFft/2}; {@code Z =
 * FFT_n(z)}; for {@code k = 0..n} with {@code a = k mod n}, {@code b = (n - k) mod n}: {@code er = 0.5*(Z[a].re +
 * Z[b].re); ei = 0.5*(Z[a].im - Z[b].im); or = 0.5*(Z[a].im + Z[b].im); oi = 0.5*(Z[b].re - Z[a].re); X[k] = (er +
 * (wr*or - wi*oi), ei + (wr*oi + wi*or))} with {@code (wr, wi) = exp(-2 pi i k / nFft)} from {@link
 * #postTwiddles()}.
 *
 * <p>Odd {@code nFft}: the complex FFT of length {@code nFft} of {@code x + 0i}; bins {@code 0..nFft/2} are kept.
 */
public final class RealFftPlan {
    private final int nFft;
    private final boolean halfLength;
    private final FftPlan complexPlan;
    private final float[] postTwiddles;

    private RealFftPlan(int nFft) {
        if (nFft < 2) {
            throw new IllegalArgumentException("nFft = " + nFft + " is out of range: must be >= 2");
        }
        this.nFft = nFft;
        this.halfLength = nFft % 2 == 0;
        this.complexPlan = FftPlan.of(halfLength ? nFft / 2 : nFft);
        if (halfLength) {
            int n = nFft / 2;
            postTwiddles = new float[2 * (n + 1)];
            for (int k = 0; k <= n; k++) {
                postTwiddles[2 * k] = (float) UnitRoots.cos(-k, nFft);
                postTwiddles[2 * k + 1] = (float) UnitRoots.sin(-k, nFft);
            }
        } else {
            postTwiddles = new float[0];
        }
    }

    /** The plan for {@code nFft >= 2}. */
    public static RealFftPlan of(int nFft) {
        return new RealFftPlan(nFft);
    }

    /** Real input length. */
    public int nFft() {
        return nFft;
    }

    /** One-sided bins, {@code nFft/2 + 1}. */
    public int nFreq() {
        return nFft / 2 + 1;
    }

    /** Whether the half-length complex trick is used (even {@code nFft}). */
    public boolean halfLength() {
        return halfLength;
    }

    /** The complex FFT: of length {@code nFft/2} (even) or {@code nFft} (odd). */
    public FftPlan complexPlan() {
        return complexPlan;
    }

    /** {@code exp(-2 pi i k / nFft)} for {@code k = 0..nFft/2}, interleaved (a copy; empty for odd nFft). */
    public float[] postTwiddles() {
        return postTwiddles.clone();
    }
}
