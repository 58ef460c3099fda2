package io.spectro.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise versions of {@link io.spectro.dsp.DetMath}: every lane performs the scalar function's operations in the
 * same order (branches become masks and blends), so results are bit-identical to the scalar definitions.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> F = VectorFft.SPECIES;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.length() == F.length()
            ? IntVector.SPECIES_PREFERRED
            : VectorSpecies.of(int.class, F.vectorShape());

    // Same values as DetMath's (package-private there); checked by VectorMathTest.
    static final float LN2_HI = 0x1.62e3p-1f;
    static final float LN2_LO = 0x1.2fefa2p-17f;
    static final float LG1 = 0x1.555554p-1f;
    static final float LG2 = 0x1.999c26p-2f;
    static final float LG3 = 0x1.23d3dcp-2f;
    static final float LG4 = 0x1.f13c4cp-3f;
    static final float IVLN10HI = 0x1.bccp-2f;
    static final float IVLN10LO = -0x1.09d5b2p-15f;
    static final float LOG10_2HI = 0x1.3441p-2f;
    static final float LOG10_2LO = 0x1.a84fb6p-21f;
    static final float TWO25 = 0x1p25f;
    static final float EXP_LN2HI = 0x1.62e4p-1f;
    static final float EXP_LN2LO = 0x1.7f7d1cp-20f;
    static final float INVLN2 = 0x1.715476p+0f;
    static final float EXP_P1 = 0x1.55551ep-3f;
    static final float EXP_P2 = -0x1.6aa42ap-9f;
    static final float EXP_OVERFLOW = 0x1.62e42ep+6f;
    static final float EXP_UNDERFLOW = -0x1.9fe368p+6f;

    /** The reduced mantissa {@code f = m - 1} with {@code m} in {@code [sqrt(2)/2, sqrt(2))}, as DetMath. */
    private static IntVector reducedBits(IntVector ix) {
        VectorMask<Integer> sub = ix.compare(VectorOperators.LT, 0x00800000);
        IntVector scaled = ix.reinterpretAsFloats().mul(TWO25).reinterpretAsInts();
        return ix.blend(scaled, sub).add(0x3f800000 - 0x3f3504f3);
    }

    /** The exponent {@code k} (as float) matching {@link #reducedBits}. */
    private static FloatVector exponent(IntVector ix, IntVector reduced) {
        IntVector k = IntVector.zero(I).blend(-25, ix.compare(VectorOperators.LT, 0x00800000));
        k = k.add(reduced.lanewise(VectorOperators.ASHR, 23).sub(0x7f));
        return (FloatVector) k.convert(VectorOperators.I2F, 0);
    }

    private static FloatVector mantissa(IntVector reduced) {
        return reduced.and(0x007fffff).add(0x3f3504f3).reinterpretAsFloats().sub(1.0f);
    }

    /** Lane-wise {@link io.spectro.dsp.DetMath#log(float)}. */
    static FloatVector log(FloatVector x) {
        IntVector ix = x.reinterpretAsInts();
        IntVector red = reducedBits(ix);
        FloatVector f = mantissa(red);
        FloatVector dk = exponent(ix, red);
        FloatVector s = f.div(f.add(2.0f));
        FloatVector z = s.mul(s);
        FloatVector w = z.mul(z);
        FloatVector t1 = w.mul(w.mul(LG4).add(LG2));
        FloatVector t2 = z.mul(w.mul(LG3).add(LG1));
        FloatVector rr = t2.add(t1);
        FloatVector hfsq = f.mul(0.5f).mul(f);
        FloatVector y = s.mul(hfsq.add(rr)).add(dk.mul(LN2_LO)).sub(hfsq).add(f).add(dk.mul(LN2_HI));
        return specials(x, y);
    }

    /** Lane-wise {@link io.spectro.dsp.DetMath#log10(float)}. */
    static FloatVector log10(FloatVector x) {
        IntVector ix = x.reinterpretAsInts();
        IntVector red = reducedBits(ix);
        FloatVector f = mantissa(red);
        FloatVector dk = exponent(ix, red);
        FloatVector hfsq = f.mul(0.5f).mul(f);
        FloatVector s = f.div(f.add(2.0f));
        FloatVector z = s.mul(s);
        FloatVector w = z.mul(z);
        FloatVector t1 = w.mul(w.mul(LG4).add(LG2));
        FloatVector t2 = z.mul(w.mul(LG3).add(LG1));
        FloatVector rr = t2.add(t1);
        FloatVector hi = f.sub(hfsq);
        hi = hi.reinterpretAsInts().and(0xfffff000).reinterpretAsFloats();
        FloatVector lo = f.sub(hi).sub(hfsq).add(s.mul(hfsq.add(rr)));
        FloatVector y = dk.mul(LOG10_2LO)
                .add(lo.add(hi).mul(IVLN10LO))
                .add(lo.mul(IVLN10HI))
                .add(hi.mul(IVLN10HI))
                .add(dk.mul(LOG10_2HI));
        return specials(x, y);
    }

    /** Applies the special cases of log: +-0 to -inf, negative or NaN to NaN, +inf stays. */
    private static FloatVector specials(FloatVector x, FloatVector y) {
        IntVector ix = x.reinterpretAsInts();
        VectorMask<Integer> special = ix.compare(VectorOperators.LE, 0).or(ix.compare(VectorOperators.GE, 0x7f800000));
        if (!special.anyTrue()) {
            return y;
        }
        VectorMask<Integer> zero = ix.and(0x7fffffff).compare(VectorOperators.EQ, 0);
        VectorMask<Integer> neg = ix.compare(VectorOperators.LT, 0);
        FloatVector sp = x; // +inf or +NaN stay
        sp = sp.blend(Float.NaN, neg.cast(F));
        sp = sp.blend(Float.NEGATIVE_INFINITY, zero.cast(F));
        return y.blend(sp, special.cast(F));
    }

    /** Lane-wise {@link io.spectro.dsp.DetMath#exp(float)}. */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0.0f);
        FloatVector halfSigned = FloatVector.broadcast(F, 0.5f).blend(-0.5f, negative);
        FloatVector kf = x.mul(INVLN2).add(halfSigned);
        IntVector k = (IntVector) kf.convert(VectorOperators.F2I, 0);
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
        // scale2(y, k) for k in [-151, 128], as DetMath.scale2.
        VectorMask<Integer> big = k.compare(VectorOperators.GT, 127);
        VectorMask<Integer> small = k.compare(VectorOperators.LT, -126);
        FloatVector normal = y.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector result = normal;
        if (big.anyTrue()) {
            FloatVector hiScale =
                    y.mul(0x1p127f).mul(k.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            result = result.blend(hiScale, big.cast(F));
        }
        if (small.anyTrue()) {
            IntVector kk = k.max(-151);
            FloatVector loScale = y.mul(
                            kk.add(126 + 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(0x1p-126f);
            result = result.blend(loScale, small.cast(F));
        }
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOW));
        result = result.blend(0.0f, x.compare(VectorOperators.LT, EXP_UNDERFLOW));
        return result.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** Lane-wise {@link io.spectro.dsp.DetMath#pow(float, float)}: 0 for 0, else {@code exp(p * log(x))}. */
    static FloatVector pow(FloatVector x, float p) {
        FloatVector y = exp(log(x).mul(p));
        return y.blend(0.0f, x.compare(VectorOperators.EQ, 0.0f));
    }

    /** {@code a > b ? a : b} lane-wise, the max of the reference pipeline. */
    static FloatVector max(FloatVector a, FloatVector b) {
        return b.blend(a, a.compare(VectorOperators.GT, b));
    }
}
