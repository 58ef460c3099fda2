package io.spectro.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link DetMath} against {@link StrictMath} (correctly rounded to within 1 ulp itself, evaluated in double here so
 * its error is ~1e-16 relative): at most 1 float ulp of the correctly rounded result, over ~10^6 inputs per function
 * from subnormals to the largest floats, and exact special values.
 */
class DetMathTest {

    /** Largest error in float ulps of the correctly rounded result ({@code ulp(0)} is the smallest subnormal). */
    private static double ulpError(float got, double exact) {
        float rounded = (float) exact;
        if (Float.isInfinite(rounded)) {
            return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(got - exact) / Math.ulp(rounded);
    }

    private record Worst(double ulps, float at) {}

    private static Worst sweep(DoubleUnaryOperator exact, java.util.function.IntFunction<Float> f, float[] inputs) {
        double worst = 0;
        float at = Float.NaN;
        for (float x : inputs) {
            double e = ulpError(f.apply(Float.floatToRawIntBits(x)), exact.applyAsDouble(x));
            if (!(e <= worst)) {
                worst = e;
                at = x;
            }
        }
        System.out.println("[DetMath] worst " + worst + " ulp at " + at);
        return new Worst(worst, at);
    }

    /** ~1.1e6 positive floats: every binade (random bit patterns), subnormals, around 1, and around powers of 10. */
    private static float[] positiveInputs() {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] x = new float[1_100_000];
        int n = 0;
        for (int i = 0; i < 400_000; i++) {
            x[n++] = Float.intBitsToFloat(1 + rnd.nextInt(0x7f7fffff));
        }
        for (int i = 0; i < 200_000; i++) {
            x[n++] = Float.intBitsToFloat(1 + rnd.nextInt(0x007fffff));
        }
        int one = Float.floatToRawIntBits(1.0f);
        for (int i = -100_000; i < 100_000; i++) {
            x[n++] = Float.intBitsToFloat(one + i);
        }
        for (int i = 0; i < 200_000; i++) {
            x[n++] = (float) (0.5 + 1.5 * rnd.nextDouble());
        }
        for (int i = 0; i < 100_000; i++) {
            int p = rnd.nextInt(-37, 38);
            x[n++] = Float.intBitsToFloat(Float.floatToRawIntBits((float) Math.pow(10, p)) + rnd.nextInt(-50, 51));
        }
        if (n != x.length) {
            throw new AssertionError(n);
        }
        return x;
    }

    @Test
    void logIsWithinOneUlp() {
        Worst w = sweep(StrictMath::log, bits -> DetMath.log(Float.intBitsToFloat(bits)), positiveInputs());
        assertTrue(w.ulps <= 1.0, () -> "log: " + w.ulps + " ulp at " + w.at);
    }

    @Test
    void log10IsWithinOneUlp() {
        Worst w = sweep(StrictMath::log10, bits -> DetMath.log10(Float.intBitsToFloat(bits)), positiveInputs());
        assertTrue(w.ulps <= 1.0, () -> "log10: " + w.ulps + " ulp at " + w.at);
        for (int p = -30; p <= 30; p++) {
            float ten = (float) Math.pow(10, p);
            assertTrue(ulpError(DetMath.log10(ten), StrictMath.log10(ten)) <= 1.0, "log10(1e" + p + ")");
        }
    }

    @Test
    void expIsWithinOneUlpIncludingSubnormalResults() {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] x = new float[1_000_000];
        int n = 0;
        float lo = DetMath.EXP_UNDERFLOW;
        float hi = DetMath.EXP_OVERFLOW;
        for (int i = 0; i < 500_000; i++) {
            x[n++] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        for (int i = 0; i < 200_000; i++) {
            x[n++] = (float) (lo + (-87.33654 - lo) * rnd.nextDouble()); // subnormal results
        }
        for (int i = 0; i < 200_000; i++) {
            x[n++] = (float) ((rnd.nextDouble() * 2 - 1) * Math.pow(2, -rnd.nextInt(1, 40)));
        }
        for (int i = 0; i < 100_000; i++) {
            x[n++] = Float.intBitsToFloat(rnd.nextInt(0x7f800000) | (rnd.nextBoolean() ? 0x80000000 : 0));
        }
        Worst w = sweep(StrictMath::exp, bits -> DetMath.exp(Float.intBitsToFloat(bits)), x);
        assertTrue(w.ulps <= 1.0, () -> "exp: " + w.ulps + " ulp at " + w.at);
    }

