package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the computation are reported per input and never lost: a batch that fails is computed input by input,
 * the inputs that still fail are named with their reason in the manifest and the summary (exit status 1), and the
 * others are written exactly as the engine computes them.
 */
class ExtractFailureTest {
    @TempDir
    Path tmp;

    private Path data;
    private Path out;
    private final Map<String, float[]> clips = new LinkedHashMap<>();

    @BeforeEach
    void dataset() throws IOException {
        data = tmp.resolve("data");
        out = tmp.resolve("out");
        int[] lengths = {16000, 12000, 9001, 20000};
        for (int i = 0; i < lengths.length; i++) {
            short[] pcm = TestAudio.pcm16(lengths[i], 1, 100 + i);
            String name = "c" + i + ".wav";
            TestAudio.writeWav16(data.resolve(name), 16000, 1, pcm);
            clips.put(name, TestAudio.monoOf(pcm, 1));
            Files.setLastModifiedTime(data.resolve(name), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
    }

    /** {@code real}, except that whole batches fail and so does the clip of {@code badLength} samples. */
    private static Batcher.Computer failing(Batcher.Computer real, String batchError, int badLength) {
        return new Batcher.Computer() {
            @Override
            public List<Spectrogram> computeBatch(SpectrogramSpec spec, List<float[]> batch) {
                if (batchError != null) {
                    throw new IllegalStateException(batchError);
                }
                return real.computeBatch(spec, batch);
            }

            @Override
            public Spectrogram compute(SpectrogramSpec spec, float[] clip) {
                if (clip.length == badLength) {
                    throw new IllegalStateException("device lost while computing " + clip.length + " samples");
                }
                return real.compute(spec, clip);
            }
        };
    }

    /** {@code spectro extract --preset whisper ...} (or the preset that {@code extra} names) with a wrapped computer. */
    private CliRun extract(UnaryOperator<Batcher.Computer> wrap, String... extra) {
        List<String> args = new ArrayList<>(List.of("extract", "--backend", "cpu"));
        if (!List.of(extra).contains("--preset")) {
            args.addAll(List.of("--preset", "whisper"));
        }
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString(), data.toString()));
        return CliRun.capture((o, e) -> Main.run(
                args.toArray(String[]::new), o, e, new ExtractCommand(o, e, s -> wrap.apply(Batcher.Computer.of(s)))));
    }

