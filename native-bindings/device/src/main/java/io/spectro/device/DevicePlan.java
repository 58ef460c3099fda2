package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.FrameFit;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A spec compiled for a {@link ComputeDevice}: the device batch orchestration, written once for every device API.
 *
 * <p>Per plan: the kernels for the spec's mode, and the host tables of {@link SpecTables} uploaded once ({@link
 * DeviceTables}). Frame-level work is separate launches over global memory ({@link FrameStages} with its {@link
 * FftStage}), or, unless {@link FusedLayout#ENABLED_PROPERTY} turns it off, when the spec and the device's local
 * memory allow it ({@link FusedLayout}), one {@code fused_frames} launch per chunk
 * ({@link FusedFrameStages}: framing, the FFT in local memory, spectrum, mel and log, writing only features).
 *
 * <p>Per batch (see {@link ChunkPlanner} for sub-batches, pieces and chunks), for each piece in turn:
 *
 * <ol>
 *   <li>{@link BatchStaging}: the piece's samples (concatenated), clip table and per-frame tables staged in host memory
 *       (page-locked where the device offers it) and uploaded on the device's copy queue;
 *   <li>per chunk of frames the frame-level work, then {@link ClipStages} over the piece (clip maximum, clamp and affine
 *       map, MFCC, deltas, transpose into each clip's {@code [features][frames]} block), recorded as one {@link
 *       CommandList} and submitted after the upload's fence (a device may replay it as a CUDA graph);
 *   <li>the download of the piece's output blocks on the copy queue after the kernels' fence, then a copy into each
 *       clip's output.
 * </ol>
 *
 * <p>Pieces alternate between two sets of batch-level buffers and staging segments, so the upload of piece k+1 and the
 * download of piece k-1 overlap the kernels of piece k (on devices with a copy queue; others run the same calls in
 * order). Intermediates stay on the device; buffers and staging are reused across batches and grown (1.5x or more)
 * when a batch needs more. Executions are serialised: one batch in flight per plan, and device calls of all plans of a
 * backend on the backend's device lock. In deterministic mode the kernels are built without FMA contraction and with
 * DetMath, and the result is bit-identical to {@link io.spectro.dsp.ReferencePipeline#compute}, on either frame-level
 * path; otherwise the vendor FFT (if the device has one, for sizes the fused kernel does not take) and built-in
 * transcendentals may be used. Each batch's launches and global-memory traffic are counted ({@link
 * #lastBatchTraffic()}). {@link #close()} frees everything the plan allocated.
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
    private final FusedLayout fused;
    private final DeviceTables constants;
    private final Workspace work;
    private final BatchStaging[] staging = new BatchStaging[Workspace.SETS];
    private final StageContext ctx;
    private final FrameLevel frameStages;
    private final ClipStages clipStages;

    private final Object lock = new Object();
    private final long planId;
    private BatchTraffic lastTraffic = BatchTraffic.NONE;
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
            this.fused = fft == null
                    ? null
                    : FusedLayout.choose(
                            tables, device.localMemoryBytes(), device.maxGroupSize(), device.preferredGroupSize());
            VendorFft vendor = !spec.deterministic() && fft != null && fused == null
                    ? device.vendorFft().orElse(null)
                    : null;
            this.vendorFft = vendor != null;
            this.shape =
                    fused != null ? PipelineShape.fused(tables, fused.direct()) : PipelineShape.of(tables, vendorFft);
            this.constants = new DeviceTables(device, tables, fft, fft != null && vendor == null, fused != null);
            this.work = new Workspace(device, limits);
            for (int i = 0; i < staging.length; i++) {
                staging[i] = new BatchStaging(device, tracker, tables);
            }
            this.ctx = new StageContext(device, kernels, group, tables, shape, work, constants);
            try {
                this.frameStages = fused != null
                        ? new FusedFrameStages(
                                ctx,
                                fused,
                                device.kernels(spec.deterministic(), FusedFrameStages.defines(tables, fused)))
                        : new FrameStages(ctx, fft == null ? null : FftStage.of(ctx, fft, vendor));
            } catch (RuntimeException | Error e) {
                constants.close();
                throw e;
            }
            this.clipStages = new ClipStages(ctx, fused != null && fused.direct());
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

    /** Whether the vendor FFT replaces the Stockham passes (never in deterministic mode, nor with the fused kernel). */
    public boolean usesVendorFft() {
        return vendorFft;
    }

    /**
     * The fused kernel's layout as {@code tile T, group G, L bytes local, direct|rows[, clip max]}, or empty when the
     * plan runs the multi-pass kernels.
     */
    public Optional<String> fusedLayout() {
        return Optional.ofNullable(fused)
                .map(f -> "tile " + f.tile() + ", group " + f.group() + ", " + f.localBytes() + " bytes local, "
                        + (f.direct() ? "direct" : "rows") + (f.trackMax() ? ", clip max" : ""));
    }

    /** The launches and traffic of the last batch {@link #execute} ran ({@link BatchTraffic#NONE} before any). */
    public BatchTraffic lastBatchTraffic() {
        synchronized (lock) {
            return lastTraffic;
        }
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
            ChunkPlanner.Plan plan = ChunkPlanner.plan(samples, frames, shape, limits.perBufferSet());
            List<ChunkPlanner.SubBatch> pieces = new ArrayList<>();
            for (ChunkPlanner.SubBatch p :
                    ChunkPlanner.pieces(plan, samples, frames, shape, DeviceLimits.pieceBytes())) {
                if (p.frames() > 0) {
                    pieces.add(p);
                }
            }
            if (tables.fitsFrames()) {
                for (int i = 0; i < n; i++) {
                    if (frames[i] == 0) {
                        FrameFit.deliver(tables, batch, i, new float[0], 0); // nothing computed: padding only
                    }
                }
            }
            lastTraffic = run(batch, pieces, plan.chunkFrames());
        }
    }

    /**
     * Runs the pieces through the device, two in flight: while piece k computes, piece k+1 is uploaded and piece k-1
     * downloaded (on the copy queue), and the host stages and delivers around them.
     */
    private BatchTraffic run(ClipBatch batch, List<ChunkPlanner.SubBatch> pieces, int chunkFrames) {
        int n = pieces.size();
        BatchStaging.Staged[] staged = new BatchStaging.Staged[n];
        Fence[] uploaded = new Fence[n];
        Fence[] computed = new Fence[n];
        Fence[] downloaded = new Fence[n];
        BatchTraffic traffic = BatchTraffic.NONE;
        int delivered = 0;
        synchronized (backend.deviceLock()) {
            try {
                // Every buffer is sized before anything is in flight: growing one frees it, which must not happen
                // under queued work.
                for (int k = 0; k < n; k++) {
                    ChunkPlanner.SubBatch p = pieces.get(k);
                    work.use(k % Workspace.SETS);
                    work.ensure(new WorkSlot.Demand(
                            p.samples(),
                            p.clipsWithFrames(),
                            p.frames(),
                            Math.min(chunkFrames, p.frames()),
                            shape,
                            tables.clipMax() || tables.normKind() == SpecTables.NormKind.PER_UTTERANCE));
                }
                for (int k = 0; k < n; k++) {
                    int set = k % Workspace.SETS;
                    if (k >= Workspace.SETS) {
                        // This set's staging and buffers are free once the piece that used them is delivered.
                        deliver(batch, staged, downloaded, delivered++);
                    }
                    staged[k] = staging[set].stage(batch, pieces.get(k), shape.output());
                    work.use(set);
                    uploaded[k] = staging[set].upload(staged[k], work);
                    if (k > 0) {
                        // Enqueued after this upload so that the copy queue does not hold it behind the download.
                        downloaded[k - 1] = download(k - 1, staged, computed);
                    }
                    work.use(set);
                    device.waitFor(uploaded[k]);
                    CommandList commands = record(staged[k], chunkFrames);
                    device.submit(commands);
                    computed[k] = device.mark();
                    traffic = traffic.plus(commands, BatchStaging.uploadBytes(staged[k]), staged[k].outBytes());
                }
                if (n > 0) {
                    downloaded[n - 1] = download(n - 1, staged, computed);
                }
                while (delivered < n) {
                    deliver(batch, staged, downloaded, delivered++);
                }
            } catch (RuntimeException | Error e) {
                try {
                    device.finish();
                } catch (RuntimeException | Error suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                for (Fence[] fences : List.of(uploaded, computed, downloaded)) {
                    for (Fence f : fences) {
                        if (f != null) {
                            f.close();
                        }
                    }
                }
            }
        }
        return traffic;
    }

    /** Records piece {@code s}'s launches: frame-level work chunk by chunk, then the clip-level stages. */
    private CommandList record(BatchStaging.Staged s, int chunkFrames) {
        long totalFrames = s.frames();
        int chunk = (int) Math.min(chunkFrames, totalFrames);
        ctx.begin();
        try {
            for (long g0 = 0; g0 < totalFrames; g0 += chunk) {
                frameStages.run((int) g0, (int) Math.min(chunk, totalFrames - g0));
            }
            clipStages.run(s.clips(), (int) totalFrames, chunk);
        } catch (RuntimeException | Error e) {
            ctx.end();
            throw e;
        }
        return ctx.end();
    }

    /** Enqueues the download of piece {@code k}'s output blocks after its kernels. */
    private Fence download(int k, BatchStaging.Staged[] staged, Fence[] computed) {
        int set = k % Workspace.SETS;
        work.use(set);
        return device.downloadAsync(work.get(WorkSlot.OUT), 0, staging[set].output(staged[k]), computed[k]);
    }

    /** Waits for piece {@code k}'s download and copies its outputs into the batch. */
    private void deliver(ClipBatch batch, BatchStaging.Staged[] staged, Fence[] downloaded, int k) {
        downloaded[k].await();
        staging[k % Workspace.SETS].deliver(staged[k], batch, spec);
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
                for (BatchStaging st : staging) {
                    st.close();
                }
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
