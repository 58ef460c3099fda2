package io.spectro.device;

/**
 * The memory limits the batch orchestration sizes its device buffers by.
 *
 * @param globalMemoryBytes device global memory in bytes ({@code > 0})
 * @param maxAllocationBytes largest single buffer in bytes ({@code > 0})
 * @param maxChunkFrames upper bound on frames per frame-level chunk; 0 = about {@link #DEFAULT_CHUNK_BYTES} of
 *     scratch per buffer (see {@link #chunkFrameCap(long)})
 * @param maxBatchBytes upper bound on the batch-level device buffers (samples, index tables, features) of one
 *     sub-batch in bytes; 0 = half the global memory
 */
public record DeviceLimits(long globalMemoryBytes, long maxAllocationBytes, int maxChunkFrames, long maxBatchBytes) {
    /** System property: frames per chunk (tests force small chunks with it). */
    public static final String CHUNK_FRAMES_PROPERTY = "spectro.device.chunkFrames";
    /** System property: batch-level device bytes per sub-batch (tests force sub-batches with it). */
    public static final String BATCH_BYTES_PROPERTY = "spectro.device.batchBytes";
    /** System property: input sample bytes per piece of a batch (tests force many small pieces with it). */
    public static final String PIECE_BYTES_PROPERTY = "spectro.device.pieceBytes";
    /**
     * Default input bytes per piece: 16 MiB of samples (e.g. 26 clips of 10 s at 16 kHz). A batch is uploaded, computed
     * and downloaded in pieces of about this size so that the copies of one piece overlap the kernels of the next; a
     * piece costs its own launches, so pieces stay large enough that a launch (a few microseconds) is small beside
     * the copy of a piece (about a millisecond over PCIe).
     */
    public static final long DEFAULT_PIECE_BYTES = 16L << 20;
    /** Upper bound on frames per chunk when no property overrides it. */
    public static final int DEFAULT_CHUNK_FRAMES = 1 << 16;
    /**
     * Default target size of the largest scratch buffer of a chunk: 8 MiB (2M floats, e.g. 5242 frames of a 400-point
     * FFT, about a million butterflies per radix-2 pass: enough to fill a GPU, and cache-friendly on CPU devices,
     * where PoCL ran whisper about 1.5-2x faster with 1-6 MiB chunks than with 100 MiB ones).
     */
    public static final long DEFAULT_CHUNK_BYTES = 8L << 20;

    /** Validates the values. */
    public DeviceLimits {
        if (globalMemoryBytes <= 0 || maxAllocationBytes <= 0) {
            throw new IllegalArgumentException("device memory sizes must be > 0: global " + globalMemoryBytes
                    + ", max allocation " + maxAllocationBytes);
        }
        if (maxChunkFrames < 0 || maxBatchBytes < 0) {
            throw new IllegalArgumentException(
                    "maxChunkFrames = " + maxChunkFrames + " and maxBatchBytes = " + maxBatchBytes + " must be >= 0");
        }
    }

    /** The device's limits, with the overrides {@value #CHUNK_FRAMES_PROPERTY} and {@value #BATCH_BYTES_PROPERTY}. */
    public static DeviceLimits of(ComputeDevice device) {
        return new DeviceLimits(
                device.globalMemoryBytes(),
                device.maxAllocationBytes(),
                (int) Math.min(Integer.MAX_VALUE, property(CHUNK_FRAMES_PROPERTY)),
                property(BATCH_BYTES_PROPERTY));
    }

    /** The non-negative long of system property {@code name}; 0 when unset. */
    static long property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = '" + v + "' is not a non-negative integer");
        }
    }

    /**
     * The frames-per-chunk cap in effect for frames whose largest scratch buffer takes {@code largestScratchBytes}
     * bytes: {@link #maxChunkFrames()} when set, else {@link #DEFAULT_CHUNK_BYTES} worth of frames, at most {@link
     * #DEFAULT_CHUNK_FRAMES}, at least 1.
     */
    public int chunkFrameCap(long largestScratchBytes) {
        if (maxChunkFrames > 0) {
            return maxChunkFrames;
        }
        long n = largestScratchBytes > 0 ? DEFAULT_CHUNK_BYTES / largestScratchBytes : DEFAULT_CHUNK_FRAMES;
        return (int) Math.max(1, Math.min(DEFAULT_CHUNK_FRAMES, n));
    }

    /** The batch-level byte budget in effect. */
    public long batchByteBudget() {
        return maxBatchBytes > 0 ? maxBatchBytes : globalMemoryBytes / 2;
    }

    /**
     * These limits for one of the {@link Workspace#SETS} sets of batch-level buffers that are in flight together: the
     * batch budget shared between them.
     */
    public DeviceLimits perBufferSet() {
        return new DeviceLimits(
                globalMemoryBytes, maxAllocationBytes, maxChunkFrames, Math.max(1, batchByteBudget() / Workspace.SETS));
    }

    /** Input sample bytes per piece: {@value #PIECE_BYTES_PROPERTY} when set, else {@link #DEFAULT_PIECE_BYTES}. */
    public static long pieceBytes() {
        long p = property(PIECE_BYTES_PROPERTY);
        return p > 0 ? p : DEFAULT_PIECE_BYTES;
    }
}
