package io.spectro.cli;

import io.spectro.Spectrogram;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Hands every output of a run to one writing thread, so that writing files overlaps decoding and computing, and in
 * order, so that {@link OutputWriter} (and the {@code .npz} archives it fills) is used from one thread. Bounded: the
 * features waiting to be written hold at most {@code budgetBytes} (a submitter waits for room); a single output larger
 * than that waits until the queue is empty.
 */
final class WriteQueue implements Batcher.Results, AutoCloseable {
    private final OutputWriter writer;
    private final ExecutorService thread;
    private final Semaphore room;
    private final int budgetKib;
    private volatile RuntimeException failure;

    /**
     * @param writer writes and records each output (used from the writing thread only)
     * @param budgetBytes features waiting to be written, at most
     */
    WriteQueue(OutputWriter writer, long budgetBytes) {
        this.writer = writer;
        this.budgetKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes >> 10));
        this.room = new Semaphore(budgetKib);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spectro-write");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void computed(Batcher.Ready ready, Spectrogram features) {
        submit((long) features.data().length * Float.BYTES, () -> writer.computed(ready, features));
    }

    @Override
    public void failed(Batcher.Ready ready, String reason) {
        submit(0, () -> writer.failed(ready, reason));
    }

    /** Records {@code it} as failed (see {@link OutputWriter#failed(ExtractItem, InputDecoder.Decoded, String)}). */
    void failed(ExtractItem it, InputDecoder.Decoded audio, String reason) {
        submit(0, () -> writer.failed(it, audio, reason));
    }

    /** Runs {@code action} on the writing thread after everything submitted before. */
    void submit(long bytes, Runnable action) {
        int kib = (int) Math.min(budgetKib, Math.max(0, bytes >> 10));
        try {
            room.acquire(kib);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to write", e);
        }
        thread.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                room.release(kib);
            }
        });
    }

    /** Waits until everything submitted is written; rethrows an unexpected failure of the writing thread. */
    @Override
    public void close() throws IOException {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
                // the outputs are still being written
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
            throw new InterruptedIOException("interrupted while writing the outputs");
        }
        if (failure != null) {
            throw failure;
        }
    }
}
