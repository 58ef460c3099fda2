package io.spectro.device;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.device.FftStage.FrameLayout;
import io.spectro.device.FftStage.Transformed;
import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.LogKind;
import io.spectro.dsp.MelFilterbank;
import io.spectro.dsp.SpecTables;

/**
 * The frame-level stages of one chunk of frames as separate launches over global memory (the multi-pass path, for
 * sizes the fused kernel does not take), into their rows of {@link WorkSlot#FEATURES}: framing ({@code frame_torch},
 * or {@code kaldi_mean} + {@code frame_kaldi}), the {@link FftStage}, then the spectrum stage (real-FFT
 * post-processing fused with the complex output, {@code spectrum_complex}, or with the power and, without a mel stage,
 * the log stage, {@code spectrum_power[_db|_ln|_log10]}) and the mel stage with its log ({@code
 * mel[_db|_ln|_log10]}). Every launch covers fewer than 2^31 work-items (the chunk size sees to it).
 */
final class FrameStages implements FrameLevel {
    private final StageContext ctx;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    /** Null for {@link SpectrumKind#FRAMES} output. */
    private final FftStage fft;

    /** The stages of {@code ctx}'s spec, with {@code fft} as the FFT (null when the spec outputs frames). */
    FrameStages(StageContext ctx, FftStage fft) {
        this.ctx = ctx;
        this.spec = ctx.spec();
        this.tables = ctx.tables();
        this.fft = fft;
    }

    @Override
    public void run(int g0, int frames) {
        if (fft == null) {
            long features = ctx.shape().features();
            frame(g0, frames, ctx.buffer(WorkSlot.FEATURES), (long) g0 * features, features, 1);
            return;
        }
        FrameLayout in = fft.input();
        frame(g0, frames, ctx.buffer(in.slot()), 0, in.stride(), in.step());
        spectrum(g0, frames, fft.transform(frames));
    }

    /**
     * Frames {@code [g0, g0 + frames)}, windowed, into {@code dst}: frame {@code f} value {@code i} at float {@code
     * dstOff + f * dstStride + i * dstStep}.
     */
    private void frame(int g0, int frames, DeviceBuffer dst, long dstOff, long dstStride, int dstStep) {
        int nFft = spec.nFft();
        int count = frames * nFft;
        float pre = tables.preemphasis();
        DeviceBuffer window = ctx.constants().window;
        // Framing reads each value's sample (its neighbour for pre-emphasis is cached), the window and the frame
        // tables.
        long read = (long) count * Float.BYTES + window.byteSize() + (long) frames * KernelAbi.FRAME_TABLE_INTS * 4;
        long written = (long) count * dstStep * Float.BYTES;
        if (spec.frameMode() == FrameMode.KALDI) {
            boolean dc = spec.removeDcOffset();
            if (dc) {
                ctx.launch(
                        KernelId.KALDI_MEAN,
                        frames,
                        frameTables()
                                .i32(g0)
                                .i32(frames)
                                .i32(spec.hopLength())
                                .i32(spec.winLength())
                                .buffer(ctx.buffer(WorkSlot.MEANS)),
                        (long) frames * (spec.winLength() * Float.BYTES + KernelAbi.FRAME_TABLE_INTS * 4L),
                        (long) frames * Float.BYTES);
            }
            ctx.launch(
                    KernelId.FRAME_KALDI,
                    count,
                    frameTables()
                            .buffer(dc ? ctx.buffer(WorkSlot.MEANS) : window)
                            .buffer(window)
                            .i32(g0)
                            .i32(count)
                            .i32(nFft)
                            .i32(spec.hopLength())
                            .i32(spec.winLength())
                            .f32(pre)
                            .flag(dc)
                            .buffer(dst)
                            .i64(dstOff)
                            .i64(dstStride)
                            .i32(dstStep),
                    read + (dc ? (long) frames * Float.BYTES : 0),
                    written);
        } else {
            ctx.launch(
                    KernelId.FRAME_TORCH,
                    count,
                    frameTables()
                            .buffer(window)
                            .i32(g0)
                            .i32(count)
                            .i32(nFft)
                            .i32(spec.hopLength())
                            .i32(spec.padding())
                            .i32(KernelAbi.padCode(spec.padMode()))
                            .f32(pre)
                            .buffer(dst)
                            .i64(dstOff)
                            .i64(dstStride)
                            .i32(dstStep),
                    read,
                    written);
        }
    }

