package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.SpecTables;

/**
 * The clip-level stages over all frames of a sub-batch, after every chunk's frame-level stages: {@code clip_max}
 * (one work-group per clip), {@code clip_finish} (clamp below the clip maximum, affine map), {@code mfcc}, the
 * normalisation ({@code norm_*}), {@code deltas}, {@code transpose_out} into each clip's {@code [features][frames]}
 * block of {@link WorkSlot#OUT}. When the fused kernel wrote the output blocks itself ({@code direct}) only {@code
 * out_finish} is left (clamp with the clip maximum the fused kernel kept in the clip table, affine map), and nothing
 * when there is neither; the fused kernel is never direct when the spec normalises. Per-utterance normalisation keeps
 * its per-(clip, row) sums in {@link WorkSlot#OUT}, which holds at least one float per (clip, row) and is written only
 * by the transpose that follows, and each clip's mean in {@link WorkSlot#CLIP_MAX}, whose maxima the clamp has used by
 * then. Element-wise kernels are launched per chunk of frames so that every launch covers fewer than 2^31 work-items.
 */
final class ClipStages {
    private final StageContext ctx;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private final boolean direct;

    /** The stages of {@code ctx}'s spec; {@code direct} when the frame-level stage writes the output blocks. */
    ClipStages(StageContext ctx, boolean direct) {
        this.ctx = ctx;
        this.spec = ctx.spec();
        this.tables = ctx.tables();
        this.direct = direct;
    }

    /** Records the clip-level stages for {@code clips} clips of {@code frames} frames in all, {@code chunk} at a time. */
    void run(int clips, int frames, int chunk) {
        if (direct) {
            if (tables.clipMax() || tables.affine()) {
                forEachChunk(frames, chunk, this::outFinish);
            }
            return;
        }
        DeviceBuffer base = ctx.buffer(WorkSlot.FEATURES);
        long baseStride = ctx.shape().features();
        if (spec.spectrum() == SpectrumKind.POWER) {
            int f1 = tables.frameFeatures();
            DeviceBuffer features = ctx.buffer(WorkSlot.FEATURES);
            DeviceBuffer rows = ctx.buffer(WorkSlot.ROWS);
            long rowStride = ctx.shape().rowFeatures();
            boolean clamp = tables.clipMax();
            if (clamp) {
                clipMax(clips, f1, frames);
            }
            boolean finish = clamp || tables.affine();
            if (spec.mfcc() != null) {
                forEachChunk(frames, chunk, (g0, cn) -> {
                    if (finish) {
                        clipFinish(f1, g0, cn, features, f1);
                    }
                    mfcc(f1, g0, cn, rowStride);
                });
                base = rows;
                baseStride = rowStride;
            } else if (spec.deltaOrder() > 0) {
                forEachChunk(frames, chunk, (g0, cn) -> clipFinish(f1, g0, cn, rows, rowStride));
                base = rows;
                baseStride = rowStride;
            } else if (finish) {
                forEachChunk(frames, chunk, (g0, cn) -> clipFinish(f1, g0, cn, features, f1));
            }
            if (tables.normKind() != SpecTables.NormKind.NONE) {
                normalize(clips, frames, chunk, base, baseStride);
            }
            for (int order = 1; order <= spec.deltaOrder(); order++) {
                int o = order;
                forEachChunk(frames, chunk, (g0, cn) -> deltas(o, g0, cn, rowStride));
            }
        }
        DeviceBuffer src = base;
        long srcStride = baseStride;
        forEachChunk(frames, chunk, (g0, cn) -> transpose(src, srcStride, g0, cn));
    }

    /** A launch over the {@code cn} frames from batch frame {@code g0}. */
    private interface ChunkLaunch {
        void run(int g0, int cn);
    }

    /** Runs {@code launch} for each chunk of {@code chunk} frames (the last may be shorter) of {@code frames}. */
    private static void forEachChunk(int frames, int chunk, ChunkLaunch launch) {
        for (long g0 = 0; g0 < frames; g0 += chunk) {
            launch.run((int) g0, (int) Math.min(chunk, frames - g0));
        }
    }

    /** Bytes of the two per-frame tables (clip index, frame index) of {@code frames} frames. */
    private static long frameTables(long frames) {
        return frames * KernelAbi.FRAME_TABLE_INTS * 4;
    }

