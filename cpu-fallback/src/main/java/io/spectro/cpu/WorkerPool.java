package io.spectro.cpu;

import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon worker threads that run one {@link Job} at a time together with the calling thread, without
 * allocating per job (no futures, no queues): the caller publishes the job, unparks the workers, works itself, and
 * parks until the last worker finishes. Jobs split their own work (e.g. through an atomic counter).
 *
 * <p>One caller at a time holds the pool ({@link #tryClaim()}); a caller that finds it taken computes on its own
 * thread instead of waiting, so that many callers scale with the cores rather than queue behind one pool. Each worker
 * thread is registered with the backend's {@link ResourceTracker} while it lives; {@link #close()} stops and joins
 * them.
 */
final class WorkerPool implements AutoCloseable {
    /** How long {@link #close()} waits for each worker thread to end. */
    private static final long JOIN_MILLIS = 10_000;

    /** Work shared by all participants; {@code worker} is 0 for the caller, 1.. for pool threads. */
    interface Job {
        void work(int worker);
    }

    private final Thread[] threads;
    private final long[] trackerIds;
    private final ResourceTracker tracker;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Job job;
    private volatile long generation;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A pool whose jobs run on {@code parallelism} threads in total (the caller included). */
    WorkerPool(int parallelism, String name, ResourceTracker tracker) {
        this.tracker = tracker;
        threads = new Thread[Math.max(0, parallelism - 1)];
        trackerIds = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int id = i + 1;
            threads[i] = new Thread(() -> loop(id), name + "-" + id);
            threads[i].setDaemon(true);
            trackerIds[i] = tracker.allocated("cpu worker thread", 0);
            threads[i].start();
        }
    }

    /** Total participants of a job. */
    int parallelism() {
        return threads.length + 1;
    }

    private void loop(int id) {
        long seen = 0;
        while (!closed) {
            long g = generation;
            if (g == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = g;
            Job j = job;
            try {
                j.work(id);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    /** Whether pool threads may touch {@code batch}'s memory (segments of a confined arena may not). */
    boolean canShare(ClipBatch batch) {
        return threads.length == 0 || batch.accessibleBy(threads[0]);
    }

    /**
     * Claims the pool for one job of the calling thread: false when it has no worker threads, is closed, or another
     * caller holds it (the caller then computes alone). A successful claim must be {@link #release() released}.
     */
    boolean tryClaim() {
        return threads.length > 0 && !closed && claimed.compareAndSet(false, true);
    }

    /** Releases a claim. */
    void release() {
        claimed.set(false);
    }

    /**
     * Runs {@code j} on every participant and returns when all are done; rethrows the first failure. The caller must
     * hold the claim ({@link #tryClaim()}).
     */
    void run(Job j) {
        if (!claimed.get()) {
            throw new IllegalStateException("run() without a claim on the worker pool");
        }
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        failure = null;
        caller = Thread.currentThread();
        job = j;
        remaining.set(threads.length);
        generation = generation + 1;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        Throwable own = null;
        try {
            j.work(0);
        } catch (Throwable t) {
            own = t;
        }
        while (remaining.get() > 0) {
            LockSupport.park(this);
        }
        job = null;
        Throwable f = own != null ? own : failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /**
     * Stops the threads and waits (up to 10 s in all) for them to end; a thread that ended is released from the
     * tracker, one that did not stays registered (and fails a strict close). A job in progress is finished first: the
     * pool is claimed for good before the threads are told to stop, so no job can be published to threads that have
     * stopped. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        while (!claimed.compareAndSet(false, true) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(this, 100_000);
        }
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (int i = 0; i < threads.length; i++) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                threads[i].join(Math.max(1, left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (!threads[i].isAlive()) {
                tracker.freed(trackerIds[i]);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
