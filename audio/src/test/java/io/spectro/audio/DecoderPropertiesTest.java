package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.audio.flac.FlacDecoder;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based tests of the decoders (WAV, RF64, FLAC, {@code .npy}): arbitrary bytes, and headers built field by
 * field from arbitrary values (sizes that lie, zero or huge counts, reserved codes), give only the typed decode
 * errors ({@link WavFormatException}, {@link AudioDecodeException}, {@link IllegalArgumentException} from {@link
 * Npy#parse}); a WAV header whose fields are consistent decodes to exactly the frames it describes. Each input goes
 * through every {@link FuzzTarget} (the fuzzer's own decoders and checks).
 */
class DecoderPropertiesTest {
    private static Path scratch;

    @BeforeContainer
    static void makeScratch() throws IOException {
        scratch = Files.createTempDirectory("decoder-properties-");
    }

    @AfterContainer
    static void removeScratch() throws IOException {
        Files.deleteIfExists(scratch);
    }

    /** Decodes with every target (several decode choices each); a crash is any Throwable out of a target. */
    private static void everyTargetGivesTypedErrorsOnly(byte[] input, long seed) throws IOException {
        for (FuzzTarget t : FuzzTarget.values()) {
            t.decode(input, new SplittableRandom(seed), scratch);
            try (var left = Files.list(scratch)) {
                assertEquals(List.of(), left.toList(), t + " left files behind");
            }
        }
    }

    @Property(tries = 400)
    void arbitraryBytesAfterAnyMagicGiveTypedErrorsOnly(@ForAll("magicThenBytes") byte[] input, @ForAll long seed)
            throws IOException {
        everyTargetGivesTypedErrorsOnly(input, seed);
    }

    @Property(tries = 600)
    void wavHeadersFromArbitraryFieldsGiveTypedErrorsOnly(@ForAll("wavs") WavCase wav, @ForAll long seed)
            throws IOException {
        everyTargetGivesTypedErrorsOnly(wav.bytes(), seed);
    }

    @Property(tries = 300)
    void aConsistentWavHeaderDecodesToTheFramesItDescribes(@ForAll("consistentWavs") WavCase wav) throws IOException {
        try (WavReader r = WavReader.open(new ByteArrayChannel(wav.bytes()), "x.wav", WavReader.Options.STRICT)) {
            assertEquals(wav.channels(), r.info().channels(), wav::toString);
            assertEquals(wav.rateHz(), r.info().sampleRateHz(), wav::toString);
            assertEquals(wav.frames(), r.info().frameCount(), wav::toString);
            AudioClip clip = r.readRemaining(ChannelMode.ALL);
            assertEquals(wav.frames(), clip.frames(), wav::toString);
        }
    }

    @Property(tries = 400)
    void flacStreamInfoAndMetadataFromArbitraryFieldsGiveTypedErrorsOnly(
            @ForAll("flacs") byte[] flac, @ForAll long seed) throws IOException {
        everyTargetGivesTypedErrorsOnly(flac, seed);
        // Whatever STREAMINFO claims (2^36 - 1 samples, 65535-sample blocks), opening allocates for the format's
        // limits only; decoding allocates per frame, not per claim.
        long before = allocated();
        try (FlacDecoder d = FlacDecoder.open(ByteBuffer.wrap(flac), "x.flac", FlacDecoder.Options.DEFAULT)) {
            d.info();
        } catch (AudioDecodeException e) {
            // a typed error is fine
        }
        assertTrue(allocated() - before < 16 << 20, "opening a FLAC allocated " + (allocated() - before) + " bytes");
    }

    @Property(tries = 600)
    void npyHeadersFromArbitraryFieldsGiveIllegalArgumentsOnly(@ForAll("npys") byte[] npy) {
        try {
            NpyArray a = Npy.parse(npy);
            assertTrue(a.data().length <= npy.length, "more values than bytes");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "an error without a message");
        }
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    // ---- arbitrary bytes --------------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> magicThenBytes() {
        Arbitrary<byte[]> magic = Arbitraries.of(
                        "RIFF\0\0\0\0WAVE",
                        "RF64\377\377\377\377WAVEds64",
                        "BW64\377\377\377\377WAVE",
                        "fLaC",
                        "fLaC\0\0\0\"",
                        "\223NUMPY\1\0",
                        "\223NUMPY\2\0",
                        "ID3\4\0\0\177\177\177\177",
                        "PK\u0003\4",
                        "OggS",
                        "")
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        return Combinators.combine(magic, tail).as(DecoderPropertiesTest::concat);
    }

    // ---- WAV from fields --------------------------------------------------------------------------------------

    /**
     * A WAV file built from fields, and what it describes when the fields are consistent.
     *
     * @param bytes the file
     * @param channels the fmt chunk's channel count
     * @param rateHz the fmt chunk's rate
     * @param frames whole frames in the data actually present
     * @param description the fields, for reports
     */
    record WavCase(byte[] bytes, int channels, long rateHz, long frames, String description) {
        @Override
        public String toString() {
            return description + " (" + bytes.length + " bytes)";
        }
    }

    /** Any 32-bit field: small, typical, or an edge (0, 0xFFFFFFFF, 2^31). */
    private static Arbitrary<Long> u32() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 70_000),
                Arbitraries.longs().between(0, 0xFFFFFFFFL),
                Arbitraries.of(0L, 1L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFEL, 0xFFFFFFFFL));
    }

    private static Arbitrary<Integer> u16() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 70),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.of(0, 1, 2, 8, 16, 24, 32, 64, 0xFFFE, 0xFFFF));
    }

    @Provide
    Arbitrary<WavCase> wavs() {
        Arbitrary<String> container = Arbitraries.of("RIFF", "RF64", "BW64");
        Arbitrary<Integer> tag = Arbitraries.oneOf(Arbitraries.of(1, 3, 6, 7, 0xFFFE), u16());
        Arbitrary<int[]> fmtFields = Combinators.combine(tag, u16(), u16(), u16(), u16())
                .as((t, ch, align, bits, cb) -> new int[] {t, ch, align, bits, cb});
        Arbitrary<long[]> sizes = Combinators.combine(
                        u32(), u32(), u32(), Arbitraries.longs().between(-1, 1L << 41))
                .as((rate, riff, data, ds64) -> new long[] {rate, riff, data, ds64});
        Arbitrary<int[]> layout = Combinators.combine(
                        Arbitraries.integers().between(0, 3), // fmt size choice
                        Arbitraries.integers().between(0, 4096), // data bytes present
                        Arbitraries.integers().between(0, 3), // extra chunks
                        Arbitraries.of(true, false).map(b -> b ? 1 : 0)) // fmt after data
                .as((fmtSize, present, extras, late) -> new int[] {fmtSize, present, extras, late});
        return Combinators.combine(container, fmtFields, sizes, layout, Arbitraries.longs())
                .as((c, f, s, l, seed) -> wav(c, f[0], f[1], s[0], f[2], f[3], f[4], s[1], s[2], s[3], l, seed));
    }

    /** WAVs whose fields agree: a decodable tag, block align = channels x bytes, honest sizes. */
    @Provide
    Arbitrary<WavCase> consistentWavs() {
        Arbitrary<int[]> encoding = Arbitraries.of(
                new int[] {1, 8},
                new int[] {1, 16},
                new int[] {1, 24},
                new int[] {1, 32},
                new int[] {3, 32},
                new int[] {3, 64},
                new int[] {6, 8},
                new int[] {7, 8});
        return Combinators.combine(
                        Arbitraries.of("RIFF", "RF64"),
                        encoding,
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.longs().between(1, 384_000),
                        Arbitraries.integers().between(0, 600),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false),
                        Arbitraries.longs())
                .as((c, enc, ch, rate, frames, extras, ext, seed) -> {
                    int align = ch * enc[1] / 8;
                    int fmtTag = ext ? 0xFFFE : enc[0];
                    long dataBytes = (long) frames * align;
                    byte[] b = build(
                            c,
                            fmtTag,
                            enc[0],
                            ch,
                            rate,
                            align,
                            enc[1],
                            ext ? 22 : 0,
                            -1,
                            dataBytes,
                            c.equals("RIFF") ? -1 : dataBytes,
                            ext ? 2 : 0,
                            (int) dataBytes,
                            extras,
                            false,
                            true,
                            seed);
                    return new WavCase(
                            b,
                            ch,
                            rate,
                            frames,
                            c + " tag " + fmtTag + "/" + enc[0] + " " + enc[1] + "-bit x" + ch + " " + rate + " Hz, "
                                    + frames + " frames, " + extras + " extra chunks");
                });
    }

    private static WavCase wav(
            String container,
            int tag,
            int channels,
            long rate,
            int align,
            int bits,
            int cbSize,
            long riffSize,
            long dataSize,
            long ds64Data,
            int[] layout,
            long seed) {
        int fmtSize = new int[] {16, 18, 40, 14}[layout[0]];
        byte[] b = build(
                container,
                tag,
                1,
                channels,
                rate,
                align,
                bits,
                cbSize,
                riffSize,
                dataSize,
                ds64Data,
                layout[0],
                layout[1],
                layout[2],
                layout[3] == 1,
                false,
                seed);
        String d = container + " tag " + tag + " x" + channels + " " + rate + " Hz align " + align + " bits " + bits
                + " cb " + cbSize + " riff " + riffSize + " data " + dataSize + " ds64 " + ds64Data + " fmt "
                + fmtSize + " present " + layout[1] + " extras " + layout[2] + (layout[3] == 1 ? " fmt last" : "");
        return new WavCase(b, channels, rate, -1, d);
    }

    /**
     * Writes a WAV: header, optional ds64, fmt (16, 18, 40 or a too-short 14 bytes), extra chunks (odd-sized, some
     * without their pad byte), data, in the given order.
     *
     * @param riffSize the RIFF size field, or -1 for the true one
     * @param dataSize the data size field, or -1 for the true one (0xFFFFFFFF in RF64 with a ds64)
     * @param ds64Data the ds64 data size, or -1 for none (RF64/BW64 then have no ds64 chunk)
     * @param fmtKind 0: 16 bytes, 1: 18 (cbSize), 2: 40 (extensible), 3: 14 (too short)
     * @param alwaysPad whether every odd-sized chunk gets its pad byte (else some do not, as broken writers do)
     */
    static byte[] build(
            String container,
            int tag,
            int subTag,
            int channels,
            long rate,
            int align,
            int bits,
            int cbSize,
            long riffSize,
            long dataSize,
            long ds64Data,
            int fmtKind,
            int present,
            int extras,
            boolean fmtLast,
            boolean alwaysPad,
            long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int fmtSize = new int[] {16, 18, 40, 14}[fmtKind];
        ByteBuffer fmt = le(Math.max(16, fmtSize));
        fmt.putShort((short) tag).putShort((short) channels).putInt((int) rate);
        fmt.putInt((int) (rate * align)).putShort((short) align).putShort((short) bits);
        if (fmtKind == 1 || fmtKind == 2) {
            fmt.putShort((short) cbSize);
        }
        if (fmtKind == 2) {
            fmt.putShort((short) bits).putInt(channels == 2 ? 3 : 0);
            fmt.putShort((short) subTag).putShort((short) 0);
            fmt.put(new byte[] {
                0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
            });
        }
        byte[] data = new byte[present];
        rnd.nextBytes(data);
        List<byte[]> chunks = new ArrayList<>();
        boolean rf64 = !container.equals("RIFF");
        if (rf64 && ds64Data >= 0) {
            ByteBuffer ds = le(28);
            ds.putLong(0)
                    .putLong(ds64Data)
                    .putLong(align > 0 ? ds64Data / align : 0)
                    .putInt(0);
            chunks.add(chunk("ds64", ds.array(), 28, true));
        }
        byte[] fmtChunk = chunk("fmt ", java.util.Arrays.copyOf(fmt.array(), fmtSize), fmtSize, true);
        long dataField = dataSize >= 0 ? dataSize : rf64 && ds64Data >= 0 ? 0xFFFFFFFFL : present;
        byte[] dataChunk = chunk("data", data, dataField, alwaysPad || rnd.nextBoolean());
        if (!fmtLast) {
            chunks.add(fmtChunk);
        }
        for (int i = 0; i < extras; i++) {
            byte[] body = new byte[rnd.nextInt(9)];
            rnd.nextBytes(body);
            chunks.add(chunk(rnd.nextBoolean() ? "LIST" : "junk", body, body.length, alwaysPad || rnd.nextBoolean()));
        }
        chunks.add(
                rnd.nextInt(3) == 0 ? chunks.size() : Math.min(chunks.size(), 1 + rnd.nextInt(chunks.size() + 1)),
                dataChunk);
        if (fmtLast) {
            chunks.add(fmtChunk);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        byte[] body = out.toByteArray();
        ByteBuffer head = le(12);
        head.put(container.getBytes(StandardCharsets.ISO_8859_1));
        head.putInt(rf64 ? -1 : (int) (riffSize >= 0 ? riffSize : body.length + 4));
        head.put("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        return concat(head.array(), body);
    }

    private static byte[] chunk(String id, byte[] body, long sizeField, boolean pad) {
        ByteBuffer b = le(8 + body.length + (pad && body.length % 2 == 1 ? 1 : 0));
        b.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt((int) sizeField).put(body);
        return b.array();
    }

    // ---- FLAC from fields -------------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> flacs() {
        byte[] real = readCorpus("/flac/index.tsv", "bits16_stereo.flac");
        Arbitrary<long[]> streamInfo = Combinators.combine(
                        u16(),
                        u16(),
                        Arbitraries.integers().between(0, (1 << 20) - 1),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, 31),
                        Arbitraries.oneOf(
                                Arbitraries.longs().between(0, (1L << 36) - 1), Arbitraries.of(0L, (1L << 36) - 1)))
                .as((minBlock, maxBlock, rate, ch, bps, total) ->
                        new long[] {minBlock, maxBlock, rate, ch, bps, total});
        Arbitrary<int[]> blocks = Combinators.combine(
                        Arbitraries.integers().between(0, 127), // an extra block's type
                        Arbitraries.integers().between(0, (1 << 24) - 1), // its declared length
                        Arbitraries.integers().between(0, 64), // its real length
                        Arbitraries.integers().between(0, 40), // STREAMINFO's declared length
                        Arbitraries.of(0, 1, 2)) // where the last flag sits
                .as((type, length, real2, siLength, last) -> new int[] {type, length, real2, siLength, last});
        return Combinators.combine(streamInfo, blocks, Arbitraries.integers().between(0, 100))
                .as((si, b, keepPercent) -> flac(real, si, b, keepPercent));
    }

    private static byte[] flac(byte[] real, long[] si, int[] blocks, int keepPercent) {
        byte[] b = real.clone();
        // real: "fLaC", STREAMINFO header at 4 (last flag, type 0, length 34), body at 8.
        FuzzMutator.write(b, 8, 2, false, si[0]);
        FuzzMutator.write(b, 10, 2, false, si[1]);
        long packed = (si[2] << 44) | (si[3] << 41) | (si[4] << 36) | si[5];
        FuzzMutator.write(b, 18, 8, false, packed);
        FuzzMutator.write(b, 5, 3, false, blocks[3] == 34 || blocks[3] > 36 ? 34 : blocks[3]);
        byte[] extra = new byte[4 + blocks[2]];
        extra[0] = (byte) ((blocks[4] == 1 ? 0x80 : 0) | blocks[0]);
        FuzzMutator.write(extra, 1, 3, false, blocks[1]);
        b[4] = (byte) ((blocks[4] == 0 ? 0x80 : 0) | (b[4] & 0x7F));
        byte[] out =
                concat(concat(java.util.Arrays.copyOf(b, 42), extra), java.util.Arrays.copyOfRange(b, 42, b.length));
        return java.util.Arrays.copyOf(out, (int) ((long) out.length * keepPercent / 100));
    }

    // ---- .npy from fields -------------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> npys() {
        Arbitrary<String> descr = Arbitraries.oneOf(
                Arbitraries.of("<f4", ">f8", "|u1", "|b1", "<i2", "<u4", ">i8", "<c8", "", "<", "|O", "f4", "<f4 "),
                Arbitraries.strings().ofMaxLength(5));
        Arbitrary<String> dim = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 40).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("2147483647", "2147483648", "1099511627776", "-1", "5L", "x", "", " "));
        Arbitrary<String> shape =
                dim.list().ofMaxSize(5).map(d -> "(" + String.join(", ", d) + (d.size() == 1 ? ",)" : ")"));
        Arbitrary<String> order = Arbitraries.of("False", "True", "maybe", "");
        return Combinators.combine(
                        descr,
                        shape,
                        order,
                        Arbitraries.of(1, 2, 3, 0, 9),
                        Arbitraries.integers().between(-8, 8),
                        Arbitraries.integers().between(0, 512))
                .as((d, s, o, version, lengthLie, dataBytes) -> {
                    String dict = "{'descr': '" + d + "', 'fortran_order': " + o + ", 'shape': " + s + ", }\n";
                    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
                    int start = version == 1 ? 10 : 12;
                    ByteBuffer h = le(start + text.length + dataBytes);
                    h.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) (int) version, 0});
                    if (version == 1) {
                        h.putShort((short) (text.length + lengthLie));
                    } else {
                        h.putInt(text.length + lengthLie);
                    }
                    h.put(text);
                    return h.array();
                });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] readCorpus(String marker, String name) {
        try {
            return Files.readAllBytes(
                    Path.of(DecoderPropertiesTest.class.getResource(marker).toURI())
                            .resolveSibling(name));
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
