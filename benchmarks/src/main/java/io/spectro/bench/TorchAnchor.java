package io.spectro.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the committed torchaudio anchor script ({@code benchmarks/anchors/torch_anchor.py}, packed in the jar) with the
 * malloc settings that give torch its best, and reads its JSON. Never throws for a missing interpreter or library: the
 * result then carries the reason.
 *
 * @param anchor what ran (e.g. {@code torchaudio 0.13.1}), or {@code torchaudio} when it did not
 * @param audioSecondsPerSecond median throughput keyed by {@code W1@2} (workload, threads)
 * @param description how it ran (for the notes), or why it did not
 * @param available whether any figure was measured
 */
record TorchAnchor(String anchor, Map<String, Double> audioSecondsPerSecond, String description, boolean available) {

    /** The environment given to the script (glibc malloc tuned so torch reuses its large buffers). */
    static final Map<String, String> MALLOC_ENV = Map.of(
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", "68719476736",
            "MALLOC_TOP_PAD_", "1073741824");

    static final String RESOURCE = "/io/spectro/bench/torch_anchor.py";

    /** The median for {@code workload} at {@code threads}, or NaN. */
    double value(Workload workload, int threads) {
        Double v = audioSecondsPerSecond.get(workload.name() + "@" + threads);
        return v == null ? Double.NaN : v;
    }

    /** One line of the medians, for the progress output: {@code W1@1 6,312 audio-s/s, W1@2 7,401 audio-s/s}. */
    String summary() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(audioSecondsPerSecond)
                .forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ")
                        .append(k)
                        .append(' ')
                        .append(Report.throughput(v))
                        .append(" audio-s/s"));
        return b.toString();
    }

    /**
     * The anchors of several runs (one per workload) as one: all their figures; the description of the first run that
     * measured something, or the first reason when none did.
     */
    static TorchAnchor merge(List<TorchAnchor> runs) {
        Map<String, Double> all = new HashMap<>();
        TorchAnchor first = null;
        for (TorchAnchor a : runs) {
            all.putAll(a.audioSecondsPerSecond());
            if (first == null && a.available()) {
                first = a;
            }
        }
        if (first == null) {
            return runs.get(0);
        }
        return new TorchAnchor(first.anchor(), Map.copyOf(all), first.description(), true);
    }

    static TorchAnchor skipped(String why) {
        return new TorchAnchor("torchaudio", Map.of(), why, false);
    }

    /** Runs the script for the workloads and thread counts; the timeout covers the whole run. */
    static TorchAnchor run(
            String python,
            List<Workload> workloads,
            List<Integer> threads,
            int clips,
            int seconds,
            int warmup,
            int repeats,
            long timeoutSeconds) {
        if (workloads.isEmpty()) {
            return skipped("no W1-W3 workload selected");
        }
        Path script = null;
        Path err = null;
        try {
            script = Files.createTempFile("spectro-torch-anchor", ".py");
            try (InputStream in = TorchAnchor.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return skipped("the anchor script " + RESOURCE + " is missing from the class path");
                }
                Files.write(script, in.readAllBytes());
            }
            err = Files.createTempFile("spectro-torch-anchor", ".err");
            List<String> cmd = new ArrayList<>(List.of(
                    python,
                    script.toString(),
                    "--threads",
                    join(threads),
                    "--workloads",
                    join(workloads.stream().map(Workload::name).toList()),
                    "--clips",
                    Integer.toString(clips),
                    "--seconds",
                    Integer.toString(seconds),
                    "--warmup",
                    Integer.toString(warmup),
                    "--repeats",
                    Integer.toString(repeats)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            pb.environment().putAll(MALLOC_ENV);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return skipped("torch anchor skipped: cannot run " + python + " (" + e.getMessage() + ")");
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return skipped("torch anchor skipped: it ran past " + timeoutSeconds + " s");
            }
            String stdout = new String(out, StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err).strip();
            return parse(stdout, p.exitValue(), stderr, python);
        } catch (IOException e) {
            return skipped("torch anchor skipped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skipped("torch anchor skipped: interrupted");
        } finally {
            deleteQuietly(script);
            deleteQuietly(err);
        }
    }

    /** Reads the script's JSON; a non-zero exit or an {@code error} key becomes the skip reason. */
    static TorchAnchor parse(String stdout, int exit, String stderr, String python) {
        Object parsed;
        try {
            String last = stdout.isEmpty() ? "" : stdout.substring(stdout.lastIndexOf('\n') + 1);
            parsed = Json.parse(last);
        } catch (IllegalArgumentException e) {
            String tail = stderr.isEmpty() ? "" : stderr.substring(stderr.lastIndexOf('\n') + 1);
            return skipped("torch anchor skipped: " + python + " exited with " + exit + " without JSON"
                    + (tail.isEmpty() ? "" : ": " + tail));
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            return skipped("torch anchor skipped: unexpected output");
        }
        if (m.get("error") != null) {
            return skipped("torch anchor skipped: " + m.get("error"));
        }
        Map<String, Double> values = new HashMap<>();
        if (m.get("results") instanceof List<?> results) {
            for (Object o : results) {
                if (o instanceof Map<?, ?> r
                        && r.get("workload") instanceof String w
                        && r.get("threads") instanceof Double t
                        && r.get("audio_seconds_per_second") instanceof Double v) {
                    values.put(w + "@" + t.intValue(), v);
                }
            }
        }
        String anchor = m.get("anchor") instanceof String s ? s : "torchaudio";
        String how = anchor + " (torch " + m.get("torch") + ", " + python + "): median of " + num(m.get("repeats"))
                + " runs after " + num(m.get("warmup")) + " warm-up runs, " + num(m.get("clips")) + " clips x "
                + num(m.get("seconds")) + " s, torch.set_num_threads = row threads, malloc "
                + String.valueOf(m.get("malloc")).replaceAll("[{}]", "");
        return new TorchAnchor(anchor, Map.copyOf(values), how, !values.isEmpty());
    }

    private static String num(Object o) {
        return o instanceof Double d ? Json.number(d) : String.valueOf(o);
    }

    private static String join(List<?> items) {
        StringBuilder b = new StringBuilder();
        for (Object o : items) {
            b.append(b.isEmpty() ? "" : ",").append(o);
        }
        return b.toString();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
