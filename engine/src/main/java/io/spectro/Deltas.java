package io.spectro;

import static io.spectro.Validation.require;

/**
 * Deltas appended to the features along the feature axis (torchaudio {@code compute_deltas}: a regression over
 * {@code width} frames with the edge frames replicated). Part of a {@link SpectrogramSpec} ({@link
 * SpectrogramSpec#deltas()}); needs spectrum POWER when {@code order > 0}.
 *
 * @param order 0 (none), 1 (deltas) or 2 (deltas and delta-deltas)
 * @param width odd width of the regression window in frames, {@code >= 3}
 */
public record Deltas(int order, int width) {
    /** torchaudio's {@code compute_deltas} window width. */
    public static final int DEFAULT_WIDTH = 5;

    /** No deltas. */
    public static final Deltas NONE = new Deltas(0, DEFAULT_WIDTH);

    /** Checks the order and the width. */
    public Deltas {
        require(order >= 0 && order <= 2, "deltaOrder", order, "0, 1 or 2");
        require(width >= 3 && width % 2 == 1, "deltaWidth", width, "odd and >= 3");
    }

    /** Deltas of {@code order} over the default width of 5 frames. */
    public static Deltas of(int order) {
        return new Deltas(order, DEFAULT_WIDTH);
    }
}
