package io.spectro.audio;

import java.io.IOException;
import java.util.List;

/** An {@link AudioStream} over a {@link WavReader} (a WAV file, or ffmpeg's WAV output). */
class WavStream implements AudioStream {
    private final WavReader reader;
    private final AudioStreamInfo info;

    /**
     * @param reader the reader, owned by this stream from now on
     * @param fileType what the source file holds
     * @param decoder who decodes it ({@link DecoderBackend#WAV_JAVA}, or ffmpeg for its output)
     * @param encoding the source's encoding in words
     * @param seekable whether the reader's source can seek
     */
    WavStream(WavReader reader, AudioFileType fileType, DecoderBackend decoder, String encoding, boolean seekable) {
        this.reader = reader;
        WavInfo w = reader.info();
        int bits = decoder == DecoderBackend.WAV_JAVA ? w.bitsPerSample() : 0;
        this.info = new AudioStreamInfo(
                w.sourceName(),
                fileType,
                decoder,
                encoding,
                w.sampleRateHz(),
                w.channels(),
                bits,
                w.frameCount(),
                seekable && w.frameCount() >= 0);
    }

    /** A WAV file read by {@link WavReader}. */
    static WavStream of(WavReader reader) {
        return new WavStream(
                reader,
                AudioFileType.WAV,
                DecoderBackend.WAV_JAVA,
                reader.info().encodingName(),
                true);
    }

    WavReader reader() {
        return reader;
    }

    /** Everything from the current position, with the header's {@link WavInfo} (today's whole-file decode). */
    AudioClip readRemaining(ChannelMode mode) throws IOException {
        return reader.readRemaining(mode);
    }

    @Override
    public AudioStreamInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames) throws IOException {
        return reader.read(dst, offset, maxFrames, ChannelMode.ALL);
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames, ChannelMode mode) throws IOException {
        return reader.read(dst, offset, maxFrames, mode);
    }

    @Override
    public int readPlanar(float[][] dst, int offset, int maxFrames) throws IOException {
        return reader.readPlanar(dst, offset, maxFrames);
    }

    @Override
    public long framePosition() {
        return reader.framePosition();
    }

    @Override
    public void seekFrame(long frame) throws IOException {
        if (!info.seekable()) {
            throw new IllegalStateException(info.sourceName() + ": cannot seek in a forward-only stream");
        }
        reader.seekFrame(frame);
    }

    @Override
    public List<String> warnings() {
        return reader.warnings();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
