package io.spectro.gpucheck;

import io.spectro.cli.support.CommandLines;
import io.spectro.cli.support.HelpOption;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Java steps of the GPU check bundle, one subcommand each; the bundle's {@code gpu-check} script runs them in order
 * (each in its own JVM, so that a crash in one native library costs only its step) and then {@code report}.
 */
@Command(
        name = "gpu-check-step",
        synopsisHeading = "usage: ",
        descriptionHeading = "%n",
        description = {
            "One step of Spectro's GPU check; DIR/gpu-check runs them all and writes the report.",
            "Exit status: 0 the step passed (or had nothing to run), 1 it failed, 2 bad command line."
        },
        subcommands = {ProbeStep.class, ConformanceStep.class, ExactnessStep.class, ReportStep.class})
public final class GpuCheckMain implements Runnable {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** Entry point: {@code gpu-check-step --help} lists the steps. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one step's command line with the given streams. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.execute(new CommandLine(new GpuCheckMain()), "gpu-check", out, err, args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a step: probe, conformance, exactness or report");
    }
}
