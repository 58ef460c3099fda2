package io.spectro.cli;

import io.spectro.spi.BackendException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The {@code spectro} command line: {@code demo}, {@code devices}, {@code extract} and {@code help}. Exit status 0
 * on success, 1 when the work failed (an input, a backend), 2 for a command line that cannot be run.
 */
public final class Main {
    private Main() {}

    private static final String USAGE = """
            usage: spectro COMMAND [options]     (spectro COMMAND --help for its options)

            commands:
              demo      log-mel spectrograms of a bundled recording, written to out/demo/, with a summary
              devices   the backends (cpu, opencl, cuda), their state and devices, and why one cannot run
              extract   spectrograms of audio files and folders as labelled .npy/.npz, manifest, previews
              help      this text, or help COMMAND

            ./spectro test runs the test suite and ./spectro bench the benchmarks (see README.md).
            """;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // The engine logs a fallback as a WARNING; the commands print their own one-line explanation instead.
        ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(args, System.out, System.err));
    }

    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("io.spectro");

    /** Runs the command line with the given streams; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (command) {
                case "demo" -> DemoCommand.run(rest, out, err);
                case "devices" -> DevicesCommand.run(rest, out, err);
                case "extract" -> ExtractCommand.run(rest, out, err);
                case "help", "--help", "-h" -> help(rest, out);
                case "--version", "version" -> {
                    out.println("spectro " + version());
                    yield 0;
                }
                default ->
                    throw new UsageException(
                            "unknown command '" + command + "'; commands: demo, devices, extract, help (spectro help)");
            };
        } catch (UsageException e) {
            err.println("spectro: " + e.getMessage());
            return 2;
        } catch (BackendException e) {
            err.println("spectro: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("spectro: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("spectro: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int help(String[] rest, PrintStream out) throws UsageException {
        if (rest.length == 0) {
            out.print(USAGE);
            return 0;
        }
        ArgParser p = switch (rest[0]) {
            case "demo" -> DemoCommand.parser();
            case "devices" -> DevicesCommand.parser();
            case "extract" -> ExtractCommand.parser();
            default -> throw new UsageException("no help for '" + rest[0] + "'; commands: demo, devices, extract");
        };
        out.print(p.help());
        return 0;
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
