package io.spectro.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Files that appear whole or not at all: each is written to a hidden temporary name beside its target ({@code
 * .NAME.PID-N.spectro-tmp}) and renamed over the target when complete. A JVM shutdown hook (Ctrl-C, SIGTERM) deletes
 * every temporary file still open and refuses later renames, so an interrupted run leaves only complete outputs.
 * Actions registered with {@link #onInterrupt(Runnable)} run in that hook after the temporary files are gone (e.g.
 * writing the manifest of what was completed). A killed run (no hook) leaves its temporary files: {@link
 * #removeLeftovers} deletes them at the next run's start.
 */
final class AtomicFiles {
    /** Suffix of temporary files. */
    static final String TEMP_SUFFIX = ".spectro-tmp";

    private static final Object LOCK = new Object();
    private static final Set<Path> OPEN = new LinkedHashSet<>();
    private static final List<Runnable> INTERRUPT_ACTIONS = new ArrayList<>();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static Thread hook;
    private static boolean shuttingDown;

    private AtomicFiles() {}

    /**
     * A file being written, through {@link #out()} (a buffered stream) or {@link #channel()} (positional writes), not
     * both; {@link #commit()} renames it into place, {@link #close()} without commit deletes it.
     */
    static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private OutputStream out;
        private FileChannel channel;
        private boolean done;

        private Pending(Path target, Path temp) {
            this.target = target;
            this.temp = temp;
        }

        /** The stream to write the file's content to (buffered). */
        OutputStream out() throws IOException {
            if (channel != null) {
                throw new IllegalStateException(target + " is being written through its channel");
            }
            if (out == null) {
                out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
            }
            return out;
        }

        /** A channel over the file's content, for writes at any position (and reads back). */
        FileChannel channel() throws IOException {
            if (out != null) {
                throw new IllegalStateException(target + " is being written through its stream");
            }
            if (channel == null) {
                channel = FileChannel.open(
                        temp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            return channel;
        }

        /** The final path. */
        Path target() {
            return target;
        }

        private void closeContent() throws IOException {
            if (out != null) {
                out.close();
            } else if (channel != null) {
                channel.close();
            } else {
                Files.newOutputStream(temp).close(); // an empty file
            }
        }

        /**
         * Closes the content and renames the temporary file to the target (atomically where the file system allows),
         * replacing an existing file. Fails if the JVM is shutting down.
         */
        void commit() throws IOException {
            if (done) {
                throw new IllegalStateException(target + " already committed or aborted");
            }
            closeContent();
            synchronized (LOCK) {
                done = true;
                OPEN.remove(temp);
                if (refused()) {
                    Files.deleteIfExists(temp);
                    throw new Interrupted(target);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    Files.deleteIfExists(temp);
                    throw e;
                }
            }
        }

        /** Deletes the temporary file unless it was committed. */
        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                if (out != null) {
                    out.close();
                } else if (channel != null) {
                    channel.close();
                }
            } finally {
                synchronized (LOCK) {
                    OPEN.remove(temp);
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** Starts writing {@code target} (its parent folders are created). */
    static Pending begin(Path target) throws IOException {
        Path temp = register(target);
        return new Pending(target, temp);
    }

    /**
     * A scratch file beside {@code near} (a hidden temporary name, deleted if the run is interrupted), open for reading
     * and writing; {@link Scratch#close()} deletes it.
     */
    static Scratch scratch(Path near) throws IOException {
        Path temp = register(near.resolveSibling(near.getFileName() + ".scratch"));
        try {
            return new Scratch(
                    temp,
                    FileChannel.open(
                            temp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE));
        } catch (IOException e) {
            synchronized (LOCK) {
                OPEN.remove(temp);
            }
            throw e;
        }
    }

    /** A scratch file: its channel, and its deletion on close. */
    record Scratch(Path path, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                synchronized (LOCK) {
                    OPEN.remove(path);
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** A hidden temporary name beside {@code target}, registered for deletion on interrupt. */
    private static Path register(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve("." + target.getFileName() + "."
                + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + TEMP_SUFFIX);
        synchronized (LOCK) {
            if (refused()) {
                throw new Interrupted(target);
            }
            installHook();
            OPEN.add(temp);
        }
        return temp;
    }

    /** Writes {@code target} whole: {@code body} writes the content, then the file is renamed into place. */
    static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        try (Pending p = begin(target)) {
            body.accept(p.out());
            p.commit();
        }
    }

    /** Writes {@code bytes} to {@code target} whole. */
    static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Runs {@code action} in the shutdown hook if the JVM is interrupted; {@link #cancel} removes it. */
    static void onInterrupt(Runnable action) {
        synchronized (LOCK) {
            installHook();
            INTERRUPT_ACTIONS.add(action);
        }
    }

    /** Removes an action registered with {@link #onInterrupt(Runnable)} (call when the work finished normally). */
    static void cancel(Runnable action) {
        synchronized (LOCK) {
            INTERRUPT_ACTIONS.remove(action);
        }
    }

    /**
     * Deletes the temporary files below {@code dir} that an earlier run left behind because it was killed (SIGKILL, a
     * crash, a power cut: no shutdown hook ran): those whose writing process, the PID in their name, no longer runs
     * here. Returns how many were deleted; a missing {@code dir} has none.
     */
    static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> stale;
        try (Stream<Path> files = Files.walk(dir)) {
            stale = files.filter(f -> leftover(f.getFileName().toString())).toList();
        }
        int removed = 0;
        for (Path f : stale) {
            removed += Files.deleteIfExists(f) ? 1 : 0;
        }
        return removed;
    }

    /** Whether {@code name} is a temporary file ({@code .NAME.PID-N.spectro-tmp}) of a process that has ended. */
    private static boolean leftover(String name) {
        if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        String stem = name.substring(0, name.length() - TEMP_SUFFIX.length());
        String id = stem.substring(stem.lastIndexOf('.') + 1);
        int dash = id.indexOf('-');
        try {
            long pid = Long.parseLong(dash > 0 ? id.substring(0, dash) : id);
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false; // not a name this class makes
        }
    }

    /** The temporary files currently open (for tests). */
    static List<Path> openTemporaryFiles() {
        synchronized (LOCK) {
            return List.copyOf(OPEN);
        }
    }

    /** Whether new files are refused: during shutdown, except for the interrupt actions run by the hook itself. */
    private static boolean refused() {
        return shuttingDown && Thread.currentThread() != hook;
    }

    private static void installHook() {
        if (hook == null) {
            hook = new Thread(AtomicFiles::shutdown, "spectro-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    private static void shutdown() {
        List<Runnable> actions;
        synchronized (LOCK) {
            shuttingDown = true;
            for (Path p : OPEN) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("spectro: could not delete temporary file " + p + ": " + e.getMessage());
                }
            }
            OPEN.clear();
            actions = List.copyOf(INTERRUPT_ACTIONS);
            INTERRUPT_ACTIONS.clear();
        }
        // The actions may write whole files themselves (refused() lets the hook thread do so).
        for (Runnable r : actions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("spectro: " + e.getMessage());
            }
        }
    }

    /** A file refused because the JVM is shutting down (the run was interrupted). */
    static final class Interrupted extends IOException {
        private static final long serialVersionUID = 1L;

        Interrupted(Path target) {
            super("interrupted: " + target + " was not written");
        }
    }

    /** A consumer that may throw {@link IOException}. */
    @FunctionalInterface
    interface IoConsumer<T> {
        /** Consumes {@code value}. */
        void accept(T value) throws IOException;
    }
}
