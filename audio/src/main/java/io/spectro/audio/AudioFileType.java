package io.spectro.audio;

/**
 * What a file holds, as recognised from its first bytes by {@link AudioDecoder#sniff} (never from its name).
 *
 * <p>Only the formats a decoder here can route are named; anything else is {@link #UNKNOWN} (and goes to ffmpeg
 * when it is installed).
 */
public enum AudioFileType {
    /** RIFF/RF64/BW64 WAVE. */
    WAV("WAV"),
    /** Native FLAC ({@code fLaC}, possibly after an ID3v2 tag). */
    FLAC("FLAC"),
    /** MPEG-1/2 audio layer III (or I/II), possibly after an ID3v2 tag. */
    MP3("MP3"),
    /** Vorbis in an Ogg container. */
    OGG_VORBIS("Ogg Vorbis"),
    /** Opus in an Ogg container. */
    OGG_OPUS("Opus"),
    /** FLAC in an Ogg container. */
    OGG_FLAC("Ogg FLAC"),
    /** An Ogg container holding something else (Speex, ...). */
    OGG_OTHER("Ogg (other codec)"),
    /** AIFF or AIFF-C. */
    AIFF("AIFF"),
    /** Sun/NeXT {@code .au}. */
    AU("AU"),
    /** Apple Core Audio Format. */
    CAF("CAF"),
    /** Sony Wave64. */
    W64("Wave64"),
    /** MPEG-4 / QuickTime (M4A, MP4: usually AAC or ALAC). */
    MP4("M4A/MP4 (AAC, ALAC)"),
    /** Raw AAC in ADTS frames. */
    AAC_ADTS("AAC (ADTS)"),
    /** Matroska or WebM. */
    MATROSKA("Matroska/WebM"),
    /** Windows Media (ASF). */
    ASF("WMA/ASF"),
    /** Not recognised. */
    UNKNOWN("unrecognised");

    private final String displayName;

    AudioFileType(String displayName) {
        this.displayName = displayName;
    }

    /** A short name for messages and listings, e.g. {@code "Ogg Vorbis"}. */
    public String displayName() {
        return displayName;
    }
}
