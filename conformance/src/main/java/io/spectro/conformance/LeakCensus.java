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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What this process holds, counted from outside the backends' own bookkeeping, for before/after leak checks: live
 * Java threads (and the names of Spectro's), the kernel's view of threads, resident memory and open file descriptors
 * ({@code /proc/self/status}, {@code /proc/self/fd}; -1 where there is no {@code /proc}), child processes, the JDK's
 * direct-buffer pool, and, when the JVM runs with {@code -XX:NativeMemoryTracking=summary}, the native memory of
 * NMT's category "Other", where FFM {@code Arena} allocations (staging and pinned host memory included) are counted
 * (-1 without NMT). Device memory and OpenCL/CUDA handles are not visible to the JVM: the backends' {@link
 * io.spectro.spi.ResourceTracker} counts those.
 *
 * <p>JOCL runs every non-blocking copy's reference release on a cached pool of its own ({@code AsyncOpThread-N}
 * daemon threads, each retired after 60 s idle): the pool grows to the most copies ever in flight at once, not with
 * cycles. Its threads are counted apart ({@code libraryPoolThreads}), left out of the Java and OS thread comparisons,
 * and held to {@link #MAX_LIBRARY_POOL_THREADS}.
 *
 * @param javaThreads live Java threads
 * @param libraryPoolThreads live threads of JOCL's reference-release pool (included in both thread counts)
 * @param spectroThreads names of live threads whose name starts with {@code spectro}
 * @param osThreads the kernel's thread count of this process (JVM-internal threads included)
 * @param rssKiB resident set size in KiB
 * @param fds open file descriptors
 * @param children live child processes
 * @param directCount direct buffers and native segments counted by the JDK
 * @param directBytes their bytes
 * @param arenaKiB native memory of NMT's category "Other" (FFM arenas) in KiB, or -1 without NMT
 * @param arenaBlocks allocations in that category, or -1 without NMT
 */
public record LeakCensus(
        int javaThreads,
        int libraryPoolThreads,
        Set<String> spectroThreads,
        int osThreads,
        long rssKiB,
        int fds,
        long children,
        long directCount,
        long directBytes,
        long arenaKiB,
        long arenaBlocks) {

    /** Prefix of the threads of JOCL's reference-release pool. */
    static final String LIBRARY_POOL_PREFIX = "AsyncOpThread-";

    /** Most threads JOCL's pool may hold: far above the copies one engine keeps in flight. */
    public static final int MAX_LIBRARY_POOL_THREADS = 64;

    /** Counts now, after a garbage collection (so that unreachable direct buffers and automatic arenas are freed). */
    public static LeakCensus take() {
        System.gc();
        Set<String> spectro = new TreeSet<>();
        int java = 0;
        int jocl = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                java++;
                if (t.getName().startsWith(LIBRARY_POOL_PREFIX)) {
                    jocl++;
                }
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
        long[] nmt = nmtOther();
        return new LeakCensus(
                java,
                jocl,
                spectro,
                (int) status("Threads:"),
                status("VmRSS:"),
                countFds(),
                ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .count(),
                directCount,
                directBytes,
                nmt[0],
                nmt[1]);
    }

    /** {committed KiB, allocations} of NMT's category "Other", or {-1, -1} when NMT is off or unreadable. */
    private static long[] nmtOther() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
            String out = (String)
                    server.invoke(dcmd, "vmNativeMemory", new Object[] {new String[] {"summary"}}, new String[] {
                        String[].class.getName()
                    });
            Matcher m = Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)\\s*\\(malloc=\\d+KB"
                            + " tag=Other #(\\d+)")
                    .matcher(out);
            if (m.find()) {
                return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        } catch (JMException | RuntimeException e) {
            // NMT off, or no diagnostic command bean: not counted.
        }
        return new long[] {-1, -1};
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
        grew(
                out,
                "Java threads (JOCL's pool left out)",
                before.javaThreads - before.libraryPoolThreads,
                javaThreads - libraryPoolThreads);
        grew(
                out,
                "OS threads (JOCL's pool left out)",
                before.osThreads < 0 ? -1 : before.osThreads - before.libraryPoolThreads,
                osThreads - libraryPoolThreads);
        if (libraryPoolThreads > MAX_LIBRARY_POOL_THREADS) {
            out.add("JOCL's reference-release pool holds " + libraryPoolThreads + " threads (at most "
                    + MAX_LIBRARY_POOL_THREADS + " expected)");
        }
        grew(out, "open file descriptors", before.fds, fds);
        grew(out, "child processes", before.children, children);
        grew(out, "direct buffers/segments", before.directCount, directCount);
        grew(out, "direct bytes", before.directBytes, directBytes);
        grew(out, "native allocations in NMT's Other (arenas)", before.arenaBlocks, arenaBlocks);
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
        return "javaThreads " + javaThreads + " (JOCL pool " + libraryPoolThreads + "), osThreads " + osThreads
                + ", rss " + rssKiB + " KiB, fds " + fds
                + ", children " + children + ", direct " + directCount + " (" + directBytes + " bytes)"
                + (arenaKiB < 0 ? "" : ", NMT Other " + arenaBlocks + " blocks (" + arenaKiB + " KiB)")
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