    private Map<String, List<String>> manifest() throws IOException {
        List<List<String>> rows = Csv.parse(Files.readString(out.resolve(Manifest.CSV)));
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            bySource.put(data.relativize(Path.of(row.get(0))).toString(), row);
        }
        return bySource;
    }

    /** {@code name}'s output is what the engine computes for it. */
    private void assertWritten(String name) throws IOException {
        String stem = name.substring(0, name.indexOf('.'));
        try (Spectro engine = Spectro.builder().backend("cpu").build()) {
            Spectrogram expected = engine.compute(Presets.whisper(), clips.get(name));
            assertArrayEquals(
                    expected.data(), Npy.read(out.resolve(stem + ".npy")).data(), name);
        }
    }

    @Test
    void failingBatchIsComputedInputByInputAndTheFaultyInputIsNamed() throws IOException {
        CliRun r = extract(c -> failing(c, "CL_OUT_OF_RESOURCES in the batch", 9001));
        assertEquals(1, r.status(), r.toString());
        assertTrue(
                r.err()
                        .contains("spectro: a batch of 4 inputs at 16000 Hz failed (CL_OUT_OF_RESOURCES in the batch);"
                                + " computing them one by one"),
                r.toString());
        String reason = "device lost while computing 9001 samples";
        assertTrue(r.out().contains("done: 3 of 4 ok, 1 failed"), r.toString());
        assertTrue(r.out().contains("  FAILED " + data.resolve("c2.wav") + ": " + reason + "\n"), r.toString());
        Map<String, List<String>> m = manifest();
        assertEquals(4, m.size());
        List<String> bad = m.get("c2.wav");
        assertEquals(reason, bad.get(9));
        assertEquals("", bad.get(8), "no output");
        assertEquals("16000", bad.get(2), "what was decoded is still recorded");
        assertFalse(Files.exists(out.resolve("c2.npy")));
        for (String ok : List.of("c0.wav", "c1.wav", "c3.wav")) {
            assertEquals("ok", m.get(ok).get(9), ok);
            assertWritten(ok);
        }
    }

    @Test
    void failingBatchWhoseInputsAllComputeAloneIsSaidButNothingFails() throws IOException {
        CliRun r = extract(c -> failing(c, "transient batch failure", -1));
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("failed (transient batch failure); computing them one by one"), r.toString());
        for (String name : clips.keySet()) {
            assertWritten(name);
        }
    }

    @Test
    void aBatchOfOneFailsWithTheBatchsReason() throws IOException {
        // 1 s of audio per batch: every input is its own batch.
        CliRun r = extract(c -> failing(c, "kernel launch failed", -1), "--batch-seconds", "0.5");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().contains("done: 0 of 4 ok, 4 failed"), r.toString());
        for (List<String> row : manifest().values()) {
            assertEquals("kernel launch failed", row.get(9));
        }
        assertTrue(r.out().contains("FAILED " + data.resolve("c0.wav") + ": kernel launch failed"), r.toString());
    }

    @Test
    void aBackendThatReturnsTooFewResultsFailsTheBatchNotTheRun() throws IOException {
        CliRun r = extract(c -> new Batcher.Computer() {
            @Override
            public List<Spectrogram> computeBatch(SpectrogramSpec spec, List<float[]> batch) {
                return c.computeBatch(spec, batch.subList(1, batch.size()));
            }

            @Override
            public Spectrogram compute(SpectrogramSpec spec, float[] clip) {
                return c.compute(spec, clip);
            }
        });
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("(the backend returned 3 results for 4 clips)"), r.toString());
        for (String name : clips.keySet()) {
            assertWritten(name);
        }
    }

    @Test
    void npzArchiveKeepsTheInputsThatComputed() throws IOException {
        CliRun r = extract(c -> failing(c, "batch failed", 12000), "--format", "npz");
        assertEquals(1, r.status(), r.toString());
        assertEquals(
                List.of("c0", "c2", "c3"),
                List.copyOf(io.spectro.io.Npz.read(out.resolve("data.npz")).keySet()));
        assertEquals(
                "device lost while computing 12000 samples",
                manifest().get("c1.wav").get(9));
    }

    @Test
    void specJsonOfAnEarlierVersionStillSkipsUpToDateInputs() throws IOException {
        CliRun first = extract(UnaryOperator.identity(), "--preset", "torchaudio");
        assertEquals(0, first.status(), first.toString());
        // As the previous version wrote it: fmax resolved, integers without a fraction.
        Files.writeString(out.resolve(Manifest.SPEC_JSON), SpecJsonTest.LEGACY_TORCHAUDIO);
        CliRun again = extract(UnaryOperator.identity(), "--preset", "torchaudio");
        assertTrue(again.out().contains("(4 up to date, skipped)"), again.toString());
        assertEquals(List.of(Presets.torchaudio()), SpecJson.read(Files.readString(out.resolve(Manifest.SPEC_JSON))));
        // A spec.json that is not a spec: every input is computed, and the reason is one line.
        Files.writeString(out.resolve(Manifest.SPEC_JSON), "{\"n_fft\": \"big\"}");
        CliRun unreadable = extract(UnaryOperator.identity(), "--preset", "torchaudio");
        assertEquals(0, unreadable.status(), unreadable.toString());
        assertFalse(unreadable.out().contains("up to date"), unreadable.toString());
        assertTrue(
                unreadable
                        .err()
                        .contains("spec.json cannot be read (sample_rate_hz is missing); every input is" + " computed"),
                unreadable.toString());
    }
}
