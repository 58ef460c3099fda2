package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade: WAV through {@link WavReader}, other formats through ffmpeg. Tests needing the real ffmpeg are skipped
 * (with the reason) where it is not on the PATH; the process handling is also tested with small fake ffmpeg
 * scripts, which need only /bin/sh.
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

    @Test
    void otherFormatsWithoutFfmpegGiveOneClearLine() {
        Path flac = Corpus.audio("tone_stereo_16k.flac");
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class, () -> AudioDecoder.decode(flac, ChannelMode.ALL, Optional.empty()));
        assertEquals(flac + ": FLAC needs ffmpeg on the PATH (apt-get install ffmpeg)", e.getMessage());
    }

    @Test
    void aFlacNamedWavWithoutFfmpegIsTheWavReadersError() {
        Path fake = Corpus.audio("broken_flac.wav");
        WavFormatException e = assertThrows(
                WavFormatException.class, () -> AudioDecoder.decode(fake, ChannelMode.ALL, Optional.empty()));
        assertEquals(WavFormatException.Kind.NOT_WAV, e.kind());
        assertTrue(e.getMessage().endsWith("this is a FLAC file, not WAV"), e.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void flacIsDecodedByFfmpegBitExactlyLikeLibsndfile() throws IOException {
        Path ffmpeg = realFfmpeg();
        Path flac = Corpus.audio("tone_stereo_16k.flac");
        float[] ref = Npy.read(Corpus.audio("tone_stereo_16k.npy")).data(); // [800][2]
        AudioClip clip = AudioDecoder.decode(flac, ChannelMode.ALL, Optional.of(ffmpeg));
        assertEquals(16000, clip.sampleRateHz());
        assertEquals(2, clip.channels());
        assertEquals(800, clip.frames());
        assertArrayEquals(ref, clip.samples());
        assertEquals(flac + " (decoded by ffmpeg)", clip.source().sourceName());
        assertEquals(800, clip.source().frameCount());
        AudioClip right = AudioDecoder.decode(flac, ChannelMode.select(1), Optional.of(ffmpeg));
        assertArrayEquals(clip.channel(1), right.samples());
        IllegalArgumentException third = assertThrows(
                IllegalArgumentException.class,
                () -> AudioDecoder.decode(flac, ChannelMode.select(2), Optional.of(ffmpeg)));
        assertTrue(third.getMessage().contains("has 2 channels"), third.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nonWavAndUnsupportedWavFallBackToFfmpegWhenItIsThere() throws IOException {
        Path ffmpeg = realFfmpeg();
        AudioClip flacNamedWav =
                AudioDecoder.decode(Corpus.audio("broken_flac.wav"), ChannelMode.ALL, Optional.of(ffmpeg));
        assertEquals(16000, flacNamedWav.sampleRateHz());
        assertEquals(800, flacNamedWav.frames());
        AudioClip adpcm =
                AudioDecoder.decode(Corpus.audio("broken_ms_adpcm.wav"), ChannelMode.ALL, Optional.of(ffmpeg));
        assertEquals(16000, adpcm.sampleRateHz());
        assertTrue(adpcm.frames() >= 800, "frames " + adpcm.frames());
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
        AudioClip clip = AudioDecoder.decode(input, ChannelMode.ALL, Optional.of(ffmpeg));
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
