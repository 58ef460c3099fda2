package io.spectro.cli.support;

import io.spectro.spi.BackendException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How Spectro's command lines ({@code spectro}, {@code spectro bench}) run on picocli: exit status {@link #OK} 0,
 * {@link #FAILED} 1 when the work failed, {@link #USAGE} 2 for a command line that cannot be run; every error is one
 * line {@code PREFIX: message} on stderr naming the option, the value and what is valid (unknown options with a
 * suggestion, missing values, options given twice, values out of range or not among the choices); help without
 * colours, 100 columns wide.
 */
public final class CommandLines {
    /** Exit status: done. */
    public static final int OK = 0;

    /** Exit status: the command line was fine but the work failed (an input, a backend, a file). */
    public static final int FAILED = 1;

    /** Exit status: the command line cannot be run as written. */
    public static final int USAGE = 2;

    private CommandLines() {}

    /**
     * Parses {@code args} for {@code commandLine} (subcommands included) and runs the command they select.
     *
     * @param errorPrefix starts every error line, e.g. {@code spectro}
     * @param out where help and version go
     * @param err where errors go
     * @return the exit status: the command's own, or {@link #USAGE} / {@link #FAILED} for the errors above
     */
    public static int execute(
            CommandLine commandLine, String errorPrefix, PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = writer(out);
        PrintWriter errWriter = writer(err);
        layOutHelp(commandLine);
        commandLine
                .setOut(outWriter)
                .setErr(errWriter)
                .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
                .setUsageHelpWidth(100)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(CommandLines::runLast)
                .setParameterExceptionHandler((e, a) -> {
                    errWriter.println(errorPrefix + ": " + describe(e));
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    errWriter.println(errorPrefix + ": " + message(e));
                    if (e instanceof UsageException) {
                        return USAGE;
                    }
                    if (!expected(e)) {
                        // A bug, not a bad input: the stack trace is what a report needs.
                        e.printStackTrace(errWriter);
                    }
                    return FAILED;
                });
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
            out.flush();
            err.flush();
        }
    }

    /**
     * Help of every command in the tree: options in the order they are declared (grouped as the command groups them),
     * the synopsis first; a command's one-line {@code header} only in its parent's command list.
     */
    private static void layOutHelp(CommandLine commandLine) {
        UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
        usage.sortOptions(false);
        List<String> keys = new ArrayList<>(commandLine.getHelpSectionKeys());
        keys.remove(UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
        keys.remove(UsageMessageSpec.SECTION_KEY_HEADER);
        commandLine.setHelpSectionKeys(keys);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            layOutHelp(sub);
        }
    }

    private static PrintWriter writer(PrintStream stream) {
        Charset cs = stream.charset();
        return new PrintWriter(new OutputStreamWriter(stream, cs), true);
    }

    /** Rejects a single-valued option given twice (picocli would keep the last one inside option groups), then runs. */
    private static int runLast(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.commandSpec().options()) {
                boolean help = o.usageHelp() || o.versionHelp();
                if (!help && !o.isMultiValue() && o.originalStringValues().size() > 1) {
                    throw new ParameterException(
                            p.commandSpec().commandLine(), o.longestName() + " is given more than once");
                }
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Failures of the work that a message explains fully; anything else also gets its stack trace. */
    private static boolean expected(Exception e) {
        return e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException
                || e instanceof BackendException;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /** One line naming the option, the value and what is valid. */
    static String describe(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(spec, command, u.getUnmatched().get(0), u.getSuggestions());
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec a = m.getMissing().get(0);
            return a instanceof OptionSpec o
                    ? o.longestName() + " needs a value (" + o.paramLabel() + ")"
                    : command + " needs " + a.paramLabel();
        }
        if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec os) {
            return os.longestName() + " is given more than once";
        }
        if (e.getArgSpec() instanceof OptionSpec o && e.getValue() != null) {
            if (o.type() == boolean.class || o.type() == Boolean.class) {
                return o.longestName() + " takes no value (got '" + e.getValue() + "')";
            }
            if (e.getCause() instanceof TypeConversionException t) {
                return o.longestName() + ": " + t.getMessage();
            }
        }
        if (e.getArgSpec() != null && e.getCause() instanceof TypeConversionException t) {
            return e.getArgSpec().paramLabel() + ": " + t.getMessage();
        }
        return e.getMessage();
    }

    private static String unmatched(CommandSpec spec, String command, String arg, List<String> suggestions) {
        if (arg.startsWith("-") && arg.length() > 1) {
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            String hint = suggestions.isEmpty()
                    ? ""
                    : "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(2, suggestions.size())))
                            + "?";
            return "unknown option " + name + " for " + command + hint + " (" + command + " --help lists the options)";
        }
        List<String> commands = spec.subcommands().entrySet().stream()
                .filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden())
                .map(c -> c.getKey())
                .distinct()
                .toList();
        if (!commands.isEmpty()) {
            return "unknown command '" + arg + "'; commands: " + String.join(", ", commands) + " (" + command
                    + " help)";
        }
        if (spec.positionalParameters().isEmpty()) {
            return command + " takes no arguments (got " + arg + ")";
        }
        return "unexpected argument '" + arg + "' (" + command + " --help lists the arguments)";
    }
}
