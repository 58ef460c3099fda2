package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recognising formats from content, and the "which decoder handles which format here" listing. */
class FormatsTest {

    @TempDir
    Path tmp;

    private static final AudioDecoder.Backends NO_LIBSNDFILE = AudioDecoder.Backends.here()
            .withoutLibsndfile("libsndfile.so.1 not found (Debian/Ubuntu: apt-get install libsndfile1)");

    private static Map<AudioFileType, FormatSupport> byType(List<FormatSupport> list) {
        return list.stream().collect(Collectors.toMap(FormatSupport::fileType, Function.identity()));
    }

    @Test
    void sniffingLooksAtContentAndPastId3Tags() throws IOException {
        assertEquals(AudioFileType.WAV, AudioDecoder.sniff(Corpus.audio("pcm_s16_mono_16k.wav")));
        assertEquals(AudioFileType.FLAC, AudioDecoder.sniff(Corpus.audio("broken_flac.wav")));
        assertEquals(AudioFileType.MP3, AudioDecoder.sniff(Corpus.audio("broken_mp3.wav")));
        assertEquals(AudioFileType.MP3, AudioDecoder.sniff(Corpus.audio("broken_mp3_no_id3.wav")));
        assertEquals(AudioFileType.OGG_OPUS, AudioDecoder.sniff(Corpus.audio("broken_opus.wav")));
        Path lossy = Path.of(Corpus.audioDir().toString(), "..", "lossy");
        assertEquals(AudioFileType.OGG_VORBIS, AudioDecoder.sniff(lossy.resolve("vorbis_stereo_44k.ogg")));
        assertEquals(AudioFileType.AIFF, AudioDecoder.sniff(lossy.resolve("aiff_mono_16k.aiff")));
        Path flacs = Path.of(Corpus.audioDir().toString(), "..", "flac");
        assertEquals(AudioFileType.FLAC, AudioDecoder.sniff(flacs.resolve("id3v2_prefixed.flac")));
        assertEquals(
                AudioFileType.MP4,
                AudioDecoder.sniff(Files.write(
                        tmp.resolve("a.m4a"), "\0\0\0\u0020ftypM4A ".getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals(AudioFileType.UNKNOWN, AudioDecoder.sniff(Files.writeString(tmp.resolve("t.txt"), "hello")));
        assertEquals(AudioFileType.UNKNOWN, AudioDecoder.sniff(Files.write(tmp.resolve("empty"), new byte[0])));
    }

    @Test
    void theListingNamesADecoderForEveryFormat() {
        Map<AudioFileType, FormatSupport> here = byType(AudioDecoder.formats());
        assertEquals(AudioFileType.values().length, here.size());
        assertEquals(
                Optional.of(DecoderBackend.WAV_JAVA),
                here.get(AudioFileType.WAV).decoder());
        assertEquals(
                Optional.of(DecoderBackend.FLAC_JAVA),
                here.get(AudioFileType.FLAC).decoder());
        if (Libsndfile.probe().available()) {
            for (AudioFileType t : List.of(AudioFileType.MP3, AudioFileType.OGG_VORBIS, AudioFileType.OGG_OPUS)) {
                assertEquals(Optional.of(DecoderBackend.LIBSNDFILE), here.get(t).decoder(), t.toString());
            }
            assertEquals("", AudioDecoder.fallbackNote());
        }
        if (AudioDecoder.findFfmpeg().isPresent()) {
            assertEquals(
                    Optional.of(DecoderBackend.FFMPEG),
                    here.get(AudioFileType.MP4).decoder());
        }
    }

    @Test
    void withoutLibsndfileTheLossyFormatsFallBackToFfmpegAndOneLineSaysWhy() {
        AudioDecoder.Backends withFfmpeg = NO_LIBSNDFILE.withFfmpeg(Optional.of(Path.of("/usr/bin/ffmpeg")));
        Map<AudioFileType, FormatSupport> list = byType(AudioDecoder.formats(withFfmpeg));
        FormatSupport mp3 = list.get(AudioFileType.MP3);
        assertEquals(Optional.of(DecoderBackend.FFMPEG), mp3.decoder());
        assertEquals(
                "MP3: ffmpeg (one process per file) (libsndfile.so.1 not found (Debian/Ubuntu: apt-get install"
                        + " libsndfile1))",
                mp3.toString());
        assertEquals(
                "MP3, Ogg Vorbis, Opus are decoded by ffmpeg (one process per file, slower): libsndfile.so.1 not found"
                        + " (Debian/Ubuntu: apt-get install libsndfile1)",
                AudioDecoder.fallbackNote(withFfmpeg));
        assertEquals(
                "WAV: WAV decoder (pure Java) (ADPCM, GSM and other non-PCM encodings: ffmpeg)",
                list.get(AudioFileType.WAV).toString());

        AudioDecoder.Backends nothing = NO_LIBSNDFILE.withFfmpeg(Optional.empty());
        list = byType(AudioDecoder.formats(nothing));
        assertEquals(Optional.empty(), list.get(AudioFileType.OGG_OPUS).decoder());
        assertEquals(
                "M4A/MP4 (AAC, ALAC): no decoder (needs ffmpeg on the PATH (apt-get install ffmpeg))",
                list.get(AudioFileType.MP4).toString());
        assertEquals(
                "FLAC: FLAC decoder (pure Java)", list.get(AudioFileType.FLAC).toString());
        assertEquals(
                "MP3, Ogg Vorbis, Opus cannot be decoded: libsndfile.so.1 not found (Debian/Ubuntu: apt-get install"
                        + " libsndfile1), and there is no ffmpeg on the PATH (apt-get install ffmpeg)",
                AudioDecoder.fallbackNote(nothing));
    }
}
