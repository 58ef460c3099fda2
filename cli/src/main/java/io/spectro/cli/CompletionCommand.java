package io.spectro.cli;

import io.spectro.cli.support.Choice;
import io.spectro.cli.support.CommandLines;
import io.spectro.cli.support.HelpOption;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spectro completion bash}: a bash (and zsh, through bashcompinit) completion script for every command, option
 * and choice, generated from the command definitions by picocli's {@link AutoComplete}.
 */
@Command(
        name = "completion",
        header = "a shell completion script: source <(spectro completion bash)",
        synopsisHeading = "usage: ",
        customSynopsis = "spectro completion bash",
        description = {
            "Prints a bash completion script for spectro's commands, options and their valid values.",
            "Load it now with   source <(spectro completion bash)",
            "or for every shell with   spectro completion bash > ~/.local/share/bash-completion/completions/spectro"
        })
final class CompletionCommand implements Callable<Integer> {
    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(
            paramLabel = "SHELL",
            converter = Shell.class,
            completionCandidates = Shell.class,
            description = "the shell: ${COMPLETION-CANDIDATES}")
    String shell;

    CompletionCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.print(AutoComplete.bash("spectro", spec.root().commandLine()));
        return CommandLines.OK;
    }

    static final class Shell extends Choice<String> {
        Shell() {
            super(List.of("bash"));
        }
    }
}
