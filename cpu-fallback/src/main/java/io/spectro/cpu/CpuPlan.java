package io.spectro.cpu;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CPU plan. With the Vector API it runs {@link VectorPipeline}; without it, {@link ReferencePipeline} (identical
 * results). Executions may run concurrently: each takes an {@link Execution} (its job and workspaces) from the plan's
 * idle list. The execution that claims the backend's {@link WorkerPool} spreads its work over the pool: whole clips
 * per participant when the batch has at least as many clips as threads, otherwise each clip's frames are split into
 * blocks shared by all participants. Executions that find the pool busy run alone on their own thread, so concurrent
 * callers use as many cores as there are callers. Every mode gives the same bits (each frame is computed the same way
 * whatever the split). Steady state allocates nothing per batch: executions, workspaces and clip buffers are kept and
 * reused; the plan and each execution are registered with the backend's {@link ResourceTracker} until {@link
 * #close()}.
 */
final class CpuPlan implements BackendPlan {
    /** Frames per unit of work within a clip (bounds the per-thread source window). */
    private static final int UNIT_FRAMES = 128;

    private final CpuBackend backend;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private final VectorPipeline pipeline;
    private final ResourceTracker tracker;
    private final long planId;
    private final ArrayDeque<Execution> idle = new ArrayDeque<>();
    private int executions;
    private boolean closed;

    CpuPlan(CpuBackend backend, SpectrogramSpec spec) {
        this.backend = backend;
        this.spec = spec;
        this.tables = SpecTables.of(spec);
        this.pipeline = Simd.available() ? new VectorPipeline(tables) : null;
        this.tracker = backend.tracker();
        this.planId = tracker.allocated("CpuPlan", 0);
    }

    @Override
    public SpectrogramSpec spec() {
        return spec;
    }

    @Override
    public void execute(ClipBatch batch) {
        batch.checkOutputs(spec);
        Execution ex = take();
        try {
            if (batch.size() > 0) {
                ex.run(batch);
            }
        } finally {
            give(ex);
        }
    }

    /** An idle execution, or a new one; throws when the plan is closed. */
    private Execution take() {
        synchronized (idle) {
            if (closed) {
                throw new IllegalStateException("plan is closed");
            }
            Execution ex = idle.pollFirst();
            if (ex == null) {
                ex = new Execution(tracker.allocated("cpu execution workspace", 0));
                executions++;
            }
            return ex;
        }
    }

    /** Returns an execution to the idle list, or releases it when the plan was closed meanwhile. */
    private void give(Execution ex) {
        synchronized (idle) {
            if (!closed) {
                idle.addFirst(ex);
                return;
            }
            executions--;
        }
        tracker.freed(ex.trackerId);
    }

    /** Executions made so far that are not released (idle or running). */
    int executions() {
        synchronized (idle) {
            return executions;
        }
    }

    private static int ceilTo(int v, int m) {
        return (v + m - 1) / m * m;
    }

    private enum Mode {
        SCALAR_CLIPS,
        CLIPS,
        SPLIT
    }

    /**
     * The state of one execution: the job the participants run and one workspace per participant (made when first
     * used), plus the clip buffer of split clips.
     */
    private final class Execution implements WorkerPool.Job {
        final long trackerId;
        final Object[] workspaces = new Object[backend.pool().parallelism()];
        final AtomicInteger next = new AtomicInteger();
        float[] sharedClip = new float[0];
        ClipBatch batch;
        Mode mode;
        int clip;
        int unit;
        int units;
        float[] target;

        Execution(long trackerId) {
            this.trackerId = trackerId;
        }

        void run(ClipBatch b) {
            WorkerPool pool = backend.pool();
            batch = b;
            boolean claimed = pool.canShare(b) && pool.tryClaim();
            try {
                Mode clips = pipeline == null ? Mode.SCALAR_CLIPS : Mode.CLIPS;
                if (!claimed) {
                    // Alone on this thread: the pool is busy with another caller, has no threads, or may not touch
                    // this memory (segments of a confined arena).
                    mode = clips;
                    next.set(0);
                    work(0);
                } else if (pipeline == null || b.size() >= pool.parallelism()) {
                    mode = clips;
                    next.set(0);
                    pool.run(this);
                } else {
                    for (int c = 0; c < b.size(); c++) {
                        splitClip(pool, c);
                    }
                }
            } finally {
                if (claimed) {
                    pool.release();
                }
                batch = null;
                target = null;
            }
        }

