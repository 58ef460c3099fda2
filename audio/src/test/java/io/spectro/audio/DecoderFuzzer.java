package io.spectro.audio;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Mutational fuzzing of the decoders: WAV (RIFF, RF64, BW64; seekable and streamed), FLAC (in memory and streamed),
 * {@code .npy}/{@code .npz}, and the {@link AudioDecoder} front door. Each execution takes an input (a seed from the
 * test corpora, or an earlier input that showed new behaviour), mutates it ({@link FuzzMutator}) and decodes it with
 * one {@link FuzzTarget} under a {@link FuzzWatchdog}. A <b>crash</b> is any of:
 *
 * <ul>
 *   <li>an exception other than the target's typed decode errors, or a typed error that names no input or an offset
 *       outside it, or a decoded result that breaks a promise (more frames than the bytes hold);
 *   <li>a decode still running after the time limit (a hang);
 *   <li>a decode that allocated more than {@code allocationBaseBytes + allocationPerInputByte * input length} on the
 *       heap (a header's claim taken at its word);
 *   <li>a file left behind: in the target's scratch folder, or a {@code spectro-*} temporary file when the JVM's
 *       {@code java.io.tmpdir} is private to the run (see {@link #main}).
 * </ul>
 *
 * Crashes are deduplicated by kind and the top frames of their stack; each distinct one is saved (input, target,
 * decode seed, stack) to the crash folder. Deterministic for a seed, apart from time and memory limits.
 *
 * <p>Run it on demand (10^6 executions take minutes to tens of minutes on two cores):
 *
 * <pre>{@code
 * mvn -B -o -q test-compile -pl audio -am
 * mkdir -p audio/target/fuzz-tmp
 * java -Xmx256m -XX:-OmitStackTraceInFastThrow -Djava.io.tmpdir=audio/target/fuzz-tmp --enable-native-access=ALL-UNNAMED \
 *     -cp audio/target/classes:audio/target/test-classes io.spectro.audio.DecoderFuzzer \
 *     --executions 1000000 --seed 1 --crashes audio/target/fuzz-crashes
 * }</pre>
 *
 * Options: {@code --executions N} (default 100000), {@code --seed S}, {@code --timeout-ms T} (per decode, default
 * 10000), {@code --targets WAV,FLAC,...} (default all), {@code --crashes DIR}, {@code --list-outcomes} (print every distinct outcome at the end), {@code --replay FILE} (decode one file
 * with every target and several decode seeds, printing each outcome). Exit status 0 when nothing crashed, 1 otherwise.
 */
public final class DecoderFuzzer {

    /**
     * A run's settings.
     *
     * @param executions decodes to run
     * @param seed the random seed (mutations and decode choices)
     * @param timeoutMillis the most one decode may take
     * @param allocationBaseBytes heap a decode may always allocate
     * @param allocationPerInputByte further heap per input byte (decoding expands: 1 byte of 8-bit PCM is a float)
     * @param targets the decoders to fuzz
     * @param crashDir where to save crashing inputs, or null
     * @param progress where to print a line every 10 seconds, or null
     */
    record Config(
            long executions,
            long seed,
            long timeoutMillis,
            long allocationBaseBytes,
            long allocationPerInputByte,
            Set<FuzzTarget> targets,
            Path crashDir,
            PrintStream progress) {

        static Config defaults(long executions, long seed) {
            return new Config(executions, seed, 10_000, 64L << 20, 64, EnumSet.allOf(FuzzTarget.class), null, null);
        }

        Config withTargets(Set<FuzzTarget> t) {
            return new Config(
                    executions,
                    seed,
                    timeoutMillis,
                    allocationBaseBytes,
                    allocationPerInputByte,
                    t,
                    crashDir,
                    progress);
        }

        Config withOutput(Path crashes, PrintStream out) {
            return new Config(
                    executions,
                    seed,
                    timeoutMillis,
                    allocationBaseBytes,
                    allocationPerInputByte,
                    targets,
                    crashes,
                    out);
        }

        Config withTimeout(long millis) {
            return new Config(
                    executions, seed, millis, allocationBaseBytes, allocationPerInputByte, targets, crashDir, progress);
        }
    }

    /**
     * One distinct crash.
     *
     * @param target the decoder
     * @param kind "exception", "hang", "memory" or "file left"
     * @param signature what identifies it (kind, exception, top frames)
     * @param detail the stack trace or the numbers
     * @param input the crashing input
     * @param decodeSeed the seed of the decode's own choices (options, seeks)
     * @param count how many executions hit it
     */
    record Crash(
            FuzzTarget target,
            String kind,
            String signature,
            String detail,
            byte[] input,
            long decodeSeed,
            long count) {}

    /**
     * What a run did.
     *
     * @param executions decodes run
     * @param perTarget decodes run per target
     * @param decoded decodes that succeeded
     * @param rejected decodes that ended in a typed error
     * @param outcomes distinct outcome labels seen
     * @param crashes distinct crashes, in the order found
     * @param nanos wall time
     * @param maxDecodeNanos the slowest decode
     * @param maxAllocatedBytes the most one decode allocated
     * @param slowestTarget the target of the slowest decode
     * @param corpusSize inputs kept for showing new behaviour (seeds included)
     */
    record Report(
            long executions,
            Map<FuzzTarget, Long> perTarget,
            long decoded,
            long rejected,
            int outcomes,
            List<Crash> crashes,
            long nanos,
            long maxDecodeNanos,
            long maxAllocatedBytes,
            FuzzTarget slowestTarget,
            int corpusSize) {

        /** A short summary: executions, crashes, time, limits observed. */
        String summary() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    Locale.ROOT,
                    "%,d executions in %.1f s (%,.0f/s): %,d decoded, %,d rejected with typed errors, %d distinct"
                            + " outcomes, %d crashes%n",
                    executions,
                    nanos / 1e9,
                    executions / Math.max(1e-9, nanos / 1e9),
                    decoded,
                    rejected,
                    outcomes,
                    crashes.size()));
            b.append("  per target: ").append(perTarget).append('\n');
            b.append(String.format(
                    Locale.ROOT,
                    "  slowest decode %.1f ms (%s); most allocated by one decode %.1f MiB; corpus %d inputs%n",
                    maxDecodeNanos / 1e6,
                    slowestTarget,
                    maxAllocatedBytes / 1048576.0,
                    corpusSize));
            for (Crash c : crashes) {
                b.append("  CRASH ")
                        .append(c.target())
                        .append(' ')
                        .append(c.kind())
                        .append(" x")
                        .append(c.count())
                        .append(": ")
                        .append(c.signature())
                        .append('\n');
            }
            return b.toString();
        }
    }

    private static final int CORPUS_LIMIT = 4096;
    private static final int MAX_SEED_BYTES = 48 * 1024;
    private static final int MAX_INPUT_BYTES = 256 * 1024;
    private static final int MAX_ABANDONED = 4;

    private final Config config;
    private final Map<FuzzTarget.Family, List<byte[]>> corpus = new EnumMap<>(FuzzTarget.Family.class);
    private final List<byte[]> everything = new ArrayList<>();
    private final Set<String> outcomes = new HashSet<>();
    private final Map<String, Crash> crashes = new LinkedHashMap<>();
    private final Path scratch;
    private final Path tmpdir;
    private final boolean privateTmpdir;

    DecoderFuzzer(Config config, Map<FuzzTarget.Family, List<byte[]>> seeds) throws IOException {
        this.config = config;
        for (FuzzTarget.Family f : FuzzTarget.Family.values()) {
            corpus.put(f, new ArrayList<>(seeds.getOrDefault(f, List.of())));
            everything.addAll(corpus.get(f));
        }
        if (everything.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.scratch = Files.createTempDirectory("fuzz-scratch-");
        this.tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
        // The front door's temporary copies can only be checked where no one else makes spectro-* files.
        this.privateTmpdir =
                spectroTempFiles().isEmpty() && !tmpdir.toAbsolutePath().equals(Path.of("/tmp"));
    }

    /** The seeds: the small WAV, RF64, FLAC, .npy and .npz files of the test corpora, by family. */
    static Map<FuzzTarget.Family, List<byte[]>> corpusSeeds() throws IOException {
        Map<FuzzTarget.Family, List<byte[]>> seeds = new EnumMap<>(FuzzTarget.Family.class);
        Path audio = resourceDir("/audio/index.tsv");
        Path flac = resourceDir("/flac/index.tsv");
        Path npz = resourceDir("/io/npz/numpy_savez.npz");
        seeds.put(FuzzTarget.Family.WAV, read(Stream.of(audio, flac), ".wav"));
        seeds.put(FuzzTarget.Family.FLAC, read(Stream.of(flac), ".flac"));
        List<byte[]> npy = new ArrayList<>(read(Stream.of(audio), ".npy"));
        npy.addAll(read(Stream.of(npz), ".npz"));
        seeds.put(FuzzTarget.Family.NPY, npy);
        return seeds;
    }

    private static List<byte[]> read(Stream<Path> dirs, String suffix) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path dir : dirs.toList()) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.toString().endsWith(suffix))
                        .sorted()
                        .toList()) {
                    if (Files.size(p) <= MAX_SEED_BYTES) {
                        out.add(Files.readAllBytes(p));
                    }
                }
            }
        }
        return out;
    }

    private static Path resourceDir(String marker) {
        try {
            return Path.of(Objects.requireNonNull(
                                    DecoderFuzzer.class.getResource(marker),
                                    marker + " is not on the class path: put audio/target/test-classes on it")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the configured number of executions. */
    Report run() throws IOException, InterruptedException {
        SplittableRandom rnd = new SplittableRandom(config.seed());
        FuzzMutator mutator = new FuzzMutator(everything);
        List<FuzzTarget> targets = new ArrayList<>(config.targets());
        int[] weights = targets.stream().mapToInt(DecoderFuzzer::weight).toArray();
        int weightSum = java.util.Arrays.stream(weights).sum();
        Map<FuzzTarget, Long> perTarget = new EnumMap<>(FuzzTarget.class);
        long decoded = 0;
        long rejected = 0;
        long maxNanos = 0;
        long maxAllocated = 0;
        FuzzTarget slowest = null;
        long start = System.nanoTime();
        long nextReport = start + 10_000_000_000L;
        long executions = 0;
        try (FuzzWatchdog watchdog = new FuzzWatchdog(config.timeoutMillis())) {
            for (; executions < config.executions(); executions++) {
                FuzzTarget target = pick(targets, weights, weightSum, rnd);
                List<byte[]> pool = target.family == FuzzTarget.Family.ANY || rnd.nextInt(8) == 0
                        ? everything
                        : corpus.get(target.family);
                if (pool.isEmpty()) {
                    pool = everything;
                }
                byte[] base = pool.get(rnd.nextInt(pool.size()));
                byte[] input = mutator.mutate(base, rnd);
                if (input.length > MAX_INPUT_BYTES) {
                    input = java.util.Arrays.copyOf(input, MAX_INPUT_BYTES);
                }
                long decodeSeed = rnd.nextLong();
                byte[] in = input;
                FuzzWatchdog.Result<String> r =
                        watchdog.run(() -> target.decode(in, new SplittableRandom(decodeSeed), scratch));
                perTarget.merge(target, 1L, Long::sum);
                if (r.nanos() > maxNanos) {
                    maxNanos = r.nanos();
                    slowest = target;
                }
                if (r.timedOut()) {
                    crash(
                            target,
                            "hang",
                            "still decoding after " + config.timeoutMillis() + " ms at " + top(r.stack(), 3),
                            stack(r.stack()),
                            in,
                            decodeSeed);
                    if (watchdog.abandoned() >= MAX_ABANDONED) {
                        break;
                    }
                    continue;
                }
                if (r.failure() != null) {
                    crash(target, "exception", signature(r.failure()), stackTrace(r.failure()), in, decodeSeed);
                } else {
                    String outcome = target + " " + r.value();
                    if (r.value().startsWith("decoded")) {
                        decoded++;
                    } else {
                        rejected++;
                    }
                    if (outcomes.add(outcome) && in.length > 0) {
                        keep(target.family == FuzzTarget.Family.ANY ? familyOf(in) : target.family, in);
                    }
                }
                if (r.allocatedBytes() >= 0) {
                    maxAllocated = Math.max(maxAllocated, r.allocatedBytes());
                    long beyond = r.allocatedBytes() - config.allocationBaseBytes();
                    if (beyond > config.allocationPerInputByte() * in.length) {
                        crash(
                                target,
                                "memory",
                                target + " allocated more than its bound",
                                r.allocatedBytes() + " bytes allocated for an input of " + in.length + " bytes",
                                in,
                                decodeSeed);
                    }
                }
                checkNothingLeft(target, in, decodeSeed);
                if (config.progress() != null && System.nanoTime() > nextReport) {
                    nextReport = System.nanoTime() + 10_000_000_000L;
                    config.progress()
                            .printf(
                                    Locale.ROOT,
                                    "fuzz: %,d executions, %d outcomes, %d crashes, corpus %d, %.0f s%n",
                                    executions + 1,
                                    outcomes.size(),
                                    crashes.size(),
                                    everything.size(),
                                    (System.nanoTime() - start) / 1e9);
                }
            }
        } finally {
            deleteScratch();
        }
        return new Report(
                executions,
                perTarget,
                decoded,
                rejected,
                outcomes.size(),
                List.copyOf(crashes.values()),
                System.nanoTime() - start,
                maxNanos,
                maxAllocated,
                slowest,
                everything.size());
    }

    /** How often each target runs: the pure-Java decoders most, file-based and front-door ones less. */
    private static int weight(FuzzTarget t) {
        return switch (t) {
            case WAV, FLAC -> 24;
            case WAV_STREAM, FLAC_STREAM -> 10;
            case NPY -> 14;
            case NPY_FILES -> 4;
            case FRONT_DOOR -> 14;
        };
    }

    private static FuzzTarget pick(List<FuzzTarget> targets, int[] weights, int sum, SplittableRandom rnd) {
        int x = rnd.nextInt(sum);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return targets.get(i);
            }
        }
        return targets.getLast();
    }

    private static FuzzTarget.Family familyOf(byte[] in) {
        if (FuzzMutator.flacStart(in) >= 0) {
            return FuzzTarget.Family.FLAC;
        }
        if (in.length > 0 && (in[0] & 0xFF) == 0x93 || FuzzMutator.ascii(in, 0, "PK")) {
            return FuzzTarget.Family.NPY;
        }
        return FuzzTarget.Family.WAV;
    }

    private void keep(FuzzTarget.Family family, byte[] in) {
        List<byte[]> pool = corpus.get(family);
        if (everything.size() < CORPUS_LIMIT) {
            pool.add(in);
            everything.add(in);
        }
    }

    private void checkNothingLeft(FuzzTarget target, byte[] in, long decodeSeed) throws IOException {
        try (Stream<Path> left = Files.list(scratch)) {
            List<Path> files = left.toList();
            if (!files.isEmpty()) {
                crash(target, "file left", target + " left " + files, files.toString(), in, decodeSeed);
                for (Path p : files) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (privateTmpdir && target == FuzzTarget.FRONT_DOOR) {
            Set<String> left = spectroTempFiles();
            if (!left.isEmpty()) {
                crash(target, "file left", target + " left a temporary file", left.toString(), in, decodeSeed);
                for (String name : left) {
                    Files.deleteIfExists(tmpdir.resolve(name));
                }
            }
        }
    }

    private Set<String> spectroTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(tmpdir)) {
            Set<String> out = new TreeSet<>();
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("spectro-"))
                    .forEach(out::add);
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            return Set.of();
        }
    }

    private void crash(FuzzTarget target, String kind, String signature, String detail, byte[] in, long decodeSeed)
            throws IOException {
        String key = target + " " + kind + " " + signature;
        Crash known = crashes.get(key);
        if (known != null) {
            byte[] smaller = in.length < known.input().length ? in : known.input();
            long seed = in.length < known.input().length ? decodeSeed : known.decodeSeed();
            crashes.put(key, new Crash(target, kind, signature, known.detail(), smaller, seed, known.count() + 1));
            return;
        }
        crashes.put(key, new Crash(target, kind, signature, detail, in, decodeSeed, 1));
        if (config.progress() != null) {
            config.progress().println("fuzz: CRASH " + key);
        }
        if (config.crashDir() != null) {
            Files.createDirectories(config.crashDir());
            String name = String.format(Locale.ROOT, "%s-%s-%08x", target, kind.replace(' ', '-'), key.hashCode());
            Files.write(config.crashDir().resolve(name + ".bin"), in);
            Files.writeString(
                    config.crashDir().resolve(name + ".txt"),
                    "target " + target + "\ndecode seed " + decodeSeed + "\n" + key + "\n\n" + detail);
        }
    }

    /** Kind of the failure and the first three frames in Spectro's code (or anywhere, if none). */
    static String signature(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        List<StackTraceElement> ours = new ArrayList<>();
        for (StackTraceElement e : st) {
            if (e.getClassName().startsWith("io.spectro.") && !e.getClassName().contains("Fuzz")) {
                ours.add(e);
            }
        }
        String where = top(ours.isEmpty() ? st : ours.toArray(StackTraceElement[]::new), 3);
        String what = t.getClass().getName();
        if (t instanceof AssertionError) {
            // A broken promise: what the check says, without the input-specific detail after its colon.
            String m = String.valueOf(t.getMessage());
            what = "AssertionError "
                    + (m.indexOf(':') > 0 ? m.substring(0, m.indexOf(':')) : m).replaceAll("\\d+", "#");
        }
        return what + " at " + where;
    }

    private static String top(StackTraceElement[] st, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(n, st.length); i++) {
            b.append(i == 0 ? "" : " < ")
                    .append(st[i].getClassName().replaceFirst(".*\\.", ""))
                    .append('.')
                    .append(st[i].getMethodName())
                    .append(':')
                    .append(st[i].getLineNumber());
        }
        return b.toString();
    }

    private static String stack(StackTraceElement[] st) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : st) {
            b.append("\tat ").append(e).append('\n');
        }
        return b.toString();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private void deleteScratch() throws IOException {
        try (Stream<Path> left = Files.list(scratch)) {
            for (Path p : left.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(scratch);
    }

    /** Decodes one file with every target under several decode seeds; prints each outcome. */
    static void replay(Path file, PrintStream out) throws IOException {
        byte[] in = Files.readAllBytes(file);
        Path scratch = Files.createTempDirectory("fuzz-replay-");
        try {
            for (FuzzTarget t : FuzzTarget.values()) {
                for (long s = 0; s < 8; s++) {
                    String outcome;
                    try {
                        outcome = t.decode(in, new SplittableRandom(s), scratch);
                    } catch (Throwable e) {
                        outcome = "CRASH " + stackTrace(e);
                    }
                    out.println(t + " seed " + s + ": " + outcome);
                }
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /** The command line; see the class description. */
    public static void main(String[] args) throws Exception {
        long executions = 100_000;
        long seed = 1;
        long timeout = 10_000;
        Path crashes = null;
        Set<FuzzTarget> targets = EnumSet.allOf(FuzzTarget.class);
        boolean listOutcomes = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--executions" ->
                    executions = Long.parseLong(Objects.requireNonNull(v, a).replace("_", ""));
                case "--seed" -> seed = Long.parseLong(Objects.requireNonNull(v, a));
                case "--timeout-ms" -> timeout = Long.parseLong(Objects.requireNonNull(v, a));
                case "--crashes" -> crashes = Path.of(Objects.requireNonNull(v, a));
                case "--targets" -> {
                    targets = EnumSet.noneOf(FuzzTarget.class);
                    for (String t : Objects.requireNonNull(v, a).split(",")) {
                        targets.add(FuzzTarget.valueOf(t.strip().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--list-outcomes" -> {
                    listOutcomes = true;
                    i--;
                }
                case "--replay" -> {
                    replay(Path.of(Objects.requireNonNull(v, a)), System.out);
                    return;
                }
                default -> {
                    System.err.println("DecoderFuzzer: unknown option " + a + "; see the class description");
                    System.exit(2);
                }
            }
            i++;
        }
        Config config = Config.defaults(executions, seed)
                .withTargets(targets)
                .withTimeout(timeout)
                .withOutput(crashes, System.err);
        DecoderFuzzer fuzzer;
        try {
            fuzzer = new DecoderFuzzer(config, corpusSeeds());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!fuzzer.privateTmpdir) {
            System.err.println("fuzz: java.io.tmpdir (" + fuzzer.tmpdir + ") is shared: the front door's temporary"
                    + " copies are not checked; pass -Djava.io.tmpdir=<an empty folder> to check them");
        }
        Report report = fuzzer.run();
        System.out.print(report.summary());
        if (listOutcomes) {
            new TreeSet<>(fuzzer.outcomes).forEach(o -> System.out.println("  outcome " + o));
        }
        System.exit(report.crashes().isEmpty() ? 0 : 1);
    }
}
