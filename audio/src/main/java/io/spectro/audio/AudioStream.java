package io.spectro.audio;

import java.io.IOException;
import java.util.List;

/**
 * A decoder that delivers a file's samples as float32 a block at a time, so that no file needs to be held in
 * memory whole. Open one with {@link AudioDecoder#open(java.nio.file.Path)} (which picks the decoder from the
 * file's content) or from a decoder directly ({@link io.spectro.audio.flac.FlacDecoder}); close it with
 * try-with-resources.
 *
 * <p>Integer samples become {@code x / 2^(bits - 1)} rounded once to float32 (so the same PCM stored as WAV or FLAC
 * gives the same bits); float sources are delivered as stored (float64 rounded to float32); lossy codecs deliver
 * what their decoder (libsndfile, ffmpeg) produces.
 *
 * <p>A stream is not thread-safe; one thread at a time may use it. Use after {@link #close()} throws {@link
 * IllegalStateException}.
 */
public interface AudioStream extends AutoCloseable {

    /** The format: rate, channels, length, encoding and decoder. */
    AudioStreamInfo info();

    /**
     * Decodes up to {@code maxFrames} frames, every channel, interleaved frame by frame.
     *
     * @param dst receives {@code frames * info().channels()} values from {@code offset} on
     * @param offset index in {@code dst} of the first value written, {@code >= 0}
     * @param maxFrames the most frames to decode, {@code >= 0}; {@code dst} must have room for all of them
     * @return the frames decoded: fewer than {@code maxFrames} only at the end of the stream, 0 once it is reached
     * @throws AudioDecodeException if the stream is malformed or truncated where this read reaches
     * @throws IOException if reading the file fails
     */
    int read(float[] dst, int offset, int maxFrames) throws IOException;

    /**
     * Decodes up to {@code maxFrames} frames and delivers the channels {@code mode} asks for: all of them
     * interleaved, their mean (summed in double, rounded once to float32), or one of them.
     *
     * @param dst receives {@code frames * mode.outputChannels(info().channels())} values from {@code offset} on
     * @return the frames decoded, as for {@link #read(float[], int, int)}
     * @throws IllegalArgumentException if {@code mode} selects a channel the stream does not have
     */
    default int read(float[] dst, int offset, int maxFrames, ChannelMode mode) throws IOException {
        int channels = info().channels();
        int outChannels = mode.outputChannels(channels);
        if (mode instanceof ChannelMode.All || channels == 1) {
            return read(dst, offset, maxFrames);
        }
        StreamBlocks.checkRoom(dst.length, offset, maxFrames, outChannels);
        float[] block = new float[Math.min(maxFrames, StreamBlocks.BLOCK_FRAMES) * channels];
        int done = 0;
        while (done < maxFrames) {
            int n = read(block, 0, Math.min(maxFrames - done, StreamBlocks.BLOCK_FRAMES));
            if (n == 0) {
                break;
            }
            StreamBlocks.pick(block, n, channels, mode, dst, offset + done);
            done += n;
        }
        return done;
    }

    /**
     * Decodes up to {@code maxFrames} frames into one array per channel.
     *
     * @param dst {@code [channels][...]}; channel {@code c} receives its samples in {@code dst[c][offset ...]}
     * @param offset index of the first frame written in each channel's array
     * @return the frames decoded, as for {@link #read(float[], int, int)}
     */
    default int readPlanar(float[][] dst, int offset, int maxFrames) throws IOException {
        int channels = info().channels();
        if (dst.length != channels) {
            throw new IllegalArgumentException(
                    "planar destination has " + dst.length + " channel arrays; the audio has " + channels);
        }
        for (float[] channel : dst) {
            StreamBlocks.checkRoom(channel.length, offset, maxFrames, 1);
        }
        if (channels == 1) {
            return read(dst[0], offset, maxFrames);
        }
        float[] block = new float[Math.min(maxFrames, StreamBlocks.BLOCK_FRAMES) * channels];
        int done = 0;
        while (done < maxFrames) {
            int n = read(block, 0, Math.min(maxFrames - done, StreamBlocks.BLOCK_FRAMES));
            if (n == 0) {
                break;
            }
            for (int c = 0; c < channels; c++) {
                float[] out = dst[c];
                for (int f = 0, i = c; f < n; f++, i += channels) {
                    out[offset + done + f] = block[i];
                }
            }
            done += n;
        }
        return done;
    }

    /** The index of the next frame a read delivers (0-based). */
    long framePosition();

    /**
     * Moves to a frame, so that the next read starts there; the samples are those a read from the start would give.
     *
     * @param frame 0-based, {@code 0 <= frame <= info().frameCount()} (when the count is known)
     * @throws IllegalStateException if the stream is not seekable ({@link AudioStreamInfo#seekable()}), or closed
     * @throws IllegalArgumentException if {@code frame} is out of range
     * @throws AudioDecodeException if the stream is malformed where seeking has to read it
     */
    void seekFrame(long frame) throws IOException;

    /** Problems tolerated so far (e.g. trailing bytes after the last frame, an unchecked MD5); empty for a clean file. */
    default List<String> warnings() {
        return List.of();
    }

    /** Releases the stream's file, native memory or process; later calls other than {@code close()} throw. */
    @Override
    void close() throws IOException;
}
