package io.spectro.audio;

import io.spectro.audio.WavFormatException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data chunk of a parsed WAV as a stream of frames: pulls up to a block (64 KiB of stored samples) at a time from
 * the source at the current frame position and decodes it ({@link WavSampleDecoder}) into an interleaved float32
 * block. A seekable source that ends before the frames its header promised throws (the file changed while being
 * read); a forward-only stream that ends early, or on a partial frame, is a warning ({@link #warnings()}), or a
 * {@link WavFormatException} of kind {@link Kind#TRUNCATED} in strict mode. Not thread-safe.
 */
final class WavFrameStream {
    private static final int BLOCK_BYTES = 1 << 16;

    private final ByteSource source;
    private final WavInfo info;
    private final boolean strict;
    private final int channels;
    private final int blockAlign;
    private final WavSampleDecoder decoder;
    private final byte[] bytes;
    private final float[] block;
    private final int blockFrames;
    private final List<String> warnings = new ArrayList<>();
    private long position;
    private boolean ended;

    /** The frames of {@code info}'s data in {@code source}, from frame 0. */
    WavFrameStream(ByteSource source, WavInfo info, boolean strict) {
        this.source = source;
        this.info = info;
        this.strict = strict;
        this.channels = info.channels();
        this.blockAlign = info.blockAlign();
        this.decoder = new WavSampleDecoder(info.encoding(), info.containerBits());
        this.blockFrames = Math.max(1, BLOCK_BYTES / blockAlign);
        this.bytes = new byte[blockFrames * blockAlign];
        this.block = new float[blockFrames * channels];
    }

    /** The most frames one {@link #next} delivers. */
    int blockFrames() {
        return blockFrames;
    }

    /** The block {@link #next} decodes into: {@code frames * channels} interleaved values. */
    float[] block() {
        return block;
    }

    /** The index of the next frame {@link #next} delivers (0-based). */
    long position() {
        return position;
    }

    /** Whether {@link #seek} is possible. */
    boolean seekable() {
        return source.seekable();
    }

    /** Moves to frame {@code frame} (checked by the caller: a seekable source, within the data). */
    void seek(long frame) {
        position = frame;
        ended = false;
    }

    /** Problems found while reading a stream (empty for seekable sources). */
    List<String> warnings() {
        return warnings;
    }

    /** Decodes the next up-to-{@code maxFrames} frames into {@link #block()}; returns how many (0 at the end). */
    int next(int maxFrames) throws IOException {
        long remaining = info.frameCount() < 0 ? Long.MAX_VALUE : info.frameCount() - position;
        if (remaining <= 0 || ended || maxFrames == 0) {
            return 0;
        }
        int want = (int) Math.min(maxFrames, remaining);
        int wantBytes = want * blockAlign;
        long at = info.dataOffset() + position * blockAlign;
        int got = source.readAt(at, bytes, 0, wantBytes);
        int frames = got / blockAlign;
        if (got < wantBytes) {
            if (source.seekable()) {
                throw new WavFormatException(
                        info.sourceName(),
                        at + got,
                        Kind.TRUNCATED,
                        "the file ended while reading frame " + (position + frames) + " of " + info.frameCount()
                                + " (was it changed while being read?)");
            }
            ended = true;
            if (info.frameCount() >= 0) {
                streamProblem(
                        at + got,
                        "the stream ended after frame " + (position + frames) + " of the " + info.frameCount()
                                + " the header declares");
            }
            if (got % blockAlign != 0) {
                streamProblem(
                        at + got,
                        "the stream ends with a partial frame (" + (got % blockAlign) + " of " + blockAlign
                                + " bytes), ignored");
            }
        }
        decoder.decode(bytes, frames * channels, block);
        position += frames;
        return frames;
    }

    private void streamProblem(long offset, String what) throws WavFormatException {
        if (strict) {
            throw new WavFormatException(info.sourceName(), offset, Kind.TRUNCATED, what);
        }
        warnings.add(what);
    }

    /** Closes the source. */
    void close() throws IOException {
        source.close();
    }
}
