package io.spectro.cli;

import io.spectro.Spectro;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrogramStream;
import io.spectro.io.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The features of one long input, in bounded memory, with the bits a whole-clip computation gives: its samples are
 * decoded ahead on a thread of their own ({@link PrefetchSource}), resampled block by block on the pool ({@link
 * ResampledSource}), pushed through a {@link SpectrogramStream}, and its frames written to a scratch file beside the
 * output as they come. Once the input has ended (and so the frame count is known), the {@code .npy} is written from the
 * scratch file: through the stream's clip pass when the spec has clip-level stages (the clamp to the clip maximum,
 * deltas, ...), else copied, in both cases transposed block by block into the {@code [features][frames]} layout with
 * writes at each row's position. The {@code .npy} appears whole or not at all ({@link AtomicFiles}).
 */
final class StreamedExtract {
    /** Samples pushed into the stream at a time. */
    static final int PUSH_SAMPLES = 1 << 16;

    /** Frames gathered before the {@code .npy}'s rows are written (fewer when the features are many). */
    static final int WRITE_FRAMES = 1 << 14;

    private final Spectro engine;
    private final ExecutorService pool;
    private final int threads;

    /**
     * What became of a streamed input.
     *
     * @param frames frames written
     * @param durationSeconds the input's duration (its samples at its own rate)
     * @param warnings what the decoder tolerated
     * @param preview the PNG preview, or null when none was asked for
     */
    record Result(long frames, double durationSeconds, List<String> warnings, byte[] preview) {}

    /**
     * @param engine computes the frames
     * @param pool runs decoding ahead and resampling
     * @param threads resampling blocks computed at once
     */
    StreamedExtract(Spectro engine, ExecutorService pool, int threads) {
        this.engine = engine;
        this.pool = pool;
        this.threads = threads;
    }

