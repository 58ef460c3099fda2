package io.spectro.cli;

import io.spectro.cli.support.CommandLines;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code spectro} command line: {@code demo}, {@code devices}, {@code extract}, {@code completion} and {@code
 * help}, plus {@code --version}. Exit status 0 on success, 1 when the work failed (an input, a backend), 2 for a
 * command line that cannot be run (see {@link CommandLines}).
 */
@Command(
        name = "spectro",
        synopsisHeading = "usage: ",
        customSynopsis = "spectro COMMAND [options]     (spectro COMMAND --help for its options)",
        commandListHeading = "%ncommands:%n",
        optionListHeading = "%noptions:%n",
        footer = "%n./spectro test runs the test suite and ./spectro bench the benchmarks (see README.md).",
        mixinStandardHelpOptions = true,
        versionProvider = Main.ManifestVersion.class)
public final class Main implements Callable<Integer> {
    /** The version printed when not run from a jar whose manifest names one. */
    static final String DEVELOPMENT_VERSION = "dev";

    private static final Logger ENGINE_LOG = Logger.getLogger("io.spectro");

    private final PrintStream err;
    private final CommandLine commandLine;

    private Main(PrintStream out, PrintStream err, ExtractCommand extract) {
        this.err = err;
        this.commandLine = new CommandLine(this)
                .addSubcommand(new DemoCommand(out, err))
                .addSubcommand(new DevicesCommand(out))
                .addSubcommand(extract)
                .addSubcommand(new CompletionCommand(out))
                .addSubcommand(new CommandLine.HelpCommand())
                .addSubcommand(new VersionCommand(out));
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // The engine logs a fallback as a WARNING; the commands print their own one-line explanation instead.
        ENGINE_LOG.setLevel(Level.SEVERE);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new ExtractCommand(out, err));
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with the given {@code extract} command (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err, ExtractCommand extract) {
        return CommandLines.execute(new Main(out, err, extract).commandLine, "spectro", out, err, args);
    }

    /** {@code spectro} alone: the overview on stderr, exit status 2 (a command is needed). */
    @Override
    public Integer call() {
        commandLine.usage(err);
        return CommandLines.USAGE;
    }

    /**
     * The version of the running jar (its manifest's {@code Implementation-Version}, or the module's version when run
     * as a named module), else {@value #DEVELOPMENT_VERSION}.
     */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        Module m = Main.class.getModule();
        if ((v == null || v.isBlank()) && m.isNamed()) {
            v = m.getDescriptor().rawVersion().orElse(null);
        }
        return v == null || v.isBlank() ? DEVELOPMENT_VERSION : v;
    }

    /** {@code --version}: {@code spectro VERSION}. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"spectro " + version()};
        }
    }

    /** {@code spectro version}, kept from before {@code --version}: the same line. */
    @Command(name = "version", hidden = true)
    static final class VersionCommand implements Callable<Integer> {
        private final PrintStream out;

        VersionCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            out.println(new ManifestVersion().getVersion()[0]);
            return CommandLines.OK;
        }
    }
}
