package io.spectro.audio;

import java.io.IOException;
import java.util.Objects;

/**
 * A file that could not be decoded (other than a WAV file's header problems, which are {@link WavFormatException}s):
 * a malformed or truncated FLAC stream, a failed checksum, no decoder for the format here, or an external decoder
 * (libsndfile, ffmpeg) that failed.
 *
 * <p>The message reads {@code "<source>: at byte <offset>: <reason>"} when the position of the problem in the file
 * is known, {@code "<source>: <reason>"} otherwise.
 */
public final class AudioDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem an {@link AudioDecodeException} reports. */
    public enum Kind {
        /** No decoder available here reads this file (e.g. AAC without ffmpeg), or it is not audio at all. */
        UNSUPPORTED,
        /** The stream breaks its format's rules (a bad header, a reserved code, an impossible value). */
        MALFORMED,
        /** The file ends before the data its headers promise. */
        TRUNCATED,
        /** A checksum failed: a FLAC frame header's CRC-8, a frame's CRC-16, or the STREAMINFO MD5 of the samples. */
        CHECKSUM,
        /** An external decoder (libsndfile, ffmpeg) could not be run or reported an error. */
        DECODER_FAILED
    }

    private final String sourceName;
    private final long byteOffset;
    private final Kind kind;
    private final String reason;

    /**
     * Creates the exception for a problem at a known place in a file.
     *
     * @param sourceName the file name or stream description
     * @param byteOffset 0-based offset in the file of what is wrong, or -1 when unknown
     * @param kind what kind of problem this is
     * @param reason what is wrong, in words, without the source name
     */
    public AudioDecodeException(String sourceName, long byteOffset, Kind kind, String reason) {
        this(sourceName, byteOffset, kind, reason, null);
    }

    /** As {@link #AudioDecodeException(String, long, Kind, String)}, with the exception that caused it. */
    public AudioDecodeException(String sourceName, long byteOffset, Kind kind, String reason, Throwable cause) {
        super(sourceName + (byteOffset >= 0 ? ": at byte " + byteOffset : "") + ": " + reason, cause);
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.byteOffset = Math.max(-1, byteOffset);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file name or stream description the problem was found in. */
    public String sourceName() {
        return sourceName;
    }

    /** The 0-based byte offset in the file of what is wrong, or -1 when it is not known. */
    public long byteOffset() {
        return byteOffset;
    }

    /** What kind of problem this is. */
    public Kind kind() {
        return kind;
    }

    /** What is wrong, without the source name and offset. */
    public String reason() {
        return reason;
    }
}
