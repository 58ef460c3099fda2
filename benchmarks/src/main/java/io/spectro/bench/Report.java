package io.spectro.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders result rows as the human table and as the JSON array written by {@code --json}. */
public final class Report {
    /** Column headers of the table, in order. */
    public static final List<String> COLUMNS = List.of(
            "workload",
            "backend",
            "threads",
            "Spectro",
            "anchor",
            "anchor value",
            "ratio",
            "target",
            "unit",
            "Spectro frames/s",
            "time/floor",
            "alloc/batch",
            "launches",
            "bytes/unavoid",
            "H100 model/floor");

    /**
     * The keys of every JSON object, in order; an end-to-end row (E1-E5) has one more, {@link #E2E_KEY}, and a row with
     * a device model (W1-W3) has {@link #MODEL_KEYS} after these.
     */
    public static final List<String> JSON_KEYS =
            List.of("workload", "backend", "threads", "spectro", "anchor", "anchor_value", "ratio", "unit");

    /**
     * The keys a W1-W3 row carries after {@link #JSON_KEYS}: its {@link ModelledBatch} on {@link
     * io.spectro.device.DeviceProfile#H100} (MODEL OUTPUT, not a GPU measurement), per batch.
     */
    public static final List<String> MODEL_KEYS = List.of(
            "launches",
            "device_bytes",
            "unavoidable_bytes",
            "traffic_over_unavoidable",
            "modelled_h100_s",
            "h100_floor_s",
            "modelled_h100_over_floor");

    /** The key of an end-to-end row's object of details, whose keys are {@link #E2E_KEYS}. */
    public static final String E2E_KEY = "e2e";

    /** The keys of the {@link #E2E_KEY} object, in order. */
    public static final List<String> E2E_KEYS = List.of(
            "target",
            "target_met",
            "files",
            "audio_seconds",
            "spectro_seconds",
            "anchor_seconds",
            "spectro_peak_rss_bytes",
            "anchor_peak_rss_bytes",
            "anchor_blas",
            "blas_ok");

    private static final boolean[] RIGHT = {
        false, false, true, true, false, true, true, false, false, true, true, true, true, true, true
    };

    private Report() {}

