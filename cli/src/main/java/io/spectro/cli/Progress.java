package io.spectro.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a run over many files: on a terminal a bar redrawn in place (files, audio hours, speed, ETA), otherwise a
 * plain line every {@code plainIntervalSeconds}. The ETA is extrapolated from the input bytes finished, which are known
 * for every file before it is decoded. Thread-safe.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final int totalFiles;
    private final long totalBytes;
    private final long plainIntervalNanos;
    private final long start = System.nanoTime();
    private int files;
    private long bytes;
    private long bytesComputed;
    private double audioSeconds;
    private double audioSecondsComputed;
    private long lastDraw;
    private boolean drawn;

    /**
     * @param err where progress goes (stderr)
     * @param terminal draw a bar in place ({@code true}) or print plain lines
     * @param totalFiles files in the run
     * @param totalBytes their input bytes
     * @param plainIntervalSeconds seconds between plain lines
     */
    Progress(PrintStream err, boolean terminal, int totalFiles, long totalBytes, double plainIntervalSeconds) {
        this.err = err;
        this.terminal = terminal;
        this.totalFiles = totalFiles;
        this.totalBytes = Math.max(1, totalBytes);
        this.plainIntervalNanos = (long) (plainIntervalSeconds * 1e9);
        this.lastDraw = start;
    }

    /** Whether stderr is an interactive terminal: {@code SPECTRO_PROGRESS=tty|plain} decides, else the console. */
    static boolean isTerminal() {
        String forced = System.getenv("SPECTRO_PROGRESS");
        if (forced != null && !forced.isBlank()) {
            return forced.strip().equalsIgnoreCase("tty");
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** A file skipped as up to date (counts towards files and bytes, not towards the speed). */
    synchronized void skipped(long inputBytes, double seconds) {
        files++;
        bytes += inputBytes;
        audioSeconds += finite(seconds);
        maybeDraw(false);
    }

    private static double finite(double seconds) {
        return Double.isFinite(seconds) && seconds > 0 ? seconds : 0;
    }

    /** A file finished (computed or failed) with {@code seconds} of audio. */
    synchronized void finished(long inputBytes, double seconds) {
        files++;
        bytes += inputBytes;
        bytesComputed += inputBytes;
        audioSeconds += finite(seconds);
        audioSecondsComputed += finite(seconds);
        maybeDraw(false);
    }

    private void maybeDraw(boolean force) {
        long now = System.nanoTime();
        long interval = terminal ? REDRAW_NANOS : plainIntervalNanos;
        if (!force && now - lastDraw < interval) {
            return;
        }
        lastDraw = now;
        if (terminal) {
            err.print("\r" + bar(now) + "\u001b[K");
            drawn = true;
        } else {
            err.println("progress: " + line(now));
        }
        err.flush();
    }

    /** Removes the bar (terminal) so the summary starts on a clean line. */
    synchronized void done() {
        if (terminal && drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    /** Seconds since the start. */
    synchronized double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Audio seconds computed (not skipped) so far. */
    synchronized double computedAudioSeconds() {
        return audioSecondsComputed;
    }

    private String bar(long now) {
        int width = 24;
        double frac = Math.min(1.0, (double) bytes / totalBytes);
        int full = (int) Math.round(frac * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "] " + line(now);
    }

    private String line(long now) {
        double elapsed = (now - start) / 1e9;
        StringBuilder b = new StringBuilder();
        b.append(files).append('/').append(totalFiles).append(" files, ");
        b.append(hours(audioSeconds)).append(" audio");
        if (elapsed > 0 && audioSecondsComputed > 0) {
            b.append(", ")
                    .append(String.format(Locale.ROOT, "%.0f", audioSecondsComputed / elapsed))
                    .append(" audio-s/s");
        }
        long remainingBytes = totalBytes - bytes;
        if (bytesComputed > 0 && remainingBytes > 0) {
            double eta = elapsed * remainingBytes / bytesComputed;
            b.append(", ETA ").append(duration(eta));
        }
        return b.toString();
    }

    /** Audio duration as hours with two decimals, or minutes/seconds when short, e.g. {@code 1.25 h}, {@code 3.5 min}. */
    static String hours(double seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** A wall-clock duration, e.g. {@code 42 s}, {@code 3:05}, {@code 1:02:03}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
