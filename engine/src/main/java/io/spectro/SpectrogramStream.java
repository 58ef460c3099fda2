package io.spectro;

import io.spectro.dsp.ClipStages;
import io.spectro.dsp.SpecTables;
import java.io.IOException;
import java.util.Arrays;

/**
 * A spectrogram of a clip that arrives in pieces: push samples as they come ({@link #push}), read the frames that are
 * finished ({@link #read}), and say when the clip ends ({@link #finish()}). For online input and for files too long to
 * hold in memory; what is held is bounded by a block of frames, whatever the clip's length.
 *
 * <p><b>Same bits as the one-shot result.</b> Frame {@code t}'s features are those of {@link
 * SpectrogramPlan#compute(float[])} over the whole clip, bit for bit, whatever the sizes of the pushed pieces, on every
 * backend that computes the reference's operations (the cpu backend always; every backend in deterministic mode).
 * How: the stream keeps the state that crosses pieces itself (the centre padding, which needs the first and the last
 * {@code nFft/2 + 1} samples; pre-emphasis, which needs the previous sample; frames that straddle pieces; the frames
 * {@code dropLastFrames} removes, held back until the end is known) and hands the backend only whole frames, as a
 * clip of already padded and pre-emphasised samples with a framing-only spec (no centre padding, no pre-emphasis, no
 * clip-level stage) whose frames are exactly the clip's.
 *
 * <p><b>Input stage.</b> The input scale multiplies every sample as it is pushed; a fixed sample count ({@link
 * FixedLength#samples()}) takes only the first samples pushed and pads the rest with zeros at {@link #finish()}, as
 * one-shot does.
 *
 * <p><b>Clip-level stages.</b> Some stages need the whole clip: the clamp to the clip maximum ({@code topDb},
 * Whisper's {@code max - 8}) and everything after it (Whisper's affine map, MFCCs computed from clamped values, the
 * normalisation, deltas, which look ahead, and the pad-or-trim in frames). For a spec with such stages ({@link
 * #needsClipPass()}), {@link #read} gives the <i>frame-level</i> features ({@link #frameFloats()} per frame: the
 * features before those stages), the caller stores them (a file, an array), and after the end {@link #clipPass}
 * reads them back and writes the final features, in blocks of bounded size (one pass, plus one per further statistic
 * a stage needs: two for a normalisation by the clip's own mean and variance). The statistic the first stage needs
 * (the maximum, or the normalisation's sums) is gathered while the frames are read, so Whisper's clamp costs no extra
 * pass. Without such stages, {@link #read} gives the final features directly.
 *
 * <p>Frames are delivered frame by frame: {@code [frames][features]} (COMPLEX: {@code [frames][nFreq][2]}), the
 * transpose of one-shot's {@code [features][frames]}. A stream is not thread-safe. It owns a plan of its engine:
 * close the stream (try-with-resources) before the engine.
 */
public final class SpectrogramStream implements AutoCloseable {
    /** Frames handed to the backend per call by default. */
    public static final int DEFAULT_BLOCK_FRAMES = 2048;

    /** Reads back frame-level features the caller stored (see {@link #clipPass}). */
    @FunctionalInterface
    public interface FrameSource {
        /**
         * Fills {@code dst[0, count * frameFloats())} with the stored frames {@code [first, first + count)}, frame by
         * frame, exactly as {@link #read} delivered them.
         */
        void read(long first, int count, float[] dst) throws IOException;
    }

