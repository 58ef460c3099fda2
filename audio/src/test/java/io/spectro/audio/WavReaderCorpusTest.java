package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every valid file of the committed corpus and compares it bit for bit with the reference decode
 * (python-soundfile / libsndfile, cross-checked by reference.py against the raw bytes).
 */
class WavReaderCorpusTest {

    static List<Corpus.Entry> entries() throws IOException {
        return Corpus.entries();
    }

    @Test
    void everyValidWavInTheCorpusHasAReference() throws IOException {
        Set<String> indexed = entries().stream().map(Corpus.Entry::name).collect(Collectors.toCollection(HashSet::new));
        try (var files = Files.list(Corpus.audioDir())) {
            List<String> missing = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".wav") && !n.startsWith("broken_"))
                    .filter(n -> !indexed.contains(n))
                    .toList();
            assertEquals(List.of(), missing, "valid corpus files without a reference in index.tsv");
        }
        assertTrue(indexed.size() >= 35, "corpus has " + indexed.size() + " references");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void decodesBitExactlyLikeTheReference(Corpus.Entry e) throws IOException {
        AudioClip clip = WavReader.readAll(e.wav(), ChannelMode.ALL);
        assertEquals(e.sampleRateHz(), clip.sampleRateHz());
        assertEquals(e.channels(), clip.channels());
        assertEquals(e.frames(), clip.frames());
        assertEquals(e.frames(), clip.source().frameCount());
        float[] ref = e.reference();
        // Arrays.equals on float[] compares bit patterns (floatToIntBits): -0.0 != 0.0.
        if (!Arrays.equals(ref, clip.samples())) {
            for (int i = 0; i < ref.length; i++) {
                if (Float.floatToIntBits(ref[i]) != Float.floatToIntBits(clip.samples()[i])) {
                    fail(e.name() + ": sample " + i + " (frame " + i / e.channels() + ") is " + clip.samples()[i]
                            + ", reference " + ref[i] + " (" + e.referenceSource() + ")");
                }
            }
        }
        assertEquals((double) e.frames() / e.sampleRateHz(), clip.durationSeconds(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void channelModesMixSelectAndPlanar(Corpus.Entry e) throws IOException {
        float[] ref = e.reference();
        int ch = e.channels();
        int frames = e.frames();
        float[] mono = WavReader.readAll(e.wav(), ChannelMode.MIX_TO_MONO).samples();
        float[] expectedMono = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < ch; c++) {
                sum += ref[f * ch + c];
            }
            expectedMono[f] = (float) (sum / ch); // the float32 of the mean in double
        }
        assertArrayEquals(expectedMono, mono, e.name() + " mixed to mono");
        float[][] planar;
        try (WavReader r = WavReader.open(e.wav())) {
            planar = new float[ch][frames];
            assertEquals(frames, r.readPlanar(planar, 0, frames));
        }
        for (int c = 0; c < ch; c++) {
            float[] expected = new float[frames];
            for (int f = 0; f < frames; f++) {
                expected[f] = ref[f * ch + c];
            }
            AudioClip one = WavReader.readAll(e.wav(), ChannelMode.select(c));
            assertEquals(1, one.channels());
            assertArrayEquals(expected, one.samples(), e.name() + " channel " + c);
            assertArrayEquals(expected, planar[c], e.name() + " planar channel " + c);
        }
        IllegalArgumentException out =
                assertThrows(IllegalArgumentException.class, () -> WavReader.readAll(e.wav(), ChannelMode.select(ch)));
        assertTrue(out.getMessage().contains("has " + ch + (ch == 1 ? " channel" : " channels")), out.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void streamingInSmallBlocksEqualsReadAll(Corpus.Entry e) throws IOException {
        float[] all = WavReader.readAll(e.wav(), ChannelMode.ALL).samples();
        for (int blockFrames : new int[] {1, 7, 64, 1000}) {
            try (WavReader r = WavReader.open(e.wav())) {
                float[] got = new float[all.length];
                int frames = 0;
                int n;
                while ((n = r.read(
                                got,
                                frames * e.channels(),
                                Math.min(blockFrames, e.frames() - frames),
                                ChannelMode.ALL))
                        > 0) {
                    frames += n;
                    assertEquals(frames, r.framePosition());
                }
                assertEquals(e.frames(), frames);
                assertEquals(0, r.read(new float[e.channels()], 0, 1, ChannelMode.ALL), "nothing after the end");
                assertArrayEquals(all, got, e.name() + " in blocks of " + blockFrames);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void forwardOnlyStreamEqualsReadAll(Corpus.Entry e) throws IOException {
        float[] all = WavReader.readAll(e.wav(), ChannelMode.ALL).samples();
        try (InputStream in = Files.newInputStream(e.wav());
                WavReader r = WavReader.openStream(Channels.newChannel(in), e.name(), WavReader.Options.LENIENT)) {
            AudioClip clip = r.readRemaining(ChannelMode.ALL);
            assertArrayEquals(all, clip.samples(), e.name() + " read as a stream");
            assertEquals(e.frames(), clip.source().frameCount());
        } catch (WavFormatException ex) {
            // Only a file whose fmt chunk follows its data cannot be read from a forward-only stream.
            assertEquals("fmt_after_data_s16_mono_16k.wav", e.name(), ex.getMessage());
            assertTrue(ex.getMessage().contains("forward-only stream cannot go back"), ex.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void seekThenReadEqualsTheSlice(Corpus.Entry e) throws IOException {
        float[] all = WavReader.readAll(e.wav(), ChannelMode.ALL).samples();
        int ch = e.channels();
        try (WavReader r = WavReader.open(e.wav())) {
            for (long frame : new long[] {e.frames() / 2, e.frames(), 0, Math.max(0, e.frames() - 3)}) {
                r.seekFrame(frame);
                float[] got = new float[5 * ch];
                int n = r.read(got, 0, 5, ChannelMode.ALL);
                assertEquals(Math.min(5, e.frames() - frame), n);
                assertArrayEquals(
                        Arrays.copyOfRange(all, (int) frame * ch, (int) (frame + n) * ch), Arrays.copyOf(got, n * ch));
            }
            assertThrows(IllegalArgumentException.class, () -> r.seekFrame(e.frames() + 1L));
        }
    }

    @Test
    void headerInfoDescribesEncodingsAndContainers() throws IOException {
        record Expect(
                String file, String container, String encoding, int tag, boolean extensible, int bits, int cbits) {}
        List<Expect> expectations = List.of(
                new Expect("pcm_u8_mono_8k.wav", "RIFF", "PCM unsigned 8-bit", 1, false, 8, 8),
                new Expect("pcm_s24_stereo_48k.wav", "RIFF", "PCM signed 24-bit", 1, false, 24, 24),
                new Expect(
                        "pcm_12in16_mono_16k.wav", "RIFF", "PCM signed 12-bit in 16-bit container", 1, false, 12, 16),
                new Expect(
                        "pcm_20in24_stereo_22k.wav", "RIFF", "PCM signed 20-bit in 24-bit container", 1, false, 20, 24),
                new Expect(
                        "ext_pcm_24in32_stereo_48k.wav",
                        "RIFF",
                        "PCM signed 24-bit in 32-bit container",
                        1,
                        true,
                        24,
                        32),
                new Expect("float64_mono_48k.wav", "RIFF", "IEEE float 64-bit", 3, false, 64, 64),
                new Expect("ext_float32_mono_16k.wav", "RIFF", "IEEE float 32-bit", 3, true, 32, 32),
                new Expect("mulaw_mono_8k.wav", "RIFF", "G.711 mu-law", 7, false, 8, 8),
                new Expect("ext_alaw_mono_8k.wav", "RIFF", "G.711 A-law", 6, true, 8, 8),
                new Expect("rf64_s16_stereo_48k.wav", "RF64", "PCM signed 16-bit", 1, false, 16, 16),
                new Expect("ffmpeg_rf64_s24_stereo_48k.wav", "RF64", "PCM signed 24-bit", 1, true, 24, 24),
                new Expect("bw64_float32_mono_16k.wav", "BW64", "IEEE float 32-bit", 3, false, 32, 32));
        for (Expect x : expectations) {
            try (WavReader r = WavReader.open(Corpus.audio(x.file()))) {
                WavInfo info = r.info();
                assertEquals(x.container(), info.container(), x.file());
                assertEquals(x.encoding(), info.encodingName(), x.file());
                assertEquals(x.tag(), info.formatTag(), x.file());
                assertEquals(x.extensible(), info.extensible(), x.file());
                assertEquals(x.bits(), info.bitsPerSample(), x.file());
                assertEquals(x.cbits(), info.containerBits(), x.file());
                assertEquals(info.channels() * x.cbits() / 8, info.blockAlign(), x.file());
                assertEquals(info.frameCount() * info.blockAlign(), info.dataBytes(), x.file());
                assertTrue(info.toString().contains(x.encoding()), info.toString());
            }
        }
        WavInfo six = WavReader.open(Corpus.audio("ext_pcm_s24_6ch_48k.wav")).info();
        assertEquals(0x3F, six.channelMask());
        assertEquals(6, six.channels());
    }

    @Test
    void cleanFilesHaveNoWarningsAndChunkLayoutsAreFollowed() throws IOException {
        for (String clean : List.of(
                "chunks_everywhere_s16_stereo_22k.wav",
                "fmt_after_data_s16_mono_16k.wav",
                "pcm_u8_mono_8k.wav",
                "rf64_s16_stereo_48k.wav",
                "empty_data_s16_mono_16k.wav",
                "sox_s24_mono_48k.wav",
                "ffmpeg_s16_mono_22k.wav")) {
            try (WavReader r = WavReader.open(Corpus.audio(clean))) {
                assertEquals(List.of(), r.info().warnings(), clean);
            }
        }
        WavInfo chunks = WavReader.open(Corpus.audio("chunks_everywhere_s16_stereo_22k.wav"))
                .info();
        // RIFF(12) + LIST(8+4+16=28) + bext(8+602) + junk(8+3+pad=12) + fmt(24) + cue(8+52) = data header at 746.
        assertEquals(746 + 8, chunks.dataOffset());
        WavInfo empty =
                WavReader.open(Corpus.audio("empty_data_s16_mono_16k.wav")).info();
        assertEquals(0, empty.frameCount());
        assertEquals(0.0, empty.durationSeconds());
    }

    @Test
    void aMissingFinalPadByteIsNotAnError() throws IOException {
        byte[] wav = Files.readAllBytes(Corpus.audio("pcm_s16_mono_16k.wav"));
        byte[] withTail = Arrays.copyOf(wav, wav.length + 11);
        byte[] tail = {'n', 'o', 't', 'e', 3, 0, 0, 0, 'a', 'b', 'c'}; // an odd chunk, its pad byte missing
        System.arraycopy(tail, 0, withTail, wav.length, tail.length);
        try (WavReader r = WavReader.open(new ByteArrayChannel(withTail), "tail.wav", WavReader.Options.STRICT)) {
            assertEquals(List.of(), r.info().warnings());
            assertArrayEquals(
                    WavReader.readAll(Corpus.audio("pcm_s16_mono_16k.wav"), ChannelMode.ALL)
                            .samples(),
                    r.readRemaining(ChannelMode.ALL).samples());
        }
    }

    @Test
    void streamingDataSizesRunToTheEndOfTheFileWithAWarning() throws IOException {
        for (String f : List.of(
                "stream_size_zero_s16_mono_16k.wav",
                "stream_size_ffffffff_s16_stereo_22k.wav",
                "ffmpeg_pipe_f32_stereo_44k.wav")) {
            WavInfo info = WavReader.open(Corpus.audio(f)).info();
            long expectedFrames = (Files.size(Corpus.audio(f)) - info.dataOffset()) / info.blockAlign();
            assertEquals(expectedFrames, info.frameCount(), f);
            assertEquals(1, info.warnings().size(), f + ": " + info.warnings());
            assertTrue(
                    info.warnings().get(0).contains("runs to the end of the file"),
                    info.warnings().toString());
        }
    }

    @Test
    void truncatedDataDecodesTheWholeFramesPresentOrThrowsInStrictMode() throws IOException {
        // broken_truncated_data.wav: 800 frames declared, 300.5 present. broken_data_size_lies.wav: 0x7FFFF000
        // bytes declared (sox's placeholder when piping), 100 frames present.
        record Case(String file, int frames, String declared) {}
        for (Case c : List.of(
                new Case("broken_truncated_data.wav", 300, "declares 1600 bytes but the file ends 601 bytes into it"),
                new Case(
                        "broken_data_size_lies.wav",
                        100,
                        "declares 2147479552 bytes but the file ends 200 bytes into it"))) {
            Path p = Corpus.audio(c.file());
            AudioClip clip = WavReader.readAll(p, ChannelMode.ALL);
            assertEquals(c.frames(), clip.frames());
            Corpus.Entry ref = entries().stream()
                    .filter(e -> e.name().equals(c.file()))
                    .findFirst()
                    .orElseThrow();
            assertArrayEquals(ref.reference(), clip.samples());
            String warnings = String.join("; ", clip.source().warnings());
            assertTrue(warnings.startsWith("truncated: the data chunk at byte 36 " + c.declared()), warnings);
            assertTrue(warnings.contains(c.frames() + " whole frames"), warnings);
            WavFormatException strict =
                    assertThrows(WavFormatException.class, () -> WavReader.open(p, WavReader.Options.STRICT));
            assertEquals(WavFormatException.Kind.TRUNCATED, strict.kind());
            assertEquals(Files.size(p), strict.byteOffset());
            assertTrue(
                    strict.getMessage()
                            .startsWith(
                                    p + ": at byte " + Files.size(p) + ": the data chunk at byte 36 " + c.declared()),
                    strict.getMessage());
        }
        List<String> partial =
                WavReader.open(Corpus.audio("broken_truncated_data.wav")).info().warnings();
        assertFalse(partial.stream().anyMatch(w -> w.contains("partial frame")), partial.toString());
    }

    @Test
    void usingAClosedReaderThrows() throws IOException {
        WavReader r = WavReader.open(Corpus.audio("pcm_s16_mono_16k.wav"));
        r.close();
        r.close(); // idempotent
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> r.read(new float[4], 0, 4, ChannelMode.ALL));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(16000, r.info().sampleRateHz());
    }

    @Test
    void destinationTooSmallIsAnIndexError() throws IOException {
        try (WavReader r = WavReader.open(Corpus.audio("pcm_s16_stereo_44k.wav"))) {
            assertThrows(IndexOutOfBoundsException.class, () -> r.read(new float[10], 0, 6, ChannelMode.ALL));
            assertThrows(IllegalArgumentException.class, () -> r.read(new float[10], 0, -1, ChannelMode.ALL));
            assertEquals(5, r.read(new float[10], 0, 5, ChannelMode.MIX_TO_MONO));
        }
    }
}
