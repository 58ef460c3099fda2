package io.spectro.cli;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.cli.support.CommandLines;
import io.spectro.cli.support.HelpOption;
import io.spectro.spi.DeviceInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spectro devices}: every backend with its state (and why it cannot run), every device it sees. */
@Command(
        name = "devices",
        header = "the backends (cpu, opencl, cuda), their state and devices, and why one cannot run",
        synopsisHeading = "usage: ",
        customSynopsis = "spectro devices",
        optionListHeading = "%noptions:%n",
        description = {
            "Lists every backend on the class path with its state (and, when it cannot run here, why), the",
            "devices each one sees (the index or a name substring selects one with --device), and the backend",
            "that automatic selection picks."
        })
final class DevicesCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    HelpOption help;

    DevicesCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        List<BackendStatus> backends = Spectro.backends();
        if (backends.isEmpty()) {
            out.println("no backends on the class path");
            return CommandLines.FAILED;
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
            return CommandLines.FAILED;
        }
        return CommandLines.OK;
    }
}
