package io.spectro.spi;

/**
 * A backend could not be opened or could not plan or run a spec; the message says why and what to do.
 *
 * <p>A failure while a batch runs carries a {@link Kind}, which tells the engine what to do with the batch: split it
 * ({@link Kind#OUT_OF_MEMORY}), stop using the device ({@link Kind#DEVICE_LOST}), or recompute it elsewhere ({@link
 * Kind#FAILED}). Backends that cannot tell use the plain constructors ({@link Kind#FAILED}).
 */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What failed, as far as the backend can tell. */
    public enum Kind {
        /** Anything else (a launch or copy failed, a kernel could not be built): the device may still work. */
        FAILED,
        /** The device could not allocate what the batch needs (a smaller batch may fit). */
        OUT_OF_MEMORY,
        /** The device is gone for good (removed, reset, context lost): nothing more will run on it. */
        DEVICE_LOST
    }

    /** The kind of failure. */
    private final Kind kind;

    /** With a message ({@link Kind#FAILED}). */
    public BackendException(String message) {
        this(Kind.FAILED, message, null);
    }

    /** With a message and cause ({@link Kind#FAILED}). */
    public BackendException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    /** With a kind, a message and a cause (may be null). */
    public BackendException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind == null ? Kind.FAILED : kind;
    }

    /** What failed: {@link Kind#FAILED} unless the backend said more. */
    public Kind kind() {
        return kind;
    }
}
