package io.spectro.cpu;

import static io.spectro.dsp.DetMath.EXP_LN2HI;
import static io.spectro.dsp.DetMath.EXP_LN2LO;
import static io.spectro.dsp.DetMath.EXP_OVERFLOW;
import static io.spectro.dsp.DetMath.EXP_P1;
import static io.spectro.dsp.DetMath.EXP_P2;
import static io.spectro.dsp.DetMath.EXP_UNDERFLOW;
import static io.spectro.dsp.DetMath.INVLN2;
import static io.spectro.dsp.DetMath.IVLN10HI;
import static io.spectro.dsp.DetMath.IVLN10LO;
import static io.spectro.dsp.DetMath.LG1;
import static io.spectro.dsp.DetMath.LG2;
import static io.spectro.dsp.DetMath.LG3;
import static io.spectro.dsp.DetMath.LG4;
import static io.spectro.dsp.DetMath.LN2_HI;
import static io.spectro.dsp.DetMath.LN2_LO;
import static io.spectro.dsp.DetMath.LOG10_2HI;
import static io.spectro.dsp.DetMath.LOG10_2LO;
import static io.spectro.dsp.DetMath.TWO25;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Array-at-a-time versions of {@link io.spectro.dsp.DetMath}: every lane performs the scalar function's operations in
 * the same order (branches become masks and blends), so results are bit-identical to the scalar definitions. The
 * loops take arrays, not vectors, so that no vector crosses a call the JIT might not inline (which would box it).
 * Ranges must be multiples of the lane count.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> F = VectorFft.SPECIES;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int N = F.length();

    /** {@code a[i] = log10(a[i])} as {@link io.spectro.dsp.DetMath#log10(float)}. */
    static void log10(float[] a, int from, int to) {
        for (int i = from; i < to; i += N) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            IntVector ix = x.reinterpretAsInts();
            VectorMask<Integer> sub = ix.compare(VectorOperators.LT, 0x00800000);
            IntVector red = ix.blend(x.mul(TWO25).reinterpretAsInts(), sub).add(0x3f800000 - 0x3f3504f3);
            IntVector k = IntVector.zero(I)
                    .blend(-25, sub)
                    .add(red.lanewise(VectorOperators.ASHR, 23).sub(0x7f));
            FloatVector dk = (FloatVector) k.convert(VectorOperators.I2F, 0);
            FloatVector f =
                    red.and(0x007fffff).add(0x3f3504f3).reinterpretAsFloats().sub(1.0f);
            FloatVector hfsq = f.mul(0.5f).mul(f);
            FloatVector s = f.div(f.add(2.0f));
            FloatVector z = s.mul(s);
            FloatVector w = z.mul(z);
            FloatVector t1 = w.mul(w.mul(LG4).add(LG2));
            FloatVector t2 = z.mul(w.mul(LG3).add(LG1));
            FloatVector r = t2.add(t1);
            FloatVector hi = f.sub(hfsq).reinterpretAsInts().and(0xfffff000).reinterpretAsFloats();
            FloatVector lo = f.sub(hi).sub(hfsq).add(s.mul(hfsq.add(r)));
            FloatVector y = dk.mul(LOG10_2LO)
                    .add(lo.add(hi).mul(IVLN10LO))
                    .add(lo.mul(IVLN10HI))
                    .add(hi.mul(IVLN10HI))
                    .add(dk.mul(LOG10_2HI));
            VectorMask<Integer> special =
                    ix.compare(VectorOperators.LE, 0).or(ix.compare(VectorOperators.GE, 0x7f800000));
            if (special.anyTrue()) {
                y = y.blend(logSpecial(x, ix), special.cast(F));
            }
            y.intoArray(a, i);
        }
    }

    /** {@code a[i] = log(a[i])} as {@link io.spectro.dsp.DetMath#log(float)}. */
    static void log(float[] a, int from, int to) {
        for (int i = from; i < to; i += N) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            FloatVector y = logVector(x);
            y.intoArray(a, i);
        }
    }

    private static FloatVector logVector(FloatVector x) {
        IntVector ix = x.reinterpretAsInts();
        VectorMask<Integer> sub = ix.compare(VectorOperators.LT, 0x00800000);
        IntVector red = ix.blend(x.mul(TWO25).reinterpretAsInts(), sub).add(0x3f800000 - 0x3f3504f3);
        IntVector k = IntVector.zero(I)
                .blend(-25, sub)
                .add(red.lanewise(VectorOperators.ASHR, 23).sub(0x7f));
        FloatVector dk = (FloatVector) k.convert(VectorOperators.I2F, 0);
        FloatVector f =
                red.and(0x007fffff).add(0x3f3504f3).reinterpretAsFloats().sub(1.0f);
        FloatVector s = f.div(f.add(2.0f));
        FloatVector z = s.mul(s);
        FloatVector w = z.mul(z);
        FloatVector t1 = w.mul(w.mul(LG4).add(LG2));
        FloatVector t2 = z.mul(w.mul(LG3).add(LG1));
        FloatVector r = t2.add(t1);
        FloatVector hfsq = f.mul(0.5f).mul(f);
        FloatVector y = s.mul(hfsq.add(r)).add(dk.mul(LN2_LO)).sub(hfsq).add(f).add(dk.mul(LN2_HI));
        VectorMask<Integer> special = ix.compare(VectorOperators.LE, 0).or(ix.compare(VectorOperators.GE, 0x7f800000));
        if (special.anyTrue()) {
            y = y.blend(logSpecial(x, ix), special.cast(F));
        }
        return y;
    }

    /** The special values of log: +-0 to -inf, negative (and negative NaN) to NaN, +inf and +NaN unchanged. */
    private static FloatVector logSpecial(FloatVector x, IntVector ix) {
        VectorMask<Integer> zero = ix.and(0x7fffffff).compare(VectorOperators.EQ, 0);
        VectorMask<Integer> neg = ix.compare(VectorOperators.LT, 0);
        return x.blend(Float.NaN, neg.cast(F)).blend(Float.NEGATIVE_INFINITY, zero.cast(F));
    }

    /** {@code a[i] = exp(a[i])} as {@link io.spectro.dsp.DetMath#exp(float)}. */
    static void exp(float[] a, int from, int to) {
        for (int i = from; i < to; i += N) {
            expVector(FloatVector.fromArray(F, a, i)).intoArray(a, i);
        }
    }

    private static FloatVector expVector(FloatVector x) {
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0.0f);
        FloatVector halfSigned = FloatVector.broadcast(F, 0.5f).blend(-0.5f, negative);
        IntVector k = (IntVector) x.mul(INVLN2).add(halfSigned).convert(VectorOperators.F2I, 0);
        FloatVector dk = (FloatVector) k.convert(VectorOperators.I2F, 0);
        FloatVector hi = x.sub(dk.mul(EXP_LN2HI));
        FloatVector lo = dk.mul(EXP_LN2LO);
        FloatVector r = hi.sub(lo);
        FloatVector xx = r.mul(r);
        FloatVector c = r.sub(xx.mul(xx.mul(EXP_P2).add(EXP_P1)));
        FloatVector y = r.mul(c)
                .div(FloatVector.broadcast(F, 2.0f).sub(c))
                .sub(lo)
                .add(hi)
                .add(1.0f);
        FloatVector result = y.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        VectorMask<Integer> big = k.compare(VectorOperators.GT, 127);
        if (big.anyTrue()) {
            FloatVector scaled =
                    y.mul(0x1p127f).mul(k.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            result = result.blend(scaled, big.cast(F));
        }
        VectorMask<Integer> small = k.compare(VectorOperators.LT, -126);
        if (small.anyTrue()) {
            FloatVector scaled = y.mul(k.max(-151)
                            .add(126 + 127)
                            .lanewise(VectorOperators.LSHL, 23)
                            .reinterpretAsFloats())
                    .mul(0x1p-126f);
            result = result.blend(scaled, small.cast(F));
        }
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOW));
        result = result.blend(0.0f, x.compare(VectorOperators.LT, EXP_UNDERFLOW));
        return result.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** {@code a[i] = pow(a[i], p)} as {@link io.spectro.dsp.DetMath#pow(float, float)}. */
    static void pow(float[] a, int from, int to, float p) {
        for (int i = from; i < to; i += N) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            FloatVector y = expVector(logVector(x).mul(p));
            y.blend(0.0f, x.compare(VectorOperators.EQ, 0.0f)).intoArray(a, i);
        }
    }

    /** {@code a[i] = a[i] > b ? a[i] : b}. */
    static void maxWith(float[] a, int from, int to, float b) {
        FloatVector bv = FloatVector.broadcast(F, b);
        for (int i = from; i < to; i += N) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            bv.blend(x, x.compare(VectorOperators.GT, bv)).intoArray(a, i);
        }
    }

    /** {@code a[i] = a[i] + b}. */
    static void add(float[] a, int from, int to, float b) {
        for (int i = from; i < to; i += N) {
            FloatVector.fromArray(F, a, i).add(b).intoArray(a, i);
        }
    }

    /** {@code a[i] = a[i] * m - c}. */
    static void mulSub(float[] a, int from, int to, float m, float c) {
        for (int i = from; i < to; i += N) {
            FloatVector.fromArray(F, a, i).mul(m).sub(c).intoArray(a, i);
        }
    }

    /** {@code a[i] = (a[i] + add) * scale}. */
    static void addMul(float[] a, int from, int to, float add, float scale) {
        for (int i = from; i < to; i += N) {
            FloatVector.fromArray(F, a, i).add(add).mul(scale).intoArray(a, i);
        }
    }

    /** Maximum of {@code a[from, to)} as the reference's sequential {@code a > b ? a : b} from -inf. */
    static float max(float[] a, int from, int to) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = from;
        for (; i <= to - N; i += N) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            acc = acc.blend(x, x.compare(VectorOperators.GT, acc));
        }
        float mx = acc.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            mx = a[i] > mx ? a[i] : mx;
        }
        if (mx == 0.0f || Float.isNaN(mx)) {
            // Signed zeros (and NaN) make the order matter: redo it exactly as the reference does.
            mx = Float.NEGATIVE_INFINITY;
            for (int k = from; k < to; k++) {
                mx = a[k] > mx ? a[k] : mx;
            }
        }
        return mx;
    }
}
