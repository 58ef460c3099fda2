package io.spectro;

import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec compiled for the engine's backend: tables computed and uploaded, kernels built. Immutable and thread-safe;
 * close it (or the engine) to free its native resources. Using a closed plan throws {@link IllegalStateException}.
 *
 * <p>Inputs are float32 samples at {@code spec.sampleRateHz()}; every sample must be finite (NaN or infinite samples
 * are rejected with the clip and sample index). Clips that cannot be framed (see {@link
 * SpectrogramSpec#frameCount(long)}) are rejected with the reason.
 */
public final class SpectrogramPlan implements AutoCloseable {
    private final Spectro engine;
    private final SpectrogramSpec spec;
    private final BackendPlan plan;
    private volatile boolean closed;

    SpectrogramPlan(Spectro engine, SpectrogramSpec spec, BackendPlan plan) {
        this.engine = engine;
        this.spec = spec;
        this.plan = plan;
    }

    /** The spec (with deterministic mode set if the engine forces it). */
    public SpectrogramSpec spec() {
        return spec;
    }

    /** The backend that runs this plan. */
    public String backendName() {
        return engine.backendName();
    }

    /** Frames for a clip of {@code samples} samples; see {@link SpectrogramSpec#frameCount(long)}. */
    public int frameCount(long samples) {
        return spec.frameCount(samples);
    }

    /** The output layout for clips of the given lengths, for {@link #execute(MemorySegment, long[], BatchLayout, MemorySegment)}. */
    public BatchLayout layout(long... samples) {
        return BatchLayout.of(spec, samples);
    }

    /** Computes one clip. */
    public Spectrogram compute(float[] samples) {
        return computeBatch(List.of(samples)).get(0);
    }

    /** Computes a ragged batch: one result per clip, in order. Clips may have different lengths. */
    public List<Spectrogram> computeBatch(List<float[]> clips) {
        int n = clips.size();
        float[][] in = new float[n][];
        int[] frames = new int[n];
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] c = clips.get(i);
            frames[i] = framesChecked(i, c.length);
            checkFinite(i, c);
            long floats = spec.outputFloats(frames[i]);
            if (floats > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("clip " + i + " output of " + floats
                        + " floats is too large for a Java array; use execute() with a MemorySegment");
            }
            in[i] = c;
            out[i] = new float[(int) floats];
        }
        run(ClipBatch.ofArrays(in, frames, out));
        List<Spectrogram> results = new ArrayList<>(n);
        String backend = engine.backendName();
        for (int i = 0; i < n; i++) {
            results.add(new Spectrogram(spec, out[i], frames[i], backend));
        }
        return results;
    }

    /**
     * Computes {@code clips[i]} into {@code outputs[i]} (each exactly {@code spec.outputFloats(frameCount(len))} long,
     * or longer), allocating nothing per call beyond small bookkeeping.
     */
    public void computeInto(float[][] clips, float[][] outputs) {
        if (clips.length != outputs.length) {
            throw new IllegalArgumentException(clips.length + " clips but " + outputs.length + " outputs");
        }
        int n = clips.length;
        int[] frames = new int[n];
        for (int i = 0; i < n; i++) {
            frames[i] = framesChecked(i, clips[i].length);
            checkFinite(i, clips[i]);
            long need = spec.outputFloats(frames[i]);
            if (outputs[i].length < need) {
                throw new IllegalArgumentException(
                        "output " + i + " has " + outputs[i].length + " floats, needs " + need);
            }
        }
        run(ClipBatch.ofArrays(clips, frames, outputs));
    }

    /**
     * Zero-copy batch over off-heap (or heap) memory: clip {@code i} is {@code layout.samples(i)} float32 samples at
     * element offset {@code offsets[i]} of {@code samples}; its features are written at element offset {@code
     * layout.outputOffset(i)} of {@code out}, which must hold {@code layout.totalFloats()} floats.
     */
    public void execute(MemorySegment samples, long[] offsets, BatchLayout layout, MemorySegment out) {
        if (layout.spec() != spec && !layout.spec().equals(spec)) {
            throw new IllegalArgumentException("layout was made for another spec");
        }
        int n = layout.size();
        if (offsets.length != n) {
            throw new IllegalArgumentException(offsets.length + " offsets for " + n + " clips");
        }
        if (out.byteSize() < layout.totalBytes()) {
            throw new IllegalArgumentException(
                    "output segment has " + out.byteSize() + " bytes, layout needs " + layout.totalBytes());
        }
        int[] lengths = layout.lengthsArray();
        for (int i = 0; i < n; i++) {
            long bytes = (long) lengths[i] * Float.BYTES;
            long start = offsets[i] * Float.BYTES;
            if (offsets[i] < 0 || start + bytes > samples.byteSize()) {
                throw new IndexOutOfBoundsException("clip " + i + " [" + offsets[i] + ", +" + lengths[i]
                        + ") lies outside the samples segment of " + samples.byteSize() / Float.BYTES + " floats");
            }
            checkFinite(i, samples, offsets[i], lengths[i]);
        }
        run(ClipBatch.ofSegments(samples, offsets, lengths, layout.framesArray(), out, layout.offsetsArray()));
    }

    private void run(ClipBatch batch) {
        if (closed) {
            throw new IllegalStateException("this SpectrogramPlan is closed");
        }
        plan.execute(batch);
    }

    private int framesChecked(int clip, long samples) {
        String problem = spec.clipProblem(samples);
        if (problem != null) {
            throw new IllegalArgumentException("clip " + clip + ": " + problem);
        }
        return spec.frameCount(samples);
    }

    /**
     * Rejects NaN and infinite samples. The scan ORs {@code (bits & exponent) + 2^23} over blocks, which is negative
     * exactly when some exponent is all ones; the JIT vectorises it, so the check costs a small fraction of a frame.
     */
    private static void checkFinite(int clip, float[] x) {
        for (int from = 0; from < x.length; from += 4096) {
            int to = Math.min(x.length, from + 4096);
            int acc = 0;
            for (int i = from; i < to; i++) {
                acc |= (Float.floatToRawIntBits(x[i]) & 0x7f800000) + 0x00800000;
            }
            if (acc < 0) {
                for (int i = from; i < to; i++) {
                    if (!Float.isFinite(x[i])) {
                        throw nonFinite(clip, i, x[i]);
                    }
                }
            }
        }
    }

    private static void checkFinite(int clip, MemorySegment s, long offset, int length) {
        for (long from = 0; from < length; from += 4096) {
            long to = Math.min(length, from + 4096);
            int acc = 0;
            for (long i = from; i < to; i++) {
                acc |= (s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, offset + i) & 0x7f800000) + 0x00800000;
            }
            if (acc < 0) {
                for (long i = from; i < to; i++) {
                    float v = s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, offset + i);
                    if (!Float.isFinite(v)) {
                        throw nonFinite(clip, i, v);
                    }
                }
            }
        }
    }

    private static IllegalArgumentException nonFinite(int clip, long index, float v) {
        return new IllegalArgumentException("clip " + clip + " sample " + index + " is " + v
                + ": Spectro needs finite samples (replace or drop non-finite values first)");
    }

    void closeQuietly() {
        if (!closed) {
            closed = true;
            plan.close();
        }
    }

    /** Frees the plan's native resources. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closeQuietly();
            engine.planClosed(this);
        }
    }

    @Override
    public String toString() {
        return "SpectrogramPlan[" + engine.backendName() + ": " + spec.summary() + "]";
    }
}
