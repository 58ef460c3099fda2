package io.spectro.cuda;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which recorded work is replayed rather than issued step by step: a key seen {@code buildAfter} times is built into a
 * replayable form (a CUDA graph) and replayed from then on; at most {@code capacity} built forms are kept, the least
 * recently used destroyed first. A key whose build fails is issued directly from then on. Pure bookkeeping over {@link
 * Ops}, so the policy is tested without a GPU. Not thread-safe (used under the device's lock).
 *
 * @param <K> the recorded work (equal keys are the same work)
 * @param <V> its built form
 */
final class ReplayCache<K, V> {
    /** What the cache does with a key. */
    interface Ops<K, V> {
        /** Issues the work step by step. */
        void direct(K key);

        /** Builds the replayable form, issuing the work once while doing so (stream capture does); null on failure. */
        V build(K key);

        /** Replays a built form. */
        void replay(V built);

        /** Destroys a built form. */
        void destroy(V built);
    }

    private static final class Entry<V> {
        int seen;
        V built;
        boolean failed;
    }

    private final int capacity;
    private final int buildAfter;
    private final Ops<K, V> ops;
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private int builtCount;

    /** A cache of at most {@code capacity >= 1} built forms, built on a key's {@code buildAfter >= 1}-th use. */
    ReplayCache(int capacity, int buildAfter, Ops<K, V> ops) {
        if (capacity < 1 || buildAfter < 1) {
            throw new IllegalArgumentException("capacity = " + capacity + " and buildAfter = " + buildAfter
                    + " are out of range: both must be >= 1");
        }
        this.capacity = capacity;
        this.buildAfter = buildAfter;
        this.ops = ops;
    }

    /** Issues {@code key}'s work: replayed when built, built on its {@code buildAfter}-th use, else directly. */
    void submit(K key) {
        Entry<V> e = entries.computeIfAbsent(key, k -> new Entry<>());
        e.seen++;
        if (e.built != null) {
            ops.replay(e.built);
            return;
        }
        if (e.failed || e.seen < buildAfter) {
            ops.direct(key);
            trimUnbuilt();
            return;
        }
        V built = ops.build(key);
        if (built == null) {
            e.failed = true;
            return;
        }
        e.built = built;
        builtCount++;
        evict(key);
    }

    /** Built forms held. */
    int built() {
        return builtCount;
    }

    /** Destroys every built form and forgets every key. */
    void clear() {
        for (Entry<V> e : entries.values()) {
            if (e.built != null) {
                ops.destroy(e.built);
            }
        }
        entries.clear();
        builtCount = 0;
    }

    /** Destroys the least recently used built forms beyond the capacity (never {@code keep}). */
    private void evict(K keep) {
        Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
        while (builtCount > capacity && it.hasNext()) {
            Map.Entry<K, Entry<V>> m = it.next();
            if (m.getValue().built != null && !m.getKey().equals(keep)) {
                ops.destroy(m.getValue().built);
                it.remove();
                builtCount--;
            }
        }
    }

    /** Keeps the bookkeeping of keys never built bounded (they hold references to their buffers). */
    private void trimUnbuilt() {
        Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
        while (entries.size() > 4 * capacity && it.hasNext()) {
            if (it.next().getValue().built == null) {
                it.remove();
            }
        }
    }
}
