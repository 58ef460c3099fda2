package io.spectro.cpu;

import io.spectro.dsp.RealFftPlan;
import io.spectro.dsp.ReferenceFft;
import jdk.incubator.vector.FloatVector;

/**
 * Spectro's real FFT over many frames at once, frame-major in and out (the layout of {@code numpy.fft.rfft} over the
 * last axis): {@code count} frames of {@code nFft} samples in, {@code count x (nFft/2 + 1)} complex bins out,
 * interleaved re, im. Each frame's result is bit-identical to {@link ReferenceFft#realForward} (any {@code nFft >= 2}:
 * mixed radix, Bluestein for large prime factors).
 *
 * <p>Frames are transformed {@link VectorFft#LANES} at a time, one per SIMD lane. Needs the Vector API ({@code
 * --add-modules jdk.incubator.vector}). An instance holds its work buffers: use one per thread.
 */
public final class RealFftBatch {
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

    /** A batch FFT for frames of {@code nFft >= 2} samples. */
    public RealFftBatch(int nFft) {
        if (!Simd.available()) {
            throw new IllegalStateException(
                    "RealFftBatch needs the Vector API: start the JVM with --add-modules jdk.incubator.vector");
        }
        this.plan = RealFftPlan.of(nFft);
        this.fft = new VectorFft(plan.complexPlan());
        this.post = plan.postTwiddles();
        this.nFft = nFft;
        this.nFreq = nFft / 2 + 1;
        this.half = nFft / 2;
        this.even = nFft % 2 == 0;
        // Frames a multiple of 32 floats apart share cache sets in a gather: stage them 16 floats further apart.
        this.stride = nFft % 32 == 0 ? nFft + 16 : nFft;
        this.stage = stride != nFft ? new float[B * stride] : null;
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
    public int nFft() {
        return nFft;
    }

    /** Bins per frame, {@code nFft/2 + 1}. */
    public int nFreq() {
        return nFreq;
    }

    /**
     * Transforms frames {@code in[inOffset + f*nFft ..]} for {@code f < count} into {@code out[outOffset + (f*nFreq +
     * k)*2 + {0: re, 1: im}]}.
     */
    public void forward(float[] in, int inOffset, int count, float[] out, int outOffset) {
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
            if (stage != null) {
                for (int l = 0; l < valid; l++) {
                    System.arraycopy(in, base + l * nFft, stage, l * stride, nFft);
                }
                src = stage;
                base = 0;
            }
            for (int l = 0; l < B; l++) {
                idx[l] = Math.min(l, valid - 1) * stride;
            }
            load(src, base);
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

    private void load(float[] src, int base) {
        if (even) {
            for (int j = 0; j < half; j++) {
                FloatVector.fromArray(VectorFft.SPECIES, src, base + 2 * j, idx, 0)
                        .intoArray(aRe, VectorFft.at(j));
                FloatVector.fromArray(VectorFft.SPECIES, src, base + 2 * j + 1, idx, 0)
                        .intoArray(aIm, VectorFft.at(j));
            }
        } else {
            FloatVector zero = FloatVector.zero(VectorFft.SPECIES);
            for (int i = 0; i < nFft; i++) {
                FloatVector.fromArray(VectorFft.SPECIES, src, base + i, idx, 0).intoArray(aRe, VectorFft.at(i));
                zero.intoArray(aIm, VectorFft.at(i));
            }
        }
    }

    /** Transposes {@code [bin][lane]} into frame-major output, {@code B} bins at a time through a small tile. */
    private void store(float[] xr, float[] xi, float[] out, int outBase, int valid) {
        int rowFloats = nFreq * 2;
        for (int k0 = 0; k0 < nFreq; k0 += B) {
            int bins = Math.min(B, nFreq - k0);
            for (int kk = 0; kk < bins; kk++) {
                FloatVector.fromArray(VectorFft.SPECIES, xr, VectorFft.at(k0 + kk))
                        .intoArray(tile, 2 * kk, TILE_MAP, 0);
                FloatVector.fromArray(VectorFft.SPECIES, xi, VectorFft.at(k0 + kk))
                        .intoArray(tile, 2 * kk + 1, TILE_MAP, 0);
            }
            int floats = 2 * bins;
            for (int l = 0; l < valid; l++) {
                int o = outBase + l * rowFloats + 2 * k0;
                int t = l * 2 * B;
                if (floats == 2 * B) {
                    FloatVector.fromArray(VectorFft.SPECIES, tile, t).intoArray(out, o);
                    FloatVector.fromArray(VectorFft.SPECIES, tile, t + B).intoArray(out, o + B);
                } else {
                    System.arraycopy(tile, t, out, o, floats);
                }
            }
        }
    }
}