    /**
     * Computes the features of {@code in} with {@code spec} into {@code target} (a {@code .npy}), and, when {@code
     * preview} is given, renders the PNG from the written file.
     *
     * @throws IllegalArgumentException when the input cannot be framed or holds a non-finite sample
     */
    Result run(InputDecoder.Opened in, SpectrogramSpec spec, Path target, Preview preview) throws IOException {
        MonoSource decoded = in.samples(pool, threads, true);
        try (MonoSource source = decoded;
                SpectrogramStream stream = SpectrogramStream.open(engine, spec);
                AtomicFiles.Scratch scratch = AtomicFiles.scratch(target);
                AtomicFiles.Pending out = AtomicFiles.begin(target)) {
            int ff = stream.frameFloats();
            FrameFile frames = new FrameFile(scratch.channel(), ff);
            float[] samples = new float[PUSH_SAMPLES];
            float[] buf = new float[SpectrogramStream.DEFAULT_BLOCK_FRAMES * ff];
            for (int n; (n = source.read(samples, 0, samples.length)) > 0; ) {
                stream.push(samples, 0, n);
                drain(stream, buf, frames);
            }
            stream.finish();
            drain(stream, buf, frames);
            frames.flush();
            long count = stream.outputFrameCount();
            int[] shape = spec.outputShape(Math.toIntExact(count));
            byte[] header = Npy.header(shape);
            FileChannel npy = out.channel();
            NpyRows rows = new NpyRows(npy, header.length, stream.outputFloats(), spec.valuesPerFeature(), count);
            writeFully(npy, ByteBuffer.wrap(header), 0);
            if (stream.needsClipPass()) {
                stream.clipPass(frames::read, rows::write);
            } else {
                float[] block = new float[SpectrogramStream.DEFAULT_BLOCK_FRAMES * ff];
                for (long t = 0; t < count; t += SpectrogramStream.DEFAULT_BLOCK_FRAMES) {
                    int n = (int) Math.min(SpectrogramStream.DEFAULT_BLOCK_FRAMES, count - t);
                    frames.read(t, n, block);
                    rows.write(t, n, block);
                }
            }
            rows.flush();
            byte[] png = null;
            if (preview != null && count > 0) {
                long bytes = (long) stream.outputFloats() * count * Float.BYTES;
                if (bytes > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("the features (" + bytes + " bytes) are too large for a PNG"
                            + " preview; run without --png");
                }
                FloatBuffer data = npy.map(FileChannel.MapMode.READ_ONLY, header.length, bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer();
                png = preview.render(spec, data, (int) count);
            }
            out.commit();
            double duration = (double) source.sourcePosition() / in.sourceRateHz;
            return new Result(count, duration, in.warnings(), png);
        }
    }

    /** Renders a preview from features held in a buffer. */
    @FunctionalInterface
    interface Preview {
        byte[] render(SpectrogramSpec spec, FloatBuffer data, int frames);
    }

    private static void drain(SpectrogramStream stream, float[] buf, FrameFile frames) throws IOException {
        int max = buf.length / stream.frameFloats();
        for (int n; (n = stream.read(buf, 0, max)) > 0; ) {
            frames.append(buf, n);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    /** Frames stored frame by frame as little-endian float32, appended in order and read back by range. */
    static final class FrameFile {
        private final FileChannel channel;
        private final int frameFloats;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        FrameFile(FileChannel channel, int frameFloats) {
            this.channel = channel;
            this.frameFloats = frameFloats;
        }

        void append(float[] frames, int count) throws IOException {
            int floats = count * frameFloats;
            for (int at = 0; at < floats; ) {
                if (buffer.remaining() < Float.BYTES) {
                    flush();
                }
                int n = Math.min(floats - at, buffer.remaining() / Float.BYTES);
                buffer.asFloatBuffer().put(frames, at, n);
                buffer.position(buffer.position() + n * Float.BYTES);
                at += n;
            }
        }

        void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                written += channel.write(buffer, written);
            }
            buffer.clear();
        }

        /** Frames {@code [first, first + count)} into {@code dst}. */
        void read(long first, int count, float[] dst) throws IOException {
            long from = first * frameFloats * Float.BYTES;
            int floats = count * frameFloats;
            for (int at = 0; at < floats; ) {
                buffer.clear();
                buffer.limit(Math.min(buffer.capacity(), (floats - at) * Float.BYTES));
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, from + (long) at * Float.BYTES + buffer.position());
                    if (n < 0) {
                        throw new IOException("the scratch file ended early");
                    }
                }
                buffer.flip();
                int n = buffer.remaining() / Float.BYTES;
                buffer.asFloatBuffer().get(dst, at, n);
                at += n;
            }
            buffer.clear();
        }
    }

    /**
     * Writes frame-by-frame blocks into a {@code .npy} laid out {@code [features][frames]} (x2 for COMPLEX): blocks are
     * gathered up to {@value #WRITE_FRAMES} frames, then each feature's run is written at its position.
     */
    static final class NpyRows {
        private final FileChannel channel;
        private final long dataOffset;
        private final int frameFloats;
        private final int valuesPerFeature;
        private final long frames;
        private final int capacity;
        private final float[] staged;
        private final ByteBuffer row;
        private long stagedFrom;
        private int stagedCount;

        NpyRows(FileChannel channel, long dataOffset, int frameFloats, int valuesPerFeature, long frames) {
            this.channel = channel;
            this.dataOffset = dataOffset;
            this.frameFloats = frameFloats;
            this.valuesPerFeature = valuesPerFeature;
            this.frames = frames;
            this.capacity = Math.max(1, Math.min(WRITE_FRAMES, (1 << 22) / Math.max(1, frameFloats)));
            this.staged = new float[capacity * frameFloats];
            this.row = ByteBuffer.allocateDirect(capacity * valuesPerFeature * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Takes frames {@code [first, first + count)} (in order, after those written before). */
        void write(long first, int count, float[] src) throws IOException {
            for (int at = 0; at < count; ) {
                if (stagedCount == 0) {
                    stagedFrom = first + at;
                }
                int n = Math.min(count - at, capacity - stagedCount);
                System.arraycopy(src, at * frameFloats, staged, stagedCount * frameFloats, n * frameFloats);
                stagedCount += n;
                at += n;
                if (stagedCount == capacity) {
                    flush();
                }
            }
        }

        void flush() throws IOException {
            if (stagedCount == 0) {
                return;
            }
            int features = frameFloats / valuesPerFeature;
            FloatBuffer f = row.clear().asFloatBuffer();
            for (int r = 0; r < features; r++) {
                f.clear();
                for (int t = 0; t < stagedCount; t++) {
                    int base = t * frameFloats + r * valuesPerFeature;
                    for (int v = 0; v < valuesPerFeature; v++) {
                        f.put(staged[base + v]);
                    }
                }
                row.clear().limit(stagedCount * valuesPerFeature * Float.BYTES);
                long position = dataOffset + ((r * frames + stagedFrom) * valuesPerFeature) * Float.BYTES;
                writeFully(channel, row, position);
            }
            stagedCount = 0;
        }
    }
}
