package io.spectro.audio;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs each decode on a worker thread with a time limit, and measures what it allocated on the Java heap ({@code
 * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, taken on the worker around the call). A decode
 * that outlives its limit is reported as timed out and abandoned: the worker is interrupted and replaced, so one
 * hang does not stop the run (the caller gives up after a few).
 */
final class FuzzWatchdog implements AutoCloseable {

    /**
     * What one decode did.
     *
     * @param value what it returned, or null
     * @param failure what it threw, or null
     * @param allocatedBytes bytes it allocated on the heap (-1 when the JVM cannot tell)
     * @param nanos how long it ran (the limit, when it timed out)
     * @param timedOut whether it was still running at the limit
     * @param stack where it was at the limit (empty unless timed out)
     */
    record Result<T>(
            T value, Throwable failure, long allocatedBytes, long nanos, boolean timedOut, StackTraceElement[] stack) {}

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private final long timeoutNanos;
    private Worker worker;
    private int abandoned;

    FuzzWatchdog(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.worker = new Worker();
    }

    /** Workers left running a decode that did not end in time. */
    int abandoned() {
        return abandoned;
    }

    <T> Result<T> run(Callable<T> task) throws InterruptedException {
        Job<T> job = new Job<>(task);
        worker.jobs.put(job);
        Result<T> r = job.await(timeoutNanos);
        if (r != null) {
            return r;
        }
        StackTraceElement[] stack = worker.thread.getStackTrace();
        worker.thread.interrupt();
        abandoned++;
        worker = new Worker();
        return new Result<>(null, null, -1, timeoutNanos, true, stack);
    }

    @Override
    public void close() {
        worker.thread.interrupt();
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }

    private static long allocatedHere() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static final class Job<T> {
        private final Callable<T> task;
        private final AtomicReference<Result<T>> result = new AtomicReference<>();
        private final Object lock = new Object();

        Job(Callable<T> task) {
            this.task = task;
        }

        void runHere() {
            long before = allocatedHere();
            long start = System.nanoTime();
            T value = null;
            Throwable failure = null;
            try {
                value = task.call();
            } catch (Throwable t) {
                failure = t;
            }
            long nanos = System.nanoTime() - start;
            long after = allocatedHere();
            synchronized (lock) {
                result.set(new Result<>(
                        value, failure, before < 0 ? -1 : after - before, nanos, false, new StackTraceElement[0]));
                lock.notifyAll();
            }
        }

        Result<T> await(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            synchronized (lock) {
                while (result.get() == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return result.get();
            }
        }
    }

    private static final class Worker {
        final SynchronousQueue<Job<?>> jobs = new SynchronousQueue<>();
        final Thread thread;

        Worker() {
            thread = Thread.ofPlatform().daemon().name("fuzz-decode").start(() -> {
                try {
                    while (true) {
                        jobs.take().runHere();
                    }
                } catch (InterruptedException e) {
                    // abandoned or closed
                }
            });
        }
    }
}
