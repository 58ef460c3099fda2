package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.FrameFit;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;

/**
 * A spec compiled for a {@link ComputeDevice}: the device batch orchestration, written once for every device API.
 *
 * <p>Per plan: the kernels for the spec's mode, and the host tables of {@link SpecTables} uploaded once ({@link
 * DeviceTables}). Per batch (see {@link ChunkPlanner} for sub-batches and chunks):
 *
 * <ol>
 *   <li>{@link BatchStaging}: one upload of every clip's samples (concatenated in a staging segment) plus the clip
 *       table and the per-frame clip / frame-index tables: the frames of all clips are concatenated, no clip is
 *       padded;
 *   <li>per chunk of frames, {@link FrameStages}: framing, the {@link FftStage} (Stockham passes over all frames of
 *       the chunk, with Bluestein around them where needed, or the vendor FFT), the spectrum stage, the mel stage and
 *       the per-frame log, into a feature row per frame;
 *   <li>{@link ClipStages} over the whole sub-batch: clip maximum, clamp and affine map, MFCC, deltas, and the
 *       transpose into each clip's {@code [features][frames]} block;
 *   <li>one download of all clips' outputs, then a copy into each clip's output.
 * </ol>
 *
 * <p>Intermediates stay on the device. Device buffers ({@link Workspace}) and the staging segment are reused across
 * batches and grown (1.5x or more) when a batch needs more. Executions are serialised: one batch in flight per plan,
 * and device calls of all plans of a backend on the backend's device lock (staging copies of different plans
 * overlap). In deterministic mode the kernels are built without FMA contraction and with DetMath, and the result is
 * bit-identical to {@link io.spectro.dsp.ReferencePipeline#compute}; otherwise the vendor FFT (if the device has one)
 * and built-in transcendentals may be used. {@link #close()} frees everything the plan allocated.
 */
public final class DevicePlan implements BackendPlan {
    private final DeviceBackend backend;
    private final ComputeDevice device;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private final PipelineShape shape;
    private final DeviceLimits limits;
    private final ResourceTracker tracker;
    private final boolean vendorFft;
    private final DeviceTables constants;
    private final Workspace work;
    private final BatchStaging staging;
    private final FrameStages frameStages;
    private final ClipStages clipStages;

    private final Object lock = new Object();
    private final long planId;
    private boolean closed;

    DevicePlan(DeviceBackend backend, SpectrogramSpec spec) {
        this.backend = backend;
        this.device = backend.device();
        this.spec = spec;
        this.tracker = backend.tracker();
        this.tables = SpecTables.of(spec);
        FftPlan fft = tables.fft() == null ? null : tables.fft().complexPlan();
        this.limits = DeviceLimits.of(device);
        int group = Math.max(1, device.preferredGroupSize());
        synchronized (backend.deviceLock()) {
            KernelSet kernels = device.kernels(spec.deterministic());
            VendorFft vendor =
                    !spec.deterministic() && fft != null ? device.vendorFft().orElse(null) : null;
            this.vendorFft = vendor != null;
            this.shape = PipelineShape.of(tables, vendorFft);
            this.constants = new DeviceTables(device, tables, fft, fft != null && vendor == null);
            this.work = new Workspace(device, limits);
            this.staging = new BatchStaging(device, tracker, tables);
            StageContext ctx = new StageContext(device, kernels, group, tables, shape, work, constants);
            try {
                this.frameStages = new FrameStages(ctx, fft == null ? null : FftStage.of(ctx, fft, vendor));
            } catch (RuntimeException | Error e) {
                constants.close();
                throw e;
            }
            this.clipStages = new ClipStages(ctx);
        }
        this.planId = tracker.allocated("DevicePlan", 0);
    }

    @Override
    public SpectrogramSpec spec() {
        return spec;
    }

    /** The per-frame buffer sizes of this plan. */
    public PipelineShape shape() {
        return shape;
    }

    /** Whether the vendor FFT replaces the Stockham passes (never in deterministic mode). */
    public boolean usesVendorFft() {
        return vendorFft;
    }

    @Override
    public void execute(ClipBatch batch) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this " + backend.name() + " plan is closed");
            }
            batch.checkOutputs(spec);
            int n = batch.size();
            long[] samples = new long[n];
            int[] frames = new int[n];
            for (int i = 0; i < n; i++) {
                int expected = spec.frameCount(batch.samples(i));
                if (batch.frames(i) != expected) {
                    throw new IllegalArgumentException("clip " + i + " has " + batch.samples(i)
                            + " samples, which give " + expected + " frames, but the batch says " + batch.frames(i));
                }
                // The device sees the clips as the input stage makes them (fixed length) and computes their frames.
                samples[i] = spec.framedSamples(batch.samples(i));
                frames[i] = spec.computedFrameCount(batch.samples(i));
            }
            ChunkPlanner.Plan plan = ChunkPlanner.plan(samples, frames, shape, limits);
            for (ChunkPlanner.SubBatch sb : plan.subBatches()) {
                if (sb.frames() > 0) {
                    runSubBatch(batch, sb, plan.chunkFrames());
                }
            }
            if (tables.fitsFrames()) {
                for (int i = 0; i < n; i++) {
                    if (frames[i] == 0) {
                        FrameFit.deliver(tables, batch, i, new float[0], 0); // nothing computed: padding only
                    }
                }
            }
        }
    }

    private void runSubBatch(ClipBatch batch, ChunkPlanner.SubBatch sb, int chunkFrames) {
        BatchStaging.Staged staged = staging.stage(batch, sb, shape.output());
        long totalFrames = staged.frames();
        int chunk = (int) Math.min(chunkFrames, totalFrames);
        synchronized (backend.deviceLock()) {
            work.ensure(new WorkSlot.Demand(
                    staged.samples(),
                    staged.clips(),
                    totalFrames,
                    chunk,
                    shape,
                    tables.clipMax() || tables.normKind() == SpecTables.NormKind.PER_UTTERANCE));
            staging.upload(staged, work);
            for (long g0 = 0; g0 < totalFrames; g0 += chunk) {
                frameStages.run((int) g0, (int) Math.min(chunk, totalFrames - g0));
            }
            clipStages.run(staged.clips(), (int) totalFrames, chunk);
            clipStages.download(staging.output(staged));
            device.finish();
        }
        staging.deliver(staged, batch, spec);
    }

    /** Frees the device buffers, tables and staging memory. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                synchronized (backend.deviceLock()) {
                    work.close();
                    constants.close();
                }
            } finally {
                staging.close();
                tracker.freed(planId);
            }
        }
        backend.planClosed(this);
    }

    @Override
    public String toString() {
        return "DevicePlan[" + backend.name() + " on " + device.name() + ": " + spec.summary() + "]";
    }
}
