package io.spectro.audio;

import static io.spectro.audio.LittleEndian.u16;
import static io.spectro.audio.LittleEndian.u32;

import io.spectro.audio.WavFormatException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a WAV header: walks the chunks of a RIFF, RF64 or BW64 file once ({@code ds64} for the 64-bit
 * sizes, {@code fmt } with WAVE_FORMAT_EXTENSIBLE and its sub-format GUID, {@code data}; any other chunk skipped,
 * odd-sized chunks followed by their pad byte), checks the declared sizes against the file, and describes what will
 * be decoded as a {@link WavInfo} (see {@link WavReader} for the rules on missing, wrong and streaming sizes). Every
 * problem it cannot tolerate is a {@link WavFormatException} naming the byte offset; tolerated ones become {@link
 * WavInfo#warnings()}.
 */
final class WavHeaderParser {
    static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private static final int MAX_CHUNKS = 1 << 20;
    private static final long U32_MAX = 0xFFFFFFFFL;
    private static final String CONVERT_HINT = "convert with ffmpeg -i in.wav -c:a pcm_s16le out.wav";

    /** The format tags decoded here. */
    enum FormatTag {
        /** Integer PCM. */
        PCM(0x0001),
        /** IEEE 754 float. */
        IEEE_FLOAT(0x0003),
        /** G.711 A-law. */
        A_LAW(0x0006),
        /** G.711 mu-law. */
        MU_LAW(0x0007);

        /** The tag's value in a {@code fmt } chunk. */
        final int code;

        FormatTag(int code) {
            this.code = code;
        }

        /** The decoded tag with value {@code code}, or null when this reader does not decode it. */
        static FormatTag of(int code) {
            for (FormatTag t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Names of format tags that are valid WAV but not decoded here. */
    private static final Map<Integer, String> UNSUPPORTED_TAGS = Map.ofEntries(
            Map.entry(0x0000, "an unknown format (format tag 0x0000)"),
            Map.entry(0x0002, "Microsoft ADPCM (format tag 0x0002)"),
            Map.entry(0x0010, "OKI ADPCM (format tag 0x0010)"),
            Map.entry(0x0011, "IMA ADPCM (format tag 0x0011)"),
            Map.entry(0x0014, "G.723 ADPCM (format tag 0x0014)"),
            Map.entry(0x0022, "DSP Group TrueSpeech (format tag 0x0022)"),
            Map.entry(0x0031, "GSM 6.10 (format tag 0x0031)"),
            Map.entry(0x0040, "G.721 ADPCM (format tag 0x0040)"),
            Map.entry(0x0050, "MPEG audio (format tag 0x0050)"),
            Map.entry(0x0055, "MP3 (format tag 0x0055)"),
            Map.entry(0x0064, "G.726 ADPCM (format tag 0x0064)"),
            Map.entry(0x0065, "G.722 ADPCM (format tag 0x0065)"),
            Map.entry(0x0092, "Dolby AC-3 S/PDIF (format tag 0x0092)"),
            Map.entry(0x00FF, "AAC (format tag 0x00FF)"),
            Map.entry(0x0161, "Windows Media Audio (format tag 0x0161)"),
            Map.entry(0x0162, "Windows Media Audio Pro (format tag 0x0162)"),
            Map.entry(0x0163, "Windows Media Audio Lossless (format tag 0x0163)"),
            Map.entry(0x1610, "HE-AAC (format tag 0x1610)"),
            Map.entry(0x2000, "Dolby AC-3 (format tag 0x2000)"),
            Map.entry(0xF1AC, "FLAC (format tag 0xF1AC)"));

    /** The fields of a {@code fmt } chunk, as stored. */
    private record Fmt(
            long headerOffset,
            long bodyOffset,
            long size,
            int tag,
            int channels,
            long rate,
            int blockAlign,
            int bits,
            int validBits,
            int channelMask,
            byte[] guid) {}

    private final ByteSource src;
    private final String name;
    private final boolean strict;
    private final long size;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private final byte[] hdr = new byte[12];
    private String container;
    private long ds64DataSize = -1;
    private Fmt fmt;
    private long dataHeader = -1;
    private long dataBody = -1;
    private long dataDeclared = -1;
    private boolean dataToEnd;
    private String stopNote = "";
    private long scanEnd = 12;

    private WavHeaderParser(ByteSource src, String name, boolean strict) {
        this.src = src;
        this.name = name;
        this.strict = strict;
        this.size = src.size();
    }

    private WavFormatException error(long offset, Kind kind, String reason) {
        return new WavFormatException(name, offset, kind, reason);
    }

    private WavInfo parse() throws IOException {
        readRiffHeader();
        scanChunks();
        if (fmt == null) {
            if (dataToEnd) {
                throw error(
                        dataHeader,
                        Kind.MALFORMED,
                        "no 'fmt ' chunk before the data chunk, which runs to the end of the file (its size field"
                                + " is a streaming placeholder)");
            }
            throw error(
                    scanEnd(), Kind.MALFORMED, "no 'fmt ' chunk in the file (chunks: " + seenList() + ")" + stopNote);
        }
        if (dataBody < 0) {
            throw error(
                    scanEnd(), Kind.MALFORMED, "no 'data' chunk in the file (chunks: " + seenList() + ")" + stopNote);
        }
        Encoding enc = validate(fmt);
        long dataBytes = dataBytes(fmt.blockAlign());
        long frames = dataBytes < 0 ? -1 : dataBytes / fmt.blockAlign();
        return new WavInfo(
                name,
                container,
                enc.tag,
                fmt.tag() == WAVE_FORMAT_EXTENSIBLE,
                enc.encoding,
                enc.validBits,
                enc.containerBits,
                (int) fmt.rate(),
                fmt.channels(),
                fmt.blockAlign(),
                fmt.channelMask(),
                frames,
                dataBody,
                frames < 0 ? -1 : frames * fmt.blockAlign(),
                warnings);
    }

    /** Where the chunk scan stopped; never past the end of the file (a last chunk may declare more than is there). */
    private long scanEnd() {
        return Math.min(scanEnd, src.knownEnd());
    }

    private String seenList() {
        return seen.isEmpty() ? "none" : String.join(", ", seen);
    }

    private void readRiffHeader() throws IOException {
        byte[] head = new byte[64];
        int n = src.readAt(0, head, 0, head.length);
        if (n == 0) {
            throw error(0, Kind.MALFORMED, "empty file (0 bytes), not a WAV file");
        }
        String form = n >= 4 ? fourCc(head, 0) : "";
        if (!form.equals("RIFF") && !form.equals("RF64") && !form.equals("BW64")) {
            if (n < 4 && isPrefixOfWavMagic(head, n)) {
                throw error(
                        n,
                        Kind.MALFORMED,
                        "truncated header: the file ends after " + n + (n == 1 ? " byte" : " bytes")
                                + ", inside the 12-byte RIFF/WAVE header");
            }
            String what = FormatSniffer.describe(head, n);
            if (what != null) {
                throw error(0, Kind.NOT_WAV, "this is " + what + ", not WAV");
            }
            throw error(
                    0,
                    Kind.NOT_WAV,
                    "not a WAV file: it starts with bytes " + hex(head, Math.min(n, 8))
                            + " where 'RIFF', 'RF64' or 'BW64' belongs");
        }
        container = form;
        if (n < 12) {
            throw error(
                    n,
                    Kind.MALFORMED,
                    "truncated header: the file ends after " + n + " bytes, inside the 12-byte RIFF/WAVE header");
        }
        String type = fourCc(head, 8);
        if (!type.equals("WAVE")) {
            String known = switch (type) {
                case "AVI " -> " (an AVI video)";
                case "WEBP" -> " (a WebP image)";
                case "RMID" -> " (a MIDI file)";
                case "CDXA" -> " (a video CD track)";
                default -> "";
            };
            throw error(
                    8, Kind.NOT_WAV, "this is a RIFF file of type '" + printable(type) + "'" + known + ", not WAVE");
        }
    }

    private void scanChunks() throws IOException {
        long pos = 12;
        int count = 0;
        boolean rf64 = !container.equals("RIFF");
        while (true) {
            scanEnd = pos;
            if (size >= 0 && pos >= size) {
                break;
            }
            int n = src.readAt(pos, hdr, 0, 8);
            if (n == 0) {
                break;
            }
            if (n < 8) {
                String note = n + " stray " + (n == 1 ? "byte" : "bytes") + " at the end of the file, too few"
                        + " for a chunk header";
                if (fmt != null && dataBody >= 0) {
                    warnings.add(note + " (ignored)");
                } else {
                    stopNote = "; " + note;
                }
                break;
            }
            if (++count > MAX_CHUNKS) {
                throw error(pos, Kind.MALFORMED, "more than " + MAX_CHUNKS + " chunks; this is not a sane WAV");
            }
            String id = fourCc(hdr, 0);
            long chunkSize = u32(hdr, 4);
            long body = pos + 8;
            if (seen.size() < 12) {
                seen.add("'" + printable(id) + "' at " + pos);
            }
            if (rf64 && pos == 12 && !id.equals("ds64")) {
                throw error(
                        pos,
                        Kind.MALFORMED,
                        container + " file without a ds64 chunk first (found '" + printable(id)
                                + "'); its 64-bit sizes are unknown");
            }
            long length = chunkSize; // the bytes this chunk's body spans
            switch (id) {
                case "ds64" -> readDs64(pos, body, chunkSize);
                case "fmt " -> {
                    if (fmt == null) {
                        fmt = readFmt(pos, body, chunkSize);
                    } else {
                        warnings.add("a second 'fmt ' chunk at byte " + pos + " was ignored");
                    }
                }
                case "data" -> {
                    if (dataBody >= 0) {
                        warnings.add("a second 'data' chunk at byte " + pos + " was ignored");
                        break;
                    }
                    length = startData(pos, body, chunkSize, rf64);
                    if (dataToEnd) {
                        scanEnd = size < 0 ? body : size;
                        return;
                    }
                    if (!src.seekable()) {
                        if (fmt == null) {
                            throw error(
                                    pos,
                                    Kind.MALFORMED,
                                    "the 'fmt ' chunk comes after the data chunk,"
                                            + " which a forward-only stream cannot go back for");
                        }
                        return;
                    }
                }
                default -> {}
            }
            // A ds64 size can be up to 2^63 - 1: saturate rather than wrap to a negative offset.
            long end = length > Long.MAX_VALUE - body ? Long.MAX_VALUE : body + length;
            if (size >= 0 && end > size) {
                if (id.equals("data")) {
                    scanEnd = size;
                    return; // truncated data: dataBytes() decides
                }
                String note = "chunk '" + printable(id) + "' at byte " + pos + " declares " + chunkSize
                        + " bytes, past the end of the file (" + size + " bytes)";
                if (fmt != null && dataBody >= 0) {
                    warnings.add(note + "; ignored");
                    scanEnd = size;
                } else {
                    stopNote = "; " + note;
                    scanEnd = pos;
                }
                return;
            }
            if (end == Long.MAX_VALUE) {
                break; // a stream whose chunk claims to run past any real end
            }
            pos = end + (length & 1); // a missing final pad byte just ends the scan
        }
    }

    private void readDs64(long pos, long body, long chunkSize) throws IOException {
        if (container.equals("RIFF")) {
            return; // a stray ds64 in a plain RIFF file means nothing
        }
        if (chunkSize < 24) {
            throw error(pos, Kind.MALFORMED, "ds64 chunk is " + chunkSize + " bytes; it needs at least 24");
        }
        byte[] b = new byte[24];
        if (src.readAt(body, b, 0, 24) < 24) {
            throw error(body, Kind.MALFORMED, "truncated ds64 chunk: the file ends inside it");
        }
        long dataSize = LittleEndian.i64(b, 8);
        if (dataSize < 0) {
            throw error(
                    body + 8, Kind.MALFORMED, "ds64 data size " + Long.toUnsignedString(dataSize) + " is out of range");
        }
        ds64DataSize = dataSize;
    }

    /** Records the data chunk; returns the body length to skip when scanning on. */
    private long startData(long pos, long body, long chunkSize, boolean rf64) throws IOException {
        dataHeader = pos;
        dataBody = body;
        long available = size < 0 ? -1 : Math.max(0, size - body);
        if (rf64 && chunkSize == U32_MAX) {
            if (ds64DataSize < 0) {
                throw error(pos, Kind.MALFORMED, "data size 0xFFFFFFFF refers to a ds64 chunk that is missing");
            }
            dataDeclared = ds64DataSize;
            return ds64DataSize;
        }
        if (chunkSize == U32_MAX && !rf64) {
            dataToEnd = true;
            warnings.add("data size is 0xFFFFFFFF (a streaming encoder's placeholder): the data runs to the"
                    + " end of the file");
            return 0;
        }
        if (chunkSize == 0 && available != 0 && !looksLikeChunk(body)) {
            dataToEnd = true;
            warnings.add("data size is 0 but audio follows (a streaming encoder's placeholder): the data runs"
                    + " to the end of the file");
            return 0;
        }
        if (!rf64 && available > U32_MAX && chunkSize < available && (available - chunkSize) % (1L << 32) == 0) {
            warnings.add("data size " + chunkSize + " wrapped past 4 GiB (a 32-bit writer): decoding the " + available
                    + " bytes to the end of the file");
            dataDeclared = available;
            return available;
        }
        dataDeclared = chunkSize;
        return chunkSize;
    }

    /** Four printable ASCII characters and a size that fits in the file. */
    private boolean looksLikeChunk(long offset) throws IOException {
        byte[] b = new byte[8];
        if (src.readAt(offset, b, 0, 8) < 8) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (b[i] < 0x20 || b[i] > 0x7E) {
                return false;
            }
        }
        return size < 0 || u32(b, 4) <= size - offset - 8;
    }

    private Fmt readFmt(long pos, long body, long chunkSize) throws IOException {
        if (chunkSize < 16) {
            throw error(pos + 4, Kind.MALFORMED, "the 'fmt ' chunk is " + chunkSize + " bytes; it needs at least 16");
        }
        int want = (int) Math.min(chunkSize, 40);
        byte[] f = new byte[40];
        int n = src.readAt(body, f, 0, want);
        if (n < want) {
            throw error(
                    body + n,
                    Kind.MALFORMED,
                    "truncated 'fmt ' chunk: it declares " + chunkSize + " bytes but the file ends after " + n);
        }
        int tag = u16(f, 0);
        int validBits = 0;
        int mask = 0;
        byte[] guid = null;
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (chunkSize < 40) {
                throw error(
                        pos + 4,
                        Kind.MALFORMED,
                        "the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is " + chunkSize + " bytes; it needs 40");
            }
            validBits = u16(f, 18);
            mask = (int) u32(f, 20);
            guid = Arrays.copyOfRange(f, 24, 40);
        }
        return new Fmt(pos, body, chunkSize, tag, u16(f, 2), u32(f, 4), u16(f, 12), u16(f, 14), validBits, mask, guid);
    }

    private record Encoding(SampleEncoding encoding, int tag, int validBits, int containerBits) {}

    private Encoding validate(Fmt f) throws WavFormatException {
        long b = f.bodyOffset();
        if (f.channels() == 0) {
            throw error(b + 2, Kind.MALFORMED, "the 'fmt ' chunk declares 0 channels");
        }
        if (f.rate() == 0) {
            throw error(b + 4, Kind.MALFORMED, "the 'fmt ' chunk declares a sample rate of 0 Hz");
        }
        if (f.rate() > Integer.MAX_VALUE) {
            throw error(b + 4, Kind.MALFORMED, "sample rate " + f.rate() + " Hz is out of range");
        }
        int tag = f.tag();
        boolean ext = tag == WAVE_FORMAT_EXTENSIBLE;
        if (ext) {
            tag = subFormatTag(f);
        }
        String what = ext ? "WAVE_FORMAT_EXTENSIBLE " : "";
        FormatTag decoded = FormatTag.of(tag);
        if (decoded == null) {
            String name =
                    UNSUPPORTED_TAGS.getOrDefault(tag, String.format("an unknown encoding (format tag 0x%04X)", tag));
            throw error(
                    ext ? b + 24 : b, Kind.UNSUPPORTED_ENCODING, what + name + " is not supported; " + CONVERT_HINT);
        }
        int bits = f.bits();
        if (bits == 0) {
            throw error(b + 14, Kind.MALFORMED, "the 'fmt ' chunk declares 0 bits per sample");
        }
        int containerBits;
        int validBits;
        if (ext) {
            containerBits = bits;
            validBits = f.validBits() == 0 ? bits : f.validBits();
            if (bits % 8 != 0) {
                throw error(
                        b + 14,
                        Kind.MALFORMED,
                        "WAVE_FORMAT_EXTENSIBLE container of " + bits + " bits is not a whole number of bytes");
            }
            if (validBits > containerBits) {
                throw error(
                        b + 18,
                        Kind.MALFORMED,
                        "valid bits per sample (" + validBits + ") exceed the container's " + containerBits);
            }
        } else {
            containerBits = (bits + 7) / 8 * 8;
            validBits = bits;
        }
        SampleEncoding encoding = switch (decoded) {
            case PCM -> {
                if (containerBits > 32) {
                    throw error(
                            b + 14,
                            Kind.UNSUPPORTED_ENCODING,
                            "PCM with " + containerBits + "-bit integer samples is not supported (8, 16, 24 or 32); "
                                    + CONVERT_HINT);
                }
                yield containerBits == 8 ? SampleEncoding.PCM_UNSIGNED : SampleEncoding.PCM_SIGNED;
            }
            case IEEE_FLOAT -> {
                if (containerBits != 32 && containerBits != 64) {
                    throw error(
                            b + 14,
                            Kind.UNSUPPORTED_ENCODING,
                            "IEEE float with " + bits + "-bit samples is not supported (32 or 64); " + CONVERT_HINT);
                }
                validBits = containerBits;
                yield SampleEncoding.IEEE_FLOAT;
            }
            case A_LAW, MU_LAW -> {
                if (containerBits != 8) {
                    throw error(
                            b + 14,
                            Kind.UNSUPPORTED_ENCODING,
                            (decoded == FormatTag.MU_LAW ? "mu-law" : "A-law") + " with " + bits
                                    + "-bit samples is not supported (8)");
                }
                validBits = 8;
                yield decoded == FormatTag.MU_LAW ? SampleEncoding.MU_LAW : SampleEncoding.A_LAW;
            }
        };
        long expected = (long) f.channels() * (containerBits / 8);
        if (f.blockAlign() != expected) {
            throw error(
                    b + 12,
                    Kind.MALFORMED,
                    "block align " + f.blockAlign() + " is inconsistent with "
                            + f.channels() + (f.channels() == 1 ? " channel" : " channels") + " of " + containerBits
                            + "-bit samples (expected " + expected + ")");
        }
        return new Encoding(encoding, tag, validBits, containerBits);
    }

    private int subFormatTag(Fmt f) throws WavFormatException {
        byte[] g = f.guid();
        int tag = u16(g, 0);
        boolean ks =
                u16(g, 2) == 0 && matches(g, 4, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71);
        boolean ambisonic =
                u16(g, 2) == 0 && matches(g, 4, 0x21, 0x07, 0xD3, 0x11, 0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00);
        if (!ks && !(ambisonic && (tag == FormatTag.PCM.code || tag == FormatTag.IEEE_FLOAT.code))) {
            throw error(
                    f.bodyOffset() + 24,
                    Kind.UNSUPPORTED_ENCODING,
                    "WAVE_FORMAT_EXTENSIBLE sub-format "
                            + guidString(g) + " is not supported (PCM, IEEE float, A-law and mu-law are); "
                            + CONVERT_HINT);
        }
        return tag;
    }

    /** The bytes of sample data to decode, after checking the declared size against the file. */
    private long dataBytes(int align) throws WavFormatException {
        long available = size < 0 ? -1 : Math.max(0, size - dataBody);
        long bytes;
        boolean truncated = false;
        if (dataToEnd) {
            bytes = available;
        } else if (available >= 0 && dataDeclared > available) {
            String what = "the data chunk at byte " + dataHeader + " declares " + dataDeclared
                    + " bytes but the file ends " + available + " bytes into it (" + available / align
                    + " whole frames of " + dataDeclared / align + ")";
            if (strict) {
                throw error(size, Kind.TRUNCATED, what);
            }
            warnings.add("truncated: " + what + "; decoded the whole frames present");
            bytes = available;
            truncated = true;
        } else {
            bytes = dataDeclared;
        }
        if (bytes > 0 && bytes % align != 0) {
            // In a stream the declared end may lie beyond what arrives: name the size field, not a place past the end.
            long at = size < 0 ? dataHeader + 4 : dataBody + bytes - bytes % align;
            String what = size < 0
                    ? "the data chunk declares " + bytes + " bytes, which ends with a partial frame (" + bytes % align
                            + " of " + align + " bytes)"
                    : "the data ends with a partial frame (" + bytes % align + " of " + align + " bytes)";
            if (strict) {
                throw error(at, Kind.TRUNCATED, what);
            }
            if (!truncated) {
                warnings.add(what + ", ignored");
            }
            bytes -= bytes % align;
        }
        return bytes;
    }

    /** Parses the header of {@code src} (named {@code name} in messages); {@code strict} refuses truncated data. */
    static WavInfo parse(ByteSource src, String name, boolean strict) throws IOException {
        return new WavHeaderParser(src, name, strict).parse();
    }

    private static boolean matches(byte[] b, int at, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            if ((b[at + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String fourCc(byte[] b, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) (b[at + i] & 0xFF);
        }
        return new String(c);
    }

    private static boolean isPrefixOfWavMagic(byte[] b, int n) {
        for (String magic : new String[] {"RIFF", "RF64", "BW64"}) {
            boolean prefix = true;
            for (int i = 0; i < n; i++) {
                prefix &= (b[i] & 0xFF) == magic.charAt(i);
            }
            if (prefix) {
                return true;
            }
        }
        return false;
    }

    /** The id with non-printable characters written as {@code \xNN}. */
    private static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02X", (int) c));
            }
        }
        return sb.toString();
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String guidString(byte[] g) {
        return String.format(
                "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                u32(g, 0),
                u16(g, 4),
                u16(g, 6),
                g[8] & 0xFF,
                g[9] & 0xFF,
                g[10] & 0xFF,
                g[11] & 0xFF,
                g[12] & 0xFF,
                g[13] & 0xFF,
                g[14] & 0xFF,
                g[15] & 0xFF);
    }
}
