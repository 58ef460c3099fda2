package io.spectro.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Decoded audio held in memory, float32 in [-1, 1) for integer sources (floats as stored).
 *
 * @param samples the samples: for one channel, one value per frame; for several, interleaved frame by frame
 *     ({@code samples[frame * channels + channel]}). Not copied.
 * @param sampleRateHz frames per second, {@code > 0}
 * @param channels channels in {@code samples}, {@code >= 1} (1 after {@link ChannelMode#MIX_TO_MONO} or {@link
 *     ChannelMode#select})
 * @param source what the decoder read, as a {@link WavInfo} whose {@link WavInfo#channels()} is the source's channel
 *     count: for WAV files their header; for ffmpeg, the header of its float32 output ({@link WavInfo#sourceName()}
 *     ends with {@code " (decoded by ffmpeg)"}); for FLAC, the decoded PCM ({@link WavInfo#container()} {@code
 *     "FLAC"}, PCM signed at the stream's bit depth); for libsndfile, its float32 output (the name ends with {@code "
 *     (decoded by libsndfile)"}, the container is the format's name, e.g. {@code "MP3"}). Byte offsets are -1 for
 *     the last three. {@link AudioDecoder#open} gives the full description ({@link AudioStreamInfo}).
 */
public record AudioClip(float[] samples, int sampleRateHz, int channels, WavInfo source) {

    /** Checks that the samples hold whole frames and the rate and channel count are positive. */
    public AudioClip {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(source, "source");
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be > 0, got " + sampleRateHz);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be > 0, got " + channels);
        }
        if (samples.length % channels != 0) {
            throw new IllegalArgumentException(
                    samples.length + " samples do not make whole frames of " + channels + " channels");
        }
    }

    /** The number of frames ({@code samples.length / channels}). */
    public int frames() {
        return samples.length / channels;
    }

    /** The duration in seconds ({@code frames / sampleRateHz}). */
    public double durationSeconds() {
        return (double) frames() / sampleRateHz;
    }

    /**
     * One channel as a new array of {@link #frames()} values.
     *
     * @param channel 0-based, {@code < channels}
     */
    public float[] channel(int channel) {
        Objects.checkIndex(channel, channels);
        float[] out = new float[frames()];
        for (int f = 0, i = channel; f < out.length; f++, i += channels) {
            out[f] = samples[i];
        }
        return out;
    }

    /** All channels as new arrays, {@code [channels][frames]}. */
    public float[][] planar() {
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = channel(c);
        }
        return out;
    }

    /** Equal when rate, channels and source are equal and the samples are bit-for-bit equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other
                && sampleRateHz == other.sampleRateHz
                && channels == other.channels
                && Arrays.equals(samples, other.samples)
                && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(samples), sampleRateHz, channels, source);
    }

    @Override
    public String toString() {
        return "AudioClip[" + frames() + " frames x " + channels + " ch, " + sampleRateHz + " Hz, from "
                + source.sourceName() + "]";
    }
}
