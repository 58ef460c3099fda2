package io.spectro.audio;

import io.spectro.audio.WavFormatException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A streaming WAV decoder in pure Java: reads a file block by block (64 KiB at a time) through a channel and
 * delivers float32 samples, so a long file never needs its whole signal in memory.
 *
 * <h2>What it reads</h2>
 *
 * <ul>
 *   <li>Containers: RIFF/WAVE, and RF64 and BW64 (the 64-bit sizes of their {@code ds64} chunk) for files over 4
 *       GiB.
 *   <li>Format tags: PCM (1), IEEE float (3), A-law (6), mu-law (7), and WAVE_FORMAT_EXTENSIBLE (0xFFFE) whose
 *       sub-format GUID is one of those four (also the Ambisonic B-format PCM/float GUIDs).
 *   <li>Samples: unsigned 8-bit, signed 16/24/32-bit integers, float32, float64, G.711 mu-law and A-law; integer
 *       samples narrower than their container (12 bits in 16, 20 in 24, 24 in 32) sit in the container's high bits.
 *   <li>Chunks in any order: {@code LIST}, {@code fact}, {@code cue }, {@code bext}, {@code id3 } and unknown chunks
 *       are skipped, odd-sized chunks are followed by their pad byte, chunks may follow {@code data}, and {@code fmt }
 *       may come after {@code data} (the reader seeks back; only a non-seekable stream refuses that).
 * </ul>
 *
 * <h2>Conversion to float32</h2>
 *
 * Signed PCM: {@code x / 2^(container bits - 1)} (so 16-bit is {@code x / 32768}, 24-bit {@code x / 8388608}),
 * rounded once to float32 (exact up to 24 bits). Unsigned 8-bit: {@code (u - 128) / 128}. Floats as stored, float64
 * rounded to the nearest float32. mu-law and A-law: the ITU-T G.711 expansion to 16-bit linear, divided by 32768.
 * These are libsndfile's conversions: the tests compare bit for bit against python-soundfile.
 *
 * <h2>Sizes that are missing, wrong or too big</h2>
 *
 * <ul>
 *   <li><b>Streaming sizes.</b> A {@code data} size of 0xFFFFFFFF (ffmpeg writing to a pipe), or of 0 when what
 *       follows the data header does not look like another chunk (four printable ASCII characters and a size that
 *       fits in the file), means the data runs to the end of the file. This is reported in {@link
 *       WavInfo#warnings()}. In an RF64/BW64 file 0xFFFFFFFF means "see ds64" instead.
 *   <li><b>Truncated data</b> (the {@code data} chunk declares more bytes than the file holds, e.g. a recording cut
 *       off, or sox's placeholder size when piping): by default the reader decodes exactly the whole frames present
 *       and reports the truncation in {@link WavInfo#warnings()}; a trailing partial frame is dropped the same way.
 *       With {@link Options#STRICT} both throw a {@link WavFormatException} of kind {@link Kind#TRUNCATED}.
 *   <li><b>A 32-bit data size that wrapped</b> past 4 GiB in a plain RIFF file whose data is the last chunk is
 *       recognised (the remaining bytes differ from the size by a multiple of 2^32) and decoded to the end, with a
 *       warning.
 *   <li>No allocation is ever sized from a header field alone: buffers are 64 KiB, and {@link #readAll} allocates
 *       for the frames actually present in the file.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * Anything that cannot be decoded throws {@link WavFormatException} (an {@link IOException}) whose message names
 * the file, the byte offset and what is wrong, e.g. {@code "x.wav: at byte 0: this is a FLAC file, not WAV"} or
 * {@code "x.wav: at byte 20: Microsoft ADPCM (format tag 0x0002) is not supported; convert with ffmpeg -i in.wav
 * -c:a pcm_s16le out.wav"}. I/O errors of the channel itself pass through unchanged.
 *
 * <p>A reader is not thread-safe. Close it (try-with-resources) to close its channel; use after {@link #close()}
 * throws {@link IllegalStateException}.
 *
 * <p>Inside: {@code WavHeaderParser} reads and validates the chunks into the {@link WavInfo}, {@code WavFrameStream}
 * pulls blocks of frames from the channel and {@code WavSampleDecoder} converts them to float32; this class delivers
 * them per {@link ChannelMode}.
 */
public final class WavReader implements AutoCloseable {

    /**
     * How strictly to treat a file whose data ends early.
     *
     * @param strict when true, truncated data or a trailing partial frame throws {@link WavFormatException} (kind
     *     {@link Kind#TRUNCATED}) instead of being decoded up to the last whole frame with a warning
     */
    public record Options(boolean strict) {
        /** Decode the whole frames present and warn about truncation (the default). */
        public static final Options LENIENT = new Options(false);

        /** Throw on truncated data. */
        public static final Options STRICT = new Options(true);
    }

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final WavInfo info;
    private final int channels;
    private final int blockAlign;
    private final WavFrameStream stream;
    private boolean closed;

    private WavReader(ByteSource source, String sourceName, Options options) throws IOException {
        this.info = WavHeaderParser.parse(source, sourceName, options.strict());
        this.channels = info.channels();
        this.blockAlign = info.blockAlign();
        this.stream = new WavFrameStream(source, info, options.strict());
    }

    /** Opens a WAV file for reading, leniently (see {@link Options#LENIENT}). */
    public static WavReader open(Path file) throws IOException {
        return open(file, Options.LENIENT);
    }

    /**
     * Opens a WAV file for reading and parses its header.
     *
     * @throws WavFormatException if the file is not a WAV file this reader can decode
     * @throws IOException if the file cannot be opened or read
     */
    public static WavReader open(Path file, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return openClosingOnFailure(ByteSource.of(channel), file.toString(), options, channel);
    }

    /**
     * Reads a WAV from a seekable channel (positioned reads from offset 0; {@code size()} must be the byte length).
     * The reader owns the channel and closes it.
     *
     * @param sourceName the name used in messages and {@link WavInfo#sourceName()}
     */
    public static WavReader open(SeekableByteChannel channel, String sourceName, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        return openClosingOnFailure(ByteSource.of(channel), sourceName, options, channel);
    }

    /**
     * Reads a WAV from a forward-only blocking stream (a pipe, a socket), which must start at the RIFF header. The
     * {@code fmt } chunk must then precede {@code data}; when the data runs to the end of the stream, {@link
     * WavInfo#frameCount()} is -1 and {@link #seekFrame} is unavailable. The reader owns the channel and closes it.
     *
     * @param sourceName the name used in messages and {@link WavInfo#sourceName()}
     */
    public static WavReader openStream(ReadableByteChannel channel, String sourceName, Options options)
            throws IOException {
        Objects.requireNonNull(options, "options");
        return openClosingOnFailure(ByteSource.forwardOnly(channel), sourceName, options, channel);
    }

    private static WavReader openClosingOnFailure(
            ByteSource source, String sourceName, Options options, AutoCloseable channel) throws IOException {
        try {
            return new WavReader(source, sourceName, options);
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Decodes a whole WAV file into memory, leniently.
     *
     * @param mode which channels to keep; {@link ChannelMode#ALL} gives interleaved samples
     * @return the samples (mono, or interleaved for {@link ChannelMode#ALL} with several channels)
     */
    public static AudioClip readAll(Path file, ChannelMode mode) throws IOException {
        return readAll(file, mode, Options.LENIENT);
    }

    /** Decodes a whole WAV file into memory; see {@link #readAll(Path, ChannelMode)}. */
    public static AudioClip readAll(Path file, ChannelMode mode, Options options) throws IOException {
        try (WavReader reader = open(file, options)) {
            return reader.readRemaining(mode);
        }
    }

    /** The validated header: rate, channels, encoding, frame count, data offset, warnings. */
    public WavInfo info() {
        return info;
    }

    /**
     * Every warning so far: the header's ({@link WavInfo#warnings()}) and any found while reading a stream (a
     * stream that ended early or on a partial frame).
     */
    public List<String> warnings() {
        if (stream.warnings().isEmpty()) {
            return info.warnings();
        }
        List<String> all = new ArrayList<>(info.warnings());
        all.addAll(stream.warnings());
        return List.copyOf(all);
    }

    /** The index of the next frame {@link #read} will deliver (0-based). */
    public long framePosition() {
        return stream.position();
    }

    /**
     * Moves to a frame (seekable sources only).
     *
     * @param frame 0-based, {@code 0 <= frame <= info().frameCount()}
     * @throws IllegalStateException on a forward-only stream, or after close
     */
    public void seekFrame(long frame) {
        ensureOpen();
        if (!stream.seekable()) {
            throw new IllegalStateException(info.sourceName() + ": cannot seek in a forward-only stream");
        }
        if (frame < 0 || frame > info.frameCount()) {
            throw new IllegalArgumentException(
                    "frame " + frame + " is outside 0.." + info.frameCount() + " of " + info.sourceName());
        }
        stream.seek(frame);
    }

    /**
     * Decodes up to {@code maxFrames} frames into {@code dst}, block by block.
     *
     * @param dst destination; receives {@code frames * mode.outputChannels(channels)} values from {@code offset},
     *     interleaved for {@link ChannelMode#ALL}
     * @param offset index in {@code dst} of the first value written
     * @param maxFrames the most frames to decode, {@code >= 0}; {@code dst} must have room for all of them
     * @param mode which channels to deliver
     * @return the frames decoded; fewer than {@code maxFrames} only at the end of the data, 0 once it is reached
     * @throws WavFormatException if the file ends before the data the header promised (it changed while being
     *     read), or a stream ends early in strict mode
     */
    public int read(float[] dst, int offset, int maxFrames, ChannelMode mode) throws IOException {
        ensureOpen();
        int outChannels = mode.outputChannels(channels);
        checkRoom(dst.length, offset, maxFrames, outChannels);
        int done = 0;
        while (done < maxFrames) {
            int n = stream.next(Math.min(stream.blockFrames(), maxFrames - done));
            if (n == 0) {
                break;
            }
            int out = offset + done * outChannels;
            float[] block = stream.block();
            switch (mode) {
                case ChannelMode.All _ -> System.arraycopy(block, 0, dst, out, n * channels);
                case ChannelMode.MixToMono _ -> mixToMono(n, dst, out);
                case ChannelMode.Select select -> {
                    for (int f = 0, i = select.channel(); f < n; f++, i += channels) {
                        dst[out + f] = block[i];
                    }
                }
            }
            done += n;
        }
        return done;
    }

    /**
     * Decodes up to {@code maxFrames} frames into one array per channel.
     *
     * @param dst {@code [channels][...]}; channel {@code c} receives its samples in {@code dst[c][offset ...]}
     * @param offset index of the first frame written in each channel's array
     * @param maxFrames the most frames to decode, {@code >= 0}
     * @return the frames decoded; 0 once the end of the data is reached
     */
    public int readPlanar(float[][] dst, int offset, int maxFrames) throws IOException {
        ensureOpen();
        if (dst.length != channels) {
            throw new IllegalArgumentException(
                    "planar destination has " + dst.length + " channel arrays; the audio has " + channels);
        }
        for (float[] channel : dst) {
            checkRoom(channel.length, offset, maxFrames, 1);
        }
        int done = 0;
        while (done < maxFrames) {
            int n = stream.next(Math.min(stream.blockFrames(), maxFrames - done));
            if (n == 0) {
                break;
            }
            float[] block = stream.block();
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

    /**
     * Decodes everything from the current position to the end into one array.
     *
     * @param mode which channels to keep
     * @return the clip; its {@link AudioClip#source()} is {@link #info()} with every warning (and, for a stream of
     *     unknown length, the frame count found)
     * @throws IOException if the frames do not fit in one Java array (about 2^31 samples): read in blocks instead
     */
    public AudioClip readRemaining(ChannelMode mode) throws IOException {
        ensureOpen();
        int outChannels = mode.outputChannels(channels);
        float[] out;
        int frames;
        int blockFrames = stream.blockFrames();
        if (info.frameCount() >= 0 && stream.seekable()) {
            // The frame count of a seekable source was checked against the file's size.
            long want = info.frameCount() - stream.position();
            if (want * outChannels > MAX_ARRAY) {
                throw new IOException(info.sourceName() + ": " + want + " frames x " + outChannels
                        + " channels do not fit in one Java array; decode it in blocks with WavReader.read");
            }
            out = new float[(int) (want * outChannels)];
            frames = read(out, 0, (int) want, mode);
        } else {
            // A stream's declared length is unverified: grow with what actually arrives.
            out = new float[Math.max(outChannels, blockFrames * outChannels)];
            frames = 0;
            while (true) {
                if ((long) (frames + blockFrames) * outChannels > out.length) {
                    long grown = Math.max((long) out.length * 2, (long) (frames + blockFrames) * outChannels);
                    if (grown > MAX_ARRAY) {
                        throw new IOException(info.sourceName() + ": the stream holds more than "
                                + (MAX_ARRAY / outChannels) + " frames x " + outChannels
                                + " channels, too many for one Java array; decode it in blocks with WavReader.read");
                    }
                    out = Arrays.copyOf(out, (int) grown);
                }
                int n = read(out, frames * outChannels, blockFrames, mode);
                if (n == 0) {
                    break;
                }
                frames += n;
            }
        }
        if ((long) frames * outChannels != out.length) {
            out = Arrays.copyOf(out, frames * outChannels);
        }
        WavInfo done = info;
        if (!stream.seekable() || !stream.warnings().isEmpty()) {
            long count = stream.seekable() ? info.frameCount() : stream.position();
            done = new WavInfo(
                    info.sourceName(),
                    info.container(),
                    info.formatTag(),
                    info.extensible(),
                    info.encoding(),
                    info.bitsPerSample(),
                    info.containerBits(),
                    info.sampleRateHz(),
                    info.channels(),
                    info.blockAlign(),
                    info.channelMask(),
                    count,
                    info.dataOffset(),
                    count * blockAlign,
                    warnings());
        }
        return new AudioClip(out, info.sampleRateHz(), outChannels, done);
    }

    /** Closes the channel; later calls other than {@code close()} and {@link #info()} throw. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            stream.close();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void checkRoom(int length, int offset, int maxFrames, int outChannels) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
        }
        if (offset < 0 || offset > length || (long) maxFrames * outChannels > length - offset) {
            throw new IndexOutOfBoundsException("destination of length " + length + " has no room for " + maxFrames
                    + " frames x " + outChannels + " channels at offset " + offset);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(info.sourceName() + ": the WavReader is closed");
        }
    }

    private void mixToMono(int frames, float[] dst, int out) {
        float[] block = stream.block();
        for (int f = 0, i = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++, i++) {
                sum += block[i];
            }
            dst[out + f] = (float) (sum / channels);
        }
    }
}
