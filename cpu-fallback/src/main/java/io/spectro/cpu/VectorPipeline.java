package io.spectro.cpu;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.dsp.ClipInput;
import io.spectro.dsp.FrameFit;
import io.spectro.dsp.LogKind;
import io.spectro.dsp.MelFilterbank;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD implementation of {@link ReferencePipeline}: frames are processed {@link VectorFft#LANES} at a time, one
 * frame per vector lane, every lane doing exactly the reference's float operations (so results are bit-identical to
 * it). Framing and windowing gather straight into the FFT's planar layout; the mel projection runs over each filter's
 * band only; features are stored as whole vectors into the {@code [features][frames]} output, whose rows are
 * contiguous across frames.
 */
final class VectorPipeline {
    static final VectorSpecies<Float> S = VectorFft.SPECIES;
    static final int B = VectorFft.LANES;
    /** Frames gathered before the features are written out: 4 blocks, so output rows are written in runs. */
    static final int TILE = 4 * VectorFft.LANES;
    /** {@code PREFIX[n]}: the first {@code n} lanes, made once (a mask made per store would be allocated). */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] PREFIX = new VectorMask[VectorFft.LANES + 1];

    /** Largest frame stride (floats) for which framing transposes blocks instead of gathering. */
    private static final int TRANSPOSE_MAX_STRIDE = 256;

    /** Scatter maps interleaving re (even) and im (odd) lanes. */
    private static final int[] EVEN_LANES = new int[VectorFft.LANES];

    private static final int[] ODD_LANES = new int[VectorFft.LANES];

    static {
        for (int n = 0; n <= VectorFft.LANES; n++) {
            PREFIX[n] = VectorFft.SPECIES.indexInRange(0, n);
        }
        for (int l = 0; l < VectorFft.LANES; l++) {
            EVEN_LANES[l] = 2 * l;
            ODD_LANES[l] = 2 * l + 1;
        }
    }

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    final SpectrogramSpec spec;
    final SpecTables tables;
    private final VectorFft fft;
    private final float[] post;
    private final float[] window;
    private final int nFft;
    private final int nFreq;
    private final int half;
    private final boolean even;
    private final int hop;
    private final int pad;
    private final int f1;
    private final int[] melStart;
    private final int[] melLength;
    private final int[] melOffset;
    private final float[] melWeights;
    private final LogKind logKind;
    private final float logA;
    private final float logB;
    private final float logC;
    private final float powerHalf;
    private final float preemph;
    final boolean clipStage;
    /** Floats inserted after every {@code hop} source samples so that the lanes' gather addresses fall in different cache sets. */
    private final int gap;
    /** Offset of sample {@code i} of a frame in the spread source: {@code i + gap * (i / hop)}. */
    private final int[] sampleOffset;

    VectorPipeline(SpecTables tables) {
        this.tables = tables;
        this.spec = tables.spec();
        this.nFft = spec.nFft();
        this.nFreq = spec.nFreq();
        this.even = nFft % 2 == 0;
        this.half = nFft / 2;
        this.hop = spec.hopLength();
        this.pad = spec.padding();
        this.window = tables.frameWindow();
        this.fft = tables.fft() == null
                ? new VectorFft(io.spectro.dsp.FftPlan.of(1))
                : new VectorFft(tables.fft().complexPlan());
        this.post = tables.fft() == null ? new float[0] : tables.fft().postTwiddles();
        this.f1 = tables.frameFeatures();
        MelFilterbank mel = tables.mel();
        this.melStart = mel == null ? null : mel.starts();
        this.melLength = mel == null ? null : mel.lengths();
        this.melOffset = mel == null ? null : mel.offsets();
        this.melWeights = mel == null ? null : mel.weights();
        this.logKind = tables.logKind();
        this.logA = tables.logA();
        this.logB = tables.logB();
        this.logC = tables.logC();
        this.powerHalf = tables.powerHalf();
        this.preemph = tables.preemphasis();
        this.clipStage = tables.clipMax()
                || tables.affine()
                || spec.mfcc() != null
                || spec.deltaOrder() > 0
                || tables.normKind() != SpecTables.NormKind.NONE
                || tables.fitsFrames();
        // Frames hop*4 bytes apart with hop a multiple of 32 floats put all lanes of a gather into few cache sets
        // (hop 1024: one set, 16 lines, 12 ways: every gather misses). A 16-float gap after each hop makes the lane
        // stride an odd number of cache lines.
        this.gap = hop % 32 == 0 ? 16 : 0;
        this.sampleOffset = new int[spec.frameLength()];
        for (int i = 0; i < sampleOffset.length; i++) {
            sampleOffset[i] = i + gap * (i / hop);
        }
    }

    /** Copies a logical source window into the gapped layout ({@code hop} samples, then {@code gap} unused floats). */
    private void spread(float[] src, int span, float[] out) {
        for (int from = 0; from < span; from += hop) {
            System.arraycopy(src, from, out, phys(from), Math.min(hop, span - from));
        }
    }

    /** Per-thread buffers, reused across blocks, clips and batches. */
    final class Workspace {
        float[] src = new float[0];
        float[] spread = new float[0];
        final float[] aRe;
        final float[] aIm;
        final float[] bRe;
        final float[] bIm;
        final float[] xRe;
        final float[] xIm;
        final float[] pw;
        final float[] mel;
        final float[] frame;
        final float[] radix;
        final int[] idx = new int[B];
        final float[] lanes = new float[2 * B];
        final float[] two = new float[2];
        float[] clip = new float[0];
        float[] clip2 = new float[0];
        float[] normMean = new float[0];
        float[] normDen = new float[0];
        final float[] tile;
        int tileRows;
        final float[] transposed = new float[Transpose.BLOCK];

        Workspace() {
            int planes = Math.max(fft.planeFloats(), VectorFft.planeFloats(even ? half : nFft));
            aRe = new float[planes];
            aIm = new float[planes];
            bRe = new float[planes];
            bIm = new float[planes];
            xRe = new float[VectorFft.planeFloats(nFreq + 1)];
            xIm = new float[VectorFft.planeFloats(nFreq + 1)];
            pw = new float[nFreq * B];
            mel = new float[Math.max(1, melStart == null ? 1 : melStart.length) * B];
            frame = spec.spectrum() == SpectrumKind.FRAMES ? new float[nFft * B] : new float[0];
            tile = new float
                    [(spec.spectrum() == SpectrumKind.FRAMES
                                    ? nFft
                                    : spec.spectrum() == SpectrumKind.COMPLEX ? 2 * nFreq : f1)
                            * TILE];
            radix = new float[Math.max(fft.radixScratchFloats(), 2 * B)];
        }

        float[] src(int n) {
            if (src.length < n) {
                src = new float[Math.max(n, src.length + src.length / 2)];
            }
            return src;
        }

        float[] spread(int n) {
            if (spread.length < n) {
                spread = new float[Math.max(n, spread.length + spread.length / 2)];
            }
            return spread;
        }

        float[] clip(int n) {
            if (clip.length < n) {
                clip = new float[n];
            }
            return clip;
        }

        float[] clip2(int n) {
            if (clip2.length < n) {
                clip2 = new float[n];
            }
            return clip2;
        }

        float[] normMean(int rows) {
            if (normMean.length < rows) {
                normMean = new float[rows];
            }
            return normMean;
        }

        float[] normDen(int rows) {
            if (normDen.length < rows) {
                normDen = new float[rows];
            }
            return normDen;
        }
    }

    Workspace newWorkspace() {
        return new Workspace();
    }

    /** Features per frame written by the frame stage. */
    int frameFeatures() {
        return f1;
    }

    /**
     * The frame stage for frames {@code [t0, t1)} of clip {@code c} ({@code frames} in all): features written at
     * {@code row * frames + t} of {@code arr} (from {@code arrBase}) when {@code arr != null}, else of {@code seg}
     * (from byte {@code segBase}). COMPLEX output is interleaved.
     */
    void frameStage(
            ClipBatch batch,
            int c,
            int frames,
            int t0,
            int t1,
            Workspace w,
            float[] arr,
            int arrBase,
            MemorySegment seg,
            long segBase) {
        if (t1 <= t0) {
            return;
        }
        int len = ClipInput.length(tables, batch, c);
        long p0 = (long) t0 * hop;
        int span = (t1 - 1 - t0) * hop + spec.frameLength();
        float[] src = gap > 0 ? w.spread(phys(span) + gap) : w.src(span);
        if (spec.frameMode() == FrameMode.KALDI) {
            copyGapped(batch, c, (int) p0, src, 0, span);
        } else if (preemph == 0.0f) {
            fillTorchSource(batch, c, len, p0, span, src, w);
        } else {
            // Pre-emphasis runs over logical order: build the logical window, then spread it.
            float[] logical = w.src(span);
            fillTorchSource(batch, c, len, p0, span, logical, w);
            if (gap > 0) {
                spread(logical, span, src);
            } else {
                src = logical;
            }
        }
        int stride = hop + gap;
        for (int tile = t0; tile < t1; tile += TILE) {
            int tileValid = Math.min(TILE, t1 - tile);
            for (int sub = 0; sub < tileValid; sub += B) {
                int t = tile + sub;
                int valid = Math.min(B, tileValid - sub);
                int lastStart = (valid - 1) * stride;
                for (int l = 0; l < B; l++) {
                    w.idx[l] = l < valid ? l * stride : lastStart;
                }
                int base = (t - t0) * stride;
                if (spec.frameMode() == FrameMode.KALDI) {
                    frameKaldi(src, base, w);
                } else {
                    frameTorch(src, base, stride, valid, w);
                }
                block(frames, t, valid, sub, w, arr, arrBase, seg, segBase);
            }
            int width = spec.spectrum() == SpectrumKind.COMPLEX ? 2 : 1;
            flushTile(w.tile, w.tileRows, width, frames, tile, tileValid, arr, arrBase, seg, segBase);
        }
    }

    /**
     * The TORCH source window of padded samples {@code [p0, p0 + span)} into {@code dst}: logical index {@code k} at
     * {@link #phys}{@code (k)} when {@code dst} is the gapped layout (pre-emphasis off), else at {@code k}.
     */
    private void fillTorchSource(ClipBatch batch, int c, int len, long p0, int span, float[] dst, Workspace w) {
        boolean gapped = preemph == 0.0f && gap > 0;
        long j0 = p0 - pad;
        long j1 = j0 + span;
        int lo = (int) Math.max(j0, 0);
        int hi = (int) Math.min(j1, len);
        if (hi <= lo) {
            for (long j = j0; j < j1; j++) {
                int k = (int) (j - j0);
                dst[gapped ? phys(k) : k] = padded(batch, c, len, j, w);
            }
            return;
        }
        int at = (int) (lo - j0);
        if (gapped) {
            copyGapped(batch, c, lo, dst, at, hi - lo);
        } else {
            ClipInput.copy(tables, batch, c, lo, dst, at, hi - lo);
        }
        if (preemph != 0.0f) {
            for (int k = at + (hi - lo) - 1; k > at; k--) {
                dst[k] = dst[k] - preemph * dst[k - 1];
            }
            if (lo > 0) {
                ClipInput.copy(tables, batch, c, lo - 1, w.two, 0, 1);
                dst[at] = dst[at] - preemph * w.two[0];
            }
        }
        for (long j = j0; j < lo; j++) {
            int k = (int) (j - j0);
            dst[gapped ? phys(k) : k] = padded(batch, c, len, j, w);
        }
        for (long j = hi; j < j1; j++) {
            int k = (int) (j - j0);
            dst[gapped ? phys(k) : k] = padded(batch, c, len, j, w);
        }
    }

    /** Position of logical source sample {@code k} in the gapped layout. */
    private int phys(int k) {
        return k + gap * (k / hop);
    }

    /** Copies clip samples {@code [from, from + n)} to logical positions {@code [at, at + n)} of the gapped layout. */
    private void copyGapped(ClipBatch batch, int c, int from, float[] dst, int at, int n) {
        if (gap == 0) {
            ClipInput.copy(tables, batch, c, from, dst, at, n);
            return;
        }
        int k = at;
        while (n > 0) {
            int run = Math.min(n, hop - k % hop);
            ClipInput.copy(tables, batch, c, from, dst, phys(k), run);
            k += run;
            from += run;
            n -= run;
        }
    }

    /** Value of padded sample {@code j} outside the copied range, as {@code ReferencePipeline.torchSample}. */
    private float padded(ClipBatch batch, int c, int len, long j, Workspace w) {
        long jj;
        if (j >= 0 && j < len) {
            jj = j;
        } else {
            switch (spec.padMode()) {
                case CONSTANT -> {
                    return 0.0f;
                }
                case REFLECT -> jj = j < 0 ? -j : 2L * (len - 1) - j;
                default -> jj = j < 0 ? 0 : len - 1;
            }
        }
        int k = (int) jj;
        if (preemph == 0.0f || k == 0) {
            ClipInput.copy(tables, batch, c, k, w.two, 0, 1);
            return w.two[0];
        }
        ClipInput.copy(tables, batch, c, k - 1, w.two, 0, 2);
        return w.two[1] - preemph * w.two[0];
    }

    private void frameTorch(float[] src, int base, int rowStride, int valid, Workspace w) {
        int[] idx = w.idx;
        int i = 0;
        if (Transpose.SIXTEEN && valid == B && rowStride <= TRANSPOSE_MAX_STRIDE) {
            // Whole blocks of 16 samples that are contiguous in the gapped source: transposed in registers (measured
            // faster than gathers for hops up to a few hundred samples, slower for long hops such as 1024).
            float[] t = w.transposed;
            for (; i + B <= nFft; i += B) {
                int off = sampleOffset[i];
                if (sampleOffset[i + B - 1] != off + B - 1) {
                    break;
                }
                Transpose.block16(src, base + off, rowStride, t);
                for (int c = 0; c < B; c++) {
                    int k = i + c;
                    FloatVector v = FloatVector.fromArray(S, t, c * B).mul(window[k]);
                    if (even) {
                        v.intoArray((k & 1) == 0 ? w.aRe : w.aIm, VectorFft.at(k >> 1));
                    } else {
                        v.intoArray(w.aRe, VectorFft.at(k));
                    }
                }
            }
        }
        for (; i < nFft; i++) {
            FloatVector v = FloatVector.fromArray(S, src, base + sampleOffset[i], idx, 0)
                    .mul(window[i]);
            if (even) {
                v.intoArray((i & 1) == 0 ? w.aRe : w.aIm, VectorFft.at(i >> 1));
            } else {
                v.intoArray(w.aRe, VectorFft.at(i));
            }
        }
        if (!even) {
            FloatVector zero = FloatVector.zero(S);
            for (int k = 0; k < nFft; k++) {
                zero.intoArray(w.aIm, VectorFft.at(k));
            }
        }
    }

    private void frameKaldi(float[] src, int base, Workspace w) {
        int[] idx = w.idx;
        int l = spec.winLength();
        boolean dc = spec.removeDcOffset();
        FloatVector mean = FloatVector.zero(S);
        if (dc) {
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < l; i++) {
                sum = sum.add(FloatVector.fromArray(S, src, base + sampleOffset[i], idx, 0));
            }
            mean = sum.div((float) l);
        }
        FloatVector prev = null;
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < nFft; i++) {
            FloatVector v;
            if (i < l) {
                FloatVector g = FloatVector.fromArray(S, src, base + sampleOffset[i], idx, 0);
                FloatVector d = dc ? g.sub(mean) : g;
                FloatVector p = d;
                if (preemph != 0.0f) {
                    FloatVector dPrev = i == 0 ? d : prev;
                    p = d.sub(dPrev.mul(preemph));
                }
                prev = d;
                v = p.mul(window[i]);
            } else {
                v = zero;
            }
            if (even) {
                v.intoArray((i & 1) == 0 ? w.aRe : w.aIm, VectorFft.at(i >> 1));
            } else {
                v.intoArray(w.aRe, VectorFft.at(i));
                zero.intoArray(w.aIm, VectorFft.at(i));
            }
        }
    }

    private void block(
            int frames,
            int t,
            int valid,
            int col,
            Workspace w,
            float[] arr,
            int arrBase,
            MemorySegment seg,
            long segBase) {
        if (spec.spectrum() == SpectrumKind.FRAMES) {
            float[] plane = w.frame;
            for (int i = 0; i < nFft; i++) {
                FloatVector v = even
                        ? FloatVector.fromArray(S, (i & 1) == 0 ? w.aRe : w.aIm, VectorFft.at(i >> 1))
                        : FloatVector.fromArray(S, w.aRe, VectorFft.at(i));
                v.intoArray(plane, i * B);
            }
            toTile(plane, nFft, col, w);
            return;
        }
        boolean inB = fft.forward(w.aRe, w.aIm, w.bRe, w.bIm, w.radix);
        float[] zRe = inB ? w.bRe : w.aRe;
        float[] zIm = inB ? w.bIm : w.aIm;
        float[] xr = zRe;
        float[] xi = zIm;
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            if (even) {
                VectorFft.realPost(zRe, zIm, w.xRe, w.xIm, half, post);
                xr = w.xRe;
                xi = w.xIm;
            }
            // Interleave re, im into the tile (row k holds TILE frames x 2 floats); flushed as rows of 2*valid.
            float[] tile = w.tile;
            for (int k = 0; k < nFreq; k++) {
                int o = k * 2 * TILE + 2 * col;
                FloatVector.fromArray(S, xr, VectorFft.at(k)).intoArray(tile, o, EVEN_LANES, 0);
                FloatVector.fromArray(S, xi, VectorFft.at(k)).intoArray(tile, o, ODD_LANES, 0);
            }
            w.tileRows = nFreq;
            return;
        }
        float[] pw = w.pw;
        if (even && melStart == null && logKind == LogKind.NONE && (powerHalf == 1.0f || powerHalf == 0.5f)) {
            // Spectrogram without mel or log: the bins go straight into the output tile.
            VectorFft.realPostPower(zRe, zIm, w.tile, half, post, powerHalf == 0.5f, TILE, col);
            w.tileRows = nFreq;
            return;
        }
        if (even) {
            VectorFft.realPostPower(zRe, zIm, pw, half, post, powerHalf == 0.5f);
        } else
            for (int k = 0; k < nFreq; k++) {
                FloatVector re = FloatVector.fromArray(S, xr, VectorFft.at(k));
                FloatVector im = FloatVector.fromArray(S, xi, VectorFft.at(k));
                FloatVector p = re.mul(re).add(im.mul(im));
                if (powerHalf == 0.5f) {
                    p = p.lanewise(VectorOperators.SQRT);
                }
                p.intoArray(pw, k * B);
            }
        if (powerHalf != 1.0f && powerHalf != 0.5f) {
            VectorMath.pow(pw, 0, nFreq * B, powerHalf);
        }
        float[] feat = pw;
        int count = nFreq;
        if (melStart != null) {
            feat = w.mel;
            count = melStart.length;
            for (int m = 0; m < count; m++) {
                FloatVector acc = FloatVector.zero(S);
                int st = melStart[m];
                int off = melOffset[m];
                int n = melLength[m];
                for (int j = 0; j < n; j++) {
                    acc = acc.add(FloatVector.fromArray(S, pw, (st + j) * B).mul(melWeights[off + j]));
                }
                acc.intoArray(feat, m * B);
            }
        }
        int end = count * B;
        switch (logKind) {
            case DB -> {
                VectorMath.maxWith(feat, 0, end, logB);
                VectorMath.log10(feat, 0, end);
                VectorMath.mulSub(feat, 0, end, logA, logC);
            }
            case LN -> {
                VectorMath.add(feat, 0, end, logA);
                VectorMath.maxWith(feat, 0, end, logB);
                VectorMath.log(feat, 0, end);
            }
            case LOG10 -> {
                VectorMath.maxWith(feat, 0, end, logB);
                VectorMath.log10(feat, 0, end);
            }
            case NONE -> {}
        }
        toTile(feat, count, col, w);
    }

    /** Copies rows of a {@code [row][B]} plane into the tile's columns {@code [col, col + B)}. */
    private static void toTile(float[] plane, int count, int col, Workspace w) {
        float[] tile = w.tile;
        for (int r = 0; r < count; r++) {
            FloatVector.fromArray(S, plane, r * B).intoArray(tile, r * TILE + col);
        }
        w.tileRows = count;
    }

    /**
     * Writes {@code valid} columns of each tile row to the {@code [row][frames]} target from frame {@code t}: runs of
     * {@code TILE} contiguous floats per row, so each output row is written in long runs instead of one vector (and
     * two half-filled cache lines) at a time.
     */
    private static void flushTile(
            float[] tile,
            int count,
            int width,
            int frames,
            int t,
            int validFrames,
            float[] arr,
            int arrBase,
            MemorySegment seg,
            long segBase) {
        int valid = validFrames * width;
        int rowLength = TILE * width;
        int full = valid - valid % B;
        VectorMask<Float> m = PREFIX[valid - full];
        for (int r = 0; r < count; r++) {
            int row = r * rowLength;
            long at = ((long) r * frames + t) * width;
            if (arr != null) {
                int o = arrBase + (int) at;
                for (int c = 0; c < full; c += B) {
                    FloatVector.fromArray(S, tile, row + c).intoArray(arr, o + c);
                }
                if (full < valid) {
                    FloatVector.fromArray(S, tile, row + full).intoArray(arr, o + full, m);
                }
            } else {
                long o = segBase + at * Float.BYTES;
                for (int c = 0; c < full; c += B) {
                    FloatVector.fromArray(S, tile, row + c).intoMemorySegment(seg, o + (long) c * Float.BYTES, NATIVE);
                }
                if (full < valid) {
                    FloatVector.fromArray(S, tile, row + full)
                            .intoMemorySegment(seg, o + (long) full * Float.BYTES, NATIVE, m);
                }
            }
        }
    }

    /**
     * The clip-level stages on the frame-stage features {@code clip[0, f1 * frames)}: clamp to the clip maximum,
     * affine map, MFCC, deltas. Returns the array holding the final features (at index 0).
     */
    float[] clipStage(float[] clip, int frames, Workspace w) {
        int n = f1 * frames;
        int vec = n - n % B;
        if (tables.clipMax()) {
            float floor = VectorMath.max(clip, 0, n) - tables.clampRange();
            VectorMath.maxWith(clip, 0, vec, floor);
            for (int i = vec; i < n; i++) {
                clip[i] = ReferencePipeline.max(clip[i], floor);
            }
        }
        if (tables.affine()) {
            float add = tables.affineAdd();
            float scale = tables.affineScale();
            VectorMath.addMul(clip, 0, vec, add, scale);
            for (int i = vec; i < n; i++) {
                clip[i] = (clip[i] + add) * scale;
            }
        }
        float[] base = clip;
        int fb = f1;
        int order = spec.deltaOrder();
        if (spec.mfcc() != null) {
            int nMfcc = spec.mfcc().nMfcc();
            float[] target = w.clip2(nMfcc * frames * (1 + order));
            mfcc(clip, target, nMfcc, frames);
            base = target;
            fb = nMfcc;
        } else if (order > 0) {
            float[] target = w.clip2(fb * frames * (1 + order));
            System.arraycopy(clip, 0, target, 0, fb * frames);
            base = target;
        }
        if (tables.normKind() != SpecTables.NormKind.NONE && frames > 0) {
            normalize(base, fb, frames, w);
        }
        for (int o = 1; o <= order; o++) {
            deltas(base, (o - 1) * fb * frames, base, o * fb * frames, fb, frames);
        }
        return base;
    }

    /** {@link ReferencePipeline#normalize}: the statistics as defined there, the division in whole vectors. */
    private void normalize(float[] a, int rows, int frames, Workspace w) {
        float[] mean = w.normMean(rows);
        float[] den = w.normDen(rows);
        ReferencePipeline.normStats(tables, a, rows, frames, mean, den);
        for (int r = 0; r < rows; r++) {
            float m = mean[r];
            float d = den[r];
            int i = r * frames;
            int end = i + frames;
            for (; i + B <= end; i += B) {
                FloatVector.fromArray(S, a, i).sub(m).div(d).intoArray(a, i);
            }
            for (; i < end; i++) {
                a[i] = (a[i] - m) / d;
            }
        }
    }

    /** Frames this pipeline computes for clip {@code c}, before any pad-or-trim in frames. */
    int frames(ClipBatch batch, int c) {
        return spec.computedFrameCount(batch.samples(c));
    }

    /** Writes clip {@code c}'s result of {@code frames} frames into its output (padded or trimmed in frames). */
    void deliver(ClipBatch batch, int c, float[] result, int frames) {
        FrameFit.deliver(tables, batch, c, result, frames);
    }

    private void mfcc(float[] y, float[] out, int nMfcc, int frames) {
        float[] d = tables.dct();
        float[] lift = tables.lifter();
        int nMels = f1;
        for (int q = 0; q < nMfcc; q++) {
            int t = 0;
            for (; t <= frames - B; t += B) {
                FloatVector acc = FloatVector.zero(S);
                for (int m = 0; m < nMels; m++) {
                    acc = acc.add(FloatVector.fromArray(S, y, m * frames + t).mul(d[q * nMels + m]));
                }
                if (lift != null) {
                    acc = acc.mul(lift[q]);
                }
                acc.intoArray(out, q * frames + t);
            }
            for (; t < frames; t++) {
                float acc = 0.0f;
                for (int m = 0; m < nMels; m++) {
                    acc = acc + d[q * nMels + m] * y[m * frames + t];
                }
                out[q * frames + t] = lift == null ? acc : acc * lift[q];
            }
        }
    }

    private void deltas(float[] src, int srcOff, float[] dst, int dstOff, int rows, int frames) {
        int h = tables.deltaHalfWidth();
        float denom = tables.deltaDenominator();
        for (int r = 0; r < rows; r++) {
            int row = srcOff + r * frames;
            int out = dstOff + r * frames;
            int t = 0;
            for (; t < Math.min(h, frames); t++) {
                dst[out + t] = deltaAt(src, row, t, frames, h, denom);
            }
            for (; t + B + h <= frames; t += B) {
                FloatVector acc = FloatVector.zero(S);
                for (int k = 1; k <= h; k++) {
                    FloatVector a = FloatVector.fromArray(S, src, row + t + k);
                    FloatVector b = FloatVector.fromArray(S, src, row + t - k);
                    acc = acc.add(a.sub(b).mul((float) k));
                }
                acc.div(denom).intoArray(dst, out + t);
            }
            for (; t < frames; t++) {
                dst[out + t] = deltaAt(src, row, t, frames, h, denom);
            }
        }
    }

    private static float deltaAt(float[] src, int row, int t, int frames, int h, float denom) {
        float acc = 0.0f;
        for (int k = 1; k <= h; k++) {
            float a = src[row + Math.min(t + k, frames - 1)];
            float b = src[row + Math.max(t - k, 0)];
            acc = acc + (float) k * (a - b);
        }
        return acc / denom;
    }
}
