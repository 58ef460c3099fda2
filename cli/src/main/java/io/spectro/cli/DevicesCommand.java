package io.spectro.cli;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.spi.DeviceInfo;
import java.io.PrintStream;
import java.util.List;

/** {@code spectro devices}: every backend with its state (and why it cannot run), every device it sees. */
final class DevicesCommand {
    private DevicesCommand() {}

    static ArgParser parser() {
        return new ArgParser("spectro devices", "", """
                Lists every backend on the class path with its state (and, when it cannot run here, why), the
                devices each one sees (the index or a name substring selects one with --device), and the backend
                that automatic selection picks.""");
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        ArgParser parser = parser();
        ParsedArgs a = parser.parse(args);
        if (a.has("--help")) {
            out.print(parser.help());
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new UsageException(
                    "spectro devices takes no arguments (got " + a.positional().get(0) + ")");
        }
        List<BackendStatus> backends = Spectro.backends();
        if (backends.isEmpty()) {
            out.println("no backends on the class path");
            return 1;
        }
        for (BackendStatus b : backends) {
            out.println(b.describe() + "  [priority " + b.priority() + "]");
            for (DeviceInfo d : b.availability().devices()) {
                out.println("    " + d.describe());
            }
        }
        try (Spectro engine = Spectro.open()) {
            out.println("automatic selection: " + engine.backendName() + " (" + engine.deviceName() + ")");
        } catch (RuntimeException e) {
            out.println("automatic selection: none: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
