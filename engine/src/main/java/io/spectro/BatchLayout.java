package io.spectro;

import java.util.Arrays;

/**
 * Where each clip's features go in one output buffer: clip {@code i} has {@link #frames(int)} frames and occupies
 * {@code spec.outputFloats(frames(i))} floats from {@link #outputOffset(int)}.
 */
public final class BatchLayout {
    private final SpectrogramSpec spec;
    private final long[] samples;
    private final int[] lengths;
    private final int[] frames;
    private final long[] offsets;
    private final long totalFloats;

    private BatchLayout(SpectrogramSpec spec, long[] samples) {
        this.spec = spec;
        this.samples = samples.clone();
        this.lengths = new int[samples.length];
        this.frames = new int[samples.length];
        this.offsets = new long[samples.length];
        long off = 0;
        for (int i = 0; i < samples.length; i++) {
            String problem = spec.clipProblem(samples[i]);
            if (problem != null) {
                throw new IllegalArgumentException("clip " + i + ": " + problem);
            }
            if (samples[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("clip " + i + " has " + samples[i]
                        + " samples; at most 2^31-1 per clip (split longer recordings)");
            }
            lengths[i] = (int) samples[i];
            frames[i] = spec.frameCount(samples[i]);
            offsets[i] = off;
            off += spec.outputFloats(frames[i]);
        }
        this.totalFloats = off;
    }

    /** The layout of clips with the given sample counts; errors name the clip that cannot be framed. */
    public static BatchLayout of(SpectrogramSpec spec, long... samples) {
        return new BatchLayout(spec, samples);
    }

    /** The spec. */
    public SpectrogramSpec spec() {
        return spec;
    }

    /** Number of clips. */
    public int size() {
        return frames.length;
    }

    /** Samples of clip {@code i}. */
    public long samples(int i) {
        return samples[i];
    }

    /** Frames of clip {@code i}. */
    public int frames(int i) {
        return frames[i];
    }

    /** Offset (in floats) of clip {@code i}'s output. */
    public long outputOffset(int i) {
        return offsets[i];
    }

    /** Floats of clip {@code i}'s output. */
    public long outputFloats(int i) {
        return spec.outputFloats(frames[i]);
    }

    /** Floats of the whole output. */
    public long totalFloats() {
        return totalFloats;
    }

    /** Bytes of the whole output. */
    public long totalBytes() {
        return totalFloats * Float.BYTES;
    }

    int[] lengthsArray() {
        return lengths;
    }

    int[] framesArray() {
        return frames;
    }

    long[] offsetsArray() {
        return offsets;
    }

    @Override
    public String toString() {
        return "BatchLayout" + Arrays.toString(frames);
    }
}
