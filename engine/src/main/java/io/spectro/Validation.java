package io.spectro;

/**
 * The range checks and the number formatting shared by the spec and its groups, so that every message has one form:
 * {@code field = value is out of range: must be range}.
 */
final class Validation {
    private Validation() {}

    /** Throws {@code field = value is out of range: must be range} unless {@code ok}. */
    static void require(boolean ok, String field, double value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + number(value) + " is out of range: must be " + range);
        }
    }

    /** Throws {@code field must not be null} when {@code value} is null. */
    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /**
     * {@code v} as people write it: integral values without a fraction ({@code 16000}, not {@code 16000.0}), others as
     * {@link Double#toString(double)} ({@code 0.97}, {@code 1.0E-10}, {@code NaN}, {@code Infinity}).
     */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
