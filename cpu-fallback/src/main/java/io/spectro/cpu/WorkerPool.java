package io.spectro.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon worker threads that run one {@link Job} at a time together with the calling thread, without
 * allocating per job (no futures, no queues): the caller publishes the job, unparks the workers, works itself, and
 * parks until the last worker finishes. Jobs split their own work (e.g. through an atomic counter).
 */
final class WorkerPool implements AutoCloseable {
    /** Work shared by all participants; {@code worker} is 0 for the caller, 1.. for pool threads. */
    interface Job {
        void work(int worker);
    }

    private final Thread[] threads;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Job job;
    private volatile long generation;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A pool whose jobs run on {@code parallelism} threads in total (the caller included). */
    WorkerPool(int parallelism, String name) {
        threads = new Thread[Math.max(0, parallelism - 1)];
        for (int i = 0; i < threads.length; i++) {
            int id = i + 1;
            threads[i] = new Thread(() -> loop(id), name + "-" + id);
            threads[i].setDaemon(true);
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
    boolean canShare(io.spectro.spi.ClipBatch batch) {
        return threads.length == 0 || batch.accessibleBy(threads[0]);
    }

    /** Runs {@code j} on every participant and returns when all are done; rethrows the first failure. */
    synchronized void run(Job j) {
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        if (threads.length == 0) {
            j.work(0);
            return;
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

    /** Stops the threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }
}
