package io.spectro.cli;

import io.spectro.audio.AudioStream;
import io.spectro.audio.ChannelMode;
import java.io.IOException;

/**
 * One channel of samples delivered a block at a time: an input's decoded audio after the channel choice, possibly
 * resampled ({@link ResampledSource}). Used from one thread.
 */
interface MonoSource extends AutoCloseable {
    /**
     * Reads up to {@code max} samples into {@code dst[offset ..]}; returns how many, 0 at the end (only there).
     *
     * @throws IllegalArgumentException for a NaN or infinite sample (naming its index in the input)
     */
    int read(float[] dst, int offset, int max) throws IOException;

    /** Samples delivered so far. */
    long position();

    /** Samples of the input read so far at its own rate (before any resampling): {@link #position()} unless resampled. */
    default long sourcePosition() {
        return position();
    }

    @Override
    void close() throws IOException;

    /**
     * The channel {@code mode} asks for of {@code stream} (which this source closes). Every sample is checked to be
     * finite. For mono audio the samples are taken as decoded: the mean of one channel is that channel, bit for bit.
     */
    static MonoSource of(AudioStream stream, ChannelMode mode) {
        int channels = stream.info().channels();
        mode.outputChannels(channels); // rejects a channel the audio does not have, before any work
        ChannelMode effective = channels == 1 ? ChannelMode.ALL : mode;
        return new MonoSource() {
            private long position;

            @Override
            public int read(float[] dst, int offset, int max) throws IOException {
                int n = stream.read(dst, offset, max, effective);
                checkFinite(dst, offset, n, position);
                position += n;
                return n;
            }

            @Override
            public long position() {
                return position;
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    /** Throws, naming the input's sample index, when one of {@code x[from, from + n)} is NaN or infinite. */
    static void checkFinite(float[] x, int from, int n, long firstIndex) {
        int acc = 0;
        for (int i = from; i < from + n; i++) {
            acc |= (Float.floatToRawIntBits(x[i]) & 0x7f800000) + 0x00800000;
        }
        if (acc < 0) {
            for (int i = from; i < from + n; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new IllegalArgumentException(
                            "sample " + (firstIndex + i - from) + " is " + x[i] + "; every sample must be finite");
                }
            }
        }
    }
}
