package io.spectro;

/**
 * A backend that an engine considered and did not use, with the reason ({@link Spectro#skippedBackends()}).
 *
 * @param backend the backend's name ({@code cpu}, {@code opencl}, {@code cuda})
 * @param reason why it was not used, one line (e.g. {@code libcuda.so.1 not found})
 */
public record SkippedBackend(String backend, String reason) {
    /** One line for people: {@code backend: reason}. */
    public String describe() {
        return backend + ": " + reason;
    }
}
