package io.spectro.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options and positional arguments of one command line, with typed accessors whose errors name the option, the
 * value given and what is valid.
 */
final class ParsedArgs {
    private final ArgParser parser;
    private final Map<String, String> values;
    private final List<String> positional;

    ParsedArgs(ArgParser parser, Map<String, String> values, List<String> positional) {
        this.parser = parser;
        this.values = values;
        this.positional = List.copyOf(positional);
    }

    /** Whether the option (flag or valued) was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The positional arguments, in order. */
    List<String> positional() {
        return positional;
    }

    /** The raw value, or {@code fallback} when the option was not given. */
    String string(String name, String fallback) {
        return has(name) ? values.get(name) : fallback;
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when not given. */
    int integer(String name, int fallback, int min, int max) throws UsageException {
        if (!has(name)) {
            return fallback;
        }
        String v = values.get(name).strip();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(
                    name + ": '" + values.get(name) + "' is not an integer (valid: " + range(min, max) + ")");
        }
        if (n < min || n > max) {
            throw new UsageException(name + ": " + v + " is out of range (valid: " + range(min, max) + ")");
        }
        return (int) n;
    }

    private static String range(long min, long max) {
        if (max == Integer.MAX_VALUE) {
            return "an integer >= " + min;
        }
        return "an integer from " + min + " to " + max;
    }

    /**
     * A finite number in {@code [min, max]} (or {@code > min} when {@code minExclusive}), or {@code fallback} when not
     * given.
     */
    double number(String name, double fallback, double min, boolean minExclusive, double max) throws UsageException {
        if (!has(name)) {
            return fallback;
        }
        String v = values.get(name).strip();
        String valid = "a number " + (minExclusive ? "> " : ">= ") + fmt(min)
                + (max == Double.POSITIVE_INFINITY ? "" : " and <= " + fmt(max));
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": '" + values.get(name) + "' is not a number (valid: " + valid + ")");
        }
        if (!Double.isFinite(d) || d < min || (minExclusive && d == min) || d > max) {
            throw new UsageException(name + ": " + v + " is out of range (valid: " + valid + ")");
        }
        return d;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** One of {@code choices} (matched case-insensitively, returned as listed), or {@code fallback} when not given. */
    String choice(String name, String fallback, List<String> choices) throws UsageException {
        if (!has(name)) {
            return fallback;
        }
        String v = values.get(name).strip().toLowerCase(Locale.ROOT);
        for (String c : choices) {
            if (c.equals(v)) {
                return c;
            }
        }
        throw new UsageException(name + ": '" + values.get(name) + "' is not one of " + String.join(", ", choices));
    }

    /** The command as typed, for messages. */
    String command() {
        return parser.command();
    }
}
