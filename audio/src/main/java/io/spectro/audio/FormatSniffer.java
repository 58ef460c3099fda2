package io.spectro.audio;

import java.nio.charset.StandardCharsets;

/** Names what a file's first bytes look like, for errors about files that are not WAV. */
final class FormatSniffer {
    private FormatSniffer() {}

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
        if (starts(head, n, 0, "riff") && n >= 8 && (head[4] & 0xFF) == 0x2E && (head[5] & 0xFF) == 0x91) {
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
        if (n >= 4
                && (head[0] & 0xFF) == 0x1A
                && (head[1] & 0xFF) == 0x45
                && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            return "a Matroska/WebM file";
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0) {
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