    /** The first arguments of every framing kernel: samples, clip table, per-frame clip and frame index. */
    private KernelArgs frameTables() {
        return KernelArgs.of()
                .buffer(ctx.buffer(WorkSlot.SAMPLES))
                .buffer(ctx.buffer(WorkSlot.CLIPS))
                .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                .buffer(ctx.buffer(WorkSlot.FRAME_INDEX));
    }

    /** Spectrum, mel and log stages of frames {@code [g0, g0 + frames)} from the FFT's result {@code t}. */
    private void spectrum(int g0, int frames, Transformed t) {
        int nFreq = spec.nFreq();
        int bins = frames * nFreq;
        DeviceBuffer features = ctx.buffer(WorkSlot.FEATURES);
        long rowStride = ctx.shape().features();
        long rowOff = (long) g0 * rowStride;
        MelFilterbank mel = tables.mel();
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            ctx.launch(
                    KernelId.SPECTRUM_COMPLEX,
                    bins,
                    spectrumArgs(t, bins).buffer(features).i64(rowOff).i64(rowStride),
                    spectrumRead(t, frames),
                    (long) bins * 2 * Float.BYTES);
        } else if (mel != null) {
            power(t, frames, LogKind.NONE, t.free(), 0, nFreq);
            int count = frames * mel.nMels();
            DeviceTables c = ctx.constants();
            ctx.launch(
                    KernelId.MEL,
                    tables.logKind(),
                    count,
                    KernelArgs.of()
                            .buffer(t.free())
                            .i32(count)
                            .i32(nFreq)
                            .i32(mel.nMels())
                            .buffer(c.melStarts)
                            .buffer(c.melLengths)
                            .buffer(c.melOffsets)
                            .buffer(c.melWeights)
                            .f32(tables.logA())
                            .f32(tables.logB())
                            .f32(tables.logC())
                            .buffer(features)
                            .i64(rowOff)
                            .i64(rowStride),
                    (long) bins * Float.BYTES + c.melBytes(),
                    (long) count * Float.BYTES);
        } else {
            power(t, frames, tables.logKind(), features, rowOff, rowStride);
        }
    }

    /** Bytes a spectrum kernel reads: every frame's transform once, and the post-processing twiddles. */
    private long spectrumRead(Transformed t, int frames) {
        return frames * t.zStride() * Float.BYTES + ctx.constants().post.byteSize();
    }

    /**
     * The power stage with the log stage {@code log}, the bins of {@code frames} frames into rows of {@code dstStride}
     * floats of {@code dst} from float {@code dstOff}.
     */
    private void power(Transformed t, int frames, LogKind log, DeviceBuffer dst, long dstOff, long dstStride) {
        int bins = frames * spec.nFreq();
        ctx.launch(
                KernelId.SPECTRUM_POWER,
                log,
                bins,
                spectrumArgs(t, bins)
                        .f32(tables.powerHalf())
                        .f32(tables.logA())
                        .f32(tables.logB())
                        .f32(tables.logC())
                        .buffer(dst)
                        .i64(dstOff)
                        .i64(dstStride),
                spectrumRead(t, frames),
                (long) bins * Float.BYTES);
    }

    /** The first arguments of both spectrum kernels: the transform, the post-processing twiddles and the bin count. */
    private KernelArgs spectrumArgs(Transformed t, int bins) {
        return KernelArgs.of()
                .buffer(t.z())
                .i64(t.zStride())
                .flag(t.halfLength())
                .i32(spec.nFft() / 2)
                .buffer(ctx.constants().post)
                .i32(bins)
                .i32(spec.nFreq());
    }
}
