package io.spectro.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process of an end-to-end row, timed as a whole: wall seconds from {@link ProcessBuilder#start()} to its
 * exit, its peak resident set (through {@code /usr/bin/time} when that is installed), and the tail of its output.
 *
 * @param exit exit status; -1 when it could not start or ran past its timeout
 * @param seconds wall seconds; NaN when it could not start
 * @param peakRssBytes the largest resident set of the process tree's processes (GNU time's {@code %M}), -1 if unknown
 * @param output everything it wrote on stdout and stderr (interleaved), or why it did not run
 */
record ChildRun(int exit, double seconds, long peakRssBytes, String output) {

    /** GNU time: reports the peak resident set of the largest waited-for process of the tree. */
    static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** Whether it ran and exited with status 0. */
    boolean ok() {
        return exit == 0;
    }

    /** The last {@code lines} lines of the output, for a note. */
    String tail(int lines) {
        String[] all = output.strip().split("\n");
        return String.join(" | ", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /**
     * Runs {@code command} with the environment changed by {@code env} (a null value removes the variable), its
     * output in {@code log}, and waits up to {@code timeoutSeconds}.
     */
    static ChildRun run(List<String> command, Map<String, String> env, Path log, long timeoutSeconds)
            throws InterruptedException {
        Path rss = null;
        try {
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(GNU_TIME)) {
                rss = Files.createTempFile("spectro-e2e-rss", ".txt");
                cmd.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
            }
            cmd.addAll(command);
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            long t0 = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new ChildRun(-1, Double.NaN, -1, "cannot run " + command.get(0) + ": " + e.getMessage());
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return new ChildRun(
                        -1,
                        (System.nanoTime() - t0) * 1e-9,
                        -1,
                        read(log) + "\n(killed: it ran past " + timeoutSeconds + " s)");
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            return new ChildRun(p.exitValue(), seconds, rss == null ? -1 : peakRss(read(rss)), read(log));
        } catch (IOException e) {
            return new ChildRun(-1, Double.NaN, -1, "cannot run " + command.get(0) + ": " + e.getMessage());
        } finally {
            if (rss != null) {
                try {
                    Files.deleteIfExists(rss);
                } catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * The peak resident set in bytes from GNU time's {@code -f %M} output (kilobytes on its last line; a line such as
     * "Command exited with non-zero status 1" may come first), or -1.
     */
    static long peakRss(String timeOutput) {
        String[] lines = timeOutput.strip().split("\n");
        try {
            return Long.parseLong(lines[lines.length - 1].strip()) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
