package io.spectro.gpucheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code steps.tsv}, written by the launcher for every step it ran or chose not to run: {@code
 * NAME<TAB>EXIT<TAB>SECONDS<TAB>NOTE}, where {@code EXIT} is the step's exit status ({@code 124}: it ran past its time
 * limit), {@code -} when it did not run, or {@code time} when the run's time limit left it no time, and {@code NOTE}
 * says why not, or names the step's log.
 *
 * @param name the step ({@code probe}, {@code conformance-cuda}, {@code exactness-opencl}, {@code bench})
 * @param exit the exit status, {@link #NOT_RUN} or {@link #NO_TIME}
 * @param seconds wall time
 * @param note why it did not run, or its log file
 */
record StepLog(String name, int exit, double seconds, String note) {
    /** {@link #exit()} of a step that did not run. */
    static final int NOT_RUN = -1;

    /** {@link #exit()} of a step left out because the whole run's time limit was used up: the check is incomplete. */
    static final int NO_TIME = -2;

    /** Exit statuses of {@code timeout(1)}: the step ran past its limit. */
    static boolean timedOut(int exit) {
        return exit == 124 || exit == 137;
    }

    /** Reads {@code steps.tsv}; an absent file is no steps. */
    static List<StepLog> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<StepLog> steps = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 4);
            if (f.length < 3) {
                throw new IllegalArgumentException(file + ": '" + line + "' is not NAME<TAB>EXIT<TAB>SECONDS<TAB>NOTE");
            }
            try {
                steps.add(new StepLog(
                        f[0],
                        switch (f[1]) {
                            case "-" -> NOT_RUN;
                            case "time" -> NO_TIME;
                            default -> Integer.parseInt(f[1]);
                        },
                        Double.parseDouble(f[2]),
                        f.length > 3 ? f[3] : ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": '" + line + "' has a bad number: " + e.getMessage(), e);
            }
        }
        return steps;
    }
}
