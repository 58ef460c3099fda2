package io.spectro.cli;

import io.spectro.Spectro;
import io.spectro.cli.support.Choice;
import io.spectro.cli.support.IntRange;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --backend}, {@code --strict-backend}, {@code --device} and {@code --threads} flags of the commands that
 * compute, defined once: {@code @ArgGroup(validate = false, heading = EngineOptions.HEADING) EngineOptions engine = new
 * EngineOptions();}.
 */
final class EngineOptions {
    /** The help heading of these flags. */
    static final String HEADING = "%nengine:%n";

    /** The module whose absence makes the CPU backend run its scalar code. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Option(
            names = "--backend",
            paramLabel = "BACKEND",
            converter = BackendName.class,
            completionCandidates = BackendName.class,
            description = "${COMPLETION-CANDIDATES}: auto (default) is the best that works here; a named"
                    + " backend that cannot run here is reported with the reason and the best available one is used")
    String backend;

    @Option(
            names = "--strict-backend",
            description = "fail instead of falling back when the named --backend cannot run here")
    boolean strictBackend;

    @Option(
            names = "--device",
            paramLabel = "SEL",
            description = "device index or name substring (spectro devices lists them)")
    String device;

    @Option(
            names = "--threads",
            paramLabel = "N",
            converter = Threads.class,
            description = "host threads for the CPU backend and staging, 1 to 4096 (default: all cores)")
    Integer threads;

    /**
     * Opens the engine the flags ask for. A named backend that cannot run here is one line on {@code err} (unless
     * {@code --strict-backend}, which makes it an error); so is a CPU backend without the Vector API.
     */
    Spectro open(boolean deterministic, PrintStream err) {
        // Not given: null, so that -Dspectro.backend / SPECTRO_BACKEND still apply.
        boolean named = backend != null && !backend.equals("auto");
        Spectro engine = Spectro.builder()
                .backend(backend)
                .strict(named && strictBackend)
                .device(device)
                .threads(threads != null ? threads : 0)
                .deterministic(deterministic)
                .build();
        if (named && !engine.backendName().equals(backend)) {
            String why = engine.skippedBackends().stream()
                    .filter(sk -> sk.backend().equals(backend))
                    .map(sk -> sk.reason())
                    .findFirst()
                    .orElse("it could not be opened");
            err.println("spectro: --backend " + backend + " cannot run here (" + why + "); using "
                    + engine.backendName() + " instead (--strict-backend makes this an error)");
        }
        String slow = vectorApiNotice(
                engine.backendName(),
                ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
        if (slow != null) {
            err.println(slow);
        }
        return engine;
    }

    /** The line saying that the CPU backend runs without SIMD, or null when it has the Vector API (or is not used). */
    static String vectorApiNotice(String backendName, boolean vectorModulePresent) {
        // The launcher leaves the Vector API out of short jobs on purpose (scalar code is faster while SIMD is cold).
        if (vectorModulePresent || !backendName.equals("cpu") || Boolean.getBoolean("spectro.scalarStart")) {
            return null;
        }
        return "spectro: the Vector API is missing, so the cpu backend runs its scalar code (about 8x slower): start"
                + " java with --add-modules " + VECTOR_MODULE + " (the spectro launcher does)";
    }

    static final class BackendName extends Choice<String> {
        BackendName() {
            super(List.of("auto", "cpu", "opencl", "cuda"));
        }
    }

    static final class Threads extends IntRange {
        Threads() {
            super(1, 4096);
        }
    }
}
