package io.spectro.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * In-register transposition of a {@code LANES x LANES} float block by perfect shuffles: {@code log2(LANES)} stages, each
 * interleaving row {@code j} with row {@code j + LANES/2} through two-source permutes. It moves data only (no
 * arithmetic), replacing gathers and scatters, which cost several times more per element.
 */
final class Transpose {
    private static final VectorSpecies<Float> S = VectorFft.SPECIES;
    private static final int B = VectorFft.LANES;
    private static final int STAGES = Integer.numberOfTrailingZeros(B);
    private static final VectorShuffle<Float> LO;
    private static final VectorShuffle<Float> HI;
    /** Whether the unrolled 16-lane versions apply. */
    static final boolean SIXTEEN = B == 16;

    static {
        int[] lo = new int[B];
        int[] hi = new int[B];
        for (int i = 0; i < B / 2; i++) {
            lo[2 * i] = i;
            lo[2 * i + 1] = B + i;
            hi[2 * i] = B / 2 + i;
            hi[2 * i + 1] = B + B / 2 + i;
        }
        LO = VectorShuffle.fromArray(S, lo, 0);
        HI = VectorShuffle.fromArray(S, hi, 0);
    }

    private Transpose() {}

    /** Floats of scratch each of the two buffers must hold. */
    static final int BLOCK = B * B;

    /**
     * Transposes the block whose row {@code l} is {@code src[base + l*stride, + LANES)}: afterwards row {@code c} of the
     * returned buffer ({@code [c*LANES, (c+1)*LANES)}) holds column {@code c}, i.e. lane {@code l} is {@code src[base +
     * l*stride + c]}. {@code a} and {@code b} are scratch of {@link #BLOCK} floats; the result is in one of them.
     */
    static float[] block(float[] src, int base, int stride, float[] a, float[] b) {
        for (int r = 0; r < B; r++) {
            FloatVector.fromArray(S, src, base + r * stride).intoArray(a, r * B);
        }
        return stages(a, b);
    }

