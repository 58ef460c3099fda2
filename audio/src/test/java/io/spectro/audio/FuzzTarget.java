package io.spectro.audio;

import io.spectro.audio.flac.FlacDecoder;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import io.spectro.io.Npz;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One way of decoding an input, with the only errors it may give and what must hold when it succeeds. {@link
 * #decode} returns an outcome label ({@code "decoded"}, or the error's kind and reason with its numbers blanked, which
 * the fuzzer uses to tell new behaviour from old); an exception other than the typed ones, or a broken promise
 * (more frames than the bytes hold, an error naming an offset outside the file), propagates as a {@link
 * Throwable}: a crash.
 */
enum FuzzTarget {
    /** {@link WavReader} over a seekable channel, lenient or strict, streamed or whole, sometimes after a seek. */
    WAV(Family.WAV) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException {
            WavReader.Options options = rnd.nextBoolean() ? WavReader.Options.LENIENT : WavReader.Options.STRICT;
            try (WavReader r = WavReader.open(new ByteArrayChannel(in), NAME, options)) {
                WavInfo info = r.info();
                check(info.frameCount() >= 0, "negative frame count", info);
                check(info.dataOffset() + info.dataBytes() <= in.length, "data runs past the input", info);
                check(info.frameCount() * info.blockAlign() == info.dataBytes(), "frames x blockAlign != bytes", info);
                check(info.channels() >= 1 && info.sampleRateHz() >= 1, "no channels or no rate", info);
                long start = 0;
                if (info.frameCount() > 0 && rnd.nextInt(4) == 0) {
                    start = rnd.nextLong(info.frameCount() + 1);
                    r.seekFrame(start);
                }
                long frames;
                if (rnd.nextBoolean()) {
                    frames = r.readRemaining(ChannelMode.ALL).frames();
                } else {
                    ChannelMode mode = rnd.nextBoolean() ? ChannelMode.MIX_TO_MONO : ChannelMode.ALL;
                    frames = drain(r.info().channels(), mode, (buf, n) -> r.read(buf, 0, n, mode));
                }
                check(
                        frames >= MAX_FRAMES || start + frames == info.frameCount(),
                        "delivered " + (start + frames) + " frames",
                        info);
                return "decoded";
            } catch (WavFormatException e) {
                return typed(e, e.byteOffset(), in.length, e.kind() + " " + e.reason());
            }
        }
    },
    /** {@link WavReader#openStream}: a forward-only stream (a pipe), which cannot go back for a late fmt chunk. */
    WAV_STREAM(Family.WAV) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException {
            WavReader.Options options = rnd.nextBoolean() ? WavReader.Options.LENIENT : WavReader.Options.STRICT;
            try (WavReader r = WavReader.openStream(Channels.newChannel(new ByteArrayInputStream(in)), NAME, options)) {
                WavInfo info = r.info();
                long frames = drain(info.channels(), ChannelMode.ALL, (buf, n) -> r.read(buf, 0, n, ChannelMode.ALL));
                check(info.dataOffset() + frames * info.blockAlign() <= in.length, "more frames than bytes", info);
                return "decoded";
            } catch (WavFormatException e) {
                return typed(e, e.byteOffset(), in.length, e.kind() + " " + e.reason());
            }
        }
    },
    /** {@link FlacDecoder} over the bytes in memory, with or without the MD5 check, sometimes after a seek. */
    FLAC(Family.FLAC) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException {
            FlacDecoder.Options options =
                    rnd.nextBoolean() ? FlacDecoder.Options.VERIFY_MD5 : FlacDecoder.Options.DEFAULT;
            try (FlacDecoder d = FlacDecoder.open(ByteBuffer.wrap(in), NAME, options)) {
                AudioStreamInfo info = d.info();
                check(info.channels() >= 1 && info.channels() <= 8, "channels out of 1..8", info);
                if (info.frameCount() > 0 && rnd.nextInt(4) == 0) {
                    d.seekFrame(rnd.nextLong(info.frameCount() + 1));
                }
                if (rnd.nextBoolean()) {
                    int[] buf = new int[4096 * info.channels()];
                    long frames = 0;
                    for (int n; (n = d.readInts(buf, 0, 4096)) > 0 && frames < MAX_FRAMES; ) {
                        frames += n;
                    }
                } else {
                    drain(info.channels(), ChannelMode.ALL, (buf, n) -> d.read(buf, 0, n));
                }
                return "decoded";
            } catch (AudioDecodeException e) {
                return typed(e, e.byteOffset(), in.length, e.kind() + " " + e.reason());
            }
        }
    },
    /** {@link FlacDecoder#openStream}: a forward-only stream. */
    FLAC_STREAM(Family.FLAC) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException {
            try (FlacDecoder d = FlacDecoder.openStream(
                    Channels.newChannel(new ByteArrayInputStream(in)), NAME, FlacDecoder.Options.VERIFY_MD5)) {
                drain(d.info().channels(), ChannelMode.ALL, (buf, n) -> d.read(buf, 0, n));
                return "decoded";
            } catch (AudioDecodeException e) {
                return typed(e, e.byteOffset(), in.length, e.kind() + " " + e.reason());
            }
        }
    },
    /** {@link Npy#parse}: only {@link IllegalArgumentException}s that say what is wrong. */
    NPY(Family.NPY) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) {
            try {
                NpyArray a = Npy.parse(in);
                long n = 1;
                for (int d : a.shape()) {
                    n *= d;
                }
                check(n == a.data().length, "shape does not match the data", a);
                check((long) a.data().length <= in.length, "more values than bytes", a);
                return "decoded";
            } catch (IllegalArgumentException e) {
                check(e.getMessage() != null && !e.getMessage().isBlank(), "an error without a message", e);
                return "IllegalArgumentException " + template(e.getMessage());
            }
        }
    },
    /** {@link Npy#read} and {@link Npz#read} of the input written to a file: only {@link IOException}s. */
    NPY_FILES(Family.NPY) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException {
            boolean npz = in.length >= 2 && in[0] == 'P' && in[1] == 'K' || rnd.nextInt(4) == 0;
            Path file = scratch.resolve(npz ? "input.npz" : "input.npy");
            Files.write(file, in);
            try {
                if (npz) {
                    Map<String, NpyArray> arrays = Npz.read(file);
                    return "decoded " + arrays.size();
                }
                Npy.read(file);
                return "decoded";
            } catch (IOException e) {
                check(e.getMessage() != null && e.getMessage().startsWith(file.toString()), "message names no file", e);
                return e.getClass().getSimpleName() + " "
                        + template(e.getMessage().substring(file.toString().length() + 1));
            } finally {
                Files.delete(file);
            }
        }
    },
    /**
     * {@link AudioDecoder#open(ByteBuffer, String, AudioDecoder.Options)}, the front door, with libsndfile as found
     * here and no ffmpeg (no processes): routing by content, the WAV fallback, and the temporary copy that a format
     * needing an external decoder gets (which must be gone after a failure).
     */
    FRONT_DOOR(Family.ANY) {
        @Override
        String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException {
            try (AudioStream s =
                    AudioDecoder.open(ByteBuffer.wrap(in), NAME, AudioDecoder.Options.DEFAULT, FRONT_DOOR_BACKENDS)) {
                drain(
                        s.info().channels(),
                        ChannelMode.MIX_TO_MONO,
                        (buf, n) -> s.read(buf, 0, n, ChannelMode.MIX_TO_MONO));
                return "decoded " + s.info().decoder();
            } catch (WavFormatException e) {
                return typed(e, e.byteOffset(), in.length, e.kind() + " " + e.reason());
            } catch (AudioDecodeException e) {
                return typed(e, e.byteOffset(), in.length, e.kind() + " " + e.reason());
            }
        }
    };

    /** Which seeds a target is mostly fed. */
    enum Family {
        WAV,
        FLAC,
        NPY,
        ANY
    }

    /** The source name every input is decoded under. */
    static final String NAME = "fuzz-input";

    /** Frames read before a decode that keeps producing is stopped (a FLAC of constant blocks can hold billions). */
    static final long MAX_FRAMES = 1L << 24;

    private static final AudioDecoder.Backends FRONT_DOOR_BACKENDS =
            AudioDecoder.Backends.here().withFfmpeg(Optional.empty());

    final Family family;

    FuzzTarget(Family family) {
        this.family = family;
    }

    /**
     * Decodes {@code in}; returns the outcome label.
     *
     * @param scratch a private folder for targets that need a file; it must hold nothing afterwards
     */
    abstract String decode(byte[] in, SplittableRandom rnd, Path scratch) throws IOException;

    /** Reads into {@code buf} until nothing comes or {@link #MAX_FRAMES}; returns the frames read. */
    interface Reader {
        int read(float[] buf, int maxFrames) throws IOException;
    }

    static long drain(int channels, ChannelMode mode, Reader reader) throws IOException {
        int out = mode.outputChannels(channels);
        int framesPerRead = Math.max(1, 65536 / out);
        float[] buf = new float[framesPerRead * out];
        long frames = 0;
        for (int n; (n = reader.read(buf, framesPerRead)) > 0 && frames < MAX_FRAMES; ) {
            if (n > framesPerRead) {
                throw new AssertionError("read returned " + n + " frames for a request of " + framesPerRead);
            }
            frames += n;
        }
        return frames;
    }

    /** A typed error's outcome label, after checking that it names the input and an offset inside it. */
    static String typed(IOException e, long offset, int length, String reason) {
        check(e.getMessage().startsWith(NAME + ": "), "the message does not name the input", e);
        check(offset <= length, "the error's offset " + offset + " is past the end (" + length + ")", e);
        return e.getClass().getSimpleName() + " " + template(reason);
    }

    /**
     * A message reduced to its kind: numbers, hex and quoted text blanked, the first six words kept, so that the same
     * kind of failure gives the same text.
     */
    static String template(String message) {
        String t = message.replaceAll("0x[0-9A-Fa-f]+|-?\\d+|'[^']*'|\"[^\"]*\"|\\{[^}]*\\}|\\([^)]*\\)", "#");
        int colon = t.indexOf(':');
        t = colon > 0 ? t.substring(0, colon) : t; // what follows a colon is detail (a header's text, a cause)
        String[] words = t.replaceAll("[^A-Za-z#_ -]", " ").strip().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, 6)));
    }

    static void check(boolean ok, String what, Object about) {
        if (!ok) {
            throw new AssertionError(what + ": " + about);
        }
    }
}
