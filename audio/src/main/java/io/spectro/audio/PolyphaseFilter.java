package io.spectro.audio;

import java.util.Arrays;

/**
 * A polyphase resampling filter for the reduced ratio {@code up / down} (output rate / input rate), immutable and
 * thread-safe.
 *
 * <p>Output sample {@code j = p + up * q} (phase {@code p}) is {@code sum_k coeffs[p * taps + k] * x[q * down +
 * start[p] + k]}, with {@code x} zero outside the signal. The tables are built once, in double (float32 where
 * torchaudio computes in float32), and rounded once to float.
 *
 * <p>{@link #apply} evaluates that sum without a reduction loop: the input is split into {@code down} streams
 * ({@code stream r} holds {@code x[m * down + r]}), so for a fixed phase and tap the contribution to consecutive
 * outputs of that phase is a unit-stride multiply-add over a stream. The accumulators are double: exact products
 * of float32 coefficients and samples, summed in double and rounded once to float32; and, being a different array
 * type from the float32 input, provably unaliased, which lets C2 vectorise the loop (with float32 accumulators it
 * does not, on JDK 25, and runs about 3x slower). The signal is processed in segments of at most {@value #BLOCK}
 * outputs per phase, so the work buffers stay small (about 1 MB) and cache-resident whatever the signal's length.
 */
final class PolyphaseFilter {
    /** Outputs per phase computed per segment. */
    private static final int BLOCK = 512;

    /** The most floats the per-segment stream buffer may hold (4 MB). */
    private static final int MAX_STREAM_FLOATS = 1 << 20;

    final int up;
    final int down;
    final int taps;
    private final float[] coeffs;
    /** Per phase, the offset of tap 0 in padded input coordinates ({@code start[p] + pad >= 0}). */
    private final int[] paddedStart;

    private final int pad;
    private final int maxShift;

    /**
     * @param up output rate / gcd, {@code >= 1}
     * @param down input rate / gcd, {@code >= 1}
     * @param taps taps per phase, {@code >= 1}
     * @param start per phase, the input offset (relative to {@code q * down}) of tap 0; may be negative
     * @param coeffs {@code [up][taps]} row-major
     */
    PolyphaseFilter(int up, int down, int taps, int[] start, float[] coeffs) {
        if (coeffs.length != (long) up * taps || start.length != up || taps < 1) {
            throw new IllegalArgumentException("tables do not match " + up + " phases x " + taps + " taps");
        }
        this.up = up;
        this.down = down;
        this.taps = taps;
        this.coeffs = coeffs;
        int minStart = Arrays.stream(start).min().orElse(0);
        this.pad = Math.max(0, -minStart);
        this.paddedStart = new int[up];
        int max = 0;
        for (int p = 0; p < up; p++) {
            paddedStart[p] = start[p] + pad;
            max = Math.max(max, (paddedStart[p] + taps - 1) / down);
        }
        this.maxShift = max;
    }

    /** {@code ceil(n * up / down)}: the output length for {@code n} input samples. */
    long outputLength(long n) {
        return Math.ceilDiv(Math.multiplyExact(n, (long) up), (long) down);
    }

    /** The number of coefficients held. */
    int coefficientCount() {
        return coeffs.length;
    }

    /** Resamples {@code x[xOff, xOff + n)} into {@code out[outOff, outOff + outputLength(n))}. */
    void apply(float[] x, int xOff, int n, float[] out, int outOff) {
        int nOut = Math.toIntExact(outputLength(n));
        if (nOut == 0) {
            return;
        }
        int perPhase = Math.ceilDiv(nOut, up);
        int segment = Math.max(1, Math.min(BLOCK, MAX_STREAM_FLOATS / down - maxShift - 1));
        int streamLen = segment + maxShift + 1;
        // Stream r, position m (within the segment starting at qb) holds x[(qb + m) * down + r - pad].
        float[] xs = new float[Math.multiplyExact(streamLen, down)];
        double[] acc = new double[segment];
        for (int qb = 0; qb < perPhase; qb += segment) {
            fillStreams(x, xOff, n, qb, xs, streamLen);
            for (int p = 0; p < up && p < nOut; p++) {
                int count = (nOut - p + up - 1) / up; // outputs of phase p
                int len = Math.min(segment, count - qb);
                if (len <= 0) {
                    continue;
                }
                Arrays.fill(acc, 0, len, 0.0);
                int row = p * taps;
                int u = paddedStart[p];
                int k = 0;
                // Four taps per pass over acc: fewer loads and stores of the accumulators.
                for (; k + 4 <= taps; k += 4, u += 4) {
                    int t = row + k;
                    double c0 = coeffs[t];
                    double c1 = coeffs[t + 1];
                    double c2 = coeffs[t + 2];
                    double c3 = coeffs[t + 3];
                    int b0 = base(u, streamLen);
                    int b1 = base(u + 1, streamLen);
                    int b2 = base(u + 2, streamLen);
                    int b3 = base(u + 3, streamLen);
                    for (int i = 0; i < len; i++) {
                        acc[i] += c0 * xs[b0 + i] + c1 * xs[b1 + i] + c2 * xs[b2 + i] + c3 * xs[b3 + i];
                    }
                }
                for (; k < taps; k++, u++) {
                    double c = coeffs[row + k];
                    int b = base(u, streamLen);
                    for (int i = 0; i < len; i++) {
                        acc[i] += c * xs[b + i];
                    }
                }
                for (int i = 0, o = outOff + p + up * qb; i < len; i++, o += up) {
                    out[o] = (float) acc[i];
                }
            }
        }
    }

    /** Where padded input offset {@code u} (relative to the segment's first row) starts in the stream buffer. */
    private int base(int u, int streamLen) {
        return (u % down) * streamLen + u / down;
    }

    /**
     * Copies the rows {@code qb .. qb + streamLen - 1} of the padded input into the streams (zero outside): stream by
     * stream, so that writes are sequential, with the rows inside the input found once instead of tested per sample.
     */
    void fillStreams(float[] x, int xOff, int n, int qb, float[] xs, int streamLen) {
        for (int r = 0; r < down; r++) {
            int row = r * streamLen;
            long first = (long) qb * down - pad + r; // input index of this stream's row 0; row m is first + m * down
            long lo = first >= 0 ? 0 : Math.ceilDiv(-first, (long) down);
            long hi = n - 1 - first < 0 ? 0 : Math.floorDiv(n - 1 - first, (long) down) + 1;
            int mLo = (int) Math.min(lo, streamLen);
            int mHi = (int) Math.max(mLo, Math.min(hi, streamLen));
            Arrays.fill(xs, row, row + mLo, 0f);
            if (down == 1 && mHi > mLo) {
                System.arraycopy(x, xOff + (int) (first + mLo), xs, row + mLo, mHi - mLo);
            } else if (mHi > mLo) {
                for (int m = mLo, i = xOff + (int) (first + (long) mLo * down); m < mHi; m++, i += down) {
                    xs[row + m] = x[i];
                }
            }
            Arrays.fill(xs, row + mHi, row + streamLen, 0f);
        }
    }
}
