package io.spectro.spi;

import io.spectro.SpectrogramSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A ragged batch as handed to a backend: for each clip, its samples (float32, native byte order, heap or off-heap
 * segment), its frame count, and the segment its output goes to ({@code spec.outputFloats(frames)} floats, layout
 * {@code [features][frames]} or {@code [nFreq][frames][2]}).
 */
public final class ClipBatch {
    /** Float32 in native byte order, unaligned access allowed (heap segments of {@code float[]} are fine too). */
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final MemorySegment[] inputs;
    private final int[] frames;
    private final MemorySegment[] outputs;

    /** Wraps the arrays (not copied); all three have one entry per clip. */
    public ClipBatch(MemorySegment[] inputs, int[] frames, MemorySegment[] outputs) {
        if (inputs.length != frames.length || inputs.length != outputs.length) {
            throw new IllegalArgumentException("inputs, frames and outputs must have one entry per clip");
        }
        this.inputs = inputs;
        this.frames = frames;
        this.outputs = outputs;
    }

    /** Number of clips. */
    public int size() {
        return inputs.length;
    }

    /** Samples of clip {@code i}. */
    public MemorySegment input(int i) {
        return inputs[i];
    }

    /** Sample count of clip {@code i}. */
    public int samples(int i) {
        return (int) (inputs[i].byteSize() / Float.BYTES);
    }

    /** Frame count of clip {@code i}. */
    public int frames(int i) {
        return frames[i];
    }

    /** Output segment of clip {@code i}. */
    public MemorySegment output(int i) {
        return outputs[i];
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
        for (MemorySegment s : inputs) {
            n += s.byteSize() / Float.BYTES;
        }
        return n;
    }

    /** Clip {@code i}'s samples as a float array (a copy). */
    public float[] samplesArray(int i) {
        return inputs[i].toArray(FLOAT);
    }

    /** Checks that every output has room for its clip's features. */
    public void checkOutputs(SpectrogramSpec spec) {
        for (int i = 0; i < size(); i++) {
            long need = spec.outputFloats(frames[i]) * Float.BYTES;
            if (outputs[i].byteSize() < need) {
                throw new IllegalArgumentException(
                        "output of clip " + i + " has " + outputs[i].byteSize() + " bytes, needs " + need);
            }
        }
    }
}
