package io.spectro.cli.support;

import picocli.CommandLine.Option;

/** The {@code -h}/{@code --help} option of a command ({@code @Mixin HelpOption help;}). */
public final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help and exit")
    boolean help;
}
