package io.spectro.bench;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.cli.support.CommandLines;
import io.spectro.device.DeviceProfile;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;

/**
 * {@code spectro bench}: runs the JMH benchmarks (W1-W3 and the FFT rows on every selected backend and thread count,
 * with JTransforms in the same invocation), runs the torchaudio anchor script, and prints one side-by-side table (and
 * optionally writes it as JSON). See BENCHMARKS.md for the method.
 */
public final class BenchMain {
    /** JVM flags every forked benchmark JVM gets (the same the launcher gives this one). */
    static final List<String> REQUIRED_JVM_FLAGS =
            List.of("--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector");

    /** Backend names of the project ({@code --backends} takes these); one missing from the jar is a note. */
    static final List<String> PROJECT_BACKENDS = List.of("cpu", "opencl", "cuda");

    /** Seconds of audio per clip (fixed by the workloads). */
    static final int SECONDS = 10;

    private static final String ALLOC_KEY = "gc.alloc.rate.norm";

    /** JMH and anchor settings of a mode. */
    record Settings(
            int warmupIterations,
            int warmupMillis,
            int measurementIterations,
            int measurementMillis,
            int fftFrames,
            int torchWarmup,
            int torchRepeats) {
        static Settings of(boolean quick, boolean shortRun) {
            if (quick) {
                return new Settings(1, 400, 3, 400, 4096, 1, 3);
            }
            return shortRun ? new Settings(2, 500, 5, 1000, 4096, 2, 9) : new Settings(3, 2000, 7, 2000, 4096, 2, 9);
        }

        String describe() {
            return "JMH 1.37, 1 fork per benchmark, " + warmupIterations + " x " + warmupMillis + " ms warm-up, "
                    + measurementIterations + " x " + measurementMillis
                    + " ms measurement, throughput mode; the median of the measurement iterations is reported";
        }
    }

    private final BenchOptions options;
    private final Settings settings;
    private final PrintStream out;
    private final PrintStream progress;
    private final List<String> notes = new ArrayList<>();
    private final Map<String, RunResult> results = new HashMap<>();
    private final Map<Workload, ModelledBatch> deviceModels = new LinkedHashMap<>();
    private boolean failures;

    BenchMain(BenchOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.settings = Settings.of(options.quick(), options.shortRun());
        this.out = out;
        this.progress = progress;
    }

