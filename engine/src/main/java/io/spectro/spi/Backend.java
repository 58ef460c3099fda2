package io.spectro.spi;

import io.spectro.SpectrogramSpec;

/** An opened backend: owns its device context and every plan it made; {@link #close()} frees them all. */
public interface Backend extends AutoCloseable {
    /** The provider name ({@code cpu}, {@code opencl}, {@code cuda}). */
    String name();

    /** The device in use, for humans (e.g. "pthread-skylake-avx512 (PoCL 3.1)" or "2 threads, AVX-512"). */
    String deviceName();

    /**
     * Builds a plan for {@code spec}: tables uploaded, kernels built, buffers sized. Throws {@link BackendException}
     * when the spec cannot be honoured, for example deterministic mode on a backend that cannot promise it.
     */
    BackendPlan plan(SpectrogramSpec spec);

    /** Releases every native resource of this backend and its plans. Idempotent. */
    @Override
    void close();
}
