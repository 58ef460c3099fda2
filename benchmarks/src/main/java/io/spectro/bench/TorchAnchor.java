package io.spectro.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * @param audioSecondsPerSecond median throughput keyed by {@code W1@2} (workload, threads), or on torch's CUDA device
 *     by {@code W1@cuda-host} (batch from and to host memory) and {@code W1@cuda-resident} (on the device)
 * @param description how it ran (for the notes), or why it did not
 * @param available whether any figure was measured
 * @param fftAnchor what the FFT rows' anchor is
 * @param fftFramesPerSecond torch.fft.rfft medians keyed as above ({@code FFT-512@2}, {@code FFT-512@cuda-host})
 * @param cuda which GPU torch measured on, or why it measured none; null when the CUDA device was not asked for
 */
record TorchAnchor(
        String anchor,
        Map<String, Double> audioSecondsPerSecond,
        String description,
        boolean available,
        String fftAnchor,
        Map<String, Double> fftFramesPerSecond,
        String cuda) {

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

    /** torch.fft.rfft (pocketfft) frames per second for size {@code n} at {@code threads}, or NaN. */
    double fftValue(int n, int threads) {
        Double v = fftFramesPerSecond.get("FFT-" + n + "@" + threads);
        return v == null ? Double.NaN : v;
    }

    /** The timings on torch's CUDA device (the keys' suffixes): from and to host memory, and on the device. */
    static final List<String> CUDA_MODES = List.of("cuda-host", "cuda-resident");

    /** How a CUDA mode is named in the anchor column. */
    static String cudaModeLabel(String mode) {
        return mode.equals("cuda-host") ? "on cuda, host in/out" : "on cuda, on device";
    }

    /** The median on torch's CUDA device in {@code mode} (a key of {@link #CUDA_MODES}) for a row, or NaN. */
    double cudaValue(String workload, String mode) {
        Double v =
                (workload.startsWith("FFT-") ? fftFramesPerSecond : audioSecondsPerSecond).get(workload + "@" + mode);
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
        Map<String, Double> fft = new HashMap<>();
        TorchAnchor first = null;
        String fftAnchor = null;
        String cuda = null;
        for (TorchAnchor a : runs) {
            all.putAll(a.audioSecondsPerSecond());
            fft.putAll(a.fftFramesPerSecond());
            if (first == null && a.available()) {
                first = a;
            }
            if (cuda == null) {
                cuda = a.cuda();
            }
            if (fftAnchor == null && !a.fftFramesPerSecond().isEmpty()) {
                fftAnchor = a.fftAnchor();
            }
        }
        if (first == null) {
            return runs.get(0);
        }
        return new TorchAnchor(
                first.anchor(),
                Map.copyOf(all),
                first.description(),
                true,
                fftAnchor == null ? first.fftAnchor() : fftAnchor,
                Map.copyOf(fft),
                cuda);
    }

    static TorchAnchor skipped(String why) {
        return new TorchAnchor("torchaudio", Map.of(), why, false, "pocketfft (torch.fft.rfft)", Map.of(), null);
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
        return run(
                python,
                workloads,
                threads,
                clips,
                seconds,
                warmup,
                repeats,
                timeoutSeconds,
                List.of(),
                0,
                List.of("cpu"));
    }

    /**
     * As above, plus torch.fft.rfft rows for {@code fftSizes} over batches of {@code fftFrames} frames, on each of
     * torch's {@code devices} ({@code cpu}, {@code cuda}).
     */
    static TorchAnchor run(
            String python,
            List<Workload> workloads,
            List<Integer> threads,
            int clips,
            int seconds,
            int warmup,
            int repeats,
            long timeoutSeconds,
            List<Integer> fftSizes,
            int fftFrames,
            List<String> devices) {
        if (workloads.isEmpty() && fftSizes.isEmpty()) {
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
                    Integer.toString(repeats),
                    "--fft-sizes",
                    join(fftSizes),
                    "--fft-frames",
                    Integer.toString(Math.max(1, fftFrames)),
                    "--devices",
                    join(devices)));
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

    /** Reads the script's output; Python's json writes NaN for a float that is not a number. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Reads the script's JSON (its last line of output); a non-zero exit or an {@code error} key becomes the skip reason. */
    static TorchAnchor parse(String stdout, int exit, String stderr, String python) {
        JsonNode m;
        try {
            String last = stdout.isEmpty() ? "" : stdout.substring(stdout.lastIndexOf('\n') + 1);
            m = JSON.readTree(last);
        } catch (JacksonException e) {
            m = null;
        }
        if (m == null || m.isMissingNode()) {
            String tail = stderr.isEmpty() ? "" : stderr.substring(stderr.lastIndexOf('\n') + 1);
            return skipped("torch anchor skipped: " + python + " exited with " + exit + " without JSON"
                    + (tail.isEmpty() ? "" : ": " + tail));
        }
        if (!m.isObject()) {
            return skipped("torch anchor skipped: unexpected output");
        }
        if (m.hasNonNull("error")) {
            return skipped("torch anchor skipped: " + m.get("error").asText());
        }
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> fft = new HashMap<>();
        for (JsonNode r : m.path("results")) {
            JsonNode w = r.path("workload");
            JsonNode t = r.path("threads");
            if (!w.isTextual() || !t.isNumber()) {
                continue;
            }
            String device = r.path("device").asText("cpu");
            String key = w.textValue() + "@"
                    + (device.equals("cpu")
                            ? Integer.toString(t.intValue())
                            : device + "-" + r.path("mode").asText());
            if (w.textValue().startsWith("FFT-") && r.path("frames_per_second").isNumber()) {
                fft.put(key, r.get("frames_per_second").doubleValue());
            } else if (r.path("audio_seconds_per_second").isNumber()) {
                values.put(key, r.get("audio_seconds_per_second").doubleValue());
            }
        }
        String anchor = m.path("anchor").isTextual() ? m.get("anchor").textValue() : "torchaudio";
        String how = anchor + " (torch " + text(m.get("torch")) + ", " + python + "): median of "
                + text(m.get("repeats")) + " runs after " + text(m.get("warmup")) + " warm-up runs, "
                + text(m.get("clips")) + " clips x " + text(m.get("seconds"))
                + " s, torch.set_num_threads = row threads, malloc " + settings(m.path("malloc"));
        String fftAnchor =
                m.path("fft_anchor").isTextual() ? m.get("fft_anchor").textValue() : "pocketfft (torch.fft.rfft)";
        JsonNode gpu = m.path("cuda");
        String cuda = gpu.isMissingNode()
                ? null
                : gpu.has("error")
                        ? "torch on cuda not measured: " + text(gpu.get("error"))
                        : "torch on cuda: " + text(gpu.get("device")) + " (CUDA " + text(gpu.get("cuda"))
                                + "), torch.cuda.synchronize() before the clock starts and stops; host in/out: the"
                                + " batch starts in host memory and the result is copied back, as Spectro's"
                                + " computeInto does; on device: kernels only";
        return new TorchAnchor(
                anchor, Map.copyOf(values), how, !values.isEmpty() || !fft.isEmpty(), fftAnchor, Map.copyOf(fft), cuda);
    }

    /** An object of settings as the notes show it: {@code KEY=value, KEY=unset}; empty when there are none. */
    static String settings(JsonNode object) {
        StringBuilder b = new StringBuilder();
        object.properties()
                .forEach(e -> b.append(b.isEmpty() ? "" : ", ")
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue().isNull() ? "unset" : text(e.getValue())));
        return b.toString();
    }

    /** A value as the notes show it ({@code 3}, {@code 1.13.0}), {@code null} when absent. */
    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.asText();
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
