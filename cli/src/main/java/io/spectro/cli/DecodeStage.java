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
 * consumed, and hands them out in input order. A long input (more than {@code streamAboveFloats} floats to hold when
 * read whole, or of a length not known in advance) is only opened, and handed out to be streamed; so the memory held
 * here is bounded by the lookahead times that threshold. An input that cannot be decoded is a {@link Decoding} with
 * the reason (as the manifest shows it: without the file's path, which the manifest names already), never an
 * exception.
 */
final class DecodeStage implements AutoCloseable {
    /**
     * A decoded input, or why it could not be decoded.
     *
     * @param item the input
     * @param audio its samples and facts, or null
     * @param streamed the opened long input to stream (its consumer closes it), or null
     * @param error the reason, or null
     */
    record Decoding(ExtractItem item, InputDecoder.Decoded audio, InputDecoder.Opened streamed, String error) {
        static Decoding failed(ExtractItem item, String error) {
            return new Decoding(item, null, null, error);
        }
    }

    private final InputDecoder decoder;
    private final List<ExtractItem> work;
    private final ExecutorService pool;
    private final int lookahead;
    private final long streamAboveFloats;
    private final List<Future<Decoding>> futures = new ArrayList<>();
    private int next;

    /**
     * Starts decoding {@code work} (in order) with {@code decoder}; inputs over {@code streamAboveFloats} floats read
     * whole are handed out opened, to be streamed.
     */
    DecodeStage(InputDecoder decoder, List<ExtractItem> work, long streamAboveFloats) {
        this.decoder = decoder;
        this.work = work;
        this.streamAboveFloats = streamAboveFloats;
        this.lookahead = lookahead();
        this.pool = Executors.newFixedThreadPool(threads(), r -> {
            Thread t = new Thread(r, "spectro-decode");
            t.setDaemon(true);
            return t;
        });
    }

    private static int threads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Inputs decoded ahead of the one consumed, at most. */
    static int lookahead() {
        return threads() * 2;
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
            return Decoding.failed(it, ManifestRow.reason(e.getCause()));
        }
    }

    private Decoding decode(ExtractItem it) {
        InputDecoder.Opened in = null;
        try {
            in = decoder.open(it.in.path());
            long floats = in.wholeFloats();
            if (floats < 0 || floats > streamAboveFloats) {
                InputDecoder.Opened handed = in;
                in = null;
                return new Decoding(it, null, handed, null);
            }
            return new Decoding(it, in.readWhole(), null, null);
        } catch (IOException | RuntimeException e) {
            return Decoding.failed(it, withoutPath(ManifestRow.reason(e), it.in.path()));
        } catch (OutOfMemoryError e) {
            return Decoding.failed(
                    it,
                    "too large to decode in memory (" + it.in.sizeBytes() + " bytes); give Java more with "
                            + "SPECTRO_JAVA_OPTS=-Xmx...");
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the samples (or the failure) are what counts
                }
            }
        }
    }

    /** {@code message} without the decoder's {@code "PATH: "} prefix. */
    static String withoutPath(String message, Path path) {
        for (String prefix : List.of(path.toString(), path.toAbsolutePath().toString())) {
            if (message.startsWith(prefix + ": ")) {
                return message.substring(prefix.length() + 2);
            }
        }
        return message;
    }

    /** Stops the decoding threads (inputs not yet handed out are dropped, and closed). */
    @Override
    public void close() {
        pool.shutdownNow();
        for (Future<Decoding> f : futures) {
            if (f != null && f.isDone() && !f.isCancelled()) {
                try {
                    InputDecoder.Opened open = f.get().streamed();
                    if (open != null) {
                        open.close();
                    }
                } catch (InterruptedException | ExecutionException | IOException ignored) {
                    // nothing left to release
                }
            }
        }
    }
}
