package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.io.Npy;
import io.spectro.io.Npz;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per decoder bug the fuzzer ({@link DecoderFuzzer}) and the property tests ({@link DecoderPropertiesTest})
 * found, each on a small input written out here, plus every saved crashing input under {@code fuzz-regressions/}
 * replayed through every {@link FuzzTarget}.
 */
class DecoderRegressionTest {

    @TempDir
    Path tmp;

    /** Every saved crash (the fuzzer's {@code .bin} files), through every target with eight decode seeds each. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("savedCrashes")
    void savedCrashingInputsNowGiveTypedErrorsOrDecode(Path input) throws IOException {
        byte[] in = Files.readAllBytes(input);
        for (FuzzTarget t : FuzzTarget.values()) {
            for (long seed = 0; seed < 8; seed++) {
                t.decode(in, new SplittableRandom(seed), tmp);
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    static Stream<Path> savedCrashes() throws IOException, URISyntaxException {
        Path dir = Path.of(DecoderRegressionTest.class
                        .getResource("/fuzz-regressions/README.md")
                        .toURI())
                .getParent();
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "the saved crashes are missing from " + dir);
        return files.stream();
    }

    // ---- WAV ----------------------------------------------------------------------------------------------------

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void fourCc(ByteBuffer b, String id) {
        b.put(id.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** RIFF header, a 16-byte fmt chunk (16-bit stereo 8 kHz), as a buffer with room for {@code more} bytes. */
    private static ByteBuffer riffWithFmt(String container, int more) {
        ByteBuffer b = le(12 + 24 + more);
        fourCc(b, container);
        b.putInt(4 + 24 + more);
        fourCc(b, "WAVE");
        fourCc(b, "fmt ");
        b.putInt(16).putShort((short) 1).putShort((short) 2).putInt(8000).putInt(32000);
        b.putShort((short) 4).putShort((short) 16);
        return b;
    }

    @Test
    void aLastOddChunkWithoutItsPadByteIsReportedInsideTheFile() {
        // Fuzzer: "no 'data' chunk" named byte 1198 of a 1197-byte file (the scan stepped over the missing pad byte).
        ByteBuffer b = riffWithFmt("RIFF", 11);
        fourCc(b, "LIST");
        b.putInt(3).put(new byte[] {1, 2, 3});
        byte[] file = b.array();
        WavFormatException e = assertThrows(
                WavFormatException.class,
                () -> WavReader.open(new ByteArrayChannel(file), "x.wav", WavReader.Options.LENIENT));
        assertTrue(e.getMessage().contains("no 'data' chunk"), e.getMessage());
        assertTrue(e.byteOffset() <= file.length, e.getMessage());
    }

    @Test
    void aStreamWhoseChunkRunsPastItsEndReportsWhereItEnded() {
        // Fuzzer: a forward-only stream of 99 bytes reported byte 291984, where a chunk claimed to end.
        ByteBuffer b = riffWithFmt("RIFF", 18);
        fourCc(b, "junk");
        b.putInt(291_940).put(new byte[10]);
        byte[] file = b.array();
        WavFormatException e = assertThrows(
                WavFormatException.class,
                () -> WavReader.openStream(
                        Channels.newChannel(new ByteArrayInputStream(file)), "x.wav", WavReader.Options.LENIENT));
        assertTrue(e.getMessage().contains("no 'data' chunk"), e.getMessage());
        assertEquals(file.length, e.byteOffset(), e.getMessage());
    }

    @Test
    void aStreamDeclaringAPartialFrameNamesTheSizeField() {
        // Fuzzer: a stream's strict "partial frame" error named byte 14883332, the declared end, past the stream.
        ByteBuffer b = riffWithFmt("RIFF", 8 + 100);
        fourCc(b, "data");
        b.putInt(14_883_330).put(new byte[100]); // 14883330 = 3720832 frames of 4 bytes + 2
        byte[] file = b.array();
        WavFormatException e = assertThrows(
                WavFormatException.class,
                () -> WavReader.openStream(
                        Channels.newChannel(new ByteArrayInputStream(file)), "x.wav", WavReader.Options.STRICT));
        assertEquals(WavFormatException.Kind.TRUNCATED, e.kind());
        assertEquals(36 + 4, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().contains("declares 14883330 bytes"), e.getMessage());
    }

