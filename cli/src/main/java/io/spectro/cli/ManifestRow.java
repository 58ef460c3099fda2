package io.spectro.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of {@code manifest.csv}: an input, what it was, and what became of it.
 *
 * @param source the input path as found (relative to the working directory when given so)
 * @param label its label ({@code --labels}), or empty
 * @param sourceRateHz the input's own sample rate, 0 when unknown (not decoded)
 * @param channels the input's channel count, 0 when unknown
 * @param encoding the input's sample encoding in words (e.g. {@code PCM signed 24-bit}), or empty
 * @param durationSeconds the input's duration in seconds, NaN when unknown
 * @param sampleRateHz the rate the features were computed at, 0 when none were
 * @param frames frames in the output, -1 when none
 * @param output the output, relative to the output folder ({@code dog/a.npy}, or {@code dog.npz:a} for an npz entry)
 * @param status {@code ok}, or the error message
 */
record ManifestRow(
        String source,
        String label,
        int sourceRateHz,
        int channels,
        String encoding,
        double durationSeconds,
        int sampleRateHz,
        int frames,
        String output,
        String status) {

    /** The CSV header, in column order. */
    static final List<String> HEADER = List.of(
            "source",
            "label",
            "source_rate_hz",
            "channels",
            "encoding",
            "duration_s",
            "sample_rate_hz",
            "frames",
            "output",
            "status");

    /** Whether the input was processed without error. */
    boolean ok() {
        return status.equals("ok");
    }

    /** This row with another label. */
    ManifestRow withLabel(String newLabel) {
        return new ManifestRow(
                source,
                newLabel,
                sourceRateHz,
                channels,
                encoding,
                durationSeconds,
                sampleRateHz,
                frames,
                output,
                status);
    }

    /** A failed row for {@code source} that was not decoded. */
    static ManifestRow failed(String source, String label, String output, String message) {
        return new ManifestRow(source, label, 0, 0, "", Double.NaN, 0, -1, output, message);
    }

    /**
     * A failed row for an input whose audio was decoded (so its source facts are known) but that has no output.
     *
     * @param audio the decoded input, or null when it was not decoded
     */
    static ManifestRow failed(String source, String label, InputDecoder.Decoded audio, String message) {
        if (audio == null) {
            return failed(source, label, "", message);
        }
        return new ManifestRow(
                source,
                label,
                audio.sourceRateHz(),
                audio.channels(),
                audio.encoding(),
                audio.durationSeconds(),
                0,
                -1,
                "",
                message);
    }

    /** This row as a failure with {@code message}: the source facts kept, no output. */
    ManifestRow failedWith(String message) {
        return new ManifestRow(source, label, sourceRateHz, channels, encoding, durationSeconds, 0, -1, "", message);
    }

    /** The status text for a failure caused by {@code e}: its message in words, without a stack trace. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "file not found (removed while running?)";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give Java more with SPECTRO_JAVA_OPTS=-Xmx...";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /** The fields as CSV cells, in {@link #HEADER} order. */
    List<String> cells() {
        List<String> c = new ArrayList<>(HEADER.size());
        c.add(source);
        c.add(label);
        c.add(sourceRateHz > 0 ? Integer.toString(sourceRateHz) : "");
        c.add(channels > 0 ? Integer.toString(channels) : "");
        c.add(encoding);
        c.add(Double.isNaN(durationSeconds) ? "" : String.format(Locale.ROOT, "%.6f", durationSeconds));
        c.add(sampleRateHz > 0 ? Integer.toString(sampleRateHz) : "");
        c.add(frames >= 0 ? Integer.toString(frames) : "");
        c.add(output);
        c.add(status.replace('\n', ' ').replace('\r', ' '));
        return c;
    }

    /** The whole manifest text: header and rows. */
    static String toCsv(List<ManifestRow> rows) {
        StringBuilder b = new StringBuilder(Csv.line(HEADER)).append('\n');
        for (ManifestRow r : rows) {
            b.append(Csv.line(r.cells())).append('\n');
        }
        return b.toString();
    }

    /** Parses a manifest written by {@link #toCsv}, keyed by source; unreadable rows are skipped. */
    static Map<String, ManifestRow> parse(String text) {
        Map<String, ManifestRow> out = new HashMap<>();
        List<List<String>> rows;
        try {
            rows = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            return out;
        }
        if (rows.isEmpty() || !rows.get(0).equals(HEADER)) {
            return out;
        }
        for (List<String> r : rows.subList(1, rows.size())) {
            if (r.size() != HEADER.size()) {
                continue;
            }
            try {
                out.put(
                        r.get(0),
                        new ManifestRow(
                                r.get(0),
                                r.get(1),
                                intOr(r.get(2), 0),
                                intOr(r.get(3), 0),
                                r.get(4),
                                r.get(5).isEmpty() ? Double.NaN : Double.parseDouble(r.get(5)),
                                intOr(r.get(6), 0),
                                intOr(r.get(7), -1),
                                r.get(8),
                                r.get(9)));
            } catch (NumberFormatException e) {
                // a hand-edited or foreign row: not reusable, so the input is simply recomputed
            }
        }
        return out;
    }

    private static int intOr(String s, int fallback) {
        return s.isEmpty() ? fallback : Integer.parseInt(s);
    }
}
