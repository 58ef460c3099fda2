package io.spectro.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's fp32 peak (independent fused multiply-adds on the widest vectors the JVM offers) and its
 * memory copy bandwidth. Each figure is the best of several short runs after a warm-up (a peak is a best case; on a
 * loaded machine it comes out low, which makes the floor look nearer than it is).
 */
public final class MachinePeak {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    private static final long COPY_BYTES = 32L << 20;

    private MachinePeak() {}

    /**
     * Floating-point operations per second (an FMA counts 2) of one thread: the best of 40 runs of ~10 ms each (short
     * runs, so that on a shared machine some of them get a core to themselves).
     */
    public static double flopsPerSecondOneThread() {
        warmUp();
        long iters = 3_000_000;
        double best = 0;
        for (int run = 0; run < 40; run++) {
            long t0 = System.nanoTime();
            sink(fmaLoop(iters));
            double s = (System.nanoTime() - t0) * 1e-9;
            best = Math.max(best, (double) iters * CHAINS * SPECIES.length() * 2 / s);
        }
        return best;
    }

    private static volatile boolean warm;

    /** Runs the FMA loop until C2 has compiled it (the interpreted Vector API is ~1000x slower), at most ~10 s. */
    private static void warmUp() {
        if (warm) {
            return;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            sink(fmaLoop(20_000));
            // 20,000 iterations compiled take ~30 us on AVX-512; interpreted, tens of milliseconds.
            if (System.nanoTime() - t0 < 1_000_000) {
                break;
            }
        }
        warm = true;
    }

    /** Copy bandwidth in bytes per second (bytes read plus bytes written) on {@code threads} threads. */
    public static double copyBytesPerSecond(int threads) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] src = new MemorySegment[threads];
            MemorySegment[] dst = new MemorySegment[threads];
            for (int i = 0; i < threads; i++) {
                src[i] = arena.allocate(COPY_BYTES, 64).fill((byte) 1);
                dst[i] = arena.allocate(COPY_BYTES, 64).fill((byte) 0);
            }
            double best = 0;
            for (int run = 0; run < 6; run++) {
                double s = parallelSeconds(threads, i -> {
                    for (int k = 0; k < 4; k++) { // ~256 MiB of traffic per thread
                        MemorySegment.copy(src[i], 0, dst[i], 0, COPY_BYTES);
                    }
                });
                best = Math.max(best, threads * 4 * 2.0 * COPY_BYTES / s);
            }
            return best;
        }
    }

    /** The vector width used by {@link #flopsPerSecondOneThread()}, for the notes. */
    public static String describe() {
        return SPECIES.length() + " x fp32 lanes (" + SPECIES.vectorBitSize() + "-bit vectors), " + CHAINS
                + " independent FMA chains";
    }

    private static volatile float sinkValue;

    private static void sink(float v) {
        sinkValue = v;
    }

    private static float fmaLoop(long iters) {
        FloatVector b = FloatVector.broadcast(SPECIES, 0.999_999f);
        FloatVector c = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0.1f);
        FloatVector a1 = FloatVector.broadcast(SPECIES, 0.2f);
        FloatVector a2 = FloatVector.broadcast(SPECIES, 0.3f);
        FloatVector a3 = FloatVector.broadcast(SPECIES, 0.4f);
        FloatVector a4 = FloatVector.broadcast(SPECIES, 0.5f);
        FloatVector a5 = FloatVector.broadcast(SPECIES, 0.6f);
        FloatVector a6 = FloatVector.broadcast(SPECIES, 0.7f);
        FloatVector a7 = FloatVector.broadcast(SPECIES, 0.8f);
        FloatVector a8 = FloatVector.broadcast(SPECIES, 0.9f);
        FloatVector a9 = FloatVector.broadcast(SPECIES, 1.0f);
        FloatVector a10 = FloatVector.broadcast(SPECIES, 1.1f);
        FloatVector a11 = FloatVector.broadcast(SPECIES, 1.2f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(b, c);
            a1 = a1.fma(b, c);
            a2 = a2.fma(b, c);
            a3 = a3.fma(b, c);
            a4 = a4.fma(b, c);
            a5 = a5.fma(b, c);
            a6 = a6.fma(b, c);
            a7 = a7.fma(b, c);
            a8 = a8.fma(b, c);
            a9 = a9.fma(b, c);
            a10 = a10.fma(b, c);
            a11 = a11.fma(b, c);
        }
        FloatVector s = a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11);
        return s.reduceLanes(VectorOperators.ADD);
    }

    private interface Work {
        void run(int thread);
    }

    /**
     * Runs {@code body} on {@code threads} threads released together by a barrier; the time from the first thread's
     * start to the last thread's end, as each thread sees it (the coordinating thread may not even be scheduled while
     * the workers run, so it does not time them).
     */
    private static double parallelSeconds(int threads, Work body) {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] begin = new long[threads];
        long[] end = new long[threads];
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                begin[id] = System.nanoTime();
                body.run(id);
                end[id] = System.nanoTime();
            });
            ts[i].setDaemon(true);
            ts[i].start();
        }
        try {
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("peak measurement interrupted", e);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < threads; i++) {
            first = Math.min(first, begin[i]);
            last = Math.max(last, end[i]);
        }
        return (last - first) * 1e-9;
    }
}
