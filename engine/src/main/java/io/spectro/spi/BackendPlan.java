package io.spectro.spi;

import io.spectro.SpectrogramSpec;

/**
 * A spec compiled for one backend. Immutable once built and safe to execute from several threads unless the backend
 * documents otherwise (device plans serialise their executions internally).
 */
public interface BackendPlan extends AutoCloseable {
    /** The spec this plan computes. */
    SpectrogramSpec spec();

    /**
     * Computes every clip of {@code batch} into its output segment. The engine has validated the clips (lengths,
     * finite samples) and sized the outputs.
     */
    void execute(ClipBatch batch);

    /** Frees the plan's resources. Idempotent; executing after close throws {@link IllegalStateException}. */
    @Override
    void close();
}
