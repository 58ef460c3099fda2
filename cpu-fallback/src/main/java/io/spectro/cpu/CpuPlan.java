package io.spectro.cpu;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** A CPU plan: the reference pipeline per clip, clips spread over the backend's threads. */
final class CpuPlan implements BackendPlan {
    private final CpuBackend backend;
    private final SpectrogramSpec spec;
    private final SpecTables tables;
    private volatile boolean closed;

    CpuPlan(CpuBackend backend, SpectrogramSpec spec) {
        this.backend = backend;
        this.spec = spec;
        this.tables = SpecTables.of(spec);
    }

    @Override
    public SpectrogramSpec spec() {
        return spec;
    }

    @Override
    public void execute(ClipBatch batch) {
        if (closed) {
            throw new IllegalStateException("plan is closed");
        }
        batch.checkOutputs(spec);
        if (backend.pool() == null || batch.size() == 1) {
            for (int i = 0; i < batch.size(); i++) {
                computeClip(batch, i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            int clip = i;
            futures.add(backend.pool().submit(() -> computeClip(batch, clip)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }

    private void computeClip(ClipBatch batch, int i) {
        float[] x = batch.samplesArray(i);
        float[] out = new float[(int) spec.outputFloats(batch.frames(i))];
        ReferencePipeline.compute(tables, x, x.length, out);
        MemorySegment.copy(out, 0, batch.output(i), ClipBatch.FLOAT, 0, out.length);
    }

    @Override
    public void close() {
        closed = true;
    }
}
