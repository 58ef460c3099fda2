package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramSpec;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Executions of one CPU plan run at the same time (a caller that finds the worker pool busy computes on its own
 * thread) and give the bits of one caller; the backend registers its worker threads, plans and workspaces, and its
 * close ends the threads.
 */
class CpuConcurrencyTest {
    private static float[][] clips(long seed, int n, int len) {
        Random r = new Random(seed);
        float[][] x = new float[n][len];
        for (float[] c : x) {
            for (int i = 0; i < len; i++) {
                c[i] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    private static float[][] run(CpuPlan plan, float[][] in) {
        SpectrogramSpec spec = plan.spec();
        int[] frames = new int[in.length];
        float[][] out = new float[in.length][];
        for (int i = 0; i < in.length; i++) {
            frames[i] = spec.frameCount(in[i].length);
            out[i] = new float[(int) spec.outputFloats(frames[i])];
        }
        plan.execute(ClipBatch.ofArrays(in, frames, out));
        return out;
    }

    @Test
    void callersOfOnePlanComputeAtTheSameTimeAndGetTheSingleCallerBits() throws Exception {
        ResourceTracker tracker = new ResourceTracker();
        CpuBackend backend = new CpuBackend(new BackendConfig(null, 2, tracker));
        try {
            assertEquals(1, tracker.liveCount(), "one worker thread: " + tracker.describeLive());
            CpuPlan plan = (CpuPlan) backend.plan(Presets.whisper());
            int callers = 4;
            float[][][] inputs = new float[callers][][];
            float[][][] expected = new float[callers][][];
            for (int k = 0; k < callers; k++) {
                // One clip per batch, so a caller that holds the pool splits its frames, the others work alone.
                inputs[k] = clips(k, 1, 16000 * 8);
                expected[k] = run(plan, inputs[k]);
            }
            assertEquals(1, plan.executions(), "one caller at a time needs one execution");
            CyclicBarrier start = new CyclicBarrier(callers);
            List<Throwable> problems = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int k = 0; k < callers; k++) {
                int id = k;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int round = 0; round < 2; round++) {
                            float[][] got = run(plan, inputs[id]);
                            for (int c = 0; c < got.length; c++) {
                                assertArrayEquals(expected[id][c], got[c]);
                            }
                        }
                    } catch (Throwable e) {
                        synchronized (problems) {
                            problems.add(e);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(problems.isEmpty(), problems::toString);
            assertTrue(
                    plan.executions() >= 2,
                    "executions overlapped (" + plan.executions() + " workspaces were needed at once)");
            int live = tracker.liveCount();
            assertEquals(1 + 1 + plan.executions(), live, tracker.describeLive());
            plan.close();
            assertEquals(1, tracker.liveCount(), "the plan and its workspaces are released: " + tracker.describeLive());
        } finally {
            backend.close();
        }
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.isAlive() && t.getName().startsWith("spectro-cpu")),
                "close joined the worker threads");
    }

    @Test
    void anEngineRegistersItsWorkerThreads() {
        Spectro engine = Spectro.builder().backend("cpu").threads(3).build();
        try {
            assertTrue(
                    engine.resources().describeLive().contains("2 cpu worker thread"),
                    engine.resources().describeLive());
            engine.compute(Presets.kaldi(), clips(9, 1, 8000)[0]);
            assertTrue(
                    engine.resources().describeLive().contains("CpuPlan"),
                    engine.resources().describeLive());
        } finally {
            engine.close();
        }
        assertEquals(0, engine.resources().liveCount(), engine.resources().describeLive());
        assertTrue(engine.resources().totalAllocated() >= 4, "threads, plan and workspace were all registered");
    }
}
