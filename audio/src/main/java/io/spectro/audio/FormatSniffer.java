package io.spectro.audio;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a file's format from its first bytes: {@link #sniff} for routing it to a decoder, {@link #describe} for
 * errors about files that are not what their name says.
 */
final class FormatSniffer {
    /** How many leading bytes {@link #sniff} looks at (enough for an Ogg page's first packet). */
    static final int HEAD_BYTES = 64;

    private FormatSniffer() {}

    /**
     * What {@code head[0..n)} (the start of a file) holds. An ID3v2 tag ({@code "ID3"}) is {@link AudioFileType#MP3}
     * here; callers that can read further look at what follows the tag ({@link #id3v2Length}).
     */
    static AudioFileType sniff(byte[] head, int n) {
        if ((starts(head, n, 0, "RIFF") || starts(head, n, 0, "RF64") || starts(head, n, 0, "BW64"))
                && starts(head, n, 8, "WAVE")) {
            return AudioFileType.WAV;
        }
        if (starts(head, n, 0, "fLaC")) {
            return AudioFileType.FLAC;
        }
        if (starts(head, n, 0, "OggS")) {
            if (contains(head, n, "OpusHead")) {
                return AudioFileType.OGG_OPUS;
            }
            if (contains(head, n, "\u0001vorbis")) {
                return AudioFileType.OGG_VORBIS;
            }
            if (contains(head, n, "\u007fFLAC")) {
                return AudioFileType.OGG_FLAC;
            }
            return AudioFileType.OGG_OTHER;
        }
        if (starts(head, n, 0, "FORM") && (starts(head, n, 8, "AIFF") || starts(head, n, 8, "AIFC"))) {
            return AudioFileType.AIFF;
        }
        if (starts(head, n, 0, ".snd")) {
            return AudioFileType.AU;
        }
        if (starts(head, n, 0, "caff")) {
            return AudioFileType.CAF;
        }
        if (isWave64(head, n)) {
            return AudioFileType.W64;
        }
        if (starts(head, n, 4, "ftyp")) {
            return AudioFileType.MP4;
        }
        if (isMatroska(head, n)) {
            return AudioFileType.MATROSKA;
        }
        if (n >= 4
                && (head[0] & 0xFF) == 0x30
                && (head[1] & 0xFF) == 0x26
                && (head[2] & 0xFF) == 0xB2
                && (head[3] & 0xFF) == 0x75) {
            return AudioFileType.ASF;
        }
        if (starts(head, n, 0, "ID3")) {
            return AudioFileType.MP3;
        }
        if (isAdts(head, n)) {
            return AudioFileType.AAC_ADTS;
        }
        if (isMpegAudioFrame(head, n)) {
            return AudioFileType.MP3;
        }
        return AudioFileType.UNKNOWN;
    }

    /** The bytes an ID3v2 tag at the start of {@code head} takes (header, body, footer), or 0 when there is none. */
    static long id3v2Length(byte[] head, int n) {
        if (!starts(head, n, 0, "ID3") || n < 10) {
            return 0;
        }
        long size = 0;
        for (int i = 6; i < 10; i++) {
            if ((head[i] & 0x80) != 0) {
                return 0;
            }
            size = size << 7 | head[i];
        }
        return 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
    }

    private static boolean isWave64(byte[] head, int n) {
        return starts(head, n, 0, "riff") && n >= 8 && (head[4] & 0xFF) == 0x2E && (head[5] & 0xFF) == 0x91;
    }

    private static boolean isMatroska(byte[] head, int n) {
        return n >= 4
                && (head[0] & 0xFF) == 0x1A
                && (head[1] & 0xFF) == 0x45
                && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3;
    }

    private static boolean isAdts(byte[] head, int n) {
        return n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0;
    }

