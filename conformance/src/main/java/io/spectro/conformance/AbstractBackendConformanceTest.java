package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.spectro.BackendStatus;
import io.spectro.BatchLayout;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite every backend runs: extend it, name the backend, and the golden configurations, the
 * deterministic bit-exactness cases, the API edge cases and the leak check run against it.
 *
 * <p>When the backend cannot be opened here, every test is skipped with the reason (printed, and shown by JUnit as
 * the abort reason), unless {@link #required()} says the backend must run (the system property {@code
 * spectro.require.<name>=true}, or an override such as the CPU backend's), in which case the suite fails. One line per golden configuration is printed and appended to {@code target/conformance-<name>.txt}: the
 * shape, the difference from the golden reference, and the difference from {@link ReferencePipeline} in normal mode
 * (deterministic mode must match it bit for bit).
 *
 * <p>From another module: add {@code spectro-engine} with {@code <type>test-jar</type>} and scope {@code test}, and
 * {@code class OpenClConformanceTest extends AbstractBackendConformanceTest { protected String backendName() { return
 * "opencl"; } }}. The fixtures are read from the class path ({@code /golden/}), so nothing else is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractBackendConformanceTest {
    private Spectro spectro;
    private String skipReason;
    private Path report;

    /** The backend under test: {@code cpu}, {@code opencl}, {@code cuda}. */
    protected abstract String backendName();

    /**
     * Whether the suite fails (instead of skipping) when the backend cannot be opened: by default when the system
     * property {@code spectro.require.<name>} is true. A backend that must run everywhere (the CPU) returns true.
     */
    protected boolean required() {
        return Boolean.getBoolean("spectro.require." + backendName());
    }

    /** Opens the engine on the backend (strict), or records why the suite is skipped. */
    @BeforeAll
    void openBackend() {
        String name = backendName();
        boolean required = required();
        BackendStatus status = Spectro.backends().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElse(null);
        if (status == null) {
            skipReason = "backend '" + name + "' is not on the class path";
        } else if (!status.availability().available()) {
            skipReason = status.describe();
        } else {
            try {
                spectro = Spectro.builder().backend(name).strict(true).build();
            } catch (RuntimeException e) {
                skipReason = name + ": " + e.getMessage();
            }
        }
        if (skipReason != null) {
            if (required) {
                fail("backend " + name + " is required here ("
                        + (Boolean.getBoolean("spectro.require." + name)
                                ? "spectro.require." + name + "=true"
                                : getClass().getSimpleName() + ".required()")
                        + ") but cannot be used: " + skipReason);
            }
            System.out.println("[conformance " + name + "] SKIPPED: " + skipReason);
            return;
        }
        report = Path.of("target", "conformance-" + name + ".txt");
        String header = "# conformance of backend " + name + " (" + spectro.deviceName() + ") vs golden and vs"
                + " ReferencePipeline (normal mode); deterministic mode is bit-exact or the test fails\n";
        try {
            Files.createDirectories(report.getParent());
            Files.writeString(report, header, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print("[conformance " + name + "] " + header);
    }

    /** Closes the engine and checks that the backend freed every native resource. */
    @AfterAll
    void closeBackend() {
        if (spectro != null) {
            spectro.close();
            assertEquals(
                    0,
                    spectro.resources().liveCount(),
                    () -> "native resources left after close: "
                            + spectro.resources().describeLive());
        }
    }

    /** The engine under test; skips (or fails, when required) if the backend is unavailable. */
    protected Spectro spectro() {
        Assumptions.assumeTrue(skipReason == null, () -> "backend " + backendName() + " skipped: " + skipReason);
        return spectro;
    }

    static Stream<GoldenConfig> goldenConfigs() {
        return GoldenConfig.all().stream();
    }

    static Stream<DeterministicCases.Case> deterministicCases() {
        return DeterministicCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenConfigs")
    void golden(GoldenConfig cfg) {
        Spectro engine = spectro();
        SpectrogramSpec spec = cfg.spec();
        List<float[]> inputs = cfg.inputs();
        List<NpyArray> expected = cfg.expected();
        assertEquals(inputs.size(), expected.size(), "one expected file per clip");
        List<Spectrogram> normal = engine.computeBatch(spec, inputs);
        List<Spectrogram> det = engine.computeBatch(spec.withDeterministic(true), inputs);
        SpecTables tables = SpecTables.of(spec.withDeterministic(true));
        List<String> failures = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        double gMax = 0;
        double gRel = 0;
        double gWorst = 0;
        double gCoverage = 0;
        double rMax = 0;
        double rRel = 0;
        String criterion = "";
        for (int i = 0; i < inputs.size(); i++) {
            float[] x = inputs.get(i);
            Spectrogram s = normal.get(i);
            int[] shape = s.shape();
            shapes.add(shapeString(shape));
            if (!Arrays.equals(shape, expected.get(i).shape())) {
                failures.add("clip " + i + ": shape " + Arrays.toString(shape) + " but golden "
                        + Arrays.toString(expected.get(i).shape()));
                continue;
            }
            assertArrayEquals(shape, det.get(i).shape(), "deterministic shape");
            float[] ref = new float[(int) spec.outputFloats(s.frames())];
            ReferencePipeline.compute(tables, x, x.length, ref);
            GoldenTolerance.Verdict v = GoldenStages.check(
                    cfg, i, x, s.data(), other -> engine.compute(other, x).data());
            criterion = v.criterion();
            gMax = Math.max(gMax, v.maxAbs());
            gRel = Math.max(gRel, v.relL2());
            gWorst = Math.max(gWorst, v.worst());
            gCoverage = Math.max(gCoverage, v.coverage());
            if (!v.ok()) {
                failures.add("clip " + i + " vs golden: worst/bound " + v.worst() + " at " + v.where() + " (maxAbs "
                        + v.maxAbs() + ", relL2 " + v.relL2() + ")");
            }
            if (!v.tight()) {
                failures.add("clip " + i + ": a bound is not smaller than its block's range (bound/range "
                        + v.coverage() + " at " + v.loosest() + "): that value is not really compared");
            }
            double[] d = diff(s.data(), ref);
            rMax = Math.max(rMax, d[0]);
            rRel = Math.max(rRel, d[1]);
            int mismatch = firstBitMismatch(det.get(i).data(), ref);
            if (mismatch >= 0) {
                failures.add("clip " + i + " deterministic: value " + mismatch + " is "
                        + det.get(i).data()[mismatch]
                        + " but ReferencePipeline gives " + ref[mismatch] + " (bits "
                        + Integer.toHexString(Float.floatToRawIntBits(det.get(i).data()[mismatch])) + " vs "
                        + Integer.toHexString(Float.floatToRawIntBits(ref[mismatch])) + ")");
            }
        }
        String line = String.format(
                Locale.ROOT,
                "%-40s %-22s golden: maxAbs %9.3g relL2 %9.3g worst/bound %7.3g bound/range %7.3g |"
                        + " reference(normal): maxAbs %9.3g relL2 %9.3g | deterministic: %s | %s",
                cfg.name(),
                String.join("+", shapes),
                gMax,
                gRel,
                gWorst,
                gCoverage,
                rMax,
                rRel,
                failures.stream().anyMatch(f -> f.contains("deterministic")) ? "MISMATCH" : "bit-exact",
                criterion);
        record(line);
        if (!failures.isEmpty()) {
            fail(cfg.name() + " (" + cfg.description() + "):\n  " + String.join("\n  ", failures));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deterministicCases")
    void deterministicBitExact(DeterministicCases.Case c) {
        Spectro engine = spectro();
        SpecTables tables = SpecTables.of(c.spec());
        List<Spectrogram> out = engine.computeBatch(c.spec(), c.clips());
        for (int i = 0; i < c.clips().size(); i++) {
            float[] x = c.clips().get(i);
            int frames = c.spec().frameCount(x.length);
            assertEquals(frames, out.get(i).frames(), "frames of clip " + i);
            float[] ref = new float[(int) c.spec().outputFloats(frames)];
            ReferencePipeline.compute(tables, x, x.length, ref);
            assertBitsEqual(ref, out.get(i).data(), c.label() + " clip " + i);
        }
    }

    @Test
    void emptyClipIsRejectedNamingTheClip() {
        Spectro engine = spectro();
        SpectrogramSpec spec = Presets.whisper();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> engine.computeBatch(spec, List.of(new float[400], new float[0])));
        assertMessage(e, "clip 1", "empty");
    }

    @Test
    void clipTooShortForReflectPaddingIsRejected() {
        Spectro engine = spectro();
        SpectrogramSpec spec = Presets.whisper(); // reflect, nFft 400: needs more than 200 samples
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> engine.compute(spec, new float[200]));
        assertMessage(e, "clip 0", "reflect", "200");
        assertEquals(2, engine.compute(spec, new float[201]).frames() + 1, "201 samples give 2 frames, 1 dropped");
    }

    @Test
    void nonFiniteSamplesAreRejectedNamingClipAndSample() {
        Spectro engine = spectro();
        SpectrogramSpec spec = Presets.torchaudio();
        float[] nan = new float[1000];
        nan[5] = Float.NaN;
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> engine.computeBatch(spec, List.of(new float[1000], nan)));
        assertMessage(e, "clip 1", "sample 5", "NaN");
        float[] inf = new float[1000];
        inf[999] = Float.NEGATIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> engine.compute(spec, inf));
        assertMessage(e, "clip 0", "sample 999", "Infinity");
        try (Arena arena = Arena.ofConfined();
                SpectrogramPlan plan = engine.plan(spec)) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_FLOAT, 1000);
            in.setAtIndex(ValueLayout.JAVA_FLOAT, 17, Float.POSITIVE_INFINITY);
            BatchLayout layout = plan.layout(1000);
            MemorySegment out = arena.allocate(layout.totalBytes());
            e = assertThrows(IllegalArgumentException.class, () -> plan.execute(in, new long[] {0}, layout, out));
            assertMessage(e, "clip 0", "sample 17");
        }
    }

    @Test
    void nonCentredClipShorterThanNFftIsRejected() {
        Spectro engine = spectro();
        SpectrogramSpec spec = Presets.torchaudio().toBuilder().center(false).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> engine.computeBatch(spec, List.of(new float[400], new float[399])));
        assertMessage(e, "clip 1", "399", "nFft = 400");
    }

    @Test
    void kaldiClipShorterThanTheWindowGivesZeroFrames() {
        Spectro engine = spectro();
        SpectrogramSpec spec = Presets.kaldi();
        List<Spectrogram> out = engine.computeBatch(spec, List.of(new float[399], new float[0], new float[400]));
        assertArrayEquals(new int[] {23, 0}, out.get(0).shape());
        assertEquals(0, out.get(0).data().length);
        assertArrayEquals(new int[] {23, 0}, out.get(1).shape());
        assertArrayEquals(new int[] {23, 1}, out.get(2).shape());
    }

    @Test
    void batchOfOneEqualsSingleCompute() {
        Spectro engine = spectro();
        float[] x = DeterministicCases.gaussian(new SplittableRandom(5), 5000, 0.3);
        for (SpectrogramSpec spec : List.of(
                Presets.whisper(),
                Presets.librosa(),
                Presets.kaldi(),
                Presets.whisper().withDeterministic(true))) {
            Spectrogram one = engine.compute(spec, x);
            List<Spectrogram> batch = engine.computeBatch(spec, List.of(x));
            assertEquals(1, batch.size());
            assertBitsEqual(one.data(), batch.get(0).data(), spec.summary());
        }
    }

    @Test
    void offHeapExecuteGivesTheBitsOfComputeBatch() {
        Spectro engine = spectro();
        SplittableRandom rnd = new SplittableRandom(11);
        List<float[]> clips = new ArrayList<>();
        for (int n : new int[] {3000, 401, 1601, 999, 250}) {
            clips.add(DeterministicCases.gaussian(rnd, n, 0.25));
        }
        for (SpectrogramSpec spec : List.of(
                Presets.whisper(),
                Presets.whisper().withDeterministic(true),
                Presets.torchaudio().toBuilder().complex().build(),
                Presets.torchaudio().toBuilder()
                        .log(io.spectro.LogScale.Db.librosa())
                        .mfcc(13, 22)
                        .deltas(2)
                        .build())) {
            List<Spectrogram> expected = engine.computeBatch(spec, clips);
            // A shared arena: backends may read the segments from their worker threads.
            try (Arena arena = Arena.ofShared();
                    SpectrogramPlan plan = engine.plan(spec)) {
                long[] lengths = clips.stream().mapToLong(c -> c.length).toArray();
                long[] offsets = new long[clips.size()];
                long total = 0;
                for (int i = 0; i < clips.size(); i++) {
                    offsets[i] = total + 3; // gaps between clips
                    total = offsets[i] + lengths[i];
                }
                MemorySegment samples = arena.allocate(ValueLayout.JAVA_FLOAT, total + 5);
                for (int i = 0; i < clips.size(); i++) {
                    MemorySegment.copy(
                            clips.get(i), 0, samples, ValueLayout.JAVA_FLOAT, offsets[i] * 4, clips.get(i).length);
                }
                BatchLayout layout = plan.layout(lengths);
                MemorySegment out = arena.allocate(layout.totalBytes(), 64);
                plan.execute(samples, offsets, layout, out);
                for (int i = 0; i < clips.size(); i++) {
                    float[] got = out.asSlice(layout.outputOffset(i) * 4, layout.outputFloats(i) * 4)
                            .toArray(ValueLayout.JAVA_FLOAT);
                    assertEquals(expected.get(i).frames(), layout.frames(i));
                    assertBitsEqual(expected.get(i).data(), got, spec.summary() + " clip " + i);
                }
            }
        }
    }

    @Test
    void closingTheEngineFreesEveryNativeResource() {
        Assumptions.assumeTrue(skipReason == null, () -> "backend " + backendName() + " skipped: " + skipReason);
        Spectro engine = Spectro.builder().backend(backendName()).strict(true).build();
        float[] x = DeterministicCases.gaussian(new SplittableRandom(3), 4000, 0.1);
        SpectrogramPlan plan = engine.plan(Presets.librosa());
        plan.compute(x);
        engine.compute(Presets.whisper(), x);
        engine.compute(Presets.kaldi().withDeterministic(true), x);
        plan.close();
        engine.close();
        assertEquals(
                0,
                engine.resources().liveCount(),
                () -> "after close: " + engine.resources().describeLive());
        assertThrows(IllegalStateException.class, () -> plan.compute(x), "a closed plan refuses to run");
        assertThrows(IllegalStateException.class, () -> engine.compute(Presets.whisper(), x));
    }

    /**
     * One engine shared by 16 threads (mixed specs through the plan cache, caller-owned plans and off-heap batches;
     * a plan cache of 3 for 7 specs, so plans are evicted while other threads use them) gives, for every task, the
     * bits the same engine gives when one thread runs it. {@code -Dspectro.stressThreads} and {@code
     * -Dspectro.stressRounds} make it longer.
     */
    @Test
    void sixteenThreadsSharingOneEngineGiveTheSingleThreadedBits() throws InterruptedException {
        Assumptions.assumeTrue(skipReason == null, () -> "backend " + backendName() + " skipped: " + skipReason);
        int threads = Integer.getInteger("spectro.stressThreads", 16);
        int rounds = Integer.getInteger("spectro.stressRounds", 1);
        List<SharedEngineWorkload.Task> tasks = SharedEngineWorkload.tasks(2024, 32);
        try (Spectro engine = Spectro.builder()
                .backend(backendName())
                .strict(true)
                .planCacheSize(3)
                .build()) {
            float[][][] expected = new float[tasks.size()][][];
            for (int i = 0; i < tasks.size(); i++) {
                expected[i] = SharedEngineWorkload.run(engine, tasks.get(i));
            }
            Queue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int k = 0; k < threads; k++) {
                int first = k * 7;
                Thread t = new Thread(
                        () -> {
                            try {
                                start.await();
                                for (int r = 0; r < rounds; r++) {
                                    for (int j = 0; j < tasks.size(); j++) {
                                        int i = (first + j) % tasks.size();
                                        String d = SharedEngineWorkload.bitDiff(
                                                expected[i], SharedEngineWorkload.run(engine, tasks.get(i)));
                                        if (d != null) {
                                            problems.add("task " + i + " (" + tasks.get(i) + "): " + d);
                                        }
                                        done.incrementAndGet();
                                    }
                                }
                            } catch (Throwable e) {
                                problems.add(Thread.currentThread().getName() + ": " + e);
                            }
                        },
                        "stress-" + k);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                t.join(Duration.ofMinutes(5));
                if (t.isAlive()) {
                    problems.add(t.getName() + " still running after 5 minutes: " + Arrays.toString(t.getStackTrace()));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            reliability(String.format(
                    Locale.ROOT,
                    "shared engine: %d threads x %d rounds x %d tasks (7 specs, cache of 3, ragged batches of 1-5"
                            + " clips): %d batches in %.1f s, %d differ from the single-threaded bits",
                    threads,
                    rounds,
                    tasks.size(),
                    done.get(),
                    seconds,
                    problems.size()));
            assertTrue(problems.isEmpty(), () -> problems.size() + " problems, e.g. " + problems.peek());
            assertEquals(threads * rounds * tasks.size(), done.get());
            assertTrue(engine.cachedPlans() <= 3, "the plan cache is bounded");
        }
    }

    /**
     * {@link Spectro#close()} while 8 threads compute: it waits for the batches in progress, every later call fails
     * with an {@link IllegalStateException} saying the engine or plan is closed, every result delivered before has
     * the right bits, and nothing is left allocated or running.
     */
    @Test
    void closingDuringComputationsWaitsThenRefusesClearly() throws InterruptedException {
        Assumptions.assumeTrue(skipReason == null, () -> "backend " + backendName() + " skipped: " + skipReason);
        List<SharedEngineWorkload.Task> tasks = SharedEngineWorkload.tasks(77, 12).stream()
                .map(t -> new SharedEngineWorkload.Task(t.spec(), t.clips(), SharedEngineWorkload.Via.CACHE))
                .toList();
        Spectro engine = Spectro.builder().backend(backendName()).strict(true).build();
        float[][][] expected = new float[tasks.size()][][];
        for (int i = 0; i < tasks.size(); i++) {
            expected[i] = SharedEngineWorkload.run(engine, tasks.get(i));
        }
        int threads = 8;
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        Queue<String> refusals = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int first = k;
            Thread t = new Thread(
                    () -> {
                        for (int j = 0; ; j++) {
                            int i = (first + j) % tasks.size();
                            try {
                                String d = SharedEngineWorkload.bitDiff(
                                        expected[i], SharedEngineWorkload.run(engine, tasks.get(i)));
                                if (d != null) {
                                    problems.add("task " + i + ": " + d);
                                }
                                done.incrementAndGet();
                            } catch (IllegalStateException e) {
                                refusals.add(String.valueOf(e.getMessage()));
                                return;
                            } catch (Throwable e) {
                                problems.add(e.toString());
                                return;
                            }
                        }
                    },
                    "close-race-" + k);
            workers.add(t);
            t.start();
        }
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (done.get() < 2 * threads && System.nanoTime() < until && problems.isEmpty()) {
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        engine.close();
        double closeMs = (System.nanoTime() - t0) / 1e6;
        for (Thread t : workers) {
            t.join(Duration.ofMinutes(2));
            if (t.isAlive()) {
                problems.add(t.getName() + " did not stop after close: " + Arrays.toString(t.getStackTrace()));
            }
        }
        reliability(String.format(
                Locale.ROOT,
                "close during computations: %d threads, %d batches before close, close took %.0f ms, %d calls refused"
                        + " afterwards (%s), %d problems",
                threads,
                done.get(),
                closeMs,
                refusals.size(),
                refusals.stream().distinct().toList(),
                problems.size()));
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems, e.g. " + problems.peek());
        assertEquals(threads, refusals.size(), "every thread was refused once the engine closed");
        for (String m : refusals) {
            assertTrue(m.contains("closed"), () -> "refusal should say the engine or plan is closed: " + m);
        }
        assertEquals(0, engine.resources().liveCount(), () -> engine.resources().describeLive());
        assertThrows(IllegalStateException.class, () -> engine.compute(Presets.whisper(), new float[4000]));
    }

    /**
     * Open/compute/close cycles leave the process as they found it: no Spectro thread, no Java or OS thread, file
     * descriptor, child process or direct-memory segment more, and nothing left in the engine's tracker (which saw
     * allocations in every cycle, so the check is not vacuous). Resident memory is reported, and compared between the
     * first tenth and the end of long runs. {@code -Dspectro.leakCycles=1000} runs the long version.
     */
    @Test
    void openComputeCloseCyclesLeaveNothingBehind() {
        Assumptions.assumeTrue(skipReason == null, () -> "backend " + backendName() + " skipped: " + skipReason);
        int cycles = Integer.getInteger("spectro.leakCycles", 20);
        List<SharedEngineWorkload.Task> tasks = SharedEngineWorkload.tasks(5, 3);
        for (int i = 0; i < 3; i++) {
            leakCycle(tasks);
        }
        LeakCensus before = LeakCensus.take();
        long rssTenth = before.rssKiB();
        long rssMax = before.rssKiB();
        long allocations = 0;
        List<Long> rssSeries = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 1; i <= cycles; i++) {
            allocations += leakCycle(tasks);
            if (i % Math.max(1, cycles / 10) == 0) {
                long rss = LeakCensus.take().rssKiB();
                rssSeries.add(rss / 1024);
                if (i == Math.max(1, cycles / 10)) {
                    rssTenth = rss;
                }
            }
            rssMax = Math.max(rssMax, LeakCensus.rssNowKiB());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LeakCensus after = LeakCensus.take();
        List<String> growth = after.growthSince(before);
        long rssGrowthKiB = after.rssKiB() - rssTenth;
        reliability(String.format(
                Locale.ROOT,
                "leaks: %d open/compute/close cycles in %.1f s, %.1f tracked allocations per cycle, all freed;"
                        + " before %s; after %s; RSS %d KiB after a tenth of the cycles, %d KiB at the end (%+d KiB),"
                        + " peak %d KiB; RSS MiB at each tenth %s; growth: %s",
                cycles,
                seconds,
                allocations / (double) cycles,
                before.describe(),
                after.describe(),
                rssTenth,
                after.rssKiB(),
                rssGrowthKiB,
                rssMax,
                rssSeries,
                growth.isEmpty() ? "none" : growth));
        assertTrue(allocations >= cycles, "the backend registered what it allocated in every cycle");
        assertTrue(growth.isEmpty(), () -> "after " + cycles + " cycles: " + growth);
        if (cycles >= 200 && before.rssKiB() > 0) {
            assertTrue(
                    rssGrowthKiB < 64 * 1024,
                    () -> "resident memory grew by " + rssGrowthKiB + " KiB between cycle " + cycles / 10 + " and "
                            + cycles);
        }
    }

    /** One engine opened, used through every entry point, closed; returns the allocations its tracker saw. */
    private long leakCycle(List<SharedEngineWorkload.Task> tasks) {
        Spectro engine = Spectro.builder().backend(backendName()).strict(true).build();
        try {
            for (SharedEngineWorkload.Task t : tasks) {
                for (SharedEngineWorkload.Via via : SharedEngineWorkload.Via.values()) {
                    SharedEngineWorkload.run(engine, new SharedEngineWorkload.Task(t.spec(), t.clips(), via));
                }
            }
        } finally {
            engine.close();
        }
        assertEquals(0, engine.resources().liveCount(), () -> engine.resources().describeLive());
        return engine.resources().totalAllocated();
    }

    // ----------------------------------------------------------------------------------------------------------

    /** Prints a line of the reliability figures and appends it to {@code target/reliability-<name>.txt}. */
    private void reliability(String line) {
        System.out.println("[reliability " + backendName() + "] " + line);
        try {
            Path file = Path.of("target", "reliability-" + backendName() + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(String line) {
        System.out.println("[conformance " + backendName() + "] " + line);
        try {
            Files.writeString(report, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shapeString(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : "x").append(shape[i]);
        }
        return b.toString();
    }

    /** {max |a - b|, ||a - b|| / ||b||}. */
    private static double[] diff(float[] a, float[] b) {
        double max = 0;
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            if (Double.isNaN(d)) {
                if (!(Float.isNaN(a[i]) && Float.isNaN(b[i]))) {
                    max = Double.POSITIVE_INFINITY;
                }
                continue;
            }
            if (Double.isInfinite(a[i]) || Double.isInfinite(b[i])) {
                if (a[i] != b[i]) {
                    max = Double.POSITIVE_INFINITY;
                }
                continue;
            }
            max = Math.max(max, Math.abs(d));
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return new double[] {max, den == 0 ? Math.sqrt(num) : Math.sqrt(num / den)};
    }

    private static int firstBitMismatch(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Exact equality of the raw float bits, with the first mismatch in the message. */
    protected static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        int[] e = new int[expected.length];
        int[] a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        int m = firstBitMismatch(expected, actual);
        assertArrayEquals(
                e,
                a,
                () -> what + ": first mismatch at " + m + ": expected " + expected[m] + ", got " + actual[m] + " ("
                        + countMismatches(expected, actual) + " of " + expected.length + " differ)");
    }

    private static int countMismatches(float[] a, float[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                n++;
            }
        }
        return n;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message '" + e.getMessage() + "' should mention " + p);
        }
    }
}
