package io.spectro;

import java.util.Optional;

/**
 * The features of one clip: {@code [features][frames]} row-major float32 (COMPLEX: {@code [nFreq][frames][2]}), with
 * the backend that produced them and, when that is not the engine's own backend (a device failed and the clip was
 * recomputed on the next backend), a note saying why.
 */
public final class Spectrogram {
    private final SpectrogramSpec spec;
    private final float[] data;
    private final int frames;
    private final String backend;
    private final String fallbackNote;

    /** Wraps {@code data} (not copied), which must hold {@code spec.outputFloats(frames)} values. */
    public Spectrogram(SpectrogramSpec spec, float[] data, int frames, String backend) {
        this(spec, data, frames, backend, null);
    }

    /**
     * Wraps {@code data} (not copied), which must hold {@code spec.outputFloats(frames)} values, computed by {@code
     * backend} instead of the engine's own backend for the reason in {@code fallbackNote} (null when it was the
     * engine's own).
     */
    public Spectrogram(SpectrogramSpec spec, float[] data, int frames, String backend, String fallbackNote) {
        if (data.length != spec.outputFloats(frames)) {
            throw new IllegalArgumentException("data has " + data.length + " floats, expected "
                    + spec.outputFloats(frames) + " for " + frames + " frames");
        }
        this.spec = spec;
        this.data = data;
        this.frames = frames;
        this.backend = backend;
        this.fallbackNote = fallbackNote;
    }

    /** The spec that produced these features. */
    public SpectrogramSpec spec() {
        return spec;
    }

    /**
     * The name of the backend that computed them ({@code cpu}, {@code opencl}, {@code cuda}): the engine's own, or
     * the one that took over after a device failure (see {@link #fallbackNote()}).
     */
    public String backend() {
        return backend;
    }

    /**
     * Why another backend than the engine's computed these features (e.g. {@code "opencl failed (clEnqueueNDRangeKernel:
     * CL_OUT_OF_RESOURCES); recomputed on cpu"}); empty when the engine's own backend did.
     */
    public Optional<String> fallbackNote() {
        return Optional.ofNullable(fallbackNote);
    }

    /** Rows: {@code spec.featureCount()}. */
    public int features() {
        return spec.featureCount();
    }

    /** Columns: the number of frames. */
    public int frames() {
        return frames;
    }

    /** The array shape, {@code {features, frames}} or {@code {nFreq, frames, 2}} for COMPLEX. */
    public int[] shape() {
        return spec.outputShape(frames);
    }

    /** The values, row-major (the live array, not a copy). */
    public float[] data() {
        return data;
    }

    /** Value at feature {@code f}, frame {@code t} (real outputs only). */
    public float get(int f, int t) {
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            throw new IllegalStateException("complex output: use data() with index ((f * frames + t) * 2 + part)");
        }
        return data[f * frames + t];
    }

    /** The features as {@code [features][frames]} (copied; real outputs only). */
    public float[][] toArray2D() {
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            throw new IllegalStateException("complex output has three dimensions: use data()");
        }
        float[][] a = new float[features()][frames];
        for (int f = 0; f < a.length; f++) {
            System.arraycopy(data, f * frames, a[f], 0, frames);
        }
        return a;
    }

    /** Smallest value (NaN if there are no values). */
    public float min() {
        float m = Float.NaN;
        for (float v : data) {
            m = Float.isNaN(m) || v < m ? v : m;
        }
        return m;
    }

    /** Largest value (NaN if there are no values). */
    public float max() {
        float m = Float.NaN;
        for (float v : data) {
            m = Float.isNaN(m) || v > m ? v : m;
        }
        return m;
    }

    @Override
    public String toString() {
        return "Spectrogram" + java.util.Arrays.toString(shape()) + " by " + backend
                + (fallbackNote == null ? "" : " (" + fallbackNote + ")");
    }
}
