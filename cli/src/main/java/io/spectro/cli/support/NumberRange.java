package io.spectro.cli.support;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A finite number option {@code >= min} (or {@code > min}) and {@code <= max}. One subclass per range, as {@link
 * IntRange}. Bad values are {@code 'x' is not a number (valid: a number > 0)} or {@code -3 is out of range (valid:
 * ...)}; NaN and infinities are out of range.
 */
public abstract class NumberRange implements ITypeConverter<Double> {
    private final double min;
    private final boolean minExclusive;
    private final double max;

    /** Valid values are {@code min <(=) v <= max}; {@code max = +infinity} for no upper bound. */
    protected NumberRange(double min, boolean minExclusive, double max) {
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
    }

    @Override
    public Double convert(String value) {
        String v = value.strip();
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number (valid: " + valid() + ")");
        }
        if (!Double.isFinite(d) || d < min || (minExclusive && d == min) || d > max) {
            throw new TypeConversionException(v + " is out of range (valid: " + valid() + ")");
        }
        return d;
    }

    /** The valid range in words, e.g. {@code a number >= 0 and <= 1}. */
    public String valid() {
        return "a number " + (minExclusive ? "> " : ">= ") + plain(min)
                + (max == Double.POSITIVE_INFINITY ? "" : " and <= " + plain(max));
    }

    /** {@code v} as people write it: integers without a fraction ({@code 10000000}), others as Java prints them. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
