package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.audio.Resampler;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import io.spectro.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Long inputs are streamed ({@link StreamedExtract}) with the same bits as short ones read whole: the block-wise
 * resampler equals {@link Resampler#process(float[])} for every mode and many rate pairs and lengths, and {@code
 * spectro extract} writes the same {@code .npy}, manifest facts and previews whichever path an input takes.
 */
class StreamedInputTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    @TempDir
    Path tmp;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static Stream<Arguments> ratePairs() {
        List<Arguments> out = new ArrayList<>();
        int[][] pairs = {
            {48000, 16000},
            {44100, 16000},
            {44100, 22050},
            {16000, 44100},
            {8000, 48000},
            {22050, 16000},
            {48000, 44100},
            {11025, 8000},
            {16000, 16001}
        };
        for (int[] p : pairs) {
            for (Resampler.Mode m : Resampler.Mode.values()) {
                out.add(Arguments.of(p[0], p[1], m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} Hz {2}")
    @MethodSource("ratePairs")
    void blockwiseResamplingIsExact(int from, int to, Resampler.Mode mode) throws IOException {
        Resampler r = Resampler.of(from, to, mode);
        SplittableRandom rnd = new SplittableRandom(from + 31L * to);
        int[] lengths = {1, 7, r.tapsPerOutput(), (int) (3L * ResampledSource.BLOCK_OUTPUTS * from / to + 17), 250_001};
        for (int n : lengths) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            float[] whole = r.process(x);
            for (int piece : new int[] {1000, 65536}) {
                float[] got = readAll(new ResampledSource(source(x, piece), r, POOL, 2), whole.length + 5);
                assertArrayEquals(whole, got, from + " -> " + to + " " + mode + ", " + n + " samples in " + piece);
            }
        }
    }

    /** {@code x} delivered at most {@code piece} samples a read. */
    private static MonoSource source(float[] x, int piece) {
        return new MonoSource() {
            private int at;

            @Override
            public int read(float[] dst, int offset, int max) {
                int n = Math.min(Math.min(max, piece), x.length - at);
                System.arraycopy(x, at, dst, offset, n);
                at += n;
                return n;
            }

            @Override
            public long position() {
                return at;
            }

            @Override
            public void close() {}
        };
    }

    private static float[] readAll(MonoSource s, int max) throws IOException {
        try (s) {
            float[] out = new float[max];
            int n = 0;
            for (int r; (r = s.read(out, n, Math.min(4099, max - n))) > 0; ) {
                n += r;
            }
            return java.util.Arrays.copyOf(out, n);
        }
    }

    @Test
    void streamedAndWholeInputsGiveTheSameFiles() throws IOException {
        Path data = tmp.resolve("data");
        // stereo 44.1 kHz (mixed, resampled to 16 kHz), mono 16 kHz, and a .npy waveform
        TestAudio.writeWav16(data.resolve("a/stereo.wav"), 44100, 2, TestAudio.pcm16(44100 * 3 + 11, 2, 1));
        TestAudio.writeWav16(data.resolve("a/mono.wav"), 16000, 1, TestAudio.pcm16(16000 * 2 + 5, 1, 2));
        float[] w = new float[16000 + 99];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextDouble() - 0.5);
        }
        Path wave = tmp.resolve("wave.npy");
        Files.write(wave, Npy.toBytes(w, w.length));
        for (String[] flags : List.of(
                new String[] {"--preset", "whisper"},
                new String[] {"--preset", "librosa", "--db", "--top-db", "80", "--sample-rate", "16000"},
                new String[] {"--preset", "kaldi", "--mfcc", "13", "--deltas", "2"},
                new String[] {"--n-mels", "0", "--sample-rate", "16000", "--n-fft", "256", "--power", "1"})) {
            Path whole = tmp.resolve("whole");
            Path streamed = tmp.resolve("streamed");
            String[] withWave =
                    Stream.concat(Stream.of(flags), Stream.of(wave.toString())).toArray(String[]::new);
            CliRun a = extract(data, whole, Long.MAX_VALUE, withWave);
            CliRun b = extract(data, streamed, 0, withWave);
            assertEquals(0, a.status(), a.toString());
            assertEquals(0, b.status(), b.toString());
            for (String f : List.of("a/stereo", "a/mono", "wave")) {
                NpyArray x = Npy.read(whole.resolve(f + ".npy"));
                NpyArray y = Npy.read(streamed.resolve(f + ".npy"));
                assertArrayEquals(x.shape(), y.shape(), f + " " + String.join(" ", flags));
                assertArrayEquals(x.data(), y.data(), f + " " + String.join(" ", flags));
                assertArrayEquals(
                        Files.readAllBytes(whole.resolve(f + ".png")),
                        Files.readAllBytes(streamed.resolve(f + ".png")),
                        f + ".png");
            }
            assertEquals(
                    Files.readString(whole.resolve(Manifest.CSV)),
                    Files.readString(streamed.resolve(Manifest.CSV)),
                    "the manifests agree (rates, channels, encodings, durations, frames)");
            assertNoTemporaryFiles(streamed);
            deleteTree(whole);
            deleteTree(streamed);
        }
    }

    @Test
    void streamedInputsGoIntoNpzArchives() throws IOException {
        Path data = tmp.resolve("data");
        TestAudio.writeWav16(data.resolve("dog/a.wav"), 16000, 1, TestAudio.pcm16(16000 * 3, 1, 4));
        TestAudio.writeWav16(data.resolve("dog/b.wav"), 16000, 1, TestAudio.pcm16(16000, 1, 5));
        Path whole = tmp.resolve("whole");
        Path streamed = tmp.resolve("streamed");
        assertEquals(
                0,
                extract(data, whole, Long.MAX_VALUE, "--preset", "whisper", "--format", "npz")
                        .status());
        CliRun r = extract(data, streamed, 0, "--preset", "whisper", "--format", "npz");
        assertEquals(0, r.status(), r.toString());
        Map<String, NpyArray> x = Npz.read(whole.resolve("dog.npz"));
        Map<String, NpyArray> y = Npz.read(streamed.resolve("dog.npz"));
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            assertArrayEquals(x.get(k).data(), y.get(k).data(), k);
        }
        assertNoTemporaryFiles(streamed);
    }

    @Test
    void aStreamedInputThatCannotBeFramedFailsAlone() throws IOException {
        Path data = tmp.resolve("data");
        TestAudio.writeWav16(data.resolve("short.wav"), 16000, 1, TestAudio.pcm16(100, 1, 6));
        TestAudio.writeWav16(data.resolve("ok.wav"), 16000, 1, TestAudio.pcm16(8000, 1, 7));
        CliRun r = extract(data, tmp.resolve("out"), 0, "--preset", "whisper");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().contains("done: 1 of 2 ok, 1 failed"), r.toString());
        assertTrue(r.out().contains("reflect padding"), r.toString());
        assertNoTemporaryFiles(tmp.resolve("out"));
    }

    private static CliRun extract(Path data, Path out, long streamAbove, String... flags) {
        String old = System.getProperty("spectro.extract.streamAboveFloats");
        System.setProperty("spectro.extract.streamAboveFloats", Long.toString(streamAbove));
        try {
            List<String> args = new ArrayList<>(List.of("extract", "--backend", "cpu", "--png", "--out"));
            args.add(out.toString());
            args.addAll(List.of(flags));
            args.add(data.toString());
            return CliRun.of(args.toArray(String[]::new));
        } finally {
            if (old == null) {
                System.clearProperty("spectro.extract.streamAboveFloats");
            } else {
                System.setProperty("spectro.extract.streamAboveFloats", old);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** No hidden file (temporary, scratch, archive member) is left in {@code out}, and none is registered. */
    private static void assertNoTemporaryFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> hidden = files.filter(p -> p.getFileName().toString().startsWith("."))
                    .toList();
            assertEquals(List.of(), hidden);
        }
        assertEquals(List.of(), AtomicFiles.openTemporaryFiles());
    }
}
