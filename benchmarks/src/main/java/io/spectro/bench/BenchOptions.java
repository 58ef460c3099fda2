package io.spectro.bench;

import io.spectro.cli.support.Choice;
import io.spectro.cli.support.IntRange;
import io.spectro.cli.support.NumberRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The flags of {@code spectro bench}, defined once (picocli fills the fields; {@code @Mixin BenchOptions options;})
 * and read through the accessors, which apply the defaults.
 */
public final class BenchOptions {
    @Option(
            names = "--quick",
            description = "smoke run, under two minutes: 16 clips per batch, 1 x 0.4 s warm-up and 3 x 0.4 s"
                    + " measurement per benchmark, CPU FFT rows at the lowest thread count only, 3 torch runs"
                    + " (numbers are indicative only)")
    boolean quick;

    @Option(
            names = "--short",
            description = "real figures in about a third of the full run's time (the GPU check uses it): 2 x 0.5 s"
                    + " warm-up and 5 x 1 s measurement per benchmark, 64 clips, 2 + 9 torch runs; not with --quick")
    boolean shortRun;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the table's rows as a JSON array")
    Path json;

    @Option(
            names = "--threads",
            paramLabel = "N",
            split = ",",
            converter = Threads.class,
            description = "host thread counts, each 1 to 4096 (default 1,2)")
    List<Integer> threads = new ArrayList<>();

    @Option(
            names = "--backends",
            paramLabel = "BACKEND",
            split = ",",
            converter = BackendName.class,
            completionCandidates = BackendName.class,
            description = "Spectro backends, of ${COMPLETION-CANDIDATES} (default: every available one; one not"
                    + " built into the jar or not usable here is a note)")
    List<String> backends = new ArrayList<>();

    @Option(
            names = "--workloads",
            paramLabel = "WORKLOAD",
            split = ",",
            converter = WorkloadName.class,
            completionCandidates = WorkloadName.class,
            description = "any of ${COMPLETION-CANDIDATES} (default all): W1-W3 and FFT are the JMH rows,"
                    + " E1-E5 the end-to-end rows (whole spectro extract processes beside a Python loop, at the"
                    + " highest --threads count)")
    List<String> workloads = new ArrayList<>();

    @Option(
            names = "--clips",
            paramLabel = "N",
            converter = Clips.class,
            description = "clips per batch, every clip 10 s (default 64, quick 16)")
    Integer clips;

    @Option(
            names = "--python",
            paramLabel = "PATH",
            description = "interpreter for the torchaudio anchor (default /usr/bin/python3)")
    String python = "/usr/bin/python3";

    @Option(
            names = "--e2e-scale",
            paramLabel = "F",
            converter = Scale.class,
            description = "multiplies the E1-E3 file counts and E4's length, 0 < F <= 1 (default 1, quick 0.01)")
    Double e2eScale;

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            description = "where the E1-E5 corpora are generated once and kept (default ~/.cache/spectro/e2e-corpus)")
    Path corpus;

    @Option(
            names = "--spectro",
            paramLabel = "PATH",
            description = "the launcher the E1-E5 rows time (default: the checkout's ./spectro)")
    Path spectro;

    @Option(
            names = "--peak-gflops",
            paramLabel = "G",
            converter = PeakGflops.class,
            description = "fp32 peak per thread in GFLOP/s for the floor (default: measured at start)")
    Double peakGflops;

    /** The short smoke mode (under two minutes; fewer clips, short iterations). */
    public boolean quick() {
        return quick;
    }

    /** The shorter full run: fewer and shorter JMH iterations, every row and thread count kept. */
    public boolean shortRun() {
        return shortRun;
    }

    /** Where to write the rows as JSON, or null. */
    public Path json() {
        return json;
    }

    /** Host thread counts, ascending, distinct, each {@code >= 1}. */
    public List<Integer> threads() {
        return threads.isEmpty()
                ? List.of(1, 2)
                : threads.stream().distinct().sorted().toList();
    }

    /** Requested backend names (lower case, distinct), or empty for every available one. */
    public List<String> backends() {
        return backends.stream().distinct().toList();
    }

    /** The workloads W1-W3 to run, in the order given. */
    public List<Workload> workloads() {
        return selected(Workload.class);
    }

    /** The end-to-end rows E1-E5 to run, in the order given. */
    List<EndToEndRow> endToEnd() {
        return selected(EndToEndRow.class);
    }

    /** The {@code --workloads} names that are constants of {@code rows}, in the order given; all when none given. */
    private <E extends Enum<E>> List<E> selected(Class<E> rows) {
        List<E> all = List.of(rows.getEnumConstants());
        if (workloads.isEmpty()) {
            return all;
        }
        return workloads.stream()
                .map(w -> w.toUpperCase(Locale.ROOT))
                .distinct()
                .flatMap(w -> all.stream().filter(e -> e.name().equals(w)))
                .toList();
    }

    /** Whether any JMH row (W1-W3, FFT) runs. */
    public boolean jmh() {
        return !workloads().isEmpty() || fft();
    }

    /** The E1-E5 corpus scale: as given, else 1 (0.01 in quick mode). */
    public double e2eScale() {
        return e2eScale != null ? e2eScale : quick ? 0.01 : 1;
    }

    /** Where the E1-E5 corpora are kept. */
    public Path corpus() {
        return corpus != null ? corpus : EndToEndCorpus.defaultCache();
    }

    /** The launcher the E1-E5 rows time, or null for the checkout's {@code ./spectro}. */
    public Path spectro() {
        return spectro;
    }

    /** Whether the FFT-alone rows run. */
    public boolean fft() {
        return workloads.isEmpty() || workloads.contains(FFT);
    }

    /** Clips per batch: as given, else 64 (16 in quick mode). */
    public int clips() {
        return clips != null ? clips : quick ? 16 : 64;
    }

    /** The Python interpreter of the torch anchor. */
    public String python() {
        return python;
    }

    /** fp32 peak per thread in GFLOP/s for the floor, or NaN to measure it. */
    public double peakGflopsPerThread() {
        return peakGflops != null ? peakGflops : Double.NaN;
    }

    /** The {@code --workloads} name of the FFT-alone rows. */
    static final String FFT = "FFT";

    static final class Threads extends IntRange {
        Threads() {
            super(1, 4096);
        }
    }

    static final class Clips extends IntRange {
        Clips() {
            super(1, Integer.MAX_VALUE);
        }
    }

    static final class PeakGflops extends NumberRange {
        PeakGflops() {
            super(0, true, Double.POSITIVE_INFINITY);
        }
    }

    static final class Scale extends NumberRange {
        Scale() {
            super(0, true, 1);
        }
    }

    static final class BackendName extends Choice<String> {
        BackendName() {
            super(BenchMain.PROJECT_BACKENDS);
        }
    }

    static final class WorkloadName extends Choice<String> {
        WorkloadName() {
            super(Stream.of(
                            Arrays.stream(Workload.values()).map(Workload::name),
                            Stream.of(FFT),
                            Arrays.stream(EndToEndRow.values()).map(EndToEndRow::name))
                    .flatMap(s -> s)
                    .toList());
        }
    }
}
