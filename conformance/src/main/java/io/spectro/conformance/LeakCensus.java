package io.spectro.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What this process holds, counted from outside the backends' own bookkeeping, for before/after leak checks: live
 * Java threads (and the names of Spectro's), the kernel's view of threads, resident memory and open file descriptors
 * ({@code /proc/self/status}, {@code /proc/self/fd}; -1 where there is no {@code /proc}), child processes, and the
 * JDK's direct-memory pool (which counts FFM {@code Arena} allocations and direct buffers).
 *
 * @param javaThreads live Java threads
 * @param spectroThreads names of live threads whose name starts with {@code spectro}
 * @param osThreads the kernel's thread count of this process (JVM-internal threads included)
 * @param rssKiB resident set size in KiB
 * @param fds open file descriptors
 * @param children live child processes
 * @param directCount direct buffers and native segments counted by the JDK
 * @param directBytes their bytes
 */
public record LeakCensus(
        int javaThreads,
        Set<String> spectroThreads,
        int osThreads,
        long rssKiB,
        int fds,
        long children,
        long directCount,
        long directBytes) {

    /** Counts now, after a garbage collection (so that unreachable direct buffers and arenas have been freed). */
    public static LeakCensus take() {
        System.gc();
        Set<String> spectro = new TreeSet<>();
        int java = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                java++;
                if (t.getName().startsWith("spectro")) {
                    spectro.add(t.getName());
                }
            }
        }
        long directCount = 0;
        long directBytes = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                directCount = pool.getCount();
                directBytes = pool.getMemoryUsed();
            }
        }
        return new LeakCensus(
                java,
                spectro,
                (int) status("Threads:"),
                status("VmRSS:"),
                countFds(),
                ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .count(),
                directCount,
                directBytes);
    }

    /** The resident set size now in KiB (no garbage collection first; -1 without {@code /proc}). */
    public static long rssNowKiB() {
        return status("VmRSS:");
    }

    /**
     * What grew between {@code before} and this census, one phrase per count (threads, descriptors, children, direct
     * memory, Spectro threads); empty when nothing did. Resident memory is not compared here (it moves with the heap):
     * see {@link #rssKiB()}.
     */
    public List<String> growthSince(LeakCensus before) {
        List<String> out = new ArrayList<>();
        grew(out, "Java threads", before.javaThreads, javaThreads);
        grew(out, "OS threads", before.osThreads, osThreads);
        grew(out, "open file descriptors", before.fds, fds);
        grew(out, "child processes", before.children, children);
        grew(out, "direct buffers/segments", before.directCount, directCount);
        grew(out, "direct bytes", before.directBytes, directBytes);
        Set<String> added = new TreeSet<>(spectroThreads);
        added.removeAll(before.spectroThreads);
        if (!added.isEmpty()) {
            out.add("Spectro threads still alive: " + added);
        }
        if (!out.isEmpty()) {
            out.add("live threads now: " + liveThreadNames());
        }
        return out;
    }

    /** A one-line summary for reports. */
    public String describe() {
        return "javaThreads " + javaThreads + ", osThreads " + osThreads + ", rss " + rssKiB + " KiB, fds " + fds
                + ", children " + children + ", direct " + directCount + " (" + directBytes + " bytes)"
                + (spectroThreads.isEmpty() ? "" : ", spectro threads " + spectroThreads);
    }

    private static void grew(List<String> out, String what, long before, long now) {
        if (before >= 0 && now > before) {
            out.add(what + " " + before + " -> " + now);
        }
    }

    private static Set<String> liveThreadNames() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** A {@code kB} or count field of {@code /proc/self/status}, or -1. */
    private static long status(String key) {
        Path p = Path.of("/proc/self/status");
        if (!Files.isReadable(p)) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(p)) {
            return lines.filter(l -> l.startsWith(key))
                    .map(l -> l.substring(key.length()).strip().split("\\s+")[0])
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countFds() {
        Path p = Path.of("/proc/self/fd");
        if (!Files.isDirectory(p)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(p)) {
            return (int) s.count() - 1; // the listing's own descriptor
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
