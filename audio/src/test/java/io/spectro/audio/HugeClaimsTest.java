package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.audio.flac.FlacDecoder;
import io.spectro.io.Npy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers that claim enormous sizes (2^40 frames in an RF64 ds64 chunk, a 4 GiB RIFF data chunk, 2^36 - 1 samples in
 * a FLAC STREAMINFO, a 2^40-element {@code .npy} shape) over a few kilobytes of real data: every decoder, whole-file
 * and streaming, allocates for the bytes present, never for the claim (measured with the thread's allocated-bytes
 * counter), and finishes at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HugeClaimsTest {
    private static final long FRAMES_2_40 = 1L << 40;
    private static final long LIMIT = 16L << 20;

    @TempDir
    Path tmp;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code what} on this thread and checks it allocated less than {@link #LIMIT}; returns its result. */
    private static <T> T bounded(String what, Callable<T> call) throws Exception {
        long before = allocated();
        T result = call.call();
        long used = allocated() - before;
        assertTrue(used < LIMIT, what + " allocated " + used + " bytes for a header's claim");
        return result;
    }

    /** RF64, 16-bit stereo, ds64 claiming 2^40 frames; 4096 bytes (1024 frames) of real data. */
    private static byte[] rf64Claiming2To40Frames() {
        ByteBuffer b = ByteBuffer.allocate(12 + 36 + 24 + 8 + 4096).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RF64".getBytes(StandardCharsets.ISO_8859_1))
                .putInt(-1)
                .put("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        b.put("ds64".getBytes(StandardCharsets.ISO_8859_1)).putInt(28);
        b.putLong(FRAMES_2_40 * 4 + 100)
                .putLong(FRAMES_2_40 * 4)
                .putLong(FRAMES_2_40)
                .putInt(0);
        b.put("fmt ".getBytes(StandardCharsets.ISO_8859_1))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 2);
        b.putInt(48_000).putInt(192_000).putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.ISO_8859_1)).putInt(-1);
        for (int i = 0; i < 2048; i++) {
            b.putShort((short) (i * 7));
        }
        return b.array();
    }

    @Test
    void anRf64HeaderClaiming2To40FramesAllocatesForTheFramesPresent() throws Exception {
        Path file = tmp.resolve("huge.wav");
        Files.write(file, rf64Claiming2To40Frames());
        AudioClip lenient = bounded("WavReader.readAll", () -> WavReader.readAll(file, ChannelMode.ALL));
        assertEquals(1024, lenient.frames());
        assertTrue(
                lenient.source().warnings().toString().contains("truncated"),
                lenient.source().warnings().toString());
        AudioClip viaFrontDoor =
                bounded("AudioDecoder.decode", () -> AudioDecoder.decode(file, ChannelMode.MIX_TO_MONO));
        assertEquals(1024, viaFrontDoor.frames());
        WavFormatException strict = assertThrows(
                WavFormatException.class, () -> WavReader.readAll(file, ChannelMode.ALL, WavReader.Options.STRICT));
        assertEquals(WavFormatException.Kind.TRUNCATED, strict.kind());
        // As a stream the claim cannot be checked against a size: the reader grows with what arrives.
        byte[] bytes = Files.readAllBytes(file);
        AudioClip stream = bounded("WavReader.openStream", () -> {
            try (WavReader r = WavReader.openStream(
                    Channels.newChannel(new ByteArrayInputStream(bytes)), "huge.wav", WavReader.Options.LENIENT)) {
                assertEquals(FRAMES_2_40, r.info().frameCount());
                return r.readRemaining(ChannelMode.ALL);
            }
        });
        assertEquals(1024, stream.frames());
    }

    @Test
    void aRiffDataSizeOf4GiBOverAFewBytesAllocatesForTheBytes() throws Exception {
        byte[] b = rf64Claiming2To40Frames();
        // The same samples as plain RIFF: no ds64 (a JUNK chunk of the same size), data size 0xFFFFFFFE.
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        w.put(0, "RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4, -2);
        w.put(12, "JUNK".getBytes(StandardCharsets.ISO_8859_1));
        w.putInt(12 + 36 + 24 + 4, 0xFFFFFFFE);
        Path file = tmp.resolve("riff.wav");
        Files.write(file, b);
        AudioClip clip = bounded("WavReader.readAll", () -> WavReader.readAll(file, ChannelMode.ALL));
        assertEquals(1024, clip.frames());
    }

    @Test
    void aFlacStreamInfoClaimingTheMostSamplesAllocatesPerFrame() throws Exception {
        byte[] flac =
                Files.readAllBytes(Corpus.audioDir().resolveSibling("flac").resolve("bits16_stereo.flac"));
        // STREAMINFO body at 8: total samples are the low 36 bits of the 8 bytes at 18; max block size at 10.
        long packed = ByteBuffer.wrap(flac, 18, 8).getLong();
        ByteBuffer.wrap(flac).putLong(18, packed | ((1L << 36) - 1)).putShort(10, (short) 0xFFFF);
        Path file = tmp.resolve("claims.flac");
        Files.write(file, flac);
        try (FlacDecoder d = bounded("FlacDecoder.open", () -> FlacDecoder.open(file))) {
            assertEquals((1L << 36) - 1, d.info().frameCount());
        }
        // Decoding the whole file ends in a typed error (fewer samples than claimed) or succeeds; it never
        // allocates for 2^36 frames.
        try {
            bounded("AudioDecoder.decode", () -> AudioDecoder.decode(file, ChannelMode.ALL));
        } catch (AudioDecodeException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    @Test
    void anNpyShapeOf2To40ElementsIsRefusedBeforeAllocating() throws Exception {
        for (String shape : new String[] {"(1048576, 1048576)", "(1073741824,)", "(1024, 1024, 1024)"}) {
            String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }\n";
            byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer b = ByteBuffer.allocate(10 + text.length + 64).order(ByteOrder.LITTLE_ENDIAN);
            b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                    .putShort((short) text.length)
                    .put(text);
            byte[] npy = b.array();
            IllegalArgumentException e = bounded(
                    "Npy.parse " + shape, () -> assertThrows(IllegalArgumentException.class, () -> Npy.parse(npy)));
            assertTrue(e.getMessage().contains("shape") || e.getMessage().contains("data holds"), e.getMessage());
            Path file = tmp.resolve("huge.npy");
            Files.write(file, npy);
            IOException io = bounded("Npy.read " + shape, () -> assertThrows(IOException.class, () -> Npy.read(file)));
            assertTrue(io.getMessage().startsWith(file.toString()), io.getMessage());
        }
    }
}