    /** Receives the final features from {@link #clipPass}. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * Takes output frames {@code [first, first + count)} from {@code src[0, count * outputFloats())}, frame by frame;
         * called in frame order, once per frame. {@code src} is reused after the call returns.
         */
        void write(long first, int count, float[] src) throws IOException;
    }

    private final SpectrogramSpec spec;
    private final SpectrogramPlan framePlan;
    private final ClipStages stages;
    private final ClipStages.Statistic firstStatistic;
    private final int blockFrames;
    private final int frameFloats;
    private final boolean torch;
    private final int pad;
    private final int hop;
    private final int frameLength;
    private final int drop;
    private final float preemphasis;
    private final PadMode padMode;
    private final float inputScale;

    /** The fixed sample count, or -1 for the clip's own length. */
    private final long fixedSamples;

    /** Samples the caller pushed (those past a fixed sample count included). */
    private long received;

    private float[] scaled;

    /** The first {@code pad + 1} raw samples (TORCH centre padding at the start needs them). */
    private final float[] head;

    private int headLength;
    private boolean startPadded;

    /** The last {@code pad + 2} raw samples, a ring indexed by sample index (the padding at the end needs them). */
    private final float[] tail;

    private float lastRaw;
    private long pushed;

    /** The samples frames are cut from (padded and pre-emphasised for TORCH, raw for KALDI), from index pStart. */
    private float[] p = new float[0];

    private long pStart;
    private int pLength;
    private long computed;

    /** Computed frames not yet read, frame by frame, from frame queueStart. */
    private float[] queue = new float[0];

    private long queueStart;
    private int queueLength;
    private long released;
    private long frames = -1;
    private boolean finished;
    private boolean passDone;
    private boolean closed;
    private float[] blockIn;
    private float[] blockOut;

    private SpectrogramStream(Spectro engine, SpectrogramSpec spec, int blockFrames) {
        if (blockFrames < 1) {
            throw new IllegalArgumentException("blockFrames = " + blockFrames + " is out of range: must be >= 1");
        }
        this.spec = engine.deterministic() ? spec.withDeterministic(true) : spec;
        this.blockFrames = blockFrames;
        SpecTables tables = SpecTables.of(this.spec);
        boolean features = this.spec.spectrum() == SpectrumKind.POWER;
        this.stages = features ? ClipStages.of(tables) : null;
        this.firstStatistic = stages == null ? null : stages.firstStatistic();
        this.frameFloats = tables.frameFeatures() * this.spec.valuesPerFeature();
        this.torch = this.spec.frameMode() == FrameMode.TORCH;
        this.pad = this.spec.padding();
        this.hop = this.spec.hopLength();
        this.frameLength = this.spec.frameLength();
        this.drop = this.spec.dropLastFrames();
        this.preemphasis = torch ? tables.preemphasis() : 0.0f;
        this.padMode = this.spec.padMode();
        this.inputScale = tables.inputScale();
        this.fixedSamples =
                this.spec.fixedLength().fixesSamples() ? this.spec.fixedLength().samples() : -1;
        this.head = new float[torch && pad > 0 ? pad + 1 : 0];
        this.startPadded = head.length == 0;
        this.tail = new float[torch && pad > 0 ? pad + 2 : 1];
        this.framePlan = engine.plan(frameSpec(this.spec));
    }

    /** A stream of {@code spec} on {@code engine}, handing the backend {@value #DEFAULT_BLOCK_FRAMES} frames a call. */
    public static SpectrogramStream open(Spectro engine, SpectrogramSpec spec) {
        return open(engine, spec, DEFAULT_BLOCK_FRAMES);
    }

    /**
     * A stream of {@code spec} on {@code engine}.
     *
     * @param blockFrames frames handed to the backend per call ({@code >= 1}); larger blocks are faster and hold more
     *     memory ({@code blockFrames * hopLength} samples and {@code blockFrames * frameFloats()} features)
     */
    public static SpectrogramStream open(Spectro engine, SpectrogramSpec spec, int blockFrames) {
        return new SpectrogramStream(engine, spec, blockFrames);
    }

    /**
     * The spec whose frames are those of {@code spec} when its input is already scaled, cut to length, padded and
     * pre-emphasised (TORCH), with the per-frame part of the log stage and no clip-level stage.
     */
    static SpectrogramSpec frameSpec(SpectrogramSpec spec) {
        SpectrogramSpec.Builder b = spec.toBuilder()
                .dropLastFrames(0)
                .deltas(0)
                .noMfcc()
                .noNormalization()
                .fixedLength(FixedLength.NONE)
                .inputScale(1.0);
        if (spec.frameMode() == FrameMode.TORCH) {
            b.center(false).preemphasis(0);
        }
        if (spec.log() != null) {
            b.log(
                    switch (spec.log()) {
                        case LogScale.Db d -> new LogScale.Db(d.multiplier(), d.amin(), d.ref(), Double.NaN);
                        case LogScale.Ln l -> l;
                        case LogScale.Log10 l -> LogScale.Log10.of(l.amin());
                    });
        }
        return b.build();
    }

    /** The spec computed (deterministic when the engine forces it). */
    public SpectrogramSpec spec() {
        return spec;
    }

    /** The backend computing the frames. */
    public String backendName() {
        return framePlan.backendName();
    }

    /** Whether the features {@link #read} delivers are frame-level and need {@link #clipPass} (see the class notes). */
    public boolean needsClipPass() {
        return stages != null && !stages.isEmpty();
    }

    /** Floats per frame delivered by {@link #read}: the features before any clip-level stage (x2 for COMPLEX). */
    public int frameFloats() {
        return frameFloats;
    }

    /** Floats per frame of the final output: {@code spec().featureCount() * spec().valuesPerFeature()}. */
    public int outputFloats() {
        return spec.featureCount() * spec.valuesPerFeature();
    }

    /** Samples pushed so far (those past a fixed sample count included). */
    public long samplesPushed() {
        return received;
    }

    /** Frames delivered by {@link #read} so far. */
    public long framesRead() {
        return released;
    }

    /**
     * The frames {@link #read} delivers in all, known once {@link #finish()} was called: {@code
     * spec().computedFrameCount(samplesPushed())}; also the frame count of the final output unless the spec pads or
     * trims frames ({@link #outputFrameCount()}).
     *
     * @throws IllegalStateException before {@link #finish()}
     */
    public long frameCount() {
        if (!finished) {
            throw new IllegalStateException("the frame count is known once finish() was called");
        }
        return frames;
    }

    /**
     * Frames of the final output, known once {@link #finish()} was called: {@code spec().frameCount(samplesPushed())}
     * (the fixed frame count when the spec has one, else {@link #frameCount()}).
     *
     * @throws IllegalStateException before {@link #finish()}
     */
    public long outputFrameCount() {
        long f = frameCount();
        return stages == null ? f : stages.outputFrames(f);
    }

    /**
     * Adds samples at the end of the clip; computes the frames they complete in blocks. Every sample must be finite.
     *
     * @throws IllegalArgumentException for a NaN or infinite sample (naming its index in the clip)
     * @throws IllegalStateException after {@link #finish()} or {@link #close()}
     */
    public void push(float[] samples, int offset, int length) {
        ensureOpen();
        if (finished) {
            throw new IllegalStateException("finish() was called: no more samples can be pushed");
        }
        java.util.Objects.checkFromIndexSize(offset, length, samples.length);
        for (int i = 0; i < length; i++) {
            if (!Float.isFinite(samples[offset + i])) {
                throw new IllegalArgumentException("sample " + (pushed + i) + " is " + samples[offset + i]
                        + ": Spectro needs finite samples (replace or drop non-finite values first)");
            }
        }
        received += length;
        int take = fixedSamples < 0 ? length : (int) Math.max(0, Math.min(length, fixedSamples - pushed));
        feed(samples, offset, take, true);
    }

    /** Appends {@code x[off, off + length)} (scaled when {@code scale}), computing the frames they complete. */
    private void feed(float[] x, int off, int length, boolean scale) {
        // In slices of about one block, so that the samples held stay bounded whatever the length pushed.
        int slice = Math.max(1, blockFrames * hop);
        for (int from = 0; from < length; from += slice) {
            int n = Math.min(slice, length - from);
            if (!scale || inputScale == 1.0f) {
                append(x, off + from, n);
            } else {
                if (scaled == null || scaled.length < n) {
                    scaled = new float[slice];
                }
                for (int i = 0; i < n; i++) {
                    scaled[i] = x[off + from + i] * inputScale;
                }
                append(scaled, 0, n);
            }
            while (ready() - computed >= blockFrames) {
                compute(blockFrames);
            }
        }
    }

    /** Adds all of {@code samples}; see {@link #push(float[], int, int)}. */
    public void push(float[] samples) {
        push(samples, 0, samples.length);
    }

    private void append(float[] x, int off, int n) {
        int i = off;
        int end = off + n;
        while (!startPadded && i < end) {
            float v = x[i++];
            head[headLength++] = v;
            tail[(int) (pushed % tail.length)] = v;
            lastRaw = v;
            pushed++;
            if (headLength == head.length) {
                padStart();
            }
        }
        if (i == end) {
            return;
        }
        ensureRoom(end - i);
        int at = pLength;
        float prev = lastRaw;
        long k = pushed;
        float c = preemphasis;
        if (c == 0.0f) {
            System.arraycopy(x, i, p, at, end - i);
            at += end - i;
        } else {
            int from = i;
            if (k == 0) {
                p[at++] = x[i];
                prev = x[i];
                from++;
            }
            for (int j = from; j < end; j++) {
                float v = x[j];
                p[at++] = v - c * prev;
                prev = v;
            }
        }
        k += end - i;
        // only the last pad + 2 samples are kept for the padding at the end
        for (int j = Math.max(i, end - tail.length); j < end; j++) {
            tail[(int) ((k - (end - j)) % tail.length)] = x[j];
        }
        lastRaw = x[end - 1];
        pushed = k;
        pLength = at;
    }

    /** Emits the padding before sample 0 and the head's samples (TORCH centre), once the head is full or at the end. */
    private void padStart() {
        startPadded = true;
        ensureRoom(pad + headLength);
        for (long j = -pad; j < 0; j++) {
            p[pLength++] = padded(j, pushed);
        }
        for (int k = 0; k < headLength; k++) {
            p[pLength++] = emphasised(k);
        }
    }

    /** Raw sample {@code k}, which must be in the head or among the last {@code pad + 2} samples. */
    private float raw(long k) {
        if (k < headLength) {
            return head[(int) k];
        }
        if (k < pushed - tail.length || k >= pushed) {
            throw new IllegalStateException("sample " + k + " is no longer held");
        }
        return tail[(int) (k % tail.length)];
    }

    /** Pre-emphasised sample {@code k} of the clip ({@link io.spectro.dsp.ReferencePipeline}'s operation). */
    private float emphasised(long k) {
        if (preemphasis == 0.0f || k == 0) {
            return raw(k);
        }
        return raw(k) - preemphasis * raw(k - 1);
    }

    /** The value of padded position {@code j} (outside {@code [0, len)}) of a clip of {@code len} samples. */
    private float padded(long j, long len) {
        long k;
        switch (padMode) {
            case CONSTANT -> {
                return 0.0f;
            }
            case REFLECT -> k = j < 0 ? -j : 2L * (len - 1) - j;
            default -> k = j < 0 ? 0 : len - 1;
        }
        return emphasised(k);
    }

    private void ensureRoom(int n) {
        if (pLength + n > p.length) {
            p = Arrays.copyOf(p, Math.max(pLength + n, p.length + p.length / 2));
        }
    }

    /** Frames whose samples are all in (the centre padding at the end counts once {@link #finish()} added it). */
    private long ready() {
        long end = pStart + pLength;
        return end < frameLength ? 0 : (end - frameLength) / hop + 1;
    }

    /** Computes the next {@code n} frames (all ready) and queues them. */
    private void compute(int n) {
        long t0 = computed;
        long from = t0 * hop;
        int window = (n - 1) * hop + frameLength;
        float[] clip;
        if (n == blockFrames) {
            if (blockIn == null) {
                blockIn = new float[window];
            }
            clip = blockIn;
        } else {
            clip = new float[window];
        }
        System.arraycopy(p, (int) (from - pStart), clip, 0, window);
        int rows = frameFloats / spec.valuesPerFeature();
        int outFloats = n * frameFloats;
        if (blockOut == null || blockOut.length < outFloats) {
            blockOut = new float[Math.max(outFloats, blockFrames * frameFloats)];
        }
        framePlan.computeInto(new float[][] {clip}, new float[][] {blockOut});
        ensureQueueRoom(n);
        int base = queueLength * frameFloats;
        if (spec.valuesPerFeature() == 2) {
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < rows; k++) {
                    queue[base + t * frameFloats + 2 * k] = blockOut[(k * n + t) * 2];
                    queue[base + t * frameFloats + 2 * k + 1] = blockOut[(k * n + t) * 2 + 1];
                }
            }
        } else {
            for (int k = 0; k < rows; k++) {
                int row = k * n;
                for (int t = 0; t < n; t++) {
                    queue[base + t * frameFloats + k] = blockOut[row + t];
                }
            }
        }
        queueLength += n;
        computed += n;
        // Samples before the next frame's start are no longer needed.
        long keepFrom = computed * hop;
        int dropSamples = (int) Math.min(pLength, Math.max(0, keepFrom - pStart));
        if (dropSamples > 0) {
            System.arraycopy(p, dropSamples, p, 0, pLength - dropSamples);
            pLength -= dropSamples;
            pStart += dropSamples;
        }
    }

    private void ensureQueueRoom(int n) {
        int consumed = (int) (released - queueStart);
        if (consumed > 0) {
            System.arraycopy(queue, consumed * frameFloats, queue, 0, (queueLength - consumed) * frameFloats);
            queueLength -= consumed;
            queueStart = released;
        }
        int need = (queueLength + n) * frameFloats;
        if (need > queue.length) {
            queue = Arrays.copyOf(queue, Math.max(need, queue.length + queue.length / 2));
        }
    }

    /** Frames that may be handed out: all computed ones but the last {@code dropLastFrames} until the end is known. */
    private long releasable() {
        return finished ? frames : Math.max(0, computed - drop);
    }

    /**
     * Frames ready to {@link #read} now (computing those whose samples are all in).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public int available() {
        ensureOpen();
        computeReady();
        return (int) Math.min(Integer.MAX_VALUE, releasable() - released);
    }

    private void computeReady() {
        if (finished && frames == 0) {
            return; // nothing to hand out (a clip too short for any frame, or one that cannot be framed)
        }
        long ready = ready();
        while (computed < ready) {
            compute((int) Math.min(blockFrames, ready - computed));
        }
    }

    /**
     * Reads up to {@code maxFrames} finished frames into {@code dst} from {@code offset}, {@link #frameFloats()} floats
     * each, frame by frame. Returns the frames read: 0 when none is finished yet (push more, or {@link #finish()}),
     * and at the end.
     */
    public int read(float[] dst, int offset, int maxFrames) {
        ensureOpen();
        computeReady();
        int n = (int) Math.min(maxFrames, releasable() - released);
        if (n <= 0) {
            return 0;
        }
        java.util.Objects.checkFromIndexSize(offset, n * frameFloats, dst.length);
        int at = (int) (released - queueStart) * frameFloats;
        System.arraycopy(queue, at, dst, offset, n * frameFloats);
        if (firstStatistic != null) {
            firstStatistic.add(offset == 0 ? dst : Arrays.copyOfRange(dst, offset, offset + n * frameFloats), n);
        }
        released += n;
        return n;
    }

    /**
     * Ends the clip: adds the centre padding at the end and makes the last frames ready (and the frame count known).
     *
     * @throws IllegalArgumentException if the clip cannot be framed ({@link SpectrogramSpec#clipProblem(long)}, e.g. an
     *     empty clip); the stream is then finished with no frames
     */
    public void finish() {
        ensureOpen();
        if (finished) {
            return;
        }
        String problem = spec.clipProblem(received);
        if (problem != null) {
            finished = true;
            frames = 0;
            throw new IllegalArgumentException(problem);
        }
        if (pushed < fixedSamples) {
            // zeros up to the fixed sample count, not scaled (as the reference's input stage)
            float[] zeros = new float[(int) Math.min(fixedSamples - pushed, Math.max(1, blockFrames * hop))];
            while (pushed < fixedSamples) {
                feed(zeros, 0, (int) Math.min(zeros.length, fixedSamples - pushed), false);
            }
        }
        finished = true;
        if (!startPadded) {
            padStart();
        }
        if (torch) {
            ensureRoom(pad);
            for (int j = 0; j < pad; j++) {
                p[pLength++] = padded(pushed + j, pushed);
            }
        }
        frames = spec.computedFrameCount(pushed);
        computeReady();
    }

    /**
     * Applies the clip-level stages (see the class notes) after {@link #finish()} and once every frame was read: reads
     * the stored frame-level features back from {@code stored} (once, or once more per further statistic a stage needs)
     * and writes the {@link #frameCount()} final frames to {@code out}, {@link #outputFloats()} floats each, in blocks
     * of bounded size.
     *
     * @throws IllegalStateException if the spec has no clip-level stage ({@link #needsClipPass()}), before {@link
     *     #finish()}, before every frame was read, or when called twice
     */
    public void clipPass(FrameSource stored, FrameSink out) throws IOException {
        ensureOpen();
        if (!needsClipPass()) {
            throw new IllegalStateException("this spec has no clip-level stage: the frames read are final");
        }
        if (!finished || released < frames) {
            throw new IllegalStateException("the clip pass needs finish() and every frame read first (" + released
                    + " of " + (finished ? frames : "?") + " read)");
        }
        if (passDone) {
            throw new IllegalStateException("the clip pass was already run");
        }
        passDone = true;
        stages.run(frames, firstStatistic, stored::read, out::write);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this SpectrogramStream is closed");
        }
    }

    /** Closes the stream's plan. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            framePlan.close();
            p = new float[0];
            queue = new float[0];
        }
    }
}