    @Test
    void anRf64DataSizeNearTheLargestLongNeitherWrapsNorThrowsOutOfBounds() throws IOException {
        // Fuzzer: ds64 data size 2^63 - 5: body + size wrapped to a negative offset, then IndexOutOfBoundsException.
        ByteBuffer b = le(12 + 36 + 24 + 8 + 64 + 12);
        fourCc(b, "RF64");
        b.putInt(-1);
        fourCc(b, "WAVE");
        fourCc(b, "ds64");
        b.putInt(28).putLong(0).putLong(Long.MAX_VALUE - 4).putLong(0).putInt(0);
        fourCc(b, "fmt ");
        b.putInt(16).putShort((short) 1).putShort((short) 2).putInt(8000).putInt(32000);
        b.putShort((short) 4).putShort((short) 16);
        fourCc(b, "data");
        b.putInt(-1).put(new byte[64]);
        fourCc(b, "LIST");
        b.putInt(4).putInt(0);
        byte[] file = b.array();
        try (WavReader r = WavReader.open(new ByteArrayChannel(file), "x.wav", WavReader.Options.LENIENT)) {
            assertTrue(
                    r.info().dataOffset() + r.info().dataBytes() <= file.length,
                    r.info().toString());
            r.readRemaining(ChannelMode.ALL);
        }
        assertThrows(
                WavFormatException.class,
                () -> WavReader.open(new ByteArrayChannel(file), "x.wav", WavReader.Options.STRICT));
    }

    @Test
    void anId3TagLongerThanTheBytesInMemoryIsNotReadPastTheirEnd() {
        // Fuzzer: AudioDecoder.open(ByteBuffer) looked for the format after an ID3v2 tag claiming ~256 MiB.
        byte[] tag = {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, 1, 2, 3};
        AudioDecodeException e = assertThrows(
                AudioDecodeException.class,
                () -> AudioDecoder.open(
                        ByteBuffer.wrap(tag),
                        "x.mp3",
                        AudioDecoder.Options.DEFAULT,
                        AudioDecoderTest.nothingExternal()));
        assertEquals(AudioDecodeException.Kind.UNSUPPORTED, e.kind(), e.getMessage());
    }

    // ---- .npy / .npz ------------------------------------------------------------------------------------------

    private static byte[] npy(int version, String dict, int dataBytes) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int start = version == 1 ? 10 : 12;
        ByteBuffer b = le(start + text.length + dataBytes);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).array();
    }

    private static void refused(byte[] npy, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.parse(npy));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void npyHeadersTheFuzzerBrokeAreRefusedWithAReason() {
        // Each was another exception before: StringIndexOutOfBounds (empty descr), IndexOutOfBounds (negative
        // dimension; version 2 header cut short), ArithmeticException (shape product overflow), NumberFormatException
        // saying only 'For input string' (a dimension that is not a number).
        refused(npy(1, "{'descr': '', 'fortran_order': False, 'shape': (3,), }", 12), "dtype ''");
        refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 12), "shape (-1,)", "'-1'");
        refused(
                npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", 8),
                "more elements than a Java array");
        refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (x,), }", 8), "'x'");
        refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }", 8), "1099511627776");
        refused(Arrays.copyOf(npy(2, "{}", 0), 11), "too short for a version 2");
        // Still read: the empty shape (a scalar) and a trailing comma.
        assertEquals(
                1,
                Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4))
                        .data()
                        .length);
        assertEquals(
                6,
                Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3L,), }", 24))
                        .data()
                        .length);
    }

    @Test
    void aBrokenNpzNamesTheFile() throws IOException, URISyntaxException {
        // Fuzzer: a cut compressed archive gave a bare EOFException (null message) from java.util.zip.
        byte[] npz = Files.readAllBytes(Path.of(
                getClass().getResource("/io/npz/numpy_savez_compressed.npz").toURI()));
        for (int cut : new int[] {0, 10, 100, npz.length / 2, npz.length - 30, npz.length - 1}) {
            Path f = tmp.resolve("cut" + cut + ".npz");
            Files.write(f, Arrays.copyOf(npz, cut));
            IOException e = assertThrows(IOException.class, () -> Npz.read(f));
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(f.toString()), String.valueOf(e));
        }
    }
}
