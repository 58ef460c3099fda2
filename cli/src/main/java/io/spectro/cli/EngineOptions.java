package io.spectro.cli;

import io.spectro.Spectro;
import java.io.PrintStream;
import java.util.List;

/** The {@code --backend}, {@code --device} and {@code --threads} options shared by the commands that compute. */
final class EngineOptions {
    /** Valid {@code --backend} values. */
    static final List<String> BACKENDS = List.of("auto", "cpu", "opencl", "cuda");

    private EngineOptions() {}

    /** Registers the options with {@code p}. */
    static void register(ArgParser p) {
        p.section("engine")
                .option(
                        "--backend",
                        "NAME",
                        "auto (default: the best that works here), cpu, opencl or cuda; a named backend that\n"
                                + "cannot run here is reported with the reason and the best available one is used")
                .flag("--strict-backend", "fail instead of falling back when the named --backend cannot run here")
                .option("--device", "SEL", "device index or name substring (spectro devices lists them)")
                .option("--threads", "N", "host threads for the CPU backend and staging (default: all cores)");
    }

    /** Checks the option values without opening anything. */
    static void validate(ParsedArgs a) throws UsageException {
        a.choice("--backend", null, BACKENDS);
        a.integer("--threads", 0, 1, 4096);
    }

    /**
     * Opens the engine the options ask for.
     *
     * @throws UsageException for an unknown backend name or a bad thread count
     */
    static Spectro open(ParsedArgs a, boolean deterministic, PrintStream err) throws UsageException {
        // Not given: null, so that -Dspectro.backend / SPECTRO_BACKEND still apply.
        String backend = a.choice("--backend", null, BACKENDS);
        int threads = a.integer("--threads", 0, 1, 4096);
        boolean named = backend != null && !backend.equals("auto");
        Spectro engine = Spectro.builder()
                .backend(backend)
                .strict(named && a.has("--strict-backend"))
                .device(a.string("--device", null))
                .threads(threads)
                .deterministic(deterministic)
                .build();
        if (named && !engine.backendName().equals(backend)) {
            String why = engine.selectionNotes().stream()
                    .filter(n -> n.startsWith(backend + ": "))
                    .map(n -> n.substring(backend.length() + 2))
                    .findFirst()
                    .orElse("it could not be opened");
            err.println("spectro: --backend " + backend + " cannot run here (" + why + "); using "
                    + engine.backendName() + " instead (--strict-backend makes this an error)");
        }
        return engine;
    }
}
