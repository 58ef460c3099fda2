package io.spectro.audio;

import java.io.IOException;

/**
 * A non-WAV file that {@link AudioDecoder} could not decode: ffmpeg is not on the {@code PATH}, or ffmpeg failed
 * (the message then ends with the last line ffmpeg wrote to stderr).
 */
public final class AudioDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message naming the file. */
    public AudioDecodeException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message naming the file, and its cause. */
    public AudioDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
