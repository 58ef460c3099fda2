package io.spectro.audio;

import java.util.Objects;
import java.util.Optional;

/**
 * Which decoder handles a format on this machine, as {@link AudioDecoder#formats()} lists it.
 *
 * @param fileType the format
 * @param decoder the decoder that reads it here, or empty when none can
 * @param note why this decoder (e.g. why it is not libsndfile, or what to install), or {@code ""}
 */
public record FormatSupport(AudioFileType fileType, Optional<DecoderBackend> decoder, String note) {

    /** Checks that nothing is null. */
    public FormatSupport {
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(note, "note");
    }

    /** One line, e.g. {@code "MP3: libsndfile (in-process)"}. */
    @Override
    public String toString() {
        return fileType.displayName() + ": "
                + decoder.map(DecoderBackend::displayName).orElse("no decoder")
                + (note.isEmpty() ? "" : " (" + note + ")");
    }
}
