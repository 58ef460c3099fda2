package io.spectro;

import java.util.Arrays;

/**
 * An analysis window: a named shape (periodic or symmetric) or caller-supplied coefficients.
 *
 * @param type the shape; {@link WindowType#CUSTOM} for caller-supplied coefficients
 * @param periodic periodic (DFT-even, torch/scipy default) rather than symmetric; ignored for CUSTOM
 * @param coefficients the coefficients of a CUSTOM window (length {@code winLength}), else null
 */
public record Window(WindowType type, boolean periodic, float[] coefficients) {

    /** Checks that CUSTOM comes with coefficients and that named shapes do not. */
    public Window {
        if (type == null) {
            throw new IllegalArgumentException("window type must not be null");
        }
        if (type == WindowType.CUSTOM) {
            if (coefficients == null || coefficients.length == 0) {
                throw new IllegalArgumentException("a CUSTOM window needs at least one coefficient");
            }
            for (int i = 0; i < coefficients.length; i++) {
                if (!Float.isFinite(coefficients[i])) {
                    throw new IllegalArgumentException(
                            "window coefficient " + i + " = " + coefficients[i] + " is not finite");
                }
            }
            coefficients = coefficients.clone();
        } else if (coefficients != null) {
            throw new IllegalArgumentException("coefficients are only for CUSTOM windows, not " + type);
        }
    }

    /** A periodic window of the given shape. */
    public static Window periodic(WindowType type) {
        return new Window(type, true, null);
    }

    /** A symmetric window of the given shape. */
    public static Window symmetric(WindowType type) {
        return new Window(type, false, null);
    }

    /** Caller-supplied coefficients (copied); their count must equal the spec's {@code winLength}. */
    public static Window custom(float[] coefficients) {
        return new Window(WindowType.CUSTOM, false, coefficients);
    }

    @Override
    public float[] coefficients() {
        return coefficients == null ? null : coefficients.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window w
                && w.type == type
                && w.periodic == periodic
                && Arrays.equals(w.coefficients, coefficients);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (periodic ? 1 : 0) + 7 * Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return type == WindowType.CUSTOM
                ? "custom[" + coefficients.length + "]"
                : type.name().toLowerCase(java.util.Locale.ROOT) + (periodic ? "" : " (symmetric)");
    }
}
