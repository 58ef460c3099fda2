package io.spectro.device;

import io.spectro.spi.BackendException;

/** A device API call failed; the message names the call and the decoded status (e.g. {@code clBuildProgram: CL_BUILD_PROGRAM_FAILURE}). */
public class DeviceException extends BackendException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public DeviceException(String message) {
        super(message);
    }

    /** With a message and cause. */
    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
