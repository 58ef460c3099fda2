package io.spectro.gpucheck;

import io.spectro.cli.support.HelpOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report}: reads the results folder ({@link CheckReport}), writes {@code gpu-check.json} and {@code
 * gpu-check.txt} there and prints the table. Exit status 0 when the verdict is PASS, 1 when it is FAIL.
 */
@Command(name = "report", description = "Gather the steps' results into gpu-check.json and gpu-check.txt.")
final class ReportStep implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the results folder")
    Path dir;

    @Override
    public Integer call() {
        CheckReport report = CheckReport.read(dir);
        StepFiles.write(dir.resolve(StepFiles.REPORT_JSON), report);
        String table = report.table();
        try {
            Files.writeString(dir.resolve(StepFiles.REPORT_TABLE), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + dir.resolve(StepFiles.REPORT_TABLE) + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().print(table);
        return report.verdict().equals("PASS") ? 0 : 1;
    }
}
