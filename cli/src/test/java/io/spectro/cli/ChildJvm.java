package io.spectro.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A class of this test JVM's class path run as a separate {@code java} process (the JVM flags the launcher uses), for
 * tests that kill, limit or inspect the process that does the work. Its stdout and stderr go to files in {@code logs}.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** The {@code java} command line that runs {@code main} with {@code args}. */
    static List<String> command(Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** {@code spectro ARGS} ({@link Main}) as a command line. */
    static List<String> spectro(List<String> args) {
        return command(Main.class, args);
    }

    /**
     * {@code command} run through {@code bash -c}, after {@code shellPrefix} (e.g. {@code ulimit -f 64;}), with {@code
     * exec} so that the process is the JVM itself.
     */
    static List<String> throughBash(String shellPrefix, List<String> command) {
        String quoted = command.stream().map(ChildJvm::quote).collect(Collectors.joining(" "));
        return List.of("bash", "-c", shellPrefix + " exec " + quoted);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Starts {@code command} with {@code env} added, stdout and stderr to {@code logs/NAME.out} and {@code .err}. */
    static Process start(List<String> command, Map<String, String> env, Path logs, String name) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** A finished child's exit status and output. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Waits up to {@code seconds} for {@code p} (started by {@link #start}) and reads what it printed. */
    static Result finish(Process p, Path logs, String name, long seconds) throws IOException, InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(
                    name + " did not finish in " + seconds + " s:\n" + Files.readString(logs.resolve(name + ".err")));
        }
        return new Result(
                p.exitValue(),
                Files.readString(logs.resolve(name + ".out")),
                Files.readString(logs.resolve(name + ".err")));
    }

    /** Runs {@code command} to the end (at most {@code seconds}). */
    static Result run(List<String> command, Map<String, String> env, Path logs, String name, long seconds)
            throws IOException, InterruptedException {
        return finish(start(command, env, logs, name), logs, name, seconds);
    }

    /** Every regular file below {@code dir} whose name ends with {@code suffix}, sorted. */
    static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }
}
