package io.spectro;

import static io.spectro.Validation.require;

/**
 * Pad-or-trim to a fixed length, as models with a fixed input size do: in samples before framing (Whisper's {@code
 * pad_or_trim} to 30 s, Hugging Face {@code WhisperFeatureExtractor}'s {@code padding="max_length"}), and/or in
 * frames as the last stage (the Audio Spectrogram Transformer's 1,024 frames). Part of a {@link SpectrogramSpec}
 * ({@link SpectrogramSpec#fixedLength()}; {@link #NONE} for neither).
 *
 * <p>Samples: each clip is cut after {@code samples} samples, or extended to {@code samples} with zeros, before any
 * other stage (so the framing's padding reflects the zeros, as Whisper's does). Frames: after every other stage
 * (normalisation and deltas included, so padded frames never enter a statistic), the first {@code frames} frames are
 * kept, or frames whose every value is {@code padValue} are appended; {@code padValue} is in the units of the output
 * (for a normalised output, the normalised value of the library's padding).
 *
 * @param samples samples per clip before framing, {@code >= 1}, or 0 for the clip's own length
 * @param frames frames per clip in the output, {@code >= 1}, or 0 for the computed count (needs spectrum POWER)
 * @param padValue value of appended frames (finite); 0 unless {@code frames > 0}
 */
public record FixedLength(int samples, int frames, double padValue) {
    /** No fixed length: each clip keeps its own samples and frames. */
    public static final FixedLength NONE = new FixedLength(0, 0, 0.0);

    /** Checks every range; see the record description. */
    public FixedLength {
        require(samples >= 0, "fixedSamples", samples, ">= 0 (0 = the clip's own length)");
        require(frames >= 0, "fixedFrames", frames, ">= 0 (0 = the computed frame count)");
        require(Double.isFinite(padValue), "framePadValue", padValue, "finite");
        if (frames == 0 && padValue != 0.0) {
            throw new IllegalArgumentException(
                    "framePadValue = " + Validation.number(padValue) + " needs fixedFrames > 0 (it pads frames)");
        }
    }

    /** Every clip padded with zeros or trimmed to {@code samples} samples before framing. */
    public static FixedLength samples(int samples) {
        return new FixedLength(samples, 0, 0.0);
    }

    /** Every output padded with frames of {@code padValue} or trimmed to {@code frames} frames, as the last stage. */
    public static FixedLength frames(int frames, double padValue) {
        return new FixedLength(0, frames, padValue);
    }

    /** Whether clips are padded or trimmed in samples. */
    public boolean fixesSamples() {
        return samples > 0;
    }

    /** Whether outputs are padded or trimmed in frames. */
    public boolean fixesFrames() {
        return frames > 0;
    }

    /** Samples the framing sees for a clip of {@code clipSamples} samples: {@code samples}, or the clip's own. */
    public long framedSamples(long clipSamples) {
        return samples > 0 ? samples : clipSamples;
    }
}
