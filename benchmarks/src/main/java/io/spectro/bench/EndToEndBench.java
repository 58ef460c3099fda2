package io.spectro.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the end-to-end rows E1-E5: per row, {@code spectro extract} (the launcher, a fresh JVM) over the row's corpus,
 * then the Python loop anchor on the same files, back to back, each timed as a whole process. Missing pieces (launcher,
 * checkout, interpreter) become a FAILED row and a note saying what to do, never an exception.
 */
final class EndToEndBench {
    /** The backend column of the rows: {@code spectro extract} picks its backend itself. */
    static final String BACKEND = "auto";

    /** Longest a single Spectro or anchor process may run. */
    static final long PROCESS_TIMEOUT_SECONDS = 3 * 3600;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String python;
    private final Path corpusCache;
    private final double scale;
    private final Path launcherOverride;
    private final PrintStream progress;
    private final List<String> notes = new ArrayList<>();
    private boolean failures;

    /**
     * @param python interpreter of the corpus generator and the anchor
     * @param corpusCache folder holding the cached corpora
     * @param scale multiplies E1-E3's file counts and E4's length (1 for the real rows)
     * @param launcher the {@code spectro} launcher to time, or null for the checkout's
     * @param progress where progress lines go
     */
    EndToEndBench(String python, Path corpusCache, double scale, Path launcher, PrintStream progress) {
        this.python = python;
        this.corpusCache = corpusCache;
        this.scale = scale;
        this.launcherOverride = launcher;
        this.progress = progress;
    }

    /** Notes for the table (how the rows ran, what failed and why). */
    List<String> notes() {
        return notes;
    }

    /** Whether a row failed (Spectro did not process every input, or something needed was missing). */
    boolean failures() {
        return failures;
    }

