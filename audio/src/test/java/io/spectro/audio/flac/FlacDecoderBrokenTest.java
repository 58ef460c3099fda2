package io.spectro.audio.flac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.audio.AudioDecodeException;
import io.spectro.audio.AudioDecodeException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed, truncated and corrupted FLAC: every problem is an {@link AudioDecodeException} naming the source, the
 * byte offset and the kind of problem; nothing else escapes, and no header claim makes the decoder allocate.
 */
class FlacDecoderBrokenTest {

    private static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(FlacCorpus.file(name));
    }

    /** Decodes everything; returns null, or the exception. Anything but an AudioDecodeException fails the test. */
    private static AudioDecodeException decode(byte[] file, boolean md5) {
        try (FlacDecoder d = FlacDecoder.open(
                ByteBuffer.wrap(file), "x.flac", md5 ? FlacDecoder.Options.VERIFY_MD5 : FlacDecoder.Options.DEFAULT)) {
            int[] buf = new int[4096 * d.info().channels()];
            while (d.readInts(buf, 0, 4096) > 0) {
                // decode to the end
            }
            return null;
        } catch (AudioDecodeException e) {
            assertTrue(e.getMessage().startsWith("x.flac: "), e.getMessage());
            assertTrue(e.byteOffset() <= file.length, e.getMessage());
            return e;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("not an AudioDecodeException: " + e, e);
        }
    }

    /** Offset of the first frame: the first 0xFFF8/0xFFF9 after the metadata of a file without padding. */
    private static int firstFrame(byte[] file) {
        for (int i = 42; i + 1 < file.length; i++) {
            if ((file[i] & 0xFF) == 0xFF && (file[i + 1] & 0xFE) == 0xF8) {
                return i;
            }
        }
        throw new AssertionError("no frame");
    }

    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        byte[] file = bytes("bits16_stereo.flac");
        for (int length = 0; length < file.length; length++) {
            AudioDecodeException e = decode(Arrays.copyOf(file, length), false);
            assertNotNull(e, "a file cut to " + length + " bytes decoded without an error");
            Kind expected = length < 4 ? Kind.MALFORMED : Kind.TRUNCATED;
            assertEquals(expected, e.kind(), "cut to " + length + " bytes: " + e.getMessage());
        }
    }

    @Test
    void aFileCutAtAFrameBoundarySaysHowManySamplesAreMissing() throws IOException {
        byte[] file = bytes("bits16_mono.flac"); // 2500 samples in frames of 1024
        int second = -1;
        for (int i = firstFrame(file) + 2; i + 1 < file.length; i++) {
            if ((file[i] & 0xFF) == 0xFF && (file[i + 1] & 0xFE) == 0xF8 && file[i + 4] == 1) {
                second = i;
                break;
            }
        }
        AudioDecodeException e = decode(Arrays.copyOf(file, second), false);
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals(
                "x.flac: at byte " + second + ": the file ends after sample 1024 of the 2500 that STREAMINFO"
                        + " declares",
                e.getMessage());
    }

    @Test
    void everySingleByteCorruptionOfTheAudioIsCaught() throws IOException {
        byte[] file = bytes("variable_blocksize_stereo24.flac");
        int first = firstFrame(file);
        for (int i = first; i < file.length; i++) {
            byte[] bad = file.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            AudioDecodeException e = decode(bad, false);
            assertNotNull(e, "flipping a bit of byte " + i + " went unnoticed");
        }
    }

    @Test
    void aBadFrameCrc16IsAChecksumErrorAtTheCrc() throws IOException {
        byte[] file = bytes("bits16_mono.flac");
        file[file.length - 1] ^= 0x01;
        AudioDecodeException e = decode(file, false);
        assertEquals(Kind.CHECKSUM, e.kind());
        assertEquals(file.length - 2, e.byteOffset());
        assertTrue(
                e.getMessage()
                        .matches("x\\.flac: at byte " + (file.length - 2)
                                + ": frame CRC-16 mismatch: stored 0x[0-9a-f]{4},"
                                + " computed 0x[0-9a-f]{4} \\(in the frame from sample 2048\\)"),
                e.getMessage());
    }

    @Test
    void aBadHeaderCrc8IsAChecksumErrorAtTheFrame() throws IOException {
        byte[] file = bytes("bits16_mono.flac");
        int frame = firstFrame(file);
        assertEquals(0xA5, file[frame + 2] & 0xFF, "block size 1024, 16 kHz");
        file[frame + 2] = (byte) 0xA4; // 8 kHz: valid, but the CRC-8 no longer matches
        AudioDecodeException e = decode(file, false);
        assertEquals(Kind.CHECKSUM, e.kind());
        assertEquals(frame, e.byteOffset());
        assertTrue(e.reason().startsWith("frame header CRC-8 mismatch: stored 0x"), e.getMessage());
    }

    @Test
    void reservedHeaderCodesAreMalformed() throws IOException {
        byte[] file = bytes("bits16_stereo.flac");
        int frame = firstFrame(file);
        record Case(int at, int and, int or, String reason) {}
        for (Case c : List.of(
                new Case(2, 0x0F, 0x00, "reserved block size code 0 in a frame header"),
                new Case(2, 0xF0, 0x0F, "invalid sample rate code 15 in a frame header"),
                new Case(3, 0x0F, 0xB0, "reserved channel assignment 11 in a frame header"),
                new Case(3, 0xF1, 0x06, "reserved sample size code 3 in a frame header"),
                new Case(3, 0xFE, 0x01, "the reserved bit of a frame header is set"))) {
            byte[] bad = file.clone();
            bad[frame + c.at()] = (byte) ((bad[frame + c.at()] & c.and()) | c.or());
            AudioDecodeException e = decode(bad, false);
            assertEquals(Kind.MALFORMED, e.kind(), e.getMessage());
            assertEquals(frame, e.byteOffset());
            assertEquals(c.reason() + " (in the frame from sample 0)", e.reason());
        }
    }

    @Test
    void garbageWhereAFrameShouldStartIsMalformed() throws IOException {
        byte[] file = bytes("bits16_mono.flac");
        int frame = firstFrame(file);
        file[frame] = 'x';
        AudioDecodeException e = decode(file, false);
        assertEquals(Kind.MALFORMED, e.kind());
        assertEquals(
                "x.flac: at byte " + frame + ": expected a frame header (sync code 0xfff8 or 0xfff9), found 0x78f8"
                        + " (in the frame from sample 0)",
                e.getMessage());
    }

    @Test
    void somethingElseIsNotFlac() throws IOException {
        byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AudioDecodeException e = decode(wav, false);
        assertEquals(Kind.MALFORMED, e.kind());
        assertEquals(
                "x.flac: at byte 0: not a FLAC stream: expected the marker fLaC, found 52 49 46 46", e.getMessage());
        assertEquals(
                "x.flac: at byte 0: not a FLAC stream: expected the marker fLaC, found the end of the file",
                decode(new byte[0], false).getMessage());
    }

    @Test
    void hugeSizesInHeadersAreNotAllocated() throws IOException {
        byte[] file = bytes("bits16_mono.flac");
        // The VORBIS_COMMENT block after STREAMINFO claims 16 MiB - 1.
        byte[] bad = file.clone();
        bad[43] = (byte) 0xFF;
        bad[44] = (byte) 0xFF;
        bad[45] = (byte) 0xFF;
        AudioDecodeException e = decode(bad, false);
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals(
                "x.flac: at byte 42: a metadata block of type 4 declares 16777215 bytes but the file ends at byte "
                        + file.length,
                e.getMessage());
        // An ID3v2 tag that claims 256 MiB.
        byte[] id3 = new byte[file.length + 10];
        System.arraycopy("ID3".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, id3, 0, 3);
        id3[3] = 3;
        Arrays.fill(id3, 6, 10, (byte) 0x7F);
        System.arraycopy(file, 0, id3, 10, file.length);
        e = decode(id3, false);
        assertEquals(Kind.TRUNCATED, e.kind());
        assertTrue(e.reason().startsWith("the ID3v2 tag declares 268435465 bytes"), e.getMessage());
        // STREAMINFO claiming 2^36 - 1 samples: decoding stops with a truncation error at the real end.
        byte[] longClaim = file.clone();
        longClaim[21] |= 0x0F;
        Arrays.fill(longClaim, 22, 26, (byte) 0xFF);
        e = decode(longClaim, false);
        assertEquals(Kind.TRUNCATED, e.kind());
        assertTrue(e.reason().startsWith("the file ends after sample 2500 of the 68719476735"), e.getMessage());
    }

    @Test
    void bytesAfterTheLastFrameAreAWarning() throws IOException {
        byte[] file = bytes("bits16_mono.flac");
        byte[] longer = Arrays.copyOf(file, file.length + 5);
        try (FlacDecoder d = FlacDecoder.open(ByteBuffer.wrap(longer), "x.flac", FlacDecoder.Options.VERIFY_MD5)) {
            assertEquals(2500, d.readInts(new int[3000], 0, 3000));
            assertEquals(0, d.readInts(new int[3000], 0, 3000));
            assertEquals(List.of("ignored 5 bytes after the last frame (from byte " + file.length + ")"), d.warnings());
        }
    }

    @Test
    void aCorruptedMd5IsReportedOnlyWhenAsked() throws IOException {
        byte[] file = bytes("bits16_mono.flac");
        file[30] ^= 0x40; // inside the STREAMINFO MD5
        AudioDecodeException e = decode(file, true);
        assertEquals(Kind.CHECKSUM, e.kind());
        assertEquals(26, e.byteOffset());
        assertEquals(null, decode(file, false));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void randomCorruptionOnlyEverGivesAudioDecodeExceptions() throws IOException {
        Random random = new Random(42);
        List<String> names = List.of(
                "variable_blocksize.flac",
                "lpc32_q15_16bit_wide.flac",
                "lpc8_32bit_wide.flac",
                "stereo_mid_side_32.flac",
                "bits24_stereo.flac",
                "channels8.flac",
                "metadata_blocks.flac");
        int caught = 0;
        for (String name : names) {
            byte[] file = bytes(name);
            for (int trial = 0; trial < 300; trial++) {
                byte[] bad = file.clone();
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int at = random.nextInt(bad.length);
                    bad[at] = random.nextInt(3) == 0
                            ? (byte) random.nextInt(256)
                            : (byte) (bad[at] ^ (1 << random.nextInt(8)));
                }
                if (random.nextInt(4) == 0) {
                    bad = Arrays.copyOf(bad, random.nextInt(bad.length));
                }
                if (decode(bad, random.nextBoolean()) != null) {
                    caught++;
                }
                // seeking in a corrupted file: a typed error or samples, nothing else
                try (FlacDecoder d = FlacDecoder.open(ByteBuffer.wrap(bad), "x.flac", FlacDecoder.Options.DEFAULT)) {
                    long total = Math.max(1, d.info().frameCount());
                    d.seekFrame(random.nextLong(total));
                    d.readInts(new int[64 * d.info().channels()], 0, 64);
                } catch (AudioDecodeException | IllegalArgumentException expected) {
                    // a typed error, or a target beyond a corrupted length
                }
            }
        }
        assertTrue(caught > 1000, "most corruptions are caught: " + caught);
    }
}
