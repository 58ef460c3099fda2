package io.spectro.spi;

import io.spectro.SpectrogramSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A ragged batch as handed to a backend: for each clip, its float32 samples, its frame count, and where its output
 * goes ({@code spec.outputFloats(frames)} floats, layout {@code [features][frames]} or {@code [nFreq][frames][2]}).
 *
 * <p>Three representations share this class so that no per-clip object is created on the hot path: per-clip heap
 * arrays ({@link #ofArrays}), one samples segment and one output segment with element offsets ({@link #ofSegments}),
 * or per-clip segments (the constructor). Backends that want uniform access use {@link #input(int)} and {@link
 * #output(int)} (which create slices); allocation-sensitive backends use {@link #copySamples}, {@link
 * #outputArray(int)}, {@link #outputSegment(int)} and {@link #outputByteOffset(int)}.
 */
public final class ClipBatch {
    /** Float32 in native byte order, unaligned access allowed (heap segments of {@code float[]} are fine too). */
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int[] lengths;
    private final int[] frames;
    private final float[][] inArrays;
    private final float[][] outArrays;
    private final MemorySegment inSegment;
    private final long[] inOffsets;
    private final MemorySegment outSegment;
    private final long[] outOffsets;
    private final MemorySegment[] inSegments;
    private final MemorySegment[] outSegments;

    private ClipBatch(
            int[] lengths,
            int[] frames,
            float[][] inArrays,
            float[][] outArrays,
            MemorySegment inSegment,
            long[] inOffsets,
            MemorySegment outSegment,
            long[] outOffsets,
            MemorySegment[] inSegments,
            MemorySegment[] outSegments) {
        this.lengths = lengths;
        this.frames = frames;
        this.inArrays = inArrays;
        this.outArrays = outArrays;
        this.inSegment = inSegment;
        this.inOffsets = inOffsets;
        this.outSegment = outSegment;
        this.outOffsets = outOffsets;
        this.inSegments = inSegments;
        this.outSegments = outSegments;
    }

    /** Per-clip segments (not copied); all three arrays have one entry per clip. */
    public ClipBatch(MemorySegment[] inputs, int[] frames, MemorySegment[] outputs) {
        this(lengthsOf(inputs), frames, null, null, null, null, null, null, inputs, outputs);
        if (inputs.length != frames.length || inputs.length != outputs.length) {
            throw new IllegalArgumentException("inputs, frames and outputs must have one entry per clip");
        }
    }

    private static int[] lengthsOf(MemorySegment[] inputs) {
        int[] l = new int[inputs.length];
        for (int i = 0; i < l.length; i++) {
            long n = inputs[i].byteSize() / Float.BYTES;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("clip " + i + " has more than 2^31-1 samples");
            }
            l[i] = (int) n;
        }
        return l;
    }

    /** Per-clip heap arrays (not copied): clip {@code i} is all of {@code inputs[i]}; outputs are large enough. */
    public static ClipBatch ofArrays(float[][] inputs, int[] frames, float[][] outputs) {
        if (inputs.length != frames.length || inputs.length != outputs.length) {
            throw new IllegalArgumentException("inputs, frames and outputs must have one entry per clip");
        }
        int[] lengths = new int[inputs.length];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = inputs[i].length;
        }
        return new ClipBatch(lengths, frames, inputs, outputs, null, null, null, null, null, null);
    }

    /**
     * One samples segment and one output segment: clip {@code i} is {@code lengths[i]} floats from element {@code
     * inOffsets[i]}; its output starts at element {@code outOffsets[i]} (arrays not copied).
     */
    public static ClipBatch ofSegments(
            MemorySegment in, long[] inOffsets, int[] lengths, int[] frames, MemorySegment out, long[] outOffsets) {
        if (inOffsets.length != lengths.length
                || frames.length != lengths.length
                || outOffsets.length != lengths.length) {
            throw new IllegalArgumentException("offsets, lengths and frames must have one entry per clip");
        }
        return new ClipBatch(lengths, frames, null, null, in, inOffsets, out, outOffsets, null, null);
    }

    /**
     * Clips {@code [from, to)} of this batch as a batch of their own, over the same memory (nothing copied but the
     * small per-clip tables); the engine uses it to split a batch that did not fit on a device.
     */
    public ClipBatch slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("clips [" + from + ", " + to + ") of a batch of " + size());
        }
        return new ClipBatch(
                Arrays.copyOfRange(lengths, from, to),
                Arrays.copyOfRange(frames, from, to),
                inArrays == null ? null : Arrays.copyOfRange(inArrays, from, to),
                outArrays == null ? null : Arrays.copyOfRange(outArrays, from, to),
                inSegment,
                inOffsets == null ? null : Arrays.copyOfRange(inOffsets, from, to),
                outSegment,
                outOffsets == null ? null : Arrays.copyOfRange(outOffsets, from, to),
                inSegments == null ? null : Arrays.copyOfRange(inSegments, from, to),
                outSegments == null ? null : Arrays.copyOfRange(outSegments, from, to));
    }

    /** Number of clips. */
    public int size() {
        return lengths.length;
    }

    /** Sample count of clip {@code i}. */
    public int samples(int i) {
        return lengths[i];
    }

    /** Frame count of clip {@code i}. */
    public int frames(int i) {
        return frames[i];
    }

    /** Samples of clip {@code i} as a segment (a slice or heap wrapper; allocates a small object). */
    public MemorySegment input(int i) {
        if (inSegments != null) {
            return inSegments[i];
        }
        if (inArrays != null) {
            return MemorySegment.ofArray(inArrays[i]).asSlice(0, (long) lengths[i] * Float.BYTES);
        }
        return inSegment.asSlice(inOffsets[i] * Float.BYTES, (long) lengths[i] * Float.BYTES);
    }

    /** Clip {@code i}'s heap array when the batch holds arrays, else null. */
    public float[] inputArray(int i) {
        return inArrays == null ? null : inArrays[i];
    }

    /** Copies samples {@code [from, from + count)} of clip {@code i} into {@code dst[dstOff..]} without allocating. */
    public void copySamples(int i, int from, float[] dst, int dstOff, int count) {
        if (inArrays != null) {
            System.arraycopy(inArrays[i], from, dst, dstOff, count);
        } else if (inSegments != null) {
            MemorySegment.copy(inSegments[i], FLOAT, (long) from * Float.BYTES, dst, dstOff, count);
        } else {
            MemorySegment.copy(inSegment, FLOAT, (inOffsets[i] + from) * Float.BYTES, dst, dstOff, count);
        }
    }

    /** Output of clip {@code i} as a segment of exactly its size (allocates a small object). */
    public MemorySegment output(int i, SpectrogramSpec spec) {
        long bytes = spec.outputFloats(frames[i]) * Float.BYTES;
        if (outSegments != null) {
            return outSegments[i].asSlice(0, bytes);
        }
        if (outArrays != null) {
            return MemorySegment.ofArray(outArrays[i]).asSlice(0, bytes);
        }
        return outSegment.asSlice(outOffsets[i] * Float.BYTES, bytes);
    }

    /** Output of clip {@code i} as given (its segment, or a heap wrapper of its array; may be larger than needed). */
    public MemorySegment output(int i) {
        if (outSegments != null) {
            return outSegments[i];
        }
        if (outArrays != null) {
            return MemorySegment.ofArray(outArrays[i]);
        }
        return outSegment.asSlice(outOffsets[i] * Float.BYTES);
    }

    /** Clip {@code i}'s output array (features start at index 0) when the batch holds arrays, else null. */
    public float[] outputArray(int i) {
        return outArrays == null ? null : outArrays[i];
    }

    /** The segment holding clip {@code i}'s output (null when the batch holds arrays). */
    public MemorySegment outputSegment(int i) {
        if (outArrays != null) {
            return null;
        }
        return outSegments != null ? outSegments[i] : outSegment;
    }

    /** Byte offset of clip {@code i}'s output within {@link #outputSegment(int)}. */
    public long outputByteOffset(int i) {
        return outSegment != null ? outOffsets[i] * Float.BYTES : 0L;
    }

    /** Writes {@code src[srcOff, srcOff + count)} to clip {@code i}'s output at float index {@code at}. */
    public void writeOutput(int i, long at, float[] src, int srcOff, int count) {
        if (outArrays != null) {
            System.arraycopy(src, srcOff, outArrays[i], (int) at, count);
        } else {
            MemorySegment.copy(src, srcOff, outputSegment(i), FLOAT, outputByteOffset(i) + at * Float.BYTES, count);
        }
    }

    /**
     * Whether every segment of this batch can be accessed from {@code thread} (false for segments of a confined arena
     * owned by another thread: backends must then touch them only from the calling thread).
     */
    public boolean accessibleBy(Thread thread) {
        if (inSegment != null && !inSegment.isAccessibleBy(thread)) {
            return false;
        }
        if (outSegment != null && !outSegment.isAccessibleBy(thread)) {
            return false;
        }
        if (inSegments != null) {
            for (MemorySegment s : inSegments) {
                if (!s.isAccessibleBy(thread)) {
                    return false;
                }
            }
        }
        if (outSegments != null) {
            for (MemorySegment s : outSegments) {
                if (!s.isAccessibleBy(thread)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Total frames of the batch. */
    public long totalFrames() {
        long n = 0;
        for (int f : frames) {
            n += f;
        }
        return n;
    }

    /** Total samples of the batch. */
    public long totalSamples() {
        long n = 0;
        for (int l : lengths) {
            n += l;
        }
        return n;
    }

    /** Clip {@code i}'s samples as a float array (a copy). */
    public float[] samplesArray(int i) {
        float[] a = new float[lengths[i]];
        copySamples(i, 0, a, 0, a.length);
        return a;
    }

    /** Checks that every output has room for its clip's features. */
    public void checkOutputs(SpectrogramSpec spec) {
        for (int i = 0; i < size(); i++) {
            long need = spec.outputFloats(frames[i]);
            long have;
            if (outArrays != null) {
                have = outArrays[i].length;
            } else if (outSegments != null) {
                have = outSegments[i].byteSize() / Float.BYTES;
            } else {
                have = outSegment.byteSize() / Float.BYTES - outOffsets[i];
            }
            if (have < need) {
                throw new IllegalArgumentException(
                        "output of clip " + i + " has room for " + have + " floats, needs " + need);
            }
        }
    }
}