    /** Bytes of the clip table of {@code clips} clips. */
    private static long clipTableBytes(int clips) {
        return (long) clips * KernelAbi.CI_STRIDE * Integer.BYTES;
    }

    private void outFinish(int g0, int cn) {
        int f = spec.featureCount();
        long values = (long) cn * f * Float.BYTES;
        ctx.launch(
                KernelId.OUT_FINISH,
                (long) cn * f,
                KernelArgs.of()
                        .buffer(ctx.buffer(WorkSlot.OUT))
                        .i32(g0)
                        .i32(cn)
                        .i32(cn * f)
                        .buffer(ctx.buffer(WorkSlot.CLIPS))
                        .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                        .buffer(ctx.buffer(WorkSlot.FRAME_INDEX))
                        .flag(tables.clipMax())
                        .f32(tables.clampRange())
                        .flag(tables.affine())
                        .f32(tables.affineAdd())
                        .f32(tables.affineScale()),
                values + frameTables(cn),
                values);
    }

    private void clipMax(int clips, int f1, int frames) {
        ctx.launchGroups(
                KernelId.CLIP_MAX,
                (long) clips * KernelAbi.REDUCE_GROUP,
                KernelAbi.REDUCE_GROUP,
                KernelArgs.of()
                        .buffer(ctx.buffer(WorkSlot.FEATURES))
                        .i64(f1)
                        .i32(f1)
                        .buffer(ctx.buffer(WorkSlot.CLIPS))
                        .i32(clips)
                        .buffer(ctx.buffer(WorkSlot.CLIP_MAX)),
                (long) frames * f1 * Float.BYTES + clipTableBytes(clips),
                (long) clips * Float.BYTES);
    }

    private void clipFinish(int f1, int g0, int cn, DeviceBuffer dst, long dstStride) {
        boolean clamp = tables.clipMax();
        ctx.launch(
                KernelId.CLIP_FINISH,
                cn * f1,
                KernelArgs.of()
                        .buffer(ctx.buffer(WorkSlot.FEATURES))
                        .i64(f1)
                        .i32(g0)
                        .i32(cn * f1)
                        .i32(f1)
                        .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                        .buffer(clamp ? ctx.buffer(WorkSlot.CLIP_MAX) : ctx.constants().window)
                        .flag(clamp)
                        .f32(tables.clampRange())
                        .flag(tables.affine())
                        .f32(tables.affineAdd())
                        .f32(tables.affineScale())
                        .buffer(dst)
                        .i64(dstStride),
                2L * cn * f1 * Float.BYTES + frameTables(cn),
                (long) cn * f1 * Float.BYTES);
    }

    /** The normalisation of the base features ({@code baseFeatureCount} columns of {@code buf}) of every clip. */
    private void normalize(int clips, int frames, int chunk, DeviceBuffer buf, long stride) {
        int rows = spec.baseFeatureCount();
        long plane = (long) frames * rows * Float.BYTES;
        DeviceBuffer clipTable = ctx.buffer(WorkSlot.CLIPS);
        switch (tables.normKind()) {
            case PER_FEATURE ->
                ctx.launch(
                        KernelId.NORM_FEATURE,
                        (long) clips * rows,
                        KernelArgs.of()
                                .buffer(buf)
                                .i64(stride)
                                .i32(rows)
                                .buffer(clipTable)
                                .i32(clips)
                                .flag(tables.normBessel())
                                .f32(tables.normB()),
                        3 * plane + clipTableBytes(clips),
                        plane);
            case PER_UTTERANCE -> {
                DeviceBuffer sums = ctx.buffer(WorkSlot.OUT);
                DeviceBuffer means = ctx.buffer(WorkSlot.CLIP_MAX);
                for (int centred = 0; centred <= 1; centred++) {
                    ctx.launch(
                            KernelId.NORM_SUMS,
                            (long) clips * rows,
                            KernelArgs.of()
                                    .buffer(buf)
                                    .i64(stride)
                                    .i32(rows)
                                    .buffer(clipTable)
                                    .i32(clips)
                                    .buffer(means)
                                    .flag(centred == 1)
                                    .buffer(sums),
                            plane + clipTableBytes(clips) + (long) clips * Float.BYTES,
                            (long) clips * rows * Float.BYTES);
                    ctx.launch(
                            KernelId.NORM_UTTERANCE,
                            clips,
                            KernelArgs.of()
                                    .buffer(sums)
                                    .i32(rows)
                                    .buffer(clipTable)
                                    .i32(clips)
                                    .flag(centred == 1)
                                    .flag(tables.normBessel())
                                    .f32(tables.normB())
                                    .buffer(means),
                            (long) clips * rows * Float.BYTES + clipTableBytes(clips),
                            (long) clips * Float.BYTES);
                }
                forEachChunk(frames, chunk, (g0, cn) -> normApply(buf, stride, rows, g0, cn, false));
            }
            case FIXED -> forEachChunk(frames, chunk, (g0, cn) -> normApply(buf, stride, rows, g0, cn, true));
            case NONE -> {}
        }
    }

