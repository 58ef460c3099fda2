package io.spectro.device;

import java.util.function.ToLongFunction;

/**
 * The device buffers a plan reuses across batches (its {@link Workspace}), each with the rule that sizes it for a
 * sub-batch. Batch-level slots hold every frame or clip of a sub-batch (one set per piece in flight); frame-level
 * scratch ({@link #A}, {@link #B}, {@link #X}, {@link #MEANS}) holds one chunk of frames and is shared by the pieces
 * (the compute queue runs one at a time). Buffers are (re)allocated in declaration order.
 */
enum WorkSlot {
    /** Every clip's samples, concatenated. */
    SAMPLES("samples", false, d -> d.samples() * Float.BYTES),
    /** {@link KernelAbi#CI_STRIDE} ints per clip with frames. */
    CLIPS("clip table", false, d -> (long) d.clips() * KernelAbi.CI_STRIDE * Integer.BYTES),
    /** Per frame: the index of its clip. */
    FRAME_CLIP("frame clips", false, d -> d.frames() * Integer.BYTES),
    /** Per frame: its index within its clip. */
    FRAME_INDEX("frame indices", false, d -> d.frames() * Integer.BYTES),
    /** Frame-level features, {@link PipelineShape#features()} floats per frame. */
    FEATURES("features", false, d -> d.frames() * d.shape().features() * Float.BYTES),
    /** Clip-level rows (MFCC, deltas), {@link PipelineShape#rowFeatures()} floats per frame. */
    ROWS("feature rows", false, d -> d.frames() * d.shape().rowFeatures() * Float.BYTES),
    /** Every clip's output block, {@link PipelineShape#output()} floats per frame. */
    OUT("output", false, d -> d.frames() * d.shape().output() * Float.BYTES),
    /** One float per clip when a clamp relative to the clip maximum follows the log. */
    CLIP_MAX("clip maxima", false, d -> d.clipMax() ? (long) d.clips() * Float.BYTES : 0),
    /** FFT ping-pong buffer A (also the framing output and the power spectrum). */
    A("scratch A", true, d -> d.chunkFrames() * d.shape().scratchA() * Float.BYTES),
    /** FFT ping-pong buffer B. */
    B("scratch B", true, d -> d.chunkFrames() * d.shape().scratchB() * Float.BYTES),
    /** Bluestein input and output. */
    X("Bluestein", true, d -> d.chunkFrames() * d.shape().scratchX() * Float.BYTES),
    /** KALDI per-frame DC means. */
    MEANS("frame means", true, d -> d.chunkFrames() * d.shape().means() * Float.BYTES);

    /**
     * What one sub-batch needs.
     *
     * @param samples samples of the clips with frames
     * @param clips clips with frames
     * @param frames frames of the sub-batch
     * @param chunkFrames frames per frame-level chunk (at most {@code frames})
     * @param shape the plan's per-frame sizes
     * @param clipMax whether the plan computes clip maxima
     */
    record Demand(long samples, int clips, long frames, long chunkFrames, PipelineShape shape, boolean clipMax) {}

    private final String description;
    private final boolean frameLevel;
    private final ToLongFunction<Demand> bytes;

    WorkSlot(String description, boolean frameLevel, ToLongFunction<Demand> bytes) {
        this.description = description;
        this.frameLevel = frameLevel;
        this.bytes = bytes;
    }

    /** Whether the slot is frame-level scratch (one buffer shared by every set) rather than batch-level. */
    boolean frameLevel() {
        return frameLevel;
    }

    /** The buffer's name in messages, e.g. {@code "scratch A"}. */
    String description() {
        return description;
    }

    /** Bytes this slot needs for {@code demand} (0: unused, a minimal buffer is kept so kernel arguments exist). */
    long bytes(Demand demand) {
        return bytes.applyAsLong(demand);
    }
}
