package io.spectro.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A stream decoded from a temporary copy of in-memory bytes (for libsndfile and ffmpeg); close() deletes the copy. */
final class SpilledStream implements AudioStream {
    private final AudioStream inner;
    private final Path copy;

    SpilledStream(AudioStream inner, Path copy) {
        this.inner = inner;
        this.copy = copy;
    }

    /** The temporary copy (deleted by {@link #close()}). */
    Path copy() {
        return copy;
    }

    @Override
    public AudioStreamInfo info() {
        return inner.info();
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames) throws IOException {
        return inner.read(dst, offset, maxFrames);
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames, ChannelMode mode) throws IOException {
        return inner.read(dst, offset, maxFrames, mode);
    }

    @Override
    public int readPlanar(float[][] dst, int offset, int maxFrames) throws IOException {
        return inner.readPlanar(dst, offset, maxFrames);
    }

    @Override
    public long framePosition() {
        return inner.framePosition();
    }

    @Override
    public void seekFrame(long frame) throws IOException {
        inner.seekFrame(frame);
    }

    @Override
    public List<String> warnings() {
        return inner.warnings();
    }

    @Override
    public void close() throws IOException {
        try {
            inner.close();
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
