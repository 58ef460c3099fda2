package io.spectro.device;

import io.spectro.spi.BackendException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a ragged batch is laid out on a device, in pure long arithmetic (no device needed, so it is tested at sizes
 * no real device holds).
 *
 * <p>Batch-level buffers (samples, index tables, features, output) hold a whole <em>sub-batch</em>: consecutive clips
 * whose buffers fit {@link DeviceLimits#batchByteBudget()} together and {@link DeviceLimits#maxAllocationBytes()}
 * each, with at most {@link #MAX_SUB_BATCH_FRAMES} frames. Usually the whole batch is one sub-batch. Frame-level
 * scratch (framing, FFT, spectrum) holds one <em>chunk</em> of frames: at most a quarter of the max allocation per
 * buffer, a quarter of global memory in all, {@link DeviceLimits#chunkFrameCap(long)} frames, and few enough frames that
 * no kernel launch covers 2^31 items or more (kernels index launches with 32-bit ints, buffers with 64-bit ones).
 */
public final class ChunkPlanner {
    /** Frames of a sub-batch are indexed with 32-bit ints in the kernels. */
    public static final long MAX_SUB_BATCH_FRAMES = Integer.MAX_VALUE;
    /** Frames of a chunk stay below 2^22 (the kernels' float-reciprocal division is exact below that quotient). */
    public static final int MAX_CHUNK_FRAMES = 1 << 22;

    private ChunkPlanner() {}

    /**
     * Clips {@code [firstClip, endClip)} processed together.
     *
     * @param firstClip first clip index (inclusive)
     * @param endClip last clip index (exclusive)
     * @param samples samples of the clips that have frames (only those are uploaded)
     * @param frames frames of all the clips
     * @param clipsWithFrames clips that have at least one frame
     * @param deviceBytes batch-level device bytes this sub-batch needs
     */
    public record SubBatch(
            int firstClip, int endClip, long samples, long frames, int clipsWithFrames, long deviceBytes) {}

    /**
     * The layout of a batch.
     *
     * @param chunkFrames frames per frame-level chunk ({@code >= 1})
     * @param subBatches the sub-batches, in clip order, covering every clip
     */
    public record Plan(int chunkFrames, List<SubBatch> subBatches) {
        /** Copies the list. */
        public Plan {
            subBatches = List.copyOf(subBatches);
        }
    }

    /**
     * Frames per chunk for {@code shape} under {@code limits}, never more than {@code framesNeeded} (at least 1).
     * Throws {@link BackendException} when not even one frame's scratch fits the device.
     */
    public static int chunkFrames(PipelineShape shape, DeviceLimits limits, long framesNeeded) {
        long largest = shape.largestScratchPerFrame() * Float.BYTES;
        long all = shape.scratchPerFrame() * Float.BYTES;
        long n = Math.min(limits.chunkFrameCap(largest), Math.max(1, framesNeeded));
        // Every launch covers at most chunk x maxItemsPerFrame items, indexed with 32-bit ints in the kernels, and the
        // kernels' division by the items per frame (div_fast) needs frame indices below 2^22.
        n = Math.min(n, Integer.MAX_VALUE / Math.max(1, shape.maxItemsPerFrame()));
        n = Math.min(n, MAX_CHUNK_FRAMES);
        if (all > 0) {
            if (largest > limits.maxAllocationBytes() || all > limits.globalMemoryBytes() / 2) {
                throw new BackendException("one frame needs " + all + " bytes of device scratch (largest buffer "
                        + largest + " bytes) but the device allows " + limits.maxAllocationBytes()
                        + " bytes per buffer and has " + limits.globalMemoryBytes()
                        + " bytes in all; use a smaller nFft or the cpu backend");
            }
            n = Math.min(n, limits.maxAllocationBytes() / 4 / largest);
            n = Math.min(n, limits.globalMemoryBytes() / 4 / all);
        }
        return (int) Math.max(1, Math.min(n, Integer.MAX_VALUE));
    }

    /** Batch-level device bytes for the given totals. */
    public static long batchBytes(PipelineShape shape, long samples, long frames, int clips) {
        return samples * Float.BYTES + frames * shape.batchBytesPerFrame() + clips * shape.batchBytesPerClip();
    }

    /**
     * Splits a batch ({@code clipSamples[i]} samples and {@code clipFrames[i]} frames per clip) into sub-batches and
     * sizes its chunks. Throws {@link BackendException} naming the clip when one clip alone does not fit.
     */
    public static Plan plan(long[] clipSamples, int[] clipFrames, PipelineShape shape, DeviceLimits limits) {
        if (clipSamples.length != clipFrames.length) {
            throw new IllegalArgumentException(
                    clipSamples.length + " sample counts but " + clipFrames.length + " frame counts");
        }
        List<SubBatch> out = new ArrayList<>();
        int first = 0;
        long samples = 0;
        long frames = 0;
        int active = 0;
        long maxFrames = 0;
        for (int i = 0; i < clipSamples.length; i++) {
            if (clipFrames[i] <= 0) {
                continue;
            }
            long s = clipSamples[i];
            long f = clipFrames[i];
            if (!fits(shape, limits, s, f, 1)) {
                throw new BackendException("clip " + i + " (" + s + " samples, " + f + " frames) needs "
                        + batchBytes(shape, s, f, 1) + " bytes of device memory, more than this device allows ("
                        + limits.batchByteBudget() + " bytes for a batch, " + limits.maxAllocationBytes()
                        + " bytes per buffer); split the clip or use the cpu backend");
            }
            if (active > 0 && !fits(shape, limits, samples + s, frames + f, active + 1)) {
                out.add(new SubBatch(first, i, samples, frames, active, batchBytes(shape, samples, frames, active)));
                maxFrames = Math.max(maxFrames, frames);
                first = i;
                samples = 0;
                frames = 0;
                active = 0;
            }
            samples += s;
            frames += f;
            active++;
        }
        if (clipSamples.length > first || out.isEmpty()) {
            out.add(new SubBatch(
                    first, clipSamples.length, samples, frames, active, batchBytes(shape, samples, frames, active)));
            maxFrames = Math.max(maxFrames, frames);
        }
        return new Plan(chunkFrames(shape, limits, maxFrames), out);
    }

    /**
     * The pieces of {@code plan}'s sub-batches, in clip order: each sub-batch cut between clips into about equal parts
     * (by samples) of about {@code pieceBytes} bytes of samples each, never more parts than it has clips with frames, so
     * that the copies of one piece overlap the kernels of another. A part may hold no frames (only frameless clips).
     */
    public static List<SubBatch> pieces(
            Plan plan, long[] clipSamples, int[] clipFrames, PipelineShape shape, long pieceBytes) {
        if (pieceBytes <= 0) {
            throw new IllegalArgumentException("pieceBytes = " + pieceBytes + " is out of range: must be > 0");
        }
        List<SubBatch> out = new ArrayList<>();
        for (SubBatch sb : plan.subBatches()) {
            long parts = Math.min(sb.clipsWithFrames(), (sb.samples() * Float.BYTES + pieceBytes - 1) / pieceBytes);
            if (parts <= 1) {
                out.add(sb);
                continue;
            }
            int first = sb.firstClip();
            long samples = 0;
            long frames = 0;
            int active = 0;
            long done = 0;
            int k = 1;
            for (int c = sb.firstClip(); c < sb.endClip(); c++) {
                if (clipFrames[c] > 0) {
                    samples += clipSamples[c];
                    frames += clipFrames[c];
                    active++;
                    done += clipSamples[c];
                }
                // Cut once the samples so far reach k / parts of the sub-batch's (doubles: only a balance).
                boolean cut = active > 0 && (double) done * parts >= (double) k * sb.samples();
                if (cut || c == sb.endClip() - 1) {
                    out.add(new SubBatch(
                            first, c + 1, samples, frames, active, batchBytes(shape, samples, frames, active)));
                    first = c + 1;
                    samples = 0;
                    frames = 0;
                    active = 0;
                    k++;
                }
            }
        }
        return out;
    }

    private static boolean fits(PipelineShape shape, DeviceLimits limits, long samples, long frames, int clips) {
        long maxAlloc = limits.maxAllocationBytes();
        return frames <= MAX_SUB_BATCH_FRAMES
                && batchBytes(shape, samples, frames, clips) <= limits.batchByteBudget()
                && samples * Float.BYTES <= maxAlloc
                && frames * shape.features() * Float.BYTES <= maxAlloc
                && frames * shape.rowFeatures() * Float.BYTES <= maxAlloc
                && frames * shape.output() * Float.BYTES <= maxAlloc
                && frames * Integer.BYTES <= maxAlloc
                && (long) clips * KernelAbi.CI_STRIDE * Integer.BYTES <= maxAlloc;
    }
}
