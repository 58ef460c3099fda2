package io.spectro.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/** The outcome of one {@link Main#run} in a test: exit status and what it printed. */
record CliRun(int status, String out, String err) {
    static CliRun of(String... args) {
        return capture((out, err) -> Main.run(args, out, err));
    }

    /** Runs {@code run} with captured stdout and stderr; it returns the exit status. */
    static CliRun capture(BiFunction<PrintStream, PrintStream, Integer> run) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            status = run.apply(po, pe);
        }
        return new CliRun(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