    @Test
    void specialValues() {
        for (var f : new java.util.function.UnaryOperator[] {
            (java.util.function.UnaryOperator<Float>) DetMath::log,
            (java.util.function.UnaryOperator<Float>) DetMath::log10
        }) {
            @SuppressWarnings("unchecked")
            java.util.function.UnaryOperator<Float> g = f;
            assertEquals(Float.NEGATIVE_INFINITY, g.apply(0.0f));
            assertEquals(Float.NEGATIVE_INFINITY, g.apply(-0.0f));
            assertTrue(Float.isNaN(g.apply(-1.0f)));
            assertTrue(Float.isNaN(g.apply(-Float.MIN_VALUE)));
            assertTrue(Float.isNaN(g.apply(Float.NEGATIVE_INFINITY)));
            assertTrue(Float.isNaN(g.apply(Float.NaN)));
            assertEquals(Float.POSITIVE_INFINITY, g.apply(Float.POSITIVE_INFINITY));
            assertEquals(0, Float.floatToRawIntBits(g.apply(1.0f)), "log(1) is +0");
        }
        assertEquals(1.0f, DetMath.log10(10.0f));
        assertEquals(-149 * Math.log(2), DetMath.log(Float.MIN_VALUE), 1e-5);
        assertEquals(1.0f, DetMath.exp(0.0f));
        assertEquals(1.0f, DetMath.exp(-0.0f));
        assertEquals(Float.POSITIVE_INFINITY, DetMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(0, Float.floatToRawIntBits(DetMath.exp(Float.NEGATIVE_INFINITY)));
        assertTrue(Float.isNaN(DetMath.exp(Float.NaN)));
        assertTrue(Float.isFinite(DetMath.exp(DetMath.EXP_OVERFLOW)));
        assertEquals(Float.POSITIVE_INFINITY, DetMath.exp(Math.nextUp(DetMath.EXP_OVERFLOW)));
        assertTrue(DetMath.exp(DetMath.EXP_UNDERFLOW) >= 0.0f);
        assertEquals(0.0f, DetMath.exp(Math.nextDown(DetMath.EXP_UNDERFLOW)));
        assertEquals((float) StrictMath.exp(DetMath.EXP_OVERFLOW), DetMath.exp(DetMath.EXP_OVERFLOW), Math.ulp((float)
                StrictMath.exp(DetMath.EXP_OVERFLOW)));
    }

    @Test
    void powHasTheDocumentedRelativeError() {
        SplittableRandom rnd = new SplittableRandom(9);
        assertEquals(0.0f, DetMath.pow(0.0f, 1.5f));
        for (int i = 0; i < 200_000; i++) {
            float x = (float) Math.pow(10, -30 + 60 * rnd.nextDouble());
            float p = new float[] {0.25f, 0.5f, 0.75f, 1.5f, 2f}[i % 5];
            double exact = Math.pow(x, p);
            if (exact > Float.MAX_VALUE || exact < Float.MIN_NORMAL) {
                continue;
            }
            double bound = (Math.abs(p * Math.log(x)) + 2) * 0x1p-23;
            double rel = Math.abs(DetMath.pow(x, p) - exact) / exact;
            assertTrue(rel <= bound, "pow(" + x + ", " + p + "): relative error " + rel + " > " + bound);
        }
    }

    @Test
    void deviceConstantsRoundTripThroughTheirHexLiterals() throws ReflectiveOperationException {
        checkDefines(DetMath.deviceConstants(), DetMath.class, "DM_", 18);
        checkDefines(ReferenceFft.deviceConstants(), ReferenceFft.class, "FFT_", 6);
        for (float v : new float[] {
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -1.5e-40f, 0.1f, -0.97f, 1e-10f
        }) {
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(parseC(DetMath.hex(v))), DetMath.hex(v));
        }
        assertEquals("0.0f", DetMath.hex(0.0f));
        assertEquals("(-0.0f)", DetMath.hex(-0.0f));
        assertEquals("NAN", DetMath.hex(Float.NaN));
        assertEquals("INFINITY", DetMath.hex(Float.POSITIVE_INFINITY));
        assertEquals("(-INFINITY)", DetMath.hex(Float.NEGATIVE_INFINITY));
    }

    private static void checkDefines(String defines, Class<?> owner, String prefix, int expectedCount)
            throws ReflectiveOperationException {
        Set<String> seen = new HashSet<>();
        for (String line : defines.split("\n")) {
            String[] p = line.split(" ");
            assertEquals(3, p.length, "'#define NAME VALUE': " + line);
            assertEquals("#define", p[0]);
            assertTrue(p[1].startsWith(prefix), line);
            assertTrue(p[2].matches("\\(?-?0x[01]\\.[0-9a-f]*p[-+]?[0-9]+f\\)?"), "C hex float literal: " + line);
            Field f = owner.getDeclaredField(p[1].substring(prefix.length()));
            f.setAccessible(true);
            float v = f.getFloat(null);
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(parseC(p[2])), line);
            assertTrue(seen.add(p[1]), "defined twice: " + p[1]);
        }
        assertEquals(expectedCount, seen.size());
    }

    /** Parses a C float literal as written by {@link DetMath#hex(float)}: {@code 0x1.8p-1f}, {@code (-0x1p0f)}. */
    private static float parseC(String s) {
        String t = s.startsWith("(") ? s.substring(1, s.length() - 1) : s;
        return Float.parseFloat(t.substring(0, t.length() - 1));
    }
}
