package io.spectro.device;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.MelFilterbank;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec compiled for a {@link ComputeDevice}: the device batch orchestration, written once for every device API.
 *
 * <p>Per plan: the kernels for the spec's mode, and the host tables of {@link SpecTables} uploaded once. Per batch
 * (see {@link ChunkPlanner} for sub-batches and chunks):
 *
 * <ol>
 *   <li>one upload of every clip's samples (concatenated in a staging segment) plus the clip table and the per-frame
 *       clip / frame-index tables: the frames of all clips are concatenated, no clip is padded;
 *   <li>per chunk of frames: framing ({@code frame_torch}, or {@code kaldi_mean} + {@code frame_kaldi}), the FFT
 *       (one launch per Stockham pass over all frames of the chunk, ping-pong buffers, Bluestein pre / mid / post
 *       around two pass sequences) or the vendor FFT, then the spectrum stage (real-FFT post-processing fused with
 *       the complex output, {@code spectrum_complex}, or with the power and, without a mel stage, the log stage,
 *       {@code spectrum_power[_db|_ln|_log10]}) and the mel stage with its log ({@code mel[_db|_ln|_log10]}), into a
 *       feature row per frame (every launch covers fewer than 2^31 work-items);
 *   <li>clip-level stages over the whole sub-batch: {@code clip_max}, {@code clip_finish} (clamp, affine), {@code
 *       mfcc}, {@code deltas}, and {@code transpose_out} into each clip's {@code [features][frames]} block;
 *   <li>one download of all clips' outputs, then a copy into each clip's output segment.
 * </ol>
 *
 * <p>Intermediates stay on the device. Device buffers and the staging segment are reused across batches and grown
 * (1.5x or more) when a batch needs more. Executions are serialised: one batch in flight per plan, and device calls
 * of all plans of a backend on the backend's device lock (staging copies of different plans overlap). In
 * deterministic mode the kernels are built without FMA contraction and with DetMath, and the result is bit-identical
 * to {@link io.spectro.dsp.ReferencePipeline#compute}; otherwise the vendor FFT (if the device has one) and built-in
 * transcendentals may be used. {@link #close()} frees everything the plan allocated.
 */
public final class DevicePlan implements BackendPlan {
    /** Work-group size of {@code clip_max}; equals {@code REDUCE_GROUP} in spectro.kern. */
    public static final int REDUCE_GROUP = 128;
    /** Ints per clip in the clip table; equals {@code CI_STRIDE} in spectro.kern. */
    public static final int CI_STRIDE = PipelineShape.CLIP_TABLE_INTS;

    private static final int LOG_NONE = SpecTables.LOG_NONE;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    // Workspace slots, grown on demand.
    private static final int SAMPLES = 0, CLIPS = 1, FRAME_CLIP = 2, FRAME_INDEX = 3, FEATURES = 4, ROWS = 5, OUT = 6;
    private static final int CLIP_MAX = 7, A = 8, B = 9, X = 10, MEANS = 11, SLOTS = 12;
    private static final String[] SLOT_NAMES = {
        "samples",
        "clip table",
        "frame clips",
        "frame indices",
        "features",
        "feature rows",
        "output",
        "clip maxima",
        "scratch A",
        "scratch B",
        "Bluestein buffer",
        "frame means"
    };

    private final DeviceBackend backend;
    private final ComputeDevice device;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private final PipelineShape shape;
    private final DeviceLimits limits;
    private final KernelSet kernels;
    private final VendorFft vendor;
    private final ResourceTracker tracker;
    private final int group;
    private final FftPlan fft;

    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final DeviceBuffer window;
    private final DeviceBuffer twiddles;
    private final DeviceBuffer roots;
    private final DeviceBuffer chirp;
    private final DeviceBuffer chirpFilter;
    private final DeviceBuffer post;
    private final DeviceBuffer melStarts;
    private final DeviceBuffer melLengths;
    private final DeviceBuffer melOffsets;
    private final DeviceBuffer melWeights;
    private final DeviceBuffer dct;
    private final DeviceBuffer lifter;

    private final Object lock = new Object();
    private final DeviceBuffer[] work = new DeviceBuffer[SLOTS];
    private Arena stagingArena;
    private MemorySegment staging;
    private long stagingId = -1;
    private final long planId;
    private boolean closed;

    DevicePlan(DeviceBackend backend, SpectrogramSpec spec) {
        this.backend = backend;
        this.device = backend.device();
        this.spec = spec;
        this.tracker = backend.tracker();
        this.tables = SpecTables.of(spec);
        this.fft = tables.fft() == null ? null : tables.fft().complexPlan();
        this.limits = DeviceLimits.of(device);
        this.group = Math.max(1, device.preferredGroupSize());
        synchronized (backend.deviceLock()) {
            this.kernels = device.kernels(spec.deterministic());
            this.vendor =
                    !spec.deterministic() && fft != null ? device.vendorFft().orElse(null) : null;
            this.shape = PipelineShape.of(tables, vendor != null);
            try {
                window = upload(tables.frameWindow());
                boolean passes = fft != null && vendor == null;
                twiddles = passes ? upload(fft.twiddles()) : window;
                roots = passes && fft.roots().length > 0 ? upload(fft.roots()) : window;
                chirp = passes && fft.bluestein() ? upload(fft.chirp()) : window;
                chirpFilter = passes && fft.bluestein() ? upload(fft.chirpFilter()) : window;
                post = passes && tables.fft().halfLength() ? upload(tables.fft().postTwiddles()) : window;
                MelFilterbank mel = tables.mel();
                if (mel != null) {
                    melStarts = upload(mel.starts());
                    melLengths = upload(mel.lengths());
                    melOffsets = upload(mel.offsets());
                    melWeights = mel.weightCount() > 0 ? upload(mel.weights()) : window;
                } else {
                    melStarts = window;
                    melLengths = window;
                    melOffsets = window;
                    melWeights = window;
                }
                dct = tables.dct() != null ? upload(tables.dct()) : window;
                lifter = tables.lifter() != null ? upload(tables.lifter()) : window;
            } catch (RuntimeException | Error e) {
                freeOwned();
                throw e;
            }
        }
        this.planId = tracker.allocated("DevicePlan", 0);
    }

    private DeviceBuffer upload(float[] values) {
        DeviceBuffer b = device.allocate(Math.max(Float.BYTES, (long) values.length * Float.BYTES));
        owned.add(b);
        if (values.length > 0) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = device.stagingMemory(a, (long) values.length * Float.BYTES);
                MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, values.length);
                device.upload(s, b, 0);
            }
        }
        return b;
    }

    private DeviceBuffer upload(int[] values) {
        DeviceBuffer b = device.allocate(Math.max(Integer.BYTES, (long) values.length * Integer.BYTES));
        owned.add(b);
        if (values.length > 0) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = device.stagingMemory(a, (long) values.length * Integer.BYTES);
                MemorySegment.copy(values, 0, s, INT, 0, values.length);
                device.upload(s, b, 0);
            }
        }
        return b;
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
        return vendor != null;
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
                samples[i] = batch.samples(i);
                frames[i] = batch.frames(i);
                int expected = spec.frameCount(samples[i]);
                if (frames[i] != expected) {
                    throw new IllegalArgumentException("clip " + i + " has " + samples[i] + " samples, which give "
                            + expected + " frames, but the batch says " + frames[i]);
                }
            }
            ChunkPlanner.Plan plan = ChunkPlanner.plan(samples, frames, shape, limits);
            for (ChunkPlanner.SubBatch sb : plan.subBatches()) {
                if (sb.frames() > 0) {
                    runSubBatch(batch, sb, plan.chunkFrames());
                }
            }
        }
    }

    private void runSubBatch(ClipBatch batch, ChunkPlanner.SubBatch sb, int chunkFrames) {
        int nc = sb.clipsWithFrames();
        long totalFrames = sb.frames();
        long sampleBytes = sb.samples() * Float.BYTES;
        long tableBase = sampleBytes;
        long clipTableBytes = (long) nc * CI_STRIDE * Integer.BYTES;
        long frameClipBase = tableBase + clipTableBytes;
        long frameTableBytes = totalFrames * Integer.BYTES;
        long frameIndexBase = frameClipBase + frameTableBytes;
        long inBytes = frameIndexBase + frameTableBytes;
        long outFloats = totalFrames * shape.output();
        long outBytes = outFloats * Float.BYTES;
        MemorySegment st = staging(Math.max(inBytes, outBytes));

        // Stage the samples and the index tables.
        int[] active = new int[nc];
        long[] outOffsets = new long[nc];
        long sampleOffset = 0;
        long outOffset = 0;
        long g = 0;
        int a = 0;
        for (int c = sb.firstClip(); c < sb.endClip(); c++) {
            int f = batch.frames(c);
            if (f == 0) {
                continue;
            }
            int len = batch.samples(c);
            float[] array = batch.inputArray(c);
            if (array != null) {
                MemorySegment.copy(array, 0, st, ClipBatch.FLOAT, sampleOffset * Float.BYTES, len);
            } else {
                MemorySegment.copy(batch.input(c), 0, st, sampleOffset * Float.BYTES, (long) len * Float.BYTES);
            }
            long t0 = tableBase / Integer.BYTES + (long) a * CI_STRIDE;
            st.setAtIndex(INT, t0, (int) sampleOffset);
            st.setAtIndex(INT, t0 + 1, (int) (sampleOffset >>> 32));
            st.setAtIndex(INT, t0 + 2, len);
            st.setAtIndex(INT, t0 + 3, (int) g);
            st.setAtIndex(INT, t0 + 4, f);
            st.setAtIndex(INT, t0 + 5, (int) outOffset);
            st.setAtIndex(INT, t0 + 6, (int) (outOffset >>> 32));
            st.setAtIndex(INT, t0 + 7, 0);
            long fc = frameClipBase / Integer.BYTES + g;
            long fi = frameIndexBase / Integer.BYTES + g;
            for (int t = 0; t < f; t++) {
                st.setAtIndex(INT, fc + t, a);
                st.setAtIndex(INT, fi + t, t);
            }
            active[a] = c;
            outOffsets[a] = outOffset;
            a++;
            g += f;
            sampleOffset += len;
            outOffset += (long) f * shape.output();
        }

        synchronized (backend.deviceLock()) {
            ensure(SAMPLES, sampleBytes);
            ensure(CLIPS, clipTableBytes);
            ensure(FRAME_CLIP, frameTableBytes);
            ensure(FRAME_INDEX, frameTableBytes);
            ensure(FEATURES, totalFrames * shape.features() * Float.BYTES);
            ensure(ROWS, totalFrames * shape.rowFeatures() * Float.BYTES);
            ensure(OUT, outBytes);
            ensure(CLIP_MAX, tables.clipMax() ? (long) nc * Float.BYTES : 0);
            long chunk = Math.min(chunkFrames, totalFrames);
            ensure(A, chunk * shape.scratchA() * Float.BYTES);
            ensure(B, chunk * shape.scratchB() * Float.BYTES);
            ensure(X, chunk * shape.scratchX() * Float.BYTES);
            ensure(MEANS, chunk * shape.means() * Float.BYTES);

            device.upload(st.asSlice(0, sampleBytes), work[SAMPLES], 0);
            device.upload(st.asSlice(tableBase, clipTableBytes), work[CLIPS], 0);
            device.upload(st.asSlice(frameClipBase, frameTableBytes), work[FRAME_CLIP], 0);
            device.upload(st.asSlice(frameIndexBase, frameTableBytes), work[FRAME_INDEX], 0);
            for (long g0 = 0; g0 < totalFrames; g0 += chunk) {
                frameStages((int) g0, (int) Math.min(chunk, totalFrames - g0));
            }
            clipStages(nc, (int) totalFrames, (int) chunk);
            device.download(work[OUT], 0, st.asSlice(0, outBytes));
            device.finish();
        }
        for (int i = 0; i < nc; i++) {
            int c = active[i];
            long floats = spec.outputFloats(batch.frames(c));
            float[] array = batch.outputArray(c);
            if (array != null) {
                MemorySegment.copy(st, ClipBatch.FLOAT, outOffsets[i] * Float.BYTES, array, 0, (int) floats);
            } else {
                MemorySegment.copy(
                        st,
                        outOffsets[i] * Float.BYTES,
                        batch.outputSegment(c),
                        batch.outputByteOffset(c),
                        floats * Float.BYTES);
            }
        }
    }

    /** Frame-level stages for batch frames {@code [g0, g0 + cn)} into their feature rows. */
    private void frameStages(int g0, int cn) {
        int nFft = spec.nFft();
        boolean framesOut = spec.spectrum() == SpectrumKind.FRAMES;
        boolean even = nFft % 2 == 0;
        DeviceBuffer dst;
        long dstOff = 0;
        long dstStride;
        int dstStep = 1;
        if (framesOut) {
            dst = work[FEATURES];
            dstOff = (long) g0 * shape.features();
            dstStride = shape.features();
        } else if (vendor != null) {
            dst = work[A];
            dstStride = nFft;
        } else if (fft.bluestein()) {
            dst = work[X];
            dstStride = shape.scratchX();
            dstStep = even ? 1 : 2;
        } else {
            dst = work[A];
            dstStride = shape.scratchA();
            dstStep = even ? 1 : 2;
        }
        int count = cn * nFft;
        float pre = tables.preemphasis();
        if (spec.frameMode() == FrameMode.KALDI) {
            boolean dc = spec.removeDcOffset();
            if (dc) {
                launch(
                        "kaldi_mean",
                        cn,
                        frameTables()
                                .i32(g0)
                                .i32(cn)
                                .i32(spec.hopLength())
                                .i32(spec.winLength())
                                .buffer(work[MEANS]));
            }
            launch(
                    "frame_kaldi",
                    count,
                    frameTables()
                            .buffer(dc ? work[MEANS] : window)
                            .buffer(window)
                            .i32(g0)
                            .i32(count)
                            .i32(nFft)
                            .i32(spec.hopLength())
                            .i32(spec.winLength())
                            .f32(pre)
                            .i32(dc ? 1 : 0)
                            .buffer(dst)
                            .i64(dstOff)
                            .i64(dstStride)
                            .i32(dstStep));
        } else {
            int padMode = switch (spec.padMode()) {
                case CONSTANT -> 0;
                case REFLECT -> 1;
                case EDGE -> 2;
            };
            launch(
                    "frame_torch",
                    count,
                    frameTables()
                            .buffer(window)
                            .i32(g0)
                            .i32(count)
                            .i32(nFft)
                            .i32(spec.hopLength())
                            .i32(spec.padding())
                            .i32(padMode)
                            .f32(pre)
                            .buffer(dst)
                            .i64(dstOff)
                            .i64(dstStride)
                            .i32(dstStep));
        }
        if (framesOut) {
            return;
        }

        DeviceBuffer z;
        long zStride;
        boolean halfLength;
        DeviceBuffer free;
        if (vendor != null) {
            vendor.realForward(work[A], work[B], nFft, cn);
            z = work[B];
            zStride = 2L * spec.nFreq();
            halfLength = false;
            free = work[A];
        } else if (fft.bluestein()) {
            int m = fft.passLength();
            int n = fft.n();
            launch(
                    "bluestein_pre",
                    cn * m,
                    KernelArgs.of()
                            .buffer(work[X])
                            .i64(shape.scratchX())
                            .buffer(chirp)
                            .i32(n)
                            .i32(m)
                            .i32(cn * m)
                            .buffer(work[A]));
            DeviceBuffer r1 = passes(work[A], work[B], cn);
            launch(
                    "bluestein_mid",
                    (long) cn * m,
                    KernelArgs.of().buffer(r1).buffer(chirpFilter).i32(m).i32(cn * m));
            DeviceBuffer r2 = passes(r1, r1 == work[A] ? work[B] : work[A], cn);
            launch(
                    "bluestein_post",
                    (long) cn * n,
                    KernelArgs.of()
                            .buffer(r2)
                            .buffer(chirp)
                            .i32(n)
                            .i32(m)
                            .i32(cn * n)
                            .buffer(work[X])
                            .i64(shape.scratchX()));
            z = work[X];
            zStride = shape.scratchX();
            halfLength = even;
            free = work[A];
        } else {
            z = passes(work[A], work[B], cn);
            zStride = shape.scratchA();
            halfLength = even;
            free = z == work[A] ? work[B] : work[A];
        }

        int nFreq = spec.nFreq();
        int bins = cn * nFreq;
        long rowStride = shape.features();
        long rowOff = (long) g0 * rowStride;
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            spectrumOut(z, zStride, halfLength, bins, true, LOG_NONE, work[FEATURES], rowOff, rowStride);
        } else if (tables.mel() != null) {
            MelFilterbank mel = tables.mel();
            spectrumOut(z, zStride, halfLength, bins, false, LOG_NONE, free, 0, nFreq);
            int count2 = cn * mel.nMels();
            launch(
                    "mel" + logSuffix(tables.logKind()),
                    count2,
                    KernelArgs.of()
                            .buffer(free)
                            .i32(count2)
                            .i32(nFreq)
                            .i32(mel.nMels())
                            .buffer(melStarts)
                            .buffer(melLengths)
                            .buffer(melOffsets)
                            .buffer(melWeights)
                            .f32(tables.logA())
                            .f32(tables.logB())
                            .f32(tables.logC())
                            .buffer(work[FEATURES])
                            .i64(rowOff)
                            .i64(rowStride));
        } else {
            spectrumOut(z, zStride, halfLength, bins, false, tables.logKind(), work[FEATURES], rowOff, rowStride);
        }
    }

    /** Every kernel a plan may launch (all defined in spectro.kern). */
    public static List<String> kernelNames() {
        List<String> names = new ArrayList<>(List.of(
                "frame_torch",
                "kaldi_mean",
                "frame_kaldi",
                "fft_radix2",
                "fft_radix3",
                "fft_radix4",
                "fft_radix5",
                "fft_generic",
                "bluestein_pre",
                "bluestein_mid",
                "bluestein_post",
                "spectrum_complex",
                "clip_max",
                "clip_finish",
                "mfcc",
                "deltas",
                "transpose_out"));
        for (int kind : new int[] {SpecTables.LOG_NONE, SpecTables.LOG_DB, SpecTables.LOG_LN, SpecTables.LOG_LOG10}) {
            names.add("spectrum_power" + logSuffix(kind));
            names.add("mel" + logSuffix(kind));
        }
        return names;
    }

    /** The kernel-name suffix of a log kind: {@code ""}, {@code _db}, {@code _ln} or {@code _log10}. */
    static String logSuffix(int logKind) {
        return switch (logKind) {
            case SpecTables.LOG_DB -> "_db";
            case SpecTables.LOG_LN -> "_ln";
            case SpecTables.LOG_LOG10 -> "_log10";
            default -> "";
        };
    }

    /**
     * The spectrum stage: complex bins ({@code complex}), or the power (with the log stage of {@code logKind}) into
     * rows of {@code dstStride} floats of {@code dst} from float {@code dstOff}.
     */
    private void spectrumOut(
            DeviceBuffer z,
            long zStride,
            boolean halfLength,
            int count,
            boolean complex,
            int logKind,
            DeviceBuffer dst,
            long dstOff,
            long dstStride) {
        KernelArgs args = KernelArgs.of()
                .buffer(z)
                .i64(zStride)
                .i32(halfLength ? 1 : 0)
                .i32(spec.nFft() / 2)
                .buffer(post)
                .i32(count)
                .i32(spec.nFreq());
        if (!complex) {
            args.f32(tables.powerHalf()).f32(tables.logA()).f32(tables.logB()).f32(tables.logC());
        }
        args.buffer(dst).i64(dstOff).i64(dstStride);
        launch(complex ? "spectrum_complex" : "spectrum_power" + logSuffix(logKind), count, args);
    }

    /** The Stockham passes of the FFT over {@code cn} transforms in {@code in}; returns the buffer holding the result. */
    private DeviceBuffer passes(DeviceBuffer in, DeviceBuffer out, int cn) {
        int len = fft.passLength();
        for (int p = 0; p < fft.passes(); p++) {
            int r = fft.radix(p);
            int count = cn * (len / r);
            KernelArgs args = KernelArgs.of().buffer(in).buffer(out).buffer(twiddles);
            if (r <= 5) {
                args.i32(count).i32(len).i32(fft.span(p)).i32(fft.twiddleOffset(p));
                launch("fft_radix" + r, count, args);
            } else {
                args.buffer(roots)
                        .i32(count)
                        .i32(len)
                        .i32(fft.span(p))
                        .i32(fft.twiddleOffset(p))
                        .i32(r)
                        .i32(fft.rootOffset(p));
                launch("fft_generic", count, args);
            }
            DeviceBuffer t = in;
            in = out;
            out = t;
        }
        return in;
    }

    /**
     * Clip-level stages over all {@code frames} frames of the sub-batch (element-wise kernels launched per chunk of
     * {@code chunk} frames so that every launch covers fewer than 2^31 items), then the transpose into {@code OUT}.
     */
    private void clipStages(int nc, int frames, int chunk) {
        DeviceBuffer base = work[FEATURES];
        long baseStride = shape.features();
        int outFeatures = spec.featureCount();
        int vpf = spec.valuesPerFeature();
        if (spec.spectrum() == SpectrumKind.POWER) {
            int f1 = tables.frameFeatures();
            boolean clamp = tables.clipMax();
            if (clamp) {
                device.launch(
                        kernels.kernel("clip_max"),
                        (long) nc * REDUCE_GROUP,
                        REDUCE_GROUP,
                        KernelArgs.of()
                                .buffer(work[FEATURES])
                                .i64(f1)
                                .i32(f1)
                                .buffer(work[CLIPS])
                                .i32(nc)
                                .buffer(work[CLIP_MAX]));
            }
            boolean finish = clamp || tables.affine();
            long rowStride = shape.rowFeatures();
            if (spec.mfcc() != null) {
                int nMfcc = spec.mfcc().nMfcc();
                for (int g0 = 0; g0 < frames; g0 += chunk) {
                    int cn = Math.min(chunk, frames - g0);
                    if (finish) {
                        clipFinish(f1, g0, cn, work[FEATURES], f1);
                    }
                    launch(
                            "mfcc",
                            cn * nMfcc,
                            KernelArgs.of()
                                    .buffer(work[FEATURES])
                                    .i64(f1)
                                    .i32(g0)
                                    .i32(cn * nMfcc)
                                    .i32(f1)
                                    .i32(nMfcc)
                                    .buffer(dct)
                                    .buffer(lifter)
                                    .i32(tables.lifter() != null ? 1 : 0)
                                    .buffer(work[ROWS])
                                    .i64(rowStride));
                }
                base = work[ROWS];
                baseStride = rowStride;
            } else if (spec.deltaOrder() > 0) {
                for (int g0 = 0; g0 < frames; g0 += chunk) {
                    clipFinish(f1, g0, Math.min(chunk, frames - g0), work[ROWS], rowStride);
                }
                base = work[ROWS];
                baseStride = rowStride;
            } else if (finish) {
                for (int g0 = 0; g0 < frames; g0 += chunk) {
                    clipFinish(f1, g0, Math.min(chunk, frames - g0), work[FEATURES], f1);
                }
            }
            int fb = spec.baseFeatureCount();
            for (int order = 1; order <= spec.deltaOrder(); order++) {
                for (int g0 = 0; g0 < frames; g0 += chunk) {
                    int cn = Math.min(chunk, frames - g0);
                    launch(
                            "deltas",
                            cn * fb,
                            KernelArgs.of()
                                    .buffer(work[ROWS])
                                    .i64(rowStride)
                                    .i32(g0)
                                    .i32(cn * fb)
                                    .i32(fb)
                                    .i32((order - 1) * fb)
                                    .i32(order * fb)
                                    .i32(tables.deltaHalfWidth())
                                    .f32(tables.deltaDenominator())
                                    .buffer(work[CLIPS])
                                    .buffer(work[FRAME_CLIP])
                                    .buffer(work[FRAME_INDEX]));
                }
            }
        }
        for (int g0 = 0; g0 < frames; g0 += chunk) {
            int cn = Math.min(chunk, frames - g0);
            int count = cn * outFeatures * vpf;
            launch(
                    "transpose_out",
                    count,
                    KernelArgs.of()
                            .buffer(base)
                            .i64(baseStride)
                            .i32(g0)
                            .i32(cn)
                            .i32(count)
                            .i32(vpf)
                            .buffer(work[CLIPS])
                            .buffer(work[FRAME_CLIP])
                            .buffer(work[FRAME_INDEX])
                            .buffer(work[OUT]));
        }
    }

    private void clipFinish(int f1, int g0, int cn, DeviceBuffer dst, long dstStride) {
        boolean clamp = tables.clipMax();
        launch(
                "clip_finish",
                cn * f1,
                KernelArgs.of()
                        .buffer(work[FEATURES])
                        .i64(f1)
                        .i32(g0)
                        .i32(cn * f1)
                        .i32(f1)
                        .buffer(work[FRAME_CLIP])
                        .buffer(clamp ? work[CLIP_MAX] : window)
                        .i32(clamp ? 1 : 0)
                        .f32(tables.clampRange())
                        .i32(tables.affine() ? 1 : 0)
                        .f32(tables.affineAdd())
                        .f32(tables.affineScale())
                        .buffer(dst)
                        .i64(dstStride));
    }

    /** The first arguments of every framing kernel: samples, clip table, per-frame clip and frame index. */
    private KernelArgs frameTables() {
        return KernelArgs.of()
                .buffer(work[SAMPLES])
                .buffer(work[CLIPS])
                .buffer(work[FRAME_CLIP])
                .buffer(work[FRAME_INDEX]);
    }

    private void launch(String kernel, long count, KernelArgs args) {
        device.launch(kernels.kernel(kernel), count, group, args);
    }

    /**
     * Makes work buffer {@code slot} hold at least {@code bytes}: kept across batches, and when too small replaced by
     * one at least 1.5 times larger (within the device's max allocation) so that growing ragged batches do not
     * reallocate every time.
     */
    private void ensure(int slot, long bytes) {
        DeviceBuffer b = work[slot];
        if (bytes <= 0) {
            if (b == null) {
                work[slot] = device.allocate(Float.BYTES);
            }
            return;
        }
        if (b != null && b.byteSize() >= bytes) {
            return;
        }
        long size = roundUp(bytes);
        if (b != null) {
            size = Math.max(size, roundUp(b.byteSize() + b.byteSize() / 2));
            work[slot] = null;
            b.close();
        }
        size = Math.max(bytes, Math.min(size, limits.maxAllocationBytes()));
        try {
            work[slot] = device.allocate(size);
        } catch (RuntimeException e) {
            throw new DeviceException(
                    "cannot allocate the " + SLOT_NAMES[slot] + " buffer (" + size + " bytes) on " + device.name()
                            + ": " + e.getMessage(),
                    e);
        }
    }

    private static long roundUp(long bytes) {
        long unit = 1 << 16;
        return (bytes + unit - 1) / unit * unit;
    }

    /** The staging segment, at least {@code bytes} long (kept across batches, grown 1.5x or more when too small). */
    private MemorySegment staging(long bytes) {
        if (staging != null && staging.byteSize() >= bytes) {
            return staging;
        }
        long size = roundUp(Math.max(bytes, staging == null ? 1 : staging.byteSize() + staging.byteSize() / 2));
        freeStaging();
        Arena arena = Arena.ofShared();
        try {
            staging = device.stagingMemory(arena, size);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        stagingArena = arena;
        stagingId = tracker.allocated("staging memory", size);
        return staging;
    }

    private void freeStaging() {
        if (stagingArena != null) {
            staging = null;
            stagingArena.close();
            stagingArena = null;
            tracker.freed(stagingId);
            stagingId = -1;
        }
    }

    private void freeOwned() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        owned.clear();
        if (failure != null) {
            throw failure;
        }
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
                    for (int i = 0; i < SLOTS; i++) {
                        if (work[i] != null) {
                            work[i].close();
                            work[i] = null;
                        }
                    }
                    freeOwned();
                }
            } finally {
                freeStaging();
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
