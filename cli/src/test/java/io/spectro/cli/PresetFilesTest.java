package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Preset;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.AudioClip;
import io.spectro.audio.AudioDecoder;
import io.spectro.audio.ChannelMode;
import io.spectro.conformance.GoldenConfig;
import io.spectro.conformance.GoldenFiles;
import io.spectro.conformance.GoldenStages;
import io.spectro.conformance.GoldenTolerance;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset from an audio FILE, as a user runs it: {@code spectro extract --preset NAME speech.wav}, and the API on
 * the decoded WAV, against the reference library's output on the same file (the golden fixtures with a {@code wav},
 * made by {@code tools/golden/make_golden.py}: for kaldi, {@code kaldi.fbank} on the file's 16-bit values; for the
 * others the library's own recipe on the audio in [-1, 1)). No caller scales anything by hand.
 */
class PresetFilesTest {
    @TempDir
    static Path tmp;

    private static Spectro engine;

    @BeforeAll
    static void open() {
        engine = Spectro.builder().backend("cpu").build();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static Stream<GoldenConfig> wavConfigs() {
        return GoldenConfig.all().stream().filter(c -> c.wav() != null);
    }

    private static Path wavFile(GoldenConfig cfg) throws IOException {
        Path p = tmp.resolve(cfg.name()).resolve(cfg.wav());
        Files.createDirectories(p.getParent());
        Files.write(p, GoldenFiles.bytes(cfg.wav()));
        return p;
    }

    private static void assertMatchesGolden(GoldenConfig cfg, float[] samples, int[] shape, float[] actual) {
        int[] expectedShape = cfg.expected().get(0).shape();
        assertArrayEquals(expectedShape, shape, cfg + ": shape");
        GoldenTolerance.Verdict v = GoldenStages.check(
                cfg, 0, samples, actual, other -> engine.compute(other, samples).data());
        System.out.printf("[preset files] %-26s maxAbs %9.3g worst/bound %.3g%n", cfg.name(), v.maxAbs(), v.worst());
        assertTrue(v.ok(), () -> cfg + ": worst/bound " + v.worst() + " at " + v.where() + " (" + v.criterion() + ")");
    }

    private static float[] decode(GoldenConfig cfg, Path wav) throws IOException {
        AudioClip clip = AudioDecoder.decode(wav, ChannelMode.MIX_TO_MONO);
        assertEquals(cfg.spec().sampleRateHz(), clip.sampleRateHz(), "the file is at the preset's rate");
        float[] x = clip.samples();
        assertArrayEquals(cfg.inputs().get(0), x, "the decoder gives the 16-bit values / 32768");
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wavConfigs")
    void apiOnTheDecodedFileGivesTheLibrarysOutput(GoldenConfig cfg) throws IOException {
        float[] x = decode(cfg, wavFile(cfg));
        SpectrogramSpec spec = Preset.parse(cfg.preset()).spec();
        Spectrogram s = engine.compute(spec, x);
        assertMatchesGolden(cfg, x, s.shape(), s.data());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wavConfigs")
    void extractOnTheFileGivesTheLibrarysOutput(GoldenConfig cfg) throws IOException {
        Path wav = wavFile(cfg);
        Path out = tmp.resolve(cfg.name()).resolve("out");
        CliRun r = CliRun.of(
                "extract", "--backend", "cpu", "--preset", cfg.preset(), "--out", out.toString(), wav.toString());
        assertEquals(0, r.status(), r.toString());
        String stem = cfg.wav().substring(0, cfg.wav().lastIndexOf('.'));
        NpyArray a = Npy.read(out.resolve(stem + ".npy"));
        assertMatchesGolden(cfg, cfg.inputs().get(0), a.shape(), a.data());
    }
}
