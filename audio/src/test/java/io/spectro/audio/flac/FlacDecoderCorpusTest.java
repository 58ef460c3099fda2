package io.spectro.audio.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.audio.AudioDecodeException;
import io.spectro.audio.AudioStreamInfo;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.DecoderBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus file against libFLAC's decode (tools/audio-corpus/make_flac_corpus.py), bit for bit, through every
 * way of reading it: integers and floats, read sizes 1, 7 and 4096, from a file, a byte array, a direct buffer and a
 * pipe, with the MD5 check on, and after seeks.
 */
class FlacDecoderCorpusTest {

    static Stream<FlacCorpus.Entry> corpus() throws IOException {
        return FlacCorpus.entries().stream();
    }

    static Stream<FlacCorpus.Entry> smallCorpus() throws IOException {
        return FlacCorpus.entries().stream().filter(e -> e.frames() * e.channels() <= 40_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void decodesBitExactlyToLibflacWithTheMd5Checked(FlacCorpus.Entry e) throws IOException {
        boolean badMd5 = e.name().equals("md5_mismatch.flac");
        try (FlacDecoder d = FlacDecoder.open(e.file(), FlacDecoder.Options.VERIFY_MD5)) {
            AudioStreamInfo info = d.info();
            assertEquals(e.rateHz(), info.sampleRateHz());
            assertEquals(e.channels(), info.channels());
            assertEquals(e.bits(), info.bitsPerSample());
            assertEquals(DecoderBackend.FLAC_JAVA, info.decoder());
            assertEquals("FLAC " + e.bits() + "-bit", info.encoding());
            if (!e.name().equals("unknown_total.flac")) {
                assertEquals(e.frames(), info.frameCount());
            } else {
                assertEquals(-1, info.frameCount());
            }
            if (badMd5) {
                AudioDecodeException x =
                        assertThrows(AudioDecodeException.class, () -> FlacCorpus.readAllInts(d, 4096));
                assertEquals(AudioDecodeException.Kind.CHECKSUM, x.kind());
                assertEquals(26, x.byteOffset(), "the offset of the MD5 in STREAMINFO");
                assertTrue(
                        x.getMessage().startsWith(e.file() + ": at byte 26: the MD5 of the decoded samples is "),
                        x.getMessage());
                assertTrue(x.getMessage().endsWith(": the audio data is corrupt"), x.getMessage());
                return;
            }
            int[] ints = FlacCorpus.readAllInts(d, 4096);
            assertEquals(e.frames() * e.channels(), ints.length);
            assertEquals(e.sha256(), FlacCorpus.sha256(ints), "samples differ from libFLAC's");
            assertEquals(0, d.readInts(new int[16 * e.channels()], 0, 16), "reads after the end give nothing");
            if (e.name().equals("no_md5.flac")) {
                assertEquals(
                        List.of("STREAMINFO has no MD5 (the encoder left it unset): the samples were not checked"),
                        d.warnings());
                assertFalse(d.streamInfo().hasMd5());
            } else {
                assertTrue(d.streamInfo().hasMd5());
                assertEquals(List.of(), d.warnings(), "no warnings for a clean file");
            }
        }
    }

    @Test
    void withoutTheCheckAWrongMd5GoesUnnoticed() throws IOException {
        FlacCorpus.Entry e = FlacCorpus.entry("md5_mismatch.flac");
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            assertEquals(e.sha256(), FlacCorpus.sha256(FlacCorpus.readAllInts(d, 4096)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCorpus")
    void floatsAreTheIntegersOverTwoToTheBitsMinusOne(FlacCorpus.Entry e) throws IOException {
        int[] ints;
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            ints = FlacCorpus.readAllInts(d, 4096);
        }
        float[] floats = new float[ints.length];
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            assertEquals(e.frames(), d.read(floats, 0, (int) e.frames()));
        }
        for (int i = 0; i < ints.length; i++) {
            // The WAV decoder's rule: x / 2^(bits-1), rounded once (exact up to 24 bits).
            float expected = (float) ((double) ints[i] / Math.pow(2, e.bits() - 1));
            if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(floats[i])) {
                throw new AssertionError(e.name() + ": sample " + i + " is " + floats[i] + ", expected " + expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCorpus")
    void readSizesOneSevenAnd4096GiveTheSameSamples(FlacCorpus.Entry e) throws IOException {
        for (int size : new int[] {1, 7, 4096}) {
            try (FlacDecoder d = FlacDecoder.open(e.file())) {
                assertEquals(e.sha256(), FlacCorpus.sha256(FlacCorpus.readAllInts(d, size)), "read size " + size);
            }
        }
        float[] whole = new float[(int) e.frames() * e.channels()];
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            d.read(whole, 0, (int) e.frames());
        }
        float[] pieces = new float[whole.length];
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            int at = 0;
            int n;
            while ((n = d.read(pieces, at * e.channels(), Math.min(7, (int) e.frames() - at))) > 0) {
                at += n;
            }
            assertEquals(e.frames(), at);
        }
        assertArrayEquals(whole, pieces);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallCorpus")
    void byteArraysDirectBuffersAndPipesGiveTheSameSamples(FlacCorpus.Entry e) throws IOException {
        byte[] bytes = Files.readAllBytes(e.file());
        byte[] padded = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        ByteBuffer heap = ByteBuffer.wrap(padded, 7, bytes.length).slice();
        try (FlacDecoder d = FlacDecoder.open(heap, "heap", FlacDecoder.Options.VERIFY_MD5)) {
            if (!e.name().equals("md5_mismatch.flac")) {
                assertEquals(e.sha256(), FlacCorpus.sha256(FlacCorpus.readAllInts(d, 1000)), "heap buffer");
            }
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        try (FlacDecoder d = FlacDecoder.open(direct, "direct", FlacDecoder.Options.DEFAULT)) {
            assertEquals(e.sha256(), FlacCorpus.sha256(FlacCorpus.readAllInts(d, 1000)), "direct buffer");
        }
        try (FlacDecoder d = FlacDecoder.openStream(
                Channels.newChannel(new ByteArrayInputStream(bytes)), "pipe", FlacDecoder.Options.DEFAULT)) {
            assertFalse(d.info().seekable());
            assertThrows(IllegalStateException.class, () -> d.seekFrame(0));
            assertEquals(e.sha256(), FlacCorpus.sha256(FlacCorpus.readAllInts(d, 1000)), "pipe");
        }
    }

    static Stream<String> seekFiles() {
        return Stream.of(
                "seek_with_table.flac",
                "seek_no_table.flac",
                "variable_blocksize.flac",
                "variable_blocksize_stereo24.flac",
                "blocksize65535.flac",
                "metadata_blocks.flac",
                "bits32_stereo.flac",
                "unknown_total.flac",
                "id3v2_prefixed.flac");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seekFiles")
    void seekingToRandomFramesGivesTheSamplesOfAFullDecode(String name) throws IOException {
        FlacCorpus.Entry e = FlacCorpus.entry(name);
        int ch = e.channels();
        int[] all;
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            all = FlacCorpus.readAllInts(d, 4096);
        }
        Random random = new Random(name.hashCode());
        try (FlacDecoder d = FlacDecoder.open(e.file(), FlacDecoder.Options.VERIFY_MD5)) {
            long[] targets = new long[40];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = switch (i) {
                    case 0 -> 0;
                    case 1 -> e.frames() - 1;
                    case 2 -> e.frames();
                    case 3 -> e.frames() / 2;
                    default -> (long) (random.nextDouble() * e.frames());
                };
            }
            int[] got = new int[300 * ch];
            for (long target : targets) {
                d.seekFrame(target);
                assertEquals(target, d.framePosition());
                int n = d.readInts(got, 0, 300);
                int expected = (int) Math.min(300, e.frames() - target);
                assertEquals(expected, n, "frames after seeking to " + target);
                int from = (int) target * ch;
                assertArrayEquals(
                        Arrays.copyOfRange(all, from, from + n * ch),
                        Arrays.copyOf(got, n * ch),
                        "samples after seeking to frame " + target);
                assertEquals(target + n, d.framePosition());
            }
            assertTrue(
                    d.warnings().contains("the STREAMINFO MD5 was not checked: the stream was repositioned"),
                    d.warnings().toString());
            if (e.frames() > 0 && d.info().frameCount() >= 0) {
                assertThrows(IllegalArgumentException.class, () -> d.seekFrame(e.frames() + 1));
            }
            assertThrows(IllegalArgumentException.class, () -> d.seekFrame(-1));
        }
    }

    @Test
    void channelModesMixAndSelectLikeTheWavReader() throws IOException {
        FlacCorpus.Entry e = FlacCorpus.entry("channels3.flac");
        int frames = (int) e.frames();
        float[] all = new float[frames * 3];
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            d.read(all, 0, frames);
        }
        float[] mono = new float[frames];
        float[] second = new float[frames];
        float[][] planar = {new float[frames], new float[frames], new float[frames]};
        try (FlacDecoder d = FlacDecoder.open(e.file())) {
            assertEquals(frames, d.read(mono, 0, frames, ChannelMode.MIX_TO_MONO));
            d.seekFrame(0);
            assertEquals(frames, d.read(second, 0, frames, ChannelMode.select(1)));
            d.seekFrame(0);
            assertEquals(frames, d.readPlanar(planar, 0, frames));
            assertThrows(IllegalArgumentException.class, () -> d.read(mono, 0, 1, ChannelMode.select(3)));
        }
        for (int f = 0; f < frames; f++) {
            double sum = (double) all[3 * f] + all[3 * f + 1] + all[3 * f + 2];
            assertEquals((float) (sum / 3), mono[f]);
            assertEquals(all[3 * f + 1], second[f]);
            assertEquals(all[3 * f + 2], planar[2][f]);
        }
    }

    @Test
    void streamInfoIsReadAsStored() throws IOException {
        try (FlacDecoder d = FlacDecoder.open(FlacCorpus.file("variable_blocksize.flac"))) {
            FlacStreamInfo si = d.streamInfo();
            assertEquals(16, si.minBlockSize());
            assertEquals(4096, si.maxBlockSize());
            assertEquals(44100, si.sampleRateHz());
            assertEquals(2, si.channels());
            assertEquals(16, si.bitsPerSample());
            assertEquals(8538, si.totalSamples());
            assertEquals(32, si.md5().length());
        }
    }

    @Test
    void useAfterCloseThrows() throws IOException {
        FlacDecoder d = FlacDecoder.open(FlacCorpus.file("bits16_mono.flac"));
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, () -> d.read(new float[4], 0, 4));
        assertThrows(IllegalStateException.class, () -> d.seekFrame(0));
        assertEquals(16, d.info().bitsPerSample());
    }
}
