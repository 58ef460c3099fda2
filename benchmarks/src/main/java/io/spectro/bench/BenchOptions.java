package io.spectro.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code spectro bench}.
 *
 * @param quick the short smoke mode (under two minutes; fewer clips, short iterations)
 * @param json where to write the rows as JSON, or null
 * @param threads host thread counts, ascending, distinct, each {@code >= 1}
 * @param backends requested backend names, or empty for every available one
 * @param workloads W1-W3 to run
 * @param fft whether the FFT-alone rows run
 * @param clips clips per batch (64 full, 16 quick, or as given)
 * @param python the Python interpreter of the torch anchor
 * @param peakGflopsPerThread fp32 peak per thread in GFLOP/s for the floor, or NaN to measure it
 */
public record BenchOptions(
        boolean quick,
        Path json,
        List<Integer> threads,
        List<String> backends,
        List<Workload> workloads,
        boolean fft,
        int clips,
        String python,
        double peakGflopsPerThread) {

    /** The usage text. */
    public static final String USAGE = """
            usage: spectro bench [--quick] [--json FILE] [--threads 1,2] [--backends cpu,opencl]
                                 [--workloads W1,W2,W3,FFT] [--clips N] [--python PATH] [--peak-gflops G]

              --quick        smoke run, under two minutes: 16 clips per batch, 1 x 0.4 s warm-up and
                             3 x 0.4 s measurement per benchmark, CPU FFT rows at the lowest thread
                             count only, 3 torch runs (numbers are indicative only)
              --json FILE    also write the table's rows as a JSON array
              --threads      host thread counts (default 1,2)
              --backends     Spectro backends (default: every available one; unknown names are an error)
              --workloads    any of W1, W2, W3, FFT (default all)
              --clips N      clips per batch (default 64, quick 16); every clip is 10 s
              --python PATH  interpreter for the torchaudio anchor (default /usr/bin/python3)
              --peak-gflops  fp32 peak per thread in GFLOP/s for the floor (default: measured at start)
            """;

    /** Parses the arguments; errors name the offending argument. */
    public static BenchOptions parse(String... args) {
        boolean quick = false;
        Path json = null;
        List<Integer> threads = List.of(1, 2);
        List<String> backends = List.of();
        List<Workload> workloads = List.of(Workload.values());
        boolean fft = true;
        Integer clips = null;
        String python = "/usr/bin/python3";
        double peak = Double.NaN;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(v != null ? v : value(args, ++i, a));
                case "--threads" -> threads = threads(v != null ? v : value(args, ++i, a));
                case "--backends" ->
                    backends = names(v != null ? v : value(args, ++i, a)).stream()
                            .map(b -> b.toLowerCase(Locale.ROOT))
                            .distinct()
                            .toList();
                case "--workloads" -> {
                    List<Workload> ws = new ArrayList<>();
                    boolean f = false;
                    for (String w : names(v != null ? v : value(args, ++i, a))) {
                        if (w.equalsIgnoreCase("fft")) {
                            f = true;
                        } else if (!ws.contains(Workload.parse(w))) {
                            ws.add(Workload.parse(w));
                        }
                    }
                    workloads = List.copyOf(ws);
                    fft = f;
                }
                case "--clips" -> {
                    clips = positive(v != null ? v : value(args, ++i, a), a);
                }
                case "--python" -> python = v != null ? v : value(args, ++i, a);
                case "--peak-gflops" -> {
                    String s = v != null ? v : value(args, ++i, a);
                    try {
                        peak = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        peak = -1;
                    }
                    if (!(peak > 0) || !Double.isFinite(peak)) {
                        throw new IllegalArgumentException("--peak-gflops " + s + ": must be a positive number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        return new BenchOptions(
                quick, json, threads, backends, workloads, fft, clips != null ? clips : quick ? 16 : 64, python, peak);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty list '" + list + "'");
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private static List<Integer> threads(String list) {
        List<Integer> out = new ArrayList<>();
        for (String s : names(list)) {
            int t = positive(s, "--threads");
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }

    private static int positive(String s, String option) {
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + s + ": must be an integer >= 1");
    }
}
