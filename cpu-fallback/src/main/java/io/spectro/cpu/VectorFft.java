package io.spectro.cpu;

import io.spectro.dsp.FftPlan;
import io.spectro.dsp.RealFftPlan;
import io.spectro.dsp.ReferenceFft;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Spectro's FFT ({@link FftPlan}) over a block of {@link #LANES} frames at once: each complex value is a vector of
 * {@code LANES} floats, one per frame, stored in separate real and imaginary planes laid out {@code [element][lane]}.
 * Every lane performs exactly the scalar operations of {@link ReferenceFft}, so each frame's result is bit-identical to
 * it; a butterfly is one vector instruction per operation across the frames.
 */
final class VectorFft {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private final FftPlan plan;
    private final int length;
    private final int n;
    private final int[] radices;
    private final int[] spans;
    private final int[] twOff;
    private final int[] rootOff;
    private final float[] tw;
    private final float[] roots;
    private final float[] chirp;
    private final float[] filter;

    VectorFft(FftPlan plan) {
        this.plan = plan;
        this.length = plan.passLength();
        this.n = plan.n();
        this.radices = plan.radices();
        this.spans = plan.spans();
        this.twOff = plan.twiddleOffsets();
        this.rootOff = plan.rootOffsets();
        this.tw = plan.twiddles();
        this.roots = plan.roots();
        this.chirp = plan.chirp();
        this.filter = plan.chirpFilter();
    }

    /**
     * Float index of complex element {@code e} in a plane. One vector slot is skipped after every 16 elements so that
     * power-of-two strides between butterfly inputs do not map to the same cache sets (4K aliasing made power-of-two
     * sizes 3x slower than 400).
     */
    static int at(int e) {
        return (e + (e >> 4)) * LANES;
    }

    /** Floats per plane for {@code elements} complex elements. */
    static int planeFloats(int elements) {
        return at(elements) + LANES;
    }

    /** Floats per plane this transform needs. */
    int planeFloats() {
        return planeFloats(length);
    }

    /** Scratch floats for generic radices: {@code 2 * maxRadix * LANES}. */
    int radixScratchFloats() {
        int max = 16;
        for (int r : radices) {
            max = Math.max(max, r);
        }
        return 2 * max * LANES;
    }

