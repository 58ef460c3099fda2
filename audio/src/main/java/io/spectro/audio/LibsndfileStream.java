package io.spectro.audio;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.spectro.audio.AudioDecodeException.Kind;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file decoded by libsndfile in-process ({@code sf_open}, {@code sf_readf_float}, {@code sf_seek}): MP3, Ogg
 * Vorbis, Opus, AIFF and the WAV encodings the pure-Java reader does not decode. The samples are libsndfile's
 * {@code sf_readf_float} output as is (normalised float), the same as python-soundfile's {@code read(dtype='float32')}.
 *
 * <p>The stream owns an {@link Arena} holding its native buffer and the {@code SNDFILE} handle; {@link #close()}
 * closes both.
 */
final class LibsndfileStream implements AudioStream {
    private static final int BLOCK_FRAMES = 4096;

    private final Libsndfile lib;
    private final Arena arena;
    private final MemorySegment sndfile;
    private final MemorySegment buffer;
    private final int channels;
    private final AudioStreamInfo info;
    private long position;
    private boolean closed;

    private LibsndfileStream(
            Libsndfile lib, Arena arena, MemorySegment sndfile, MemorySegment buffer, AudioStreamInfo info) {
        this.lib = lib;
        this.arena = arena;
        this.sndfile = sndfile;
        this.buffer = buffer;
        this.channels = info.channels();
        this.info = info;
    }

    /**
     * Opens {@code file} with libsndfile.
     *
     * @param sourceName the name used in messages and {@link AudioStreamInfo#sourceName()}
     * @param type what the file holds (for {@link AudioStreamInfo#fileType()})
     * @throws AudioDecodeException of kind {@link Kind#DECODER_FAILED} with libsndfile's message when it cannot
     *     open the file
     */
    static LibsndfileStream open(Libsndfile lib, Path file, String sourceName, AudioFileType type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(sourceName, null, "no such file");
        }
        Arena arena = Arena.ofShared();
        MemorySegment handle = MemorySegment.NULL;
        try {
            MemorySegment sfInfo = arena.allocate(Libsndfile.SF_INFO);
            handle = lib.open(arena.allocateFrom(file.toString()), sfInfo);
            if (handle.equals(MemorySegment.NULL)) {
                throw new AudioDecodeException(
                        sourceName,
                        -1,
                        Kind.DECODER_FAILED,
                        "libsndfile cannot open it: " + lib.strerror(MemorySegment.NULL));
            }
            long frames = sfInfo.get(JAVA_LONG, 0);
            int rate = sfInfo.get(JAVA_INT, 8);
            int channels = sfInfo.get(JAVA_INT, 12);
            int format = sfInfo.get(JAVA_INT, 16);
            boolean seekable = sfInfo.get(JAVA_INT, 24) != 0;
            if (rate <= 0 || channels <= 0 || channels > 1024) {
                throw new AudioDecodeException(
                        sourceName,
                        -1,
                        Kind.MALFORMED,
                        "libsndfile reports " + rate + " Hz and " + channels + " channels");
            }
            AudioStreamInfo info = new AudioStreamInfo(
                    sourceName,
                    type,
                    DecoderBackend.LIBSNDFILE,
                    encodingName(type, format),
                    rate,
                    channels,
                    bitsOf(format),
                    frames >= 0 && frames < Long.MAX_VALUE / 2 ? frames : -1,
                    seekable);
            MemorySegment buffer = arena.allocate(JAVA_FLOAT, (long) BLOCK_FRAMES * channels);
            return new LibsndfileStream(lib, arena, handle, buffer, info);
        } catch (IOException | RuntimeException | Error e) {
            if (!handle.equals(MemorySegment.NULL)) {
                lib.close(handle);
            }
            arena.close();
            throw e;
        }
    }

    private static String encodingName(AudioFileType type, int format) {
        int sub = format & Libsndfile.SF_FORMAT_SUBMASK;
        String codec = switch (sub) {
            case Libsndfile.SF_FORMAT_VORBIS -> "Vorbis";
            case Libsndfile.SF_FORMAT_OPUS -> "Opus";
            case Libsndfile.SF_FORMAT_MPEG_LAYER_III -> "MPEG layer III";
            case 0x0001, 0x0002, 0x0003, 0x0004 -> "PCM signed " + bitsOf(format) + "-bit";
            case 0x0005 -> "PCM unsigned 8-bit";
            case 0x0006, 0x0007 -> "IEEE float " + bitsOf(format) + "-bit";
            case 0x0010 -> "G.711 mu-law";
            case 0x0011 -> "G.711 A-law";
            case 0x0012 -> "IMA ADPCM";
            case 0x0013 -> "Microsoft ADPCM";
            case 0x0020 -> "GSM 6.10";
            default -> String.format("libsndfile subtype 0x%04x", sub);
        };
        return type.displayName() + " (" + codec + ")";
    }

    private static int bitsOf(int format) {
        return switch (format & Libsndfile.SF_FORMAT_SUBMASK) {
            case 0x0001, 0x0005 -> 8;
            case 0x0002 -> 16;
            case 0x0003 -> 24;
            case 0x0004, 0x0006 -> 32;
            case 0x0007 -> 64;
            default -> 0;
        };
    }

    @Override
    public AudioStreamInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames) throws IOException {
        ensureOpen();
        StreamBlocks.checkRoom(dst.length, offset, maxFrames, channels);
        int done = 0;
        while (done < maxFrames) {
            int want = Math.min(BLOCK_FRAMES, maxFrames - done);
            long n = lib.readfFloat(sndfile, buffer, want);
            if (n <= 0) {
                checkError();
                break;
            }
            MemorySegment.copy(buffer, JAVA_FLOAT, 0, dst, offset + done * channels, (int) n * channels);
            done += (int) n;
            position += n;
            if (n < want) {
                checkError();
                break;
            }
        }
        return done;
    }

    private void checkError() throws AudioDecodeException {
        if (lib.error(sndfile) != 0) {
            throw new AudioDecodeException(
                    info.sourceName(),
                    -1,
                    Kind.DECODER_FAILED,
                    "libsndfile failed after frame " + position + ": " + lib.strerror(sndfile));
        }
    }

    @Override
    public long framePosition() {
        return position;
    }

    @Override
    public void seekFrame(long frame) throws IOException {
        ensureOpen();
        if (!info.seekable()) {
            throw new IllegalStateException(info.sourceName() + ": libsndfile cannot seek in this file");
        }
        if (frame < 0 || (info.frameCount() >= 0 && frame > info.frameCount())) {
            throw new IllegalArgumentException(
                    "frame " + frame + " is outside 0.." + info.frameCount() + " of " + info.sourceName());
        }
        if (info.fileType() == AudioFileType.OGG_VORBIS && frame > position && position > 0) {
            // libsndfile 1.2.0 lands on wrong samples when it seeks forward in Vorbis from anywhere but the start
            // (python-soundfile shows the same); from the start, and backwards, it is exact.
            if (lib.seek(sndfile, 0) != 0) {
                throw new AudioDecodeException(
                        info.sourceName(),
                        -1,
                        Kind.DECODER_FAILED,
                        "libsndfile could not seek to frame 0: " + lib.strerror(sndfile));
            }
        }
        long at = lib.seek(sndfile, frame);
        if (at != frame) {
            throw new AudioDecodeException(
                    info.sourceName(),
                    -1,
                    Kind.DECODER_FAILED,
                    "libsndfile could not seek to frame " + frame + ": " + lib.strerror(sndfile));
        }
        position = frame;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(info.sourceName() + ": the stream is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int rc = lib.close(sndfile);
            if (rc != 0) {
                throw new AudioDecodeException(
                        info.sourceName(), -1, Kind.DECODER_FAILED, "sf_close failed with code " + rc);
            }
        } finally {
            arena.close();
        }
    }
}