    private void normApply(DeviceBuffer buf, long stride, int rows, int g0, int cn, boolean fixed) {
        ctx.launch(
                KernelId.NORM_APPLY,
                (long) cn * rows,
                KernelArgs.of()
                        .buffer(buf)
                        .i64(stride)
                        .i32(g0)
                        .i32(cn * rows)
                        .i32(rows)
                        .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                        .flag(fixed)
                        .f32(tables.normA())
                        .f32(tables.normB())
                        .buffer(ctx.buffer(WorkSlot.CLIP_MAX))
                        .buffer(ctx.buffer(WorkSlot.OUT)),
                2L * cn * rows * Float.BYTES + frameTables(cn),
                (long) cn * rows * Float.BYTES);
    }

    private void mfcc(int f1, int g0, int cn, long rowStride) {
        int nMfcc = spec.mfcc().nMfcc();
        ctx.launch(
                KernelId.MFCC,
                cn * nMfcc,
                KernelArgs.of()
                        .buffer(ctx.buffer(WorkSlot.FEATURES))
                        .i64(f1)
                        .i32(g0)
                        .i32(cn * nMfcc)
                        .i32(f1)
                        .i32(nMfcc)
                        .buffer(ctx.constants().dct)
                        .buffer(ctx.constants().lifter)
                        .flag(tables.lifter() != null)
                        .buffer(ctx.buffer(WorkSlot.ROWS))
                        .i64(rowStride),
                (long) cn * f1 * Float.BYTES
                        + ctx.constants().dct.byteSize()
                        + ctx.constants().lifter.byteSize(),
                (long) cn * nMfcc * Float.BYTES);
    }

    private void deltas(int order, int g0, int cn, long rowStride) {
        int fb = spec.baseFeatureCount();
        ctx.launch(
                KernelId.DELTAS,
                cn * fb,
                KernelArgs.of()
                        .buffer(ctx.buffer(WorkSlot.ROWS))
                        .i64(rowStride)
                        .i32(g0)
                        .i32(cn * fb)
                        .i32(fb)
                        .i32((order - 1) * fb)
                        .i32(order * fb)
                        .i32(tables.deltaHalfWidth())
                        .f32(tables.deltaDenominator())
                        .buffer(ctx.buffer(WorkSlot.CLIPS))
                        .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                        .buffer(ctx.buffer(WorkSlot.FRAME_INDEX)),
                (long) cn * fb * Float.BYTES + frameTables(cn),
                (long) cn * fb * Float.BYTES);
    }

    private void transpose(DeviceBuffer src, long srcStride, int g0, int cn) {
        int vpf = spec.valuesPerFeature();
        int count = cn * spec.featureCount() * vpf;
        ctx.launch(
                KernelId.TRANSPOSE_OUT,
                count,
                KernelArgs.of()
                        .buffer(src)
                        .i64(srcStride)
                        .i32(g0)
                        .i32(cn)
                        .i32(count)
                        .i32(vpf)
                        .buffer(ctx.buffer(WorkSlot.CLIPS))
                        .buffer(ctx.buffer(WorkSlot.FRAME_CLIP))
                        .buffer(ctx.buffer(WorkSlot.FRAME_INDEX))
                        .buffer(ctx.buffer(WorkSlot.OUT)),
                (long) count * Float.BYTES + frameTables(cn),
                (long) count * Float.BYTES);
    }
}