    /**
     * Transforms the block held in {@code (aRe, aIm)} (the first {@code n * LANES} floats); {@code (bRe, bIm)} are
     * scratch planes of the same size. Returns true when the result is in {@code (bRe, bIm)}, false when in {@code
     * (aRe, aIm)}.
     */
    boolean forward(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] radixScratch) {
        if (chirp == null) {
            return passes(aRe, aIm, bRe, bIm, radixScratch);
        }
        // Bluestein: a = x * chirp (x in a, n values), zero to m, passes, * filter then conj, passes, conj * chirp.
        for (int j = 0; j < n; j++) {
            FloatVector cr = FloatVector.broadcast(SPECIES, chirp[2 * j]);
            FloatVector ci = FloatVector.broadcast(SPECIES, chirp[2 * j + 1]);
            int o = at(j);
            FloatVector xr = FloatVector.fromArray(SPECIES, aRe, o);
            FloatVector xi = FloatVector.fromArray(SPECIES, aIm, o);
            xr.mul(cr).sub(xi.mul(ci)).intoArray(aRe, o);
            xr.mul(ci).add(xi.mul(cr)).intoArray(aIm, o);
        }
        java.util.Arrays.fill(aRe, at(n), at(length), 0.0f);
        java.util.Arrays.fill(aIm, at(n), at(length), 0.0f);
        boolean inB = passes(aRe, aIm, bRe, bIm, radixScratch);
        float[] pRe = inB ? bRe : aRe;
        float[] pIm = inB ? bIm : aIm;
        float[] qRe = inB ? aRe : bRe;
        float[] qIm = inB ? aIm : bIm;
        for (int k = 0; k < length; k++) {
            FloatVector fr = FloatVector.broadcast(SPECIES, filter[2 * k]);
            FloatVector fi = FloatVector.broadcast(SPECIES, filter[2 * k + 1]);
            int o = at(k);
            FloatVector xr = FloatVector.fromArray(SPECIES, pRe, o);
            FloatVector xi = FloatVector.fromArray(SPECIES, pIm, o);
            xr.mul(fr).sub(xi.mul(fi)).intoArray(pRe, o);
            xr.mul(fi).add(xi.mul(fr)).neg().intoArray(pIm, o);
        }
        boolean inQ = passes(pRe, pIm, qRe, qIm, radixScratch);
        float[] rRe = inQ ? qRe : pRe;
        float[] rIm = inQ ? qIm : pIm;
        for (int k = 0; k < n; k++) {
            FloatVector cr = FloatVector.broadcast(SPECIES, chirp[2 * k]);
            FloatVector ci = FloatVector.broadcast(SPECIES, chirp[2 * k + 1]);
            int o = at(k);
            FloatVector yr = FloatVector.fromArray(SPECIES, rRe, o);
            FloatVector yi = FloatVector.fromArray(SPECIES, rIm, o).neg();
            yr.mul(cr).sub(yi.mul(ci)).intoArray(rRe, o);
            yr.mul(ci).add(yi.mul(cr)).intoArray(rIm, o);
        }
        return rRe == bRe;
    }

    private boolean passes(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] scratch) {
        float[] inR = aRe;
        float[] inI = aIm;
        float[] outR = bRe;
        float[] outI = bIm;
        for (int p = 0; p < radices.length; p++) {
            int s = spans[p];
            boolean pairable = radices[p] == 4 && p + 1 < radices.length;
            if (pairable && (radices[p + 1] == 4 || radices[p + 1] == 2)) {
                if (radices[p + 1] == 4) {
                    pass44(inR, inI, outR, outI, s, twOff[p], twOff[p + 1], scratch);
                } else {
                    pass42(inR, inI, outR, outI, s, twOff[p], twOff[p + 1], scratch);
                }
                p++;
                float[] t = inR;
                inR = outR;
                outR = t;
                t = inI;
                inI = outI;
                outI = t;
                continue;
            }
            switch (radices[p]) {
                case 2 -> pass2(inR, inI, outR, outI, s, twOff[p]);
                case 3 -> pass3(inR, inI, outR, outI, s, twOff[p]);
                case 4 -> pass4(inR, inI, outR, outI, s, twOff[p]);
                case 5 -> pass5(inR, inI, outR, outI, s, twOff[p]);
                default -> passGeneric(inR, inI, outR, outI, radices[p], s, twOff[p], rootOff[p], scratch);
            }
            float[] t = inR;
            inR = outR;
            outR = t;
            t = inI;
            inI = outI;
            outI = t;
        }
        return inR == bRe;
    }

    private static FloatVector ld(float[] a, int element) {
        return FloatVector.fromArray(SPECIES, a, at(element));
    }

    private void pass2(float[] inR, float[] inI, float[] outR, float[] outI, int s, int twBase) {
        int stride = length / 2;
        int groups = stride / s;
        int aStride = at(stride);
        boolean linIn = stride % 16 == 0;
        boolean linOut = s % 16 == 0;
        int aS = at(s);
        for (int k = 0; k < s; k++) {
            float w1r = 1;
            float w1i = 0;
            if (s > 1) {
                int t = 2 * (twBase + k);
                w1r = tw[t];
                w1i = tw[t + 1];
            }
            FloatVector v1r = FloatVector.broadcast(SPECIES, w1r);
            FloatVector v1i = FloatVector.broadcast(SPECIES, w1i);
            for (int g = 0; g < groups; g++) {
                int j = g * s + k;
                int aj = at(j);
                FloatVector a0r = FloatVector.fromArray(SPECIES, inR, aj);
                FloatVector a0i = FloatVector.fromArray(SPECIES, inI, aj);
                FloatVector a1r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + aStride : at(j + stride));
                FloatVector a1i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + aStride : at(j + stride));
                if (s > 1) {
                    FloatVector xr = a1r.mul(v1r).sub(a1i.mul(v1i));
                    FloatVector xi = a1r.mul(v1i).add(a1i.mul(v1r));
                    a1r = xr;
                    a1i = xi;
                }
                int o = g * s * 2 + k;
                int ao = at(o);
                a0r.add(a1r).intoArray(outR, ao);
                a0i.add(a1i).intoArray(outI, ao);
                a0r.sub(a1r).intoArray(outR, (linOut ? ao + aS : at(o + s)));
                a0i.sub(a1i).intoArray(outI, (linOut ? ao + aS : at(o + s)));
            }
        }
    }

    private void pass4(float[] inR, float[] inI, float[] outR, float[] outI, int s, int twBase) {
        int stride = length / 4;
        int groups = stride / s;
        int aStride = at(stride);
        boolean linIn = stride % 16 == 0;
        boolean linOut = s % 16 == 0;
        int aS = at(s);
        for (int k = 0; k < s; k++) {
            int t = 2 * (twBase + k * 3);
            boolean twiddle = s > 1;
            FloatVector w1r = FloatVector.broadcast(SPECIES, twiddle ? tw[t] : 1f);
            FloatVector w1i = FloatVector.broadcast(SPECIES, twiddle ? tw[t + 1] : 0f);
            FloatVector w2r = FloatVector.broadcast(SPECIES, twiddle ? tw[t + 2] : 1f);
            FloatVector w2i = FloatVector.broadcast(SPECIES, twiddle ? tw[t + 3] : 0f);
            FloatVector w3r = FloatVector.broadcast(SPECIES, twiddle ? tw[t + 4] : 1f);
            FloatVector w3i = FloatVector.broadcast(SPECIES, twiddle ? tw[t + 5] : 0f);
            for (int g = 0; g < groups; g++) {
                int j = g * s + k;
                int aj = at(j);
                FloatVector a0r = FloatVector.fromArray(SPECIES, inR, aj);
                FloatVector a0i = FloatVector.fromArray(SPECIES, inI, aj);
                FloatVector a1r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + aStride : at(j + stride));
                FloatVector a1i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + aStride : at(j + stride));
                FloatVector a2r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + 2 * aStride : at(j + 2 * stride));
                FloatVector a2i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + 2 * aStride : at(j + 2 * stride));
                FloatVector a3r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + 3 * aStride : at(j + 3 * stride));
                FloatVector a3i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + 3 * aStride : at(j + 3 * stride));
                if (twiddle) {
                    FloatVector xr = a1r.mul(w1r).sub(a1i.mul(w1i));
                    FloatVector xi = a1r.mul(w1i).add(a1i.mul(w1r));
                    a1r = xr;
                    a1i = xi;
                    xr = a2r.mul(w2r).sub(a2i.mul(w2i));
                    xi = a2r.mul(w2i).add(a2i.mul(w2r));
                    a2r = xr;
                    a2i = xi;
                    xr = a3r.mul(w3r).sub(a3i.mul(w3i));
                    xi = a3r.mul(w3i).add(a3i.mul(w3r));
                    a3r = xr;
                    a3i = xi;
                }
                FloatVector t0r = a0r.add(a2r);
                FloatVector t0i = a0i.add(a2i);
                FloatVector t1r = a0r.sub(a2r);
                FloatVector t1i = a0i.sub(a2i);
                FloatVector t2r = a1r.add(a3r);
                FloatVector t2i = a1i.add(a3i);
                FloatVector t3r = a1r.sub(a3r);
                FloatVector t3i = a1i.sub(a3i);
                int o = g * s * 4 + k;
                int ao = at(o);
                t0r.add(t2r).intoArray(outR, ao);
                t0i.add(t2i).intoArray(outI, ao);
                t1r.add(t3i).intoArray(outR, (linOut ? ao + aS : at(o + s)));
                t1i.sub(t3r).intoArray(outI, (linOut ? ao + aS : at(o + s)));
                t0r.sub(t2r).intoArray(outR, (linOut ? ao + 2 * aS : at(o + 2 * s)));
                t0i.sub(t2i).intoArray(outI, (linOut ? ao + 2 * aS : at(o + 2 * s)));
                t1r.sub(t3i).intoArray(outR, (linOut ? ao + 3 * aS : at(o + 3 * s)));
                t1i.add(t3r).intoArray(outI, (linOut ? ao + 3 * aS : at(o + 3 * s)));
            }
        }
    }

    /**
     * Two consecutive radix-4 passes (spans {@code s} and {@code 4s}) fused: for each group, the four pass-p
     * butterflies whose sixteen outputs feed four pass-(p+1) butterflies are computed into an L1 scratch, then those
     * four; every value gets exactly the operations of the two separate passes, but the intermediate plane is never
     * written.
     */
    private void pass44(float[] inR, float[] inI, float[] outR, float[] outI, int s, int twA, int twB, float[] sc) {
        int q = length / 4;
        int q4 = q / 4;
        int groups = q / (4 * s);
        int im = 16 * LANES;
        int aq = at(q);
        int aq4 = at(q4);
        boolean linear = (4 * s) % 16 == 0;
        boolean linearIn = q4 % 16 == 0;
        int as4 = at(4 * s);
        for (int k = 0; k < s; k++) {
            boolean twiddle = s > 1;
            int ta = 2 * (twA + k * 3);
            FloatVector w1r = FloatVector.broadcast(SPECIES, twiddle ? tw[ta] : 1f);
            FloatVector w1i = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 1] : 0f);
            FloatVector w2r = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 2] : 1f);
            FloatVector w2i = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 3] : 0f);
            FloatVector w3r = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 4] : 1f);
            FloatVector w3i = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 5] : 0f);
            for (int g = 0; g < groups; g++) {
                int j0 = g * s + k;
                // Four producers (pass p): outputs r of producer r' go to scratch slot r * 4 + r'.
                int aj0 = at(j0);
                for (int rp = 0; rp < 4; rp++) {
                    // When q/4 is a multiple of 16, element offsets map linearly onto the padded layout.
                    int j = j0 + rp * q4;
                    int aj = linearIn ? aj0 + rp * aq4 : at(j);
                    int a1 = linearIn ? aj + aq : at(j + q);
                    int a2 = linearIn ? aj + 2 * aq : at(j + 2 * q);
                    int a3 = linearIn ? aj + 3 * aq : at(j + 3 * q);
                    FloatVector a0r = FloatVector.fromArray(SPECIES, inR, aj);
                    FloatVector a0i = FloatVector.fromArray(SPECIES, inI, aj);
                    FloatVector a1r = FloatVector.fromArray(SPECIES, inR, a1);
                    FloatVector a1i = FloatVector.fromArray(SPECIES, inI, a1);
                    FloatVector a2r = FloatVector.fromArray(SPECIES, inR, a2);
                    FloatVector a2i = FloatVector.fromArray(SPECIES, inI, a2);
                    FloatVector a3r = FloatVector.fromArray(SPECIES, inR, a3);
                    FloatVector a3i = FloatVector.fromArray(SPECIES, inI, a3);
                    if (twiddle) {
                        FloatVector xr = a1r.mul(w1r).sub(a1i.mul(w1i));
                        FloatVector xi = a1r.mul(w1i).add(a1i.mul(w1r));
                        a1r = xr;
                        a1i = xi;
                        xr = a2r.mul(w2r).sub(a2i.mul(w2i));
                        xi = a2r.mul(w2i).add(a2i.mul(w2r));
                        a2r = xr;
                        a2i = xi;
                        xr = a3r.mul(w3r).sub(a3i.mul(w3i));
                        xi = a3r.mul(w3i).add(a3i.mul(w3r));
                        a3r = xr;
                        a3i = xi;
                    }
                    FloatVector t0r = a0r.add(a2r);
                    FloatVector t0i = a0i.add(a2i);
                    FloatVector t1r = a0r.sub(a2r);
                    FloatVector t1i = a0i.sub(a2i);
                    FloatVector t2r = a1r.add(a3r);
                    FloatVector t2i = a1i.add(a3i);
                    FloatVector t3r = a1r.sub(a3r);
                    FloatVector t3i = a1i.sub(a3i);
                    t0r.add(t2r).intoArray(sc, rp * LANES);
                    t0i.add(t2i).intoArray(sc, im + rp * LANES);
                    t1r.add(t3i).intoArray(sc, (4 + rp) * LANES);
                    t1i.sub(t3r).intoArray(sc, im + (4 + rp) * LANES);
                    t0r.sub(t2r).intoArray(sc, (8 + rp) * LANES);
                    t0i.sub(t2i).intoArray(sc, im + (8 + rp) * LANES);
                    t1r.sub(t3i).intoArray(sc, (12 + rp) * LANES);
                    t1i.add(t3r).intoArray(sc, im + (12 + rp) * LANES);
                }
                // Four consumers (pass p+1, span 4s): consumer r has k' = k + r s and inputs slots r*4 + 0..3.
                for (int r = 0; r < 4; r++) {
                    int kk = k + r * s;
                    int tb = 2 * (twB + kk * 3);
                    FloatVector b0r = FloatVector.fromArray(SPECIES, sc, (r * 4) * LANES);
                    FloatVector b0i = FloatVector.fromArray(SPECIES, sc, im + (r * 4) * LANES);
                    FloatVector b1r = FloatVector.fromArray(SPECIES, sc, (r * 4 + 1) * LANES);
                    FloatVector b1i = FloatVector.fromArray(SPECIES, sc, im + (r * 4 + 1) * LANES);
                    FloatVector b2r = FloatVector.fromArray(SPECIES, sc, (r * 4 + 2) * LANES);
                    FloatVector b2i = FloatVector.fromArray(SPECIES, sc, im + (r * 4 + 2) * LANES);
                    FloatVector b3r = FloatVector.fromArray(SPECIES, sc, (r * 4 + 3) * LANES);
                    FloatVector b3i = FloatVector.fromArray(SPECIES, sc, im + (r * 4 + 3) * LANES);
                    FloatVector vr = FloatVector.broadcast(SPECIES, tw[tb]);
                    FloatVector vi = FloatVector.broadcast(SPECIES, tw[tb + 1]);
                    FloatVector xr = b1r.mul(vr).sub(b1i.mul(vi));
                    FloatVector xi = b1r.mul(vi).add(b1i.mul(vr));
                    b1r = xr;
                    b1i = xi;
                    vr = FloatVector.broadcast(SPECIES, tw[tb + 2]);
                    vi = FloatVector.broadcast(SPECIES, tw[tb + 3]);
                    xr = b2r.mul(vr).sub(b2i.mul(vi));
                    xi = b2r.mul(vi).add(b2i.mul(vr));
                    b2r = xr;
                    b2i = xi;
                    vr = FloatVector.broadcast(SPECIES, tw[tb + 4]);
                    vi = FloatVector.broadcast(SPECIES, tw[tb + 5]);
                    xr = b3r.mul(vr).sub(b3i.mul(vi));
                    xi = b3r.mul(vi).add(b3i.mul(vr));
                    b3r = xr;
                    b3i = xi;
                    FloatVector t0r = b0r.add(b2r);
                    FloatVector t0i = b0i.add(b2i);
                    FloatVector t1r = b0r.sub(b2r);
                    FloatVector t1i = b0i.sub(b2i);
                    FloatVector t2r = b1r.add(b3r);
                    FloatVector t2i = b1i.add(b3i);
                    FloatVector t3r = b1r.sub(b3r);
                    FloatVector t3i = b1i.sub(b3i);
                    int o = g * 16 * s + kk;
                    int o0 = at(o);
                    int o1 = linear ? o0 + as4 : at(o + 4 * s);
                    int o2 = linear ? o0 + 2 * as4 : at(o + 8 * s);
                    int o3 = linear ? o0 + 3 * as4 : at(o + 12 * s);
                    t0r.add(t2r).intoArray(outR, o0);
                    t0i.add(t2i).intoArray(outI, o0);
                    t1r.add(t3i).intoArray(outR, o1);
                    t1i.sub(t3r).intoArray(outI, o1);
                    t0r.sub(t2r).intoArray(outR, o2);
                    t0i.sub(t2i).intoArray(outI, o2);
                    t1r.sub(t3i).intoArray(outR, o3);
                    t1i.add(t3r).intoArray(outI, o3);
                }
            }
        }
    }

    /**
     * A radix-4 pass (span {@code s}) fused with the radix-2 pass after it (span {@code 4s}): two pass-p butterflies
     * ({@code j0} and {@code j0 + L/8}) feed four radix-2 butterflies ({@code k' = k + r s}); same operations as the
     * separate passes, the intermediate plane is never written.
     */
    private void pass42(float[] inR, float[] inI, float[] outR, float[] outI, int s, int twA, int twB, float[] sc) {
        int q = length / 4;
        int l8 = length / 8;
        int groups = (length / 2) / (4 * s);
        int im = 8 * LANES;
        boolean linIn = l8 % 16 == 0;
        boolean linOut = (4 * s) % 16 == 0;
        int aq = at(q);
        int al8 = at(l8);
        int as4 = at(4 * s);
        for (int k = 0; k < s; k++) {
            boolean twiddle = s > 1;
            int ta = 2 * (twA + k * 3);
            FloatVector w1r = FloatVector.broadcast(SPECIES, twiddle ? tw[ta] : 1f);
            FloatVector w1i = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 1] : 0f);
            FloatVector w2r = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 2] : 1f);
            FloatVector w2i = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 3] : 0f);
            FloatVector w3r = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 4] : 1f);
            FloatVector w3i = FloatVector.broadcast(SPECIES, twiddle ? tw[ta + 5] : 0f);
            for (int g = 0; g < groups; g++) {
                int j0 = g * s + k;
                int aj0 = at(j0);
                for (int rp = 0; rp < 2; rp++) {
                    int j = j0 + rp * l8;
                    int aj = linIn ? aj0 + rp * al8 : at(j);
                    int a1 = linIn ? aj + aq : at(j + q);
                    int a2 = linIn ? aj + 2 * aq : at(j + 2 * q);
                    int a3 = linIn ? aj + 3 * aq : at(j + 3 * q);
                    FloatVector a0r = FloatVector.fromArray(SPECIES, inR, aj);
                    FloatVector a0i = FloatVector.fromArray(SPECIES, inI, aj);
                    FloatVector a1r = FloatVector.fromArray(SPECIES, inR, a1);
                    FloatVector a1i = FloatVector.fromArray(SPECIES, inI, a1);
                    FloatVector a2r = FloatVector.fromArray(SPECIES, inR, a2);
                    FloatVector a2i = FloatVector.fromArray(SPECIES, inI, a2);
                    FloatVector a3r = FloatVector.fromArray(SPECIES, inR, a3);
                    FloatVector a3i = FloatVector.fromArray(SPECIES, inI, a3);
                    if (twiddle) {
                        FloatVector xr = a1r.mul(w1r).sub(a1i.mul(w1i));
                        FloatVector xi = a1r.mul(w1i).add(a1i.mul(w1r));
                        a1r = xr;
                        a1i = xi;
                        xr = a2r.mul(w2r).sub(a2i.mul(w2i));
                        xi = a2r.mul(w2i).add(a2i.mul(w2r));
                        a2r = xr;
                        a2i = xi;
                        xr = a3r.mul(w3r).sub(a3i.mul(w3i));
                        xi = a3r.mul(w3i).add(a3i.mul(w3r));
                        a3r = xr;
                        a3i = xi;
                    }
                    FloatVector t0r = a0r.add(a2r);
                    FloatVector t0i = a0i.add(a2i);
                    FloatVector t1r = a0r.sub(a2r);
                    FloatVector t1i = a0i.sub(a2i);
                    FloatVector t2r = a1r.add(a3r);
                    FloatVector t2i = a1i.add(a3i);
                    FloatVector t3r = a1r.sub(a3r);
                    FloatVector t3i = a1i.sub(a3i);
                    // Output r of producer rp goes to slot r * 2 + rp.
                    t0r.add(t2r).intoArray(sc, rp * LANES);
                    t0i.add(t2i).intoArray(sc, im + rp * LANES);
                    t1r.add(t3i).intoArray(sc, (2 + rp) * LANES);
                    t1i.sub(t3r).intoArray(sc, im + (2 + rp) * LANES);
                    t0r.sub(t2r).intoArray(sc, (4 + rp) * LANES);
                    t0i.sub(t2i).intoArray(sc, im + (4 + rp) * LANES);
                    t1r.sub(t3i).intoArray(sc, (6 + rp) * LANES);
                    t1i.add(t3r).intoArray(sc, im + (6 + rp) * LANES);
                }
                for (int r = 0; r < 4; r++) {
                    int kk = k + r * s;
                    int tb = 2 * (twB + kk);
                    FloatVector b0r = FloatVector.fromArray(SPECIES, sc, (r * 2) * LANES);
                    FloatVector b0i = FloatVector.fromArray(SPECIES, sc, im + (r * 2) * LANES);
                    FloatVector b1r = FloatVector.fromArray(SPECIES, sc, (r * 2 + 1) * LANES);
                    FloatVector b1i = FloatVector.fromArray(SPECIES, sc, im + (r * 2 + 1) * LANES);
                    FloatVector vr = FloatVector.broadcast(SPECIES, tw[tb]);
                    FloatVector vi = FloatVector.broadcast(SPECIES, tw[tb + 1]);
                    FloatVector xr = b1r.mul(vr).sub(b1i.mul(vi));
                    FloatVector xi = b1r.mul(vi).add(b1i.mul(vr));
                    int o = g * 8 * s + kk;
                    int o0 = at(o);
                    int o1 = linOut ? o0 + as4 : at(o + 4 * s);
                    b0r.add(xr).intoArray(outR, o0);
                    b0i.add(xi).intoArray(outI, o0);
                    b0r.sub(xr).intoArray(outR, o1);
                    b0i.sub(xi).intoArray(outI, o1);
                }
            }
        }
    }

    private void pass3(float[] inR, float[] inI, float[] outR, float[] outI, int s, int twBase) {
        int stride = length / 3;
        int groups = stride / s;
        int aStride = at(stride);
        boolean linIn = stride % 16 == 0;
        boolean linOut = s % 16 == 0;
        int aS = at(s);
        FloatVector c3 = FloatVector.broadcast(SPECIES, ReferenceFft.C3);
        FloatVector s3 = FloatVector.broadcast(SPECIES, ReferenceFft.S3);
        for (int k = 0; k < s; k++) {
            FloatVector w1r = null;
            FloatVector w1i = null;
            FloatVector w2r = null;
            FloatVector w2i = null;
            if (s > 1) {
                int t = 2 * (twBase + k * 2);
                w1r = FloatVector.broadcast(SPECIES, tw[t]);
                w1i = FloatVector.broadcast(SPECIES, tw[t + 1]);
                w2r = FloatVector.broadcast(SPECIES, tw[t + 2]);
                w2i = FloatVector.broadcast(SPECIES, tw[t + 3]);
            }
            for (int g = 0; g < groups; g++) {
                int j = g * s + k;
                int aj = at(j);
                FloatVector a0r = FloatVector.fromArray(SPECIES, inR, aj);
                FloatVector a0i = FloatVector.fromArray(SPECIES, inI, aj);
                FloatVector a1r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + aStride : at(j + stride));
                FloatVector a1i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + aStride : at(j + stride));
                FloatVector a2r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + 2 * aStride : at(j + 2 * stride));
                FloatVector a2i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + 2 * aStride : at(j + 2 * stride));
                if (s > 1) {
                    FloatVector xr = a1r.mul(w1r).sub(a1i.mul(w1i));
                    FloatVector xi = a1r.mul(w1i).add(a1i.mul(w1r));
                    a1r = xr;
                    a1i = xi;
                    xr = a2r.mul(w2r).sub(a2i.mul(w2i));
                    xi = a2r.mul(w2i).add(a2i.mul(w2r));
                    a2r = xr;
                    a2i = xi;
                }
                FloatVector t1r = a1r.add(a2r);
                FloatVector t1i = a1i.add(a2i);
                FloatVector t2r = a1r.sub(a2r);
                FloatVector t2i = a1i.sub(a2i);
                int o = g * s * 3 + k;
                int ao = at(o);
                a0r.add(t1r).intoArray(outR, ao);
                a0i.add(t1i).intoArray(outI, ao);
                FloatVector mr = a0r.add(t1r.mul(c3));
                FloatVector mi = a0i.add(t1i.mul(c3));
                FloatVector u = t2i.mul(s3);
                FloatVector v = t2r.mul(s3);
                mr.sub(u).intoArray(outR, (linOut ? ao + aS : at(o + s)));
                mi.add(v).intoArray(outI, (linOut ? ao + aS : at(o + s)));
                mr.add(u).intoArray(outR, (linOut ? ao + 2 * aS : at(o + 2 * s)));
                mi.sub(v).intoArray(outI, (linOut ? ao + 2 * aS : at(o + 2 * s)));
            }
        }
    }

    private void pass5(float[] inR, float[] inI, float[] outR, float[] outI, int s, int twBase) {
        int stride = length / 5;
        int groups = stride / s;
        int aStride = at(stride);
        boolean linIn = stride % 16 == 0;
        boolean linOut = s % 16 == 0;
        int aS = at(s);
        FloatVector c1 = FloatVector.broadcast(SPECIES, ReferenceFft.C51);
        FloatVector c2 = FloatVector.broadcast(SPECIES, ReferenceFft.C52);
        FloatVector s1 = FloatVector.broadcast(SPECIES, ReferenceFft.S51);
        FloatVector s2 = FloatVector.broadcast(SPECIES, ReferenceFft.S52);
        for (int k = 0; k < s; k++) {
            int t = 2 * (twBase + k * 4);
            for (int g = 0; g < groups; g++) {
                int j = g * s + k;
                int aj = at(j);
                FloatVector a0r = FloatVector.fromArray(SPECIES, inR, aj);
                FloatVector a0i = FloatVector.fromArray(SPECIES, inI, aj);
                FloatVector a1r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + aStride : at(j + stride));
                FloatVector a1i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + aStride : at(j + stride));
                FloatVector a2r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + 2 * aStride : at(j + 2 * stride));
                FloatVector a2i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + 2 * aStride : at(j + 2 * stride));
                FloatVector a3r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + 3 * aStride : at(j + 3 * stride));
                FloatVector a3i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + 3 * aStride : at(j + 3 * stride));
                FloatVector a4r = FloatVector.fromArray(SPECIES, inR, linIn ? aj + 4 * aStride : at(j + 4 * stride));
                FloatVector a4i = FloatVector.fromArray(SPECIES, inI, linIn ? aj + 4 * aStride : at(j + 4 * stride));
                if (s > 1) {
                    FloatVector wr = FloatVector.broadcast(SPECIES, tw[t]);
                    FloatVector wi = FloatVector.broadcast(SPECIES, tw[t + 1]);
                    FloatVector xr = a1r.mul(wr).sub(a1i.mul(wi));
                    FloatVector xi = a1r.mul(wi).add(a1i.mul(wr));
                    a1r = xr;
                    a1i = xi;
                    wr = FloatVector.broadcast(SPECIES, tw[t + 2]);
                    wi = FloatVector.broadcast(SPECIES, tw[t + 3]);
                    xr = a2r.mul(wr).sub(a2i.mul(wi));
                    xi = a2r.mul(wi).add(a2i.mul(wr));
                    a2r = xr;
                    a2i = xi;
                    wr = FloatVector.broadcast(SPECIES, tw[t + 4]);
                    wi = FloatVector.broadcast(SPECIES, tw[t + 5]);
                    xr = a3r.mul(wr).sub(a3i.mul(wi));
                    xi = a3r.mul(wi).add(a3i.mul(wr));
                    a3r = xr;
                    a3i = xi;
                    wr = FloatVector.broadcast(SPECIES, tw[t + 6]);
                    wi = FloatVector.broadcast(SPECIES, tw[t + 7]);
                    xr = a4r.mul(wr).sub(a4i.mul(wi));
                    xi = a4r.mul(wi).add(a4i.mul(wr));
                    a4r = xr;
                    a4i = xi;
                }
                FloatVector t1r = a1r.add(a4r);
                FloatVector t1i = a1i.add(a4i);
                FloatVector t2r = a2r.add(a3r);
                FloatVector t2i = a2i.add(a3i);
                FloatVector t3r = a1r.sub(a4r);
                FloatVector t3i = a1i.sub(a4i);
                FloatVector t4r = a2r.sub(a3r);
                FloatVector t4i = a2i.sub(a3i);
                int o = g * s * 5 + k;
                int ao = at(o);
                a0r.add(t1r).add(t2r).intoArray(outR, ao);
                a0i.add(t1i).add(t2i).intoArray(outI, ao);
                FloatVector m1r = a0r.add(t1r.mul(c1)).add(t2r.mul(c2));
                FloatVector m1i = a0i.add(t1i.mul(c1)).add(t2i.mul(c2));
                FloatVector m2r = a0r.add(t1r.mul(c2)).add(t2r.mul(c1));
                FloatVector m2i = a0i.add(t1i.mul(c2)).add(t2i.mul(c1));
                FloatVector n1r = t3r.mul(s1).add(t4r.mul(s2));
                FloatVector n1i = t3i.mul(s1).add(t4i.mul(s2));
                FloatVector n2r = t3r.mul(s2).sub(t4r.mul(s1));
                FloatVector n2i = t3i.mul(s2).sub(t4i.mul(s1));
                m1r.sub(n1i).intoArray(outR, (linOut ? ao + aS : at(o + s)));
                m1i.add(n1r).intoArray(outI, (linOut ? ao + aS : at(o + s)));
                m1r.add(n1i).intoArray(outR, (linOut ? ao + 4 * aS : at(o + 4 * s)));
                m1i.sub(n1r).intoArray(outI, (linOut ? ao + 4 * aS : at(o + 4 * s)));
                m2r.sub(n2i).intoArray(outR, (linOut ? ao + 2 * aS : at(o + 2 * s)));
                m2i.add(n2r).intoArray(outI, (linOut ? ao + 2 * aS : at(o + 2 * s)));
                m2r.add(n2i).intoArray(outR, (linOut ? ao + 3 * aS : at(o + 3 * s)));
                m2i.sub(n2r).intoArray(outI, (linOut ? ao + 3 * aS : at(o + 3 * s)));
            }
        }
    }

    private void passGeneric(
            float[] inR, float[] inI, float[] outR, float[] outI, int r, int s, int twBase, int rb, float[] sc) {
        int stride = length / r;
        int groups = stride / s;
        int imOff = r * LANES;
        for (int k = 0; k < s; k++) {
            for (int g = 0; g < groups; g++) {
                int j = g * s + k;
                for (int q = 0; q < r; q++) {
                    FloatVector ar = ld(inR, j + q * stride);
                    FloatVector ai = ld(inI, j + q * stride);
                    if (s > 1 && q > 0) {
                        int t = 2 * (twBase + k * (r - 1) + q - 1);
                        FloatVector wr = FloatVector.broadcast(SPECIES, tw[t]);
                        FloatVector wi = FloatVector.broadcast(SPECIES, tw[t + 1]);
                        FloatVector xr = ar.mul(wr).sub(ai.mul(wi));
                        FloatVector xi = ar.mul(wi).add(ai.mul(wr));
                        ar = xr;
                        ai = xi;
                    }
                    ar.intoArray(sc, q * LANES);
                    ai.intoArray(sc, imOff + q * LANES);
                }
                int o = g * s * r + k;
                for (int q = 0; q < r; q++) {
                    FloatVector sr = FloatVector.fromArray(SPECIES, sc, 0);
                    FloatVector si = FloatVector.fromArray(SPECIES, sc, imOff);
                    for (int t = 1; t < r; t++) {
                        int w = 2 * (rb + (q * t) % r);
                        FloatVector wr = FloatVector.broadcast(SPECIES, roots[w]);
                        FloatVector wi = FloatVector.broadcast(SPECIES, roots[w + 1]);
                        FloatVector xr = FloatVector.fromArray(SPECIES, sc, t * LANES);
                        FloatVector xi = FloatVector.fromArray(SPECIES, sc, imOff + t * LANES);
                        sr = sr.add(xr.mul(wr).sub(xi.mul(wi)));
                        si = si.add(xr.mul(wi).add(xi.mul(wr)));
                    }
                    sr.intoArray(outR, at(o + q * s));
                    si.intoArray(outI, at(o + q * s));
                }
            }
        }
    }

    /** The underlying plan. */
    FftPlan plan() {
        return plan;
    }

    /**
     * Real post-processing of {@link RealFftPlan} for even nFft: from the half-length result {@code Z} in {@code
     * (zRe, zIm)} ({@code n} elements) to {@code n + 1} bins in {@code (xRe, xIm)}.
     */
    static void realPost(float[] zRe, float[] zIm, float[] xRe, float[] xIm, int n, float[] post) {
        FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
        for (int k = 0; k <= n; k++) {
            int a = k == n ? 0 : k;
            int b = k == 0 ? 0 : n - k;
            FloatVector ar = ld(zRe, a);
            FloatVector ai = ld(zIm, a);
            FloatVector br = ld(zRe, b);
            FloatVector bi = ld(zIm, b);
            FloatVector er = ar.add(br).mul(half);
            FloatVector ei = ai.sub(bi).mul(half);
            FloatVector or = ai.add(bi).mul(half);
            FloatVector oi = br.sub(ar).mul(half);
            FloatVector wr = FloatVector.broadcast(SPECIES, post[2 * k]);
            FloatVector wi = FloatVector.broadcast(SPECIES, post[2 * k + 1]);
            er.add(or.mul(wr).sub(oi.mul(wi))).intoArray(xRe, at(k));
            ei.add(oi.mul(wr).add(or.mul(wi))).intoArray(xIm, at(k));
        }
    }

    /**
     * {@link #realPost} fused with the power stage: {@code pw[k] = re*re + im*im} of each bin (then {@code sqrt} when
     * {@code sqrt}), stored densely ({@code k * LANES}) without writing the complex bins.
     */
    static void realPostPower(float[] zRe, float[] zIm, float[] pw, int n, float[] post, boolean sqrt) {
        realPostPower(zRe, zIm, pw, n, post, sqrt, LANES, 0);
    }

    /** As above, bin {@code k} stored at {@code pw[k * rowStride + col]}. */
    static void realPostPower(
            float[] zRe, float[] zIm, float[] pw, int n, float[] post, boolean sqrt, int rowStride, int col) {
        FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
        for (int k = 0; k <= n; k++) {
            int a = k == n ? 0 : k;
            int b = k == 0 ? 0 : n - k;
            FloatVector ar = ld(zRe, a);
            FloatVector ai = ld(zIm, a);
            FloatVector br = ld(zRe, b);
            FloatVector bi = ld(zIm, b);
            FloatVector er = ar.add(br).mul(half);
            FloatVector ei = ai.sub(bi).mul(half);
            FloatVector or = ai.add(bi).mul(half);
            FloatVector oi = br.sub(ar).mul(half);
            FloatVector wr = FloatVector.broadcast(SPECIES, post[2 * k]);
            FloatVector wi = FloatVector.broadcast(SPECIES, post[2 * k + 1]);
            FloatVector re = er.add(or.mul(wr).sub(oi.mul(wi)));
            FloatVector im = ei.add(oi.mul(wr).add(or.mul(wi)));
            FloatVector p = re.mul(re).add(im.mul(im));
            if (sqrt) {
                p = p.lanewise(jdk.incubator.vector.VectorOperators.SQRT);
            }
            p.intoArray(pw, k * rowStride + col);
        }
    }
}
