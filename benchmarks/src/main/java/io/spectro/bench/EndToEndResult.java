package io.spectro.bench;

/**
 * What an end-to-end row (E1-E5) measured beyond the common columns of {@link ResultRow}.
 *
 * @param target the row's target in words ({@code >= 5x}, {@code <= 0.6 s})
 * @param targetMet whether it was met; null when it cannot be judged (no anchor, or the anchor ran on the reference
 *     BLAS)
 * @param files inputs Spectro processed without error
 * @param audioSeconds seconds of audio in those inputs (from Spectro's manifest)
 * @param spectroSeconds wall seconds of the {@code spectro extract} process, JVM start included; NaN when it failed
 * @param anchorSeconds wall seconds of the Python process, interpreter start included; NaN when it did not run
 * @param spectroPeakRssBytes peak resident set of the Spectro process tree's largest process, -1 when unknown
 * @param anchorPeakRssBytes likewise for the anchor
 * @param blas the BLAS torch ran on, as the anchor reported it, or null
 * @param blasOk false when the anchor ran on Debian's reference BLAS (the ratio is then withheld); null when unknown
 */
public record EndToEndResult(
        String target,
        Boolean targetMet,
        int files,
        double audioSeconds,
        double spectroSeconds,
        double anchorSeconds,
        long spectroPeakRssBytes,
        long anchorPeakRssBytes,
        String blas,
        Boolean blasOk) {

    /** Whether the anchor's figure may be compared (it ran, and not on the reference BLAS). */
    boolean comparable() {
        return !Boolean.FALSE.equals(blasOk);
    }
}
