package io.spectro.audio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of WAV, RF64, FLAC and {@code .npy} files for the decoder fuzzer: blind ones (bit flips, interesting
 * values, truncations, deleted, inserted and duplicated ranges, splices with another input) and ones that know the
 * formats (RIFF chunk sizes and ids, {@code fmt }/{@code ds64} fields, FLAC metadata block headers and STREAMINFO
 * fields, FLAC frame headers with their CRCs recomputed so that the frame gets past its checksums, the {@code .npy}
 * header dictionary). Half of all positions fall in the first 128 bytes, where the headers are. Deterministic for a
 * given random source.
 */
final class FuzzMutator {
    /** Values that break size arithmetic: 0, 1, -1, sign boundaries, 2^32, 2^40 (a header claiming 2^40 frames). */
    static final long[] INTERESTING = {
        0,
        1,
        2,
        3,
        4,
        7,
        8,
        16,
        0x7F,
        0x80,
        0xFF,
        0x100,
        0x7FFF,
        0x8000,
        0xFFFF,
        0x10000,
        0xFFFFFF,
        0x7FFFFFFF,
        0x80000000L,
        0xFFFFFFFEL,
        0xFFFFFFFFL,
        1L << 32,
        1L << 36,
        (1L << 36) - 1,
        1L << 40,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        -1,
        -2
    };

    private static final String[] CHUNK_IDS = {
        "fmt ", "data", "ds64", "LIST", "fact", "JUNK", "RIFF", "WAVE", "\0\0\0\0"
    };
    private static final String[] DTYPES = {
        "<f4", ">f4", "<f8", ">f8", "|i1", "|u1", "|b1", "<i2", ">u2", "<i4", "<u4", "<i8", ">i8", "<c8", "<f2", "|O",
        "<U10", "", "<", "f4", "x", "<f4<f4", "'", "<f16"
    };
    private static final String[] SHAPES = {
        "()",
        "(0,)",
        "(1,)",
        "(-1,)",
        "(-5, -3)",
        "(1099511627776,)",
        "(1048576, 1048576)",
        "(2147483647,)",
        "(2147483648,)",
        "(65536, 65536, 65536, 65536)",
        "(3,4,5,6,7,8,9,10)",
        "(x,)",
        "(,)",
        "(1,,2)",
        "(5L, 3L)",
        "(99999999999999999999,)",
        "(",
        ")",
        "(1, 2",
        "(  7 , )",
        "(0, 1099511627776)",
        "(-2147483648, -1)"
    };

    private final List<byte[]> others;

    /** @param others inputs to splice with (the seeds, and whatever the fuzzer adds) */
    FuzzMutator(List<byte[]> others) {
        this.others = others;
    }

