package io.spectro.audio;

import java.util.Objects;

/**
 * What an {@link AudioStream} delivers and where it comes from.
 *
 * @param sourceName the file name or stream description, as used in messages
 * @param fileType what the file holds, as recognised from its content
 * @param decoder the decoder that produces the samples
 * @param encoding the source's encoding in words, e.g. {@code "FLAC 16-bit"}, {@code "PCM signed 24-bit"},
 *     {@code "MPEG layer III"}
 * @param sampleRateHz frames per second, {@code > 0}
 * @param channels channels per frame, {@code >= 1}; {@link AudioStream#read(float[], int, int)} interleaves them
 * @param bitsPerSample the significant bits of the source's integer samples (FLAC 4..32, WAV PCM 8..32), 32 or 64
 *     for float sources, 0 where not meaningful (lossy codecs)
 * @param frameCount the frames the stream holds, or -1 when not known in advance (a FLAC stream without a total,
 *     a pipe); for lossy formats decoded by libsndfile it is libsndfile's count
 * @param seekable whether {@link AudioStream#seekFrame} is available
 */
public record AudioStreamInfo(
        String sourceName,
        AudioFileType fileType,
        DecoderBackend decoder,
        String encoding,
        int sampleRateHz,
        int channels,
        int bitsPerSample,
        long frameCount,
        boolean seekable) {

    /** Checks that the rate and the channel count are positive and the names are present. */
    public AudioStreamInfo {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be > 0, got " + sampleRateHz);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be > 0, got " + channels);
        }
        if (frameCount < -1) {
            throw new IllegalArgumentException("frameCount must be >= -1, got " + frameCount);
        }
    }

    /** The duration in seconds ({@code frameCount / sampleRateHz}), or {@code NaN} when the frame count is unknown. */
    public double durationSeconds() {
        return frameCount < 0 ? Double.NaN : (double) frameCount / sampleRateHz;
    }

    /** A one-line summary: source, encoding, rate, channels, length and decoder. */
    @Override
    public String toString() {
        return sourceName + ": " + encoding + ", " + sampleRateHz + " Hz, " + channels
                + (channels == 1 ? " channel, " : " channels, ")
                + (frameCount < 0 ? "unknown length" : frameCount + " frames")
                + ", decoded by " + decoder.displayName();
    }
}
