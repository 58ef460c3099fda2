package io.spectro.device;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.MelFilterbank;
import io.spectro.dsp.SpecTables;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Every frame-level stage of a chunk in one launch of {@code fused_frames[_db|_ln|_log10]}: one work-group per tile of
 * frames does the framing, the whole FFT in local memory, the spectrum, mel and log stages, and writes only features:
 * each clip's output block ({@link FusedLayout#direct()}, keeping the clip maximum in the clip table when the spec
 * clamps) or frame rows of {@link WorkSlot#FEATURES} for the clip-level stages.
 */
final class FusedFrameStages implements FrameLevel {
    private final StageContext ctx;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private final FftPlan fft;
    private final FusedLayout layout;
    /** Floats per frame the fused kernel writes. */
    private final long featureFloats;
    /** The kernels {@code fused_frames} is taken from: specialised for this plan where the device compiles them. */
    private final KernelSet kernels;

    FusedFrameStages(StageContext ctx, FusedLayout layout, KernelSet kernels) {
        this.kernels = kernels;
        this.ctx = ctx;
        this.spec = ctx.spec();
        this.tables = ctx.tables();
        this.fft = tables.fft().complexPlan();
        this.layout = layout;
        this.featureFloats = spec.spectrum() == SpectrumKind.COMPLEX ? 2L * spec.nFreq() : tables.frameFeatures();
    }

    @Override
    public void run(int g0, int frames) {
        int tile = layout.tile();
        long groups = (frames + tile - 1) / tile;
        boolean kaldi = spec.frameMode() == FrameMode.KALDI;
        MelFilterbank mel = tables.mel();
        DeviceTables c = ctx.constants();
        DeviceBuffer dst = ctx.buffer(layout.direct() ? WorkSlot.OUT : WorkSlot.FEATURES);
        KernelArgs args = KernelArgs.of()
                .buffer(ctx.buffer(WorkSlot.SAMPLES))
                .buffer(ctx.buffer(WorkSlot.CLIPS))
                .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                .buffer(ctx.buffer(WorkSlot.FRAME_INDEX))
                .buffer(c.window)
                .i32(g0)
                .i32(frames)
                .i32(tile)
                .i32(layout.bufFloats())
                .flag(kaldi)
                .i32(spec.nFft())
                .i32(spec.hopLength())
                .i32(kaldi ? 0 : spec.padding())
                .i32(KernelAbi.padCode(spec.padMode()))
                .f32(tables.preemphasis())
                .i32(spec.winLength())
                .flag(kaldi && spec.removeDcOffset())
                .buffer(c.twiddles)
                .buffer(c.roots)
                .buffer(c.passTable)
                .i32(fft.passes())
                .i32(fft.passLength())
                .flag(tables.fft().halfLength())
                .buffer(c.post)
                .flag(spec.spectrum() == SpectrumKind.COMPLEX)
                .i32(spec.nFreq())
                .f32(tables.powerHalf())
                .i32(mel == null ? 0 : mel.nMels())
                .buffer(c.melStarts)
                .buffer(c.melLengths)
                .buffer(c.melOffsets)
                .buffer(c.melWeights)
                .f32(tables.logA())
                .f32(tables.logB())
                .f32(tables.logC())
                .flag(layout.trackMax())
                .flag(layout.direct())
                .buffer(dst)
                .i64(layout.direct() ? 0 : ctx.shape().features())
                .local(layout.localBytes());
        ctx.launchGroups(
                kernels,
                KernelId.FUSED_FRAMES,
                tables.logKind(),
                groups * layout.group(),
                layout.group(),
                args,
                readBytes(frames, c),
                (long) frames * featureFloats * Float.BYTES);
    }

    /**
     * The compile-time definitions that specialise {@code fused_frames} for {@code tables} run with {@code layout} (see
     * {@code FUSED_SPEC} in {@code spectro.kern}): every value {@link #run} passes as an argument that decides a branch,
     * a loop's trip count or a divisor (framing mode, sizes, tile, work-group size, output form, and each FFT pass's
     * radix and span as a function of the pass number), equal to those arguments.
     */
    static List<String> defines(SpecTables tables, FusedLayout layout) {
        SpectrogramSpec spec = tables.spec();
        FftPlan fft = tables.fft().complexPlan();
        boolean kaldi = spec.frameMode() == FrameMode.KALDI;
        MelFilterbank mel = tables.mel();
        return List.of(
                "FUSED_SPEC",
                "FUSED_KALDI=" + bit(kaldi),
                "FUSED_REMOVE_DC=" + bit(kaldi && spec.removeDcOffset()),
                "FUSED_NFFT=" + spec.nFft(),
                "FUSED_TILE=" + layout.tile(),
                "FUSED_G=" + layout.group(),
                "FUSED_PASSES=" + fft.passes(),
                "FUSED_LEN=" + fft.passLength(),
                "FUSED_HALF=" + bit(tables.fft().halfLength()),
                "FUSED_COMPLEX=" + bit(spec.spectrum() == SpectrumKind.COMPLEX),
                "FUSED_NFREQ=" + spec.nFreq(),
                "FUSED_NMELS=" + (mel == null ? 0 : mel.nMels()),
                "FUSED_TRACK_MAX=" + bit(layout.trackMax()),
                "FUSED_DIRECT=" + bit(layout.direct()),
                "FUSED_RADIX(p,r)=" + perPass(fft.passes(), fft::radix, "r"),
                "FUSED_SPAN(p,s)=" + perPass(fft.passes(), fft::span, "s"));
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /**
     * A macro body giving {@code value(p)} for pass {@code p} of {@code passes}, as nested conditionals (a constant once
     * the pass loop is unrolled), with no spaces (definitions are {@code -D}-style tokens); the argument {@code fallback}
     * when there are no passes.
     */
    static String perPass(int passes, IntUnaryOperator value, String fallback) {
        if (passes == 0) {
            return "(" + fallback + ")";
        }
        StringBuilder b = new StringBuilder("(");
        for (int p = 0; p < passes - 1; p++) {
            b.append("(p)==").append(p).append('?').append(value.applyAsInt(p)).append(':');
        }
        return b.append(value.applyAsInt(passes - 1)).append(')').toString();
    }

    /**
     * Global memory a launch over {@code frames} frames reads: each work-group's samples once (its tile's frames
     * overlap by {@code extent - hop}; repeated reads within a group are served by its cache), the frame tables, and
     * the constant tables once per launch (they stay cached).
     */
    private long readBytes(int frames, DeviceTables c) {
        int tile = layout.tile();
        long samples = (frames / tile) * tileSamples(tile) + (frames % tile > 0 ? tileSamples(frames % tile) : 0);
        long tablesBytes = c.window.byteSize()
                + c.twiddles.byteSize()
                + c.roots.byteSize()
                + c.passTable.byteSize()
                + c.post.byteSize()
                + (tables.mel() != null ? c.melBytes() : 0);
        return samples * Float.BYTES + (long) frames * KernelAbi.FRAME_TABLE_INTS * 4 + tablesBytes;
    }

    /** Distinct samples of {@code n} consecutive frames: frames of {@code extent} samples, {@code hop} apart. */
    private long tileSamples(int n) {
        long extent = spec.frameMode() == FrameMode.KALDI ? spec.winLength() : spec.nFft();
        long hop = spec.hopLength();
        return Math.min(n * extent, (n - 1) * hop + extent);
    }
}
