package io.spectro.cpu;

import io.spectro.SpectrogramSpec;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The CPU backend: a bounded pool of daemon threads shared by its plans. */
final class CpuBackend implements Backend {
    private final int threads;
    private final ExecutorService pool;
    private volatile boolean closed;

    CpuBackend(BackendConfig config) {
        if (config.device() != null
                && !config.device().isBlank()
                && !config.device().equals("0")
                && !config.device().equalsIgnoreCase("cpu")) {
            throw new BackendException("the cpu backend has one device (0); got device '" + config.device() + "'");
        }
        this.threads = config.effectiveThreads();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "spectro-cpu-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, tf) : null;
    }

    static String simdDescription() {
        return "pure Java";
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

    ExecutorService pool() {
        return pool;
    }

    @Override
    public BackendPlan plan(SpectrogramSpec spec) {
        if (closed) {
            throw new IllegalStateException("cpu backend is closed");
        }
        return new CpuPlan(this, spec);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}
