package io.spectro.gpucheck;

import io.spectro.cli.support.HelpOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conformance}: runs test classes of one backend (the shared conformance suite's subclass and the backend's
 * device tests) through the JUnit Platform launcher and writes a {@link SuiteResult}. The suite writes its
 * per-configuration lines under {@code target/} of the working folder; the launcher gives each run its own.
 */
@Command(name = "conformance", description = "Run a backend's conformance classes; write the result as JSON.")
final class ConformanceStep implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--label", required = true, paramLabel = "NAME", description = "the run's name, e.g. cuda-ownfft")
    String label;

    @Option(names = "--backend", required = true, paramLabel = "NAME", description = "the backend under test")
    String backend;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the JSON")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "CLASS", description = "test classes (binary names)")
    List<String> classes;

    @Override
    public Integer call() {
        PrintWriter progress = spec.commandLine().getOut();
        SuiteResult r = SuiteRunner.run(
                label, backend, classes, Path.of("target", "conformance-" + backend + ".txt"), progress);
        StepFiles.write(out, r);
        progress.println("conformance " + label + ": " + r.status() + "  " + r.summary());
        return r.status().equals("FAIL") || r.status().equals("EMPTY") ? 1 : 0;
    }
}
