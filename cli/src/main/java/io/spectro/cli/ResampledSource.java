package io.spectro.cli;

import io.spectro.audio.Resampler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A {@link MonoSource} resampled block by block, with exactly the bits {@link Resampler#process(float[])} gives for
 * the whole signal, in bounded memory and on several threads.
 *
 * <p>How: output sample {@code j = p + up * q} of the reduced ratio {@code up / down} is a fixed sum over input samples
 * {@code q * down + start[p] .. + taps} (zero outside the signal), evaluated in the same order wherever it is
 * computed. So outputs {@code [b * K * up, (b + 1) * K * up)} can be computed by the same resampler from a window of
 * the input starting at a multiple of {@code down} (so the phases line up) and reaching {@value #MARGIN_TAPS} x taps +
 * 2 x {@code down} samples beyond those outputs' inputs on each side (more than any output's filter reaches); at the
 * signal's ends the window ends where the signal does, so the zeros beyond are the same. Blocks are independent and
 * are computed on {@code pool} a few at a time, handed out in order.
 */
final class ResampledSource implements MonoSource {
    /** Outputs per block, about (rounded to whole periods of {@code up}). */
    static final int BLOCK_OUTPUTS = 1 << 16;

    /** The window reaches this many filter lengths beyond each block's inputs (1 is enough; 2 leaves no doubt). */
    static final int MARGIN_TAPS = 2;

    private final MonoSource input;
    private final Resampler resampler;
    private final ExecutorService pool;
    private final int inFlight;
    private final long up;
    private final long down;
    private final long blockIn;
    private final long blockOut;
    private final long margin;
    private final ArrayDeque<Future<float[]>> pending = new ArrayDeque<>();

    /** Input held, from sample {@code heldFrom}. */
    private float[] held = new float[0];

    private long heldFrom;
    private int heldLength;
    private boolean inputEnded;
    private long nextBlock;
    private long totalOut = -1;
    private float[] current = new float[0];
    private int currentAt;
    private long position;

    /**
     * @param input the samples at {@code resampler.fromHz()} (closed by this source)
     * @param resampler the conversion
     * @param pool where blocks are computed
     * @param threads blocks computed at once, {@code >= 1}
     */
    ResampledSource(MonoSource input, Resampler resampler, ExecutorService pool, int threads) {
        this.input = input;
        this.resampler = resampler;
        this.pool = pool;
        this.inFlight = Math.max(1, threads) + 1;
        int g = gcd(resampler.fromHz(), resampler.toHz());
        this.up = resampler.toHz() / g;
        this.down = resampler.fromHz() / g;
        long periods = Math.max(1, BLOCK_OUTPUTS / up);
        this.blockOut = periods * up;
        this.blockIn = periods * down;
        long reach = (long) MARGIN_TAPS * Math.max(1, resampler.tapsPerOutput()) + 2 * down;
        this.margin = Math.ceilDiv(reach, down) * down;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public int read(float[] dst, int offset, int max) throws IOException {
        int done = 0;
        while (done < max) {
            if (currentAt == current.length) {
                current = nextBlock();
                currentAt = 0;
                if (current == null) {
                    current = new float[0];
                    break;
                }
            }
            int n = Math.min(max - done, current.length - currentAt);
            System.arraycopy(current, currentAt, dst, offset + done, n);
            currentAt += n;
            done += n;
        }
        position += done;
        return done;
    }

    @Override
    public long position() {
        return position;
    }

    /** The next block's outputs in order, or null at the end. */
    private float[] nextBlock() throws IOException {
        while (pending.size() < inFlight && submitNext()) {
            // keep a few blocks in flight
        }
        Future<float[]> f = pending.poll();
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resampling");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        }
    }

    /** Reads the input the next block needs and submits it; false at the end. */
    private boolean submitNext() throws IOException {
        long b = nextBlock;
        long outFrom = b * blockOut;
        if (totalOut >= 0 && outFrom >= totalOut) {
            return false;
        }
        long need = (b + 1) * blockIn + margin;
        fill(need);
        if (inputEnded && totalOut < 0) {
            totalOut = resampler.outputLength(heldFrom + heldLength);
        }
        if (totalOut >= 0 && outFrom >= totalOut) {
            return false;
        }
        long outTo = totalOut >= 0 ? Math.min(totalOut, outFrom + blockOut) : outFrom + blockOut;
        long w0 = Math.max(0, b * blockIn - margin);
        long w1 = Math.min(heldFrom + heldLength, need);
        float[] window = Arrays.copyOfRange(held, (int) (w0 - heldFrom), (int) (w1 - heldFrom));
        long firstOut = w0 / down * up; // the window's first output, in output samples of the whole signal
        int skip = (int) (outFrom - firstOut);
        int count = (int) (outTo - outFrom);
        pending.add(pool.submit(() -> {
            float[] all = resampler.process(window);
            return Arrays.copyOfRange(all, skip, skip + count);
        }));
        nextBlock++;
        // Input before the next window's start is no longer needed.
        drop(Math.max(0, (b + 1) * blockIn - margin));
        return true;
    }

    /** Reads input until sample {@code need} is held or the input ends. */
    private void fill(long need) throws IOException {
        while (!inputEnded && heldFrom + heldLength < need) {
            int want = (int) Math.min(need - heldFrom - heldLength, 1 << 16);
            if (heldLength + want > held.length) {
                held = Arrays.copyOf(held, Math.max(heldLength + want, held.length + held.length / 2));
            }
            int n = input.read(held, heldLength, want);
            if (n == 0) {
                inputEnded = true;
            }
            heldLength += n;
        }
    }

    private void drop(long keepFrom) {
        int n = (int) Math.min(heldLength, Math.max(0, keepFrom - heldFrom));
        if (n > 0) {
            System.arraycopy(held, n, held, 0, heldLength - n);
            heldLength -= n;
            heldFrom += n;
        }
    }

    @Override
    public long sourcePosition() {
        return input.sourcePosition();
    }

    @Override
    public void close() throws IOException {
        for (Future<float[]> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        input.close();
    }
}
