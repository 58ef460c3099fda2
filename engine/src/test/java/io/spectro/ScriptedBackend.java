package io.spectro;

import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.BackendProvider;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test backend that computes with {@link ReferencePipeline} and fails when its script says so: {@link #failure}
 * decides, for each batch it is given, whether to throw (and which {@link BackendException.Kind}); {@link #gate}
 * can hold executions until a test releases them. It records the sizes of the batches it was given and counts its
 * live plans in the engine's tracker.
 */
final class ScriptedBackend implements Backend {
    /** Decides the failure for a batch (null: compute it). */
    volatile Function<ClipBatch, BackendException> failure = b -> null;
    /** When set, executions wait for it (after counting down {@link #entered}). */
    volatile CountDownLatch gate;
    /** Counted down by each execution that reaches the gate. */
    volatile CountDownLatch entered = new CountDownLatch(0);

    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger livePlans = new AtomicInteger();
    final AtomicInteger executions = new AtomicInteger();
    private final String name;
    private final ResourceTracker tracker;

    ScriptedBackend(String name, ResourceTracker tracker) {
        this.name = name;
        this.tracker = tracker;
    }

    /** A provider that opens {@code backend} (available, priority 250). */
    static BackendProvider provider(String name, Function<BackendConfig, ScriptedBackend> open) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return 250;
            }

            @Override
            public Availability probe() {
                return Availability.yes("scripted", List.of());
            }

            @Override
            public Backend create(BackendConfig config) {
                return open.apply(config);
            }
        };
    }

    /** An out-of-memory failure for batches of more than {@code clips} clips or {@code samples} samples. */
    static Function<ClipBatch, BackendException> outOfMemoryAbove(int clips, long samples) {
        return b -> b.size() > clips || b.totalSamples() > samples
                ? new BackendException(
                        BackendException.Kind.OUT_OF_MEMORY,
                        "allocate(" + b.totalSamples() * 4 + " bytes): OUT_OF_MEMORY (scripted)",
                        null)
                : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String deviceName() {
        return "scripted reference";
    }

    @Override
    public BackendPlan plan(SpectrogramSpec spec) {
        SpecTables tables = SpecTables.of(spec);
        long id = tracker.allocated(name + " plan", 0);
        livePlans.incrementAndGet();
        return new BackendPlan() {
            private boolean closed;

            @Override
            public SpectrogramSpec spec() {
                return spec;
            }

            @Override
            public void execute(ClipBatch batch) {
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("scripted plan is closed");
                    }
                }
                executions.incrementAndGet();
                batchSizes.add(batch.size());
                CountDownLatch g = gate;
                if (g != null) {
                    entered.countDown();
                    try {
                        g.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                BackendException f = failure.apply(batch);
                if (f != null) {
                    throw f;
                }
                for (int i = 0; i < batch.size(); i++) {
                    float[] x = batch.samplesArray(i);
                    float[] out = new float[(int) spec.outputFloats(batch.frames(i))];
                    ReferencePipeline.compute(tables, x, x.length, out);
                    batch.writeOutput(i, 0, out, 0, out.length);
                }
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    livePlans.decrementAndGet();
                    tracker.freed(id);
                }
            }
        };
    }

    @Override
    public void close() {}

    /** The engine's fallback in these tests: the {@code reference} provider registered in the test resources. */
    public static final class Reference implements BackendProvider {
        /** ServiceLoader constructor. */
        public Reference() {}

        @Override
        public String name() {
            return "reference";
        }

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public Availability probe() {
            return Availability.yes("", List.of());
        }

        @Override
        public Backend create(BackendConfig config) {
            return new ScriptedBackend("reference", config.tracker());
        }
    }
}
