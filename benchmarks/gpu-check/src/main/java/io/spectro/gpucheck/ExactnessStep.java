package io.spectro.gpucheck;

import io.spectro.cli.support.HelpOption;
import io.spectro.cli.support.IntRange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code exactness}: the large-batch comparison of a device backend with the CPU backend ({@link ExactnessCheck}). */
@Command(name = "exactness", description = "Compare a device backend with cpu on large batches of every preset.")
final class ExactnessStep implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", required = true, paramLabel = "NAME", description = "the device backend")
    String backend;

    @Option(
            names = "--clips",
            paramLabel = "N",
            converter = Count.class,
            description = "clips per batch, 1 to 1024 (default 64)")
    int clips = 64;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            converter = Count.class,
            description = "seconds of audio per clip, 1 to 1024 (default 10)")
    int seconds = 10;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the JSON")
    Path out;

    @Override
    public Integer call() {
        PrintWriter progress = spec.commandLine().getOut();
        ExactnessCheck.Result r =
                ExactnessCheck.run(backend, clips, seconds, Boolean.getBoolean("spectro.require." + backend));
        StepFiles.write(out, r);
        for (ExactnessCheck.PresetResult p : r.presets()) {
            progress.println("  " + p.preset() + ": deterministic " + p.deterministicMismatches() + " of " + p.values()
                    + " values differ" + (p.firstMismatch().isEmpty() ? "" : " (first: " + p.firstMismatch() + ")")
                    + "; normal " + p.criterion() + " maxAbs " + p.normalMaxAbs() + " worst/bound " + p.normalWorst());
        }
        progress.println("exactness " + backend + ": " + r.status() + "  " + r.summary());
        return r.status().equals("FAIL") ? 1 : 0;
    }

    static final class Count extends IntRange {
        Count() {
            super(1, 1024);
        }
    }
}
