package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import io.spectro.dsp.DetMath;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The SIMD det-math functions give exactly the bits of the scalar {@link DetMath} definitions. */
class VectorMathTest {
    private static final int N = 1 << 18;

    private static float[] inputs(boolean expRange) {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[N];
        float[] specials = {
            0f,
            -0f,
            1f,
            -1f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            1e-39f,
            2f,
            10f,
            0.5f,
            88.72283f,
            88.72284f,
            -103.97208f,
            -103.972084f,
            -87.33655f,
            -126.5f,
            127.99f,
            1e-10f,
            1.1920929e-07f
        };
        System.arraycopy(specials, 0, x, 0, specials.length);
        for (int i = specials.length; i < N; i++) {
            if (expRange) {
                x[i] = (float) (r.nextDouble() * 200 - 110);
            } else {
                x[i] = Float.intBitsToFloat(r.nextInt() & (i % 3 == 0 ? 0xffffffff : 0x7fffffff));
            }
        }
        return x;
    }

    private static void check(
            String name, float[] in, UnaryOperator<float[]> simd, java.util.function.Function<Float, Float> scalar) {
        float[] out = simd.apply(in.clone());
        for (int i = 0; i < in.length; i++) {
            float expect = scalar.apply(in[i]);
            if (Float.floatToRawIntBits(expect) != Float.floatToRawIntBits(out[i])
                    && !(Float.isNaN(expect) && Float.isNaN(out[i]))) {
                fail(name + "(" + in[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(in[i])) + "): scalar "
                        + expect + " but SIMD " + out[i]);
            }
        }
    }

    @Test
    void log10MatchesScalar() {
        check(
                "log10",
                inputs(false),
                a -> {
                    VectorMath.log10(a, 0, a.length);
                    return a;
                },
                DetMath::log10);
    }

    @Test
    void logMatchesScalar() {
        check(
                "log",
                inputs(false),
                a -> {
                    VectorMath.log(a, 0, a.length);
                    return a;
                },
                DetMath::log);
    }

    @Test
    void expMatchesScalar() {
        check(
                "exp",
                inputs(true),
                a -> {
                    VectorMath.exp(a, 0, a.length);
                    return a;
                },
                DetMath::exp);
        check(
                "exp",
                inputs(false),
                a -> {
                    VectorMath.exp(a, 0, a.length);
                    return a;
                },
                DetMath::exp);
    }

    @Test
    void powMatchesScalar() {
        float[] in = inputs(false);
        for (int i = 0; i < in.length; i++) {
            in[i] = Math.abs(in[i]);
        }
        for (float p : new float[] {0.25f, 0.5f, 1.5f, 3f}) {
            check(
                    "pow^" + p,
                    in,
                    a -> {
                        VectorMath.pow(a, 0, a.length, p);
                        return a;
                    },
                    v -> DetMath.pow(v, p));
        }
    }

    @Test
    void maxMatchesSequentialReference() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = switch (r.nextInt(4)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> Float.NEGATIVE_INFINITY;
                    default -> (float) r.nextGaussian();
                };
            }
            float expect = Float.NEGATIVE_INFINITY;
            for (float v : a) {
                expect = v > expect ? v : expect;
            }
            float got = VectorMath.max(a, 0, n);
            if (Float.floatToRawIntBits(expect) != Float.floatToRawIntBits(got)) {
                fail("max of " + java.util.Arrays.toString(a) + ": " + expect + " vs " + got);
            }
        }
    }
}
