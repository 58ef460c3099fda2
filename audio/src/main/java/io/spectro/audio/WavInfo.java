package io.spectro.audio;

import java.util.List;

/**
 * What a WAV header says, after validation, and what the reader will decode.
 *
 * @param sourceName the file name or stream description, as used in error messages
 * @param container {@code "RIFF"}, {@code "RF64"} or {@code "BW64"}
 * @param formatTag the effective format tag: 1 PCM, 3 IEEE float, 6 A-law, 7 mu-law (for
 *     WAVE_FORMAT_EXTENSIBLE, the one its sub-format GUID names)
 * @param extensible whether the fmt chunk is WAVE_FORMAT_EXTENSIBLE (0xFFFE)
 * @param encoding how samples are stored
 * @param bitsPerSample the significant bits per sample (e.g. 12, 20, 24), {@code <= containerBits}
 * @param containerBits the bits each sample occupies in the file (8, 16, 24, 32 or 64); integer samples narrower
 *     than their container sit in its high bits
 * @param sampleRateHz frames per second, {@code > 0}
 * @param channels channels per frame, 1..65535
 * @param blockAlign bytes per frame, {@code channels * containerBits / 8}
 * @param channelMask the WAVE_FORMAT_EXTENSIBLE speaker mask, 0 when absent
 * @param frameCount the frames that will be decoded (whole frames present in the file, see {@link WavReader}), or
 *     -1 when unknown (a non-seekable stream whose data runs to its end); for a non-seekable stream it is what the
 *     header declares, unverified until read (the {@link AudioClip#source()} of {@link WavReader#readRemaining}
 *     holds the count actually read)
 * @param dataOffset the byte offset of the first sample in the file
 * @param dataBytes the bytes of sample data that will be decoded ({@code frameCount * blockAlign}), or -1 when
 *     unknown
 * @param warnings problems tolerated while reading the header (truncated data, stray bytes, a streaming data
 *     size); empty for a clean file
 */
public record WavInfo(
        String sourceName,
        String container,
        int formatTag,
        boolean extensible,
        SampleEncoding encoding,
        int bitsPerSample,
        int containerBits,
        int sampleRateHz,
        int channels,
        int blockAlign,
        int channelMask,
        long frameCount,
        long dataOffset,
        long dataBytes,
        List<String> warnings) {

    /** Copies the warnings into an unmodifiable list. */
    public WavInfo {
        warnings = List.copyOf(warnings);
    }

    /** The duration in seconds ({@code frameCount / sampleRateHz}), or {@code NaN} when the frame count is unknown. */
    public double durationSeconds() {
        return frameCount < 0 ? Double.NaN : (double) frameCount / sampleRateHz;
    }

    /**
     * The encoding in words, e.g. {@code "PCM signed 24-bit"}, {@code "PCM signed 24-bit in 32-bit container"},
     * {@code "IEEE float 64-bit"}, {@code "G.711 mu-law"}.
     */
    public String encodingName() {
        return switch (encoding) {
            case MU_LAW, A_LAW -> encoding.displayName();
            default ->
                encoding.displayName() + " " + bitsPerSample + "-bit"
                        + (bitsPerSample != containerBits ? " in " + containerBits + "-bit container" : "");
        };
    }

    /** A one-line summary: source, rate, channels, encoding, frames and duration. */
    @Override
    public String toString() {
        return sourceName + ": " + container + " " + encodingName() + ", " + sampleRateHz + " Hz, " + channels
                + (channels == 1 ? " channel, " : " channels, ")
                + (frameCount < 0 ? "unknown length" : frameCount + " frames (" + durationSeconds() + " s)")
                + (warnings.isEmpty() ? "" : ", warnings: " + warnings);
    }
}