    /** One mutated copy of {@code seed}: one to eight stacked mutations. */
    byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int rounds = rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(7) : 1;
        for (int i = 0; i < rounds; i++) {
            b = mutateOnce(b, rnd);
        }
        return b;
    }

    private byte[] mutateOnce(byte[] b, SplittableRandom rnd) {
        return switch (rnd.nextInt(16)) {
            case 0, 1 -> bitFlips(b, rnd);
            case 2 -> interestingByte(b, rnd);
            case 3, 4 -> interestingWord(b, rnd);
            case 5 -> truncate(b, rnd);
            case 6 -> deleteRange(b, rnd);
            case 7 -> insertRange(b, rnd);
            case 8 -> duplicateRange(b, rnd);
            case 9 -> splice(b, rnd);
            case 10, 11 -> riffChunk(b, rnd);
            case 12, 13 -> flac(b, rnd);
            case 14 -> npyHeader(b, rnd);
            default -> randomBytes(b, rnd);
        };
    }

    // ---- blind mutations ------------------------------------------------------------------------------------------

    /** An offset in {@code [0, length)}, half the time in the first 128 bytes; -1 for an empty input. */
    private static int position(int length, SplittableRandom rnd) {
        if (length <= 0) {
            return -1;
        }
        return rnd.nextInt(rnd.nextBoolean() ? Math.min(length, 128) : length);
    }

    private static byte[] bitFlips(byte[] b, SplittableRandom rnd) {
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = position(b.length, rnd);
            if (at >= 0) {
                b[at] ^= (byte) (1 << rnd.nextInt(8));
            }
        }
        return b;
    }

    private static byte[] interestingByte(byte[] b, SplittableRandom rnd) {
        int at = position(b.length, rnd);
        if (at >= 0) {
            b[at] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
        }
        return b;
    }

    /** A 2, 3, 4 or 8-byte field set to an interesting value, a value near the input's length, or nudged by ±16. */
    private static byte[] interestingWord(byte[] b, SplittableRandom rnd) {
        int width = new int[] {2, 3, 4, 4, 8}[rnd.nextInt(5)];
        int at = position(b.length - width + 1, rnd);
        if (at < 0) {
            return b;
        }
        boolean little = rnd.nextInt(4) != 0;
        long v = switch (rnd.nextInt(3)) {
            case 0 -> INTERESTING[rnd.nextInt(INTERESTING.length)];
            case 1 -> b.length - at + rnd.nextInt(17) - 8L;
            default -> read(b, at, width, little) + rnd.nextInt(33) - 16L;
        };
        write(b, at, width, little, v);
        return b;
    }

    private static byte[] truncate(byte[] b, SplittableRandom rnd) {
        if (b.length == 0) {
            return b;
        }
        int to = rnd.nextBoolean() ? rnd.nextInt(Math.min(b.length, 256) + 1) : rnd.nextInt(b.length + 1);
        return Arrays.copyOf(b, to);
    }

    private static byte[] deleteRange(byte[] b, SplittableRandom rnd) {
        int at = position(b.length, rnd);
        if (at < 0) {
            return b;
        }
        int n = 1 + rnd.nextInt(Math.min(b.length - at, rnd.nextBoolean() ? 8 : 4096));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    private static byte[] insertRange(byte[] b, SplittableRandom rnd) {
        int at = b.length == 0 ? 0 : position(b.length + 1, rnd);
        byte[] ins = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 1024)];
        if (rnd.nextBoolean()) {
            rnd.nextBytes(ins);
        } else {
            Arrays.fill(ins, (byte) INTERESTING[rnd.nextInt(INTERESTING.length)]);
        }
        return insert(b, at, ins);
    }

    private static byte[] duplicateRange(byte[] b, SplittableRandom rnd) {
        int from = position(b.length, rnd);
        if (from < 0) {
            return b;
        }
        int n = 1 + rnd.nextInt(Math.min(b.length - from, 4096));
        int at = rnd.nextInt(b.length + 1);
        return insert(b, at, Arrays.copyOfRange(b, from, from + n));
    }

    /** The head of this input and the tail of another (any format), or a range of another pasted over this one. */
    private byte[] splice(byte[] b, SplittableRandom rnd) {
        if (others.isEmpty()) {
            return b;
        }
        byte[] o = others.get(rnd.nextInt(others.size()));
        if (rnd.nextBoolean() || b.length == 0) {
            int cut = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int from = o.length == 0 ? 0 : rnd.nextInt(o.length + 1);
            byte[] out = Arrays.copyOf(b, cut + o.length - from);
            System.arraycopy(o, from, out, cut, o.length - from);
            return out;
        }
        int at = rnd.nextInt(b.length);
        int from = o.length == 0 ? 0 : rnd.nextInt(o.length);
        int n = Math.min(Math.min(b.length - at, o.length - from), 1 + rnd.nextInt(512));
        System.arraycopy(o, from, b, at, Math.max(0, n));
        return b;
    }

    private static byte[] randomBytes(byte[] b, SplittableRandom rnd) {
        int at = position(b.length, rnd);
        if (at < 0) {
            return b;
        }
        int n = 1 + rnd.nextInt(Math.min(b.length - at, 64));
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    // ---- RIFF / RF64 ---------------------------------------------------------------------------------------------

    /** Offsets of the chunk headers of a RIFF/RF64/BW64 file (id at the offset, 32-bit size after it). */
    static List<Integer> riffChunks(byte[] b) {
        List<Integer> out = new ArrayList<>();
        if (b.length < 12 || !(ascii(b, 0, "RIFF") || ascii(b, 0, "RF64") || ascii(b, 0, "BW64"))) {
            return out;
        }
        long at = 12;
        while (at + 8 <= b.length && out.size() < 64) {
            out.add((int) at);
            long size = read(b, (int) at + 4, 4, true);
            at += 8 + size + (size & 1);
        }
        return out;
    }

    /**
     * A chunk's size set to an interesting value or to what is left of the file, its id swapped, or one of the
     * {@code fmt } (tag, channels, rate, byte rate, block align, bits, cbSize, valid bits, mask, sub-format GUID) or
     * {@code ds64} (RIFF size, data size, sample count, table length) fields changed; else the RIFF size.
     */
    private static byte[] riffChunk(byte[] b, SplittableRandom rnd) {
        List<Integer> chunks = riffChunks(b);
        if (chunks.isEmpty()) {
            return interestingWord(b, rnd);
        }
        int c = chunks.get(rnd.nextInt(chunks.size()));
        switch (rnd.nextInt(5)) {
            case 0 -> write(b, 4, 4, true, pickSize(b, 8, rnd));
            case 1 -> write(b, c + 4, 4, true, pickSize(b, c + 8, rnd));
            case 2 -> {
                byte[] id = CHUNK_IDS[rnd.nextInt(CHUNK_IDS.length)].getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(id, 0, b, c, 4);
            }
            default -> {
                int[] fmtFields = {8, 10, 12, 16, 20, 22, 24, 26, 28, 32, 36, 40};
                int[] fmtWidths = {2, 2, 4, 4, 2, 2, 2, 2, 4, 4, 4, 8};
                int[] ds64Fields = {8, 16, 24, 32};
                int[] ds64Widths = {8, 8, 8, 4};
                boolean ds64 = ascii(b, c, "ds64");
                int k = rnd.nextInt(ds64 ? ds64Fields.length : fmtFields.length);
                int off = c + (ds64 ? ds64Fields[k] : fmtFields[k]);
                int width = ds64 ? ds64Widths[k] : fmtWidths[k];
                if (off + width <= b.length) {
                    long v = rnd.nextBoolean()
                            ? INTERESTING[rnd.nextInt(INTERESTING.length)]
                            : read(b, off, width, true) + rnd.nextInt(9) - 4;
                    write(b, off, width, true, v);
                }
            }
        }
        return b;
    }

    /** A size for a field at {@code at}: interesting, or the bytes that follow it give or take a few. */
    private static long pickSize(byte[] b, int at, SplittableRandom rnd) {
        return rnd.nextBoolean()
                ? INTERESTING[rnd.nextInt(INTERESTING.length)]
                : Math.max(0, b.length - at) + rnd.nextInt(9) - 4L;
    }

    // ---- FLAC ----------------------------------------------------------------------------------------------------

    /** Offset of "fLaC" (after an ID3v2 tag, if any), or -1. */
    static int flacStart(byte[] b) {
        int at = 0;
        if (b.length >= 10 && ascii(b, 0, "ID3")) {
            at = 10 + ((b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F));
        }
        return at + 4 <= b.length && ascii(b, at, "fLaC") ? at : -1;
    }

    /** Offsets of the frame sync codes (0xFFF8/0xFFF9) after {@code from}, at most 256. */
    static List<Integer> flacFrames(byte[] b, int from) {
        List<Integer> out = new ArrayList<>();
        for (int i = Math.max(0, from); i + 1 < b.length && out.size() < 256; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFE) == 0xF8) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * A metadata block header (last flag, type, 24-bit length), a STREAMINFO field (block sizes, frame sizes, rate,
     * channels, bits, the 36-bit total, MD5), or a frame header byte followed by recomputed CRC-8 and CRC-16 so that
     * the decoder gets past the checksums into the code that uses the changed field.
     */
    private static byte[] flac(byte[] b, SplittableRandom rnd) {
        int start = flacStart(b);
        if (start < 0) {
            return bitFlips(b, rnd);
        }
        int meta = start + 4;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                List<Integer> blocks = new ArrayList<>();
                for (int at = meta; at + 4 <= b.length && blocks.size() < 32; ) {
                    blocks.add(at);
                    boolean last = (b[at] & 0x80) != 0;
                    at += 4 + (int) read(b, at + 1, 3, false);
                    if (last) {
                        break;
                    }
                }
                if (blocks.isEmpty()) {
                    return b;
                }
                int at = blocks.get(rnd.nextInt(blocks.size()));
                switch (rnd.nextInt(3)) {
                    case 0 -> b[at] ^= (byte) 0x80;
                    case 1 -> b[at] = (byte) ((b[at] & 0x80) | rnd.nextInt(128));
                    default -> write(b, at + 1, 3, false, pickSize(b, at + 4, rnd));
                }
            }
            case 1 -> {
                // STREAMINFO body starts at meta + 4: min/max block (16+16), min/max frame (24+24), then 64 bits of
                // rate (20), channels-1 (3), bits-1 (5), total samples (36), then the MD5.
                int si = meta + 4;
                if (si + 34 > b.length) {
                    return b;
                }
                switch (rnd.nextInt(6)) {
                    case 0 -> write(b, si + 2 * rnd.nextInt(2), 2, false, INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    case 1 -> write(b, si + 4 + 3 * rnd.nextInt(2), 3, false, INTERESTING[rnd.nextInt(16)]);
                    case 2 -> setBits(b, si + 10, 0, 20, rnd.nextBoolean() ? 0 : rnd.nextInt(1 << 20));
                    case 3 -> setBits(b, si + 10, 20, 3, rnd.nextInt(8));
                    case 4 -> setBits(b, si + 10, 23, 5, rnd.nextInt(32));
                    default -> setBits(b, si + 10, 28, 36, rnd.nextBoolean() ? (1L << 36) - 1 : rnd.nextLong(1L << 36));
                }
            }
            default -> {
                List<Integer> frames = flacFrames(b, meta);
                if (frames.isEmpty()) {
                    return b;
                }
                int k = rnd.nextInt(frames.size());
                int f = frames.get(k);
                int end = k + 1 < frames.size() ? frames.get(k + 1) : b.length;
                // Bytes 1..3 of the header: blocking strategy, block size and rate codes, channels, sample size.
                int at = f + 1 + rnd.nextInt(3);
                if (at < end) {
                    if (rnd.nextBoolean()) {
                        b[at] ^= (byte) (1 << rnd.nextInt(8));
                    } else {
                        b[at] = (byte) rnd.nextInt(256);
                    }
                    if (at == f + 1) {
                        b[at] = (byte) (0xF8 | (b[at] & 1)); // keep the sync code
                    }
                }
                if (rnd.nextInt(3) != 0) {
                    // Subframe bits too (a predictor order, a shift, a Rice parameter, a partition order).
                    int sub = f + 6 + rnd.nextInt(Math.max(1, Math.min(16, end - f - 6)));
                    if (sub < end) {
                        b[sub] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                fixFlacCrcs(b, f, end);
            }
        }
        return b;
    }

    /** Recomputes the CRC-8 of the frame header at {@code f} and the CRC-16 ending at {@code end}, if they fit. */
    static void fixFlacCrcs(byte[] b, int f, int end) {
        int h = headerLength(b, f, end);
        if (h > 0 && f + h < end) {
            b[f + h] = (byte) crc8(b, f, f + h);
        }
        if (end - f >= 4) {
            int crc = crc16(b, f, end - 2);
            b[end - 2] = (byte) (crc >>> 8);
            b[end - 1] = (byte) crc;
        }
    }

    /** Length of a frame header without its CRC-8 (sync to the last optional field), or -1 when it does not parse. */
    private static int headerLength(byte[] b, int f, int end) {
        if (f + 5 > end) {
            return -1;
        }
        int at = f + 4;
        int lead = b[at] & 0xFF;
        int extra = lead < 0x80 ? 0 : lead >= 0xFE ? 6 : Integer.numberOfLeadingZeros(~lead << 24) - 1;
        at += 1 + Math.max(0, extra);
        int bsCode = (b[f + 2] & 0xFF) >>> 4;
        int rateCode = b[f + 2] & 0x0F;
        at += bsCode == 6 ? 1 : bsCode == 7 ? 2 : 0;
        at += rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0;
        return at <= end ? at - f : -1;
    }

    private static int crc8(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    /** Writes {@code width} bits of {@code v} (MSB first) starting {@code bit} bits after byte {@code at}. */
    private static void setBits(byte[] b, int at, int bit, int width, long v) {
        for (int i = 0; i < width; i++) {
            int pos = bit + i;
            int index = at + pos / 8;
            if (index >= b.length) {
                return;
            }
            int mask = 0x80 >>> (pos % 8);
            if (((v >>> (width - 1 - i)) & 1) != 0) {
                b[index] |= (byte) mask;
            } else {
                b[index] &= (byte) ~mask;
            }
        }
    }

    // ---- .npy ----------------------------------------------------------------------------------------------------

    /** The version, the header length, or the dictionary's descr, shape or fortran_order rewritten. */
    private static byte[] npyHeader(byte[] b, SplittableRandom rnd) {
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || !ascii(b, 1, "NUMPY")) {
            return interestingWord(b, rnd);
        }
        int major = b[6] & 0xFF;
        int start = major == 1 ? 10 : 12;
        switch (rnd.nextInt(5)) {
            case 0 -> b[6] = (byte) new int[] {0, 1, 2, 3, 4, 255}[rnd.nextInt(6)];
            case 1 -> write(b, 8, major == 1 ? 2 : 4, true, pickSize(b, start, rnd));
            default -> {
                if (start > b.length) {
                    return b;
                }
                int len = (int) Math.min(b.length - start, major == 1 ? read(b, 8, 2, true) : read(b, 8, 4, true));
                String dict = new String(b, start, Math.max(0, len), StandardCharsets.ISO_8859_1);
                String changed = switch (rnd.nextInt(4)) {
                    case 0 ->
                        dict.replaceFirst("'descr': '[^']*'", "'descr': '" + DTYPES[rnd.nextInt(DTYPES.length)] + "'");
                    case 1 ->
                        dict.replaceFirst("'shape': \\([^)]*\\)", "'shape': " + SHAPES[rnd.nextInt(SHAPES.length)]);
                    case 2 ->
                        dict.replaceFirst(
                                "'fortran_order': \\w+", "'fortran_order': " + (rnd.nextBoolean() ? "True" : "Maybe"));
                    default -> dict.replaceFirst("'(descr|shape|fortran_order)'", "'gone'");
                };
                byte[] d = changed.getBytes(StandardCharsets.ISO_8859_1);
                byte[] out = new byte[start + d.length + (b.length - start - Math.max(0, len))];
                System.arraycopy(b, 0, out, 0, start);
                System.arraycopy(d, 0, out, start, d.length);
                System.arraycopy(
                        b, start + Math.max(0, len), out, start + d.length, b.length - start - Math.max(0, len));
                if (rnd.nextInt(4) != 0) {
                    write(out, 8, major == 1 ? 2 : 4, true, d.length); // keep the declared length consistent
                }
                return out;
            }
        }
        return b;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static boolean ascii(byte[] b, int at, String s) {
        if (at < 0 || at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static long read(byte[] b, int at, int width, boolean little) {
        long v = 0;
        for (int i = 0; i < width && at + i < b.length; i++) {
            int shift = little ? 8 * i : 8 * (width - 1 - i);
            v |= (long) (b[at + i] & 0xFF) << shift;
        }
        return v;
    }

    static void write(byte[] b, int at, int width, boolean little, long v) {
        for (int i = 0; i < width && at + i < b.length; i++) {
            int shift = little ? 8 * i : 8 * (width - 1 - i);
            b[at + i] = (byte) (v >>> shift);
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }
}
