package io.spectro.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the native resources (device buffers, kernels, programs, queues, plans, arenas) a backend holds, so that
 * tests and {@code close()} can prove nothing was left allocated. With {@code -Dspectro.trackAllocations=true} each
 * entry also remembers where it was allocated.
 */
public final class ResourceTracker {
    private static final boolean STACKS = Boolean.getBoolean("spectro.trackAllocations");

    private final Map<Long, Entry> live = new LinkedHashMap<>();
    private long nextId;
    private long totalAllocated;

    private record Entry(String kind, long bytes, Throwable site) {}

    /** Records an allocation of {@code kind} ({@code "cl_mem"}, {@code "CUdeviceptr"}, ...); returns its handle. */
    public synchronized long allocated(String kind, long bytes) {
        long id = nextId++;
        live.put(id, new Entry(kind, bytes, STACKS ? new Throwable("allocated here") : null));
        totalAllocated++;
        return id;
    }

    /** Records that the resource with handle {@code id} was freed. Freeing twice is an error. */
    public synchronized void freed(long id) {
        if (live.remove(id) == null) {
            throw new IllegalStateException("resource " + id + " freed twice or never tracked");
        }
    }

    /** Resources currently held. */
    public synchronized int liveCount() {
        return live.size();
    }

    /** Bytes currently held (for resources with a size). */
    public synchronized long liveBytes() {
        return live.values().stream().mapToLong(Entry::bytes).sum();
    }

    /** Allocations ever recorded. */
    public synchronized long totalAllocated() {
        return totalAllocated;
    }

    /** A description of what is still held, grouped by kind, e.g. {@code "3 cl_mem (12 MiB)"}; empty when none. */
    public synchronized String describeLive() {
        Map<String, long[]> byKind = new LinkedHashMap<>();
        for (Entry e : live.values()) {
            long[] a = byKind.computeIfAbsent(e.kind, k -> new long[2]);
            a[0]++;
            a[1] += e.bytes;
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((k, a) -> parts.add(a[0] + " " + k + (a[1] > 0 ? " (" + a[1] + " bytes)" : "")));
        return String.join(", ", parts);
    }

    /** Throws {@link IllegalStateException} listing what is still held (with allocation sites when tracked). */
    public synchronized void assertNoneLive(String context) {
        if (live.isEmpty()) {
            return;
        }
        IllegalStateException e = new IllegalStateException(context + ": still allocated: " + describeLive());
        for (Entry en : live.values()) {
            if (en.site != null) {
                e.addSuppressed(en.site);
            }
        }
        throw e;
    }
}