    /** Runs the rows at {@code threads} and returns one result row each (in the order given). */
    List<ResultRow> run(List<EndToEndRow> rows, int threads) throws InterruptedException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Path root;
        Path launcher;
        Path folder;
        Path work;
        try {
            root = EndToEndCorpus.projectRoot();
            launcher = launcherOverride != null ? launcherOverride : root.resolve(EndToEndCorpus.LAUNCHER);
            if (!Files.isExecutable(launcher)) {
                throw new IllegalStateException("the launcher " + launcher + " is missing or not executable: the E1-E5"
                        + " rows time `spectro extract` through it (pass --spectro PATH to use another)");
            }
            folder = EndToEndCorpus.folder(corpusCache, root.resolve(EndToEndCorpus.SCRIPT), scale);
            work = Files.createTempDirectory("spectro-e2e-");
        } catch (IOException | IllegalStateException e) {
            return failAll(rows, threads, e.getMessage());
        }
        try {
            progress.println("E1-E5 corpus (scale " + EndToEndCorpus.scaleName(scale) + ") in " + folder
                    + ": generating what is missing (once; several minutes at scale 1) ...");
            ChildRun gen = EndToEndCorpus.generate(python, root, folder, scale, rows, work.resolve("generate.log"));
            if (!gen.ok()) {
                return failAll(
                        rows,
                        threads,
                        "the corpus generator failed (" + python + " " + EndToEndCorpus.SCRIPT + ", exit " + gen.exit()
                                + "): " + gen.tail(3));
            }
            // Untimed: builds the CLI jar when it is missing or stale, so that no row times a Maven build.
            ChildRun prepare = ChildRun.run(
                    List.of(launcher.toString(), "--version"),
                    Map.of("SPECTRO_JAVA_OPTS", ""),
                    work.resolve("prepare.log"),
                    1800);
            if (prepare.ok()) {
                // Untimed too: the launcher's one-time start-up cache of the scalar mode (short jobs such as E5 run
                // in it), so that no row times its training run; the first call made the SIMD mode's.
                prepare = ChildRun.run(
                        List.of(launcher.toString(), "--version"),
                        Map.of("SPECTRO_JAVA_OPTS", "", "SPECTRO_SIMD", "0"),
                        work.resolve("prepare-scalar.log"),
                        1800);
            }
            if (!prepare.ok()) {
                return failAll(
                        rows,
                        threads,
                        launcher + " --version failed (exit " + prepare.exit() + "): " + prepare.tail(3));
            }
            notes.add("E1-E5: each row runs `spectro extract` (" + launcher + ", a fresh JVM: start-up, decoding,"
                    + " writing the .npy files and the manifest included; backend auto, --threads " + threads
                    + ") then the Python loop anchor (" + python + " " + EndToEndCorpus.ANCHOR + ", interpreter and"
                    + " imports included, torch threads " + threads + ") on the same files, back to back, each"
                    + " timed once as a whole process; the files are read once beforehand so both find them in the"
                    + " page cache. audio-s/s = seconds of audio in the manifest / wall seconds. Corpus: "
                    + EndToEndCorpus.SCRIPT + " at scale " + EndToEndCorpus.scaleName(scale) + " in " + folder
                    + (scale != 1 ? " (NOT the issue's corpus sizes: indicative only)" : ""));
            List<ResultRow> out = new ArrayList<>();
            for (EndToEndRow row : rows) {
                out.add(runRow(row, threads, launcher, root, folder, work));
            }
            return out;
        } catch (IOException e) {
            return failAll(rows, threads, "I/O error: " + e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    private ResultRow runRow(EndToEndRow row, int threads, Path launcher, Path root, Path folder, Path work)
            throws IOException, InterruptedException {
        List<Path> inputs = EndToEndCorpus.inputs(folder, row);
        long bytes = EndToEndCorpus.warmPageCache(inputs);
        List<String> inputNames = inputs.stream().map(Path::toString).toList();

        Path spectroOut = work.resolve(row.name() + "-spectro");
        List<String> spectroCmd = new ArrayList<>(List.of(
                launcher.toString(),
                "extract",
                "--preset",
                row.preset(),
                "--threads",
                Integer.toString(threads),
                "--out",
                spectroOut.toString()));
        spectroCmd.addAll(inputNames);
        Map<String, String> spectroEnv = new HashMap<>();
        // Removed (null) unless the row sets it: the user's own SPECTRO_JAVA_OPTS must not change a row.
        spectroEnv.put("SPECTRO_JAVA_OPTS", row.javaOpts());
        progress.printf(
                Locale.ROOT,
                "%s: spectro extract (%s, %.0f MB of input%s) ...%n",
                row,
                row.preset(),
                bytes / 1e6,
                row.javaOpts() == null ? "" : ", SPECTRO_JAVA_OPTS=" + row.javaOpts());
        ChildRun spectro =
                ChildRun.run(spectroCmd, spectroEnv, work.resolve(row + "-spectro.log"), PROCESS_TIMEOUT_SECONDS);
        Manifest manifest = Manifest.read(spectroOut.resolve("manifest.csv"));
        deleteTree(spectroOut);
        boolean spectroOk = spectro.ok() && manifest.failed() == 0 && manifest.ok() > 0;
        if (!spectroOk) {
            failures = true;
            notes.add(row + " FAILED: spectro extract exited with " + spectro.exit() + ", " + manifest.ok()
                    + " inputs ok, " + manifest.failed() + " failed"
                    + (manifest.firstError().isEmpty() ? "" : " (first error: " + manifest.firstError() + ")")
                    + "; its output ended: "
                    + spectro.tail(3));
        }
        progress.printf(
                Locale.ROOT,
                "        spectro %.2f s wall, %d files, %.0f audio-s%n",
                spectro.seconds(),
                manifest.ok(),
                manifest.audioSeconds());

        Path anchorOut = work.resolve(row.name() + "-anchor");
        List<String> anchorCmd = new ArrayList<>(List.of(
                python,
                root.resolve(EndToEndCorpus.ANCHOR).toString(),
                "--preset",
                row.preset(),
                "--threads",
                Integer.toString(threads),
                "--out",
                anchorOut.toString()));
        anchorCmd.addAll(inputNames);
        progress.println(row + ": Python loop anchor ...");
        ChildRun anchorRun =
                ChildRun.run(anchorCmd, anchorEnv(), work.resolve(row + "-anchor.log"), PROCESS_TIMEOUT_SECONDS);
        deleteTree(anchorOut);
        AnchorReport anchor = AnchorReport.parse(anchorRun);
        if (anchor.error() != null) {
            notes.add(row + ": the Python loop anchor did not run: " + anchor.error());
        } else {
            progress.printf(
                    Locale.ROOT,
                    "        anchor %.2f s wall, %d files, %.0f audio-s%n",
                    anchorRun.seconds(),
                    anchor.files(),
                    anchor.audioSeconds());
            if (anchor.files() != manifest.ok() && spectroOk) {
                notes.add(row + ": the anchor processed " + anchor.files() + " files, Spectro " + manifest.ok());
            }
        }

        double spectroValue =
                spectroOk ? row.timed() ? spectro.seconds() : manifest.audioSeconds() / spectro.seconds() : Double.NaN;
        double anchorValue = anchor.error() != null
                ? Double.NaN
                : row.timed() ? anchorRun.seconds() : anchor.audioSeconds() / anchorRun.seconds();
        double ratio = ResultRow.ratioOf(row.unit(), spectroValue, anchorValue, !Boolean.FALSE.equals(anchor.blasOk()));
        if (Boolean.FALSE.equals(anchor.blasOk())) {
            notes.add(row + ": the anchor ran on the reference BLAS (" + anchor.blas() + "), which makes torchaudio's"
                    + " mel 4-6x slower: no ratio (install libopenblas0-pthread)");
        }
        notes.add(row + ": " + row.describe() + "; spectro: " + String.join(" ", spectroCmd) + "; anchor: "
                + String.join(" ", anchorCmd) + " (" + anchor.settings() + ")"
                + peakRssNote(spectro, anchorRun));
        return new ResultRow(
                row.name(),
                BACKEND,
                threads,
                spectroValue,
                anchor.name(),
                anchorValue,
                row.unit(),
                spectroOk ? manifest.frames() / spectro.seconds() : Double.NaN,
                Double.NaN,
                Double.NaN,
                new EndToEndResult(
                        row.target(),
                        row.met(spectroOk, spectroValue, ratio),
                        manifest.ok(),
                        manifest.audioSeconds(),
                        spectroOk ? spectro.seconds() : Double.NaN,
                        anchor.error() != null ? Double.NaN : anchorRun.seconds(),
                        spectro.peakRssBytes(),
                        anchor.error() != null ? -1 : anchorRun.peakRssBytes(),
                        anchor.blas(),
                        anchor.blasOk()),
                null);
    }

    private static String peakRssNote(ChildRun spectro, ChildRun anchor) {
        if (spectro.peakRssBytes() < 0) {
            return "";
        }
        return "; peak RSS spectro " + Report.bytes(spectro.peakRssBytes())
                + (anchor.peakRssBytes() < 0 ? "" : ", anchor " + Report.bytes(anchor.peakRssBytes()))
                + " (GNU time, largest process of each tree)";
    }

    private List<ResultRow> failAll(List<EndToEndRow> rows, int threads, String why) {
        failures = true;
        notes.add("E1-E5 not run: " + why);
        progress.println("spectro bench: E1-E5 not run: " + why);
        return rows.stream()
                .map(row -> new ResultRow(
                        row.name(),
                        BACKEND,
                        threads,
                        Double.NaN,
                        AnchorReport.DEFAULT_NAME,
                        Double.NaN,
                        row.unit(),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        new EndToEndResult(
                                row.target(), false, 0, Double.NaN, Double.NaN, Double.NaN, -1, -1, null, null),
                        null))
                .toList();
    }

    static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            // outputs left in the temp folder are harmless; the next run uses a fresh one
        }
    }

