package io.spectro;

import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendProvider;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The engine: one backend (chosen automatically or by name), the plans built on it, and convenience methods.
 *
 * <pre>{@code
 * try (Spectro spectro = Spectro.open()) {
 *     Spectrogram mel = spectro.compute(Presets.whisper(), samples);   // float[] at 16 kHz
 *     float[][] features = mel.toArray2D();                            // [80][frames]
 * }
 * }</pre>
 *
 * <p>Backend choice: {@link Builder#backend(String)}, else the system property {@code spectro.backend}, else the
 * environment variable {@code SPECTRO_BACKEND}, else automatic (CUDA, then OpenCL, then CPU; the first that opens;
 * a device backend whose only devices are CPUs, such as OpenCL on PoCL, is left to explicit requests because the CPU
 * backend is faster on the same cores).
 * An unknown name is an error. A known backend that cannot run here is skipped with its reason recorded in {@link
 * #selectionNotes()} unless {@link Builder#strict(boolean)} is set, in which case it is an error. The device is chosen
 * likewise by {@link Builder#device(String)}, {@code spectro.device} or {@code SPECTRO_DEVICE}.
 *
 * <p>An engine is thread-safe and meant to be shared: many threads may compute at once, with the same or different
 * specs (on the CPU backend they run in parallel). {@link #compute} and {@link #computeBatch} use a plan cache of
 * {@link Builder#planCacheSize(int)} specs (least recently used evicted; an evicted plan is freed when the
 * computations using it have finished). When a device fails during a batch, the batch is recomputed on the next
 * backend (see {@link SpectrogramPlan}); {@link #fallbackNotes()} lists what happened. {@link #close()} waits for the
 * computations in progress, then closes every plan and frees the backends' native resources; calls made after it
 * began throw {@link IllegalStateException}.
 */
public final class Spectro implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.spectro");

    /** Plans kept by {@link #compute} and {@link #computeBatch} unless the builder says otherwise. */
    public static final int DEFAULT_PLAN_CACHE_SIZE = 32;

    private final Backend backend;
    private final ResourceTracker tracker;
    private final List<SkippedBackend> skipped;
    private final boolean deterministic;
    private final int cacheSize;
    private final Map<SpectrogramSpec, SpectrogramPlan> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<SpectrogramPlan> userPlans = new LinkedHashSet<>();
    private final BackendChain chain;
    private final CountDownLatch closeDone = new CountDownLatch(1);
    private volatile boolean closed;

    private Spectro(
            Backend backend,
            ResourceTracker tracker,
            List<SkippedBackend> skipped,
            boolean deterministic,
            int cacheSize,
            BackendChain chain) {
        this.backend = backend;
        this.tracker = tracker;
        this.skipped = List.copyOf(skipped);
        this.deterministic = deterministic;
        this.cacheSize = cacheSize;
        this.chain = chain;
    }

    /** An engine on the automatically chosen (or configured) backend. */
    public static Spectro open() {
        return builder().build();
    }

    /** A builder for choosing the backend, device, threads and deterministic mode. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every backend on the class path with what its probe found, highest priority first. Never throws. */
    public static List<BackendStatus> backends() {
        List<BackendStatus> out = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            out.add(new BackendStatus(p.name(), p.priority(), p.probe()));
        }
        return out;
    }

    /** The backend in use ({@code cpu}, {@code opencl}, {@code cuda}). */
    public String backendName() {
        return backend.name();
    }

    /** The device in use, for humans. */
    public String deviceName() {
        return backend.deviceName();
    }

    /** The backends considered and not used, each with the reason, in the order they were considered. */
    public List<SkippedBackend> skippedBackends() {
        return skipped;
    }

    /**
     * Why other backends were not used, one line each (e.g. {@code cuda: libcuda.so.1 not found}), in the order
     * they were considered: {@link #skippedBackends()} as {@link SkippedBackend#describe()} lines.
     */
    public List<String> selectionNotes() {
        return skipped.stream().map(SkippedBackend::describe).toList();
    }

    /**
     * What the engine did about device failures so far, one line per kind of event in the order they first happened
     * (e.g. {@code "opencl failed (...); recomputed on cpu"}, {@code "opencl ran out of memory on a batch of 64 clips;
     * split it"}); empty when nothing failed. Each line was also logged once on {@code System.Logger} {@code
     * io.spectro}.
     */
    public List<String> fallbackNotes() {
        return chain.notes();
    }

    /** Native resources the backends currently hold (for leak checks), fallback backends included. */
    public ResourceTracker resources() {
        return tracker;
    }

    /** Whether every plan of this engine runs in deterministic mode. */
    public boolean deterministic() {
        return deterministic;
    }

    /**
     * A new plan for {@code spec}, owned by the caller: close it when done (closing the engine closes it too). Plans
     * are immutable and thread-safe.
     */
    public SpectrogramPlan plan(SpectrogramSpec spec) {
        ensureOpen();
        SpectrogramPlan plan = newPlan(spec);
        synchronized (this) {
            if (!closed) {
                userPlans.add(plan);
                return plan;
            }
        }
        plan.closeAndWait();
        throw closedError();
    }

    /**
     * A plan on the first usable level. A spec the engine's own backend refuses is the caller's error; a fallback
     * that refuses it (after the engine's device was lost) passes it on to the next.
     */
    private SpectrogramPlan newPlan(SpectrogramSpec spec) {
        SpectrogramSpec s = deterministic ? spec.withDeterministic(true) : spec;
        int level = firstLevel();
        while (true) {
            try {
                return new SpectrogramPlan(this, s, level, backendAt(level).plan(s));
            } catch (BackendException e) {
                int next = level == 0 ? -1 : chain.fallFrom(level, e, s);
                if (next < 0) {
                    throw e;
                }
                level = next;
            }
        }
    }

    /**
     * The engine's cached plan for {@code spec}, entered (the caller must {@link SpectrogramPlan#exit()} it): entered
     * under the cache's lock so that eviction cannot free it while it is used. Plans are built outside the lock, so
     * threads using other specs do not wait for a kernel build.
     */
    private SpectrogramPlan enterCached(SpectrogramSpec spec) {
        List<SpectrogramPlan> evicted = new ArrayList<>();
        SpectrogramPlan built = null;
        SpectrogramPlan entered = null;
        try {
            while (entered == null) {
                synchronized (this) {
                    ensureOpen();
                    SpectrogramPlan p = cache.get(spec);
                    if (p != null && !p.tryEnter()) {
                        cache.remove(spec); // closed under us (cannot happen to cached plans, but never loop on it)
                        p = null;
                    }
                    if (p != null) {
                        entered = p;
                    } else if (built != null && built.tryEnter()) {
                        entered = built;
                        cache.put(spec, built);
                        built = null;
                        var it = cache.values().iterator();
                        while (cache.size() > cacheSize && it.hasNext()) {
                            SpectrogramPlan old = it.next();
                            if (old != entered) {
                                it.remove();
                                evicted.add(old);
                            }
                        }
                    }
                }
                if (entered == null && built == null) {
                    built = newPlan(spec);
                }
            }
        } finally {
            if (built != null) {
                built.closeAndWait(); // another thread cached the same spec first, or the engine closed
            }
            for (SpectrogramPlan p : evicted) {
                p.retire();
            }
        }
        return entered;
    }

    synchronized void planClosed(SpectrogramPlan plan) {
        userPlans.remove(plan);
        cache.values().remove(plan);
    }

    /** Computes one clip with a cached plan for {@code spec}. */
    public Spectrogram compute(SpectrogramSpec spec, float[] samples) {
        return computeBatch(spec, List.of(samples)).get(0);
    }

    /** Computes a ragged batch (one result per clip, in order) with a cached plan for {@code spec}. */
    public List<Spectrogram> computeBatch(SpectrogramSpec spec, List<float[]> clips) {
        SpectrogramPlan p = enterCached(spec);
        try {
            return p.batch(clips);
        } finally {
            p.exit();
        }
    }

    /** Plans currently in the cache (at most {@link Builder#planCacheSize(int)}). */
    public synchronized int cachedPlans() {
        return cache.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("this Spectro engine is closed");
    }

    boolean isClosed() {
        return closed;
    }

    // ---- backends by level: 0 is the engine's own, then the fallbacks ----------------------------------------------

    /** Number of levels: the engine's backend and the fallbacks that may be opened. */
    int levels() {
        return chain.levels();
    }

    /** The first level still usable (levels below it lost their device). */
    int firstLevel() {
        return chain.firstLevel();
    }

    /** The backend of {@code level}, opened when first needed; throws {@link BackendException} when it cannot open. */
    Backend backendAt(int level) {
        return chain.backend(level);
    }

    /** The name of the backend of {@code level}. */
    String backendName(int level) {
        return level == 0 ? backend.name() : chain.name(level);
    }

    boolean fallbackEnabled() {
        return chain.enabled();
    }

    /**
     * Records that {@code level} failed with {@code e} (and, when its device is lost, stops using it), logs it once;
     * returns the level to recompute on, or -1 when there is none (strict engines, or the last level failed).
     */
    int fallFrom(int level, BackendException e, SpectrogramSpec spec) {
        return chain.fallFrom(level, e, spec);
    }

    /** The note given to results computed on {@code to} because {@code from} failed with {@code e}. */
    String fallbackNote(int from, int to, BackendException e) {
        return BackendChain.note(backendName(from), backendName(to), e);
    }

    /** The note of results computed on a fallback because the device of a lower level was lost. */
    String lostNote() {
        return chain.lostNote();
    }

    /** Logs (once) that a batch was split after {@code level} ran out of memory. */
    void noteSplit(int level, int clips, BackendException e) {
        chain.noteSplit(level, clips, e);
    }

    static String joinNotes(String a, String b) {
        return a == null ? b : a + "; then " + b;
    }

    /**
     * Waits for the computations in progress, then closes every plan and the backends. Calls made after close began
     * throw {@link IllegalStateException}; a second call waits for the first. With {@code -Dspectro.strictClose=true}
     * (set by the test suites) it also fails if caller-owned plans were left open or if the backends still hold
     * native resources afterwards.
     */
    @Override
    public void close() {
        List<SpectrogramPlan> leftOpen;
        List<SpectrogramPlan> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                leftOpen = null;
            } else {
                closed = true;
                leftOpen = new ArrayList<>(userPlans);
                all.addAll(userPlans);
                all.addAll(cache.values());
                userPlans.clear();
                cache.clear();
            }
        }
        if (leftOpen == null) {
            awaitClose();
            return;
        }
        try {
            RuntimeException failure = null;
            for (SpectrogramPlan p : all) {
                try {
                    p.closeAndWait();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            try {
                chain.closeAll();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw failure;
            }
            if (Boolean.getBoolean("spectro.strictClose")) {
                if (!leftOpen.isEmpty()) {
                    throw new IllegalStateException("Spectro closed with " + leftOpen.size() + " plan(s) still open: "
                            + leftOpen + "; close plans before the engine");
                }
                tracker.assertNoneLive("Spectro(" + backend.name() + ").close()");
            } else if (tracker.liveCount() > 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "backend {0} left native resources: {1}",
                        backend.name(),
                        tracker.describeLive());
            }
        } finally {
            closeDone.countDown();
        }
    }

    private void awaitClose() {
        boolean interrupted = false;
        while (true) {
            try {
                closeDone.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Spectro[" + backend.name() + ": " + backend.deviceName() + "]";
    }

    /** Builder for {@link Spectro}. */
    public static final class Builder {
        private String backend;
        private String device;
        private int threads;
        private boolean strict;
        private boolean deterministic;
        private int planCacheSize = DEFAULT_PLAN_CACHE_SIZE;
        private BackendProvider provider;

        Builder() {}

        /** {@code auto}, {@code cpu}, {@code opencl} or {@code cuda}; null or {@code auto} selects automatically. */
        public Builder backend(String name) {
            this.backend = name;
            return this;
        }

        /** Device selector: an index or a substring of the device name; null for the default. */
        public Builder device(String selector) {
            this.device = selector;
            return this;
        }

        /** Host threads (CPU backend work, staging); 0 = one per processor. */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * Fail instead of falling back: when the named backend cannot be opened, and when a device fails during a
         * batch (the failure is thrown instead of the batch being recomputed on the next backend).
         */
        public Builder strict(boolean on) {
            this.strict = on;
            return this;
        }

        /** Run every plan in deterministic mode (bit-identical across backends). */
        public Builder deterministic(boolean on) {
            this.deterministic = on;
            return this;
        }

        /**
         * Plans kept for {@link Spectro#compute} and {@link Spectro#computeBatch}, {@code >= 1} (default {@value
         * Spectro#DEFAULT_PLAN_CACHE_SIZE}); the least recently used is freed when a new spec needs room.
         */
        public Builder planCacheSize(int plans) {
            if (plans < 1) {
                throw new IllegalArgumentException("planCacheSize = " + plans + " is out of range: must be >= 1");
            }
            this.planCacheSize = plans;
            return this;
        }

        /**
         * Opens the engine on this provider rather than one found on the class path by name (a backend shipped
         * outside Spectro's modules, or a test that wraps a device to inject failures). The backends on the class
         * path remain the fallbacks. Null restores the lookup by name.
         */
        public Builder provider(BackendProvider p) {
            this.provider = p;
            return this;
        }

        /** Opens the engine. */
        public Spectro build() {
            List<BackendProvider> providers = new ArrayList<>(Backends.providers());
            if (provider != null) {
                providers.removeIf(p -> p.name().equals(provider.name()));
                providers.add(0, provider);
            }
            if (providers.isEmpty()) {
                throw new BackendException("no Spectro backend on the class path; add the spectro-cpu-fallback module");
            }
            String name = provider != null
                    ? provider.name()
                    : backend != null && !backend.isBlank()
                            ? backend
                            : Backends.setting("spectro.backend", "SPECTRO_BACKEND");
            String dev = device != null ? device : Backends.setting("spectro.device", "SPECTRO_DEVICE");
            ResourceTracker tracker = new ResourceTracker();
            BackendConfig config = new BackendConfig(dev, threads, tracker);
            List<SkippedBackend> skipped = new ArrayList<>();
            List<BackendProvider> order = new ArrayList<>(providers);
            if (name != null && !name.equalsIgnoreCase("auto")) {
                BackendProvider wanted = Backends.byName(providers, name);
                order.remove(wanted);
                order.add(0, wanted);
                Backend b = tryOpen(wanted, config, skipped);
                if (b != null) {
                    return open(b, providers, tracker, skipped);
                }
                SkippedBackend why = skipped.getLast();
                if (strict) {
                    throw new BackendException("backend '" + wanted.name() + "' cannot be used: " + why.reason());
                }
                LOG.log(System.Logger.Level.WARNING, "{0}; falling back to automatic selection", why.describe());
                order.remove(0);
            }
            for (BackendProvider p : order) {
                String cpuOnly = cpuOnlyDevices(p);
                if (cpuOnly != null && dev == null) {
                    skipped.add(new SkippedBackend(
                            p.name(),
                            "not chosen automatically: its only usable device is a CPU (" + cpuOnly
                                    + "), where the cpu backend runs the same computation faster; ask for it with"
                                    + " --backend " + p.name()));
                    continue;
                }
                Backend b = tryOpen(p, config, skipped);
                if (b != null) {
                    return open(b, providers, tracker, skipped);
                }
            }
            throw new BackendException("no backend could be opened: "
                    + skipped.stream().map(SkippedBackend::describe).collect(Collectors.joining("; ")));
        }

        private Spectro open(
                Backend b, List<BackendProvider> providers, ResourceTracker tracker, List<SkippedBackend> skipped) {
            BackendConfig fallbackConfig = new BackendConfig(null, threads, tracker);
            BackendChain chain =
                    new BackendChain(b, BackendChain.fallbacksOf(b.name(), providers), fallbackConfig, !strict);
            return new Spectro(b, tracker, skipped, deterministic, planCacheSize, chain);
        }

        /**
         * The device names when a device backend's usable devices are all CPUs (e.g. PoCL), else null. Automatic
         * selection skips such a backend: the pure-Java CPU backend computes the same thing on the same cores,
         * several times faster than a CPU OpenCL runtime.
         */
        static String cpuOnlyDevices(BackendProvider p) {
            if (p.name().equals("cpu")) {
                return null;
            }
            var a = p.probe();
            if (!a.available()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (var d : a.devices()) {
                if (d.usable()) {
                    if (!"CPU".equalsIgnoreCase(d.type())) {
                        return null;
                    }
                    names.add(d.name());
                }
            }
            return names.isEmpty() ? null : String.join(", ", names);
        }

        /** The opened backend, or null with the reason added to {@code skipped}. */
        private static Backend tryOpen(BackendProvider p, BackendConfig config, List<SkippedBackend> skipped) {
            var a = p.probe();
            if (!a.available()) {
                skipped.add(new SkippedBackend(p.name(), a.detail()));
                return null;
            }
            try {
                return p.create(config);
            } catch (RuntimeException | LinkageError e) {
                skipped.add(new SkippedBackend(p.name(), e.getMessage() == null ? e.toString() : e.getMessage()));
                return null;
            }
        }
    }
}
