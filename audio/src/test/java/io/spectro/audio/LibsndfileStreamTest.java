package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MP3, Ogg Vorbis, Opus and AIFF through libsndfile in-process, against python-soundfile's decode with the same
 * library (tools/audio-corpus/make_flac_corpus.py): the float bits must be identical. Skipped, with the reason, where
 * libsndfile is not installed (CI installs libsndfile1).
 */
class LibsndfileStreamTest {

    @TempDir
    Path tmp;

    record Lossy(Path file, int rateHz, int channels, int frames, String sha256, float sample100, boolean seekExact) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static List<Lossy> lossy() throws IOException, URISyntaxException {
        Path index = Path.of(Objects.requireNonNull(LibsndfileStreamTest.class.getResource("/lossy/index.tsv"))
                .toURI());
        List<Lossy> out = new ArrayList<>();
        for (String line : Files.readAllLines(index)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] r = line.split("\t");
            out.add(new Lossy(
                    index.resolveSibling(r[0]),
                    Integer.parseInt(r[1]),
                    Integer.parseInt(r[2]),
                    Integer.parseInt(r[3]),
                    r[4],
                    Float.parseFloat(r[5]),
                    Boolean.parseBoolean(r[6])));
        }
        return out;
    }

    static Stream<Lossy> files() throws IOException, URISyntaxException {
        return lossy().stream();
    }

    static Libsndfile.Probe requireLibsndfile() {
        Libsndfile.Probe probe = Libsndfile.probe();
        assumeTrue(probe.available(), "libsndfile is not usable here, its tests are skipped: " + probe.problem());
        return probe;
    }

    static String sha256(float[] samples) throws NoSuchAlgorithmException {
        ByteBuffer bb = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(samples);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
    }

    static float[] readAll(AudioStream s, int frames, int blockFrames) throws IOException {
        int ch = s.info().channels();
        float[] out = new float[(frames + 1) * ch];
        int at = 0;
        int n;
        while ((n = s.read(out, at * ch, Math.min(blockFrames, frames + 1 - at))) > 0) {
            at += n;
        }
        return Arrays.copyOf(out, at * ch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void decodesToSoundfilesFloatBitsAtEveryReadSize(Lossy f) throws Exception {
        requireLibsndfile();
        for (int block : new int[] {1, 7, 4096, f.frames() + 1}) {
            try (AudioStream s = AudioDecoder.open(f.file())) {
                AudioStreamInfo info = s.info();
                assertEquals(DecoderBackend.LIBSNDFILE, info.decoder());
                assertEquals(f.rateHz(), info.sampleRateHz());
                assertEquals(f.channels(), info.channels());
                assertEquals(f.frames(), info.frameCount());
                float[] got = readAll(s, f.frames(), block);
                assertEquals(f.frames() * f.channels(), got.length, "frames at read size " + block);
                assertEquals(f.sample100(), got[Math.min(100, f.frames() - 1) * f.channels()]);
                assertEquals(f.sha256(), sha256(got), "float bits at read size " + block);
                assertEquals(f.frames(), s.framePosition());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void decodeGivesTheSameClip(Lossy f) throws Exception {
        requireLibsndfile();
        AudioClip clip = AudioDecoder.decode(f.file(), ChannelMode.ALL);
        assertEquals(f.sha256(), sha256(clip.samples()));
        assertEquals(f.file() + " (decoded by libsndfile)", clip.source().sourceName());
        assertEquals("IEEE float 32-bit", clip.source().encodingName());
        AudioClip mono = AudioDecoder.decode(f.file(), ChannelMode.MIX_TO_MONO);
        for (int i = 0; i < mono.frames(); i++) {
            double sum = 0;
            for (int c = 0; c < f.channels(); c++) {
                sum += clip.samples()[i * f.channels() + c];
            }
            assertEquals((float) (sum / f.channels()), mono.samples()[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void seekingGivesTheSamplesOfAFullDecode(Lossy f) throws Exception {
        requireLibsndfile();
        float[] all;
        try (AudioStream s = AudioDecoder.open(f.file())) {
            all = readAll(s, f.frames(), 4096);
        }
        Random random = new Random(f.file().getFileName().toString().hashCode());
        try (AudioStream s = AudioDecoder.open(f.file())) {
            assertTrue(s.info().seekable());
            int ch = f.channels();
            for (int trial = 0; trial < 40; trial++) {
                int target = trial == 0 ? 0 : random.nextInt(f.frames());
                s.seekFrame(target);
                assertEquals(target, s.framePosition());
                float[] got = new float[200 * ch];
                int n = s.read(got, 0, 200);
                assertEquals(Math.min(200, f.frames() - target), n);
                float[] expected = Arrays.copyOfRange(all, target * ch, (target + n) * ch);
                float[] actual = Arrays.copyOf(got, n * ch);
                if (f.seekExact()) {
                    assertArrayEquals(expected, actual, "after seeking to " + target);
                } else {
                    // libsndfile's MP3 seeking without a Xing header is off by an ulp now and then (soundfile too)
                    assertArrayEquals(expected, actual, 1e-6f, "after seeking to " + target);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> s.seekFrame(-1));
        }
    }

    @Test
    void probeNamesTheLibraryAndWhatItReads() {
        Libsndfile.Probe probe = requireLibsndfile();
        assertTrue(probe.version().startsWith("libsndfile-"), probe.version());
        assertTrue(probe.readable().containsAll(List.of(AudioFileType.WAV, AudioFileType.AIFF)), probe.toString());
        assertTrue(Libsndfile.probe() == probe, "probed once");
    }

    @Test
    void aFileLibsndfileCannotOpenIsATypedErrorWithItsMessage() throws IOException {
        Libsndfile.Probe probe = requireLibsndfile();
        Path bad = Files.write(tmp.resolve("bad.mp3"), new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class,
                () -> LibsndfileStream.open(probe.library(), bad, bad.toString(), AudioFileType.MP3));
        assertEquals(AudioDecodeException.Kind.DECODER_FAILED, e.kind());
        assertTrue(e.getMessage().startsWith(bad + ": libsndfile cannot open it: "), e.getMessage());
        assertThrows(
                java.nio.file.NoSuchFileException.class,
                () -> LibsndfileStream.open(
                        probe.library(), tmp.resolve("absent.mp3"), "absent.mp3", AudioFileType.MP3));
    }

    @Test
    void useAfterCloseThrows() throws Exception {
        requireLibsndfile();
        AudioStream s = AudioDecoder.open(lossy().getFirst().file());
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.read(new float[8], 0, 1));
        assertThrows(IllegalStateException.class, () -> s.seekFrame(0));
    }
}
