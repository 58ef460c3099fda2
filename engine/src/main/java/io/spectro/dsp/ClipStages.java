package io.spectro.dsp;

import io.spectro.SpectrogramSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The clip-level stages of a spec, in one place: everything after the per-frame features (frame, window, spectrum,
 * mel, log) that depends on other frames of the clip. In order: the clamp to the clip maximum minus a range (dB
 * {@code topDb}, Whisper's {@code max - 8}), the LOG10 affine map, the MFCC projection, the normalisation, the deltas,
 * and the pad-or-trim in frames. {@link
 * ReferencePipeline} applies them to a whole clip ({@link #applyWhole}); {@code SpectrogramStream} applies them in
 * bounded memory over frame-level features it stored ({@link #run}); both run the same float operations, so the
 * results are the same bits.
 *
 * <p>Each stage is a {@link Stage}: how many rows it makes of its input's, how many frames of context it needs on each
 * side of an output frame (deltas), whether it needs a statistic of its whole input first (the clamp's maximum, the
 * normalisation's mean and then its variance, one pass each), and how it maps input frames to output frames (the
 * pad-or-trim in frames). A new clip stage is one more {@code Stage} in {@link #of(SpecTables)}; the whole-clip and
 * the streaming paths then both run it.
 *
 * <p>Every stage reads and writes values through {@link View}s, which carry their own strides, so the same code runs
 * over {@code [features][frames]} clips and {@code [frames][features]} blocks.
 */
public final class ClipStages {
    /** Frames processed per block by {@link #run}, at most (fewer when the rows are many). */
    static final int BLOCK_FRAMES = 4096;

    /** Floats per intermediate block buffer, at most (about 4 MB), so blocks of wide features stay small. */
    static final int BLOCK_FLOATS = 1 << 20;

    private final List<Stage> stages;
    private final int inputRows;

    private ClipStages(List<Stage> stages, int inputRows) {
        this.stages = List.copyOf(stages);
        this.inputRows = inputRows;
    }

    /** The clip-level stages of {@code tables}' spec (possibly none). */
    public static ClipStages of(SpecTables tables) {
        SpectrogramSpec spec = tables.spec();
        List<Stage> list = new ArrayList<>();
        int rows = tables.frameFeatures();
        if (tables.clipMax()) {
            list.add(new ClampToMax(tables.clampRange()));
        }
        if (tables.affine()) {
            list.add(new Affine(tables.affineAdd(), tables.affineScale()));
        }
        if (spec.mfcc() != null) {
            list.add(new Mfcc(tables.dct(), tables.lifter(), rows, spec.mfcc().nMfcc()));
        }
        if (tables.normKind() != SpecTables.NormKind.NONE) {
            list.add(new Normalize(tables));
        }
        if (spec.deltaOrder() > 0) {
            list.add(new DeltaStage(spec.deltaOrder(), tables.deltaHalfWidth(), tables.deltaDenominator()));
        }
        if (tables.fitsFrames()) {
            list.add(new FitFrames(spec.fixedLength().frames(), tables.framePad()));
        }
        return new ClipStages(list, rows);
    }

    /** Whether the spec has no clip-level stage (its frame-level features are its output). */
    public boolean isEmpty() {
        return stages.isEmpty();
    }

    /** Rows of the frame-level features the stages take: {@link SpecTables#frameFeatures()}. */
    public int inputRows() {
        return inputRows;
    }

    /** Rows of the output. */
    public int outputRows() {
        int rows = inputRows;
        for (Stage s : stages) {
            rows = s.rowsOut(rows);
        }
        return rows;
    }

    /** Output frames for {@code inputFrames} frame-level frames. */
    public long outputFrames(long inputFrames) {
        long frames = inputFrames;
        for (Stage s : stages) {
            frames = s.framesOut(frames);
        }
        return frames;
    }

    /**
     * The accumulator of the statistic the first stage needs of the frame-level features (fed in time order by a
     * caller that sees them anyway, saving {@link #run} a pass), or null when the first stage needs none.
     */
    public Statistic firstStatistic() {
        return stages.isEmpty() ? null : stages.get(0).newStatistic(inputRows);
    }

    // ---- whole clip -------------------------------------------------------------------------------------------------

    /**
     * Applies every stage to a whole clip: {@code clip} holds the frame-level features {@code [inputRows][frames]}
     * (modified), {@code out} receives {@code [outputRows][outputFrames]} from index 0.
     */
    public void applyWhole(float[] clip, int frames, float[] out) {
        View in = View.featureMajor(clip, 0, inputRows, 0, frames, frames);
        int rows = inputRows;
        long total = frames;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Statistic stat = s.newStatistic(rows);
            if (stat != null) {
                stat.addWhole(in);
            }
            int rowsOut = s.rowsOut(rows);
            long framesOut = s.framesOut(total);
            boolean last = i == stages.size() - 1;
            View o;
            if (s.inPlace() && !last) {
                o = in;
            } else {
                float[] target = last ? out : new float[Math.toIntExact(rowsOut * framesOut)];
                o = View.featureMajor(target, 0, rowsOut, 0, (int) framesOut, (int) framesOut);
            }
            s.apply(in, o, total, stat);
            in = o;
            rows = rowsOut;
            total = framesOut;
        }
        if (stages.isEmpty() && clip != out) {
            System.arraycopy(clip, 0, out, 0, inputRows * frames);
        }
    }

    // ---- streaming --------------------------------------------------------------------------------------------------

    /** Reads stored frame-level features back: frames {@code [first, first + count)}, {@code [count][rows]}. */
    @FunctionalInterface
    public interface Source {
        /** Fills {@code dst[0, count * rows)} with frames {@code [first, first + count)}, frame by frame. */
        void read(long first, int count, float[] dst) throws IOException;
    }

    /** Receives output frames: {@code [count][rows]}, in order, each frame once. */
    @FunctionalInterface
    public interface Sink {
        /** Takes frames {@code [first, first + count)} from {@code src[0, count * rows)}, frame by frame. */
        void write(long first, int count, float[] src) throws IOException;
    }

    /**
     * Applies every stage over {@code frames} stored frame-level frames in blocks of bounded size, reading {@code
     * source} once per stage that needs a statistic (beyond {@code first}) and once more for the output.
     *
     * @param first the first stage's statistic as accumulated over every frame in time order ({@link
     *     #firstStatistic()}), or null to have it computed here with one more pass
     */
    public void run(long frames, Statistic first, Source source, Sink sink) throws IOException {
        int n = stages.size();
        Statistic[] stats = new Statistic[n];
        long[] framesIn = new long[n + 1];
        int[] rowsIn = new int[n + 1];
        framesIn[0] = frames;
        rowsIn[0] = inputRows;
        for (int i = 0; i < n; i++) {
            framesIn[i + 1] = stages.get(i).framesOut(framesIn[i]);
            rowsIn[i + 1] = stages.get(i).rowsOut(rowsIn[i]);
        }
        for (int i = 0; i < n; i++) {
            Statistic stat = i == 0 && first != null ? first : stages.get(i).newStatistic(rowsIn[i]);
            if (stat == first && stat != null) {
                stat.endPass(); // the caller fed its first pass
            }
            while (stat != null && !stat.complete()) {
                // A pass over the outputs of the stages before i, block by block in time order.
                Statistic target = stat;
                runStages(i, stats, framesIn, rowsIn, source, (f, count, block) -> target.add(block, count));
                stat.endPass();
            }
            stats[i] = stat;
        }
        runStages(n, stats, framesIn, rowsIn, source, (f, count, block) -> sink.write(f, count, block));
    }

    /** Receives a block of a stage's output: frames {@code [first, first + count)} as {@code [count][rows]}. */
    private interface BlockConsumer {
        void accept(long first, int count, float[] frameMajor) throws IOException;
    }

    /** Runs stages {@code [0, upTo)} over every frame, block by block, handing each output block to {@code out}. */
    private void runStages(int upTo, Statistic[] stats, long[] framesIn, int[] rowsIn, Source source, BlockConsumer out)
            throws IOException {
        int context = 0;
        int widest = inputRows;
        for (int i = 0; i < upTo; i++) {
            context += stages.get(i).context();
            widest = Math.max(widest, rowsIn[i + 1]);
        }
        int block = Math.max(1, Math.min(BLOCK_FRAMES, BLOCK_FLOATS / widest - 2 * context));
        float[][] buffers = new float[upTo + 1][];
        for (int i = 0; i <= upTo; i++) {
            buffers[i] = new float[(block + 2 * context) * rowsIn[i]];
        }
        long total = framesIn[upTo];
        long[] lo = new long[upTo + 1];
        long[] hi = new long[upTo + 1];
        for (long a = 0; a < total; a += block) {
            lo[upTo] = a;
            hi[upTo] = Math.min(total, a + block);
            for (int i = upTo - 1; i >= 0; i--) {
                Stage s = stages.get(i);
                lo[i] = s.inputFrom(lo[i + 1], framesIn[i]);
                hi[i] = s.inputTo(hi[i + 1], framesIn[i]);
            }
            int count0 = (int) (hi[0] - lo[0]);
            if (count0 > 0) {
                source.read(lo[0], count0, buffers[0]);
            }
            View in = View.frameMajor(buffers[0], rowsIn[0], lo[0], count0);
            for (int i = 0; i < upTo; i++) {
                View o = View.frameMajor(buffers[i + 1], rowsIn[i + 1], lo[i + 1], (int) (hi[i + 1] - lo[i + 1]));
                stages.get(i).apply(in, o, framesIn[i], stats[i]);
                in = o;
            }
            out.accept(lo[upTo], (int) (hi[upTo] - lo[upTo]), buffers[upTo]);
        }
    }

    // ---- views and statistics ---------------------------------------------------------------------------------------

    /**
     * A window of frames {@code [first, first + frames)} of {@code rows} features: value {@code (r, t)} is {@code
     * data[offset + r * rowStride + (t - first) * frameStride]}.
     */
    record View(float[] data, int offset, int rows, int rowStride, int frameStride, long first, int frames) {
        static View featureMajor(float[] data, int offset, int rows, long first, int frames, int rowLength) {
            return new View(data, offset, rows, rowLength, 1, first, frames);
        }

        static View frameMajor(float[] data, int rows, long first, int frames) {
            return new View(data, 0, rows, 1, rows, first, frames);
        }

        /** Index in {@link #data()} of value {@code (r, t)}, {@code t} a clip frame index inside the window. */
        int at(int r, long t) {
            return offset + r * rowStride + (int) (t - first) * frameStride;
        }

        long end() {
            return first + frames;
        }
    }

    /**
     * A statistic of a stage's whole input, accumulated block by block in time order over one or more passes (a
     * variance needs the mean of a first pass).
     */
    public abstract static class Statistic {
        private final int passes;
        private int done;

        Statistic(int passes) {
            this.passes = passes;
        }

        /** Adds frames given as {@code [count][rows]} (the next {@code count} frames in time order) to this pass. */
        public abstract void add(float[] frameMajor, int count);

        /** Adds a whole clip at once, every pass. */
        abstract void addWhole(View clip);

        /** Ends the current pass (every frame was added once). */
        final void endPass() {
            finishPass(done++);
        }

        /** Marks every pass done (the statistic was computed whole). */
        final void markComplete() {
            done = passes;
        }

        /** Called when pass {@code pass} (from 0) has seen every frame. */
        void finishPass(int pass) {}

        /** Whether every pass is done. */
        final boolean complete() {
            return done >= passes;
        }
    }

    /**
     * The running maximum of the clamp, bit for bit that of {@link ReferencePipeline}: the fold {@code m = max(v, m)}
     * (with {@link ReferencePipeline#max}) over every value in {@code [feature][frame]} order keeps the first value
     * that attains the maximum (a later equal value, such as {@code +0} after {@code -0}, does not replace it). Kept
     * per feature row in time order and folded over the rows at the end, it is that same value whatever order the
     * frames come in blocks.
     */
    static final class RowMaxima extends Statistic {
        private final float[] rowMax;

        RowMaxima(int rows) {
            super(1);
            rowMax = new float[rows];
            java.util.Arrays.fill(rowMax, Float.NEGATIVE_INFINITY);
        }

        @Override
        public void add(float[] frameMajor, int count) {
            int rows = rowMax.length;
            for (int t = 0; t < count; t++) {
                int base = t * rows;
                for (int r = 0; r < rows; r++) {
                    rowMax[r] = ReferencePipeline.max(frameMajor[base + r], rowMax[r]);
                }
            }
        }

        @Override
        void addWhole(View clip) {
            for (int r = 0; r < clip.rows(); r++) {
                float m = rowMax[r];
                for (long t = clip.first(); t < clip.end(); t++) {
                    m = ReferencePipeline.max(clip.data()[clip.at(r, t)], m);
                }
                rowMax[r] = m;
            }
        }

        float max() {
            float m = Float.NEGATIVE_INFINITY;
            for (float v : rowMax) {
                m = ReferencePipeline.max(v, m);
            }
            return m;
        }
    }

    // ---- the stages -------------------------------------------------------------------------------------------------

    /** One clip-level stage. */
    abstract static class Stage {
        /** Rows of output for {@code rows} rows of input. */
        int rowsOut(int rows) {
            return rows;
        }

        /** Output frames for {@code frames} input frames. */
        long framesOut(long frames) {
            return frames;
        }

        /** Frames of input needed on each side of an output frame. */
        int context() {
            return 0;
        }

        /** The first input frame needed for output frames from {@code from} ({@code total} input frames). */
        long inputFrom(long from, long total) {
            return Math.max(0, from - context());
        }

        /** The input frame after the last needed for output frames before {@code to}. */
        long inputTo(long to, long total) {
            return Math.min(total, to + context());
        }

        /** A new accumulator of the statistic this stage needs of its whole input, or null. */
        Statistic newStatistic(int rows) {
            return null;
        }

        /** Whether the stage may write its output over its input (element by element, same shape). */
        boolean inPlace() {
            return false;
        }

        /**
         * Computes the output frames of {@code out}'s window from {@code in} (which covers the frames they need);
         * {@code total} is the clip's input frame count, {@code stat} the statistic over the whole input.
         */
        abstract void apply(View in, View out, long total, Statistic stat);
    }

    /** {@code y = max(y, m - range)} with {@code m} the clip maximum. */
    static final class ClampToMax extends Stage {
        private final float range;

        ClampToMax(float range) {
            this.range = range;
        }

        @Override
        Statistic newStatistic(int rows) {
            return new RowMaxima(rows);
        }

        @Override
        boolean inPlace() {
            return true;
        }

        @Override
        void apply(View in, View out, long total, Statistic stat) {
            float floor = ((RowMaxima) stat).max() - range;
            for (int r = 0; r < out.rows(); r++) {
                for (long t = out.first(); t < out.end(); t++) {
                    out.data()[out.at(r, t)] = ReferencePipeline.max(in.data()[in.at(r, t)], floor);
                }
            }
        }
    }

    /** LOG10's {@code (y + add) * scale}. */
    static final class Affine extends Stage {
        private final float add;
        private final float scale;

        Affine(float add, float scale) {
            this.add = add;
            this.scale = scale;
        }

        @Override
        boolean inPlace() {
            return true;
        }

        @Override
        void apply(View in, View out, long total, Statistic stat) {
            for (int r = 0; r < out.rows(); r++) {
                for (long t = out.first(); t < out.end(); t++) {
                    out.data()[out.at(r, t)] = (in.data()[in.at(r, t)] + add) * scale;
                }
            }
        }
    }

    /** {@code acc = acc + D[q][m] * y[m]} over {@code m} ascending, then {@code acc * lifter[q]}. */
    static final class Mfcc extends Stage {
        private final float[] dct;
        private final float[] lifter;
        private final int nMels;
        private final int nMfcc;

        Mfcc(float[] dct, float[] lifter, int nMels, int nMfcc) {
            this.dct = dct;
            this.lifter = lifter;
            this.nMels = nMels;
            this.nMfcc = nMfcc;
        }

        @Override
        int rowsOut(int rows) {
            return nMfcc;
        }

        @Override
        void apply(View in, View out, long total, Statistic stat) {
            for (long t = out.first(); t < out.end(); t++) {
                for (int q = 0; q < nMfcc; q++) {
                    float acc = 0.0f;
                    for (int m = 0; m < nMels; m++) {
                        acc = acc + dct[q * nMels + m] * in.data()[in.at(m, t)];
                    }
                    out.data()[out.at(q, t)] = lifter == null ? acc : acc * lifter[q];
                }
            }
        }
    }

    /**
     * The normalisation's per-row {@code mean} and {@code den} ({@link ReferencePipeline#normStats}'s values, bit for
     * bit): pass 0 sums each row in {@link ReferencePipeline#sum8}'s 8 interleaved partial sums ({@code p[t mod 8]}
     * over frames {@code t} in time order, which is the order the blocks come in), pass 1 the squared deviations from
     * the mean the same way.
     */
    static final class NormStats extends Statistic {
        private final SpecTables tables;
        private final int rows;
        private final float[] partial;
        private final float[] mean;
        private final float[] den;
        private long frames;
        private boolean passOne;

        NormStats(SpecTables tables, int rows) {
            super(2);
            this.tables = tables;
            this.rows = rows;
            this.partial = new float[8 * rows];
            this.mean = new float[rows];
            this.den = new float[rows];
        }

        @Override
        public void add(float[] frameMajor, int count) {
            boolean squares = passOne;
            for (int t = 0; t < count; t++) {
                int lane = (int) ((frames + t) & 7);
                int base = t * rows;
                for (int r = 0; r < rows; r++) {
                    float v = frameMajor[base + r];
                    if (squares) {
                        float d = v - mean[r];
                        v = d * d;
                    }
                    partial[r * 8 + lane] = partial[r * 8 + lane] + v;
                }
            }
            frames += count;
        }

        @Override
        void finishPass(int pass) {
            long n = frames;
            if (pass == 0) {
                if (tables.normKind() == SpecTables.NormKind.PER_FEATURE) {
                    for (int r = 0; r < rows; r++) {
                        mean[r] = combine(r) / (float) n;
                    }
                } else {
                    float s = 0.0f;
                    for (int r = 0; r < rows; r++) {
                        s = s + combine(r);
                    }
                    java.util.Arrays.fill(mean, s / (float) ((long) rows * n));
                }
                passOne = true;
            } else {
                if (tables.normKind() == SpecTables.NormKind.PER_FEATURE) {
                    for (int r = 0; r < rows; r++) {
                        den[r] = ReferencePipeline.stdDen(tables, combine(r), n);
                    }
                } else {
                    float q = 0.0f;
                    for (int r = 0; r < rows; r++) {
                        q = q + combine(r);
                    }
                    java.util.Arrays.fill(den, ReferencePipeline.stdDen(tables, q, (long) rows * n));
                }
            }
            java.util.Arrays.fill(partial, 0.0f);
            frames = 0;
        }

        /** Row {@code r}'s partial sums combined as {@link ReferencePipeline#sum8} does. */
        private float combine(int r) {
            float[] p = partial;
            int o = r * 8;
            return ((p[o] + p[o + 1]) + (p[o + 2] + p[o + 3])) + ((p[o + 4] + p[o + 5]) + (p[o + 6] + p[o + 7]));
        }

        @Override
        void addWhole(View clip) {
            // applyWhole's views are [rows][frames] from index 0: the reference's own code applies
            ReferencePipeline.normStats(tables, clip.data(), clip.rows(), clip.frames(), mean, den);
            markComplete();
        }
    }

    /** {@code y = (x - mean[r]) / den[r]}: the normalisation, with constants fixed or from {@link NormStats}. */
    static final class Normalize extends Stage {
        private final SpecTables tables;

        Normalize(SpecTables tables) {
            this.tables = tables;
        }

        @Override
        Statistic newStatistic(int rows) {
            return tables.normKind() == SpecTables.NormKind.FIXED ? null : new NormStats(tables, rows);
        }

        @Override
        boolean inPlace() {
            return true;
        }

        @Override
        void apply(View in, View out, long total, Statistic stat) {
            if (total == 0) {
                return;
            }
            for (int r = 0; r < out.rows(); r++) {
                float m = stat == null ? tables.normA() : ((NormStats) stat).mean[r];
                float d = stat == null ? tables.normB() : ((NormStats) stat).den[r];
                for (long t = out.first(); t < out.end(); t++) {
                    out.data()[out.at(r, t)] = (in.data()[in.at(r, t)] - m) / d;
                }
            }
        }
    }

    /** The pad-or-trim in frames: the first {@code min(N, T)} frames, then frames of {@code pad} ({@link FrameFit}). */
    static final class FitFrames extends Stage {
        private final int frames;
        private final float pad;

        FitFrames(int frames, float pad) {
            this.frames = frames;
            this.pad = pad;
        }

        @Override
        long framesOut(long in) {
            return frames;
        }

        @Override
        long inputFrom(long from, long total) {
            return Math.min(from, total);
        }

        @Override
        long inputTo(long to, long total) {
            return Math.min(to, total);
        }

        @Override
        void apply(View in, View out, long total, Statistic stat) {
            for (int r = 0; r < out.rows(); r++) {
                for (long t = out.first(); t < out.end(); t++) {
                    out.data()[out.at(r, t)] = t < total ? in.data()[in.at(r, t)] : pad;
                }
            }
        }
    }

    /**
     * The base rows followed by deltas of order 1 (and 2, the deltas of the deltas): {@code acc = acc + k * (x[min(t+k,
     * T-1)] - x[max(t-k, 0)])} for {@code k = 1..N}, then {@code acc / denominator}.
     */
    static final class DeltaStage extends Stage {
        private final int order;
        private final int half;
        private final float denominator;

        DeltaStage(int order, int half, float denominator) {
            this.order = order;
            this.half = half;
            this.denominator = denominator;
        }

        @Override
        int rowsOut(int rows) {
            return rows * (1 + order);
        }

        @Override
        int context() {
            return order * half;
        }

        @Override
        void apply(View in, View out, long total, Statistic stat) {
            int rows = in.rows();
            for (int r = 0; r < rows; r++) {
                for (long t = out.first(); t < out.end(); t++) {
                    out.data()[out.at(r, t)] = in.data()[in.at(r, t)];
                }
            }
            View source = in;
            for (int level = 1; level <= order; level++) {
                // Level k is needed over the output window widened by (order - k) * half frames (clipped to the clip).
                long from = Math.max(0, out.first() - (long) (order - level) * half);
                long to = Math.min(total, out.end() + (long) (order - level) * half);
                View target;
                if (level == order) {
                    target = new View(
                            out.data(),
                            out.offset() + level * rows * out.rowStride(),
                            rows,
                            out.rowStride(),
                            out.frameStride(),
                            out.first(),
                            out.frames());
                } else {
                    target = View.frameMajor(new float[rows * (int) (to - from)], rows, from, (int) (to - from));
                }
                for (int r = 0; r < rows; r++) {
                    for (long t = target.first(); t < target.end(); t++) {
                        target.data()[target.at(r, t)] = delta(source, r, t, total);
                    }
                }
                if (level < order) {
                    // the intermediate level is also an output row block for frames of the output window
                    for (int r = 0; r < rows; r++) {
                        for (long t = out.first(); t < out.end(); t++) {
                            out.data()[out.at(level * rows + r, t)] = target.data()[target.at(r, t)];
                        }
                    }
                }
                source = target;
            }
        }

        private float delta(View x, int r, long t, long total) {
            float acc = 0.0f;
            for (int k = 1; k <= half; k++) {
                float a = x.data()[x.at(r, Math.min(t + k, total - 1))];
                float b = x.data()[x.at(r, Math.max(t - k, 0))];
                acc = acc + (float) k * (a - b);
            }
            return acc / denominator;
        }
    }
}
