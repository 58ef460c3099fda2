package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.Resampler;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spectro extract} on {@code .npy} waveforms gives exactly what the engine computes. */
class ExtractNpyTest {
    @TempDir
    Path tmp;

    private static Spectro engine;

    @BeforeAll
    static void open() {
        engine = Spectro.builder().backend("cpu").build();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static float[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1) * 0.5f;
        }
        return x;
    }

    private Path npy(String name, float[] data, int... shape) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, Npy.toBytes(data, shape));
        return p;
    }

    private static void assertSame(Spectrogram expected, Path file) throws IOException {
        NpyArray a = Npy.read(file);
        assertArrayEquals(expected.shape(), a.shape(), file.toString());
        assertEquals("<f4", a.dtype());
        assertArrayEquals(expected.data(), a.data(), file.toString());
    }

    @Test
    void presetOutputIsTheEnginesExactly() throws IOException {
        float[] x = noise(16000 * 2 + 123, 1);
        Path in = npy("clip.npy", x, x.length);
        Path out = tmp.resolve("out");
        CliRun r =
                CliRun.of("extract", "--backend", "cpu", "--preset", "whisper", "--out", out.toString(), in.toString());
        assertEquals(0, r.status(), r.toString());
        assertSame(engine.compute(Presets.whisper(), x), out.resolve("clip.npy"));
        assertTrue(r.out().contains("done: 1 of 1 ok"), r.toString());
    }

    @Test
    void specFlagsWithoutPresetAreLibrosaBasedAtTheInputRate() throws IOException {
        float[] a = noise(22050 + 7, 2);
        float[] b = noise(5000, 3);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of(
                "extract",
                "--backend",
                "cpu",
                "--input-rate",
                "22050",
                "--n-fft",
                "512",
                "--hop-length",
                "128",
                "--n-mels",
                "40",
                "--db",
                "--top-db",
                "60",
                "--out",
                out.toString(),
                npy("a.npy", a, a.length).toString(),
                npy("b.npy", b, b.length).toString());
        assertEquals(0, r.status(), r.toString());
        SpectrogramSpec spec = Presets.librosa().toBuilder()
                .nFft(512)
                .winLength(512)
                .hopLength(128)
                .mel(40)
                .log(new io.spectro.LogScale.Db(10, 1e-10, 1, 60))
                .build();
        List<Spectrogram> expected = engine.computeBatch(spec, List.of(a, b));
        assertSame(expected.get(0), out.resolve("a.npy"));
        assertSame(expected.get(1), out.resolve("b.npy"));
        assertEquals(List.of(spec), SpecJson.read(Files.readString(out.resolve("spec.json"))));
    }

    @Test
    void npyAtAnotherRateIsResampled() throws IOException {
        float[] x = noise(8000, 4);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of(
                "extract",
                "--backend",
                "cpu",
                "--preset",
                "torchaudio",
                "--input-rate",
                "8000",
                "--out",
                out.toString(),
                npy("x.npy", x, x.length).toString());
        assertEquals(0, r.status(), r.toString());
        float[] resampled = Resampler.of(8000, 16000).process(x);
        assertSame(engine.compute(Presets.torchaudio(), resampled), out.resolve("x.npy"));
        String manifest = Files.readString(out.resolve("manifest.csv"));
        assertTrue(manifest.contains(",8000,1,npy <f4,1.000000,16000,"), manifest);
    }

    @Test
    void badNpyInputsAreReportedAndTheRestIsWritten() throws IOException {
        float[] good = noise(4000, 5);
        float[] nan = noise(4000, 6);
        nan[17] = Float.NaN;
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of(
                "extract",
                "--backend",
                "cpu",
                "--preset",
                "whisper",
                "--out",
                out.toString(),
                npy("good.npy", good, good.length).toString(),
                npy("two_d.npy", new float[6], 2, 3).toString(),
                npy("nan.npy", nan, nan.length).toString(),
                npy("short.npy", new float[100], 100).toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(Files.exists(out.resolve("good.npy")));
        String manifest = Files.readString(out.resolve("manifest.csv"));
        assertTrue(manifest.contains("expected a 1-D waveform in the .npy, got shape [2, 3]"), manifest);
        assertTrue(manifest.contains("sample 17 is NaN; every sample must be finite"), manifest);
        assertTrue(manifest.contains("reflect padding of nFft/2 = 200 needs more than 200"), manifest);
        assertTrue(r.out().contains("done: 1 of 4 ok, 3 failed"), r.toString());
        assertEquals(
                1, Files.list(out).filter(p -> p.toString().endsWith(".npy")).count());
    }
}
