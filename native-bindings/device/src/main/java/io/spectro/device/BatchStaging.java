package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ClipInput;
import io.spectro.dsp.FrameFit;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The host side of a sub-batch's transfers, through one staging segment kept across batches (grown 1.5x or more when
 * too small, page-locked where the device offers it): every clip's samples concatenated, then the clip table ({@link
 * KernelAbi#CI_STRIDE} ints per clip with frames) and the per-frame clip-index and frame-index tables, uploaded into
 * their {@link WorkSlot}s; after the clip stages, the same segment receives every clip's output block, which is then
 * copied into each clip's output. Clips without frames are left out. Not thread-safe: one sub-batch at a time.
 *
 * <p>The spec's input stage runs here, on the host, as the samples are staged ({@link ClipInput}: the input scale is
 * one float multiplication per sample, the same bits on any device; a fixed sample count pads with zeros or trims), and
 * its last stage as outputs are delivered ({@link FrameFit}: pad-or-trim in frames, a copy).
 */
final class BatchStaging implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final ComputeDevice device;
    private final ResourceTracker tracker;
    private final SpecTables tables;
    private final float[] scaleBuffer = new float[4096];
    private Arena arena;
    private MemorySegment staging;
    private long stagingId = -1;

    BatchStaging(ComputeDevice device, ResourceTracker tracker, SpecTables tables) {
        this.device = device;
        this.tracker = tracker;
        this.tables = tables;
    }

    /**
     * A staged sub-batch: byte offsets of its parts in the staging segment, and where each clip's output starts.
     *
     * @param clipIndices batch index of each clip with frames, in staging order
     * @param clipFrames frames computed for each of those clips (before any pad-or-trim in frames)
     * @param outOffsets first output float of each of those clips in the output block
     * @param samples samples staged
     * @param frames frames of the staged clips
     * @param clipTableAt byte offset of the clip table
     * @param frameClipAt byte offset of the frame-clip table
     * @param frameIndexAt byte offset of the frame-index table
     * @param outBytes bytes of the output block
     */
    record Staged(
            int[] clipIndices,
            int[] clipFrames,
            long[] outOffsets,
            long samples,
            long frames,
            long clipTableAt,
            long frameClipAt,
            long frameIndexAt,
            long outBytes) {

        /** Clips with frames. */
        int clips() {
            return clipIndices.length;
        }

        long sampleBytes() {
            return samples * Float.BYTES;
        }

        long clipTableBytes() {
            return (long) clips() * KernelAbi.CI_STRIDE * Integer.BYTES;
        }

        long frameTableBytes() {
            return frames * Integer.BYTES;
        }
    }

    /**
     * Writes the samples and index tables of sub-batch {@code sb} of {@code batch} into the staging segment, grown to
     * hold them and the sub-batch's output ({@code outputFloatsPerFrame} floats per frame).
     */
    Staged stage(ClipBatch batch, ChunkPlanner.SubBatch sb, long outputFloatsPerFrame) {
        int nc = sb.clipsWithFrames();
        long totalFrames = sb.frames();
        long sampleBytes = sb.samples() * Float.BYTES;
        long clipTableAt = sampleBytes;
        long frameClipAt = clipTableAt + (long) nc * KernelAbi.CI_STRIDE * Integer.BYTES;
        long frameTableBytes = totalFrames * Integer.BYTES;
        long frameIndexAt = frameClipAt + frameTableBytes;
        long inBytes = frameIndexAt + frameTableBytes;
        long outBytes = totalFrames * outputFloatsPerFrame * Float.BYTES;
        MemorySegment st = segment(Math.max(inBytes, outBytes));

        int[] clipIndices = new int[nc];
        int[] clipFrames = new int[nc];
        long[] outOffsets = new long[nc];
        long sampleOffset = 0;
        long outOffset = 0;
        long g = 0;
        int a = 0;
        for (int c = sb.firstClip(); c < sb.endClip(); c++) {
            int f = tables.spec().computedFrameCount(batch.samples(c));
            if (f == 0) {
                continue;
            }
            int len = ClipInput.length(tables, batch, c);
            ClipInput.stage(tables, batch, c, st, sampleOffset * Float.BYTES, scaleBuffer);
            long t0 = clipTableAt / Integer.BYTES + (long) a * KernelAbi.CI_STRIDE;
            for (int i = 0; i < KernelAbi.CI_STRIDE; i++) {
                st.setAtIndex(INT, t0 + i, 0);
            }
            setLong(st, t0 + KernelAbi.CI_SAMPLE_OFFSET, sampleOffset);
            st.setAtIndex(INT, t0 + KernelAbi.CI_LENGTH, len);
            st.setAtIndex(INT, t0 + KernelAbi.CI_FRAME_OFFSET, (int) g);
            st.setAtIndex(INT, t0 + KernelAbi.CI_FRAMES, f);
            setLong(st, t0 + KernelAbi.CI_OUT_OFFSET, outOffset);
            long fc = frameClipAt / Integer.BYTES + g;
            long fi = frameIndexAt / Integer.BYTES + g;
            for (int t = 0; t < f; t++) {
                st.setAtIndex(INT, fc + t, a);
                st.setAtIndex(INT, fi + t, t);
            }
            clipIndices[a] = c;
            clipFrames[a] = f;
            outOffsets[a] = outOffset;
            a++;
            g += f;
            sampleOffset += len;
            outOffset += (long) f * outputFloatsPerFrame;
        }
        return new Staged(
                clipIndices,
                clipFrames,
                outOffsets,
                sb.samples(),
                totalFrames,
                clipTableAt,
                frameClipAt,
                frameIndexAt,
                outBytes);
    }

    /** A 64-bit value as the kernels read it: (low, high) ints at int index {@code at}. */
    private static void setLong(MemorySegment st, long at, long value) {
        st.setAtIndex(INT, at, (int) value);
        st.setAtIndex(INT, at + 1, (int) (value >>> 32));
    }

    /**
     * Enqueues the uploads of the samples and index tables of {@code s} into the work buffers of {@code work}'s current
     * set, on the device's copy queue, and returns the fence after the last (the copy queue is in order); the staging
     * segment must not change until it is reached.
     */
    Fence upload(Staged s, Workspace work) {
        upload(staging.asSlice(0, s.sampleBytes()), work.get(WorkSlot.SAMPLES)).close();
        upload(staging.asSlice(s.clipTableAt(), s.clipTableBytes()), work.get(WorkSlot.CLIPS))
                .close();
        upload(staging.asSlice(s.frameClipAt(), s.frameTableBytes()), work.get(WorkSlot.FRAME_CLIP))
                .close();
        return upload(staging.asSlice(s.frameIndexAt(), s.frameTableBytes()), work.get(WorkSlot.FRAME_INDEX));
    }

    private Fence upload(MemorySegment part, DeviceBuffer dst) {
        return device.uploadAsync(part, dst, 0, null);
    }

    /** Bytes {@link #upload} copies for {@code s}. */
    static long uploadBytes(Staged s) {
        return s.sampleBytes() + s.clipTableBytes() + 2 * s.frameTableBytes();
    }

    /** Where the output block of {@code s} is downloaded to (it overwrites the staged input). */
    MemorySegment output(Staged s) {
        return staging.asSlice(0, s.outBytes());
    }

    /**
     * Copies each staged clip's output from the downloaded block into {@code batch}'s output (padded or trimmed in
     * frames when the spec says so).
     */
    void deliver(Staged s, ClipBatch batch, SpectrogramSpec spec) {
        for (int i = 0; i < s.clips(); i++) {
            FrameFit.deliver(
                    tables, batch, s.clipIndices()[i], staging, s.outOffsets()[i] * Float.BYTES, s.clipFrames()[i]);
        }
    }

    /** The staging segment, at least {@code bytes} long (kept across batches, grown 1.5x or more when too small). */
    private MemorySegment segment(long bytes) {
        if (staging != null && staging.byteSize() >= bytes) {
            return staging;
        }
        long size =
                Workspace.roundUp(Math.max(bytes, staging == null ? 1 : staging.byteSize() + staging.byteSize() / 2));
        close();
        Arena a = Arena.ofShared();
        try {
            staging = device.stagingMemory(a, size);
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
        arena = a;
        stagingId = tracker.allocated("staging memory", size);
        return staging;
    }

    /** Frees the staging segment. Idempotent; a later {@link #stage} allocates a new one. */
    @Override
    public void close() {
        if (arena != null) {
            staging = null;
            arena.close();
            arena = null;
            tracker.freed(stagingId);
            stagingId = -1;
        }
    }
}