    /**
     * Entry point: {@code spectro bench --help} lists the flags. Exit status 0, 1 when a benchmark failed, 2 for a
     * command line that cannot be run.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the harness's command line with the given streams (table on {@code out}, progress on {@code err}). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.execute(new CommandLine(new BenchCommand(out, err)), "spectro bench", out, err, args);
    }

    /** Runs the benchmarks and prints the table; {@code commandLine} is quoted in the notes. */
    int run(String commandLine) {
        long t0 = System.nanoTime();
        Map<String, List<Integer>> backends = options.jmh() ? selectBackends() : Map.of();
        if (options.jmh() && backends.isEmpty()) {
            progress.println("spectro bench: no backend to run");
            notes.forEach(n -> progress.println("  - " + n));
            return 1;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, List<Integer>> fftBackends = new LinkedHashMap<>();
        Set<Integer> jtransformsThreads = new TreeSet<>();
        if (options.fft()) {
            backends.forEach((b, ts) -> fftBackends.put(b, fftThreads(b, ts)));
            fftBackends.values().forEach(jtransformsThreads::addAll);
        }
        int total = jtransformsThreads.size() * Workload.FFT_SIZES.length;
        for (String b : backends.keySet()) {
            total += backends.get(b).size() * options.workloads().size();
            total += fftBackends.getOrDefault(b, List.of()).size() * Workload.FFT_SIZES.length;
        }

        progress.println("spectro bench" + (options.quick() ? " --quick (smoke run)" : "") + ": " + total
                + " JMH benchmarks on " + backends.keySet() + ", threads " + options.threads() + ", " + cores
                + " processors" + (options.endToEnd().isEmpty() ? "" : "; end-to-end rows " + options.endToEnd()));

        Set<Integer> floorThreads = new LinkedHashSet<>();
        backends.forEach((b, ts) -> {
            if (b.equals("cpu")) {
                floorThreads.addAll(ts);
            } else if (b.equals("opencl")) {
                floorThreads.add(cores);
            }
        });
        floorThreads.addAll(jtransformsThreads);
        Map<Integer, double[]> peaks = measurePeaks(floorThreads);

        // Interleaved so that each anchor runs next to the rows it anchors, under the same machine load: per
        // workload the torch anchor then Spectro on every backend; per FFT size Spectro then JTransforms.
        Set<Integer> torchThreads = new TreeSet<>();
        backends.values().forEach(torchThreads::addAll);
        // The cuda rows are set beside torch on the same GPU as well.
        List<String> torchDevices = backends.containsKey("cuda") ? List.of("cpu", "cuda") : List.of("cpu");
        List<TorchAnchor> anchors = new ArrayList<>();
        Path log = jmhLog();
        int done = 0;
        try (PrintStream logStream =
                new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
            for (Workload w : options.workloads()) {
                boolean torchMissing =
                        !anchors.isEmpty() && !anchors.get(anchors.size() - 1).available();
                if (!torchMissing) {
                    progress.println("torchaudio anchor " + w + ", threads " + torchThreads + " ...");
                    TorchAnchor a = TorchAnchor.run(
                            options.python(),
                            List.of(w),
                            List.copyOf(torchThreads),
                            options.clips(),
                            SECONDS,
                            settings.torchWarmup(),
                            settings.torchRepeats(),
                            options.quick() ? 120 : 1800,
                            List.of(),
                            0,
                            torchDevices);
                    anchors.add(a);
                    progress.println("        " + (a.available() ? a.summary() : a.description()));
                }
                for (Map.Entry<String, List<Integer>> e : backends.entrySet()) {
                    done = runJmh(
                            SpectrogramBench.class,
                            Map.of(
                                    "workload", List.of(w.name()),
                                    "backend", List.of(e.getKey()),
                                    "threads", strings(e.getValue()),
                                    "clips", List.of(Integer.toString(options.clips())),
                                    "seconds", List.of(Integer.toString(SECONDS))),
                            logStream,
                            total,
                            done);
                }
            }
            if (options.fft()) {
                Set<Integer> fftTorchThreads = new TreeSet<>();
                fftBackends.values().forEach(fftTorchThreads::addAll);
                for (int n : Workload.FFT_SIZES) {
                    progress.println(
                            "pocketfft anchor FFT-" + n + " (torch.fft.rfft), threads " + fftTorchThreads + " ...");
                    TorchAnchor fa = TorchAnchor.run(
                            options.python(),
                            List.of(),
                            List.copyOf(fftTorchThreads),
                            options.clips(),
                            SECONDS,
                            settings.torchWarmup(),
                            settings.torchRepeats(),
                            options.quick() ? 120 : 900,
                            List.of(n),
                            settings.fftFrames(),
                            torchDevices);
                    anchors.add(fa);
                    for (Map.Entry<String, List<Integer>> e : fftBackends.entrySet()) {
                        done = runJmh(
                                SpectroFftBench.class,
                                Map.of(
                                        "n", List.of(Integer.toString(n)),
                                        "backend", List.of(e.getKey()),
                                        "threads", strings(e.getValue()),
                                        "frames", List.of(Integer.toString(settings.fftFrames()))),
                                logStream,
                                total,
                                done);
                    }
                    done = runJmh(
                            JTransformsFftBench.class,
                            Map.of(
                                    "n", List.of(Integer.toString(n)),
                                    "threads", strings(List.copyOf(jtransformsThreads)),
                                    "frames", List.of(Integer.toString(settings.fftFrames()))),
                            logStream,
                            total,
                            done);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the JMH log " + log + ": " + e.getMessage(), e);
        }
        TorchAnchor torch =
                anchors.isEmpty() ? TorchAnchor.skipped("no W1-W3 workload selected") : TorchAnchor.merge(anchors);

        List<ResultRow> rows = new ArrayList<>(rows(backends, fftBackends, torch, peaks, cores));
        EndToEndBench e2e =
                new EndToEndBench(options.python(), options.corpus(), options.e2eScale(), options.spectro(), progress);
        try {
            rows.addAll(e2e.run(
                    options.endToEnd(), options.threads().get(options.threads().size() - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.println("spectro bench: interrupted");
            return 1;
        }
        failures |= e2e.failures();
        notes.addAll(e2e.notes());
        out.println();
        out.print(Report.table(rows));
        out.println();
        printNotes(torch, peaks, log, commandLine, (System.nanoTime() - t0) * 1e-9);
        if (options.json() != null) {
            try {
                Path parent = options.json().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(options.json(), Report.json(rows), StandardCharsets.UTF_8);
                progress.println("wrote " + rows.size() + " rows to " + options.json());
            } catch (IOException e) {
                progress.println("spectro bench: cannot write " + options.json() + ": " + e.getMessage());
                return 1;
            }
        }
        return failures ? 1 : 0;
    }

    /** The backends to run, each with its thread counts; unknown names are an error, unavailable ones a note. */
    private Map<String, List<Integer>> selectBackends() {
        List<BackendStatus> statuses = Spectro.backends();
        Map<String, BackendStatus> byName = new LinkedHashMap<>();
        for (BackendStatus s : statuses) {
            byName.put(s.name(), s);
        }
        List<String> wanted = new ArrayList<>();
        if (options.backends().isEmpty()) {
            for (BackendStatus s : statuses) {
                if (s.availability().available()) {
                    wanted.add(s.name());
                } else {
                    notes.add(s.name() + " backend not run: " + s.availability().detail());
                }
            }
        } else {
            for (String b : options.backends()) {
                BackendStatus s = byName.get(b);
                if (s == null) {
                    // --backends accepts only the project's names: this one is not built into the jar.
                    notes.add(b + " backend requested but not on the class path (not built into this jar)");
                    continue;
                }
                if (s.availability().available()) {
                    wanted.add(b);
                } else {
                    notes.add(b + " backend requested but not available here: "
                            + s.availability().detail());
                }
            }
        }
        // The CPU rows first, then the devices, whatever the probe order.
        wanted.sort((a, b) -> Boolean.compare(!a.equals("cpu"), !b.equals("cpu")));
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        int maxThreads = options.threads().get(options.threads().size() - 1);
        for (String b : wanted) {
            out.put(b, b.equals("cpu") ? options.threads() : List.of(maxThreads));
        }
        return out;
    }

    /** Thread counts of a backend's FFT rows: in quick mode the CPU's FFT rows run at the lowest count only. */
    private List<Integer> fftThreads(String backend, List<Integer> threads) {
        return options.quick() && backend.equals("cpu") ? List.of(threads.get(0)) : threads;
    }

    /**
     * Peak flop/s and copy bytes/s per thread count, {@code {flops, bytes}}: the peak of {@code t} threads is {@code
     * min(t, processors)} times the single-thread peak (cores, not hyper-threads, on the project's VMs), which a shared
     * machine measures far more reliably than {@code t} threads at once; the bandwidth is the best measured with up to
     * {@code t} threads (one thread can always reach what one thread reaches).
     */
    private Map<Integer, double[]> measurePeaks(Set<Integer> threadCounts) {
        Map<Integer, double[]> peaks = new TreeMap<>();
        if (threadCounts.isEmpty()) {
            return peaks;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double perThread = Double.isNaN(options.peakGflopsPerThread())
                ? MachinePeak.flopsPerSecondOneThread()
                : options.peakGflopsPerThread() * 1e9;
        double bytes = 0;
        int measuredUpTo = 0;
        for (int t : new TreeSet<>(threadCounts)) {
            for (int k = measuredUpTo + 1; k <= t; k++) {
                bytes = Math.max(bytes, MachinePeak.copyBytesPerSecond(k));
            }
            measuredUpTo = Math.max(measuredUpTo, t);
            double flops = perThread * Math.min(t, cores);
            peaks.put(t, new double[] {flops, bytes});
            progress.printf(
                    Locale.ROOT,
                    "floor inputs at %d thread%s: %.1f GFLOP/s fp32 (%s), copy %.1f GB/s%n",
                    t,
                    t == 1 ? "" : "s",
                    flops * 1e-9,
                    Double.isNaN(options.peakGflopsPerThread())
                            ? "measured on one thread x " + Math.min(t, cores)
                            : "given x " + Math.min(t, cores),
                    bytes * 1e-9);
        }
        return peaks;
    }

    private int runJmh(
            Class<?> bench, Map<String, List<String>> params, PrintStream logStream, int total, int doneBefore) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(bench.getName()) + "\\.")
                .forks(1)
                .jvmArgs(forkJvmArgs().toArray(String[]::new))
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmupMillis()))
                .measurementIterations(settings.measurementIterations())
                .measurementTime(TimeValue.milliseconds(settings.measurementMillis()))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(false)
                .verbosity(VerboseMode.NORMAL);
        params.forEach((k, v) -> b.param(k, v.toArray(String[]::new)));
        ProgressFormat format = new ProgressFormat(
                OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), progress, total, doneBefore);
        int expected = 1;
        for (List<String> v : params.values()) {
            expected *= v.size();
        }
        Collection<RunResult> rr;
        try {
            rr = new Runner(b.build(), format).run();
        } catch (RunnerException e) {
            failures = true;
            notes.add(bench.getSimpleName() + " did not run: " + e.getMessage());
            return doneBefore + expected;
        }
        for (RunResult r : rr) {
            results.put(key(r.getParams()), r);
        }
        return Math.max(format.done(), doneBefore + expected);
    }

    /** The forked JVMs' flags: this JVM's own flags plus the required ones. */
    static List<String> forkJvmArgs() {
        List<String> args = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        args.removeIf(a -> a.startsWith("-agentlib:jdwp") || a.startsWith("-Djava.class.path"));
        String joined = String.join(" ", args);
        if (!joined.contains("--enable-native-access")) {
            args.add(REQUIRED_JVM_FLAGS.get(0));
        }
        if (!joined.contains("jdk.incubator.vector")) {
            args.add(REQUIRED_JVM_FLAGS.get(1));
        }
        return args;
    }

    private static String key(BenchmarkParams p) {
        String name = p.getBenchmark();
        String cls = name.substring(0, name.lastIndexOf('.'));
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        StringBuilder b = new StringBuilder(cls);
        for (String k : new TreeMap<>(paramMap(p)).keySet()) {
            b.append('|').append(k).append('=').append(p.getParam(k));
        }
        return b.toString();
    }

    private static Map<String, String> paramMap(BenchmarkParams p) {
        Map<String, String> m = new HashMap<>();
        for (String k : p.getParamsKeys()) {
            m.put(k, p.getParam(k));
        }
        return m;
    }

    private static String key(String cls, Map<String, String> params) {
        StringBuilder b = new StringBuilder(cls);
        new TreeMap<>(params)
                .forEach((k, v) -> b.append('|').append(k).append('=').append(v));
        return b.toString();
    }

    /** Median of the measurement iterations' primary scores (ops/s), NaN when absent. */
    static double medianScore(RunResult r) {
        List<Double> s = new ArrayList<>();
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                s.add(ir.getPrimaryResult().getScore());
            }
        }
        return median(s);
    }

