package io.spectro.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.device.DeviceBuffer;
import io.spectro.device.KernelArgs;
import io.spectro.device.KernelSet;
import io.spectro.dsp.DetMath;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel port of {@link DetMath} (det_log, det_log10, det_exp, det_pow in spectro.kern), built in deterministic
 * mode, gives DetMath's bits on every input class: random bit patterns over the whole float range (negatives, NaNs,
 * infinities, subnormals), special values, and the exp/scale2 range boundaries. Also checks the kernels' integer
 * division helper against Java's.
 */
class OpenClDetMathTest {
    private static final String EVAL = """
            KERNEL detmath_eval(GLOBAL const float* x, GLOBAL float* out, int count, int fn, float p) {
                if (GID() >= count) {
                    return;
                }
                int i = (int)GID();
                float v = x[i];
                out[i] = fn == 0 ? det_log(v) : (fn == 1 ? det_log10(v) : (fn == 2 ? det_exp(v) : det_pow(v, p)));
            }

            KERNEL div_eval(GLOBAL const int* a, GLOBAL int* out, int count, int b) {
                if (GID() >= count) {
                    return;
                }
                int i = (int)GID();
                out[i] = div_fast(a[i], b);
            }
            """;

    private static ResourceTracker tracker;
    private static OpenClDevice device;
    private static KernelSet kernels;

    @BeforeAll
    static void open() {
        OpenClTestSupport.assumeOpenCl();
        tracker = new ResourceTracker();
        device = new OpenClDevice(OpenClProbe.get().devices().get(0), tracker);
        kernels = device.kernelsWith(EVAL, true);
    }

    @AfterAll
    static void close() {
        if (device != null) {
            device.close();
            assertEquals(0, tracker.liveCount(), tracker.describeLive());
        }
    }

    private static float[] eval(float[] x, int fn, float p) {
        float[] out = new float[x.length];
        try (DeviceBuffer in = device.allocate(x.length * 4L);
                DeviceBuffer res = device.allocate(x.length * 4L)) {
            device.upload(MemorySegment.ofArray(x), in, 0);
            device.launch(
                    kernels.kernel("detmath_eval"),
                    x.length,
                    0,
                    KernelArgs.of().buffer(in).buffer(res).i32(x.length).i32(fn).f32(p));
            device.download(res, 0, MemorySegment.ofArray(out));
        }
        return out;
    }

    private static float[] inputs(long seed, int randomCount, IntToDoubleFunction extra, int extraCount) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] special = {
            0.0f,
            -0.0f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            Float.intBitsToFloat(0x7fc12345),
            Float.intBitsToFloat(0xffc00001),
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.intBitsToFloat(0x007fffff),
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            1.0f,
            Math.nextUp(1.0f),
            Math.nextDown(1.0f),
            2.0f,
            0.5f,
            10.0f,
            0.1f,
            1e-10f,
            1.1920929e-7f,
            (float) Math.E
        };
        float[] x = Arrays.copyOf(special, special.length + randomCount + extraCount);
        for (int i = 0; i < randomCount; i++) {
            x[special.length + i] = Float.intBitsToFloat(r.nextInt());
        }
        for (int i = 0; i < extraCount; i++) {
            x[special.length + randomCount + i] = (float) extra.applyAsDouble(i);
        }
        return x;
    }

    private static void assertBits(String fn, float[] x, float[] expected, float[] got) {
        int bad = 0;
        String first = null;
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i])) {
                if (first == null) {
                    first = fn + "(" + x[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x[i])) + "): "
                            + expected[i] + " expected, " + got[i] + " on the device (0x"
                            + Integer.toHexString(Float.floatToRawIntBits(got[i])) + ")";
                }
                bad++;
            }
        }
        assertEquals(0, bad, first);
    }

    @Test
    void logAndLog10MatchDetMathEverywhere() {
        // Random bit patterns plus every subnormal exponent band and a dense sweep around 1.
        float[] x =
                inputs(1, 1 << 20, i -> i < 4096 ? Float.intBitsToFloat(1 + i * 2047) : 1.0 + (i - 4096) * 1e-7, 8192);
        float[] ln = new float[x.length];
        float[] lg = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            ln[i] = DetMath.log(x[i]);
            lg[i] = DetMath.log10(x[i]);
        }
        assertBits("log", x, ln, eval(x, 0, 0));
        assertBits("log10", x, lg, eval(x, 1, 0));
    }

    @Test
    void expMatchesDetMathIncludingTheScaleBoundaries() {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = inputs(
                2,
                1 << 18,
                i -> {
                    if (i < 2000) {
                        // Around the overflow and underflow thresholds and the k = 127 / -126 scaling boundaries.
                        float[] centres = {88.72284f, -103.972084f, 88.0f, -87.33655f, -87.0f, 0.0f, 87.7f, -88.7f};
                        return Math.nextUp(centres[i % centres.length]) + (i / 8 - 125) * 1e-5;
                    }
                    return r.nextDouble(-110, 100);
                },
                1 << 18);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = DetMath.exp(x[i]);
        }
        assertBits("exp", x, expected, eval(x, 2, 0));
    }

    @Test
    void powMatchesDetMath() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = inputs(
                3, 0, i -> i % 2 == 0 ? Float.intBitsToFloat(r.nextInt(0x7f800000)) : r.nextDouble(0, 1e6), 1 << 18);
        for (float p : new float[] {1.5f, 0.25f, 0.75f, 3.0f, 0.1f}) {
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = DetMath.pow(x[i], p);
            }
            assertBits("pow(.., " + p + ")", x, expected, eval(x, 3, p));
        }
    }

    @Test
    void divFastIsExactBelowTheQuotientLimit() {
        SplittableRandom r = new SplittableRandom(4);
        int[] divisors = {1, 2, 3, 7, 23, 80, 201, 257, 400, 401, 1000, 2049, 65535, 1 << 20, (1 << 22) + 2, 8388607};
        int n = 1 << 18;
        for (int b : divisors) {
            int[] a = new int[n];
            long limit = Math.min(Integer.MAX_VALUE, (long) b << 22);
            for (int i = 0; i < n; i++) {
                // Edges of every quotient step near the top of the range, and random values.
                a[i] = i < 4096 ? (int) Math.max(0, Math.min(limit - 1, limit - 1 - i)) : (int) r.nextLong(limit);
            }
            int[] got = new int[n];
            try (DeviceBuffer in = device.allocate(n * 4L);
                    DeviceBuffer res = device.allocate(n * 4L)) {
                device.upload(MemorySegment.ofArray(a), in, 0);
                device.launch(
                        kernels.kernel("div_eval"),
                        n,
                        0,
                        KernelArgs.of().buffer(in).buffer(res).i32(n).i32(b));
                device.download(res, 0, MemorySegment.ofArray(got));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(a[i] / b, got[i], a[i] + " / " + b);
            }
        }
    }
}
