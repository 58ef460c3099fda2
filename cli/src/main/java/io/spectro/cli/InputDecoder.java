package io.spectro.cli;

import io.spectro.audio.AudioClip;
import io.spectro.audio.AudioDecoder;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one input into the mono float32 samples the spectrogram is computed on: {@code .npy} waveforms as stored,
 * audio files through {@link AudioDecoder} (WAV in Java, other formats through ffmpeg), then a channel choice and,
 * when a fixed rate is asked for, resampling with {@link Resampler}.
 */
final class InputDecoder {
    private final Integer fixedRateHz;
    private final int npyRateHz;
    private final ChannelMode channels;
    private final Resampler.Mode resampleMode;

    /**
     * @param fixedRateHz the rate every input is resampled to, or null to keep each input's own
     * @param npyRateHz the rate of {@code .npy} waveforms
     * @param channels how multichannel audio becomes one channel (mix or select)
     * @param resampleMode how inputs are resampled to {@code fixedRateHz}
     */
    InputDecoder(Integer fixedRateHz, int npyRateHz, ChannelMode channels, Resampler.Mode resampleMode) {
        this.fixedRateHz = fixedRateHz;
        this.npyRateHz = npyRateHz;
        this.channels = channels;
        this.resampleMode = resampleMode;
    }

    /**
     * A decoded input.
     *
     * @param samples mono samples at {@code rateHz}
     * @param rateHz the rate the features are computed at
     * @param sourceRateHz the input's own rate
     * @param channels the input's channel count
     * @param encoding the input's encoding in words
     * @param durationSeconds the input's duration
     */
    record Decoded(
            float[] samples,
            int rateHz,
            int sourceRateHz,
            int channels,
            String encoding,
            double durationSeconds,
            List<String> warnings) {}

    /** Decodes {@code path}; errors are {@link IOException}s or {@link IllegalArgumentException}s naming the problem. */
    Decoded decode(Path path) throws IOException {
        String ext = InputFile.extensionOf(path.getFileName().toString());
        float[] samples;
        int rate;
        int sourceChannels;
        String encoding;
        List<String> warnings = List.of();
        if (ext.equals("npy")) {
            NpyArray a = Npy.read(path);
            if (a.rank() != 1) {
                throw new IllegalArgumentException(
                        "expected a 1-D waveform in the .npy, got shape " + Arrays.toString(a.shape())
                                + " (save one clip per file, e.g. np.save(f, x.astype(np.float32)))");
            }
            samples = a.data();
            rate = npyRateHz;
            sourceChannels = 1;
            encoding = "npy " + a.dtype();
        } else {
            AudioClip clip = AudioDecoder.decode(path, channels);
            samples = clip.samples();
            rate = clip.sampleRateHz();
            sourceChannels = clip.source().channels();
            warnings = clip.source().warnings();
            // For ffmpeg and libsndfile the header is that of their float32 output; the source format is the file's.
            String name = clip.source().sourceName();
            String container = clip.source().container();
            if (name.endsWith("(decoded by ffmpeg)") || name.endsWith("(decoded by libsndfile)")) {
                String type = ext.isEmpty() ? "unknown" : ext.toUpperCase(java.util.Locale.ROOT);
                encoding = type + name.substring(name.lastIndexOf(" ("));
            } else if (!container.equals("RIFF") && !container.equals("RF64") && !container.equals("BW64")) {
                encoding = container + ", " + clip.source().encodingName(); // e.g. FLAC, PCM signed 16-bit
            } else {
                encoding = clip.source().encodingName();
            }
        }
        double duration = (double) samples.length / rate;
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new IllegalArgumentException(
                        "sample " + i + " is " + samples[i] + "; every sample must be finite");
            }
        }
        int used = rate;
        if (fixedRateHz != null && fixedRateHz != rate) {
            samples = Resampler.of(rate, fixedRateHz, resampleMode).process(samples);
            used = fixedRateHz;
        }
        return new Decoded(samples, used, rate, sourceChannels, encoding, duration, warnings);
    }
}
