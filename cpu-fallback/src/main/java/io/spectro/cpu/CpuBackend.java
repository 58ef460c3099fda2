package io.spectro.cpu;

import io.spectro.SpectrogramSpec;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;

/**
 * The CPU backend: a bounded pool of worker threads shared by its plans. It owns no native memory (its buffers are
 * Java arrays); what it registers with the engine's {@link ResourceTracker} is what must end or be released by {@link
 * #close()}: its worker threads, its plans and their execution workspaces.
 */
final class CpuBackend implements Backend {
    private final int threads;
    private final ResourceTracker tracker;
    private final WorkerPool pool;
    private volatile boolean closed;

    CpuBackend(BackendConfig config) {
        String dev = config.device();
        if (dev != null
                && !dev.isBlank()
                && !dev.strip().equals("0")
                && !dev.strip().equalsIgnoreCase("cpu")) {
            throw new BackendException("the cpu backend has one device (0 or 'cpu'); got device '" + dev + "'");
        }
        Simd.warnOnceIfMissing();
        this.threads = config.effectiveThreads();
        this.tracker = config.tracker();
        this.pool = new WorkerPool(threads, "spectro-cpu", tracker);
    }

    /** How the CPU backend computes: the SIMD width when the Vector API is enabled, else scalar. */
    static String simdDescription() {
        if (Simd.available()) {
            return "SIMD " + Simd.lanes() + " x float32 lanes (jdk.incubator.vector)";
        }
        return "scalar (start the JVM with --add-modules jdk.incubator.vector for the SIMD path)";
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String deviceName() {
        return threads + (threads == 1 ? " thread, " : " threads, ") + simdDescription();
    }

    int threads() {
        return threads;
    }

    WorkerPool pool() {
        return pool;
    }

    ResourceTracker tracker() {
        return tracker;
    }

    @Override
    public BackendPlan plan(SpectrogramSpec spec) {
        if (closed) {
            throw new IllegalStateException("cpu backend is closed");
        }
        return new CpuPlan(this, spec);
    }

    /** Stops and joins the worker threads. Plans still open keep their registrations (a strict close reports them). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }
}
