package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.audio.WavFormatException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken corpus file gives a {@link WavFormatException} naming the file, the byte offset and the problem. */
class WavReaderBrokenTest {

    /** A broken file, the offset and kind of its error, and text the reason must contain. */
    record Broken(String file, long offset, Kind kind, String reason) {
        @Override
        public String toString() {
            return file;
        }
    }

    static final String HINT = "is not supported; convert with ffmpeg -i in.wav -c:a pcm_s16le out.wav";

    static Stream<Broken> cases() {
        return Stream.of(
                new Broken("broken_empty.wav", 0, Kind.MALFORMED, "empty file (0 bytes), not a WAV file"),
                new Broken(
                        "broken_header_10_bytes.wav",
                        10,
                        Kind.MALFORMED,
                        "truncated header: the file ends after 10 bytes, inside the 12-byte RIFF/WAVE header"),
                new Broken(
                        "broken_truncated_fmt.wav",
                        30,
                        Kind.MALFORMED,
                        "truncated 'fmt ' chunk: it declares 16 bytes but the file ends after 10"),
                new Broken("broken_zero_channels.wav", 22, Kind.MALFORMED, "the 'fmt ' chunk declares 0 channels"),
                new Broken(
                        "broken_zero_rate.wav", 24, Kind.MALFORMED, "the 'fmt ' chunk declares a sample rate of 0 Hz"),
                new Broken(
                        "broken_block_align.wav",
                        32,
                        Kind.MALFORMED,
                        "block align 3 is inconsistent with 2 channels of 16-bit samples (expected 4)"),
                new Broken(
                        "broken_no_data.wav",
                        70,
                        Kind.MALFORMED,
                        "no 'data' chunk in the file (chunks: 'fmt ' at 12, 'LIST' at 36)"),
                new Broken(
                        "broken_no_fmt.wav",
                        252,
                        Kind.MALFORMED,
                        "no 'fmt ' chunk in the file (chunks: 'LIST' at 12, 'data' at 44)"),
                new Broken(
                        "broken_fmt_too_short.wav",
                        16,
                        Kind.MALFORMED,
                        "the 'fmt ' chunk is 12 bytes; it needs at least 16"),
                new Broken(
                        "broken_chunk_past_eof.wav",
                        36,
                        Kind.MALFORMED,
                        "no 'data' chunk in the file (chunks: 'fmt ' at 12, 'LIST' at 36); chunk 'LIST' at byte 36"
                                + " declares 1073741824 bytes, past the end of the file (256 bytes)"),
                new Broken(
                        "broken_rf64_no_ds64.wav",
                        12,
                        Kind.MALFORMED,
                        "RF64 file without a ds64 chunk first (found 'fmt ')"),
                new Broken(
                        "broken_float16.wav",
                        34,
                        Kind.UNSUPPORTED_ENCODING,
                        "IEEE float with 16-bit samples is not supported (32 or 64)"),
                new Broken(
                        "broken_ext_unknown_guid.wav",
                        44,
                        Kind.UNSUPPORTED_ENCODING,
                        "WAVE_FORMAT_EXTENSIBLE sub-format {33221100-5544-7766-8899-AABBCCDDEEFF} is not supported"),
                new Broken(
                        "broken_ms_adpcm.wav",
                        20,
                        Kind.UNSUPPORTED_ENCODING,
                        "Microsoft ADPCM (format tag 0x0002) " + HINT),
                new Broken(
                        "broken_ima_adpcm.wav", 20, Kind.UNSUPPORTED_ENCODING, "IMA ADPCM (format tag 0x0011) " + HINT),
                new Broken("broken_flac.wav", 0, Kind.NOT_WAV, "this is a FLAC file, not WAV"),
                new Broken(
                        "broken_mp3.wav", 0, Kind.NOT_WAV, "this is an MP3 file (it starts with an ID3 tag), not WAV"),
                new Broken("broken_mp3_no_id3.wav", 0, Kind.NOT_WAV, "this is an MPEG audio (MP3) file, not WAV"),
                new Broken("broken_opus.wav", 0, Kind.NOT_WAV, "this is an Ogg Opus file, not WAV"),
                new Broken("broken_text.wav", 0, Kind.NOT_WAV, "this is an HTML page"),
                new Broken(
                        "broken_avi.wav",
                        8,
                        Kind.NOT_WAV,
                        "this is a RIFF file of type 'AVI ' (an AVI video), not WAVE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenFileGivesATypedErrorWithFileOffsetAndReason(Broken b) {
        Path p = Corpus.audio(b.file());
        for (WavReader.Options options : List.of(WavReader.Options.LENIENT, WavReader.Options.STRICT)) {
            WavFormatException e =
                    assertThrows(WavFormatException.class, () -> WavReader.readAll(p, ChannelMode.ALL, options));
            assertEquals(b.kind(), e.kind(), e.getMessage());
            assertEquals(b.offset(), e.byteOffset(), e.getMessage());
            assertEquals(p.toString(), e.sourceName());
            assertTrue(e.reason().startsWith(b.reason()), "reason was: " + e.reason());
            assertEquals(p + ": at byte " + b.offset() + ": " + e.reason(), e.getMessage());
        }
    }

    @Test
    void everyBrokenFileIsCovered() throws IOException {
        Set<String> covered = new HashSet<>();
        cases().forEach(c -> covered.add(c.file()));
        // Decoded leniently, thrown on only in strict mode: see WavReaderCorpusTest.
        covered.add("broken_truncated_data.wav");
        covered.add("broken_data_size_lies.wav");
        try (var files = Files.list(Corpus.audioDir())) {
            List<String> missing = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("broken_") && n.endsWith(".wav"))
                    .filter(n -> !covered.contains(n))
                    .toList();
            assertEquals(List.of(), missing);
        }
    }

    @Test
    void aMissingFileIsTheUsualNoSuchFileException() {
        assertThrows(
                java.nio.file.NoSuchFileException.class,
                () -> WavReader.open(Corpus.audioDir().resolve("no_such_file.wav")));
    }
}
