package io.spectro.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes the inputs of a run on a small pool of daemon threads (up to 4), a few inputs ahead of the one being
 * consumed, and hands them out in input order. An input that cannot be decoded is a {@link Decoding} with the reason
 * (as the manifest shows it: without the file's path, which the manifest names already), never an exception.
 */
final class DecodeStage implements AutoCloseable {
    /**
     * A decoded input, or why it could not be decoded.
     *
     * @param item the input
     * @param audio its samples and facts, or null
     * @param error the reason, or null
     */
    record Decoding(ExtractItem item, InputDecoder.Decoded audio, String error) {}

    private final InputDecoder decoder;
    private final List<ExtractItem> work;
    private final ExecutorService pool;
    private final int lookahead;
    private final List<Future<Decoding>> futures = new ArrayList<>();
    private int next;

    /** Starts decoding {@code work} (in order) with {@code decoder}. */
    DecodeStage(InputDecoder decoder, List<ExtractItem> work) {
        this.decoder = decoder;
        this.work = work;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.lookahead = threads * 2;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spectro-decode");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether inputs remain. */
    boolean hasNext() {
        return next < work.size();
    }

    /** The next input in order, decoded (waiting for it). */
    Decoding next() throws InterruptedIOException {
        while (futures.size() < work.size() && futures.size() <= next + lookahead) {
            ExtractItem it = work.get(futures.size());
            futures.add(pool.submit(() -> decode(it)));
        }
        ExtractItem it = work.get(next);
        Future<Decoding> f = futures.set(next++, null);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding " + it.in.source());
        } catch (ExecutionException e) {
            return new Decoding(it, null, ManifestRow.reason(e.getCause()));
        }
    }

    private Decoding decode(ExtractItem it) {
        try {
            return new Decoding(it, decoder.decode(it.in.path()), null);
        } catch (IOException | RuntimeException e) {
            return new Decoding(it, null, withoutPath(ManifestRow.reason(e), it.in.path()));
        } catch (OutOfMemoryError e) {
            return new Decoding(
                    it,
                    null,
                    "too large to decode in memory (" + it.in.sizeBytes() + " bytes); give Java more with "
                            + "SPECTRO_JAVA_OPTS=-Xmx...");
        }
    }

    /** {@code message} without the decoder's {@code "PATH: "} prefix. */
    private static String withoutPath(String message, Path path) {
        for (String prefix : List.of(path.toString(), path.toAbsolutePath().toString())) {
            if (message.startsWith(prefix + ": ")) {
                return message.substring(prefix.length() + 2);
            }
        }
        return message;
    }

    /** Stops the decoding threads (inputs not yet handed out are dropped). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
