package io.spectro.gpucheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One workload on a device backend, from the benchmark's rows: Spectro's throughput beside the CPU backend's (its row
 * with the most threads) and beside torch on the same GPU, with the batch from and to host memory (what Spectro's
 * {@code computeInto} does) and resident on the device (kernels only). NaN where a figure was not measured.
 *
 * @param workload {@code W1}..{@code W3} or {@code FFT-<n>}
 * @param backend the device backend
 * @param unit {@code audio-s/s} or {@code frames/s}
 * @param spectro Spectro on the device backend
 * @param cpuBackend Spectro on the CPU backend
 * @param torchHostInOut torch on cuda, from and to host memory
 * @param torchOnDevice torch on cuda, resident on the device
 */
record DeviceComparison(
        String workload,
        String backend,
        String unit,
        double spectro,
        double cpuBackend,
        double torchHostInOut,
        double torchOnDevice) {

    /** The comparisons of every device backend's workloads in {@code rows} (the harness's JSON array), in order. */
    static List<DeviceComparison> of(JsonNode rows) {
        Map<String, DeviceComparison> byKey = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Integer> cpuThreads = new LinkedHashMap<>();
        if (rows == null) {
            return List.of();
        }
        for (JsonNode r : rows) {
            String w = r.path("workload").asText();
            if (r.path("backend").asText().equals("cpu")) {
                int t = r.path("threads").asInt();
                if (t >= cpuThreads.getOrDefault(w, 0)) {
                    cpuThreads.put(w, t);
                    cpu.put(w, number(r.path("spectro")));
                }
            }
        }
        for (JsonNode r : rows) {
            String w = r.path("workload").asText();
            String b = r.path("backend").asText();
            if (b.equals("cpu")) {
                continue;
            }
            String anchor = r.path("anchor").asText();
            DeviceComparison c = byKey.getOrDefault(
                    w + "|" + b,
                    new DeviceComparison(
                            w,
                            b,
                            r.path("unit").asText(),
                            number(r.path("spectro")),
                            cpu.getOrDefault(w, Double.NaN),
                            Double.NaN,
                            Double.NaN));
            double value = number(r.path("anchor_value"));
            if (anchor.contains("host in/out")) {
                c = new DeviceComparison(w, b, c.unit, c.spectro, c.cpuBackend, value, c.torchOnDevice);
            } else if (anchor.contains("on device")) {
                c = new DeviceComparison(w, b, c.unit, c.spectro, c.cpuBackend, c.torchHostInOut, value);
            }
            byKey.put(w + "|" + b, c);
        }
        return List.copyOf(byKey.values());
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.doubleValue() : Double.NaN;
    }

    /** The comparisons as a table, or empty when there are none. */
    static String table(List<DeviceComparison> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {
            "workload",
            "backend",
            "Spectro",
            "cpu backend",
            "x",
            "torch cuda host in/out",
            "x",
            "torch cuda on device",
            "x",
            "unit"
        });
        for (DeviceComparison c : rows) {
            cells.add(new String[] {
                c.workload,
                c.backend,
                value(c.spectro),
                value(c.cpuBackend),
                ratio(c.spectro, c.cpuBackend),
                value(c.torchHostInOut),
                ratio(c.spectro, c.torchHostInOut),
                value(c.torchOnDevice),
                ratio(c.spectro, c.torchOnDevice),
                c.unit
            });
        }
        int[] width = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String pad = " ".repeat(width[i] - line[i].length());
                // Names left-aligned, numbers right-aligned.
                l.append(i < 2 || i == width.length - 1 ? line[i] + pad : pad + line[i])
                        .append("  ");
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private static String value(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100
                ? String.format(Locale.ROOT, "%,.0f", v)
                : new BigDecimal(v)
                        .round(new MathContext(3))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    private static String ratio(double a, double b) {
        double r = a / b;
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "-";
    }
}