    /** Transposes the block held as rows {@code [r*LANES, (r+1)*LANES)} of {@code a}; returns the buffer with the result. */
    static float[] stages(float[] a, float[] b) {
        for (int stage = 0; stage < STAGES; stage++) {
            for (int j = 0; j < B / 2; j++) {
                FloatVector x = FloatVector.fromArray(S, a, j * B);
                FloatVector y = FloatVector.fromArray(S, a, (j + B / 2) * B);
                x.rearrange(LO, y).intoArray(b, 2 * j * B);
                x.rearrange(HI, y).intoArray(b, (2 * j + 1) * B);
            }
            float[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * {@link #block} for 16 lanes, unrolled so the 64 permutes stay in registers: rows {@code src[base + r*stride,
     * +16)} in, columns out as rows of {@code dst} ({@code dst[c*16 + l] = src[base + l*stride + c]}).
     */
    static void block16(float[] src, int base, int stride, float[] dst) {
        FloatVector r0 = FloatVector.fromArray(S, src, base + 0 * stride);
        FloatVector r1 = FloatVector.fromArray(S, src, base + 1 * stride);
        FloatVector r2 = FloatVector.fromArray(S, src, base + 2 * stride);
        FloatVector r3 = FloatVector.fromArray(S, src, base + 3 * stride);
        FloatVector r4 = FloatVector.fromArray(S, src, base + 4 * stride);
        FloatVector r5 = FloatVector.fromArray(S, src, base + 5 * stride);
        FloatVector r6 = FloatVector.fromArray(S, src, base + 6 * stride);
        FloatVector r7 = FloatVector.fromArray(S, src, base + 7 * stride);
        FloatVector r8 = FloatVector.fromArray(S, src, base + 8 * stride);
        FloatVector r9 = FloatVector.fromArray(S, src, base + 9 * stride);
        FloatVector r10 = FloatVector.fromArray(S, src, base + 10 * stride);
        FloatVector r11 = FloatVector.fromArray(S, src, base + 11 * stride);
        FloatVector r12 = FloatVector.fromArray(S, src, base + 12 * stride);
        FloatVector r13 = FloatVector.fromArray(S, src, base + 13 * stride);
        FloatVector r14 = FloatVector.fromArray(S, src, base + 14 * stride);
        FloatVector r15 = FloatVector.fromArray(S, src, base + 15 * stride);
        FloatVector s0_0 = r0.rearrange(LO, r8);
        FloatVector s0_1 = r0.rearrange(HI, r8);
        FloatVector s0_2 = r1.rearrange(LO, r9);
        FloatVector s0_3 = r1.rearrange(HI, r9);
        FloatVector s0_4 = r2.rearrange(LO, r10);
        FloatVector s0_5 = r2.rearrange(HI, r10);
        FloatVector s0_6 = r3.rearrange(LO, r11);
        FloatVector s0_7 = r3.rearrange(HI, r11);
        FloatVector s0_8 = r4.rearrange(LO, r12);
        FloatVector s0_9 = r4.rearrange(HI, r12);
        FloatVector s0_10 = r5.rearrange(LO, r13);
        FloatVector s0_11 = r5.rearrange(HI, r13);
        FloatVector s0_12 = r6.rearrange(LO, r14);
        FloatVector s0_13 = r6.rearrange(HI, r14);
        FloatVector s0_14 = r7.rearrange(LO, r15);
        FloatVector s0_15 = r7.rearrange(HI, r15);
        FloatVector s1_0 = s0_0.rearrange(LO, s0_8);
        FloatVector s1_1 = s0_0.rearrange(HI, s0_8);
        FloatVector s1_2 = s0_1.rearrange(LO, s0_9);
        FloatVector s1_3 = s0_1.rearrange(HI, s0_9);
        FloatVector s1_4 = s0_2.rearrange(LO, s0_10);
        FloatVector s1_5 = s0_2.rearrange(HI, s0_10);
        FloatVector s1_6 = s0_3.rearrange(LO, s0_11);
        FloatVector s1_7 = s0_3.rearrange(HI, s0_11);
        FloatVector s1_8 = s0_4.rearrange(LO, s0_12);
        FloatVector s1_9 = s0_4.rearrange(HI, s0_12);
        FloatVector s1_10 = s0_5.rearrange(LO, s0_13);
        FloatVector s1_11 = s0_5.rearrange(HI, s0_13);
        FloatVector s1_12 = s0_6.rearrange(LO, s0_14);
        FloatVector s1_13 = s0_6.rearrange(HI, s0_14);
        FloatVector s1_14 = s0_7.rearrange(LO, s0_15);
        FloatVector s1_15 = s0_7.rearrange(HI, s0_15);
        FloatVector s2_0 = s1_0.rearrange(LO, s1_8);
        FloatVector s2_1 = s1_0.rearrange(HI, s1_8);
        FloatVector s2_2 = s1_1.rearrange(LO, s1_9);
        FloatVector s2_3 = s1_1.rearrange(HI, s1_9);
        FloatVector s2_4 = s1_2.rearrange(LO, s1_10);
        FloatVector s2_5 = s1_2.rearrange(HI, s1_10);
        FloatVector s2_6 = s1_3.rearrange(LO, s1_11);
        FloatVector s2_7 = s1_3.rearrange(HI, s1_11);
        FloatVector s2_8 = s1_4.rearrange(LO, s1_12);
        FloatVector s2_9 = s1_4.rearrange(HI, s1_12);
        FloatVector s2_10 = s1_5.rearrange(LO, s1_13);
        FloatVector s2_11 = s1_5.rearrange(HI, s1_13);
        FloatVector s2_12 = s1_6.rearrange(LO, s1_14);
        FloatVector s2_13 = s1_6.rearrange(HI, s1_14);
        FloatVector s2_14 = s1_7.rearrange(LO, s1_15);
        FloatVector s2_15 = s1_7.rearrange(HI, s1_15);
        FloatVector s3_0 = s2_0.rearrange(LO, s2_8);
        FloatVector s3_1 = s2_0.rearrange(HI, s2_8);
        FloatVector s3_2 = s2_1.rearrange(LO, s2_9);
        FloatVector s3_3 = s2_1.rearrange(HI, s2_9);
        FloatVector s3_4 = s2_2.rearrange(LO, s2_10);
        FloatVector s3_5 = s2_2.rearrange(HI, s2_10);
        FloatVector s3_6 = s2_3.rearrange(LO, s2_11);
        FloatVector s3_7 = s2_3.rearrange(HI, s2_11);
        FloatVector s3_8 = s2_4.rearrange(LO, s2_12);
        FloatVector s3_9 = s2_4.rearrange(HI, s2_12);
        FloatVector s3_10 = s2_5.rearrange(LO, s2_13);
        FloatVector s3_11 = s2_5.rearrange(HI, s2_13);
        FloatVector s3_12 = s2_6.rearrange(LO, s2_14);
        FloatVector s3_13 = s2_6.rearrange(HI, s2_14);
        FloatVector s3_14 = s2_7.rearrange(LO, s2_15);
        FloatVector s3_15 = s2_7.rearrange(HI, s2_15);
        s3_0.intoArray(dst, 0);
        s3_1.intoArray(dst, 16);
        s3_2.intoArray(dst, 32);
        s3_3.intoArray(dst, 48);
        s3_4.intoArray(dst, 64);
        s3_5.intoArray(dst, 80);
        s3_6.intoArray(dst, 96);
        s3_7.intoArray(dst, 112);
        s3_8.intoArray(dst, 128);
        s3_9.intoArray(dst, 144);
        s3_10.intoArray(dst, 160);
        s3_11.intoArray(dst, 176);
        s3_12.intoArray(dst, 192);
        s3_13.intoArray(dst, 208);
        s3_14.intoArray(dst, 224);
        s3_15.intoArray(dst, 240);
    }

    /**
     * The store-side transpose for 16 lanes: the 8 bins {@code k0..k0+7} of the planes {@code xr, xi} (lanes =
     * frames) become, for each frame {@code l < valid}, 16 contiguous floats {@code re, im, re, im, ...} at {@code
     * out[outBase + l*rowFloats]}.
     */
    static void planesToFrames16(float[] xr, float[] xi, int k0, float[] out, int outBase, int rowFloats, int valid) {
        FloatVector r0 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 0));
        FloatVector r1 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 0));
        FloatVector r2 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 1));
        FloatVector r3 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 1));
        FloatVector r4 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 2));
        FloatVector r5 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 2));
        FloatVector r6 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 3));
        FloatVector r7 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 3));
        FloatVector r8 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 4));
        FloatVector r9 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 4));
        FloatVector r10 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 5));
        FloatVector r11 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 5));
        FloatVector r12 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 6));
        FloatVector r13 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 6));
        FloatVector r14 = FloatVector.fromArray(S, xr, VectorFft.at(k0 + 7));
        FloatVector r15 = FloatVector.fromArray(S, xi, VectorFft.at(k0 + 7));
        FloatVector s0_0 = r0.rearrange(LO, r8);
        FloatVector s0_1 = r0.rearrange(HI, r8);
        FloatVector s0_2 = r1.rearrange(LO, r9);
        FloatVector s0_3 = r1.rearrange(HI, r9);
        FloatVector s0_4 = r2.rearrange(LO, r10);
        FloatVector s0_5 = r2.rearrange(HI, r10);
        FloatVector s0_6 = r3.rearrange(LO, r11);
        FloatVector s0_7 = r3.rearrange(HI, r11);
        FloatVector s0_8 = r4.rearrange(LO, r12);
        FloatVector s0_9 = r4.rearrange(HI, r12);
        FloatVector s0_10 = r5.rearrange(LO, r13);
        FloatVector s0_11 = r5.rearrange(HI, r13);
        FloatVector s0_12 = r6.rearrange(LO, r14);
        FloatVector s0_13 = r6.rearrange(HI, r14);
        FloatVector s0_14 = r7.rearrange(LO, r15);
        FloatVector s0_15 = r7.rearrange(HI, r15);
        FloatVector s1_0 = s0_0.rearrange(LO, s0_8);
        FloatVector s1_1 = s0_0.rearrange(HI, s0_8);
        FloatVector s1_2 = s0_1.rearrange(LO, s0_9);
        FloatVector s1_3 = s0_1.rearrange(HI, s0_9);
        FloatVector s1_4 = s0_2.rearrange(LO, s0_10);
        FloatVector s1_5 = s0_2.rearrange(HI, s0_10);
        FloatVector s1_6 = s0_3.rearrange(LO, s0_11);
        FloatVector s1_7 = s0_3.rearrange(HI, s0_11);
        FloatVector s1_8 = s0_4.rearrange(LO, s0_12);
        FloatVector s1_9 = s0_4.rearrange(HI, s0_12);
        FloatVector s1_10 = s0_5.rearrange(LO, s0_13);
        FloatVector s1_11 = s0_5.rearrange(HI, s0_13);
        FloatVector s1_12 = s0_6.rearrange(LO, s0_14);
        FloatVector s1_13 = s0_6.rearrange(HI, s0_14);
        FloatVector s1_14 = s0_7.rearrange(LO, s0_15);
        FloatVector s1_15 = s0_7.rearrange(HI, s0_15);
        FloatVector s2_0 = s1_0.rearrange(LO, s1_8);
        FloatVector s2_1 = s1_0.rearrange(HI, s1_8);
        FloatVector s2_2 = s1_1.rearrange(LO, s1_9);
        FloatVector s2_3 = s1_1.rearrange(HI, s1_9);
        FloatVector s2_4 = s1_2.rearrange(LO, s1_10);
        FloatVector s2_5 = s1_2.rearrange(HI, s1_10);
        FloatVector s2_6 = s1_3.rearrange(LO, s1_11);
        FloatVector s2_7 = s1_3.rearrange(HI, s1_11);
        FloatVector s2_8 = s1_4.rearrange(LO, s1_12);
        FloatVector s2_9 = s1_4.rearrange(HI, s1_12);
        FloatVector s2_10 = s1_5.rearrange(LO, s1_13);
        FloatVector s2_11 = s1_5.rearrange(HI, s1_13);
        FloatVector s2_12 = s1_6.rearrange(LO, s1_14);
        FloatVector s2_13 = s1_6.rearrange(HI, s1_14);
        FloatVector s2_14 = s1_7.rearrange(LO, s1_15);
        FloatVector s2_15 = s1_7.rearrange(HI, s1_15);
        FloatVector s3_0 = s2_0.rearrange(LO, s2_8);
        FloatVector s3_1 = s2_0.rearrange(HI, s2_8);
        FloatVector s3_2 = s2_1.rearrange(LO, s2_9);
        FloatVector s3_3 = s2_1.rearrange(HI, s2_9);
        FloatVector s3_4 = s2_2.rearrange(LO, s2_10);
        FloatVector s3_5 = s2_2.rearrange(HI, s2_10);
        FloatVector s3_6 = s2_3.rearrange(LO, s2_11);
        FloatVector s3_7 = s2_3.rearrange(HI, s2_11);
        FloatVector s3_8 = s2_4.rearrange(LO, s2_12);
        FloatVector s3_9 = s2_4.rearrange(HI, s2_12);
        FloatVector s3_10 = s2_5.rearrange(LO, s2_13);
        FloatVector s3_11 = s2_5.rearrange(HI, s2_13);
        FloatVector s3_12 = s2_6.rearrange(LO, s2_14);
        FloatVector s3_13 = s2_6.rearrange(HI, s2_14);
        FloatVector s3_14 = s2_7.rearrange(LO, s2_15);
        FloatVector s3_15 = s2_7.rearrange(HI, s2_15);
        s3_0.intoArray(out, outBase);
        if (valid > 1) {
            s3_1.intoArray(out, outBase + 1 * rowFloats);
        }
        if (valid > 2) {
            s3_2.intoArray(out, outBase + 2 * rowFloats);
        }
        if (valid > 3) {
            s3_3.intoArray(out, outBase + 3 * rowFloats);
        }
        if (valid > 4) {
            s3_4.intoArray(out, outBase + 4 * rowFloats);
        }
        if (valid > 5) {
            s3_5.intoArray(out, outBase + 5 * rowFloats);
        }
        if (valid > 6) {
            s3_6.intoArray(out, outBase + 6 * rowFloats);
        }
        if (valid > 7) {
            s3_7.intoArray(out, outBase + 7 * rowFloats);
        }
        if (valid > 8) {
            s3_8.intoArray(out, outBase + 8 * rowFloats);
        }
        if (valid > 9) {
            s3_9.intoArray(out, outBase + 9 * rowFloats);
        }
        if (valid > 10) {
            s3_10.intoArray(out, outBase + 10 * rowFloats);
        }
        if (valid > 11) {
            s3_11.intoArray(out, outBase + 11 * rowFloats);
        }
        if (valid > 12) {
            s3_12.intoArray(out, outBase + 12 * rowFloats);
        }
        if (valid > 13) {
            s3_13.intoArray(out, outBase + 13 * rowFloats);
        }
        if (valid > 14) {
            s3_14.intoArray(out, outBase + 14 * rowFloats);
        }
        if (valid > 15) {
            s3_15.intoArray(out, outBase + 15 * rowFloats);
        }
    }
}
