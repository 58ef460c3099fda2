package io.spectro.spi;

/**
 * A backend plug-in, found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.spectro.spi.BackendProvider}).
 * Providers are cheap: construction and {@link #name()} do no work; {@link #probe()} finds out once, never throws,
 * and says why a backend is unusable; {@link #create(BackendConfig)} does the expensive set-up.
 */
public interface BackendProvider {
    /** The backend's name as users type it: {@code cpu}, {@code opencl}, {@code cuda}. Lower case, no spaces. */
    String name();

    /** Automatic selection tries higher priorities first (CUDA 300, OpenCL 200, CPU 100). */
    int priority();

    /**
     * Whether the backend can run here, with the devices it sees, or the one-line reason it cannot (e.g. {@code
     * "libcuda.so.1 not found"}). Never throws; the result is computed once and cached by the provider.
     */
    Availability probe();

    /**
     * What {@link #probe()} would say, as far as it can be found cheaply: the library is there, the devices and their
     * types, without the expensive checks (kernel builds, contexts). Automatic selection uses it to skip a backend it
     * will not use (e.g. OpenCL whose only device is a CPU) without paying for them. Never throws; cached. Default:
     * {@link #probe()}.
     */
    default Availability survey() {
        return probe();
    }

    /**
     * Opens the backend on the device chosen by {@code config}. Throws {@link BackendException} with a clear
     * message when it cannot (unavailable, unknown device).
     */
    Backend create(BackendConfig config);
}
