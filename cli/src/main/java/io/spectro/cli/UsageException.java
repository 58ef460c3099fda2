package io.spectro.cli;

/** A command line that cannot be run as written: an unknown option, a bad value, a missing input. Exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code message} names the option or argument and what is valid. */
    UsageException(String message) {
        super(message);
    }
}
