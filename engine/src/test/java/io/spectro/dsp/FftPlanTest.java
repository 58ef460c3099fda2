package io.spectro.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FftPlan} executed by {@link ReferenceFft} against a DFT computed here in double: relative L2 error {@code <=}
 * {@value #TOLERANCE}. A float32 FFT with host twiddles rounded once has an error of about {@code 2^-24
 * sqrt(log2 n)}; measured worst here: 2.1e-7 (direct, n = 3599 = 59 * 61) and 2.1e-7 (Bluestein, n = 8191).
 */
class FftPlanTest {
    static final double TOLERANCE = 1e-6;

    /** Sizes beyond 64: primes, prime powers, powers of two, Bluestein sizes, mixed radices. */
    static final int[] LARGE = {
        65, 67, 81, 96, 100, 101, 121, 125, 127, 128, 134, 169, 201, 243, 251, 254, 256, 289, 343, 360, 400, 401, 512,
        600, 625, 729, 961, 999, 1000, 1001, 1009, 1024, 1331, 2003, 2048, 2187, 2401, 3125, 3599, 4084, 4096, 4099,
        6561, 8072, 8191, 8192
    };

    static IntStream smallSizes() {
        return IntStream.rangeClosed(1, 64);
    }

    static IntStream largeSizes() {
        return IntStream.of(LARGE);
    }

    @ParameterizedTest(name = "n = {0}")
    @MethodSource({"smallSizes", "largeSizes"})
    void matchesDoubleDft(int n) {
        FftPlan plan = FftPlan.of(n);
        SplittableRandom rnd = new SplittableRandom(n);
        float[] re = new float[plan.passLength()];
        float[] im = new float[plan.passLength()];
        for (int i = 0; i < n; i++) {
            re[i] = (float) (rnd.nextDouble() * 2 - 1);
            im[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        double[][] exact = dft(re, im, n);
        ReferenceFft.forward(plan, re, im, new float[plan.passLength()], new float[plan.passLength()]);
        double err = relL2(re, im, exact, n);
        assertTrue(
                err <= TOLERANCE,
                () -> "n = " + n + " (radices " + java.util.Arrays.toString(plan.radices())
                        + (plan.bluestein() ? ", Bluestein " + plan.passLength() : "") + "): relative L2 error " + err);
    }

    @Test
    void factorisationFollowsTheDocumentedOrder() {
        assertArrayEquals(new int[] {4, 4, 2, 3, 5, 5}, FftPlan.factor(2400));
        assertArrayEquals(new int[] {4, 4, 4, 4, 2}, FftPlan.factor(512));
        assertArrayEquals(new int[] {4, 4, 5, 5}, FftPlan.factor(400));
        assertArrayEquals(new int[] {3, 3, 3, 37}, FftPlan.factor(999));
        assertArrayEquals(new int[] {59, 61}, FftPlan.factor(3599));
        assertArrayEquals(new int[] {}, FftPlan.factor(1));
        for (int n = 1; n <= 5000; n++) {
            int[] f = FftPlan.factor(n);
            int prod = 1;
            for (int i = 0; i < f.length; i++) {
                prod *= f[i];
                if (i > 0 && f[i - 1] != 4) {
                    assertTrue(f[i] >= f[i - 1] && f[i] != 4, "n = " + n + ": radices out of order");
                }
            }
            assertEquals(n, prod, "n = " + n);
        }
    }

    @Test
    void bluesteinExactlyWhenAPrimeFactorExceeds64() {
        for (int n = 1; n <= 1100; n++) {
            FftPlan p = FftPlan.of(n);
            assertEquals(FftPlan.largestPrimeFactor(n) > FftPlan.MAX_DIRECT_PRIME, p.bluestein(), "n = " + n);
            if (p.bluestein()) {
                int m = p.passLength();
                assertEquals(1, Integer.bitCount(m), "Bluestein length is a power of two");
                assertTrue(m >= 2 * n - 1 && m / 2 < 2 * n - 1, "smallest power of two >= 2n - 1 for n = " + n);
                assertEquals(2 * n, p.chirp().length);
                assertEquals(2 * m, p.chirpFilter().length);
            } else {
                assertEquals(n, p.passLength());
                assertFalse(p.chirp() != null);
            }
        }
        assertEquals(1, FftPlan.largestPrimeFactor(1));
        assertEquals(67, FftPlan.largestPrimeFactor(134));
        assertEquals(8191, FftPlan.largestPrimeFactor(8191));
        assertThrows(IllegalArgumentException.class, () -> FftPlan.of(0));
    }

    @Test
    void twiddleTablesHaveTheDocumentedLayout() {
        FftPlan p = FftPlan.of(2 * 3 * 5 * 7 * 4);
        int off = 0;
        int span = 1;
        for (int q = 0; q < p.passes(); q++) {
            assertEquals(span, p.span(q));
            assertEquals(off, p.twiddleOffset(q));
            off += span * (p.radix(q) - 1);
            span *= p.radix(q);
        }
        assertEquals(2 * off, p.twiddles().length);
        assertEquals(p.passLength(), span);
        // Twiddle k*(R-1) + r-1 of pass q is exp(-2 pi i r k / (S R)).
        float[] tw = p.twiddles();
        for (int q = 0; q < p.passes(); q++) {
            int r = p.radix(q);
            int s = p.span(q);
            for (int k = 0; k < s; k++) {
                for (int j = 1; j < r; j++) {
                    int idx = 2 * (p.twiddleOffset(q) + k * (r - 1) + j - 1);
                    double a = -2 * Math.PI * j * k / (s * r);
                    assertEquals(Math.cos(a), tw[idx], 1e-7);
                    assertEquals(Math.sin(a), tw[idx + 1], 1e-7);
                }
            }
        }
    }

    /** The DFT {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)} in double, with an exact angle table. */
    static double[][] dft(float[] re, float[] im, int n) {
        double[] c = new double[n];
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            c[j] = Math.cos(2 * Math.PI * j / n);
            s[j] = -Math.sin(2 * Math.PI * j / n);
        }
        double[] xr = new double[n];
        double[] xi = new double[n];
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            int idx = 0;
            for (int j = 0; j < n; j++) {
                double a = re[j];
                double b = im[j];
                sr += a * c[idx] - b * s[idx];
                si += a * s[idx] + b * c[idx];
                idx += k;
                if (idx >= n) {
                    idx -= n;
                }
            }
            xr[k] = sr;
            xi[k] = si;
        }
        return new double[][] {xr, xi};
    }

    static double relL2(float[] re, float[] im, double[][] exact, int count) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < count; k++) {
            double dr = re[k] - exact[0][k];
            double di = im[k] - exact[1][k];
            num += dr * dr + di * di;
            den += exact[0][k] * exact[0][k] + exact[1][k] * exact[1][k];
        }
        return Math.sqrt(num / den);
    }
}