    /** The table: a header, a rule, one line per row; text left-aligned, numbers right-aligned. */
    public static String table(List<ResultRow> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(COLUMNS.toArray(String[]::new));
        for (ResultRow r : rows) {
            ModelledBatch m = r.deviceModel();
            cells.add(new String[] {
                r.workload(),
                r.backend(),
                Integer.toString(r.threads()),
                Double.isNaN(r.spectro()) ? "FAILED" : throughput(r.spectro()),
                r.anchor(),
                Double.isNaN(r.anchorValue()) ? "-" : throughput(r.anchorValue()),
                ratioCell(r),
                targetCell(r.endToEnd()),
                r.unit(),
                Double.isNaN(r.framesPerSecond()) ? "-" : throughput(r.framesPerSecond()),
                Double.isFinite(r.floorRatio()) ? String.format(Locale.ROOT, "%.1f", r.floorRatio()) : "-",
                bytes(r.allocBytesPerBatch()),
                m == null ? "-" : Long.toString(m.launches()),
                m == null ? "-" : times(m.trafficOverUnavoidable()),
                m == null ? "-" : times(m.modelledOverFloor())
            });
        }
        int[] width = new int[COLUMNS.size()];
        for (String[] line : cells) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < cells.size(); l++) {
            String[] line = cells.get(l);
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                if (c > 0) {
                    row.append("  ");
                }
                String pad = " ".repeat(width[c] - line[c].length());
                row.append(RIGHT[c] && l > 0 ? pad + line[c] : line[c] + pad);
            }
            b.append(row.toString().stripTrailing()).append('\n');
            if (l == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                b.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
            }
        }
        return b.toString();
    }

    private static String ratioCell(ResultRow r) {
        if (r.endToEnd() != null && !r.endToEnd().comparable()) {
            return "n/a (reference BLAS)";
        }
        return Double.isFinite(r.ratio()) ? String.format(Locale.ROOT, "%.2fx", r.ratio()) : "-";
    }

    /** A ratio for the model's columns ({@code 1.07x}, {@code 44x}). */
    static String times(double v) {
        return v < 10 ? String.format(Locale.ROOT, "%.2fx", v) : String.format(Locale.ROOT, "%.0fx", v);
    }

    private static String targetCell(EndToEndResult e) {
        if (e == null) {
            return "-";
        }
        return e.target() + (e.targetMet() == null ? "" : e.targetMet() ? " met" : " MISSED");
    }

    /**
     * The details of an end-to-end row in the JSON: the keys {@link #E2E_KEYS}, in order; unknown values are null.
     *
     * @param spectroPeakRssBytes null when unknown
     * @param anchorPeakRssBytes null when unknown
     */
    record JsonEndToEnd(
            String target,
            @JsonProperty("target_met") Boolean targetMet,
            int files,
            @JsonProperty("audio_seconds") BigDecimal audioSeconds,
            @JsonProperty("spectro_seconds") BigDecimal spectroSeconds,
            @JsonProperty("anchor_seconds") BigDecimal anchorSeconds,
            @JsonProperty("spectro_peak_rss_bytes") Long spectroPeakRssBytes,
            @JsonProperty("anchor_peak_rss_bytes") Long anchorPeakRssBytes,
            @JsonProperty("anchor_blas") String anchorBlas,
            @JsonProperty("blas_ok") Boolean blasOk) {
        static JsonEndToEnd of(EndToEndResult e) {
            return e == null
                    ? null
                    : new JsonEndToEnd(
                            e.target(),
                            e.targetMet(),
                            e.files(),
                            round(e.audioSeconds()),
                            round(e.spectroSeconds()),
                            round(e.anchorSeconds()),
                            e.spectroPeakRssBytes() < 0 ? null : e.spectroPeakRssBytes(),
                            e.anchorPeakRssBytes() < 0 ? null : e.anchorPeakRssBytes(),
                            e.blas(),
                            e.blasOk());
        }
    }

    /**
     * The {@link #MODEL_KEYS} of a row with a device model; byte counts exact, the rest rounded to six significant
     * digits.
     */
    record JsonModel(
            long launches,
            @JsonProperty("device_bytes") long deviceBytes,
            @JsonProperty("unavoidable_bytes") long unavoidableBytes,
            @JsonProperty("traffic_over_unavoidable") BigDecimal trafficOverUnavoidable,
            @JsonProperty("modelled_h100_s") BigDecimal modelledSeconds,
            @JsonProperty("h100_floor_s") BigDecimal floorSeconds,
            @JsonProperty("modelled_h100_over_floor") BigDecimal modelledOverFloor) {
        static JsonModel of(ModelledBatch m) {
            return m == null
                    ? null
                    : new JsonModel(
                            m.launches(),
                            m.deviceBytes(),
                            m.unavoidableBytes(),
                            round(m.trafficOverUnavoidable()),
                            round(m.modelledSeconds()),
                            round(m.floorSeconds()),
                            round(m.modelledOverFloor()));
        }
    }

    /**
     * One object of the {@code --json} array: the keys {@link #JSON_KEYS}, in order, then {@link #MODEL_KEYS} for a row
     * with a device model and {@link #E2E_KEY} for an end-to-end row.
     *
     * @param spectro rounded to six significant digits; null when missing (NaN)
     * @param anchorValue likewise
     * @param ratio likewise
     */
    record JsonRow(
            String workload,
            String backend,
            int threads,
            BigDecimal spectro,
            String anchor,
            @JsonProperty("anchor_value") BigDecimal anchorValue,
            BigDecimal ratio,
            String unit,
            @JsonUnwrapped JsonModel model,

            @JsonProperty(E2E_KEY) @JsonInclude(JsonInclude.Include.NON_NULL)
            JsonEndToEnd e2e) {
        static JsonRow of(ResultRow r) {
            return new JsonRow(
                    r.workload(),
                    r.backend(),
                    r.threads(),
                    round(r.spectro()),
                    r.anchor(),
                    round(r.anchorValue()),
                    round(r.ratio()),
                    r.unit(),
                    JsonModel.of(r.deviceModel()),
                    JsonEndToEnd.of(r.endToEnd()));
        }
    }

    /** Decimals as written ({@code 34000}, {@code 1.95948}), never in exponent form. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * The rows as a JSON array of objects with the keys {@link #JSON_KEYS} (and {@link #MODEL_KEYS} or {@link #E2E_KEY}
     * where a row has them); numbers are rounded to six significant digits, missing values are {@code null}.
     */
    public static String json(List<ResultRow> rows) {
        try {
            return JSON.writeValueAsString(rows.stream().map(JsonRow::of).toList()) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("the rows could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code v} rounded to six significant digits, or null when it is not finite. */
    static BigDecimal round(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        return new BigDecimal(v).round(new MathContext(6));
    }

    /** A throughput for humans: grouped digits, no fraction from 100 up, three significant digits below. */
    static String throughput(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A byte count for humans ({@code 0 B}, {@code 312 B}, {@code 4.1 KiB}, {@code 67.1 MiB}); {@code -} if unknown. */
    static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v < 1024) {
            return String.format(Locale.ROOT, "%.0f B", v);
        }
        if (v < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", v / 1024);
        }
        if (v < 1024.0 * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", v / (1024 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", v / (1024.0 * 1024 * 1024));
    }
}
