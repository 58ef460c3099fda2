package io.spectro.audio;

import java.io.IOException;

/**
 * A WAV file that cannot be decoded: not WAV at all, malformed, truncated, or in an encoding Spectro does not decode.
 *
 * <p>The message always reads {@code "<source>: at byte <offset>: <reason>"}, where the offset is the position in
 * the file (0-based) of the field, chunk or data that is wrong.
 */
public final class WavFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem a {@link WavFormatException} reports. */
    public enum Kind {
        /** The bytes are not a RIFF/RF64/BW64 WAVE file (e.g. a FLAC or MP3 file named {@code .wav}). */
        NOT_WAV,
        /** A well-formed WAV file in an encoding this reader does not decode (ADPCM, MP3-in-WAV, ...). */
        UNSUPPORTED_ENCODING,
        /** The header is wrong: missing or inconsistent chunks and fields. */
        MALFORMED,
        /** The file ends before the data its header declares (thrown only in strict mode). */
        TRUNCATED
    }

    private final String sourceName;
    private final long byteOffset;
    private final String reason;
    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param sourceName the file name or stream description
     * @param byteOffset 0-based offset in the file of what is wrong
     * @param kind what kind of problem this is
     * @param reason what is wrong, in words
     */
    public WavFormatException(String sourceName, long byteOffset, Kind kind, String reason) {
        super(sourceName + ": at byte " + byteOffset + ": " + reason);
        this.sourceName = sourceName;
        this.byteOffset = byteOffset;
        this.kind = kind;
        this.reason = reason;
    }

    /** The file name or stream description the problem was found in. */
    public String sourceName() {
        return sourceName;
    }

    /** The 0-based byte offset in the file of the field, chunk or data that is wrong. */
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
