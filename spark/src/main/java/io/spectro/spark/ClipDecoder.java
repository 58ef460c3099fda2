package io.spectro.spark;

import io.spectro.audio.AudioDecoder;
import io.spectro.audio.AudioStream;
import io.spectro.audio.AudioStreamInfo;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decodes one audio file held in memory (a {@code binaryFile} row's {@code content}) into the mono float32 samples
 * the spectrogram is computed on, as {@code spectro extract} does for a file: the decoder its content calls for
 * ({@link AudioDecoder#open(ByteBuffer, String, AudioDecoder.Options)}: WAV and FLAC in Java, MP3/Ogg/Opus through
 * libsndfile in-process), the channels mixed (or one selected), then resampled when a fixed rate is asked for.
 */
final class ClipDecoder {
    /** The largest clip held in one Java array, in samples. */
    private static final int MAX_SAMPLES = Integer.MAX_VALUE - 16;

    private final ChannelMode channels;
    private final Resampler.Mode resampler;

    /**
     * @param channels how a multichannel file becomes one channel (mix or select)
     * @param resampler the filter used when a clip is resampled to a fixed rate
     */
    ClipDecoder(ChannelMode channels, Resampler.Mode resampler) {
        this.channels = channels;
        this.resampler = resampler;
    }

    /**
     * A decoded clip.
     *
     * @param samples mono samples at {@code rateHz}, every one finite
     * @param rateHz the rate the features are computed at
     * @param sourceRateHz the file's own rate
     * @param durationSeconds the file's duration
     */
    record Decoded(float[] samples, int rateHz, int sourceRateHz, double durationSeconds) {}

    /**
     * Decodes {@code bytes} (position to limit; not modified).
     *
     * @param sourceName the file's name or path, for messages and as ffmpeg's format hint
     * @param fixedRateHz the rate to resample to, or null to keep the file's own
     * @throws IOException or {@link IllegalArgumentException} naming what is wrong with the file
     */
    Decoded decode(ByteBuffer bytes, String sourceName, Integer fixedRateHz) throws IOException {
        try (AudioStream stream = AudioDecoder.open(bytes, sourceName, AudioDecoder.Options.DEFAULT)) {
            return decode(stream, bytes.remaining(), fixedRateHz);
        }
    }

    /**
     * Decodes a local file, read as it is decoded (no copy of the whole file in memory).
     *
     * @param fixedRateHz the rate to resample to, or null to keep the file's own
     * @throws IOException or {@link IllegalArgumentException} naming what is wrong with the file
     */
    Decoded decode(Path file, Integer fixedRateHz) throws IOException {
        try (AudioStream stream = AudioDecoder.open(file, AudioDecoder.Options.DEFAULT)) {
            return decode(stream, Files.size(file), fixedRateHz);
        }
    }

    private Decoded decode(AudioStream stream, long fileBytes, Integer fixedRateHz) throws IOException {
        AudioStreamInfo info = stream.info();
        int rate = info.sampleRateHz();
        float[] samples = readAll(stream, channels.outputChannels(info.channels()), info.frameCount(), fileBytes);
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new IllegalArgumentException(
                        "sample " + i + " is " + samples[i] + "; every sample must be finite");
            }
        }
        double duration = (double) samples.length / rate;
        if (fixedRateHz != null && fixedRateHz != rate) {
            return new Decoded(
                    Resampler.of(rate, fixedRateHz, resampler).process(samples), fixedRateHz, rate, duration);
        }
        return new Decoded(samples, rate, rate, duration);
    }

    /** Reads to the end; allocates for the frames that arrive, never for a header's claim alone. */
    private float[] readAll(AudioStream stream, int outChannels, long frameCount, long fileBytes) throws IOException {
        if (outChannels != 1) {
            throw new IllegalStateException("the channel mode delivers " + outChannels + " channels, expected one");
        }
        // A file cannot hold many more samples than bytes (FLAC's constant subframes aside): start there and grow.
        long guess = Math.max(1 << 16, fileBytes);
        long capacity = frameCount >= 0 ? Math.min(frameCount, guess) : guess;
        float[] out = new float[(int) Math.min(Math.max(1, capacity), MAX_SAMPLES)];
        int n = 0;
        float[] probe = new float[1];
        while (true) {
            if (n == out.length) {
                // Full (as it is once a WAV header's count is reached): grow only if the stream really goes on.
                if (stream.read(probe, 0, 1, channels) == 0) {
                    break;
                }
                if (out.length == MAX_SAMPLES) {
                    throw new IOException("more than " + MAX_SAMPLES
                            + " samples, too many for one clip; split the recording into shorter files");
                }
                out = Arrays.copyOf(out, (int) Math.min(2L * out.length, MAX_SAMPLES));
                out[n++] = probe[0];
                continue;
            }
            int got = stream.read(out, n, out.length - n, channels);
            if (got == 0) {
                break;
            }
            n += got;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
