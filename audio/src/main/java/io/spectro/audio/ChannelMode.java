package io.spectro.audio;

/**
 * Which channels a decoder delivers, and how.
 *
 * <ul>
 *   <li>{@link #ALL}: every channel, interleaved frame by frame ({@code [f0c0, f0c1, ..., f1c0, ...]});
 *   <li>{@link #MIX_TO_MONO}: one channel, each frame the float32 of the mean of its channels computed in double;
 *   <li>{@link #select(int)}: one channel, the given one (0-based).
 * </ul>
 *
 * Planar output (one array per channel) is available from {@link AudioStream#readPlanar}, {@link
 * WavReader#readPlanar} and {@link AudioClip#planar()}.
 */
public sealed interface ChannelMode {
    /** Every channel, interleaved. */
    ChannelMode ALL = new All();

    /** The mean of all channels (computed in double, rounded once to float32). */
    ChannelMode MIX_TO_MONO = new MixToMono();

    /**
     * One channel of the source.
     *
     * @param channel 0-based channel index, {@code >= 0}; checked against the file's channel count when used
     */
    static ChannelMode select(int channel) {
        return new Select(channel);
    }

    /**
     * The number of channels this mode delivers for a source of {@code sourceChannels} channels.
     *
     * @throws IllegalArgumentException if this mode selects a channel the source does not have
     */
    int outputChannels(int sourceChannels);

    /** Every channel, interleaved. */
    record All() implements ChannelMode {
        @Override
        public int outputChannels(int sourceChannels) {
            return sourceChannels;
        }
    }

    /** The mean of all channels. */
    record MixToMono() implements ChannelMode {
        @Override
        public int outputChannels(int sourceChannels) {
            return 1;
        }
    }

    /**
     * One channel.
     *
     * @param channel 0-based channel index, {@code >= 0}
     */
    record Select(int channel) implements ChannelMode {
        /** Checks that the index is not negative. */
        public Select {
            if (channel < 0) {
                throw new IllegalArgumentException("channel index must be >= 0, got " + channel);
            }
        }

        @Override
        public int outputChannels(int sourceChannels) {
            if (channel >= sourceChannels) {
                throw new IllegalArgumentException("channel " + channel + " selected but the audio has "
                        + sourceChannels + (sourceChannels == 1 ? " channel" : " channels") + " (valid: 0.."
                        + (sourceChannels - 1) + ")");
            }
            return 1;
        }
    }
}
