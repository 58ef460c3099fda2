package io.spectro.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link MonoSource} read ahead on a thread of its own: the inner source (a decoder) fills blocks of {@value
 * #BLOCK} samples into a queue of {@value #DEPTH}, so decoding overlaps what the reader does with the samples, in
 * bounded memory. Failures of the inner source are thrown by {@link #read} in order, after the samples before them.
 */
final class PrefetchSource implements MonoSource {
    static final int BLOCK = 1 << 16;
    static final int DEPTH = 4;

    /** A block, the end (empty samples), or a failure. */
    private record Block(float[] samples, int length, Throwable failure) {}

    private final MonoSource inner;
    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread thread;
    private Block current;
    private int at;
    private boolean ended;
    private long position;

    PrefetchSource(MonoSource inner) {
        this.inner = inner;
        this.thread = Thread.ofPlatform().daemon().name("spectro-decode-ahead").start(this::fill);
    }

    private void fill() {
        try {
            while (true) {
                float[] b = new float[BLOCK];
                int n = 0;
                while (n < BLOCK) {
                    int r = inner.read(b, n, BLOCK - n);
                    if (r == 0) {
                        break;
                    }
                    n += r;
                }
                queue.put(new Block(b, n, null));
                if (n < BLOCK) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            try {
                queue.put(new Block(null, 0, e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int read(float[] dst, int offset, int max) throws IOException {
        int done = 0;
        while (done < max && !ended) {
            if (current == null || at == current.length()) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while decoding");
                }
                at = 0;
                if (current.failure() != null) {
                    ended = true;
                    throw rethrow(current.failure());
                }
            }
            int n = Math.min(max - done, current.length() - at);
            System.arraycopy(current.samples(), at, dst, offset + done, n);
            at += n;
            done += n;
            // a block shorter than BLOCK is the last one
            ended = at == current.length() && current.length() < BLOCK;
        }
        position += done;
        return done;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            // Unblock a put, then wait until the decoding thread no longer touches the inner source.
            while (!thread.join(java.time.Duration.ofMillis(10))) {
                queue.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        inner.close();
    }
}