    /** Median over the iterations of a secondary result, NaN when absent. */
    static double medianSecondary(RunResult r, String label) {
        List<Double> s = new ArrayList<>();
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                Result<?> x = ir.getSecondaryResults().get(label);
                if (x != null) {
                    s.add(x.getScore());
                }
            }
        }
        return median(s);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private List<ResultRow> rows(
            Map<String, List<Integer>> backends,
            Map<String, List<Integer>> fftBackends,
            TorchAnchor torch,
            Map<Integer, double[]> peaks,
            int cores) {
        List<ResultRow> rows = new ArrayList<>();
        for (Workload w : options.workloads()) {
            int samples = w.sampleRateHz() * SECONDS;
            int framesPerClip = w.spec().frameCount(samples);
            double flops = FlopModel.flopsPerFrame(w.spec()) * framesPerClip * options.clips();
            double bytes = FlopModel.bytesPerClip(w.spec(), samples) * options.clips();
            ModelledBatch model = deviceModel(w);
            for (Map.Entry<String, List<Integer>> e : backends.entrySet()) {
                for (int t : e.getValue()) {
                    RunResult r = results.get(key(
                            "SpectrogramBench",
                            Map.of(
                                    "workload", w.name(),
                                    "backend", e.getKey(),
                                    "threads", Integer.toString(t),
                                    "clips", Integer.toString(options.clips()),
                                    "seconds", Integer.toString(SECONDS))));
                    double ops = r == null ? Double.NaN : medianScore(r);
                    if (r == null) {
                        failures = true;
                        notes.add(w + " " + e.getKey() + " " + t + " thread(s) failed: see the JMH log");
                    }
                    rows.add(new ResultRow(
                                    w.name(),
                                    e.getKey(),
                                    t,
                                    ops * options.clips() * SECONDS,
                                    torch.anchor(),
                                    torch.value(w, t),
                                    ResultRow.AUDIO_SECONDS_PER_SECOND,
                                    ops * options.clips() * framesPerClip,
                                    floorRatio(ops, flops, bytes, peaks.get(floorThreads(e.getKey(), t, cores))),
                                    r == null ? Double.NaN : medianSecondary(r, ALLOC_KEY))
                            .withDeviceModel(model));
                    if (e.getKey().equals("cuda")) {
                        ResultRow last = rows.get(rows.size() - 1);
                        for (String mode : TorchAnchor.CUDA_MODES) {
                            rows.add(withAnchor(
                                    last,
                                    torch.anchor() + " " + TorchAnchor.cudaModeLabel(mode),
                                    torch.cudaValue(w.name(), mode)));
                        }
                    }
                }
            }
        }
        if (options.fft()) {
            int frames = settings.fftFrames();
            for (int n : Workload.FFT_SIZES) {
                double flops = FlopModel.fftFlops(n) * frames;
                double bytes = (4.0 * n + 4.0 * (n + 2)) * frames;
                for (Map.Entry<String, List<Integer>> e : fftBackends.entrySet()) {
                    for (int t : e.getValue()) {
                        Map<String, String> p = Map.of(
                                "n", Integer.toString(n),
                                "threads", Integer.toString(t),
                                "frames", Integer.toString(frames));
                        Map<String, String> sp = new HashMap<>(p);
                        sp.put("backend", e.getKey());
                        RunResult r = results.get(key("SpectroFftBench", sp));
                        RunResult a = results.get(key("JTransformsFftBench", p));
                        double ops = r == null ? Double.NaN : medianScore(r);
                        if (r == null) {
                            failures = true;
                            notes.add("FFT-" + n + " " + e.getKey() + " " + t + " thread(s) failed: see the JMH log");
                        }
                        if (a == null) {
                            failures = true;
                            notes.add("JTransforms FFT-" + n + " at " + t + " thread(s) failed: see the JMH log");
                        }
                        rows.add(new ResultRow(
                                "FFT-" + n,
                                e.getKey(),
                                t,
                                ops * frames,
                                "JTransforms 3.1",
                                a == null ? Double.NaN : medianScore(a) * frames,
                                ResultRow.FRAMES_PER_SECOND,
                                ops * frames,
                                floorRatio(ops, flops, bytes, peaks.get(floorThreads(e.getKey(), t, cores))),
                                r == null ? Double.NaN : medianSecondary(r, ALLOC_KEY)));
                        rows.add(new ResultRow(
                                "FFT-" + n,
                                e.getKey(),
                                t,
                                ops * frames,
                                torch.fftAnchor(),
                                torch.fftValue(n, t),
                                ResultRow.FRAMES_PER_SECOND,
                                ops * frames,
                                floorRatio(ops, flops, bytes, peaks.get(floorThreads(e.getKey(), t, cores))),
                                r == null ? Double.NaN : medianSecondary(r, ALLOC_KEY)));
                        if (e.getKey().equals("cuda")) {
                            ResultRow last = rows.get(rows.size() - 1);
                            for (String mode : TorchAnchor.CUDA_MODES) {
                                rows.add(withAnchor(
                                        last,
                                        "cuFFT (torch.fft.rfft " + TorchAnchor.cudaModeLabel(mode) + ")",
                                        torch.cudaValue("FFT-" + n, mode)));
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** {@code row} set beside another anchor. */
    private static ResultRow withAnchor(ResultRow row, String anchor, double anchorValue) {
        return new ResultRow(
                row.workload(),
                row.backend(),
                row.threads(),
                row.spectro(),
                anchor,
                anchorValue,
                row.unit(),
                row.framesPerSecond(),
                row.floorRatio(),
                row.allocBytesPerBatch(),
                row.endToEnd(),
                row.deviceModel());
    }

    /**
     * The device pipeline's model of one batch of {@code w} on {@link DeviceProfile#H100} (counted, not timed: well
     * under a second); null, with a note, when the orchestration cannot count it.
     */
    private ModelledBatch deviceModel(Workload w) {
        try {
            ModelledBatch m = ModelledBatch.of(w, options.clips(), SECONDS, DeviceProfile.H100);
            deviceModels.put(w, m);
            return m;
        } catch (RuntimeException e) {
            notes.add(w + " device model not computed: " + e);
            return null;
        }
    }

    /** Threads whose peak bounds a row: the row's threads on the CPU backend, every core for OpenCL on PoCL. */
    private static int floorThreads(String backend, int threads, int cores) {
        return backend.equals("cpu") ? threads : backend.equals("opencl") ? cores : -1;
    }

    /** Spectro's time per operation over the floor time; NaN without a peak (e.g. a GPU). */
    private static double floorRatio(double opsPerSecond, double flops, double bytes, double[] peak) {
        if (peak == null) {
            return Double.NaN;
        }
        return (1.0 / opsPerSecond) / FlopModel.floorSeconds(flops, bytes, peak[0], peak[1]);
    }

    private void printNotes(TorchAnchor torch, Map<Integer, double[]> peaks, Path log, String cmd, double seconds) {
        List<String> n = new ArrayList<>();
        n.add("machine: " + machine());
        n.add("command: spectro bench " + cmd + "  (" + String.format(Locale.ROOT, "%.0f", seconds) + " s in total)");
        if (options.quick()) {
            n.add("QUICK MODE (smoke run): " + options.clips() + " clips x " + SECONDS
                    + " s per batch and short iterations; indicative only, not a result");
        }
        if (options.jmh()) {
            jmhNotes(n, torch, peaks, log);
        }
        n.addAll(notes);
        out.println("Notes:");
        for (String s : n) {
            out.println("  - " + s);
        }
    }

    private void jmhNotes(List<String> n, TorchAnchor torch, Map<Integer, double[]> peaks, Path log) {
        n.add("Spectro: " + settings.describe() + "; " + options.clips() + " clips x " + SECONDS
                + " s of seeded uniform [-1, 1) audio per batch, computeInto() with preallocated outputs; forked JVM flags "
                + String.join(" ", forkJvmArgs()));
        for (Workload w : options.workloads()) {
            n.add(w.name() + ": " + w.describe());
        }
        n.add("torchaudio anchor: " + torch.description()
                + (torch.available()
                        ? " (glibc malloc tuned so torch reuses its buffers: torch at its best); run once per workload"
                                + " right before that workload's Spectro rows"
                        : ""));
        if (torch.cuda() != null) {
            n.add(torch.cuda());
        }
        if (options.fft()) {
            n.add("FFT rows: " + settings.fftFrames() + " frames per operation"
                    + (options.quick()
                            ? " (quick mode: CPU FFT rows at "
                                    + options.threads().get(0) + " thread only)"
                            : "")
                    + ". Spectro cpu: io.spectro.cpu.RealFftBatch, frame-major frames in, frame-major interleaved"
                    + " spectra out (numpy rfft layout; SIMD across frames, bit-identical to the reference FFT),"
                    + " frames split over the row's threads. Device backends: the public API (one clip of"
                    + " frames*n samples, complex(), center(false), hop n, rectangular window), so their figure"
                    + " includes framing and the [nFreq][frames][2] layout. JTransforms 3.1 FloatFFT_1D.realForward:"
                    + " copy each frame into a work array and transform it in place, frames split over the row's"
                    + " threads, JTransforms' own threading off; each size's JTransforms rows run right after its"
                    + " Spectro rows. pocketfft: torch.fft.rfft over a (frames, n) float32 tensor with"
                    + " torch.set_num_threads = row threads and the same malloc settings, run right before each"
                    + " size's Spectro rows");
        }
        StringBuilder p = new StringBuilder("time/floor: Spectro's time per batch over max(flops / peak, bytes /"
                + " copy bandwidth) (BENCHMARKS.md, \"Floor\"); ");
        peaks.forEach((t, v) -> p.append(String.format(
                Locale.ROOT, "%d thread%s %.1f GFLOP/s, %.1f GB/s; ", t, t == 1 ? "" : "s", v[0] * 1e-9, v[1] * 1e-9)));
        p.append(
                Double.isNaN(options.peakGflopsPerThread())
                        ? "peak measured now with " + MachinePeak.describe() + " (a loaded machine measures low)"
                        : "peak given by --peak-gflops");
        n.add(p.toString());
        if (!deviceModels.isEmpty()) {
            n.addAll(deviceModelNotes(deviceModels, options.clips()));
        }
        n.add("alloc/batch: Java heap bytes allocated per operation (JMH gc profiler, " + ALLOC_KEY
                + ", median over iterations); off-heap and native allocations are not counted");
        if (results.keySet().stream().anyMatch(k -> k.contains("backend=opencl"))) {
            n.add("opencl rows run on whatever OpenCL device is found; on PoCL they are CPU figures, not GPU figures");
        }
        n.add("JMH log: " + log);
    }

    /** The {@code spectro.device.fused} setting of this JVM, which the model's orchestration follows. */
    private static final String FUSED_PROPERTY = "spectro.device.fused";

    /**
     * The notes of the model's columns: what they are (MODEL OUTPUT, no GPU measured), the profile, the fused-kernel
     * setting, the targets, and per workload its figures with each target met or missed.
     */
    static List<String> deviceModelNotes(Map<Workload, ModelledBatch> models, int clips) {
        DeviceProfile p = models.values().iterator().next().profile();
        String fused = System.getProperty(FUSED_PROPERTY);
        List<String> n = new ArrayList<>();
        n.add(String.format(
                Locale.ROOT,
                "launches, bytes/unavoid, H100 model/floor: MODEL OUTPUT, not GPU measurements (no GPU was measured):"
                        + " the device orchestration counted on a model device that launches nothing (DeviceModel),"
                        + " one batch of %d clips x %d s, the same on every backend row of a workload. Profile %s:"
                        + " %.1f TB/s, %.0f us per launch, %.0f TFLOP/s fp32, %d KiB local memory per group."
                        + " launches: kernel launches per batch; bytes/unavoid: the kernels' declared global-memory"
                        + " bytes over the unavoidable bytes (4 per input sample and per output float, plus the window,"
                        + " FFT roots, mel weights and bands, DCT tables read once); H100 model/floor: (bytes /"
                        + " bandwidth + launches x launch cost) over max(FlopModel flops / peak, unavoidable bytes /"
                        + " bandwidth). Fused kernels: %s=%s. Targets (issue 13, W1-W3 at batch 64): launches <= %d,"
                        + " bytes/unavoid <= %.0fx, model/floor <= %.0fx",
                clips,
                SECONDS,
                p.name(),
                p.bytesPerSecond() * 1e-12,
                p.secondsPerLaunch() * 1e6,
                p.flopsPerSecond() * 1e-12,
                p.localMemoryBytes() >> 10,
                FUSED_PROPERTY,
                fused == null || fused.isBlank() ? "unset (on: the default; false turns them off)" : fused,
                ModelledBatch.MAX_LAUNCHES,
                ModelledBatch.MAX_TRAFFIC_RATIO,
                ModelledBatch.MAX_FLOOR_RATIO));
        models.forEach((w, m) -> n.add(String.format(
                Locale.ROOT,
                "%s model: launches %d (%s), traffic %.1f MB over %.1f MB unavoidable = %s (%s), %.1f us over a %.1f us"
                        + " floor = %s (%s)",
                w,
                m.launches(),
                met(m.launchesMet()),
                m.deviceBytes() * 1e-6,
                m.unavoidableBytes() * 1e-6,
                Report.times(m.trafficOverUnavoidable()),
                met(m.trafficMet()),
                m.modelledSeconds() * 1e6,
                m.floorSeconds() * 1e6,
                Report.times(m.modelledOverFloor()),
                met(m.floorMet()))));
        return n;
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** CPU model, processors and JDK, for the notes. */
    static String machine() {
        String model = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            model = System.getProperty("os.arch");
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " processors, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("os.name") + ")";
    }

    private static Path jmhLog() {
        try {
            return Files.createTempFile("spectro-bench-", ".jmh.log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the JMH log file: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(List<Integer> xs) {
        return xs.stream().map(String::valueOf).toList();
    }
}
