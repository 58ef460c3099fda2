package io.spectro;

import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.BackendProvider;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>An engine is thread-safe. {@link #close()} closes every plan and frees the backend's native resources.
 */
public final class Spectro implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.spectro");

    private final Backend backend;
    private final ResourceTracker tracker;
    private final List<SkippedBackend> skipped;
    private final boolean deterministic;
    private final Map<SpectrogramSpec, SpectrogramPlan> cache = new LinkedHashMap<>();
    private final Set<SpectrogramPlan> userPlans = new LinkedHashSet<>();
    private boolean closed;

    private Spectro(Backend backend, ResourceTracker tracker, List<SkippedBackend> skipped, boolean deterministic) {
        this.backend = backend;
        this.tracker = tracker;
        this.skipped = List.copyOf(skipped);
        this.deterministic = deterministic;
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

    /** Native resources the backend currently holds (for leak checks). */
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
    public synchronized SpectrogramPlan plan(SpectrogramSpec spec) {
        ensureOpen();
        SpectrogramPlan plan = newPlan(spec);
        userPlans.add(plan);
        return plan;
    }

    private SpectrogramPlan newPlan(SpectrogramSpec spec) {
        SpectrogramSpec s = deterministic ? spec.withDeterministic(true) : spec;
        BackendPlan bp = backend.plan(s);
        return new SpectrogramPlan(this, s, bp);
    }

    /** The engine's own cached plan for {@code spec} (closed with the engine). */
    synchronized SpectrogramPlan cachedPlan(SpectrogramSpec spec) {
        ensureOpen();
        SpectrogramPlan p = cache.get(spec);
        if (p == null) {
            p = newPlan(spec);
            cache.put(spec, p);
        }
        return p;
    }

    synchronized void planClosed(SpectrogramPlan plan) {
        userPlans.remove(plan);
        cache.values().remove(plan);
    }

    /** Computes one clip with a cached plan for {@code spec}. */
    public Spectrogram compute(SpectrogramSpec spec, float[] samples) {
        return cachedPlan(spec).compute(samples);
    }

    /** Computes a ragged batch (one result per clip, in order) with a cached plan for {@code spec}. */
    public List<Spectrogram> computeBatch(SpectrogramSpec spec, List<float[]> clips) {
        return cachedPlan(spec).computeBatch(clips);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this Spectro engine is closed");
        }
    }

    /**
     * Closes every plan and the backend. With {@code -Dspectro.strictClose=true} (set by the test suites) it also
     * fails if caller-owned plans were left open or if the backend still holds native resources afterwards.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<SpectrogramPlan> leftOpen = new ArrayList<>(userPlans);
        for (SpectrogramPlan p : new ArrayList<>(userPlans)) {
            p.closeQuietly();
        }
        for (SpectrogramPlan p : new ArrayList<>(cache.values())) {
            p.closeQuietly();
        }
        userPlans.clear();
        cache.clear();
        backend.close();
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

        /** Fail instead of falling back when the named backend cannot be opened. */
        public Builder strict(boolean on) {
            this.strict = on;
            return this;
        }

        /** Run every plan in deterministic mode (bit-identical across backends). */
        public Builder deterministic(boolean on) {
            this.deterministic = on;
            return this;
        }

        /** Opens the engine. */
        public Spectro build() {
            List<BackendProvider> providers = Backends.providers();
            if (providers.isEmpty()) {
                throw new BackendException("no Spectro backend on the class path; add the spectro-cpu-fallback module");
            }
            String name = backend != null && !backend.isBlank()
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
                    return new Spectro(b, tracker, skipped, deterministic);
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
                    return new Spectro(b, tracker, skipped, deterministic);
                }
            }
            throw new BackendException("no backend could be opened: "
                    + skipped.stream().map(SkippedBackend::describe).collect(Collectors.joining("; ")));
        }

        /**
         * The device names when a device backend's usable devices are all CPUs (e.g. PoCL), else null. Automatic
         * selection skips such a backend: the pure-Java CPU backend computes the same thing on the same cores,
         * several times faster than a CPU OpenCL runtime.
         */
        private static String cpuOnlyDevices(BackendProvider p) {
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
