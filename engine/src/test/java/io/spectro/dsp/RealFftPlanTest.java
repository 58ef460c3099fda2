package io.spectro.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RealFftPlan} through {@link ReferenceFft#realForward} against the double DFT of the real frame, over the
 * {@code nFft/2 + 1} one-sided bins: relative L2 {@code <=} {@value FftPlanTest#TOLERANCE}, for even (half-length
 * trick) and odd (full complex) sizes.
 */
class RealFftPlanTest {
    static IntStream sizes() {
        return IntStream.concat(
                IntStream.rangeClosed(2, 64),
                IntStream.of(
                        100, 128, 130, 134, 254, 256, 257, 400, 401, 512, 600, 999, 1000, 1009, 1024, 2018, 2048, 4096,
                        4097, 8192));
    }

    @ParameterizedTest(name = "nFft = {0}")
    @MethodSource("sizes")
    void matchesDoubleDftOfRealInput(int nFft) {
        RealFftPlan plan = RealFftPlan.of(nFft);
        assertEquals(nFft % 2 == 0, plan.halfLength());
        assertEquals(nFft / 2 + 1, plan.nFreq());
        SplittableRandom rnd = new SplittableRandom(31L * nFft);
        float[] x = new float[nFft];
        for (int i = 0; i < nFft; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] out = new float[2 * plan.nFreq()];
        ReferenceFft.realForward(plan, x, out);
        double[][] exact = FftPlanTest.dft(x, new float[nFft], nFft);
        float[] re = new float[plan.nFreq()];
        float[] im = new float[plan.nFreq()];
        for (int k = 0; k < plan.nFreq(); k++) {
            re[k] = out[2 * k];
            im[k] = out[2 * k + 1];
        }
        double err = FftPlanTest.relL2(re, im, exact, plan.nFreq());
        assertTrue(err <= FftPlanTest.TOLERANCE, () -> "nFft = " + nFft + ": relative L2 error " + err);
        if (nFft % 2 == 0) {
            assertEquals(0.0f, out[1], "DC bin is real");
            assertEquals(0.0f, out[2 * (nFft / 2) + 1], "Nyquist bin is real");
        }
    }

    @Test
    void postTwiddlesAreTheUnitRoots() {
        RealFftPlan p = RealFftPlan.of(400);
        float[] w = p.postTwiddles();
        assertEquals(2 * 201, w.length);
        for (int k = 0; k <= 200; k++) {
            assertEquals(Math.cos(-2 * Math.PI * k / 400), w[2 * k], 1e-7);
            assertEquals(Math.sin(-2 * Math.PI * k / 400), w[2 * k + 1], 1e-7);
        }
        assertEquals(0.0f, w[2 * 100], "quarter turn is exactly 0");
        assertEquals(-1.0f, w[2 * 100 + 1]);
        assertEquals(0, RealFftPlan.of(401).postTwiddles().length);
        assertEquals(401, RealFftPlan.of(401).complexPlan().n());
        assertEquals(200, RealFftPlan.of(400).complexPlan().n());
        assertThrows(IllegalArgumentException.class, () -> RealFftPlan.of(1));
    }
}
