package io.spectro.audio.flac;

/**
 * Restores a subframe's samples from its warm-up samples and residuals (RFC 9639 sections 9.2.5 and 9.2.6).
 *
 * <p>The samples arrive in place: {@code s[0..order)} are the warm-up samples, {@code s[order..n)} the residuals,
 * which become samples. The samples are exact, hence libFLAC's bit for bit: an LPC sum, which is shifted, is taken in
 * {@code int} only where it cannot overflow for a valid stream; the unshifted fixed predictions may wrap, harmlessly.
 */
final class FlacPrediction {
    private FlacPrediction() {}

    /**
     * Whether an LPC prediction over samples of {@code bits} bits with coefficients of {@code precision} bits and
     * {@code order} terms always fits in an {@code int}: {@code |sum| < order * 2^(precision-1) * 2^(bits-1) <=
     * 2^31} when {@code bits + precision + floor(log2(order)) <= 32} (libFLAC's rule).
     */
    static boolean lpcFitsInt(int bits, int precision, int order) {
        return bits + precision + (31 - Integer.numberOfLeadingZeros(order)) <= 32;
    }

    /**
     * The fixed polynomial predictors of order 0..4 over samples of at most 32 bits. The prediction may overflow an
     * {@code int}, but it has no shift: the sample is {@code residual + prediction} exactly, and it fits in 32 bits,
     * so arithmetic modulo 2^32 gives it exactly.
     */
    static void fixed(int[] s, int n, int order) {
        switch (order) {
            case 0 -> {}
            case 1 -> {
                for (int i = 1; i < n; i++) {
                    s[i] += s[i - 1];
                }
            }
            case 2 -> {
                for (int i = 2; i < n; i++) {
                    s[i] += 2 * s[i - 1] - s[i - 2];
                }
            }
            case 3 -> {
                for (int i = 3; i < n; i++) {
                    s[i] += 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
                }
            }
            case 4 -> {
                for (int i = 4; i < n; i++) {
                    s[i] += 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
                }
            }
            default -> throw new IllegalArgumentException("fixed predictor order " + order);
        }
    }

    /** The fixed predictors over 33-bit samples (a 32-bit stream's side channel): residuals in {@code r}. */
    static void fixedWide(long[] s, int[] r, int n, int order) {
        for (int i = order; i < n; i++) {
            long p = switch (order) {
                case 0 -> 0;
                case 1 -> s[i - 1];
                case 2 -> 2 * s[i - 1] - s[i - 2];
                case 3 -> 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
                case 4 -> 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
                default -> throw new IllegalArgumentException("fixed predictor order " + order);
            };
            s[i] = r[i] + p;
        }
    }

    /**
     * Linear prediction: {@code s[i] += (sum_j c[j] * s[i-1-j]) >> shift} for {@code i >= order}, summed in {@code
     * int} when {@link #lpcFitsInt} allows, else in {@code long}.
     */
    static void lpc(int[] s, int n, int[] c, int order, int shift, boolean fitsInt) {
        if (fitsInt) {
            lpcInt(s, n, c, order, shift);
        } else {
            lpcLong(s, n, c, order, shift);
        }
    }

    private static void lpcInt(int[] s, int n, int[] c, int order, int shift) {
        for (int i = order; i < n; i++) {
            int sum = 0;
            for (int j = 0; j < order; j++) {
                sum += c[j] * s[i - 1 - j];
            }
            s[i] += sum >> shift;
        }
    }

    private static void lpcLong(int[] s, int n, int[] c, int order, int shift) {
        for (int i = order; i < n; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
                sum += (long) c[j] * s[i - 1 - j];
            }
            s[i] = (int) (s[i] + (sum >> shift));
        }
    }

    /** Linear prediction over 33-bit samples (a 32-bit stream's side channel): residuals in {@code r}. */
    static void lpcWide(long[] s, int[] r, int n, int[] c, int order, int shift) {
        for (int i = order; i < n; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
                sum += c[j] * s[i - 1 - j];
            }
            s[i] = r[i] + (sum >> shift);
        }
    }
}
