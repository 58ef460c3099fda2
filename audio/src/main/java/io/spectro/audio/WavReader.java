package io.spectro.audio;

import io.spectro.audio.WavFormatException.Kind;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    static final int WAVE_FORMAT_PCM = 0x0001;
    static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    static final int WAVE_FORMAT_ALAW = 0x0006;
    static final int WAVE_FORMAT_MULAW = 0x0007;
    static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private static final int BLOCK_BYTES = 1 << 16;
    private static final int MAX_CHUNKS = 1 << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final long U32_MAX = 0xFFFFFFFFL;
    private static final String CONVERT_HINT = "convert with ffmpeg -i in.wav -c:a pcm_s16le out.wav";

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F64 = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /** Names of format tags that are valid WAV but not decoded here. */
    private static final Map<Integer, String> UNSUPPORTED_TAGS = Map.ofEntries(
            Map.entry(0x0000, "an unknown format (format tag 0x0000)"),
            Map.entry(0x0002, "Microsoft ADPCM (format tag 0x0002)"),
            Map.entry(0x0010, "OKI ADPCM (format tag 0x0010)"),
            Map.entry(0x0011, "IMA ADPCM (format tag 0x0011)"),
            Map.entry(0x0014, "G.723 ADPCM (format tag 0x0014)"),
            Map.entry(0x0022, "DSP Group TrueSpeech (format tag 0x0022)"),
            Map.entry(0x0031, "GSM 6.10 (format tag 0x0031)"),
            Map.entry(0x0040, "G.721 ADPCM (format tag 0x0040)"),
            Map.entry(0x0050, "MPEG audio (format tag 0x0050)"),
            Map.entry(0x0055, "MP3 (format tag 0x0055)"),
            Map.entry(0x0064, "G.726 ADPCM (format tag 0x0064)"),
            Map.entry(0x0065, "G.722 ADPCM (format tag 0x0065)"),
            Map.entry(0x0092, "Dolby AC-3 S/PDIF (format tag 0x0092)"),
            Map.entry(0x00FF, "AAC (format tag 0x00FF)"),
            Map.entry(0x0161, "Windows Media Audio (format tag 0x0161)"),
            Map.entry(0x0162, "Windows Media Audio Pro (format tag 0x0162)"),
            Map.entry(0x0163, "Windows Media Audio Lossless (format tag 0x0163)"),
            Map.entry(0x1610, "HE-AAC (format tag 0x1610)"),
            Map.entry(0x2000, "Dolby AC-3 (format tag 0x2000)"),
            Map.entry(0xF1AC, "FLAC (format tag 0xF1AC)"));

    private final ByteSource source;
    private final WavInfo info;
    private final boolean strict;
    private final int channels;
    private final int blockAlign;
    private final int containerBytes;
    private final SampleEncoding encoding;
    private final float[] g711;
    private final byte[] bytes;
    private final float[] block;
    private final int blockFrames;
    private final List<String> runtimeWarnings = new ArrayList<>();
    private long position;
    private boolean ended;
    private boolean closed;

    private WavReader(ByteSource source, String sourceName, Options options) throws IOException {
        this.source = source;
        this.strict = options.strict();
        this.info = new HeaderParser(source, sourceName, strict).parse();
        this.channels = info.channels();
        this.blockAlign = info.blockAlign();
        this.containerBytes = info.containerBits() / 8;
        this.encoding = info.encoding();
        this.g711 = switch (encoding) {
            case MU_LAW -> G711.table(true);
            case A_LAW -> G711.table(false);
            default -> null;
        };
        this.blockFrames = Math.max(1, BLOCK_BYTES / blockAlign);
        this.bytes = new byte[blockFrames * blockAlign];
        this.block = new float[blockFrames * channels];
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
        if (runtimeWarnings.isEmpty()) {
            return info.warnings();
        }
        List<String> all = new ArrayList<>(info.warnings());
        all.addAll(runtimeWarnings);
        return List.copyOf(all);
    }

    /** The index of the next frame {@link #read} will deliver (0-based). */
    public long framePosition() {
        return position;
    }

    /**
     * Moves to a frame (seekable sources only).
     *
     * @param frame 0-based, {@code 0 <= frame <= info().frameCount()}
     * @throws IllegalStateException on a forward-only stream, or after close
     */
    public void seekFrame(long frame) {
        ensureOpen();
        if (!source.seekable()) {
            throw new IllegalStateException(info.sourceName() + ": cannot seek in a forward-only stream");
        }
        if (frame < 0 || frame > info.frameCount()) {
            throw new IllegalArgumentException(
                    "frame " + frame + " is outside 0.." + info.frameCount() + " of " + info.sourceName());
        }
        position = frame;
        ended = false;
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
            int n = nextBlock(Math.min(blockFrames, maxFrames - done));
            if (n == 0) {
                break;
            }
            int out = offset + done * outChannels;
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
            int n = nextBlock(Math.min(blockFrames, maxFrames - done));
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
        if (info.frameCount() >= 0 && source.seekable()) {
            // The frame count of a seekable source was checked against the file's size.
            long want = info.frameCount() - position;
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
        if (!source.seekable() || !runtimeWarnings.isEmpty()) {
            long count = source.seekable() ? info.frameCount() : position;
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
            source.close();
        }
    }

    // ---- decoding ----------------------------------------------------------------------------------------------

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

    /** Decodes the next up-to-{@code maxFrames} frames into {@link #block}; returns how many (0 at the end). */
    private int nextBlock(int maxFrames) throws IOException {
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
        decode(frames * channels);
        position += frames;
        return frames;
    }

    private void streamProblem(long offset, String what) throws WavFormatException {
        if (strict) {
            throw new WavFormatException(info.sourceName(), offset, Kind.TRUNCATED, what);
        }
        runtimeWarnings.add(what);
    }

    /** Converts {@code samples} stored values from {@link #bytes} into {@link #block}. */
    private void decode(int samples) {
        byte[] b = bytes;
        float[] out = block;
        switch (encoding) {
            case PCM_UNSIGNED -> {
                for (int i = 0; i < samples; i++) {
                    out[i] = ((b[i] & 0xFF) - 128) * (1f / 128);
                }
            }
            case PCM_SIGNED -> {
                switch (containerBytes) {
                    case 2 -> {
                        for (int i = 0; i < samples; i++) {
                            out[i] = (short) I16.get(b, 2 * i) * (1f / 32768);
                        }
                    }
                    case 3 -> {
                        for (int i = 0, j = 0; i < samples; i++, j += 3) {
                            int x = (b[j] & 0xFF) | (b[j + 1] & 0xFF) << 8 | b[j + 2] << 16;
                            out[i] = x * (1f / 8388608);
                        }
                    }
                    case 4 -> {
                        for (int i = 0; i < samples; i++) {
                            // (float) x rounds once; the power-of-two scale is exact: equals (float) (x / 2^31).
                            out[i] = (float) (int) I32.get(b, 4 * i) * (1f / 2147483648f);
                        }
                    }
                    default -> throw new AssertionError(containerBytes);
                }
            }
            case IEEE_FLOAT -> {
                if (containerBytes == 4) {
                    for (int i = 0; i < samples; i++) {
                        out[i] = (float) F32.get(b, 4 * i);
                    }
                } else {
                    for (int i = 0; i < samples; i++) {
                        out[i] = (float) (double) F64.get(b, 8 * i);
                    }
                }
            }
            case MU_LAW, A_LAW -> {
                for (int i = 0; i < samples; i++) {
                    out[i] = g711[b[i] & 0xFF];
                }
            }
        }
    }

    private void mixToMono(int frames, float[] dst, int out) {
        for (int f = 0, i = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++, i++) {
                sum += block[i];
            }
            dst[out + f] = (float) (sum / channels);
        }
    }

    // ---- header parsing ----------------------------------------------------------------------------------------

    /** The fields of a {@code fmt } chunk, as stored. */
    private record Fmt(
            long headerOffset,
            long bodyOffset,
            long size,
            int tag,
            int channels,
            long rate,
            int blockAlign,
            int bits,
            int validBits,
            int channelMask,
            byte[] guid) {}

    /** Walks the chunks of a RIFF/RF64/BW64 file once and validates what it finds. */
    private static final class HeaderParser {
        private final ByteSource src;
        private final String name;
        private final boolean strict;
        private final long size;
        private final List<String> warnings = new ArrayList<>();
        private final List<String> seen = new ArrayList<>();
        private final byte[] hdr = new byte[12];
        private String container;
        private long ds64DataSize = -1;
        private Fmt fmt;
        private long dataHeader = -1;
        private long dataBody = -1;
        private long dataDeclared = -1;
        private boolean dataToEnd;
        private String stopNote = "";
        private long scanEnd = 12;

        HeaderParser(ByteSource src, String name, boolean strict) {
            this.src = src;
            this.name = name;
            this.strict = strict;
            this.size = src.size();
        }

        private WavFormatException error(long offset, Kind kind, String reason) {
            return new WavFormatException(name, offset, kind, reason);
        }

        WavInfo parse() throws IOException {
            readRiffHeader();
            scanChunks();
            if (fmt == null) {
                if (dataToEnd) {
                    throw error(
                            dataHeader,
                            Kind.MALFORMED,
                            "no 'fmt ' chunk before the data chunk, which runs to the end of the file (its size field"
                                    + " is a streaming placeholder)");
                }
                throw error(
                        scanEnd(),
                        Kind.MALFORMED,
                        "no 'fmt ' chunk in the file (chunks: " + seenList() + ")" + stopNote);
            }
            if (dataBody < 0) {
                throw error(
                        scanEnd(),
                        Kind.MALFORMED,
                        "no 'data' chunk in the file (chunks: " + seenList() + ")" + stopNote);
            }
            Encoding enc = validate(fmt);
            long dataBytes = dataBytes(fmt.blockAlign());
            long frames = dataBytes < 0 ? -1 : dataBytes / fmt.blockAlign();
            return new WavInfo(
                    name,
                    container,
                    enc.tag,
                    fmt.tag() == WAVE_FORMAT_EXTENSIBLE,
                    enc.encoding,
                    enc.validBits,
                    enc.containerBits,
                    (int) fmt.rate(),
                    fmt.channels(),
                    fmt.blockAlign(),
                    fmt.channelMask(),
                    frames,
                    dataBody,
                    frames < 0 ? -1 : frames * fmt.blockAlign(),
                    warnings);
        }

        private long scanEnd() {
            return scanEnd;
        }

        private String seenList() {
            return seen.isEmpty() ? "none" : String.join(", ", seen);
        }

        private void readRiffHeader() throws IOException {
            byte[] head = new byte[64];
            int n = src.readAt(0, head, 0, head.length);
            if (n == 0) {
                throw error(0, Kind.MALFORMED, "empty file (0 bytes), not a WAV file");
            }
            String form = n >= 4 ? fourCc(head, 0) : "";
            if (!form.equals("RIFF") && !form.equals("RF64") && !form.equals("BW64")) {
                if (n < 4 && isPrefixOfWavMagic(head, n)) {
                    throw error(
                            n,
                            Kind.MALFORMED,
                            "truncated header: the file ends after " + n + (n == 1 ? " byte" : " bytes")
                                    + ", inside the 12-byte RIFF/WAVE header");
                }
                String what = FormatSniffer.describe(head, n);
                if (what != null) {
                    throw error(0, Kind.NOT_WAV, "this is " + what + ", not WAV");
                }
                throw error(
                        0,
                        Kind.NOT_WAV,
                        "not a WAV file: it starts with bytes " + hex(head, Math.min(n, 8))
                                + " where 'RIFF', 'RF64' or 'BW64' belongs");
            }
            container = form;
            if (n < 12) {
                throw error(
                        n,
                        Kind.MALFORMED,
                        "truncated header: the file ends after " + n + " bytes, inside the 12-byte RIFF/WAVE header");
            }
            String type = fourCc(head, 8);
            if (!type.equals("WAVE")) {
                String known = switch (type) {
                    case "AVI " -> " (an AVI video)";
                    case "WEBP" -> " (a WebP image)";
                    case "RMID" -> " (a MIDI file)";
                    case "CDXA" -> " (a video CD track)";
                    default -> "";
                };
                throw error(
                        8,
                        Kind.NOT_WAV,
                        "this is a RIFF file of type '" + printable(type) + "'" + known + ", not WAVE");
            }
        }

        private void scanChunks() throws IOException {
            long pos = 12;
            int count = 0;
            boolean rf64 = !container.equals("RIFF");
            while (true) {
                scanEnd = pos;
                if (size >= 0 && pos >= size) {
                    break;
                }
                int n = src.readAt(pos, hdr, 0, 8);
                if (n == 0) {
                    break;
                }
                if (n < 8) {
                    String note = n + " stray " + (n == 1 ? "byte" : "bytes") + " at the end of the file, too few"
                            + " for a chunk header";
                    if (fmt != null && dataBody >= 0) {
                        warnings.add(note + " (ignored)");
                    } else {
                        stopNote = "; " + note;
                    }
                    break;
                }
                if (++count > MAX_CHUNKS) {
                    throw error(pos, Kind.MALFORMED, "more than " + MAX_CHUNKS + " chunks; this is not a sane WAV");
                }
                String id = fourCc(hdr, 0);
                long chunkSize = u32(hdr, 4);
                long body = pos + 8;
                if (seen.size() < 12) {
                    seen.add("'" + printable(id) + "' at " + pos);
                }
                if (rf64 && pos == 12 && !id.equals("ds64")) {
                    throw error(
                            pos,
                            Kind.MALFORMED,
                            container + " file without a ds64 chunk first (found '" + printable(id)
                                    + "'); its 64-bit sizes are unknown");
                }
                long length = chunkSize; // the bytes this chunk's body spans
                switch (id) {
                    case "ds64" -> readDs64(pos, body, chunkSize);
                    case "fmt " -> {
                        if (fmt == null) {
                            fmt = readFmt(pos, body, chunkSize);
                        } else {
                            warnings.add("a second 'fmt ' chunk at byte " + pos + " was ignored");
                        }
                    }
                    case "data" -> {
                        if (dataBody >= 0) {
                            warnings.add("a second 'data' chunk at byte " + pos + " was ignored");
                            break;
                        }
                        length = startData(pos, body, chunkSize, rf64);
                        if (dataToEnd) {
                            scanEnd = size < 0 ? body : size;
                            return;
                        }
                        if (!src.seekable()) {
                            if (fmt == null) {
                                throw error(
                                        pos,
                                        Kind.MALFORMED,
                                        "the 'fmt ' chunk comes after the data chunk,"
                                                + " which a forward-only stream cannot go back for");
                            }
                            return;
                        }
                    }
                    default -> {}
                }
                long end = body + length;
                if (size >= 0 && end > size) {
                    if (id.equals("data")) {
                        scanEnd = size;
                        return; // truncated data: dataBytes() decides
                    }
                    String note = "chunk '" + printable(id) + "' at byte " + pos + " declares " + chunkSize
                            + " bytes, past the end of the file (" + size + " bytes)";
                    if (fmt != null && dataBody >= 0) {
                        warnings.add(note + "; ignored");
                        scanEnd = size;
                    } else {
                        stopNote = "; " + note;
                        scanEnd = pos;
                    }
                    return;
                }
                pos = end + (length & 1); // a missing final pad byte just ends the scan
            }
        }

        private void readDs64(long pos, long body, long chunkSize) throws IOException {
            if (container.equals("RIFF")) {
                return; // a stray ds64 in a plain RIFF file means nothing
            }
            if (chunkSize < 24) {
                throw error(pos, Kind.MALFORMED, "ds64 chunk is " + chunkSize + " bytes; it needs at least 24");
            }
            byte[] b = new byte[24];
            if (src.readAt(body, b, 0, 24) < 24) {
                throw error(body, Kind.MALFORMED, "truncated ds64 chunk: the file ends inside it");
            }
            long dataSize = (long) I64.get(b, 8);
            if (dataSize < 0) {
                throw error(
                        body + 8,
                        Kind.MALFORMED,
                        "ds64 data size " + Long.toUnsignedString(dataSize) + " is out of range");
            }
            ds64DataSize = dataSize;
        }

        /** Records the data chunk; returns the body length to skip when scanning on. */
        private long startData(long pos, long body, long chunkSize, boolean rf64) throws IOException {
            dataHeader = pos;
            dataBody = body;
            long available = size < 0 ? -1 : Math.max(0, size - body);
            if (rf64 && chunkSize == U32_MAX) {
                if (ds64DataSize < 0) {
                    throw error(pos, Kind.MALFORMED, "data size 0xFFFFFFFF refers to a ds64 chunk that is missing");
                }
                dataDeclared = ds64DataSize;
                return ds64DataSize;
            }
            if (chunkSize == U32_MAX && !rf64) {
                dataToEnd = true;
                warnings.add("data size is 0xFFFFFFFF (a streaming encoder's placeholder): the data runs to the"
                        + " end of the file");
                return 0;
            }
            if (chunkSize == 0 && available != 0 && !looksLikeChunk(body)) {
                dataToEnd = true;
                warnings.add("data size is 0 but audio follows (a streaming encoder's placeholder): the data runs"
                        + " to the end of the file");
                return 0;
            }
            if (!rf64 && available > U32_MAX && chunkSize < available && (available - chunkSize) % (1L << 32) == 0) {
                warnings.add("data size " + chunkSize + " wrapped past 4 GiB (a 32-bit writer): decoding the "
                        + available + " bytes to the end of the file");
                dataDeclared = available;
                return available;
            }
            dataDeclared = chunkSize;
            return chunkSize;
        }

        /** Four printable ASCII characters and a size that fits in the file. */
        private boolean looksLikeChunk(long offset) throws IOException {
            byte[] b = new byte[8];
            if (src.readAt(offset, b, 0, 8) < 8) {
                return false;
            }
            for (int i = 0; i < 4; i++) {
                if (b[i] < 0x20 || b[i] > 0x7E) {
                    return false;
                }
            }
            return size < 0 || u32(b, 4) <= size - offset - 8;
        }

        private Fmt readFmt(long pos, long body, long chunkSize) throws IOException {
            if (chunkSize < 16) {
                throw error(
                        pos + 4, Kind.MALFORMED, "the 'fmt ' chunk is " + chunkSize + " bytes; it needs at least 16");
            }
            int want = (int) Math.min(chunkSize, 40);
            byte[] f = new byte[40];
            int n = src.readAt(body, f, 0, want);
            if (n < want) {
                throw error(
                        body + n,
                        Kind.MALFORMED,
                        "truncated 'fmt ' chunk: it declares " + chunkSize + " bytes but the file ends after " + n);
            }
            int tag = u16(f, 0);
            int validBits = 0;
            int mask = 0;
            byte[] guid = null;
            if (tag == WAVE_FORMAT_EXTENSIBLE) {
                if (chunkSize < 40) {
                    throw error(
                            pos + 4,
                            Kind.MALFORMED,
                            "the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is " + chunkSize + " bytes; it needs 40");
                }
                validBits = u16(f, 18);
                mask = (int) u32(f, 20);
                guid = Arrays.copyOfRange(f, 24, 40);
            }
            return new Fmt(
                    pos, body, chunkSize, tag, u16(f, 2), u32(f, 4), u16(f, 12), u16(f, 14), validBits, mask, guid);
        }

        private record Encoding(SampleEncoding encoding, int tag, int validBits, int containerBits) {}

        private Encoding validate(Fmt f) throws WavFormatException {
            long b = f.bodyOffset();
            if (f.channels() == 0) {
                throw error(b + 2, Kind.MALFORMED, "the 'fmt ' chunk declares 0 channels");
            }
            if (f.rate() == 0) {
                throw error(b + 4, Kind.MALFORMED, "the 'fmt ' chunk declares a sample rate of 0 Hz");
            }
            if (f.rate() > Integer.MAX_VALUE) {
                throw error(b + 4, Kind.MALFORMED, "sample rate " + f.rate() + " Hz is out of range");
            }
            int tag = f.tag();
            boolean ext = tag == WAVE_FORMAT_EXTENSIBLE;
            if (ext) {
                tag = subFormatTag(f);
            }
            String what = ext ? "WAVE_FORMAT_EXTENSIBLE " : "";
            if (tag != WAVE_FORMAT_PCM
                    && tag != WAVE_FORMAT_IEEE_FLOAT
                    && tag != WAVE_FORMAT_ALAW
                    && tag != WAVE_FORMAT_MULAW) {
                String name = UNSUPPORTED_TAGS.getOrDefault(
                        tag, String.format("an unknown encoding (format tag 0x%04X)", tag));
                throw error(
                        ext ? b + 24 : b,
                        Kind.UNSUPPORTED_ENCODING,
                        what + name + " is not supported; " + CONVERT_HINT);
            }
            int bits = f.bits();
            if (bits == 0) {
                throw error(b + 14, Kind.MALFORMED, "the 'fmt ' chunk declares 0 bits per sample");
            }
            int containerBits;
            int validBits;
            if (ext) {
                containerBits = bits;
                validBits = f.validBits() == 0 ? bits : f.validBits();
                if (bits % 8 != 0) {
                    throw error(
                            b + 14,
                            Kind.MALFORMED,
                            "WAVE_FORMAT_EXTENSIBLE container of " + bits + " bits is not a whole number of bytes");
                }
                if (validBits > containerBits) {
                    throw error(
                            b + 18,
                            Kind.MALFORMED,
                            "valid bits per sample (" + validBits + ") exceed the container's " + containerBits);
                }
            } else {
                containerBits = (bits + 7) / 8 * 8;
                validBits = bits;
            }
            SampleEncoding encoding;
            switch (tag) {
                case WAVE_FORMAT_PCM -> {
                    if (containerBits > 32) {
                        throw error(
                                b + 14,
                                Kind.UNSUPPORTED_ENCODING,
                                "PCM with " + containerBits
                                        + "-bit integer samples is not supported (8, 16, 24 or 32); " + CONVERT_HINT);
                    }
                    encoding = containerBits == 8 ? SampleEncoding.PCM_UNSIGNED : SampleEncoding.PCM_SIGNED;
                }
                case WAVE_FORMAT_IEEE_FLOAT -> {
                    if (containerBits != 32 && containerBits != 64) {
                        throw error(
                                b + 14,
                                Kind.UNSUPPORTED_ENCODING,
                                "IEEE float with " + bits + "-bit samples is not supported (32 or 64); "
                                        + CONVERT_HINT);
                    }
                    encoding = SampleEncoding.IEEE_FLOAT;
                    validBits = containerBits;
                }
                default -> {
                    if (containerBits != 8) {
                        throw error(
                                b + 14,
                                Kind.UNSUPPORTED_ENCODING,
                                (tag == WAVE_FORMAT_MULAW ? "mu-law" : "A-law") + " with " + bits
                                        + "-bit samples is not supported (8)");
                    }
                    encoding = tag == WAVE_FORMAT_MULAW ? SampleEncoding.MU_LAW : SampleEncoding.A_LAW;
                    validBits = 8;
                }
            }
            long expected = (long) f.channels() * (containerBits / 8);
            if (f.blockAlign() != expected) {
                throw error(
                        b + 12,
                        Kind.MALFORMED,
                        "block align " + f.blockAlign() + " is inconsistent with "
                                + f.channels() + (f.channels() == 1 ? " channel" : " channels") + " of " + containerBits
                                + "-bit samples (expected " + expected + ")");
            }
            return new Encoding(encoding, tag, validBits, containerBits);
        }

        private int subFormatTag(Fmt f) throws WavFormatException {
            byte[] g = f.guid();
            int tag = u16(g, 0);
            boolean ks = u16(g, 2) == 0
                    && matches(g, 4, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71);
            boolean ambisonic = u16(g, 2) == 0
                    && matches(g, 4, 0x21, 0x07, 0xD3, 0x11, 0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00);
            if (!ks && !(ambisonic && (tag == WAVE_FORMAT_PCM || tag == WAVE_FORMAT_IEEE_FLOAT))) {
                throw error(
                        f.bodyOffset() + 24,
                        Kind.UNSUPPORTED_ENCODING,
                        "WAVE_FORMAT_EXTENSIBLE sub-format "
                                + guidString(g) + " is not supported (PCM, IEEE float, A-law and mu-law are); "
                                + CONVERT_HINT);
            }
            return tag;
        }

        /** The bytes of sample data to decode, after checking the declared size against the file. */
        private long dataBytes(int align) throws WavFormatException {
            long available = size < 0 ? -1 : Math.max(0, size - dataBody);
            long bytes;
            boolean truncated = false;
            if (dataToEnd) {
                bytes = available;
            } else if (available >= 0 && dataDeclared > available) {
                String what = "the data chunk at byte " + dataHeader + " declares " + dataDeclared
                        + " bytes but the file ends " + available + " bytes into it (" + available / align
                        + " whole frames of " + dataDeclared / align + ")";
                if (strict) {
                    throw error(size, Kind.TRUNCATED, what);
                }
                warnings.add("truncated: " + what + "; decoded the whole frames present");
                bytes = available;
                truncated = true;
            } else {
                bytes = dataDeclared;
            }
            if (bytes > 0 && bytes % align != 0) {
                long at = dataBody + bytes - bytes % align;
                String what = "the data ends with a partial frame (" + bytes % align + " of " + align + " bytes)";
                if (strict) {
                    throw error(at, Kind.TRUNCATED, what);
                }
                if (!truncated) {
                    warnings.add(what + ", ignored");
                }
                bytes -= bytes % align;
            }
            return bytes;
        }
    }

    // ---- little helpers ----------------------------------------------------------------------------------------

    private static int u16(byte[] b, int at) {
        return (short) I16.get(b, at) & 0xFFFF;
    }

    private static long u32(byte[] b, int at) {
        return (int) I32.get(b, at) & U32_MAX;
    }

    private static boolean matches(byte[] b, int at, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            if ((b[at + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String fourCc(byte[] b, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) (b[at + i] & 0xFF);
        }
        return new String(c);
    }

    private static boolean isPrefixOfWavMagic(byte[] b, int n) {
        for (String magic : new String[] {"RIFF", "RF64", "BW64"}) {
            boolean prefix = true;
            for (int i = 0; i < n; i++) {
                prefix &= (b[i] & 0xFF) == magic.charAt(i);
            }
            if (prefix) {
                return true;
            }
        }
        return false;
    }

    /** The id with non-printable characters written as {@code \xNN}. */
    private static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02X", (int) c));
            }
        }
        return sb.toString();
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String guidString(byte[] g) {
        return String.format(
                "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                u32(g, 0),
                u16(g, 4),
                u16(g, 6),
                g[8] & 0xFF,
                g[9] & 0xFF,
                g[10] & 0xFF,
                g[11] & 0xFF,
                g[12] & 0xFF,
                g[13] & 0xFF,
                g[14] & 0xFF,
                g[15] & 0xFF);
    }
}
