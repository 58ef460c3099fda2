package io.spectro.gpucheck;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.cli.support.HelpOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probe}: asks every backend on the class path whether it can run here (never throws: a missing driver is a
 * reason), writes the answers as JSON and prints one line per backend, {@code NAME<TAB>yes|no<TAB>detail}, which the
 * launcher reads to choose the later steps.
 */
@Command(name = "probe", description = "Probe every backend; write the answers as JSON.")
final class ProbeStep implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the JSON")
    Path out;

    @Override
    public Integer call() {
        List<BackendStatus> backends = Spectro.backends();
        StepFiles.write(out, backends);
        PrintWriter o = spec.commandLine().getOut();
        for (BackendStatus b : backends) {
            o.println(line(b));
        }
        return 0;
    }

    /** {@code NAME<TAB>yes|no<TAB>detail} with tabs and line breaks in the detail made spaces. */
    static String line(BackendStatus b) {
        return b.name() + "\t" + (b.availability().available() ? "yes" : "no") + "\t"
                + b.availability().detail().replaceAll("[\\t\\r\\n]+", " ");
    }
}
