package io.spectro.bench;

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
            "unit",
            "Spectro frames/s",
            "time/floor",
            "alloc/batch");

    /** The keys of every JSON object, in order. */
    public static final List<String> JSON_KEYS =
            List.of("workload", "backend", "threads", "spectro", "anchor", "anchor_value", "ratio", "unit");

    private static final boolean[] RIGHT = {false, false, true, true, false, true, true, false, true, true, true};

    private Report() {}

    /** The table: a header, a rule, one line per row; text left-aligned, numbers right-aligned. */
    public static String table(List<ResultRow> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(COLUMNS.toArray(String[]::new));
        for (ResultRow r : rows) {
            cells.add(new String[] {
                r.workload(),
                r.backend(),
                Integer.toString(r.threads()),
                Double.isNaN(r.spectro()) ? "FAILED" : throughput(r.spectro()),
                r.anchor(),
                Double.isNaN(r.anchorValue()) ? "-" : throughput(r.anchorValue()),
                Double.isFinite(r.ratio()) ? String.format(Locale.ROOT, "%.2fx", r.ratio()) : "-",
                r.unit(),
                Double.isNaN(r.framesPerSecond()) ? "-" : throughput(r.framesPerSecond()),
                Double.isFinite(r.floorRatio()) ? String.format(Locale.ROOT, "%.1f", r.floorRatio()) : "-",
                bytes(r.allocBytesPerBatch())
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

    /**
     * The rows as a JSON array of objects with exactly the keys {@link #JSON_KEYS}; numbers are rounded to six
     * significant digits, missing values are {@code null}.
     */
    public static String json(List<ResultRow> rows) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            ResultRow r = rows.get(i);
            b.append(i == 0 ? "\n  " : ",\n  ");
            b.append('{');
            b.append("\"workload\": ").append(Json.quote(r.workload())).append(", ");
            b.append("\"backend\": ").append(Json.quote(r.backend())).append(", ");
            b.append("\"threads\": ").append(r.threads()).append(", ");
            b.append("\"spectro\": ").append(Json.number(round(r.spectro()))).append(", ");
            b.append("\"anchor\": ").append(Json.quote(r.anchor())).append(", ");
            b.append("\"anchor_value\": ")
                    .append(Json.number(round(r.anchorValue())))
                    .append(", ");
            b.append("\"ratio\": ").append(Json.number(round(r.ratio()))).append(", ");
            b.append("\"unit\": ").append(Json.quote(r.unit()));
            b.append('}');
        }
        return b.append(rows.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /** {@code v} rounded to six significant digits (NaN and infinities unchanged). */
    static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new BigDecimal(v).round(new MathContext(6)).doubleValue();
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
