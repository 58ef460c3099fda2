package io.spectro.cpu;

import io.spectro.dsp.RealFftPlan;
import io.spectro.dsp.ReferenceFft;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API implementation of {@link RealFftBatch}: frames are transformed {@link VectorFft#LANES} at a time, one
 * per SIMD lane, each bit-identical to {@link ReferenceFft#realForward}. Only loaded when {@link Simd#available()}
 * (its static state reads the vector species). An instance holds its work buffers: use one per thread.
 */
final class VectorRealFft {
    private static final int B = VectorFft.LANES;
    private static final int[] TILE_MAP = new int[B];

    static {
        for (int l = 0; l < B; l++) {
            TILE_MAP[l] = l * 2 * B;
        }
    }

    private final RealFftPlan plan;
    private final VectorFft fft;
    private final float[] post;
    private final int nFft;
    private final int nFreq;
    private final int half;
    private final boolean even;
    private final int stride;
    private final int[] idx = new int[B];
    private final float[] stage;
    private final float[] aRe;
    private final float[] aIm;
    private final float[] bRe;
    private final float[] bIm;
    private final float[] xRe;
    private final float[] xIm;
    private final float[] radix;
    private final float[] tile = new float[2 * B * B];
    private final float[] ta = new float[Transpose.BLOCK];
    private final float[] tb = new float[Transpose.BLOCK];

    /** A batch FFT for frames of {@code nFft >= 2} samples. */
    VectorRealFft(int nFft) {
        this.plan = RealFftPlan.of(nFft);
        this.fft = new VectorFft(plan.complexPlan());
        this.post = plan.postTwiddles();
        this.nFft = nFft;
        this.nFreq = nFft / 2 + 1;
        this.half = nFft / 2;
        this.even = nFft % 2 == 0;
        // Frames a multiple of 32 floats apart share cache sets in a gather: stage them 16 floats further apart.
        this.stride = nFft % 32 == 0 ? nFft + 16 : nFft;
        this.stage = new float[B * stride];
        int planes = Math.max(fft.planeFloats(), VectorFft.planeFloats(even ? half : nFft));
        aRe = new float[planes];
        aIm = new float[planes];
        bRe = new float[planes];
        bIm = new float[planes];
        xRe = new float[VectorFft.planeFloats(nFreq + 1)];
        xIm = new float[VectorFft.planeFloats(nFreq + 1)];
        radix = new float[Math.max(fft.radixScratchFloats(), 2 * B)];
    }

    /** Samples per frame. */
    int nFft() {
        return nFft;
    }

    /** Bins per frame, {@code nFft/2 + 1}. */
    int nFreq() {
        return nFreq;
    }

    /** See {@link RealFftBatch#forward}. */
    void forward(float[] in, int inOffset, int count, float[] out, int outOffset) {
        if (count < 0 || inOffset < 0 || outOffset < 0) {
            throw new IllegalArgumentException("count and offsets must be >= 0");
        }
        if ((long) inOffset + (long) count * nFft > in.length) {
            throw new IndexOutOfBoundsException(
                    count + " frames of " + nFft + " from " + inOffset + " exceed the input of " + in.length);
        }
        if ((long) outOffset + (long) count * nFreq * 2 > out.length) {
            throw new IndexOutOfBoundsException(count + " frames of " + nFreq + " complex bins from " + outOffset
                    + " exceed the output of " + out.length);
        }
        for (int f0 = 0; f0 < count; f0 += B) {
            int valid = Math.min(B, count - f0);
            float[] src = in;
            int base = inOffset + f0 * nFft;
            int rowStride = nFft;
            if (stride != nFft || valid < B) {
                // Staged: frames a multiple of 32 floats apart would share cache sets, and a partial block must not
                // read past the input (the lanes beyond the last frame read stale staging data, never used).
                for (int l = 0; l < valid; l++) {
                    System.arraycopy(in, base + l * nFft, stage, l * stride, nFft);
                }
                src = stage;
                base = 0;
                rowStride = stride;
            }
            for (int l = 0; l < B; l++) {
                idx[l] = Math.min(l, valid - 1) * rowStride;
            }
            load(src, base, rowStride);
            boolean inB = fft.forward(aRe, aIm, bRe, bIm, radix);
            float[] zRe = inB ? bRe : aRe;
            float[] zIm = inB ? bIm : aIm;
            float[] xr = zRe;
            float[] xi = zIm;
            if (even) {
                VectorFft.realPost(zRe, zIm, xRe, xIm, half, post);
                xr = xRe;
                xi = xIm;
            }
            store(xr, xi, out, outOffset + f0 * nFreq * 2, valid);
        }
    }

    private void load(float[] src, int base, int stride) {
        int blocks = nFft / B;
        for (int blk = 0; blk < blocks; blk++) {
            int i0 = blk * B;
            float[] t;
            if (Transpose.SIXTEEN) {
                Transpose.block16(src, base + i0, stride, ta);
                t = ta;
            } else {
                t = Transpose.block(src, base + i0, stride, ta, tb);
            }
            for (int c = 0; c < B; c++) {
                FloatVector v = FloatVector.fromArray(VectorFft.SPECIES, t, c * B);
                int i = i0 + c;
                if (even) {
                    v.intoArray((i & 1) == 0 ? aRe : aIm, VectorFft.at(i >> 1));
                } else {
                    v.intoArray(aRe, VectorFft.at(i));
                }
            }
        }
        for (int i = blocks * B; i < nFft; i++) {
            FloatVector v = FloatVector.fromArray(VectorFft.SPECIES, src, base + i, idx, 0);
            if (even) {
                v.intoArray((i & 1) == 0 ? aRe : aIm, VectorFft.at(i >> 1));
            } else {
                v.intoArray(aRe, VectorFft.at(i));
            }
        }
        if (!even) {
            FloatVector zero = FloatVector.zero(VectorFft.SPECIES);
            for (int i = 0; i < nFft; i++) {
                zero.intoArray(aIm, VectorFft.at(i));
            }
        }
    }

    /**
     * Transposes {@code [bin][lane]} into frame-major interleaved output: {@code LANES/2} bins at a time, the rows
     * {@code re k0, im k0, re k0+1, ...} transposed in registers so each frame gets {@code LANES} contiguous floats;
     * the last bins through the tile with scatter stores.
     */
    private void store(float[] xr, float[] xi, float[] out, int outBase, int valid) {
        int rowFloats = nFreq * 2;
        int per = B / 2;
        int full = nFreq / per;
        for (int blk = 0; blk < full; blk++) {
            int k0 = blk * per;
            if (Transpose.SIXTEEN) {
                Transpose.planesToFrames16(xr, xi, k0, out, outBase + 2 * k0, rowFloats, valid);
                continue;
            }
            for (int kk = 0; kk < per; kk++) {
                FloatVector.fromArray(VectorFft.SPECIES, xr, VectorFft.at(k0 + kk))
                        .intoArray(ta, 2 * kk * B);
                FloatVector.fromArray(VectorFft.SPECIES, xi, VectorFft.at(k0 + kk))
                        .intoArray(ta, (2 * kk + 1) * B);
            }
            float[] t = Transpose.stages(ta, tb);
            for (int l = 0; l < valid; l++) {
                FloatVector.fromArray(VectorFft.SPECIES, t, l * B).intoArray(out, outBase + l * rowFloats + 2 * k0);
            }
        }
        int k0 = full * per;
        int bins = nFreq - k0;
        if (bins == 0) {
            return;
        }
        for (int kk = 0; kk < bins; kk++) {
            FloatVector.fromArray(VectorFft.SPECIES, xr, VectorFft.at(k0 + kk)).intoArray(tile, 2 * kk, TILE_MAP, 0);
            FloatVector.fromArray(VectorFft.SPECIES, xi, VectorFft.at(k0 + kk))
                    .intoArray(tile, 2 * kk + 1, TILE_MAP, 0);
        }
        for (int l = 0; l < valid; l++) {
            System.arraycopy(tile, l * 2 * B, out, outBase + l * rowFloats + 2 * k0, 2 * bins);
        }
    }
}
