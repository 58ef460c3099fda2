package io.spectro.cli;

import io.spectro.audio.AudioDecoder;
import io.spectro.audio.AudioStream;
import io.spectro.audio.AudioStreamInfo;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Turns one input into the mono float32 samples the spectrogram is computed on: {@code .npy} waveforms as stored,
 * audio files through {@link AudioDecoder#open} (WAV and FLAC in Java, MP3/Ogg/Opus through libsndfile, the rest
 * through ffmpeg), then a channel choice and, when a fixed rate is asked for, resampling with {@link Resampler}. An
 * input is {@linkplain #open opened} first (its header read); then it is either {@linkplain Opened#readWhole read whole}
 * or {@linkplain Opened#samples streamed} block by block (long inputs), with the same samples either way.
 */
final class InputDecoder {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final Integer fixedRateHz;
    private final int npyRateHz;
    private final ChannelMode channels;
    private final Resampler.Mode resampleMode;

    /**
     * @param fixedRateHz the rate every input is resampled to, or null to keep each input's own
     * @param npyRateHz the rate of {@code .npy} waveforms
     * @param channels how multichannel audio becomes one channel (mix or select)
     * @param resampleMode how inputs are resampled to {@code fixedRateHz}
     */
    InputDecoder(Integer fixedRateHz, int npyRateHz, ChannelMode channels, Resampler.Mode resampleMode) {
        this.fixedRateHz = fixedRateHz;
        this.npyRateHz = npyRateHz;
        this.channels = channels;
        this.resampleMode = resampleMode;
    }

    /**
     * A decoded input.
     *
     * @param samples mono samples at {@code rateHz}
     * @param rateHz the rate the features are computed at
     * @param sourceRateHz the input's own rate
     * @param channels the input's channel count
     * @param encoding the input's encoding in words ({@link AudioStreamInfo#encoding()}, or {@code npy <dtype>})
     * @param durationSeconds the input's duration
     * @param warnings what the decoder tolerated
     */
    record Decoded(
            float[] samples,
            int rateHz,
            int sourceRateHz,
            int channels,
            String encoding,
            double durationSeconds,
            List<String> warnings) {}

    /** Decodes {@code path} whole; errors are {@link IOException}s or {@link IllegalArgumentException}s naming the problem. */
    Decoded decode(Path path) throws IOException {
        try (Opened in = open(path)) {
            return in.readWhole();
        }
    }

    /** Opens {@code path}: reads its header (a {@code .npy} whole), so that its facts and length are known. */
    Opened open(Path path) throws IOException {
        String ext = InputFile.extensionOf(path.getFileName().toString());
        if (ext.equals("npy")) {
            NpyArray a = Npy.read(path);
            if (a.rank() != 1) {
                throw new IllegalArgumentException(
                        "expected a 1-D waveform in the .npy, got shape " + Arrays.toString(a.shape())
                                + " (save one clip per file, e.g. np.save(f, x.astype(np.float32)))");
            }
            return new Opened(path, null, a.data(), npyRateHz, 1, "npy " + a.dtype(), a.data().length);
        }
        AudioStream stream = AudioDecoder.open(path);
        try {
            AudioStreamInfo info = stream.info();
            channels.outputChannels(info.channels()); // a channel the audio does not have fails before any work
            return new Opened(
                    path, stream, null, info.sampleRateHz(), info.channels(), info.encoding(), info.frameCount());
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** An input whose header was read: its facts, and its samples to read whole or to stream. Used from one thread. */
    final class Opened implements AutoCloseable {
        final Path path;
        final int sourceRateHz;
        final int sourceChannels;
        final String encoding;
        /** The input's frames per its header, or -1 when not known in advance. */
        final long sourceFrames;

        private final AudioStream stream;
        private final float[] npy;

        private Opened(
                Path path,
                AudioStream stream,
                float[] npy,
                int sourceRateHz,
                int sourceChannels,
                String encoding,
                long sourceFrames) {
            this.path = path;
            this.stream = stream;
            this.npy = npy;
            this.sourceRateHz = sourceRateHz;
            this.sourceChannels = sourceChannels;
            this.encoding = encoding;
            this.sourceFrames = sourceFrames;
        }

        /** The rate the features are computed at. */
        int rateHz() {
            return fixedRateHz != null ? fixedRateHz : sourceRateHz;
        }

        private Resampler resampler() {
            return rateHz() == sourceRateHz ? null : Resampler.of(sourceRateHz, rateHz(), resampleMode);
        }

        /**
         * Floats held at once when read whole (the mono source and its resampled copy), or -1 when the length is not
         * known in advance.
         */
        long wholeFloats() {
            if (sourceFrames < 0) {
                return -1;
            }
            return sourceFrames
                    + (rateHz() == sourceRateHz ? 0 : Resampler.outputLength(sourceFrames, sourceRateHz, rateHz()));
        }

        /** What the decoder tolerated so far. */
        List<String> warnings() {
            return stream == null ? List.of() : stream.warnings();
        }

        /** Reads every sample into memory: mono at {@link #rateHz()}. */
        Decoded readWhole() throws IOException {
            float[] samples;
            if (npy != null) {
                samples = npy;
                MonoSource.checkFinite(samples, 0, samples.length, 0);
            } else {
                samples = readAll();
            }
            double duration = (double) samples.length / sourceRateHz;
            Resampler r = resampler();
            if (r != null) {
                samples = r.process(samples);
            }
            return new Decoded(samples, rateHz(), sourceRateHz, sourceChannels, encoding, duration, warnings());
        }

        /** The mono samples of the audio stream, allocating for what arrives (never for a header's claim alone). */
        private float[] readAll() throws IOException {
            MonoSource source = MonoSource.of(stream, channels);
            long fileBytes = Files.size(path);
            // A compressed file cannot hold far more frames than its bytes: start there and grow.
            long guess = Math.max(1 << 16, fileBytes * 8 / sourceChannels);
            long capacity = sourceFrames >= 0 ? Math.min(sourceFrames, guess) : guess;
            float[] out = new float[(int) Math.max(1, Math.min(capacity, MAX_ARRAY))];
            int n = 0;
            float[] probe = null;
            while (true) {
                if (n == out.length) {
                    // Full (the header's count, or the guess, is reached): look for more in a small buffer first, so
                    // that the usual case (the header was right) copies nothing.
                    if (probe == null) {
                        probe = new float[4096];
                    }
                    int more = source.read(probe, 0, probe.length);
                    if (more == 0) {
                        return out;
                    }
                    long grown = Math.min(Math.max((long) out.length * 2, (long) n + more), MAX_ARRAY);
                    if (grown < (long) n + more) {
                        throw new IOException("more than " + n + " samples, too many for one Java array");
                    }
                    out = Arrays.copyOf(out, (int) grown);
                    System.arraycopy(probe, 0, out, n, more);
                    n += more;
                    continue;
                }
                int r = source.read(out, n, out.length - n);
                if (r == 0) {
                    break;
                }
                n += r;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        }

        /**
         * The mono samples at {@link #rateHz()}, block by block; resampling runs on {@code pool} ({@code threads}
         * blocks at once); with {@code decodeAhead}, decoding runs ahead on a thread of its own. Closing the source
         * closes this input.
         */
        MonoSource samples(ExecutorService pool, int threads, boolean decodeAhead) {
            MonoSource source = npy != null ? arraySource(npy) : MonoSource.of(stream, channels);
            if (decodeAhead && npy == null) {
                source = new PrefetchSource(source);
            }
            Resampler r = resampler();
            return r == null ? source : new ResampledSource(source, r, pool, threads);
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
            }
        }
    }

    private static MonoSource arraySource(float[] x) {
        return new MonoSource() {
            private int at;

            @Override
            public int read(float[] dst, int offset, int max) {
                int n = Math.min(max, x.length - at);
                System.arraycopy(x, at, dst, offset, n);
                MonoSource.checkFinite(dst, offset, n, at);
                at += n;
                return n;
            }

            @Override
            public long position() {
                return at;
            }

            @Override
            public void close() {}
        };
    }
}