    /**
     * What {@code spectro extract}'s {@code manifest.csv} says: inputs ok and failed, their audio seconds and frames.
     */
    record Manifest(int ok, int failed, double audioSeconds, long frames, String firstError) {
        static Manifest read(Path csv) {
            List<List<String>> rows;
            try {
                rows = parseCsv(new String(Files.readAllBytes(csv), StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                return new Manifest(0, 0, 0, 0, "no readable manifest " + csv + ": " + e.getMessage());
            }
            if (rows.isEmpty()) {
                return new Manifest(0, 0, 0, 0, "empty manifest");
            }
            List<String> header = rows.get(0);
            int duration = header.indexOf("duration_s");
            int frames = header.indexOf("frames");
            int status = header.indexOf("status");
            if (duration < 0 || frames < 0 || status < 0) {
                return new Manifest(0, 0, 0, 0, "manifest without duration_s, frames or status: " + header);
            }
            int ok = 0;
            int failed = 0;
            double seconds = 0;
            long frameCount = 0;
            String first = "";
            for (List<String> r : rows.subList(1, rows.size())) {
                if (r.size() != header.size()) {
                    continue;
                }
                if (r.get(status).equals("ok")) {
                    ok++;
                    seconds += Double.parseDouble(r.get(duration));
                    frameCount += Long.parseLong(r.get(frames));
                } else {
                    failed++;
                    if (first.isEmpty()) {
                        first = r.get(0) + ": " + r.get(status);
                    }
                }
            }
            return new Manifest(ok, failed, seconds, frameCount, first);
        }

        /** RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks). */
        static List<List<String>> parseCsv(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    cell.append(c);
                }
            }
            if (quoted) {
                throw new IllegalArgumentException("unterminated quoted field");
            }
            if (!cell.isEmpty() || !row.isEmpty()) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * What the anchor script printed (its last JSON line): files, audio seconds, the BLAS and malloc settings, or why
     * it did not run.
     */
    record AnchorReport(
            String name, int files, double audioSeconds, String blas, Boolean blasOk, String settings, String error) {
        static final String DEFAULT_NAME = "Python loop (torchaudio)";

        static AnchorReport parse(ChildRun run) {
            JsonNode m = null;
            String[] lines = run.output().strip().split("\n");
            for (int i = lines.length - 1; i >= 0 && m == null; i--) {
                if (lines[i].startsWith("{")) {
                    try {
                        m = JSON.readTree(lines[i]);
                    } catch (JacksonException e) {
                        m = null;
                    }
                }
            }
            if (!run.ok() || m == null || !m.isObject()) {
                return new AnchorReport(DEFAULT_NAME, 0, 0, null, null, "", "exit " + run.exit() + ": " + run.tail(3));
            }
            String name = "Python loop (torchaudio " + m.path("torchaudio").asText("?") + ")";
            return new AnchorReport(
                    name,
                    m.path("files").asInt(),
                    m.path("audio_seconds").asDouble(),
                    m.path("blas").isTextual() ? m.get("blas").textValue() : null,
                    m.path("blas_ok").isBoolean() ? m.get("blas_ok").booleanValue() : null,
                    "malloc " + TorchAnchor.settings(m.path("malloc")) + "; threading "
                            + TorchAnchor.settings(m.path("threading")),
                    null);
        }
    }

    /**
     * The anchor's environment: this process's, without the JDK's {@code libjsig.so} that the launcher preloads for
     * the JVM (Python has no use for it); any other preload stays.
     */
    static Map<String, String> anchorEnv() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload == null || !preload.contains("libjsig")) {
            return Map.of();
        }
        String kept = java.util.Arrays.stream(preload.split("[: ]+"))
                .filter(e -> !e.isEmpty() && !e.endsWith("/libjsig.so"))
                .collect(java.util.stream.Collectors.joining(":"));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("LD_PRELOAD", kept.isEmpty() ? null : kept);
        return env;
    }
}
