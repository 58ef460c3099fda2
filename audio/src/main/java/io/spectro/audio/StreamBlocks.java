package io.spectro.audio;

/** Argument checks and channel picking shared by the {@link AudioStream} implementations. */
final class StreamBlocks {
    /** Frames decoded per block when a read has to go through a scratch buffer. */
    static final int BLOCK_FRAMES = 4096;

    private StreamBlocks() {}

    /** Checks that {@code dst[offset..]} has room for {@code maxFrames * outChannels} values. */
    static void checkRoom(int length, int offset, int maxFrames, int outChannels) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
        }
        if (offset < 0 || offset > length || (long) maxFrames * outChannels > length - offset) {
            throw new IndexOutOfBoundsException("destination of length " + length + " has no room for " + maxFrames
                    + " frames x " + outChannels + " channels at offset " + offset);
        }
    }

    /**
     * Writes {@code frames} interleaved frames of {@code block} to {@code dst[out..]} as {@code mode} asks: all
     * channels, their mean (summed in double, rounded once), or one channel.
     */
    static void pick(float[] block, int frames, int channels, ChannelMode mode, float[] dst, int out) {
        switch (mode) {
            case ChannelMode.All _ -> System.arraycopy(block, 0, dst, out, frames * channels);
            case ChannelMode.MixToMono _ -> {
                for (int f = 0, i = 0; f < frames; f++) {
                    double sum = 0;
                    for (int c = 0; c < channels; c++, i++) {
                        sum += block[i];
                    }
                    dst[out + f] = (float) (sum / channels);
                }
            }
            case ChannelMode.Select select -> {
                for (int f = 0, i = select.channel(); f < frames; f++, i += channels) {
                    dst[out + f] = block[i];
                }
            }
        }
    }
}
