package io.spectro;

import io.spectro.spi.Availability;

/**
 * One backend as seen by {@link Spectro#backends()}: its name, automatic-selection priority, and what its probe found.
 *
 * @param name the backend name ({@code cpu}, {@code opencl}, {@code cuda})
 * @param priority automatic selection tries higher first
 * @param availability whether it can run here, and why not
 */
public record BackendStatus(String name, int priority, Availability availability) {
    /** One line: {@code opencl: available (...)} or {@code cuda: unavailable: libcuda.so.1 not found}. */
    public String describe() {
        return name + ": " + (availability.available() ? "available" : "unavailable")
                + (availability.detail().isEmpty()
                        ? ""
                        : (availability.available() ? " (" : ": ")
                                + availability.detail()
                                + (availability.available() ? ")" : ""));
    }
}
