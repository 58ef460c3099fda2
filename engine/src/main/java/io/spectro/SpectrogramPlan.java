package io.spectro;

import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A spec compiled for the engine's backend: tables computed and uploaded, kernels built. Immutable and thread-safe:
 * any number of threads may compute with one plan at once (the CPU backend runs them in parallel; a device backend
 * queues them on its device). Close it (or the engine) to free its native resources; {@link #close()} waits for the
 * computations in progress, and using a closed plan throws {@link IllegalStateException}.
 *
 * <p>Inputs are float32 samples at {@code spec.sampleRateHz()}; every sample must be finite (NaN or infinite samples
 * are rejected with the clip and sample index). Clips that cannot be framed (see {@link
 * SpectrogramSpec#frameCount(long)}) are rejected with the reason.
 *
 * <p><b>Device failures.</b> When the backend fails while a batch runs, the batch is not lost: a device that ran out
 * of memory gets the batch again in halves (down to single clips); otherwise, or when a single clip does not fit, the
 * batch is recomputed on the next backend of the engine (CUDA, then OpenCL, then the CPU last), the fallback is logged
 * once on {@code System.Logger} {@code io.spectro}, and each result names the backend that computed it ({@link
 * Spectrogram#backend()}, {@link Spectrogram#fallbackNote()}). A lost device is not used again by the engine. A strict
 * engine ({@link Spectro.Builder#strict(boolean)}) does not fall back: the failure is thrown.
 */
public final class SpectrogramPlan implements AutoCloseable {
    private enum State {
        OPEN,
        CLOSING,
        FREEING,
        FREED
    }

    private final Spectro engine;
    private final SpectrogramSpec spec;
    /** The plan on each of the engine's backends (index = {@link Spectro} level), made when first needed. */
    private final AtomicReferenceArray<BackendPlan> plans;

    private final Object gate = new Object();
    private int inFlight;
    private State state = State.OPEN;
    /** Freed by the last computation to leave (an evicted cache plan) rather than by a waiting {@link #close()}. */
    private boolean freeOnIdle;

    SpectrogramPlan(Spectro engine, SpectrogramSpec spec, int level, BackendPlan plan) {
        this.engine = engine;
        this.spec = spec;
        this.plans = new AtomicReferenceArray<>(engine.levels());
        plans.set(level, plan);
    }

    /** The spec (with deterministic mode set if the engine forces it). */
    public SpectrogramSpec spec() {
        return spec;
    }

    /** The backend that runs this plan (the engine's; see {@link Spectrogram#backend()} for fallbacks). */
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
        enter();
        try {
            return batch(clips);
        } finally {
            exit();
        }
    }

    /** {@link #computeBatch} for a caller that has {@link #tryEnter() entered} the plan. */
    List<Spectrogram> batch(List<float[]> clips) {
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
        Outcome o = run(ClipBatch.ofArrays(in, frames, out));
        List<Spectrogram> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new Spectrogram(spec, out[i], frames[i], engine.backendName(o.level[i]), o.note[i]));
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
        enter();
        try {
            run(ClipBatch.ofArrays(clips, frames, outputs));
        } finally {
            exit();
        }
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
        enter();
        try {
            run(ClipBatch.ofSegments(samples, offsets, lengths, layout.framesArray(), out, layout.offsetsArray()));
        } finally {
            exit();
        }
    }

    /** Which engine level computed each clip, and the fallback note of each (null on the engine's own backend). */
    private static final class Outcome {
        final int[] level;
        final String[] note;

        Outcome(int n) {
            level = new int[n];
            note = new String[n];
        }

        void done(int first, int count, int lvl, String why) {
            for (int i = first; i < first + count; i++) {
                level[i] = lvl;
                note[i] = why;
            }
        }
    }

    private Outcome run(ClipBatch batch) {
        Outcome o = new Outcome(batch.size());
        int level = engine.firstLevel();
        runAt(level, batch, 0, o, level == 0 ? null : engine.lostNote(), null);
        return o;
    }

    /**
     * Runs {@code batch} (clips {@code first..} of the caller's batch) on engine level {@code level}; on a backend
     * failure, splits it (out of memory) or moves it to the next level. {@code why} is the note of results not
     * computed by the engine's own backend; {@code origin} the failure that started the fallback (thrown, with the
     * later ones suppressed, when no backend is left).
     */
    private void runAt(int level, ClipBatch batch, int first, Outcome o, String why, BackendException origin) {
        BackendException failure;
        try {
            BackendPlan p = planAt(level);
            p.execute(batch);
            o.done(first, batch.size(), level, why);
            return;
        } catch (BackendException e) {
            failure = e;
        }
        if (BackendChain.kindOf(failure) == BackendException.Kind.OUT_OF_MEMORY
                && batch.size() > 1
                && engine.fallbackEnabled()) {
            engine.noteSplit(level, batch.size(), failure);
            int half = batch.size() / 2;
            runAt(level, batch.slice(0, half), first, o, why, origin);
            runAt(level, batch.slice(half, batch.size()), first + half, o, why, origin);
            return;
        }
        int next = engine.fallFrom(level, failure, spec);
        if (next < 0) {
            if (origin == null) {
                throw failure;
            }
            origin.addSuppressed(failure);
            throw origin;
        }
        runAt(
                next,
                batch,
                first,
                o,
                Spectro.joinNotes(why, engine.fallbackNote(level, next, failure)),
                origin == null ? failure : origin);
    }

    /** This plan on engine level {@code level}, planned there when first needed. */
    private BackendPlan planAt(int level) {
        BackendPlan p = plans.get(level);
        if (p != null) {
            return p;
        }
        synchronized (plans) {
            p = plans.get(level);
            if (p == null) {
                p = engine.backendAt(level).plan(spec);
                plans.set(level, p);
            }
            return p;
        }
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

    // ---- lifetime: computations in flight, close, eviction ----------------------------------------------------

    /** Registers a computation; throws when the plan is closed or closing. */
    private void enter() {
        if (!tryEnter()) {
            throw closedError();
        }
    }

    /** Registers a computation unless the plan is closed or closing. */
    boolean tryEnter() {
        synchronized (gate) {
            if (state != State.OPEN) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    /** Ends a computation; the last one out frees an evicted plan. */
    void exit() {
        boolean free = false;
        synchronized (gate) {
            inFlight--;
            if (inFlight == 0 && state == State.CLOSING && freeOnIdle) {
                state = State.FREEING;
                free = true;
            }
            gate.notifyAll();
        }
        if (free) {
            free();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("this SpectrogramPlan is closed"
                + (engine.isClosed() ? " (its Spectro engine was closed)" : "") + ": " + spec.summary());
    }

    /**
     * Refuses new computations and frees the plan when the computations in progress have finished, without waiting
     * for them (used when the engine's plan cache evicts it).
     */
    void retire() {
        boolean free = false;
        synchronized (gate) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            freeOnIdle = true;
            if (inFlight == 0) {
                state = State.FREEING;
                free = true;
            }
        }
        if (free) {
            free();
        }
    }

    /** Refuses new computations, waits for those in progress, and frees the plan. Idempotent. */
    void closeAndWait() {
        boolean free = false;
        boolean interrupted = false;
        synchronized (gate) {
            if (state == State.OPEN) {
                state = State.CLOSING;
            }
            while (state != State.FREED) {
                if (state == State.CLOSING && inFlight == 0) {
                    state = State.FREEING;
                    free = true;
                    break;
                }
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (free) {
            free();
        }
    }

    /** Whether computations are refused (closed, closing or evicted). */
    boolean isClosed() {
        synchronized (gate) {
            return state != State.OPEN;
        }
    }

    /** Closes the backend plans; the first failure is rethrown after all were tried. */
    private void free() {
        RuntimeException failure = null;
        try {
            for (int i = 0; i < plans.length(); i++) {
                BackendPlan p = plans.getAndSet(i, null);
                if (p != null) {
                    try {
                        p.close();
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
        } finally {
            synchronized (gate) {
                state = State.FREED;
                gate.notifyAll();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Frees the plan's native resources, after waiting for the computations in progress on other threads; later
     * computations throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        try {
            closeAndWait();
        } finally {
            engine.planClosed(this);
        }
    }

    @Override
    public String toString() {
        return "SpectrogramPlan[" + engine.backendName() + ": " + spec.summary() + "]";
    }
}
