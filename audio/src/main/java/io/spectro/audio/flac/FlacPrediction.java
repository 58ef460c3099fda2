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
        // The last samples stay in locals, as in lpcInt, and the newest is added last.
        switch (order) {
            case 0 -> {}
            case 1 -> {
                int s1 = s[0];
                for (int i = 1; i < n; i++) {
                    s1 += s[i];
                    s[i] = s1;
                }
            }
            case 2 -> {
                int s1 = s[1];
                int s2 = s[0];
                for (int i = 2; i < n; i++) {
                    int x = s[i] - s2 + 2 * s1;
                    s[i] = x;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 3 -> {
                int s1 = s[2];
                int s2 = s[1];
                int s3 = s[0];
                for (int i = 3; i < n; i++) {
                    int x = s[i] + s3 - 3 * s2 + 3 * s1;
                    s[i] = x;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 4 -> {
                int s1 = s[3];
                int s2 = s[2];
                int s3 = s[1];
                int s4 = s[0];
                for (int i = 4; i < n; i++) {
                    int x = s[i] - s4 + 4 * s3 - 6 * s2 + 4 * s1;
                    s[i] = x;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
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
        // Unrolled for the orders encoders use most (flac -0..-8 use at most 12). The last samples stay in locals
        // (no store-to-load round trip) and the newest term is added last, so that the chain from one sample to the
        // next is one multiply, two adds and a shift.
        switch (order) {
            case 1 -> {
                int c0 = c[0];
                int s1 = s[0];
                for (int i = 1; i < n; i++) {
                    int x = s[i] + ((c0 * s1) >> shift);
                    s[i] = x;

                    s1 = x;
                }
            }
            case 2 -> {
                int c0 = c[0];
                int c1 = c[1];
                int s1 = s[1];
                int s2 = s[0];
                for (int i = 2; i < n; i++) {
                    int x = s[i] + ((c1 * s2 + c0 * s1) >> shift);
                    s[i] = x;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 3 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int s1 = s[2];
                int s2 = s[1];
                int s3 = s[0];
                for (int i = 3; i < n; i++) {
                    int x = s[i] + ((c2 * s3 + c1 * s2 + c0 * s1) >> shift);
                    s[i] = x;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 4 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int s1 = s[3];
                int s2 = s[2];
                int s3 = s[1];
                int s4 = s[0];
                for (int i = 4; i < n; i++) {
                    int x = s[i] + ((c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1) >> shift);
                    s[i] = x;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 5 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int s1 = s[4];
                int s2 = s[3];
                int s3 = s[2];
                int s4 = s[1];
                int s5 = s[0];
                for (int i = 5; i < n; i++) {
                    int x = s[i] + ((c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1) >> shift);
                    s[i] = x;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 6 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int s1 = s[5];
                int s2 = s[4];
                int s3 = s[3];
                int s4 = s[2];
                int s5 = s[1];
                int s6 = s[0];
                for (int i = 6; i < n; i++) {
                    int x = s[i] + ((c5 * s6 + c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1) >> shift);
                    s[i] = x;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 7 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int c6 = c[6];
                int s1 = s[6];
                int s2 = s[5];
                int s3 = s[4];
                int s4 = s[3];
                int s5 = s[2];
                int s6 = s[1];
                int s7 = s[0];
                for (int i = 7; i < n; i++) {
                    int x = s[i] + ((c6 * s7 + c5 * s6 + c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1) >> shift);
                    s[i] = x;
                    s7 = s6;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 8 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int c6 = c[6];
                int c7 = c[7];
                int s1 = s[7];
                int s2 = s[6];
                int s3 = s[5];
                int s4 = s[4];
                int s5 = s[3];
                int s6 = s[2];
                int s7 = s[1];
                int s8 = s[0];
                for (int i = 8; i < n; i++) {
                    int x = s[i]
                            + ((c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1)
                                    >> shift);
                    s[i] = x;
                    s8 = s7;
                    s7 = s6;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 9 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int c6 = c[6];
                int c7 = c[7];
                int c8 = c[8];
                int s1 = s[8];
                int s2 = s[7];
                int s3 = s[6];
                int s4 = s[5];
                int s5 = s[4];
                int s6 = s[3];
                int s7 = s[2];
                int s8 = s[1];
                int s9 = s[0];
                for (int i = 9; i < n; i++) {
                    int x = s[i]
                            + ((c8 * s9 + c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1)
                                    >> shift);
                    s[i] = x;
                    s9 = s8;
                    s8 = s7;
                    s7 = s6;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 10 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int c6 = c[6];
                int c7 = c[7];
                int c8 = c[8];
                int c9 = c[9];
                int s1 = s[9];
                int s2 = s[8];
                int s3 = s[7];
                int s4 = s[6];
                int s5 = s[5];
                int s6 = s[4];
                int s7 = s[3];
                int s8 = s[2];
                int s9 = s[1];
                int s10 = s[0];
                for (int i = 10; i < n; i++) {
                    int x = s[i]
                            + ((c9 * s10 + c8 * s9 + c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2
                                            + c0 * s1)
                                    >> shift);
                    s[i] = x;
                    s10 = s9;
                    s9 = s8;
                    s8 = s7;
                    s7 = s6;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 11 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int c6 = c[6];
                int c7 = c[7];
                int c8 = c[8];
                int c9 = c[9];
                int c10 = c[10];
                int s1 = s[10];
                int s2 = s[9];
                int s3 = s[8];
                int s4 = s[7];
                int s5 = s[6];
                int s6 = s[5];
                int s7 = s[4];
                int s8 = s[3];
                int s9 = s[2];
                int s10 = s[1];
                int s11 = s[0];
                for (int i = 11; i < n; i++) {
                    int x = s[i]
                            + ((c10 * s11 + c9 * s10 + c8 * s9 + c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5 + c3 * s4
                                            + c2 * s3 + c1 * s2 + c0 * s1)
                                    >> shift);
                    s[i] = x;
                    s11 = s10;
                    s10 = s9;
                    s9 = s8;
                    s8 = s7;
                    s7 = s6;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            case 12 -> {
                int c0 = c[0];
                int c1 = c[1];
                int c2 = c[2];
                int c3 = c[3];
                int c4 = c[4];
                int c5 = c[5];
                int c6 = c[6];
                int c7 = c[7];
                int c8 = c[8];
                int c9 = c[9];
                int c10 = c[10];
                int c11 = c[11];
                int s1 = s[11];
                int s2 = s[10];
                int s3 = s[9];
                int s4 = s[8];
                int s5 = s[7];
                int s6 = s[6];
                int s7 = s[5];
                int s8 = s[4];
                int s9 = s[3];
                int s10 = s[2];
                int s11 = s[1];
                int s12 = s[0];
                for (int i = 12; i < n; i++) {
                    int x = s[i]
                            + ((c11 * s12 + c10 * s11 + c9 * s10 + c8 * s9 + c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5
                                            + c3 * s4 + c2 * s3 + c1 * s2 + c0 * s1)
                                    >> shift);
                    s[i] = x;
                    s12 = s11;
                    s11 = s10;
                    s10 = s9;
                    s9 = s8;
                    s8 = s7;
                    s7 = s6;
                    s6 = s5;
                    s5 = s4;
                    s4 = s3;
                    s3 = s2;
                    s2 = s1;
                    s1 = x;
                }
            }
            default -> {
                for (int i = order; i < n; i++) {
                    int sum = 0;
                    for (int j = order - 1; j >= 0; j--) {
                        sum += c[j] * s[i - 1 - j];
                    }
                    s[i] += sum >> shift;
                }
            }
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
