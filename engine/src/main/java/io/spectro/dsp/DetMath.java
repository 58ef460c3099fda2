package io.spectro.dsp;

/**
 * Float32 transcendental functions written with only {@code + - * /}, comparisons and bit operations, so that the
 * same sequence of IEEE operations gives the same bits in Java, OpenCL C and CUDA C (with FMA contraction off). They
 * are the definitions used by every backend in deterministic mode; the device kernels receive these exact constants
 * from {@link #deviceConstants()}.
 *
 * <p>{@link #log(float)} and {@link #log10(float)} follow FreeBSD's {@code e_logf.c} / {@code e_log10f.c} (as in
 * musl): reduction of the mantissa to {@code [sqrt(2)/2, sqrt(2))} and a degree-4 polynomial in {@code s^2}; error
 * below 1 ulp. {@link #exp(float)} follows {@code e_expf.c}: {@code k = round(x / ln 2)}, a rational approximation,
 * then scaling by {@code 2^k}; error below 1 ulp over the whole range including subnormal results.
 */
public final class DetMath {
    private DetMath() {}

    // The algorithm's constants, public so that SIMD and device ports use these very values.
    /** ln 2, high part. */
    public static final float LN2_HI = 0x1.62e3p-1f;
    /** Constant LN2_LO of the fdlibm-style algorithms. */
    public static final float LN2_LO = 0x1.2fefa2p-17f;
    /** Constant LG1 of the fdlibm-style algorithms. */
    public static final float LG1 = 0x1.555554p-1f;
    /** Constant LG2 of the fdlibm-style algorithms. */
    public static final float LG2 = 0x1.999c26p-2f;
    /** Constant LG3 of the fdlibm-style algorithms. */
    public static final float LG3 = 0x1.23d3dcp-2f;
    /** Constant LG4 of the fdlibm-style algorithms. */
    public static final float LG4 = 0x1.f13c4cp-3f;
    /** Constant IVLN10HI of the fdlibm-style algorithms. */
    public static final float IVLN10HI = 0x1.bccp-2f;
    /** Constant IVLN10LO of the fdlibm-style algorithms. */
    public static final float IVLN10LO = -0x1.09d5b2p-15f;
    /** Constant LOG10_2HI of the fdlibm-style algorithms. */
    public static final float LOG10_2HI = 0x1.3441p-2f;
    /** Constant LOG10_2LO of the fdlibm-style algorithms. */
    public static final float LOG10_2LO = 0x1.a84fb6p-21f;
    /** Constant TWO25 of the fdlibm-style algorithms. */
    public static final float TWO25 = 0x1p25f;
    /** Constant EXP_LN2HI of the fdlibm-style algorithms. */
    public static final float EXP_LN2HI = 0x1.62e4p-1f;
    /** Constant EXP_LN2LO of the fdlibm-style algorithms. */
    public static final float EXP_LN2LO = 0x1.7f7d1cp-20f;
    /** Constant INVLN2 of the fdlibm-style algorithms. */
    public static final float INVLN2 = 0x1.715476p+0f;
    /** Constant EXP_P1 of the fdlibm-style algorithms. */
    public static final float EXP_P1 = 0x1.55551ep-3f;
    /** Constant EXP_P2 of the fdlibm-style algorithms. */
    public static final float EXP_P2 = -0x1.6aa42ap-9f;
    /** Largest x with a finite exp(x). */
    public static final float EXP_OVERFLOW = 0x1.62e42ep+6f;
    /** Below this, exp(x) rounds to 0. */
    public static final float EXP_UNDERFLOW = -0x1.9fe368p+6f;

    /** The constants as {@code #define NAME value} lines in C hex-float syntax, for OpenCL and CUDA kernel sources. */
    public static String deviceConstants() {
        StringBuilder b = new StringBuilder();
        Object[][] c = {
            {"DM_LN2_HI", LN2_HI},
            {"DM_LN2_LO", LN2_LO},
            {"DM_LG1", LG1},
            {"DM_LG2", LG2},
            {"DM_LG3", LG3},
            {"DM_LG4", LG4},
            {"DM_IVLN10HI", IVLN10HI},
            {"DM_IVLN10LO", IVLN10LO},
            {"DM_LOG10_2HI", LOG10_2HI},
            {"DM_LOG10_2LO", LOG10_2LO},
            {"DM_TWO25", TWO25},
            {"DM_EXP_LN2HI", EXP_LN2HI},
            {"DM_EXP_LN2LO", EXP_LN2LO},
            {"DM_INVLN2", INVLN2},
            {"DM_EXP_P1", EXP_P1},
            {"DM_EXP_P2", EXP_P2},
            {"DM_EXP_OVERFLOW", EXP_OVERFLOW},
            {"DM_EXP_UNDERFLOW", EXP_UNDERFLOW}
        };
        for (Object[] e : c) {
            b.append("#define ")
                    .append(e[0])
                    .append(' ')
                    .append(hex((Float) e[1]))
                    .append('\n');
        }
        return b.toString();
    }

