package io.spectro.audio;

/** How one sample is stored in a WAV file's data chunk. */
public enum SampleEncoding {
    /** Unsigned integer PCM (8-bit containers): decoded as {@code (u - 128) / 128}. */
    PCM_UNSIGNED("PCM unsigned"),
    /** Signed two's-complement integer PCM (16/24/32-bit containers): decoded as {@code x / 2^(container bits - 1)}. */
    PCM_SIGNED("PCM signed"),
    /** IEEE 754 float (32 or 64 bits): decoded as stored, float64 rounded to the nearest float32. */
    IEEE_FLOAT("IEEE float"),
    /** ITU-T G.711 mu-law (8 bits): expanded to 16-bit linear by the standard table, then divided by 32768. */
    MU_LAW("G.711 mu-law"),
    /** ITU-T G.711 A-law (8 bits): expanded to 16-bit linear by the standard table, then divided by 32768. */
    A_LAW("G.711 A-law");

    private final String displayName;

    SampleEncoding(String displayName) {
        this.displayName = displayName;
    }

    /** A short human-readable name, e.g. {@code "PCM signed"}. */
    public String displayName() {
        return displayName;
    }
}
