package io.spectro.bench;

/**
 * One line of the benchmark table: Spectro's median throughput on one workload, backend and thread count beside its
 * anchor's median throughput measured in the same invocation.
 *
 * @param workload {@code W1}, {@code W2}, {@code W3}, {@code FFT-<n>} or {@code E1}-{@code E5}
 * @param backend Spectro backend name
 * @param threads host threads (Spectro backend threads, anchor threads)
 * @param spectro Spectro's median throughput in {@code unit}; NaN when the benchmark failed
 * @param anchor what the anchor is (e.g. {@code torchaudio 0.13.1}, {@code JTransforms 3.1})
 * @param anchorValue the anchor's median throughput in {@code unit}; NaN when it was not measured
 * @param unit {@code audio-s/s}, {@code frames/s} or {@code s} (wall seconds, E5: lower is better)
 * @param framesPerSecond Spectro's median throughput in frames per second
 * @param floorRatio Spectro's time over the floor time ({@link FlopModel}); NaN when unknown
 * @param allocBytesPerBatch bytes allocated on the Java heap per operation (JMH gc profiler); NaN when unknown
 * @param endToEnd what an end-to-end row (E1-E5) measured besides, or null for the JMH rows
 * @param deviceModel the device pipeline's modelled batch of a W1-W3 row (MODEL OUTPUT, the same on every backend row
 *     of a workload), or null
 */
public record ResultRow(
        String workload,
        String backend,
        int threads,
        double spectro,
        String anchor,
        double anchorValue,
        String unit,
        double framesPerSecond,
        double floorRatio,
        double allocBytesPerBatch,
        EndToEndResult endToEnd,
        ModelledBatch deviceModel) {

    /** A JMH row (no end-to-end details, no device model). */
    public ResultRow(
            String workload,
            String backend,
            int threads,
            double spectro,
            String anchor,
            double anchorValue,
            String unit,
            double framesPerSecond,
            double floorRatio,
            double allocBytesPerBatch) {
        this(
                workload,
                backend,
                threads,
                spectro,
                anchor,
                anchorValue,
                unit,
                framesPerSecond,
                floorRatio,
                allocBytesPerBatch,
                null,
                null);
    }

    /** This row with {@code model} as its device model. */
    public ResultRow withDeviceModel(ModelledBatch model) {
        return new ResultRow(
                workload,
                backend,
                threads,
                spectro,
                anchor,
                anchorValue,
                unit,
                framesPerSecond,
                floorRatio,
                allocBytesPerBatch,
                endToEnd,
                model);
    }

    /** Unit of the W1-W3 rows. */
    public static final String AUDIO_SECONDS_PER_SECOND = "audio-s/s";

    /** Unit of the FFT rows. */
    public static final String FRAMES_PER_SECOND = "frames/s";

    /** Unit of the E5 row: wall seconds of one process (lower is better). */
    public static final String WALL_SECONDS = "s";

    /**
     * How many times faster Spectro is (above 1: Spectro is faster): Spectro over anchor for throughputs, anchor over
     * Spectro for wall seconds; NaN when either is missing or the anchor's figure is not comparable (reference BLAS).
     */
    public double ratio() {
        return ratioOf(unit, spectro, anchorValue, endToEnd == null || endToEnd.comparable());
    }

    /** {@link #ratio()} of a row with these values. */
    static double ratioOf(String unit, double spectro, double anchorValue, boolean comparable) {
        if (!comparable) {
            return Double.NaN;
        }
        return unit.equals(WALL_SECONDS) ? anchorValue / spectro : spectro / anchorValue;
    }
}
