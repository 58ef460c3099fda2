package io.spectro.bench;

import io.spectro.cli.support.HelpOption;
import io.spectro.cli.support.UsageException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code spectro bench} command: its flags ({@link BenchOptions}) and help; {@link BenchMain} does the work. */
@Command(
        name = "spectro bench",
        synopsisHeading = "usage: ",
        customSynopsis = {
            "spectro bench [--quick|--short] [--json FILE] [--threads 1,2] [--backends cpu,opencl]",
            "              [--workloads W1,W2,W3,FFT,E1,E2,E3,E4,E5] [--clips N] [--python PATH] [--peak-gflops G]",
            "              [--e2e-scale F] [--corpus DIR] [--spectro PATH]"
        },
        descriptionHeading = "%n",
        optionListHeading = "%noptions:%n",
        description = {
            "Runs the JMH benchmarks (W1-W3 and FFT-alone rows on every selected backend and thread count,",
            "with JTransforms in the same invocation) beside the torchaudio anchor, and the end-to-end rows",
            "E1-E5 (whole `spectro extract` processes on generated corpora beside a Python loop), and prints",
            "one table with its notes (BENCHMARKS.md describes the method). Progress goes to stderr, the table",
            "to stdout.",
            "Exit status: 0 ok, 1 a benchmark failed (its row says FAILED), 2 bad command line."
        })
final class BenchCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    BenchOptions options;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws UsageException {
        if (options.quick() && options.shortRun()) {
            throw new UsageException("--quick and --short cannot be combined: give one of them");
        }
        String commandLine =
                String.join(" ", spec.commandLine().getParseResult().originalArgs());
        return new BenchMain(options, out, err).run(commandLine);
    }
}
