package io.spectro;

/**
 * The mel filterbank stage: {@code nMels} triangular filters between {@code fminHz} and {@code fmaxHz} applied to the
 * power (or magnitude) spectrum.
 *
 * @param nMels number of filters, {@code >= 1}
 * @param fminHz lowest frequency, {@code 0 <= fminHz < sampleRate/2}
 * @param fmaxHz highest frequency, {@code > fminHz} and {@code <= sampleRate/2}; {@link Double#NaN} means the Nyquist
 *     frequency of the spec's sample rate (resolved by {@link SpectrogramSpec#fmaxHz()})
 * @param scale mel scale and filter shape
 * @param norm filter normalisation
 */
public record MelOptions(int nMels, double fminHz, double fmaxHz, MelScale scale, MelNorm norm) {
    /** Filters up to the Nyquist frequency of whatever sample rate the spec uses. */
    public static final double NYQUIST = Double.NaN;

    /**
     * Checks {@code nMels >= 1} and rejects a null scale or norm. The band edges are checked against the spec's
     * Nyquist frequency by {@link SpectrogramSpec}.
     */
    public MelOptions {
        Validation.require(nMels >= 1, "nMels", nMels, ">= 1");
        if (scale == null) {
            throw new IllegalArgumentException("melScale must not be null: use SLANEY, HTK or KALDI");
        }
        if (norm == null) {
            throw new IllegalArgumentException("melNorm must not be null: use SLANEY or NONE");
        }
    }
}
