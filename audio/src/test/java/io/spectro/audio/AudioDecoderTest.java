package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade: the decoder is chosen by content (WAV and FLAC in Java, libsndfile, then ffmpeg). Tests needing the
 * real ffmpeg or libsndfile are skipped (with the reason) where they are absent; the process handling is also tested
 * with small fake ffmpeg scripts, which need only /bin/sh.
 */
class AudioDecoderTest {

    @TempDir
    Path tmp;

    static Path realFfmpeg() {
        Optional<Path> ffmpeg = AudioDecoder.findFfmpeg();
        assumeTrue(ffmpeg.isPresent(), "ffmpeg is not on the PATH: the ffmpeg decoding tests are skipped");
        return ffmpeg.get();
    }

    /** A fake ffmpeg: a shell script whose body gets the path after {@code -i file:} in {@code $IN}. */
    Path fakeFfmpeg(String body) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh for the fake ffmpeg");
        Path script = tmp.resolve("fake-ffmpeg");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "while [ $# -gt 0 ]; do if [ \"$1\" = -i ]; then IN=\"${2#file:}\"; fi; shift; done\n"
                        + body
                        + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void wavFilesOfAnyCaseGoThroughWavReaderWithoutFfmpeg() throws IOException {
        Path src = Corpus.audio("pcm_s24_stereo_48k.wav");
        Path upper = Files.copy(src, tmp.resolve("LOUD.WAV"));
        AudioClip expected = WavReader.readAll(src, ChannelMode.MIX_TO_MONO);
        AudioClip viaFacade = AudioDecoder.decode(upper, ChannelMode.MIX_TO_MONO, Optional.empty());
        assertArrayEquals(expected.samples(), viaFacade.samples());
        assertEquals(48000, viaFacade.sampleRateHz());
        assertEquals(upper.toString(), viaFacade.source().sourceName());
    }

    /** What is here, without ffmpeg. */
    static AudioDecoder.Backends noFfmpeg() {
        return AudioDecoder.Backends.here().withFfmpeg(Optional.empty());
    }

    /** Neither libsndfile nor ffmpeg. */
    static AudioDecoder.Backends nothingExternal() {
        return noFfmpeg().withoutLibsndfile("libsndfile.so.1 not found (Debian/Ubuntu: apt-get install libsndfile1)");
    }

    @Test
    void flacIsDecodedInJavaWithoutFfmpeg() throws IOException {
        Path flac = Corpus.audio("tone_stereo_16k.flac");
        float[] ref = Npy.read(Corpus.audio("tone_stereo_16k.npy")).data(); // [800][2], libsndfile
        AudioClip clip = AudioDecoder.decode(flac, ChannelMode.ALL, nothingExternal());
        assertEquals(16000, clip.sampleRateHz());
        assertEquals(2, clip.channels());
        assertArrayEquals(ref, clip.samples());
        assertEquals(flac.toString(), clip.source().sourceName());
        assertEquals("FLAC", clip.source().container());
        assertEquals("PCM signed 16-bit", clip.source().encodingName());
        assertEquals(800, clip.source().frameCount());
        assertArrayEquals(
                clip.channel(1),
                AudioDecoder.decode(flac, ChannelMode.select(1)).samples());
        IllegalArgumentException third =
                assertThrows(IllegalArgumentException.class, () -> AudioDecoder.decode(flac, ChannelMode.select(2)));
        assertTrue(third.getMessage().contains("has 2 channels"), third.getMessage());
        try (AudioStream s = AudioDecoder.open(flac)) {
            assertEquals(DecoderBackend.FLAC_JAVA, s.info().decoder());
            assertEquals(AudioFileType.FLAC, s.info().fileType());
        }
    }

    @Test
    void theContentDecidesNotTheName() throws IOException {
        // A FLAC file named .wav is FLAC.
        Path fake = Corpus.audio("broken_flac.wav");
        try (AudioStream s = AudioDecoder.open(fake, AudioDecoder.Options.DEFAULT, nothingExternal())) {
            assertEquals(DecoderBackend.FLAC_JAVA, s.info().decoder());
            assertEquals(16000, s.info().sampleRateHz());
        }
        // A WAV file named .ogg is WAV.
        Path wavNamedOgg = Files.copy(Corpus.audio("pcm_s16_stereo_44k.wav"), tmp.resolve("looks-like.ogg"));
        AudioClip clip = AudioDecoder.decode(wavNamedOgg, ChannelMode.ALL, nothingExternal());
        assertArrayEquals(WavReader.readAll(wavNamedOgg, ChannelMode.ALL).samples(), clip.samples());
    }

