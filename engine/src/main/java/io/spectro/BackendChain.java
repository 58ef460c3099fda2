package io.spectro;

import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An engine's backends by level: level 0 is the engine's own, the others are the fallbacks a failed batch moves to,
 * in automatic-selection order with the CPU last (device backends whose only devices are CPUs are passed over, as in
 * automatic selection). Fallbacks are opened when first needed, with the engine's thread count and resource tracker.
 * A level whose device was lost is not used again. Each kind of event is logged once.
 */
final class BackendChain {
    private static final System.Logger LOG = System.getLogger("io.spectro");

    private final Backend primary;
    private final List<BackendProvider> providers;
    private final BackendConfig config;
    private final boolean enabled;
    private final Backend[] opened;
    private final String[] unusable;
    private final Set<String> logged = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private volatile int firstLevel;
    private String lostNote;
    private boolean closed;

    BackendChain(Backend primary, List<BackendProvider> fallbacks, BackendConfig config, boolean enabled) {
        this.primary = primary;
        this.providers = List.copyOf(fallbacks);
        this.config = config;
        this.enabled = enabled;
        this.opened = new Backend[providers.size() + 1];
        this.unusable = new String[providers.size() + 1];
        opened[0] = primary;
    }

    /**
     * The fallbacks of an engine on backend {@code name}: the other providers, highest priority first, the CPU last;
     * none for the CPU itself (it is the last resort).
     */
    static List<BackendProvider> fallbacksOf(String name, List<BackendProvider> providers) {
        List<BackendProvider> out = new ArrayList<>();
        if (name.equals("cpu")) {
            return out;
        }
        BackendProvider cpu = null;
        for (BackendProvider p : providers) {
            if (p.name().equals(name)) {
                continue;
            }
            if (p.name().equals("cpu")) {
                cpu = p;
            } else {
                out.add(p);
            }
        }
        if (cpu != null) {
            out.add(cpu);
        }
        return out;
    }

    int levels() {
        return opened.length;
    }

    boolean enabled() {
        return enabled;
    }

    int firstLevel() {
        return firstLevel;
    }

    String name(int level) {
        return level == 0 ? primary.name() : providers.get(level - 1).name();
    }

    /** The backend of {@code level}, opened when first needed; a {@link BackendException} says why it cannot be. */
    synchronized Backend backend(int level) {
        if (opened[level] != null) {
            return opened[level];
        }
        if (closed) {
            throw new IllegalStateException("this Spectro engine is closed");
        }
        if (unusable[level] == null) {
            BackendProvider p = providers.get(level - 1);
            var a = p.probe();
            String cpuOnly = a.available() ? Spectro.Builder.cpuOnlyDevices(p) : null;
            if (!a.available()) {
                unusable[level] = a.detail();
            } else if (cpuOnly != null) {
                unusable[level] = "its only device is a CPU (" + cpuOnly + "); the cpu backend is used instead";
            } else {
                try {
                    opened[level] = p.create(config);
                    return opened[level];
                } catch (RuntimeException | LinkageError e) {
                    unusable[level] = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
        }
        throw new BackendException(name(level) + " cannot take over: " + unusable[level]);
    }

    /**
     * {@code level} failed with {@code e}: find the next level whose backend opens, stop using {@code level} if its
     * device is lost, log the event once, and return that level; -1 when falling back is off or no later backend
     * opens (their reasons are then added to {@code e} as suppressed exceptions).
     */
    int fallFrom(int level, BackendException e, SpectrogramSpec spec) {
        if (!enabled) {
            return -1;
        }
        int next = -1;
        for (int l = level + 1; l < levels() && next < 0; l++) {
            try {
                backend(l);
                next = l;
            } catch (BackendException unusableHere) {
                e.addSuppressed(unusableHere);
            }
        }
        if (next < 0) {
            return -1;
        }
        String note = note(name(level), name(next), e);
        synchronized (this) {
            if (kindOf(e) == BackendException.Kind.DEVICE_LOST && firstLevel < next) {
                firstLevel = next;
                lostNote = name(level) + " lost its device (" + e.getMessage() + "); computed on " + name(next);
            }
        }
        logOnce(
                name(level) + "->" + name(next) + ":" + kindOf(e),
                System.Logger.Level.WARNING,
                note + " [" + spec.summary() + "]; later failures of this kind are logged at DEBUG only",
                note,
                e);
        return next;
    }

    /** The note of results computed on a later level because a lower level lost its device. */
    synchronized String lostNote() {
        return lostNote;
    }

    /** Logs (once per level) that a batch was split because the device of {@code level} ran out of memory. */
    void noteSplit(int level, int clips, BackendException e) {
        String note = name(level) + " ran out of memory on a batch of " + clips + " clips (" + e.getMessage()
                + "); split it in two";
        logOnce("split:" + level, System.Logger.Level.INFO, note + "; later splits are logged at DEBUG only", note, e);
    }

    /**
     * The kind of a failure: {@code e}'s own, or the first more specific one among its causes (a backend that wraps a
     * device call's failure in a message of its own keeps the call's kind this way).
     */
    static BackendException.Kind kindOf(BackendException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BackendException b && b.kind() != BackendException.Kind.FAILED) {
                return b.kind();
            }
        }
        return BackendException.Kind.FAILED;
    }

    /** The note given to results computed on {@code to} because {@code from} failed with {@code e}. */
    static String note(String from, String to, BackendException e) {
        String what = switch (kindOf(e)) {
            case DEVICE_LOST -> " lost its device (";
            case OUT_OF_MEMORY -> " ran out of memory (";
            case FAILED -> " failed (";
        };
        return from + what + e.getMessage() + "); recomputed on " + to;
    }

    private void logOnce(String key, System.Logger.Level level, String message, String note, Throwable e) {
        boolean first;
        synchronized (this) {
            first = logged.add(key);
            if (first) {
                notes.add(note);
            }
        }
        // The message carries the cause's message; the stack trace only matters when debugging.
        if (first) {
            LOG.log(level, message);
        }
        LOG.log(System.Logger.Level.DEBUG, message, e);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** Closes every opened backend, the engine's own last; failures of lost devices are logged, others rethrown. */
    void closeAll() {
        Backend[] toClose;
        int lostBelow;
        synchronized (this) {
            closed = true;
            toClose = opened.clone();
            lostBelow = firstLevel;
        }
        RuntimeException failure = null;
        for (int level = toClose.length - 1; level >= 0; level--) {
            if (toClose[level] == null) {
                continue;
            }
            try {
                toClose[level].close();
            } catch (RuntimeException e) {
                if (level < lostBelow) {
                    LOG.log(System.Logger.Level.WARNING, "closing lost backend " + name(level) + " failed", e);
                } else if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
