package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.LogScale;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend in a JVM started without {@code --add-modules jdk.incubator.vector} (the {@code no-vector-api}
 * surefire execution of this module runs this class alone, in such a JVM): it opens, gives the reference bits through
 * its scalar path, warns once about the cost, and {@link RealFftBatch} says what it needs instead of failing to load.
 */
class NoVectorApiTest {
    /** Held so that the logger (and its handler) is not collected while the tests run. */
    private static final Logger JUL = Logger.getLogger("io.spectro");

    private static final List<LogRecord> RECORDS = new ArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (RECORDS) {
                RECORDS.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void capture() {
        JUL.addHandler(CAPTURE);
        JUL.setLevel(Level.ALL);
    }

    @AfterAll
    static void release() {
        JUL.removeHandler(CAPTURE);
    }

    @Test
    void runsWithoutTheVectorModule() {
        // The no-vector-api execution sets this property; it proves the JVM really lacks the module.
        if (Boolean.getBoolean("spectro.test.noVectorApi")) {
            assertFalse(
                    ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                    "this execution must run without --add-modules jdk.incubator.vector");
        }
    }

    @Test
    void realFftBatchSaysWhatItNeedsOrWorks() {
        if (Simd.available()) {
            RealFftBatch b = new RealFftBatch(400);
            assertEquals(201, b.nFreq());
            return;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RealFftBatch(400));
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }

    @Test
    void cpuBackendGivesTheReferenceBitsAndWarnsOnce() {
        List<SpectrogramSpec> specs = List.of(
                Presets.whisper(),
                Presets.kaldi(),
                Presets.librosa().toBuilder()
                        .log(LogScale.Db.librosa())
                        .mfcc(20, 22)
                        .deltas(1)
                        .build(),
                Presets.torchaudio().toBuilder()
                        .complex()
                        .winLength(401)
                        .nFft(401)
                        .build());
        for (int open = 0; open < 2; open++) {
            try (Backend cpu = new CpuBackendProvider().create(BackendConfig.defaults())) {
                if (!Simd.available()) {
                    assertTrue(cpu.deviceName().contains("scalar"), cpu.deviceName());
                }
                for (SpectrogramSpec spec : specs) {
                    assertNull(firstDifference(cpu, spec), spec.summary());
                }
            }
        }
        List<LogRecord> warnings;
        synchronized (RECORDS) {
            warnings = RECORDS.stream()
                    .filter(r -> r.getMessage().contains("jdk.incubator.vector"))
                    .toList();
        }
        if (Simd.modulePresent()) {
            assertEquals(List.of(), warnings);
            return;
        }
        assertEquals(1, warnings.size(), "one warning for two backends");
        LogRecord w = warnings.getFirst();
        assertEquals(Level.WARNING, w.getLevel());
        assertEquals(Simd.MISSING_WARNING, w.getMessage());
        assertFalse(w.getMessage().contains("\n"), "one line");
        assertTrue(w.getMessage().contains("8x slower"), w.getMessage());
        assertTrue(w.getMessage().contains("--add-modules jdk.incubator.vector"), w.getMessage());
    }

    /** The first value where {@code cpu} differs from {@link ReferencePipeline} on a ragged batch, or null. */
    private static String firstDifference(Backend cpu, SpectrogramSpec spec) {
        SpecTables tables = SpecTables.of(spec);
        int[] lengths = {spec.sampleRateHz(), 3 * spec.nFft() + 17, spec.sampleRateHz() / 3};
        float[][] in = new float[lengths.length][];
        int[] frames = new int[lengths.length];
        float[][] out = new float[lengths.length][];
        for (int c = 0; c < lengths.length; c++) {
            in[c] = new float[lengths[c]];
            for (int i = 0; i < lengths[c]; i++) {
                in[c][i] = (float) (0.5 * Math.sin(i * (0.01 + 0.003 * c)) + 0.01 * Math.cos(i * 1.7));
            }
            frames[c] = spec.frameCount(lengths[c]);
            out[c] = new float[(int) spec.outputFloats(frames[c])];
        }
        try (BackendPlan plan = cpu.plan(spec)) {
            plan.execute(ClipBatch.ofArrays(in, frames, out));
        }
        for (int c = 0; c < lengths.length; c++) {
            float[] expected = new float[out[c].length];
            ReferencePipeline.compute(tables, in[c], lengths[c], expected);
            for (int i = 0; i < expected.length; i++) {
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(out[c][i])) {
                    return "clip " + c + " value " + i + ": " + expected[i] + " vs " + out[c][i];
                }
            }
        }
        return null;
    }
}
