package io.spectro.spi;

/** A backend could not be opened or could not plan or run a spec; the message says why and what to do. */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public BackendException(String message) {
        super(message);
    }

    /** With a message and cause. */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