    /** An MPEG audio frame header: sync, a valid layer, bitrate index and sample rate index. */
    private static boolean isMpegAudioFrame(byte[] head, int n) {
        return n >= 3
                && (head[0] & 0xFF) == 0xFF
                && (head[1] & 0xE0) == 0xE0
                && (head[1] & 0x06) != 0
                && (head[1] & 0x18) != 0x08
                && (head[2] & 0xF0) != 0xF0
                && (head[2] & 0x0C) != 0x0C;
    }

    /**
     * What {@code head[0..n)} (the start of a file) looks like, e.g. {@code "a FLAC file"}, or null when it is not
     * recognised.
     */
    static String describe(byte[] head, int n) {
        if (starts(head, n, 0, "fLaC")) {
            return "a FLAC file";
        }
        if (starts(head, n, 0, "ID3")) {
            return "an MP3 file (it starts with an ID3 tag)";
        }
        if (starts(head, n, 0, "OggS")) {
            if (contains(head, n, "OpusHead")) {
                return "an Ogg Opus file";
            }
            if (contains(head, n, "vorbis")) {
                return "an Ogg Vorbis file";
            }
            if (contains(head, n, "FLAC")) {
                return "an Ogg FLAC file";
            }
            return "an Ogg file";
        }
        if (starts(head, n, 4, "ftyp")) {
            return starts(head, n, 8, "M4A") ? "an M4A (MPEG-4 audio) file" : "an MP4/MOV (ISO media) file";
        }
        if (starts(head, n, 0, "FORM") && (starts(head, n, 8, "AIFF") || starts(head, n, 8, "AIFC"))) {
            return "an AIFF file";
        }
        if (starts(head, n, 0, "RIFX")) {
            return "a big-endian RIFX WAV file (not supported)";
        }
        if (isWave64(head, n)) {
            return "a Sony Wave64 (.w64) file";
        }
        if (starts(head, n, 0, ".snd")) {
            return "a Sun/NeXT AU file";
        }
        if (starts(head, n, 0, "caff")) {
            return "a Core Audio (CAF) file";
        }
        if (starts(head, n, 0, "wvpk")) {
            return "a WavPack file";
        }
        if (starts(head, n, 0, "MAC ")) {
            return "a Monkey's Audio (APE) file";
        }
        if (starts(head, n, 0, "#!AMR")) {
            return "an AMR file";
        }
        if (starts(head, n, 0, "MThd")) {
            return "a MIDI file";
        }
        if (starts(head, n, 0, "FRM8") || starts(head, n, 0, "DSD ")) {
            return "a DSD (DSDIFF/DSF) file";
        }
        if (isMatroska(head, n)) {
            return "a Matroska/WebM file";
        }
        if (isAdts(head, n)) {
            return "an AAC (ADTS) file";
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0) {
            return "an MPEG audio (MP3) file";
        }
        if (starts(head, n, 0, "\u0089PNG")) {
            return "a PNG image";
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return "a JPEG image";
        }
        if (starts(head, n, 0, "%PDF")) {
            return "a PDF document";
        }
        if (starts(head, n, 0, "PK\u0003\u0004")) {
            return "a ZIP archive";
        }
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return "a gzip file";
        }
        if (n > 0 && isText(head, n)) {
            String s =
                    new String(head, 0, n, StandardCharsets.ISO_8859_1).strip().toLowerCase(java.util.Locale.ROOT);
            if (s.startsWith("<!doctype html") || s.startsWith("<html")) {
                return "an HTML page (a download that returned an error page?)";
            }
            return s.startsWith("<") ? "an XML/HTML text file" : "a text file";
        }
        return null;
    }

    private static boolean isText(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean starts(byte[] head, int n, int at, String ascii) {
        if (n < at + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if ((head[at + i] & 0xFF) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] head, int n, String ascii) {
        for (int at = 0; at + ascii.length() <= n; at++) {
            if (starts(head, n, at, ascii)) {
                return true;
            }
        }
        return false;
    }
}
