package io.spectro.cli.support;

/**
 * A command line that cannot be run as written, found after parsing: a missing input, an option that needs another, a
 * value that only the command can check. {@link CommandLines} prints {@code PREFIX: message} and exits with {@link
 * CommandLines#USAGE}.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code message} names the option or argument, the value and what is valid. */
    public UsageException(String message) {
        super(message);
    }
}
