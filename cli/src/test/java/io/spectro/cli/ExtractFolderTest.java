package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import io.spectro.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labelled dataset: {@code data/dog/{a,b}.wav}, {@code data/cat/{c.wav (stereo), broken.wav}}, {@code
 * data/cat/kitten/d.WAV}: manifest, labels, outputs, one broken file, skip on re-run, {@code --force}, exit status,
 * npz and no temporary files left.
 */
class ExtractFolderTest {
    @TempDir
    Path tmp;

    private Path data;
    private Path out;
    private final Map<String, float[]> mono = new LinkedHashMap<>();
    private static Spectro engine;

    @BeforeAll
    static void open() {
        engine = Spectro.builder().backend("cpu").build();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @BeforeEach
    void dataset() throws IOException {
        data = tmp.resolve("data");
        out = tmp.resolve("feats");
        wav("dog/a.wav", 16000 + 321, 1, 1);
        wav("dog/b.wav", 8000, 1, 2);
        wav("cat/c.wav", 12345, 2, 3);
        wav("cat/kitten/d.WAV", 4000, 1, 4);
        Files.writeString(data.resolve("cat/broken.wav"), "this is not a WAV file at all, just text\n");
        Files.writeString(data.resolve("cat/notes.txt"), "ignored: not audio\n");
        Files.createDirectories(data.resolve(".hidden"));
        Files.writeString(data.resolve(".hidden/x.wav"), "ignored: hidden\n");
        // Inputs older than anything written by the runs.
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            }
        }
    }

    private void wav(String rel, int frames, int channels, long seed) throws IOException {
        short[] s = TestAudio.pcm16(frames, channels, seed);
        TestAudio.writeWav16(data.resolve(rel), 16000, channels, s);
        mono.put(rel, TestAudio.monoOf(s, channels));
    }

    private CliRun extract(String... extra) {
        List<String> args = new ArrayList<>(List.of("extract", "--backend", "cpu", "--preset", "torchaudio"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString(), data.toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    private List<List<String>> manifest() throws IOException {
        return Csv.parse(Files.readString(out.resolve("manifest.csv")));
    }

    private static Map<String, Long> mtimes(Path dir) throws IOException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                m.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
            }
        }
        return m;
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX))
                    .toList();
            assertEquals(List.of(), temps);
        }
        assertEquals(List.of(), AtomicFiles.openTemporaryFiles());
    }

    @Test
    void labelledFolderWithOneBrokenFile() throws IOException {
        CliRun r = extract("--labels", "dirs");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().contains("done: 4 of 5 ok, 1 failed"), r.toString());
        assertTrue(r.out().contains("FAILED " + data.resolve("cat/broken.wav")), r.toString());

        List<List<String>> m = manifest();
        assertEquals(ManifestRow.HEADER, m.get(0));
        assertEquals(6, m.size(), m.toString());
        // Grouped by folder, in path order.
        List<String> sources = m.subList(1, 6).stream().map(row -> row.get(0)).toList();
        assertEquals(
                List.of("cat/broken.wav", "cat/c.wav", "cat/kitten/d.WAV", "dog/a.wav", "dog/b.wav").stream()
                        .map(s -> data.resolve(s).toString())
                        .toList(),
                sources);
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (List<String> row : m.subList(1, 6)) {
            bySource.put(data.relativize(Path.of(row.get(0))).toString(), row);
        }
        List<String> broken = bySource.get("cat/broken.wav");
        assertEquals("cat", broken.get(1));
        assertFalse(broken.get(9).equals("ok"));
        assertTrue(broken.get(9).contains("RIFF") || broken.get(9).toLowerCase().contains("wav"), broken.get(9));
        assertEquals("", broken.get(8), "no output for a failed input");

        assertEquals(
                List.of(
                        data.resolve("cat/c.wav").toString(),
                        "cat",
                        "16000",
                        "2",
                        "PCM signed 16-bit",
                        "0.771563",
                        "16000",
                        Integer.toString(Presets.torchaudio().frameCount(12345)),
                        "cat/c.npy",
                        "ok"),
                bySource.get("cat/c.wav"));
        assertEquals("kitten", bySource.get("cat/kitten/d.WAV").get(1));
        assertEquals("cat/kitten/d.npy", bySource.get("cat/kitten/d.WAV").get(8));
        assertEquals("dog", bySource.get("dog/a.wav").get(1));

        for (Map.Entry<String, float[]> e : mono.entrySet()) {
            String stem = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            Spectrogram expected = engine.compute(Presets.torchaudio(), e.getValue());
            NpyArray got = Npy.read(out.resolve(stem + ".npy"));
            assertArrayEquals(expected.shape(), got.shape(), stem);
            assertArrayEquals(expected.data(), got.data(), stem);
        }
        assertEquals(List.of(Presets.torchaudio()), SpecJson.read(Files.readString(out.resolve("spec.json"))));
        assertFalse(Files.exists(out.resolve("cat/notes.npy")));
        assertFalse(Files.exists(out.resolve(".hidden")));
        assertNoTemporaryFiles();
    }

    @Test
    void rerunSkipsUpToDateOutputsAndForceRedoesThem() throws IOException {
        assertEquals(1, extract("--labels", "dirs").status());
        // Make the outputs measurably older than "now" but newer than the inputs.
        long written = System.currentTimeMillis() - 60_000;
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(written));
            }
        }
        String firstManifest = Files.readString(out.resolve("manifest.csv"));
        Map<String, Long> before = mtimes(out);

        CliRun again = extract("--labels", "dirs");
        assertEquals(1, again.status(), "the broken file still fails: " + again);
        assertTrue(again.out().contains("(4 up to date, skipped)"), again.toString());
        assertTrue(again.out().contains("done: 4 of 5 ok (4 up to date), 1 failed"), again.toString());
        Map<String, Long> after = mtimes(out);
        for (String f : List.of("dog/a.npy", "dog/b.npy", "cat/c.npy", "cat/kitten/d.npy")) {
            assertEquals(before.get(f), after.get(f), f + " was rewritten");
        }
        assertEquals(firstManifest, Files.readString(out.resolve("manifest.csv")));

        // A touched input is redone, the others are not.
        Files.setLastModifiedTime(data.resolve("dog/b.wav"), FileTime.fromMillis(System.currentTimeMillis()));
        CliRun touched = extract("--labels", "dirs");
        assertTrue(touched.out().contains("(3 up to date, skipped)"), touched.toString());
        assertNotEquals(before.get("dog/b.npy"), mtimes(out).get("dog/b.npy"));
        assertEquals(before.get("dog/a.npy"), mtimes(out).get("dog/a.npy"));

        // Another spec redoes everything.
        CliRun otherSpec = extract("--labels", "dirs", "--n-mels", "40");
        assertFalse(otherSpec.out().contains("up to date"), otherSpec.toString());
        assertEquals(40, Npy.read(out.resolve("dog/a.npy")).dim(0));

        // --force redoes everything even when up to date.
        extract("--labels", "dirs", "--n-mels", "40");
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(written));
            }
        }
        CliRun forced = extract("--labels", "dirs", "--n-mels", "40", "--force");
        assertFalse(forced.out().contains("up to date"), forced.toString());
        assertNotEquals(
                written, Files.getLastModifiedTime(out.resolve("dog/a.npy")).toMillis());

        // Without the broken file the run succeeds.
        Files.delete(data.resolve("cat/broken.wav"));
        CliRun clean = extract("--labels", "dirs", "--n-mels", "40");
        assertEquals(0, clean.status(), clean.toString());
        assertTrue(clean.out().contains("done: 4 of 4 ok (4 up to date)"), clean.toString());
        assertNoTemporaryFiles();
    }

    @Test
    void labelsFromCsvAndMissingLabelsFail() throws IOException {
        Path csv = tmp.resolve("labels.csv");
        Files.writeString(
                csv,
                "path,label\n"
                        + "dog/a.wav,bark\n"
                        + "\"dog/b.wav\",\"growl, low\"\n"
                        + data.resolve("cat/c.wav").toAbsolutePath() + ",meow\n"
                        + "cat/broken.wav,noise\n");
        CliRun r = extract("--labels", csv.toString());
        assertEquals(1, r.status(), r.toString());
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (List<String> row : manifest().subList(1, 6)) {
            bySource.put(data.relativize(Path.of(row.get(0))).toString(), row);
        }
        assertEquals("bark", bySource.get("dog/a.wav").get(1));
        assertEquals("growl, low", bySource.get("dog/b.wav").get(1));
        assertEquals("meow", bySource.get("cat/c.wav").get(1));
        assertEquals("noise", bySource.get("cat/broken.wav").get(1));
        assertEquals(
                "no label for this file in " + csv,
                bySource.get("cat/kitten/d.WAV").get(9));
        assertFalse(Files.exists(out.resolve("cat/kitten/d.npy")));
    }

    @Test
    void npzHasOneArchivePerFolderWithTheSameArrays() throws IOException {
        CliRun r = extract("--format", "npz", "--labels", "dirs");
        assertEquals(1, r.status(), r.toString());
        Map<String, NpyArray> dog = Npz.read(out.resolve("dog.npz"));
        assertEquals(List.of("a", "b"), List.copyOf(dog.keySet()));
        Map<String, NpyArray> cat = Npz.read(out.resolve("cat.npz"));
        assertEquals(List.of("c"), List.copyOf(cat.keySet()), "broken.wav failed, so it is not in the archive");
        assertEquals(
                List.of("d"),
                List.copyOf(Npz.read(out.resolve("cat/kitten.npz")).keySet()));
        Spectrogram a = engine.compute(Presets.torchaudio(), mono.get("dog/a.wav"));
        assertArrayEquals(a.shape(), dog.get("a").shape());
        assertArrayEquals(a.data(), dog.get("a").data());
        String manifest = Files.readString(out.resolve("manifest.csv"));
        assertTrue(manifest.contains(",dog.npz:a,ok\n"), manifest);
        assertTrue(manifest.contains(",cat/kitten.npz:d,ok\n"), manifest);

        // Re-run: every archive whose inputs are all up to date is skipped.
        long old = System.currentTimeMillis() - 60_000;
        for (String f : List.of("dog.npz", "cat.npz", "cat/kitten.npz", "manifest.csv", "spec.json")) {
            Files.setLastModifiedTime(out.resolve(f), FileTime.fromMillis(old));
        }
        CliRun again = extract("--format", "npz", "--labels", "dirs");
        // cat.npz is redone: one of its inputs (broken.wav) has no output, so the folder is not complete.
        assertTrue(again.out().contains("(3 up to date, skipped)"), again.toString());
        assertEquals(old, Files.getLastModifiedTime(out.resolve("dog.npz")).toMillis());
        assertNoTemporaryFiles();
    }

    @Test
    void flacIsDecodedInProcess() throws Exception {
        java.util.Optional<Path> ffmpeg = io.spectro.audio.AudioDecoder.findFfmpeg();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ffmpeg.isPresent(), "ffmpeg is not on the PATH: no FLAC file can be made here");
        Path flac = data.resolve("bird/e.flac");
        Files.createDirectories(flac.getParent());
        Process p = new ProcessBuilder(
                        ffmpeg.get().toString(),
                        "-nostdin",
                        "-v",
                        "error",
                        "-i",
                        data.resolve("dog/a.wav").toString(),
                        "-c:a",
                        "flac",
                        flac.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        CliRun r = extract("--labels", "dirs");
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (List<String> row : manifest().subList(1, manifest().size())) {
            bySource.put(data.relativize(Path.of(row.get(0))).toString(), row);
        }
        List<String> e = bySource.get("bird/e.flac");
        assertEquals("ok", e.get(9), r.toString());
        assertEquals("bird", e.get(1));
        assertEquals("FLAC 16-bit", e.get(4), "decoded in-process by the pure-Java FLAC decoder");
        // FLAC is lossless: the features are those of the WAV it was made from.
        assertArrayEquals(
                Npy.read(out.resolve("dog/a.npy")).data(),
                Npy.read(out.resolve("bird/e.npy")).data());
    }

    @Test
    void nativeRatesGetOneSpecEachAndStillSkipOnRerun() throws IOException {
        Path mixed = tmp.resolve("mixed");
        short[] s = TestAudio.pcm16(9000, 1, 11);
        TestAudio.writeWav16(mixed.resolve("a16k.wav"), 16000, 1, s);
        TestAudio.writeWav16(mixed.resolve("b8k.wav"), 8000, 1, s);
        for (String f : List.of("a16k.wav", "b8k.wav")) {
            Files.setLastModifiedTime(mixed.resolve(f), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        String[] args = {"extract", "--backend", "cpu", "--n-mels", "32", "--out", out.toString(), mixed.toString()};
        CliRun r = CliRun.of(args);
        assertEquals(0, r.status(), r.toString());
        float[] x = TestAudio.monoOf(s, 1);
        io.spectro.SpectrogramSpec at8k =
                Presets.librosa().toBuilder().sampleRateHz(8000).mel(32).build();
        assertArrayEquals(
                engine.compute(at8k, x).data(), Npy.read(out.resolve("b8k.npy")).data());
        String specJson = Files.readString(out.resolve("spec.json"));
        assertTrue(specJson.contains("\"sample_rate\": \"native\""), specJson);
        assertEquals(
                List.of(at8k, at8k.withSampleRate(16000)), SpecJson.read(specJson), "one spec per rate, in rate order");
        CliRun again = CliRun.of(args);
        assertTrue(again.out().contains("(2 up to date, skipped)"), again.toString());
        // Asking for a fixed rate changes the spec of the 8 kHz file (resampled) and of both specs' JSON.
        CliRun fixed = CliRun.of(
                "extract",
                "--backend",
                "cpu",
                "--n-mels",
                "32",
                "--sample-rate",
                "16000",
                "--out",
                out.toString(),
                mixed.toString());
        assertTrue(fixed.out().contains("(1 up to date, skipped)"), fixed.toString());
        assertEquals(
                List.of(Presets.librosa().toBuilder()
                        .sampleRateHz(16000)
                        .mel(32)
                        .build()),
                SpecJson.read(Files.readString(out.resolve("spec.json"))));
    }

    @Test
    void channelSelectsOneChannel() throws IOException {
        short[] stereo = TestAudio.pcm16(6000, 2, 12);
        Path dir = tmp.resolve("stereo");
        TestAudio.writeWav16(dir.resolve("s.wav"), 16000, 2, stereo);
        CliRun r = CliRun.of(
                "extract",
                "--backend",
                "cpu",
                "--preset",
                "whisper",
                "--channel",
                "1",
                "--out",
                out.toString(),
                dir.toString());
        assertEquals(0, r.status(), r.toString());
        float[] right = new float[6000];
        for (int i = 0; i < right.length; i++) {
            right[i] = stereo[2 * i + 1] / 32768f;
        }
        assertArrayEquals(
                engine.compute(Presets.whisper(), right).data(),
                Npy.read(out.resolve("s.npy")).data());
        CliRun bad =
                CliRun.of("extract", "--backend", "cpu", "--channel", "2", "--out", out.toString(), dir.toString());
        assertEquals(1, bad.status(), bad.toString());
        assertTrue(bad.out().contains("channel 2 selected but the audio has 2 channels (valid: 0..1)"), bad.toString());
        assertEquals(
                2,
                CliRun.of("extract", "--channel", "left", "--out", "x", dir.toString())
                        .status());
    }

    @Test
    void pngPreviewsAreValidImages() throws IOException {
        CliRun r = extract("--png", "--colormap", "magma");
        assertEquals(1, r.status(), r.toString());
        Path png = out.resolve("dog/a.png");
        byte[] bytes = Files.readAllBytes(png);
        PngTest.assertValidPng(bytes);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100, img.toString());
        assertTrue(Files.exists(out.resolve("cat/kitten/d.png")));
    }
}
