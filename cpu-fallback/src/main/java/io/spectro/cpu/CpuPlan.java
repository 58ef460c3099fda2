package io.spectro.cpu;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CPU plan. With the Vector API it runs {@link VectorPipeline}; without it, {@link ReferencePipeline} (identical
 * results). Work is spread over the backend's {@link WorkerPool}: whole clips per participant when the batch has at
 * least as many clips as threads, otherwise each clip's frames are split into blocks shared by all participants.
 * Steady state allocates nothing per batch: workspaces (one per participant) and clip buffers are kept and reused.
 * Executions of one plan are serialised.
 */
final class CpuPlan implements BackendPlan {
    /** Frames per unit of work within a clip (bounds the per-thread source window). */
    private static final int UNIT_FRAMES = 128;

    private final CpuBackend backend;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private final VectorPipeline pipeline;
    private final Object[] workspaces;
    private final Job job = new Job();
    private float[] sharedClip = new float[0];
    private volatile boolean closed;

    CpuPlan(CpuBackend backend, SpectrogramSpec spec) {
        this.backend = backend;
        this.spec = spec;
        this.tables = SpecTables.of(spec);
        this.pipeline = Simd.available() ? new VectorPipeline(tables) : null;
        this.workspaces = new Object[backend.pool().parallelism()];
    }

    @Override
    public SpectrogramSpec spec() {
        return spec;
    }

    @Override
    public synchronized void execute(ClipBatch batch) {
        if (closed) {
            throw new IllegalStateException("plan is closed");
        }
        batch.checkOutputs(spec);
        if (batch.size() == 0) {
            return;
        }
        job.batch = batch;
        try {
            if (!backend.pool().canShare(batch)) {
                // Memory of a confined arena: only this thread may touch it.
                job.mode = pipeline == null ? Mode.SCALAR_CLIPS : Mode.CLIPS;
                job.next.set(0);
                job.work(0);
            } else if (pipeline == null) {
                job.mode = Mode.SCALAR_CLIPS;
                job.next.set(0);
                backend.pool().run(job);
            } else if (batch.size() >= backend.pool().parallelism()) {
                job.mode = Mode.CLIPS;
                job.next.set(0);
                backend.pool().run(job);
            } else {
                for (int c = 0; c < batch.size(); c++) {
                    splitClip(batch, c);
                }
            }
        } finally {
            job.batch = null;
        }
    }

    /** One clip, its frames split over all participants, then the clip stage on this thread. */
    private void splitClip(ClipBatch batch, int c) {
        int frames = pipeline.frames(batch, c);
        int participants = backend.pool().parallelism();
        int unit = Math.max(
                VectorPipeline.B, ceilTo((frames + 4 * participants - 1) / (4 * participants), VectorPipeline.B));
        unit = Math.min(unit, UNIT_FRAMES);
        job.mode = Mode.SPLIT;
        job.clip = c;
        job.unit = unit;
        job.units = (frames + unit - 1) / unit;
        job.next.set(0);
        if (pipeline.clipStage) {
            int n = pipeline.frameFeatures() * frames;
            if (sharedClip.length < n) {
                sharedClip = new float[n];
            }
            job.target = sharedClip;
        } else {
            job.target = null;
        }
        backend.pool().run(job);
        if (pipeline.clipStage) {
            VectorPipeline.Workspace w = workspace(0);
            float[] result = pipeline.clipStage(sharedClip, frames, w);
            pipeline.deliver(batch, c, result, frames);
        }
    }

    private static int ceilTo(int v, int m) {
        return (v + m - 1) / m * m;
    }

    private VectorPipeline.Workspace workspace(int worker) {
        Object w = workspaces[worker];
        if (w == null) {
            w = pipeline.newWorkspace();
            workspaces[worker] = w;
        }
        return (VectorPipeline.Workspace) w;
    }

    private enum Mode {
        SCALAR_CLIPS,
        CLIPS,
        SPLIT
    }

    /** The reusable job of this plan (executions are serialised, so one suffices). */
    private final class Job implements WorkerPool.Job {
        final AtomicInteger next = new AtomicInteger();
        ClipBatch batch;
        Mode mode;
        int clip;
        int unit;
        int units;
        float[] target;

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

    @Override
    public synchronized void close() {
        closed = true;
        sharedClip = new float[0];
        java.util.Arrays.fill(workspaces, null);
    }
}
