package io.spectro.bench;

import java.util.List;
import java.util.Locale;

/**
 * The end-to-end rows E1-E5 of issue 10: a whole {@code spectro extract} process (JVM start included) over a generated
 * corpus ({@link EndToEndCorpus}), beside the Python loop anchor ({@code benchmarks/anchors/e2e_anchor.py}) on the same
 * files.
 */
enum EndToEndRow {
    /** 3,000 x ~7 s 16 kHz mono 16-bit WAV to whisper features. */
    E1("3,000 x ~7 s 16 kHz mono s16 WAV -> whisper .npy", "whisper", List.of("e1-wav"), null, 5, Double.NaN),
    /** The E1 audio as FLAC. */
    E2("the E1 audio as FLAC (3,000 x ~7 s) -> whisper .npy", "whisper", List.of("e2-flac"), null, 5, Double.NaN),
    /** 300 x 30 s 44.1 kHz stereo, as WAV and as MP3, to librosa features. */
    E3(
            "300 x 30 s 44.1 kHz stereo s16 WAV + the same as MP3 (600 files) -> librosa .npy (22.05 kHz, dB)",
            "librosa",
            List.of("e3"),
            null,
            3,
            Double.NaN),
    /** One hour of 48 kHz stereo 24-bit WAV with 512 MB of heap. */
    E4(
            "one 1 h 48 kHz stereo 24-bit WAV (1 GB) -> whisper .npy, -Xmx512m",
            "whisper",
            List.of("e4"),
            "-Xmx512m",
            5,
            Double.NaN),
    /** One 8 s WAV, cold JVM, automatic backend: wall seconds. */
    E5(
            "one 8 s 16 kHz WAV, cold JVM, auto backend -> whisper .npy (wall seconds)",
            "whisper",
            List.of("e5"),
            null,
            Double.NaN,
            0.6);

    private final String description;
    private final String preset;
    private final List<String> folders;
    private final String javaOpts;
    private final double minRatio;
    private final double maxSeconds;

    EndToEndRow(
            String description,
            String preset,
            List<String> folders,
            String javaOpts,
            double minRatio,
            double maxSeconds) {
        this.description = description;
        this.preset = preset;
        this.folders = folders;
        this.javaOpts = javaOpts;
        this.minRatio = minRatio;
        this.maxSeconds = maxSeconds;
    }

    /** What the row runs, in words (for the notes). */
    String describe() {
        return description;
    }

    /** The {@code --preset} of both Spectro and the anchor ({@code whisper} or {@code librosa}). */
    String preset() {
        return preset;
    }

    /** The corpus folders (below the corpus root) that are the row's inputs. */
    List<String> folders() {
        return folders;
    }

    /** {@code SPECTRO_JAVA_OPTS} of the Spectro process, or null for none. */
    String javaOpts() {
        return javaOpts;
    }

    /** Whether the row is a wall-clock time (E5) rather than a throughput. */
    boolean timed() {
        return !Double.isNaN(maxSeconds);
    }

    /** The row's unit: {@code audio-s/s}, or {@code s} (wall) for E5. */
    String unit() {
        return timed() ? ResultRow.WALL_SECONDS : ResultRow.AUDIO_SECONDS_PER_SECOND;
    }

    /** The target of issue 10, in words ({@code >= 5x}, {@code <= 0.6 s}). */
    String target() {
        String t = timed()
                ? String.format(Locale.ROOT, "<= %s s", Report.throughput(maxSeconds))
                : String.format(Locale.ROOT, ">= %sx", Report.throughput(minRatio));
        return javaOpts == null ? t : t + " in " + javaOpts.substring("-Xmx".length());
    }

    /**
     * Whether a measurement meets the target: the ratio for throughput rows (null when there is no ratio), the wall
     * seconds for E5; a failed Spectro run never does.
     */
    Boolean met(boolean spectroOk, double spectroValue, double ratio) {
        if (!spectroOk) {
            return false;
        }
        if (timed()) {
            return spectroValue <= maxSeconds;
        }
        return Double.isFinite(ratio) ? ratio >= minRatio : null;
    }
}
