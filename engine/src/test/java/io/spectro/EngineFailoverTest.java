package io.spectro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend failing during a batch (scripted: a failed launch, out of memory, a lost device) costs no clip: the engine
 * splits the batch (out of memory) or recomputes it on the next backend ({@code reference}, registered in the test
 * resources, after {@code absent}, which is unavailable, {@code broken}, which does not open, and {@code working},
 * which cannot plan), reports it once in the log and in every result, and the results equal the reference's.
 */
class EngineFailoverTest {
    private static final SpectrogramSpec SPEC = Presets.whisper();

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private ScriptedBackend flaky;

    @BeforeEach
    void listen() {
        Logger.getLogger("io.spectro").addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("io.spectro").removeHandler(handler);
    }

    private Spectro engine(boolean strict) {
        return Spectro.builder()
                .provider(ScriptedBackend.provider("flaky", c -> flaky = new ScriptedBackend("flaky", c.tracker())))
                .strict(strict)
                .build();
    }

    static List<float[]> clips(long seed, int... lengths) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (int n : lengths) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() - 0.5);
            }
            out.add(x);
        }
        return out;
    }

    static float[] reference(SpectrogramSpec spec, float[] x) {
        float[] out = new float[(int) spec.outputFloats(spec.frameCount(x.length))];
        ReferencePipeline.compute(SpecTables.of(spec), x, x.length, out);
        return out;
    }

    private static void assertReference(List<float[]> clips, List<Spectrogram> got) {
        assertEquals(clips.size(), got.size(), "no clip lost");
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(reference(SPEC, clips.get(i)), got.get(i).data(), "clip " + i);
        }
    }

    private List<LogRecord> warnings() {
        synchronized (logged) {
            return logged.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        }
    }

    @Test
    void aFailedLaunchRecomputesTheBatchOnTheNextBackendAndSaysSoOnce() {
        try (Spectro engine = engine(false)) {
            flaky.failure = b -> new BackendException("launch(frame_stage): CL_OUT_OF_RESOURCES (scripted)");
            List<float[]> clips = clips(1, 16000, 3000, 9000);
            for (int round = 0; round < 3; round++) {
                List<Spectrogram> got = engine.computeBatch(SPEC, clips);
                assertReference(clips, got);
                for (Spectrogram s : got) {
                    assertEquals("reference", s.backend());
                    String note = s.fallbackNote().orElseThrow();
                    assertTrue(note.startsWith("flaky failed (launch(frame_stage)"), note);
                    assertTrue(note.contains("recomputed on working; then working failed"), note);
                    assertTrue(note.endsWith("recomputed on reference"), note);
                }
            }
            assertEquals(3, flaky.executions.get(), "a failed launch does not retire the device");
            assertEquals(2, warnings().size(), "flaky->working and working->reference, once each: " + warnings());
            assertEquals(
                    2, engine.fallbackNotes().size(), engine.fallbackNotes().toString());
            flaky.failure = b -> null;
            Spectrogram healthy = engine.compute(SPEC, clips.get(0));
            assertEquals("flaky", healthy.backend());
            assertTrue(healthy.fallbackNote().isEmpty());
        }
    }

    @Test
    void outOfMemorySplitsTheBatchBeforeGivingUp() {
        try (Spectro engine = engine(false)) {
            flaky.failure = ScriptedBackend.outOfMemoryAbove(2, Long.MAX_VALUE);
            List<float[]> clips = clips(2, 4000, 5000, 6000, 7000, 8000, 9000, 10000);
            List<Spectrogram> got = engine.computeBatch(SPEC, clips);
            assertReference(clips, got);
            for (Spectrogram s : got) {
                assertEquals("flaky", s.backend(), "halves fit: nothing moved to another backend");
                assertTrue(s.fallbackNote().isEmpty());
            }
            // 7 -> 3 + 4 -> (1 + 2) + (2 + 2)
            assertEquals(List.of(7, 3, 1, 2, 4, 2, 2), flaky.batchSizes);
            assertEquals(1, engine.fallbackNotes().size());
            assertTrue(engine.fallbackNotes().get(0).contains("ran out of memory on a batch of 7 clips"));
            assertTrue(warnings().isEmpty(), "a split is not a warning");
        }
    }

    @Test
    void aClipThatDoesNotFitAloneGoesToTheNextBackendAndTheOthersStay() {
        try (Spectro engine = engine(false)) {
            flaky.failure = ScriptedBackend.outOfMemoryAbove(Integer.MAX_VALUE, 20000);
            List<float[]> clips = clips(3, 4000, 30000, 6000);
            List<Spectrogram> got = engine.computeBatch(SPEC, clips);
            assertReference(clips, got);
            assertEquals("flaky", got.get(0).backend());
            assertEquals("reference", got.get(1).backend());
            assertTrue(got.get(1).fallbackNote().orElseThrow().startsWith("flaky ran out of memory"));
            assertEquals("flaky", got.get(2).backend());
        }
    }

    @Test
    void aLostDeviceIsNotUsedAgain() {
        try (Spectro engine = engine(false)) {
            flaky.failure =
                    b -> new BackendException(BackendException.Kind.DEVICE_LOST, "device removed (scripted)", null);
            List<float[]> clips = clips(4, 12000, 7000);
            assertReference(clips, engine.computeBatch(SPEC, clips));
            int calls = flaky.executions.get();
            List<Spectrogram> later = engine.computeBatch(SPEC, clips);
            assertReference(clips, later);
            try (SpectrogramPlan plan = engine.plan(Presets.librosa())) {
                Spectrogram s = plan.compute(clips.get(0));
                assertEquals("reference", s.backend());
            }
            assertEquals(calls, flaky.executions.get(), "nothing more ran on the lost device");
            String note = later.get(0).fallbackNote().orElseThrow();
            assertTrue(note.contains("flaky lost its device (device removed (scripted))"), note);
        }
    }

    @Test
    void zeroCopyBatchesFallBackToo() {
        try (Spectro engine = engine(false);
                SpectrogramPlan plan = engine.plan(SPEC);
                Arena arena = Arena.ofConfined()) {
            flaky.failure = b -> new BackendException("download: CL_INVALID_COMMAND_QUEUE (scripted)");
            List<float[]> clips = clips(5, 5000, 8000);
            BatchLayout layout = plan.layout(5000, 8000);
            MemorySegment in = arena.allocate(13000L * 4);
            MemorySegment.copy(clips.get(0), 0, in, ValueLayout.JAVA_FLOAT, 0, 5000);
            MemorySegment.copy(clips.get(1), 0, in, ValueLayout.JAVA_FLOAT, 5000L * 4, 8000);
            MemorySegment out = arena.allocate(layout.totalBytes());
            plan.execute(in, new long[] {0, 5000}, layout, out);
            for (int i = 0; i < 2; i++) {
                float[] got = out.asSlice(layout.outputOffset(i) * 4, layout.outputFloats(i) * 4)
                        .toArray(ValueLayout.JAVA_FLOAT);
                assertArrayEquals(reference(SPEC, clips.get(i)), got);
            }
        }
    }

    @Test
    void aStrictEngineThrowsTheFailure() {
        try (Spectro engine = engine(true)) {
            BackendException failure = new BackendException("launch: CL_OUT_OF_RESOURCES (scripted)");
            flaky.failure = b -> failure;
            BackendException e =
                    assertThrows(BackendException.class, () -> engine.computeBatch(SPEC, clips(6, 5000, 6000)));
            assertSame(failure, e);
            flaky.failure = ScriptedBackend.outOfMemoryAbove(1, Long.MAX_VALUE);
            e = assertThrows(BackendException.class, () -> engine.computeBatch(SPEC, clips(6, 5000, 6000)));
            assertEquals(BackendException.Kind.OUT_OF_MEMORY, e.kind(), "no split either");
            assertTrue(engine.fallbackNotes().isEmpty());
        }
    }

    @Test
    void whenNoLaterBackendCanTakeOverTheFailureCarriesEveryReason() {
        // The reference engine's own failures have nowhere to go: it is the last backend.
        try (Spectro engine = Spectro.builder()
                .provider(ScriptedBackend.provider(
                        "reference", c -> flaky = new ScriptedBackend("reference", c.tracker())))
                .build()) {
            flaky.failure = b -> new BackendException("scripted failure of the last backend");
            BackendException e = assertThrows(BackendException.class, () -> engine.computeBatch(SPEC, clips(7, 5000)));
            assertEquals("scripted failure of the last backend", e.getMessage());
        }
    }

    @Test
    void concurrentFailuresLoseNothing() throws InterruptedException {
        try (Spectro engine = engine(false)) {
            AtomicInteger n = new AtomicInteger();
            flaky.failure = b -> n.incrementAndGet() % 3 == 0
                    ? new BackendException(BackendException.Kind.OUT_OF_MEMORY, "scripted", null)
                    : n.get() % 5 == 0 ? new BackendException("scripted launch failure") : null;
            List<Thread> threads = new ArrayList<>();
            List<Throwable> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = 100 + t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int k = 0; k < 10; k++) {
                            List<float[]> clips = clips(seed * 31 + k, 3000, 5000 + 100 * k, 4000, 2000);
                            assertReference(clips, engine.computeBatch(SPEC, clips));
                        }
                    } catch (Throwable e) {
                        problems.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(problems.isEmpty(), () -> problems.toString());
        }
    }
}