        /** One clip, its frames split over all participants, then the clip stage on this thread. */
        private void splitClip(WorkerPool pool, int c) {
            int frames = pipeline.frames(batch, c);
            int participants = pool.parallelism();
            int u = Math.max(
                    VectorPipeline.B, ceilTo((frames + 4 * participants - 1) / (4 * participants), VectorPipeline.B));
            unit = Math.min(u, UNIT_FRAMES);
            mode = Mode.SPLIT;
            clip = c;
            units = (frames + unit - 1) / unit;
            next.set(0);
            if (pipeline.clipStage) {
                int n = pipeline.frameFeatures() * frames;
                if (sharedClip.length < n) {
                    sharedClip = new float[n];
                }
                target = sharedClip;
            } else {
                target = null;
            }
            pool.run(this);
            if (pipeline.clipStage) {
                float[] result = pipeline.clipStage(sharedClip, frames, workspace(0));
                pipeline.deliver(batch, c, result, frames);
            }
        }

        private VectorPipeline.Workspace workspace(int worker) {
            Object w = workspaces[worker];
            if (w == null) {
                w = pipeline.newWorkspace();
                workspaces[worker] = w;
            }
            return (VectorPipeline.Workspace) w;
        }

        @Override
        public void work(int worker) {
            switch (mode) {
                case SCALAR_CLIPS -> {
                    for (int c = next.getAndIncrement(); c < batch.size(); c = next.getAndIncrement()) {
                        scalarClip(batch, c);
                    }
                }
                case CLIPS -> {
                    VectorPipeline.Workspace w = workspace(worker);
                    for (int c = next.getAndIncrement(); c < batch.size(); c = next.getAndIncrement()) {
                        vectorClip(batch, c, w);
                    }
                }
                case SPLIT -> {
                    VectorPipeline.Workspace w = workspace(worker);
                    int frames = pipeline.frames(batch, clip);
                    for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                        int t0 = u * unit;
                        int t1 = Math.min(frames, t0 + unit);
                        if (target != null) {
                            pipeline.frameStage(batch, clip, frames, t0, t1, w, target, 0, null, 0);
                        } else {
                            frameStageToOutput(batch, clip, frames, t0, t1, w);
                        }
                    }
                }
            }
        }
    }

    private void frameStageToOutput(ClipBatch batch, int c, int frames, int t0, int t1, VectorPipeline.Workspace w) {
        float[] arr = batch.outputArray(c);
        if (arr != null) {
            pipeline.frameStage(batch, c, frames, t0, t1, w, arr, 0, null, 0);
        } else {
            MemorySegment seg = batch.outputSegment(c);
            pipeline.frameStage(batch, c, frames, t0, t1, w, null, 0, seg, batch.outputByteOffset(c));
        }
    }

    private void vectorClip(ClipBatch batch, int c, VectorPipeline.Workspace w) {
        int frames = pipeline.frames(batch, c);
        if (pipeline.clipStage) {
            float[] clip = w.clip(pipeline.frameFeatures() * frames);
            for (int t0 = 0; t0 < frames; t0 += UNIT_FRAMES) {
                pipeline.frameStage(batch, c, frames, t0, Math.min(frames, t0 + UNIT_FRAMES), w, clip, 0, null, 0);
            }
            float[] result = pipeline.clipStage(clip, frames, w);
            pipeline.deliver(batch, c, result, frames);
        } else {
            for (int t0 = 0; t0 < frames; t0 += UNIT_FRAMES) {
                frameStageToOutput(batch, c, frames, t0, Math.min(frames, t0 + UNIT_FRAMES), w);
            }
        }
    }

    private void scalarClip(ClipBatch batch, int c) {
        float[] x = batch.inputArray(c);
        if (x == null || x.length != batch.samples(c)) {
            x = batch.samplesArray(c);
        }
        int frames = batch.frames(c);
        float[] out = new float[(int) spec.outputFloats(frames)];
        ReferencePipeline.compute(tables, x, x.length, out);
        batch.writeOutput(c, 0, out, 0, out.length);
    }

    /**
     * Refuses new executions and releases the idle ones; executions still running are released when they finish.
     * Idempotent.
     */
    @Override
    public void close() {
        Execution[] released;
        synchronized (idle) {
            if (closed) {
                return;
            }
            closed = true;
            released = idle.toArray(new Execution[0]);
            executions -= released.length;
            idle.clear();
        }
        for (Execution ex : released) {
            tracker.freed(ex.trackerId);
            Arrays.fill(ex.workspaces, null);
        }
        tracker.freed(planId);
    }
}
