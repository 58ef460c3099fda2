package io.spectro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The engine's plan cache is bounded and frees what it evicts only when no computation uses it; {@link
 * Spectro#close()} and {@link SpectrogramPlan#close()} wait for the computations in progress and refuse later ones
 * with a clear message. A scripted backend holds executions at a gate so the tests control the interleaving.
 */
class EngineLifecycleTest {
    private ScriptedBackend backend;

    private Spectro engine(int cacheSize) {
        return Spectro.builder()
                .provider(ScriptedBackend.provider("gated", c -> backend = new ScriptedBackend("gated", c.tracker())))
                .planCacheSize(cacheSize)
                .build();
    }

    private static SpectrogramSpec spec(int nMels) {
        return Presets.whisper().toBuilder().mel(nMels).build();
    }

    /** Runs {@code work} on a thread of its own (the common pool may have a single thread on small machines). */
    private static <T> CompletableFuture<T> async(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static final float[] CLIP = EngineFailoverTest.clips(9, 8000).get(0);

    @Test
    void thePlanCacheKeepsTheMostRecentlyUsedSpecs() {
        try (Spectro engine = engine(2)) {
            engine.compute(spec(40), CLIP);
            engine.compute(spec(41), CLIP);
            engine.compute(spec(40), CLIP); // 40 is now the most recent
            engine.compute(spec(42), CLIP); // evicts 41
            assertEquals(2, engine.cachedPlans());
            assertEquals(2, backend.livePlans.get(), "the evicted plan was freed");
            int before = backend.livePlans.get();
            engine.compute(spec(40), CLIP);
            assertEquals(before, backend.livePlans.get(), "40 was still cached");
            assertThrows(IllegalArgumentException.class, () -> Spectro.builder().planCacheSize(0));
        }
    }

    @Test
    void anEvictedPlanInUseIsFreedWhenItsComputationEnds() throws Exception {
        try (Spectro engine = engine(1)) {
            engine.compute(spec(40), CLIP);
            CountDownLatch gate = new CountDownLatch(1);
            backend.gate = gate;
            backend.entered = new CountDownLatch(1);
            CompletableFuture<Spectrogram> held = async(() -> engine.compute(spec(40), CLIP));
            assertTrue(backend.entered.await(30, TimeUnit.SECONDS));
            backend.gate = null; // later executions pass; the held one waits on the latch it read
            engine.compute(spec(41), CLIP); // evicts 40 while it computes
            assertEquals(1, engine.cachedPlans());
            assertEquals(2, backend.livePlans.get(), "the evicted plan is still in use: not freed yet");
            gate.countDown();
            assertArrayEquals(
                    EngineFailoverTest.reference(spec(40), CLIP),
                    held.get(30, TimeUnit.SECONDS).data());
            assertEquals(1, backend.livePlans.get(), "freed by the last computation out");
        }
    }

    @Test
    void closeWaitsForComputationsInProgressThenRefusesNewOnes() throws Exception {
        Spectro engine = engine(4);
        engine.compute(spec(40), CLIP);
        SpectrogramPlan own = engine.plan(spec(50));
        CountDownLatch gateOf = new CountDownLatch(1);
        backend.gate = gateOf;
        backend.entered = new CountDownLatch(2);
        CompletableFuture<Spectrogram> cached = async(() -> engine.compute(spec(40), CLIP));
        CompletableFuture<Spectrogram> planned = async(() -> own.compute(CLIP));
        assertTrue(backend.entered.await(30, TimeUnit.SECONDS));
        CompletableFuture<Object> closing = async(() -> {
            engine.close();
            return null;
        });
        Thread.sleep(200);
        assertFalse(closing.isDone(), "close waits for the two computations in progress");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.compute(spec(40), CLIP));
        assertEquals("this Spectro engine is closed", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> own.compute(CLIP));
        assertTrue(
                e.getMessage().startsWith("this SpectrogramPlan is closed (its Spectro engine was closed)"),
                e.getMessage());
        gateOf.countDown();
        try {
            closing.get(30, TimeUnit.SECONDS);
            assertFalse(Boolean.getBoolean("spectro.strictClose"), "a strict close reports the plan left open");
        } catch (ExecutionException strict) {
            // -Dspectro.strictClose=true (the suites): everything is freed, then the plan left open is reported.
            assertTrue(strict.getCause().getMessage().contains("1 plan(s) still open"), strict::toString);
        }
        assertArrayEquals(
                EngineFailoverTest.reference(spec(40), CLIP), cached.get().data());
        assertArrayEquals(
                EngineFailoverTest.reference(spec(50), CLIP), planned.get().data());
        assertEquals(0, backend.livePlans.get());
        assertEquals(0, engine.resources().liveCount(), engine.resources().describeLive());
        own.close(); // idempotent after the engine closed it
        engine.close(); // idempotent
    }

    @Test
    void closingAPlanWaitsForItsComputations() throws Exception {
        try (Spectro engine = engine(4)) {
            SpectrogramPlan plan = engine.plan(spec(60));
            CountDownLatch gateOf = new CountDownLatch(1);
            backend.gate = gateOf;
            backend.entered = new CountDownLatch(1);
            CompletableFuture<Spectrogram> running = async(() -> plan.compute(CLIP));
            assertTrue(backend.entered.await(30, TimeUnit.SECONDS));
            CompletableFuture<Object> closing = async(() -> {
                plan.close();
                return null;
            });
            Thread.sleep(100);
            assertFalse(closing.isDone());
            assertEquals(1, backend.livePlans.get());
            gateOf.countDown();
            closing.get(30, TimeUnit.SECONDS);
            assertArrayEquals(
                    EngineFailoverTest.reference(spec(60), CLIP), running.get().data());
            assertEquals(0, backend.livePlans.get());
            assertThrows(IllegalStateException.class, () -> plan.compute(CLIP));
        }
    }

    @Test
    void manyThreadsComputeWithOnePlanAtOnce() throws Exception {
        try (Spectro engine = engine(4);
                SpectrogramPlan plan = engine.plan(spec(64))) {
            int threads = 6;
            CountDownLatch gateOf = new CountDownLatch(1);
            backend.gate = gateOf;
            backend.entered = new CountDownLatch(threads);
            List<CompletableFuture<Spectrogram>> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                all.add(async(() -> plan.compute(CLIP)));
            }
            assertTrue(
                    backend.entered.await(30, TimeUnit.SECONDS),
                    "all " + threads + " executions are inside the backend at once: nothing serialises them");
            gateOf.countDown();
            for (CompletableFuture<Spectrogram> f : all) {
                assertArrayEquals(
                        EngineFailoverTest.reference(spec(64), CLIP),
                        f.get(30, TimeUnit.SECONDS).data());
            }
        }
    }
}
