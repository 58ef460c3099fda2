package io.spectro.audio;

import java.util.Arrays;

/**
 * A polyphase resampling filter for the reduced ratio {@code up / down} (output rate / input rate), immutable.
 *
 * <p>Output sample {@code j = p + up * q} (phase {@code p}) is {@code sum_k coeffs[p * taps + k] * x[q * down +
 * start[p] + k]}, with {@code x} zero outside the signal. The tables are built once, in double (float32 where
 * torchaudio computes in float32), and rounded once to float.
 *
 * <p>{@link #apply} evaluates that sum without a reduction loop: the input is split into {@code down} streams
 * ({@code stream r} holds {@code x[m * down + r]}), so for a fixed phase and tap the contribution to consecutive
 * outputs of that phase is a unit-stride multiply-add over a stream, which the JIT vectorises.
 */
final class PolyphaseFilter {
    /** Output samples computed per phase at a time; keeps the touched stream segments in the L2 cache. */
    private static final int BLOCK = 512;

    final int up;
    final int down;
    final int taps;
    private final float[] coeffs;
    private final int pad;
    private final int maxShift;
    /** For phase p and tap k: the stream ({@code (start[p] + pad + k) % down}) and the shift within it. */
    private final int[] tapStream;

    private final int[] tapShift;

    /**
     * @param up output rate / gcd, {@code >= 1}
     * @param down input rate / gcd, {@code >= 1}
     * @param taps taps per phase
     * @param start per phase, the input offset (relative to {@code q * down}) of tap 0; may be negative
     * @param coeffs {@code [up][taps]} row-major
     */
    PolyphaseFilter(int up, int down, int taps, int[] start, float[] coeffs) {
        if (coeffs.length != (long) up * taps || start.length != up) {
            throw new IllegalArgumentException("tables do not match " + up + " phases x " + taps + " taps");
        }
        this.up = up;
        this.down = down;
        this.taps = taps;
        this.coeffs = coeffs;
        int minStart = Arrays.stream(start).min().orElse(0);
        this.pad = Math.max(0, -minStart);
        this.tapStream = new int[coeffs.length];
        this.tapShift = new int[coeffs.length];
        int max = 0;
        for (int p = 0; p < up; p++) {
            for (int k = 0; k < taps; k++) {
                int u = start[p] + pad + k;
                tapStream[p * taps + k] = u % down;
                tapShift[p * taps + k] = u / down;
                max = Math.max(max, u / down);
            }
        }
        this.maxShift = max;
    }

    /** {@code ceil(n * up / down)}: the output length for {@code n} input samples. */
    long outputLength(long n) {
        return Math.ceilDiv(Math.multiplyExact(n, (long) up), (long) down);
    }

    /** A copy of the coefficients of one phase. */
    float[] phase(int p) {
        return Arrays.copyOfRange(coeffs, p * taps, (p + 1) * taps);
    }

    /**
     * Resamples {@code x[xOff, xOff + n)} into {@code out[outOff, outOff + outputLength(n))}.
     *
     * @throws IllegalArgumentException if the work arrays would not fit in a Java array
     */
    void apply(float[] x, int xOff, int n, float[] out, int outOff) {
        int nOut = Math.toIntExact(outputLength(n));
        if (nOut == 0) {
            return;
        }
        int perPhase = Math.ceilDiv(nOut, up);
        long streamLen = (long) perPhase + maxShift + 1;
        if (streamLen * down > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(n + " samples are too many to resample in one call; split the signal");
        }
        int s = (int) streamLen;
        float[] xs = new float[s * down];
        // Stream r, position m holds x[m * down + r - pad].
        for (int i = 0, r = pad % down, m = pad / down; i < n; i++) {
            xs[r * s + m] = x[xOff + i];
            if (++r == down) {
                r = 0;
                m++;
            }
        }
        float[] acc = new float[BLOCK];
        for (int qb = 0; qb < perPhase; qb += BLOCK) {
            for (int p = 0; p < up && p < nOut; p++) {
                int count = (nOut - p + up - 1) / up; // outputs of phase p
                int len = Math.min(BLOCK, count - qb);
                if (len <= 0) {
                    continue;
                }
                Arrays.fill(acc, 0, len, 0f);
                int row = p * taps;
                for (int k = 0; k < taps; k++) {
                    float c = coeffs[row + k];
                    if (c == 0f) {
                        continue;
                    }
                    int base = tapStream[row + k] * s + tapShift[row + k] + qb;
                    for (int i = 0; i < len; i++) {
                        acc[i] += c * xs[base + i];
                    }
                }
                for (int i = 0, o = outOff + p + up * qb; i < len; i++, o += up) {
                    out[o] = acc[i];
                }
            }
        }
    }
}
