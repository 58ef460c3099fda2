package io.spectro;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The features of a ragged batch in the shape models take: one float32 tensor padded to the longest clip (or to a
 * requested number of frames), with each clip's length and a mask.
 *
 * <ul>
 *   <li>{@link Order#FEATURES_FIRST}: {@code [B][F][T]} row-major, element {@code (b, f, t)} at {@code (b * F + f) * T
 *       + t} (Whisper, torchaudio, librosa stacked);
 *   <li>{@link Order#TIME_MAJOR}: {@code [B][T][F]}, element {@code (b, f, t)} at {@code (b * T + t) * F + f} (NeMo and
 *       Parakeet encoders, most PyTorch sequence models after a transpose).
 * </ul>
 *
 * {@code B} is the number of clips, {@code F} the spec's {@link SpectrogramSpec#featureCount()} and {@code T} =
 * {@link #frames()}. Frames {@code t >= length(b)} of clip {@code b} hold {@link #padValue()}; {@link #mask()} is
 * {@code [B][T]}, true on real frames. Only real outputs collate (not {@link SpectrumKind#COMPLEX}).
 *
 * <p>Two forms: on the heap ({@link #compute(SpectrogramPlan, List, Order, float)}, {@link #array()}), and in a
 * caller's {@link MemorySegment} ({@link #compute(SpectrogramPlan, MemorySegment, long[], long[], Order, float, int,
 * MemorySegment)}, e.g. off-heap memory handed to an inference runtime). Both compute straight into the padded buffer:
 * the plan writes the clips packed into it, then each clip is moved into place (rows spread out, or transposed for
 * time-major), last clip first, and the padding filled; no second batch-sized buffer is allocated.
 *
 * <pre>{@code
 * try (SpectrogramPlan plan = spectro.plan(Presets.whisper())) {
 *     CollatedBatch b = CollatedBatch.compute(plan, clips, CollatedBatch.Order.TIME_MAJOR, 0f);
 *     float[] x = b.array();        // [B][T][80]
 *     int[] lengths = b.lengths();  // frames per clip
 * }
 * }</pre>
 *
 * <p>Not thread-safe while being computed; afterwards reads from any thread are safe if the buffer is not changed.
 */
public final class CollatedBatch {
    /** How the tensor's axes are ordered. */
    public enum Order {
        /** {@code [B][F][T]}: features, then frames (each clip's spectrogram as the engine lays it out). */
        FEATURES_FIRST,
        /** {@code [B][T][F]}: frames, then features (time-major). */
        TIME_MAJOR
    }

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Order order;
    private final float padValue;
    private final int features;
    private final int frames;
    private final int[] lengths;
    private final MemorySegment data;
    private final float[] array;

    private CollatedBatch(
            Order order, float padValue, int features, int frames, int[] lengths, MemorySegment data, float[] array) {
        this.order = order;
        this.padValue = padValue;
        this.features = features;
        this.frames = frames;
        this.lengths = lengths;
        this.data = data;
        this.array = array;
    }

    // ---- making one ------------------------------------------------------------------------------------------------

    /** {@link #compute(SpectrogramPlan, List, Order, float, int)} padded to the longest clip. */
    public static CollatedBatch compute(SpectrogramPlan plan, List<float[]> clips, Order order, float padValue) {
        return compute(plan, clips, order, padValue, 0);
    }

    /**
     * Computes {@code clips} (ragged, float32 at the plan's rate) into a new heap tensor.
     *
     * @param order the axis order
     * @param padValue the value of padded frames (e.g. 0, or the log floor a model was trained with)
     * @param minFrames {@code T} is at least this ({@code >= 0}), e.g. a model's fixed input length; clips longer than
     *     it are kept whole, not trimmed
     * @throws IllegalArgumentException for no clips, a clip that cannot be framed or holds a non-finite sample, a
     *     complex spec, or a tensor over {@code 2^31 - 1} floats (use the {@link MemorySegment} form)
     */
    public static CollatedBatch compute(
            SpectrogramPlan plan, List<float[]> clips, Order order, float padValue, int minFrames) {
        long[] counts = new long[clips.size()];
        long[] offsets = new long[clips.size()];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = clips.get(i).length;
            offsets[i] = total;
            total += counts[i];
        }
        BatchLayout layout = checkedLayout(plan.spec(), counts);
        int t = paddedFrames(layout, minFrames);
        long floats = (long) counts.length * plan.spec().featureCount() * t;
        if (floats > Integer.MAX_VALUE - 8 || total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + floats + " floats (" + total
                    + " samples) is too large for Java arrays; use the MemorySegment form of compute");
        }
        float[] packed = new float[(int) total];
        for (int i = 0; i < counts.length; i++) {
            System.arraycopy(clips.get(i), 0, packed, (int) offsets[i], (int) counts[i]);
        }
        float[] out = new float[(int) floats];
        MemorySegment seg = MemorySegment.ofArray(out);
        plan.execute(MemorySegment.ofArray(packed), offsets, layout, seg);
        return spread(layout, order, padValue, t, seg, out);
    }

    /**
     * Computes clips held in memory into {@code out}, a caller's segment of at least {@link #floats(SpectrogramSpec,
     * int, long...)} float32 values (e.g. off-heap, for an inference runtime). The result is a view of {@code out}.
     *
     * @param samples float32 samples; clip {@code i} is {@code sampleCounts[i]} samples from element {@code
     *     offsets[i]}
     * @param minFrames {@code T} is at least this ({@code >= 0})
     * @throws IllegalArgumentException as {@link #compute(SpectrogramPlan, List, Order, float, int)} does, or when
     *     {@code out} is too small
     */
    public static CollatedBatch compute(
            SpectrogramPlan plan,
            MemorySegment samples,
            long[] offsets,
            long[] sampleCounts,
            Order order,
            float padValue,
            int minFrames,
            MemorySegment out) {
        BatchLayout layout = checkedLayout(plan.spec(), sampleCounts);
        int t = paddedFrames(layout, minFrames);
        long need = (long) sampleCounts.length * plan.spec().featureCount() * t * Float.BYTES;
        if (out.byteSize() < need) {
            throw new IllegalArgumentException("output segment has " + out.byteSize() + " bytes; the collated batch"
                    + " needs " + need + " (CollatedBatch.floats(spec, minFrames, samples...) floats)");
        }
        plan.execute(samples, offsets, layout, out);
        return spread(layout, order, padValue, t, out.asSlice(0, need), null);
    }

    /**
     * Collates features already computed (copied; each {@code [F][frames]} as the engine returns them).
     *
     * @param minFrames {@code T} is at least this ({@code >= 0})
     * @throws IllegalArgumentException for no results, results of different specs, complex results, or a tensor over
     *     {@code 2^31 - 1} floats
     */
    public static CollatedBatch of(List<Spectrogram> results, Order order, float padValue, int minFrames) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no spectrograms to collate");
        }
        SpectrogramSpec spec = results.getFirst().spec();
        checkReal(spec);
        int f = spec.featureCount();
        int[] lengths = new int[results.size()];
        int t = checkMinFrames(minFrames);
        for (int b = 0; b < lengths.length; b++) {
            Spectrogram s = results.get(b);
            if (!s.spec().equals(spec)) {
                throw new IllegalArgumentException("spectrogram " + b + " has another spec than spectrogram 0 ("
                        + s.spec().summary() + " vs " + spec.summary() + "); collate one spec at a time");
            }
            lengths[b] = s.frames();
            t = Math.max(t, lengths[b]);
        }
        long floats = (long) lengths.length * f * t;
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + floats + " floats is too large for a Java array");
        }
        float[] out = new float[(int) floats];
        for (int b = 0; b < lengths.length; b++) {
            float[] d = results.get(b).data();
            int n = lengths[b];
            for (int row = 0; row < f; row++) {
                if (order == Order.FEATURES_FIRST) {
                    int at = (b * f + row) * t;
                    System.arraycopy(d, row * n, out, at, n);
                    java.util.Arrays.fill(out, at + n, at + t, padValue);
                } else {
                    for (int i = 0; i < n; i++) {
                        out[(b * t + i) * f + row] = d[row * n + i];
                    }
                }
            }
            if (order == Order.TIME_MAJOR) {
                java.util.Arrays.fill(out, (b * t + n) * f, (b + 1) * t * f, padValue);
            }
        }
        return new CollatedBatch(order, padValue, f, t, lengths, MemorySegment.ofArray(out), out);
    }

    /** {@link #of(List, Order, float, int)} padded to the longest clip. */
    public static CollatedBatch of(List<Spectrogram> results, Order order, float padValue) {
        return of(results, order, padValue, 0);
    }

    /**
     * Floats of the collated tensor of clips with these sample counts: {@code B * F * T}, {@code T} the longest clip's
     * frames or {@code minFrames}, whichever is more.
     *
     * @throws IllegalArgumentException if a clip cannot be framed
     */
    public static long floats(SpectrogramSpec spec, int minFrames, long... sampleCounts) {
        BatchLayout layout = checkedLayout(spec, sampleCounts);
        return (long) sampleCounts.length * spec.featureCount() * paddedFrames(layout, minFrames);
    }

    private static BatchLayout checkedLayout(SpectrogramSpec spec, long[] sampleCounts) {
        checkReal(spec);
        if (sampleCounts.length == 0) {
            throw new IllegalArgumentException("no clips to collate");
        }
        return BatchLayout.of(spec, sampleCounts);
    }

    private static void checkReal(SpectrogramSpec spec) {
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            throw new IllegalArgumentException(
                    "complex spectra do not collate (three axes per clip): use power or magnitude, or computeBatch");
        }
    }

    private static int checkMinFrames(int minFrames) {
        if (minFrames < 0) {
            throw new IllegalArgumentException("minFrames must be >= 0, got " + minFrames);
        }
        return minFrames;
    }

    private static int paddedFrames(BatchLayout layout, int minFrames) {
        int t = checkMinFrames(minFrames);
        for (int b = 0; b < layout.size(); b++) {
            t = Math.max(t, layout.frames(b));
        }
        return t;
    }

    /**
     * Moves the packed outputs ({@code [F][T_b]} one after another from offset 0) to their padded places. Last clip
     * first: clip {@code b}'s packed block starts at or before its padded place and every clip before it lies below,
     * so nothing is overwritten before it has moved.
     */
    private static CollatedBatch spread(
            BatchLayout layout, Order order, float padValue, int t, MemorySegment seg, float[] array) {
        int n = layout.size();
        int f = layout.spec().featureCount();
        int[] lengths = new int[n];
        float[] scratch = order == Order.TIME_MAJOR ? new float[f * t] : null;
        for (int b = n - 1; b >= 0; b--) {
            int len = layout.frames(b);
            lengths[b] = len;
            long packed = layout.outputOffset(b);
            long base = (long) b * f * t;
            if (order == Order.FEATURES_FIRST) {
                for (int row = f - 1; row >= 0; row--) {
                    long to = base + (long) row * t;
                    MemorySegment.copy(
                            seg, FLOAT, (packed + (long) row * len) * Float.BYTES, seg, FLOAT, to * Float.BYTES, len);
                    fill(seg, to + len, t - len, padValue);
                }
            } else {
                MemorySegment.copy(seg, FLOAT, packed * Float.BYTES, scratch, 0, f * len);
                for (int i = 0; i < len; i++) {
                    long at = base + (long) i * f;
                    for (int row = 0; row < f; row++) {
                        seg.setAtIndex(FLOAT, at + row, scratch[row * len + i]);
                    }
                }
                fill(seg, base + (long) len * f, (long) (t - len) * f, padValue);
            }
        }
        return new CollatedBatch(order, padValue, f, t, lengths, seg, array);
    }

    private static void fill(MemorySegment seg, long fromFloat, long count, float value) {
        if (count <= 0) {
            return;
        }
        if (Float.floatToRawIntBits(value) == 0) {
            seg.asSlice(fromFloat * Float.BYTES, count * Float.BYTES).fill((byte) 0);
            return;
        }
        for (long i = 0; i < count; i++) {
            seg.setAtIndex(FLOAT, fromFloat + i, value);
        }
    }

    // ---- reading it ------------------------------------------------------------------------------------------------

    /** The axis order. */
    public Order order() {
        return order;
    }

    /** The value of padded frames. */
    public float padValue() {
        return padValue;
    }

    /** {@code B}: the number of clips. */
    public int size() {
        return lengths.length;
    }

    /** {@code F}: features per frame. */
    public int features() {
        return features;
    }

    /** {@code T}: frames per clip after padding (the longest clip's, or more when asked). */
    public int frames() {
        return frames;
    }

    /** Real frames of clip {@code b} (the rest are padding). */
    public int length(int b) {
        return lengths[b];
    }

    /** Real frames of every clip, in order (a copy). */
    public int[] lengths() {
        return lengths.clone();
    }

    /** The shape in the tensor's axis order: {@code {B, F, T}} or {@code {B, T, F}} (time-major). */
    public long[] shape() {
        return order == Order.FEATURES_FIRST
                ? new long[] {size(), features, frames}
                : new long[] {size(), frames, features};
    }

    /** The element index of {@code (b, f, t)} in {@link #array()} / {@link #segment()} (in floats). */
    public long index(int b, int f, int t) {
        return order == Order.FEATURES_FIRST
                ? ((long) b * features + f) * frames + t
                : ((long) b * frames + t) * features + f;
    }

    /** The value of clip {@code b}, feature {@code f}, frame {@code t} ({@code t < frames()}; padding included). */
    public float get(int b, int f, int t) {
        if (b < 0 || b >= size() || f < 0 || f >= features || t < 0 || t >= frames) {
            throw new IndexOutOfBoundsException(
                    "(" + b + ", " + f + ", " + t + ") outside [" + size() + "][" + features + "][" + frames + "]");
        }
        return data.getAtIndex(FLOAT, index(b, f, t));
    }

    /** Whether this tensor lives in a Java array ({@link #array()}); else only in {@link #segment()}. */
    public boolean hasArray() {
        return array != null;
    }

    /**
     * The tensor, row-major in {@link #order()} (the live array, not a copy).
     *
     * @throws IllegalStateException when it was computed into a caller's segment: use {@link #segment()}
     */
    public float[] array() {
        if (array == null) {
            throw new IllegalStateException("this batch lives in a MemorySegment: use segment()");
        }
        return array;
    }

    /** The tensor as a segment of {@code B * T * F} float32 values in native byte order (live, not a copy). */
    public MemorySegment segment() {
        return data;
    }

    /** {@code [B][T]}: true on clip {@code b}'s real frames {@code t < length(b)}, false on padding. */
    public boolean[][] mask() {
        boolean[][] m = new boolean[size()][frames];
        for (int b = 0; b < m.length; b++) {
            java.util.Arrays.fill(m[b], 0, lengths[b], true);
        }
        return m;
    }

    /**
     * Writes the mask as {@code [B][T]} bytes, 1 on real frames and 0 on padding (the layout of a boolean tensor in
     * numpy, PyTorch and ONNX Runtime), into {@code out}, which must hold {@code B * T} bytes.
     */
    public void writeMask(MemorySegment out) {
        long need = (long) size() * frames;
        if (out.byteSize() < need) {
            throw new IllegalArgumentException("mask segment has " + out.byteSize() + " bytes, needs " + need);
        }
        for (int b = 0; b < size(); b++) {
            long row = (long) b * frames;
            out.asSlice(row, lengths[b]).fill((byte) 1);
            out.asSlice(row + lengths[b], frames - lengths[b]).fill((byte) 0);
        }
    }

    @Override
    public String toString() {
        return "CollatedBatch" + java.util.Arrays.toString(shape()) + " " + order + " pad " + padValue;
    }
}