    /** {@code v} as a C float literal that round-trips exactly, e.g. {@code 0x1.62e3p-1f}. */
    public static String hex(float v) {
        if (Float.isNaN(v)) {
            return "NAN";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "INFINITY" : "(-INFINITY)";
        }
        if (v == 0) {
            return Float.floatToRawIntBits(v) == 0 ? "0.0f" : "(-0.0f)";
        }
        String s = Float.toHexString(v);
        // Java prints subnormals as 0x0.xxxp-126, which C also accepts.
        return (v < 0 ? "(" + s + "f)" : s + "f");
    }

    /** Natural logarithm: -inf for +-0, NaN for negatives and NaN, +inf for +inf. */
    public static float log(float x) {
        int ix = Float.floatToRawIntBits(x);
        if (ix <= 0 || ix >= 0x7f800000) {
            if ((ix & 0x7fffffff) == 0) {
                return Float.NEGATIVE_INFINITY;
            }
            return ix < 0 ? Float.NaN : x;
        }
        int k = 0;
        if (ix < 0x00800000) {
            x = x * TWO25;
            ix = Float.floatToRawIntBits(x);
            k = -25;
        }
        ix = ix + (0x3f800000 - 0x3f3504f3);
        k = k + ((ix >> 23) - 0x7f);
        ix = (ix & 0x007fffff) + 0x3f3504f3;
        float f = Float.intBitsToFloat(ix) - 1.0f;
        float s = f / (2.0f + f);
        float z = s * s;
        float w = z * z;
        float t1 = w * (LG2 + w * LG4);
        float t2 = z * (LG1 + w * LG3);
        float r = t2 + t1;
        float hfsq = 0.5f * f * f;
        float dk = (float) k;
        return s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
    }

    /** Base-10 logarithm: -inf for +-0, NaN for negatives and NaN, +inf for +inf. */
    public static float log10(float x) {
        int ix = Float.floatToRawIntBits(x);
        if (ix <= 0 || ix >= 0x7f800000) {
            if ((ix & 0x7fffffff) == 0) {
                return Float.NEGATIVE_INFINITY;
            }
            return ix < 0 ? Float.NaN : x;
        }
        int k = 0;
        if (ix < 0x00800000) {
            x = x * TWO25;
            ix = Float.floatToRawIntBits(x);
            k = -25;
        }
        ix = ix + (0x3f800000 - 0x3f3504f3);
        k = k + ((ix >> 23) - 0x7f);
        ix = (ix & 0x007fffff) + 0x3f3504f3;
        float f = Float.intBitsToFloat(ix) - 1.0f;
        float hfsq = 0.5f * f * f;
        float s = f / (2.0f + f);
        float z = s * s;
        float w = z * z;
        float t1 = w * (LG2 + w * LG4);
        float t2 = z * (LG1 + w * LG3);
        float r = t2 + t1;
        float hi = f - hfsq;
        hi = Float.intBitsToFloat(Float.floatToRawIntBits(hi) & 0xfffff000);
        float lo = f - hi - hfsq + s * (hfsq + r);
        float dk = (float) k;
        return dk * LOG10_2LO + (lo + hi) * IVLN10LO + lo * IVLN10HI + hi * IVLN10HI + dk * LOG10_2HI;
    }

    /** {@code e^x}: +inf above {@link #EXP_OVERFLOW}, 0 below {@link #EXP_UNDERFLOW}, NaN for NaN. */
    public static float exp(float x) {
        if (x != x) {
            return x;
        }
        if (x > EXP_OVERFLOW) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_UNDERFLOW) {
            return 0.0f;
        }
        int k = (int) (INVLN2 * x + (x < 0.0f ? -0.5f : 0.5f));
        float dk = (float) k;
        float hi = x - dk * EXP_LN2HI;
        float lo = dk * EXP_LN2LO;
        float r = hi - lo;
        float xx = r * r;
        float c = r - xx * (EXP_P1 + xx * EXP_P2);
        float y = 1.0f + (r * c / (2.0f - c) - lo + hi);
        return scale2(y, k);
    }

    /** {@code y * 2^k} for {@code y} near 1 and {@code -151 <= k <= 128}, rounding once. */
    static float scale2(float y, int k) {
        if (k > 127) {
            return y * 0x1p127f * Float.intBitsToFloat((k - 127 + 127) << 23);
        }
        if (k < -126) {
            return (y * Float.intBitsToFloat((k + 126 + 127) << 23)) * 0x1p-126f;
        }
        return y * Float.intBitsToFloat((k + 127) << 23);
    }

    /**
     * {@code x^p} for the spectrum stage: {@code x >= 0}, {@code p > 0}; 0 for {@code x == 0}, else {@code exp(p *
     * log(x))} (relative error about {@code |p log x| * 2^-24}).
     */
    public static float pow(float x, float p) {
        if (x == 0.0f) {
            return 0.0f;
        }
        return exp(p * log(x));
    }
}
