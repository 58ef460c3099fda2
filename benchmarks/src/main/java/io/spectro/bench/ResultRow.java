package io.spectro.bench;

/**
 * One line of the benchmark table: Spectro's median throughput on one workload, backend and thread count beside its
 * anchor's median throughput measured in the same invocation.
 *
 * @param workload {@code W1}, {@code W2}, {@code W3} or {@code FFT-<n>}
 * @param backend Spectro backend name
 * @param threads host threads (Spectro backend threads, anchor threads)
 * @param spectro Spectro's median throughput in {@code unit}; NaN when the benchmark failed
 * @param anchor what the anchor is (e.g. {@code torchaudio 0.13.1}, {@code JTransforms 3.1})
 * @param anchorValue the anchor's median throughput in {@code unit}; NaN when it was not measured
 * @param unit {@code audio-s/s} or {@code frames/s}
 * @param framesPerSecond Spectro's median throughput in frames per second
 * @param floorRatio Spectro's time over the floor time ({@link FlopModel}); NaN when unknown
 * @param allocBytesPerBatch bytes allocated on the Java heap per operation (JMH gc profiler); NaN when unknown
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
        double allocBytesPerBatch) {

    /** Unit of the W1-W3 rows. */
    public static final String AUDIO_SECONDS_PER_SECOND = "audio-s/s";

    /** Unit of the FFT rows. */
    public static final String FRAMES_PER_SECOND = "frames/s";

    /** Spectro over anchor (above 1: Spectro is faster); NaN when either is missing. */
    public double ratio() {
        return spectro / anchorValue;
    }
}
