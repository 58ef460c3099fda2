package io.spectro.spark;

import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * What executors need to turn audio into features, sent with each task: the spec (extract's flags, or one spec as
 * JSON), the channel and resampler choices, the batch size and the engine settings.
 *
 * @param specFlags {@code spectro extract}'s spec flags (e.g. {@code --preset whisper}), or null when {@code specJson}
 *     is given
 * @param specJson one spec as {@code spec.json}, or null
 * @param channel the channel to keep (0-based), or -1 to mix all channels to mono
 * @param resampler {@code kaiser} or {@code torchaudio} (see {@link #RESAMPLERS})
 * @param batchSeconds audio per {@code computeBatch} call, in seconds, {@code > 0}
 * @param maxBatchClips clips per {@code computeBatch} call at most, {@code >= 1}
 * @param backend {@code auto}, {@code cpu}, {@code opencl} or {@code cuda}
 * @param threads engine host threads, 0 for one per processor
 */
record ExtractSettings(
        List<String> specFlags,
        String specJson,
        int channel,
        String resampler,
        double batchSeconds,
        int maxBatchClips,
        String backend,
        int threads)
        implements Serializable {

    /** The resampler names, as {@code spectro extract --resampler} takes them. */
    static final List<String> RESAMPLERS = List.of("kaiser", "torchaudio");

    /** The backend names, as {@code spectro extract --backend} takes them. */
    static final List<String> BACKENDS = List.of("auto", "cpu", "opencl", "cuda");

    ExtractSettings {
        if ((specFlags == null) == (specJson == null)) {
            throw new IllegalArgumentException("give the spec either as flags or as JSON, not both or neither");
        }
        specFlags = specFlags == null ? null : List.copyOf(specFlags);
        if (channel < -1) {
            throw new IllegalArgumentException("channel " + channel + ": -1 (mix to mono) or a channel index >= 0");
        }
        if (!RESAMPLERS.contains(resampler)) {
            throw new IllegalArgumentException("resampler '" + resampler + "' is not one of " + RESAMPLERS);
        }
        if (!(batchSeconds > 0) || maxBatchClips < 1) {
            throw new IllegalArgumentException(
                    "batch of " + batchSeconds + " s / " + maxBatchClips + " clips: both must be positive");
        }
        backend = backend.toLowerCase(Locale.ROOT);
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("backend '" + backend + "' is not one of " + BACKENDS);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads " + threads + ": 0 (one per processor) or more");
        }
    }

    /**
     * The specs by rate these settings describe.
     *
     * @throws IllegalArgumentException naming the flag or JSON field that is wrong
     */
    RateSpecs specs() {
        return specJson != null ? RateSpecs.ofJson(specJson) : RateSpecs.ofFlags(specFlags);
    }

    /** The decoder for these channel and resampler choices. */
    ClipDecoder decoder() {
        return new ClipDecoder(
                channel < 0 ? ChannelMode.MIX_TO_MONO : ChannelMode.select(channel),
                resampler.equals("torchaudio") ? Resampler.Mode.TORCHAUDIO_SINC_HANN : Resampler.Mode.KAISER);
    }
}
