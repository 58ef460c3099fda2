package io.spectro.cli.support;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An integer option within {@code [min, max]}. One subclass per range (picocli creates converters from their class):
 * {@code static final class Threads extends IntRange { Threads() { super(1, 4096); } }}. Bad values are {@code 'abc'
 * is not an integer (valid: an integer from 1 to 4096)} or {@code 0 is out of range (valid: ...)}.
 */
public abstract class IntRange implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    /** Valid values are {@code min <= v <= max}; {@code max = Integer.MAX_VALUE} reads "an integer >= min". */
    protected IntRange(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(String value) {
        String v = value.strip();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not an integer (valid: " + valid() + ")");
        }
        if (n < min || n > max) {
            throw new TypeConversionException(v + " is out of range (valid: " + valid() + ")");
        }
        return (int) n;
    }

    /** The valid range in words, e.g. {@code an integer >= 2}. */
    public String valid() {
        return max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
    }
}
