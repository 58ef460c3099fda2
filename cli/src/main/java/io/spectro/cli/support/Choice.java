package io.spectro.cli.support;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option whose value is one of a fixed list of names, matched case-insensitively. One subclass per option serves
 * as both its {@code converter} (name to value) and its {@code completionCandidates} (the names, listed by {@code
 * --help} through {@code ${COMPLETION-CANDIDATES}} and offered by shell completion). A bad value is a {@link
 * TypeConversionException} {@code 'x' is not one of a, b, c}; {@link CommandLines} prefixes the option name.
 *
 * @param <T> the value a name stands for
 */
public abstract class Choice<T> implements ITypeConverter<T>, Iterable<String> {
    private final Map<String, T> byName;

    /** @param byName the valid names (lower case, in the order shown) and the values they stand for */
    protected Choice(SequencedMap<String, T> byName) {
        this.byName = new LinkedHashMap<>(byName);
    }

    /** Names that stand for themselves. */
    protected Choice(List<String> names) {
        this.byName = new LinkedHashMap<>();
        for (String n : names) {
            @SuppressWarnings("unchecked")
            T self = (T) n;
            byName.put(n, self);
        }
    }

    @Override
    public T convert(String value) {
        T v = byName.get(value.strip().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", byName.keySet()));
        }
        return v;
    }

    /** The valid names, in order. */
    @Override
    public Iterator<String> iterator() {
        return List.copyOf(byName.keySet()).iterator();
    }
}
