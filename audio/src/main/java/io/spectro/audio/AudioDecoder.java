package io.spectro.audio;

import io.spectro.audio.AudioDecodeException.Kind;
import io.spectro.audio.flac.FlacDecoder;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Opens and decodes audio files of any common format, choosing the decoder from the file's content (never its
 * name):
 *
 * <ul>
 *   <li>WAV: {@link WavReader}, pure Java;
 *   <li>FLAC: {@link FlacDecoder}, pure Java;
 *   <li>MP3, Ogg Vorbis, Opus, AIFF, AU, CAF, Wave64 and the WAV encodings {@link WavReader} does not decode
 *       (ADPCM, GSM, ...): libsndfile in-process ({@code libsndfile.so.1} through the FFM API) where it is installed
 *       and reads them;
 *   <li>everything else (M4A/AAC, WebM, WMA, ...), and the above without libsndfile: an {@code ffmpeg} process per
 *       file, found on the {@code PATH}.
 * </ul>
 *
 * {@link #formats()} lists which decoder handles which format on this machine. {@link #open} gives a streaming
 * {@link AudioStream}; {@link #decode} reads a whole file into an {@link AudioClip}.
 */
public final class AudioDecoder {
    /** The formats Spectro routes to libsndfile when this build of it reads them. */
    private static final Set<AudioFileType> VIA_LIBSNDFILE = EnumSet.of(
            AudioFileType.MP3,
            AudioFileType.OGG_VORBIS,
            AudioFileType.OGG_OPUS,
            AudioFileType.AIFF,
            AudioFileType.AU,
            AudioFileType.CAF,
            AudioFileType.W64);

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final String INSTALL_FFMPEG = "ffmpeg on the PATH (apt-get install ffmpeg)";

    /**
     * Options for {@link #open(Path, Options)}.
     *
     * @param verifyFlacMd5 check a FLAC file's STREAMINFO MD5 once it has been read to the end (see {@link
     *     FlacDecoder.Options#verifyMd5()})
     */
    public record Options(boolean verifyFlacMd5) {
        /** No optional checks (FLAC frames are always CRC-checked). */
        public static final Options DEFAULT = new Options(false);
    }

    private AudioDecoder() {}

    // ---- streaming ----------------------------------------------------------------------------------------------

    /** Opens a file for streaming with default options; see {@link #open(Path, Options)}. */
    public static AudioStream open(Path file) throws IOException {
        return open(file, Options.DEFAULT);
    }

    /**
     * Opens a file for streaming, with the decoder its content calls for (see the class description).
     *
     * @return the stream; close it (try-with-resources) to release its file, native memory or process
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws WavFormatException if a WAV file is broken (or in an encoding nothing here decodes)
     * @throws AudioDecodeException if a FLAC file is broken, no decoder here reads the format, or libsndfile/ffmpeg
     *     fails
     */
    public static AudioStream open(Path file, Options options) throws IOException {
        return open(file, options, Backends.here());
    }

    static AudioStream open(Path file, Options options, Backends backends) throws IOException {
        Objects.requireNonNull(options, "options");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        AudioFileType type;
        try {
            type = sniff(channel);
            switch (type) {
                case WAV -> {
                    try {
                        // The decoders own the channel from here on, and close it if they fail.
                        return WavStream.of(WavReader.open(channel, file.toString(), WavReader.Options.LENIENT));
                    } catch (WavFormatException e) {
                        return wavFallback(file, backends, e);
                    }
                }
                case FLAC -> {
                    return FlacDecoder.open(channel, file.toString(), new FlacDecoder.Options(options.verifyFlacMd5()));
                }
                default -> channel.close();
            }
        } catch (IOException | RuntimeException | Error e) {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return openExternal(file, type, backends, null);
    }

    /**
     * Opens audio held in memory ({@code bytes} from its position to its limit, not modified), e.g. a Spark {@code
     * binaryFile} row. WAV and FLAC are decoded straight from the bytes; formats that need libsndfile or ffmpeg are
     * first copied to a temporary file, which {@link AudioStream#close()} deletes.
     *
     * @param sourceName the name used in messages and {@link AudioStreamInfo#sourceName()}; its extension names the
     *     format for ffmpeg when the content is not recognised
     */
    public static AudioStream open(ByteBuffer bytes, String sourceName, Options options) throws IOException {
        return open(bytes, sourceName, options, Backends.here());
    }

    static AudioStream open(ByteBuffer bytes, String sourceName, Options options, Backends backends)
            throws IOException {
        Objects.requireNonNull(options, "options");
        ByteBuffer view = bytes.slice();
        AudioFileType type = sniff(view);
        switch (type) {
            case WAV -> {
                try {
                    return WavStream.of(
                            WavReader.open(new ByteBufferChannel(view), sourceName, WavReader.Options.LENIENT));
                } catch (WavFormatException e) {
                    if (!othersMightDecode(e, backends)) {
                        throw e;
                    }
                }
            }
            case FLAC -> {
                return FlacDecoder.open(view, sourceName, new FlacDecoder.Options(options.verifyFlacMd5()));
            }
            default -> {}
        }
        String ext = extension(sourceName);
        Path copy = Files.createTempFile("spectro-", ext.isEmpty() ? ".audio" : "." + ext);
        try {
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ByteBuffer src = view.duplicate();
                while (src.hasRemaining()) {
                    out.write(src);
                }
            }
            return new SpilledStream(openExternal(copy, sourceName, type, backends, null), copy);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /** A WAV file WavReader cannot decode: libsndfile or ffmpeg may, if it is a known encoding it lacks. */
    private static AudioStream wavFallback(Path file, Backends backends, WavFormatException e) throws IOException {
        if (!othersMightDecode(e, backends)) {
            throw e;
        }
        try {
            return openExternal(file, AudioFileType.WAV, backends, e);
        } catch (AudioDecodeException f) {
            e.addSuppressed(f);
            throw e;
        }
    }

    /** Whether libsndfile or ffmpeg is here and might decode a WAV file that WavReader refused. */
    private static boolean othersMightDecode(WavFormatException e, Backends backends) {
        boolean known =
                e.kind() == WavFormatException.Kind.NOT_WAV || e.kind() == WavFormatException.Kind.UNSUPPORTED_ENCODING;
        return known
                && (backends.libsndfileReads(AudioFileType.WAV)
                        || backends.ffmpeg().isPresent());
    }

    /** libsndfile where it reads {@code type}, then ffmpeg; {@code earlier} is a failure to attach to the last. */
    private static AudioStream openExternal(Path file, AudioFileType type, Backends backends, Exception earlier)
            throws IOException {
        return openExternal(file, file.toString(), type, backends, earlier);
    }

    private static AudioStream openExternal(
            Path file, String sourceName, AudioFileType type, Backends backends, Exception earlier) throws IOException {
        List<Exception> failures = new ArrayList<>();
        if (earlier != null) {
            failures.add(earlier);
        }
        if (backends.libsndfileReads(type)) {
            try {
                return LibsndfileStream.open(backends.libsndfile(), file, sourceName, type);
            } catch (AudioDecodeException e) {
                if (backends.ffmpeg().isEmpty()) {
                    throw e;
                }
                failures.add(e);
            }
        }
        if (backends.ffmpeg().isPresent()) {
            try {
                return FfmpegStream.open(file, sourceName, backends.ffmpeg().get(), type);
            } catch (AudioDecodeException e) {
                for (Exception f : failures) {
                    if (f != earlier) {
                        e.addSuppressed(f);
                    }
                }
                throw e;
            }
        }
        throw noDecoder(file, sourceName, type, backends);
    }

    private static AudioDecodeException noDecoder(Path file, String sourceName, AudioFileType type, Backends backends)
            throws IOException {
        String what;
        if (type == AudioFileType.UNKNOWN) {
            String ext = extension(sourceName);
            String looks = describeContent(file);
            what = (ext.isEmpty() ? "A file without an extension" : ext.toUpperCase(Locale.ROOT))
                    + (looks == null ? "" : " (it looks like " + looks + ")");
        } else {
            what = type.displayName();
        }
        String needs = VIA_LIBSNDFILE.contains(type)
                ? "libsndfile (" + backends.libsndfileProblem(type) + ") or " + INSTALL_FFMPEG
                : INSTALL_FFMPEG;
        return new AudioDecodeException(sourceName, -1, Kind.UNSUPPORTED, what + " needs " + needs);
    }

    // ---- whole files --------------------------------------------------------------------------------------------

    /**
     * Decodes a whole file into memory (through {@link #open}).
     *
     * @param file the audio file, in any format {@link #formats()} lists a decoder for
     * @param mode which channels to keep ({@link ChannelMode#ALL}: interleaved)
     * @return the clip; its {@link AudioClip#source()} describes the file (see {@link AudioClip})
     * @throws WavFormatException if a WAV file is broken
     * @throws AudioDecodeException if a FLAC file is broken, no decoder here reads the format, or libsndfile/ffmpeg
     *     fails
     */
    public static AudioClip decode(Path file, ChannelMode mode) throws IOException {
        return decode(file, mode, Backends.here());
    }

    /** {@link #decode(Path, ChannelMode)} with an explicit ffmpeg (empty: none available). */
    static AudioClip decode(Path file, ChannelMode mode, Optional<Path> ffmpeg) throws IOException {
        return decode(file, mode, Backends.here().withFfmpeg(ffmpeg));
    }

    static AudioClip decode(Path file, ChannelMode mode, Backends backends) throws IOException {
        try (AudioStream stream = open(file, Options.DEFAULT, backends)) {
            if (stream instanceof WavStream wav) {
                return wav.readRemaining(mode);
            }
            return readAll(stream, mode, Files.size(file));
        }
    }

    /** Reads a stream to its end; allocates for the frames that arrive, never for a header's claim alone. */
    private static AudioClip readAll(AudioStream stream, ChannelMode mode, long fileBytes) throws IOException {
        AudioStreamInfo info = stream.info();
        int outChannels = mode.outputChannels(info.channels());
        // A compressed file cannot hold far more frames than its bytes (FLAC's constant subframes aside): start
        // there and grow, so that a lying frame count cannot make us allocate.
        long guess = Math.max(1 << 16, fileBytes * 8 / info.channels());
        long capacity = info.frameCount() >= 0 ? Math.min(info.frameCount(), guess) : guess;
        capacity = Math.min(capacity, MAX_ARRAY / outChannels);
        float[] out = new float[(int) Math.max(1, capacity) * outChannels];
        int frames = 0;
        while (true) {
            if (frames == out.length / outChannels) {
                long grown = Math.min((long) out.length * 2, (long) MAX_ARRAY / outChannels * outChannels);
                if (grown <= out.length) {
                    throw new IOException(info.sourceName() + ": more than " + frames + " frames x " + outChannels
                            + " channels, too many for one Java array; decode it in blocks with AudioDecoder.open");
                }
                out = Arrays.copyOf(out, (int) grown);
            }
            int n = stream.read(out, frames * outChannels, out.length / outChannels - frames, mode);
            if (n == 0) {
                break;
            }
            frames += n;
        }
        if ((long) frames * outChannels != out.length) {
            out = Arrays.copyOf(out, frames * outChannels);
        }
        return new AudioClip(out, info.sampleRateHz(), outChannels, describe(info, frames, stream.warnings()));
    }

    /** The {@link WavInfo} an {@link AudioClip} of a non-WAV file carries: what the decoder delivered. */
    private static WavInfo describe(AudioStreamInfo info, long frames, List<String> warnings) {
        boolean integer = info.decoder() == DecoderBackend.FLAC_JAVA;
        int bits = integer ? info.bitsPerSample() : 32;
        String name = info.decoder() == DecoderBackend.LIBSNDFILE
                ? info.sourceName() + " (decoded by libsndfile)"
                : info.sourceName();
        return new WavInfo(
                name,
                info.fileType().displayName(),
                integer ? WavHeaderParser.FormatTag.PCM.code : WavHeaderParser.FormatTag.IEEE_FLOAT.code,
                false,
                integer ? SampleEncoding.PCM_SIGNED : SampleEncoding.IEEE_FLOAT,
                bits,
                bits,
                info.sampleRateHz(),
                info.channels(),
                info.channels() * ((bits + 7) / 8),
                0,
                frames,
                -1,
                -1,
                warnings);
    }

    // ---- formats ------------------------------------------------------------------------------------------------

    /**
     * What a file holds, from its first bytes (an ID3v2 tag is looked past: FLAC after one is FLAC).
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     */
    public static AudioFileType sniff(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return sniff(ch);
        }
    }

    private static AudioFileType sniff(FileChannel ch) throws IOException {
        byte[] head = new byte[FormatSniffer.HEAD_BYTES];
        int n = readAt(ch, 0, head);
        long tag = FormatSniffer.id3v2Length(head, n);
        if (tag > 0) {
            return afterId3(head, readAt(ch, tag, head));
        }
        return FormatSniffer.sniff(head, n);
    }

    private static AudioFileType sniff(ByteBuffer bytes) {
        byte[] head = new byte[FormatSniffer.HEAD_BYTES];
        int n = Math.min(head.length, bytes.remaining());
        bytes.get(bytes.position(), head, 0, n);
        long tag = FormatSniffer.id3v2Length(head, n);
        if (tag > 0) {
            // The tag may claim more bytes than there are: then nothing follows it.
            int m = (int) Math.max(0, Math.min(head.length, bytes.remaining() - tag));
            if (m > 0) {
                bytes.get((int) (bytes.position() + tag), head, 0, m);
            }
            return afterId3(head, m);
        }
        return FormatSniffer.sniff(head, n);
    }

    /** What follows an ID3v2 tag: FLAC stays FLAC, anything else is taken for MP3. */
    private static AudioFileType afterId3(byte[] head, int n) {
        return FormatSniffer.sniff(head, n) == AudioFileType.FLAC ? AudioFileType.FLAC : AudioFileType.MP3;
    }

    private static String describeContent(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = new byte[FormatSniffer.HEAD_BYTES];
            return FormatSniffer.describe(head, readAt(ch, 0, head));
        }
    }

    private static int readAt(FileChannel ch, long offset, byte[] dst) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(dst);
        while (bb.hasRemaining()) {
            if (ch.read(bb, offset + bb.position()) < 0) {
                break;
            }
        }
        return bb.position();
    }

    /**
     * Which decoder handles each format on this machine, for {@code spectro formats}: one entry per {@link
     * AudioFileType} ({@link AudioFileType#UNKNOWN} stands for anything else ffmpeg may read).
     */
    public static List<FormatSupport> formats() {
        return formats(Backends.here());
    }

    static List<FormatSupport> formats(Backends backends) {
        List<FormatSupport> out = new ArrayList<>();
        for (AudioFileType type : AudioFileType.values()) {
            out.add(support(type, backends));
        }
        return List.copyOf(out);
    }

    private static FormatSupport support(AudioFileType type, Backends b) {
        Optional<DecoderBackend> ffmpeg = b.ffmpeg().map(p -> DecoderBackend.FFMPEG);
        return switch (type) {
            case WAV -> {
                String others = b.libsndfileReads(AudioFileType.WAV)
                        ? "libsndfile"
                        : b.ffmpeg().isPresent() ? "ffmpeg" : "nothing here (install libsndfile1 or ffmpeg)";
                yield new FormatSupport(
                        type,
                        Optional.of(DecoderBackend.WAV_JAVA),
                        "ADPCM, GSM and other non-PCM encodings: " + others);
            }
            case FLAC -> new FormatSupport(type, Optional.of(DecoderBackend.FLAC_JAVA), "");
            default -> {
                if (b.libsndfileReads(type)) {
                    yield new FormatSupport(type, Optional.of(DecoderBackend.LIBSNDFILE), b.libsndfileVersion());
                }
                String why = VIA_LIBSNDFILE.contains(type) ? b.libsndfileProblem(type) : "";
                if (ffmpeg.isEmpty()) {
                    String needs = VIA_LIBSNDFILE.contains(type)
                            ? "needs libsndfile (" + why + ") or " + INSTALL_FFMPEG
                            : "needs " + INSTALL_FFMPEG;
                    yield new FormatSupport(type, Optional.empty(), needs);
                }
                yield new FormatSupport(type, ffmpeg, why);
            }
        };
    }

    /**
     * One line saying which of MP3, Ogg Vorbis and Opus fall back to ffmpeg (or to nothing) and why, or {@code ""}
     * when libsndfile decodes all three in-process.
     */
    public static String fallbackNote() {
        return fallbackNote(Backends.here());
    }

    static String fallbackNote(Backends b) {
        List<String> fallBack = new ArrayList<>();
        String why = "";
        for (AudioFileType t : List.of(AudioFileType.MP3, AudioFileType.OGG_VORBIS, AudioFileType.OGG_OPUS)) {
            if (!b.libsndfileReads(t)) {
                fallBack.add(t.displayName());
                why = b.libsndfileProblem(t);
            }
        }
        if (fallBack.isEmpty()) {
            return "";
        }
        String formats = String.join(", ", fallBack);
        return b.ffmpeg().isPresent()
                ? formats + " are decoded by ffmpeg (one process per file, slower): " + why
                : formats + " cannot be decoded: " + why + ", and there is no " + INSTALL_FFMPEG;
    }

    /** The {@code ffmpeg} executable on the {@code PATH}, if any. */
    public static Optional<Path> findFfmpeg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = File.separatorChar == '\\';
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows ? List.of("ffmpeg.exe", "ffmpeg") : List.of("ffmpeg")) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (RuntimeException ignored) {
                    // an unparsable PATH entry: skip it
                }
            }
        }
        return Optional.empty();
    }

    static String extension(Path file) {
        Path name = file.getFileName();
        return extension(name == null ? "" : name.toString());
    }

    /** The lowercase extension of the last component of a name or path, or {@code ""}. */
    static String extension(String name) {
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The external decoders: libsndfile (probed once per JVM) and ffmpeg (looked up on the {@code PATH}), each found
     * only when a file needs it, so that WAV and FLAC files never pay for either. Tests build other combinations.
     */
    static final class Backends {
        private Libsndfile.Probe probe; // null: probe libsndfile when first asked
        private Optional<Path> ffmpeg; // null: look on the PATH when first asked

        private Backends(Libsndfile.Probe probe, Optional<Path> ffmpeg) {
            this.probe = probe;
            this.ffmpeg = ffmpeg;
        }

        /** What this machine has. */
        static Backends here() {
            return new Backends(null, null);
        }

        Backends withFfmpeg(Optional<Path> other) {
            return new Backends(probe, Objects.requireNonNull(other));
        }

        Backends withoutLibsndfile(String why) {
            return new Backends(new Libsndfile.Probe(null, "", Set.of(), why), ffmpeg);
        }

        Libsndfile.Probe probe() {
            if (probe == null) {
                probe = Libsndfile.probe();
            }
            return probe;
        }

        Optional<Path> ffmpeg() {
            if (ffmpeg == null) {
                ffmpeg = findFfmpeg();
            }
            return ffmpeg;
        }

        Libsndfile libsndfile() {
            return probe().library();
        }

        boolean libsndfileReads(AudioFileType type) {
            return probe().available() && probe().readable().contains(type);
        }

        String libsndfileVersion() {
            return probe().version();
        }

        /** Why libsndfile does not read {@code type} here. */
        String libsndfileProblem(AudioFileType type) {
            if (!probe().available()) {
                return probe().problem();
            }
            return probe().readable().contains(type)
                    ? ""
                    : probe().version() + " was built without " + type.displayName() + " support";
        }
    }
}
