package io.spectro.audio;

/** Which decoder turns a file into samples. */
public enum DecoderBackend {
    /** {@link WavReader}, pure Java. */
    WAV_JAVA("WAV decoder (pure Java)"),
    /** {@link io.spectro.audio.flac.FlacDecoder}, pure Java. */
    FLAC_JAVA("FLAC decoder (pure Java)"),
    /** libsndfile ({@code libsndfile.so.1}), called in-process through the FFM API. */
    LIBSNDFILE("libsndfile (in-process)"),
    /** An {@code ffmpeg} process per file, its float32 WAV output read from a pipe. */
    FFMPEG("ffmpeg (one process per file)");

    private final String displayName;

    DecoderBackend(String displayName) {
        this.displayName = displayName;
    }

    /** A short description for listings, e.g. {@code "libsndfile (in-process)"}. */
    public String displayName() {
        return displayName;
    }
}