    @Test
    void formatsNothingHereReadsGiveOneClearLine() throws IOException {
        Path m4a =
                Files.write(tmp.resolve("x.m4a"), "\0\0\0\u0020ftypM4A \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(m4a, ChannelMode.ALL, nothingExternal()));
        assertEquals(m4a + ": M4A/MP4 (AAC, ALAC) needs ffmpeg on the PATH (apt-get install ffmpeg)", e.getMessage());
        assertEquals(AudioDecodeException.Kind.UNSUPPORTED, e.kind());
        Path mp3 = Files.write(tmp.resolve("x.mp3"), new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0});
        e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(mp3, ChannelMode.ALL, nothingExternal()));
        assertEquals(
                mp3 + ": MP3 needs libsndfile (libsndfile.so.1 not found (Debian/Ubuntu: apt-get install libsndfile1))"
                        + " or ffmpeg on the PATH (apt-get install ffmpeg)",
                e.getMessage());
        Path text = Files.writeString(tmp.resolve("notes.xyz"), "just some text\n");
        e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(text, ChannelMode.ALL, nothingExternal()));
        assertEquals(
                text + ": XYZ (it looks like a text file) needs ffmpeg on the PATH (apt-get install ffmpeg)",
                e.getMessage());
    }

    @Test
    void aWavEncodingNothingHereDecodesIsTheWavReadersError() {
        Path adpcm = Corpus.audio("broken_ms_adpcm.wav");
        WavFormatException e = assertThrows(
                WavFormatException.class, () -> AudioDecoder.decode(adpcm, ChannelMode.ALL, nothingExternal()));
        assertEquals(WavFormatException.Kind.UNSUPPORTED_ENCODING, e.kind());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ffmpegDecodesFlacBitExactlyLikeTheJavaDecoderAndLibsndfile() throws IOException {
        Path ffmpeg = realFfmpeg();
        Path flac = Corpus.audio("tone_stereo_16k.flac");
        float[] ref = Npy.read(Corpus.audio("tone_stereo_16k.npy")).data(); // [800][2]
        AudioClip clip;
        try (FfmpegStream s = FfmpegStream.open(flac, ffmpeg, AudioFileType.FLAC)) {
            assertEquals(DecoderBackend.FFMPEG, s.info().decoder());
            assertEquals("FLAC (decoded by ffmpeg)", s.info().encoding());
            assertFalse(s.info().seekable());
            clip = s.readRemaining(ChannelMode.ALL);
        }
        assertEquals(16000, clip.sampleRateHz());
        assertEquals(800, clip.frames());
        assertArrayEquals(ref, clip.samples());
        assertEquals(flac + " (decoded by ffmpeg)", clip.source().sourceName());
        assertArrayEquals(AudioDecoder.decode(flac, ChannelMode.ALL).samples(), clip.samples());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ffmpegStreamsInBlocksAndChecksItsExitCodeAtTheEnd() throws IOException {
        Path ffmpeg = realFfmpeg();
        Path flac = Corpus.audio("tone_stereo_16k.flac");
        float[] whole = AudioDecoder.decode(flac, ChannelMode.ALL).samples();
        float[] got = new float[whole.length];
        try (FfmpegStream s = FfmpegStream.open(flac, ffmpeg, AudioFileType.FLAC)) {
            int frames = 0;
            int n;
            while ((n = s.read(got, frames * 2, Math.min(7, 800 - frames))) > 0) {
                frames += n;
            }
            assertEquals(800, frames);
            assertEquals(0, s.read(got, 0, 0));
            assertThrows(IllegalStateException.class, () -> s.seekFrame(0));
        }
        assertArrayEquals(whole, got);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closingAnFfmpegStreamEarlyEndsTheProcess() throws IOException, InterruptedException {
        Path pidFile = tmp.resolve("pid");
        Path ffmpeg = fakeFfmpeg("echo $$ > '" + pidFile + "'\ncat \"$IN\"\nexec sleep 30");
        Path input = Files.copy(Corpus.audio("pcm_s16_stereo_44k.wav"), tmp.resolve("a.bin"));
        FfmpegStream s = FfmpegStream.open(input, ffmpeg, AudioFileType.UNKNOWN);
        assertEquals(10, s.read(new float[20], 0, 10));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "ffmpeg runs while read");
        s.close();
        s.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "close() ends the process");
        assertThrows(IllegalStateException.class, () -> s.read(new float[2], 0, 1));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unsupportedWavEncodingsGoToLibsndfileOrFfmpeg() throws IOException {
        Path adpcm = Corpus.audio("broken_ms_adpcm.wav");
        if (Libsndfile.probe().available()) {
            try (AudioStream s = AudioDecoder.open(adpcm, AudioDecoder.Options.DEFAULT, noFfmpeg())) {
                assertEquals(DecoderBackend.LIBSNDFILE, s.info().decoder());
                assertEquals(AudioFileType.WAV, s.info().fileType());
            }
            AudioClip viaLibsndfile = AudioDecoder.decode(adpcm, ChannelMode.ALL, noFfmpeg());
            assertEquals(16000, viaLibsndfile.sampleRateHz());
            assertTrue(viaLibsndfile.frames() >= 800, "frames " + viaLibsndfile.frames());
            assertEquals(
                    adpcm + " (decoded by libsndfile)", viaLibsndfile.source().sourceName());
        }
        Path ffmpeg = realFfmpeg();
        AudioDecoder.Backends onlyFfmpeg = nothingExternal().withFfmpeg(Optional.of(ffmpeg));
        AudioClip viaFfmpeg = AudioDecoder.decode(adpcm, ChannelMode.ALL, onlyFfmpeg);
        assertEquals(16000, viaFfmpeg.sampleRateHz());
        assertTrue(viaFfmpeg.frames() >= 800, "frames " + viaFfmpeg.frames());
        assertEquals(adpcm + " (decoded by ffmpeg)", viaFfmpeg.source().sourceName());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ffmpegFailureReportsItsLastStderrLine() throws IOException {
        Path ffmpeg = realFfmpeg();
        Path bad = Files.write(
                tmp.resolve("garbage.flac"),
                "this is not audio at all".repeat(10).getBytes());
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(bad, ChannelMode.ALL, Optional.of(ffmpeg)));
        // The wording is ffmpeg's and varies between versions ("Invalid data found when processing input", ...).
        assertTrue(
                e.getMessage()
                        .matches(java.util.regex.Pattern.quote(bad.toString())
                                + ": ffmpeg failed \\(exit code [1-9][0-9]*\\): \\S.*"),
                e.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChattyFfmpegDoesNotBlockAndItsWavOutputIsParsed() throws IOException {
        // 4 MB of stderr before any stdout: without draining stderr on a thread, this would deadlock.
        Path ffmpeg = fakeFfmpeg("yes 'a warning line that goes on' | head -n 130000 >&2\ncat \"$IN\"");
        Path input = Files.copy(Corpus.audio("pcm_s16_stereo_44k.wav"), tmp.resolve("looks-like.ogg"));
        AudioClip clip;
        try (FfmpegStream s = FfmpegStream.open(input, ffmpeg, AudioFileType.UNKNOWN)) {
            clip = s.readRemaining(ChannelMode.ALL);
        }
        assertArrayEquals(WavReader.readAll(input, ChannelMode.ALL).samples(), clip.samples());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailingFfmpegIsReportedWithItsMessage() throws IOException {
        Path ffmpeg = fakeFfmpeg("echo 'first line' >&2\necho 'Decoder not found for this stream' >&2\nexit 3");
        Path input = Files.write(tmp.resolve("x.mp3"), new byte[] {1, 2, 3});
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(input, ChannelMode.ALL, Optional.of(ffmpeg)));
        assertEquals(
                input
                        + ": ffmpeg failed (exit code 3): Decoder not found for this stream (its first error: first line)",
                e.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ffmpegThatSucceedsWithGarbageIsATypedError() throws IOException {
        Path ffmpeg = fakeFfmpeg("echo 'not a wav'");
        Path input = Files.write(tmp.resolve("x.m4a"), new byte[] {1, 2, 3});
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(input, ChannelMode.ALL, Optional.of(ffmpeg)));
        assertTrue(e.getMessage().startsWith(input + ": ffmpeg's output could not be read: "), e.getMessage());
    }

    @Test
    void aMissingInputIsNoSuchFile() throws IOException {
        Path ffmpeg = fakeFfmpeg("exit 1");
        assertThrows(
                java.nio.file.NoSuchFileException.class,
                () -> AudioDecoder.decode(tmp.resolve("absent.flac"), ChannelMode.ALL, Optional.of(ffmpeg)));
    }
}
