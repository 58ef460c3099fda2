package io.spectro.dsp;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition of Spectro's forward complex FFT of length {@code n}, shared by every backend: the sequence of
 * Stockham autosort passes and their twiddle tables (computed in double, rounded once to float). Backends execute
 * exactly these operations, in this order, so that their results agree bit for bit.
 *
 * <h2>Passes</h2>
 *
 * For a transform of length {@code L} ({@code n}, or the Bluestein length), pass {@code p} has radix {@code R} and
 * span {@code S} (the product of the radices before it). For every butterfly {@code j} in {@code [0, L/R)}: {@code k =
 * j mod S}; inputs {@code a[r] = in[j + r L/R]}; when {@code S > 1}, {@code a[r] *= tw[p][k][r-1]} for {@code r >= 1}
 * (complex multiply {@code (ar*wr - ai*wi, ar*wi + ai*wr)}); the radix-R DFT of {@code a} (formulas in {@link
 * ReferenceFft}); outputs {@code out[(j / S) S R + k + r S] = y[r]}. Radices are 4 (as many as fit), then 2, 3, 5, then other
 * primes up to {@link #MAX_DIRECT_PRIME} in ascending order.
 *
 * <h2>Bluestein</h2>
 *
 * When {@code n} has a prime factor above {@link #MAX_DIRECT_PRIME}, the transform is computed as a convolution of
 * length {@code m} (the power of two {@code >= 2n - 1}): {@code a[j] = x[j] * chirp[j]} for {@code j < n}, 0 above;
 * {@code A = FFT_m(a)}; {@code B[k] = conj(A[k] * filter[k])}; {@code C = FFT_m(B)}; {@code X[k] = conj(C[k]) *
 * chirp[k]} for {@code k < n}. {@code chirp[j] = exp(-i pi j^2 / n)} and {@code filter = FFT_m(conj chirp, wrapped) /
 * m} are host tables.
 */
public final class FftPlan {
    /** Largest prime factor handled by a direct radix pass; larger ones use Bluestein. */
    public static final int MAX_DIRECT_PRIME = 64;

    private final int n;
    private final int length;
    private final int[] radices;
    private final int[] spans;
    private final int[] twiddleOffsets;
    private final float[] twiddles;
    private final int[] rootOffsets;
    private final float[] roots;
    private final float[] chirp;
    private final float[] chirpFilter;

    private FftPlan(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length = " + n + " is out of range: must be >= 1");
        }
        this.n = n;
        boolean bluestein = largestPrimeFactor(n) > MAX_DIRECT_PRIME;
        this.length = bluestein ? Integer.highestOneBit(2 * n - 2) << 1 : n;
        this.radices = factor(length);
        this.spans = new int[radices.length];
        this.twiddleOffsets = new int[radices.length];
        this.rootOffsets = new int[radices.length];
        int span = 1;
        int tw = 0;
        int rootCount = 0;
        List<Integer> genericSeen = new ArrayList<>();
        for (int p = 0; p < radices.length; p++) {
            spans[p] = span;
            twiddleOffsets[p] = tw;
            tw += span * (radices[p] - 1);
            int r = radices[p];
            if (r > 5) {
                rootOffsets[p] = rootCount;
                rootCount += r;
                genericSeen.add(r);
            } else {
                rootOffsets[p] = -1;
            }
            span *= radices[p];
        }
        this.twiddles = new float[2 * tw];
        this.roots = new float[2 * rootCount];
        for (int p = 0; p < radices.length; p++) {
            int r = radices[p];
            int s = spans[p];
            for (int k = 0; k < s; k++) {
                for (int q = 1; q < r; q++) {
                    int idx = 2 * (twiddleOffsets[p] + k * (r - 1) + (q - 1));
                    long m = (long) q * k;
                    long full = (long) s * r;
                    twiddles[idx] = (float) UnitRoots.cos(-m, full);
                    twiddles[idx + 1] = (float) UnitRoots.sin(-m, full);
                }
            }
            if (rootOffsets[p] >= 0) {
                for (int q = 0; q < r; q++) {
                    roots[2 * (rootOffsets[p] + q)] = (float) UnitRoots.cos(-q, r);
                    roots[2 * (rootOffsets[p] + q) + 1] = (float) UnitRoots.sin(-q, r);
                }
            }
        }
        if (bluestein) {
            chirp = new float[2 * n];
            double[] vr = new double[length];
            double[] vi = new double[length];
            long twoN = 2L * n;
            for (int j = 0; j < n; j++) {
                long jj = ((long) j * j) % twoN;
                double c = UnitRoots.cos(jj, twoN);
                double s = UnitRoots.sin(jj, twoN);
                chirp[2 * j] = (float) c;
                chirp[2 * j + 1] = (float) -s;
                vr[j] = c;
                vi[j] = s;
                if (j > 0) {
                    vr[length - j] = c;
                    vi[length - j] = s;
                }
            }
            HostFft.forward(vr, vi);
            chirpFilter = new float[2 * length];
            for (int k = 0; k < length; k++) {
                chirpFilter[2 * k] = (float) (vr[k] / length);
                chirpFilter[2 * k + 1] = (float) (vi[k] / length);
            }
        } else {
            chirp = null;
            chirpFilter = null;
        }
    }

    /** The plan for a complex FFT of length {@code n >= 1}. */
    public static FftPlan of(int n) {
        return new FftPlan(n);
    }

    /** The radices for a direct transform of length {@code len}: 4s, a 2, 3s, 5s, then larger primes ascending. */
    static int[] factor(int len) {
        List<Integer> f = new ArrayList<>();
        int rest = len;
        int twos = Integer.numberOfTrailingZeros(rest);
        rest >>= twos;
        for (int i = 0; i < twos / 2; i++) {
            f.add(4);
        }
        if (twos % 2 == 1) {
            f.add(2);
        }
        for (int p = 3; p <= rest; p += 2) {
            while (rest % p == 0) {
                f.add(p);
                rest /= p;
            }
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The largest prime factor of {@code n} (1 for n = 1). */
    public static int largestPrimeFactor(int n) {
        int largest = 1;
        int rest = n;
        for (int p = 2; (long) p * p <= rest; p++) {
            while (rest % p == 0) {
                largest = p;
                rest /= p;
            }
        }
        return Math.max(largest, rest);
    }

    /** The transform length {@code n}. */
    public int n() {
        return n;
    }

    /** Whether the Bluestein convolution is used. */
    public boolean bluestein() {
        return chirp != null;
    }

    /** Length of the Stockham passes: {@code n}, or the Bluestein length {@code m}. */
    public int passLength() {
        return length;
    }

    /** Number of Stockham passes (over {@link #passLength()}). */
    public int passes() {
        return radices.length;
    }

    /** Radix of pass {@code p}. */
    public int radix(int p) {
        return radices[p];
    }

    /** Span (product of earlier radices) of pass {@code p}. */
    public int span(int p) {
        return spans[p];
    }

    /** Offset, in complex entries, of pass {@code p}'s twiddles: entry {@code k*(R-1) + r-1}. */
    public int twiddleOffset(int p) {
        return twiddleOffsets[p];
    }

    /** Offset, in complex entries, of pass {@code p}'s roots {@code W_R^q} (generic radices only), else -1. */
    public int rootOffset(int p) {
        return rootOffsets[p];
    }

    /** All radices (a copy). */
    public int[] radices() {
        return radices.clone();
    }

    /** All spans (a copy). */
    public int[] spans() {
        return spans.clone();
    }

    /** All twiddle offsets (a copy). */
    public int[] twiddleOffsets() {
        return twiddleOffsets.clone();
    }

    /** All root offsets (a copy). */
    public int[] rootOffsets() {
        return rootOffsets.clone();
    }

    /** Twiddles of every pass, interleaved re, im (a copy). */
    public float[] twiddles() {
        return twiddles.clone();
    }

    /** Roots of the generic-radix passes, interleaved re, im (a copy; may be empty). */
    public float[] roots() {
        return roots.clone();
    }

    /** Bluestein chirp {@code exp(-i pi j^2/n)}, {@code n} complex values interleaved (a copy), or null. */
    public float[] chirp() {
        return chirp == null ? null : chirp.clone();
    }

    /** Bluestein filter spectrum divided by m, {@code m} complex values interleaved (a copy), or null. */
    public float[] chirpFilter() {
        return chirpFilter == null ? null : chirpFilter.clone();
    }

    /** Real multiply-adds per transform, a rough cost used for work sizing. */
    public long flopEstimate() {
        long f = 0;
        for (int r : radices) {
            f += (long) length * (r <= 5 ? 5 : 4L * r);
        }
        return bluestein() ? 2 * f + 16L * length : f;
    }
}
