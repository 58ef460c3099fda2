package io.spectro.gpucheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers the files the steps left in the results folder into one report: the verdict and the problems behind it, the
 * environment, one line per step, and every step's own result (probe, conformance, exactness, benchmark rows). A step
 * that crashed or ran past its limit leaves no result file: its exit status is the result.
 *
 * @param verdict {@code PASS} when no step failed, crashed or timed out and every required backend ran; else {@code
 *     FAIL}
 * @param problems one line per reason for {@code FAIL}
 * @param environment what the launcher found out about the machine, in its order
 * @param steps one line per step
 * @param backends the probe's answers (null when the probe did not run)
 * @param conformance every conformance run's result
 * @param exactness every exactness check's result
 * @param benchmark the harness's rows (null when it did not run)
 * @param devices each device backend's workloads beside the CPU backend and torch on the same GPU
 * @param benchmarkReport the harness's table and notes, line by line
 */
record CheckReport(
        String verdict,
        List<String> problems,
        Map<String, String> environment,
        List<Step> steps,
        JsonNode backends,
        List<SuiteResult> conformance,
        List<ExactnessCheck.Result> exactness,
        JsonNode benchmark,
        List<DeviceComparison> devices,
        List<String> benchmarkReport) {

    /**
     * One step as the table shows it.
     *
     * @param name the step
     * @param status {@code PASS}, {@code FAIL}, {@code SKIPPED}, {@code NOT RUN}, {@code NO TIME} (left out: the
     *     run's time limit was used up), {@code CRASHED}, {@code TIMED OUT}
     * @param summary counts, reasons, the log to read
     * @param seconds wall time
     */
    record Step(String name, String status, String summary, double seconds) {
        boolean problem() {
            return switch (status) {
                case "FAIL", "EMPTY", "NO TIME", "CRASHED", "TIMED OUT" -> true;
                default -> false;
            };
        }
    }

    /** Failures of one conformance run listed among the problems; the rest are counted. */
    static final int MAX_FAILURES = 5;

    /** Reads the results folder {@code dir}. */
    static CheckReport read(Path dir) {
        Map<String, String> env = environment(dir.resolve(StepFiles.ENVIRONMENT));
        JsonNode probe = StepFiles.readTree(dir.resolve(StepFiles.PROBE));
        JsonNode bench = StepFiles.readTree(dir.resolve(StepFiles.BENCH_JSON));
        List<String> benchReport = lines(dir.resolve(StepFiles.BENCH_TABLE));
        List<SuiteResult> suites = new ArrayList<>();
        List<ExactnessCheck.Result> exact = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StepLog log : StepLog.read(dir.resolve(StepFiles.STEPS))) {
            Step step;
            if (log.exit() == StepLog.NOT_RUN) {
                step = new Step(log.name(), "NOT RUN", log.note(), 0);
            } else if (log.exit() == StepLog.NO_TIME) {
                step = new Step(log.name(), "NO TIME", log.note(), 0);
            } else if (StepLog.timedOut(log.exit())) {
                step = new Step(
                        log.name(),
                        "TIMED OUT",
                        String.format(
                                Locale.ROOT, "ran past its limit after %.0f s; see %s", log.seconds(), log.note()),
                        log.seconds());
            } else if (log.name().startsWith("conformance-")) {
                SuiteResult r = StepFiles.read(
                        dir.resolve(StepFiles.conformance(log.name().substring("conformance-".length()))),
                        SuiteResult.class);
                step = r == null ? crashed(log) : new Step(log.name(), r.status(), r.summary(), log.seconds());
                if (r != null) {
                    suites.add(r);
                    for (SuiteResult.Problem p : r.failures()
                            .subList(0, Math.min(MAX_FAILURES, r.failures().size()))) {
                        problems.add(log.name() + ": " + p.test() + ": " + firstLine(p.message()));
                    }
                    if (r.failures().size() > MAX_FAILURES) {
                        problems.add(log.name() + ": and " + (r.failures().size() - MAX_FAILURES)
                                + " more failures (see " + StepFiles.conformance(r.label()) + ")");
                    }
                }
            } else if (log.name().startsWith("exactness-")) {
                ExactnessCheck.Result r = StepFiles.read(
                        dir.resolve(StepFiles.exactness(log.name().substring("exactness-".length()))),
                        ExactnessCheck.Result.class);
                step = r == null ? crashed(log) : new Step(log.name(), r.status(), r.summary(), log.seconds());
                if (r != null) {
                    exact.add(r);
                }
            } else if (log.name().equals("probe")) {
                step = probe == null || log.exit() != 0
                        ? crashed(log)
                        : new Step(log.name(), "PASS", probeSummary(probe), log.seconds());
            } else if (log.name().equals("bench")) {
                step = benchStep(log, bench);
            } else {
                step = new Step(
                        log.name(),
                        log.exit() == 0 ? "PASS" : "FAIL",
                        "exit " + log.exit() + "; " + log.note(),
                        log.seconds());
            }
            steps.add(step);
            // A failed conformance run's failures are listed one by one above.
            boolean listed = step.status().equals("FAIL") && log.name().startsWith("conformance-");
            if (step.problem() && !listed) {
                problems.add(log.name() + ": " + step.status() + ": " + step.summary());
            }
        }
        for (String required : env.getOrDefault("required", "").split(",")) {
            if (!required.isBlank() && !available(probe, required.strip())) {
                problems.add(
                        required.strip() + " is required here but unavailable: " + detail(probe, required.strip()));
            }
        }
        return new CheckReport(
                problems.isEmpty() ? "PASS" : "FAIL",
                problems,
                env,
                steps,
                probe,
                suites,
                exact,
                bench,
                DeviceComparison.of(bench),
                benchReport);
    }

    private static Step crashed(StepLog log) {
        return new Step(
                log.name(),
                log.exit() == 0 ? "FAIL" : "CRASHED",
                "exit " + log.exit() + " without a result; see " + log.note(),
                log.seconds());
    }

    private static Step benchStep(StepLog log, JsonNode rows) {
        if (log.exit() != 0 || rows == null || !rows.isArray()) {
            return new Step(
                    log.name(),
                    "FAIL",
                    "exit " + log.exit() + (rows == null ? ", no rows" : "") + "; see " + log.note(),
                    log.seconds());
        }
        int failed = 0;
        for (JsonNode r : rows) {
            if (r.path("spectro").isNull()) {
                failed++;
            }
        }
        return new Step(
                log.name(),
                failed == 0 ? "PASS" : "FAIL",
                rows.size() + " rows" + (failed == 0 ? "" : ", " + failed + " FAILED") + " (table below)",
                log.seconds());
    }

    private static String probeSummary(JsonNode probe) {
        List<String> parts = new ArrayList<>();
        for (JsonNode b : probe) {
            parts.add(b.path("name").asText()
                    + (b.path("availability").path("available").asBoolean() ? " yes" : " no"));
        }
        return String.join(", ", parts);
    }

    private static boolean available(JsonNode probe, String backend) {
        return probe != null
                && find(probe, backend).path("availability").path("available").asBoolean();
    }

    private static String detail(JsonNode probe, String backend) {
        if (probe == null) {
            return "the probe did not run";
        }
        JsonNode b = find(probe, backend);
        return b.isMissingNode()
                ? "not in the bundle"
                : b.path("availability").path("detail").asText();
    }

    private static JsonNode find(JsonNode probe, String backend) {
        for (JsonNode b : probe) {
            if (b.path("name").asText().equals(backend)) {
                return b;
            }
        }
        return MissingNode.getInstance();
    }

    /** The launcher's {@code key=value} lines, in order. */
    static Map<String, String> environment(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return env;
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    /** The report for people: verdict, environment, one line per step, the benchmark table, the problems. */
    String table() {
        StringBuilder b = new StringBuilder("Spectro GPU check: " + verdict + "\n");
        environment.forEach(
                (k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        if (backends != null) {
            for (JsonNode s : backends) {
                JsonNode a = s.path("availability");
                b.append("  backend ")
                        .append(s.path("name").asText())
                        .append(": ")
                        .append(a.path("available").asBoolean() ? "available" : "unavailable")
                        .append(" (")
                        .append(a.path("detail").asText())
                        .append(")\n");
            }
        }
        b.append('\n');
        int nameWidth = "step".length();
        int statusWidth = "status".length();
        for (Step s : steps) {
            nameWidth = Math.max(nameWidth, s.name().length());
            statusWidth = Math.max(statusWidth, s.status().length());
        }
        String format = "%-" + nameWidth + "s  %-" + statusWidth + "s  %6s  %s%n";
        b.append(String.format(Locale.ROOT, format, "step", "status", "time", "result"));
        b.append("-".repeat(nameWidth + statusWidth + 16 + 40)).append('\n');
        for (Step s : steps) {
            b.append(String.format(
                    Locale.ROOT,
                    format,
                    s.name(),
                    s.status(),
                    s.status().startsWith("NO") ? "" : String.format(Locale.ROOT, "%.0f s", s.seconds()),
                    s.summary()));
        }
        for (SuiteResult r : conformance) {
            if (!r.goldenReport().isEmpty()) {
                b.append("\nconformance ").append(r.label()).append(", per golden configuration:\n");
                r.goldenReport().forEach(l -> b.append("  ").append(l).append('\n'));
            }
        }
        if (!devices.isEmpty()) {
            b.append("\ndevice backends beside the cpu backend and torch on the same GPU (x: Spectro over it):\n");
            b.append(DeviceComparison.table(devices));
        }
        if (!benchmarkReport.isEmpty()) {
            b.append("\nbenchmark (W1-W3 and FFT rows, spectro bench):\n");
            benchmarkReport.forEach(l -> b.append(l).append('\n'));
        }
        if (!problems.isEmpty()) {
            b.append("\nproblems:\n");
            problems.forEach(p -> b.append("  - ").append(p).append('\n'));
        }
        b.append("\nverdict: ").append(verdict).append('\n');
        return b.toString();
    }
}
