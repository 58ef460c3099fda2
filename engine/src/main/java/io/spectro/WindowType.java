package io.spectro;

/**
 * Analysis window shapes. With {@code periodic} the window of length {@code L} is the first {@code L} points of a
 * symmetric window of length {@code L + 1} (torch's and scipy's {@code fftbins=True} default); otherwise symmetric.
 */
public enum WindowType {
    /** {@code 0.5 - 0.5 cos(2 pi n / M)}. */
    HANN,
    /** {@code 0.54 - 0.46 cos(2 pi n / M)}. */
    HAMMING,
    /** {@code 0.42 - 0.5 cos(2 pi n / M) + 0.08 cos(4 pi n / M)}. */
    BLACKMAN,
    /** All ones. */
    RECTANGULAR,
    /** Kaldi's Povey window: {@code hann^0.85}. Kaldi uses the symmetric form. */
    POVEY,
    /** Caller-supplied coefficients. */
    CUSTOM;

    /** Parses a window name ({@code hann}, {@code hamming}, {@code blackman}, {@code rectangular}, {@code povey}). */
    public static WindowType parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "hann", "hanning" -> HANN;
            case "hamming" -> HAMMING;
            case "blackman" -> BLACKMAN;
            case "rectangular", "rect", "boxcar", "ones" -> RECTANGULAR;
            case "povey" -> POVEY;
            default ->
                throw new IllegalArgumentException(
                        "window = '" + s + "' is not one of hann, hamming, blackman, rectangular, povey");
        };
    }
}
