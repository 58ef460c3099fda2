package io.spectro.cli.support;

import java.util.HashMap;
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
 * as both its {@code converter} (name to value) and its {@code completionCandidates} (the names as listed, shown by
 * {@code --help} through {@code ${COMPLETION-CANDIDATES}} and offered by shell completion). A bad value is a {@link
 * TypeConversionException} {@code 'x' is not one of a, b, c}; {@link CommandLines} prefixes the option name.
 *
 * @param <T> the value a name stands for
 */
public abstract class Choice<T> implements ITypeConverter<T>, Iterable<String> {
    private final List<String> names;
    private final Map<String, T> byLowerCaseName = new HashMap<>();

    /** @param byName the valid names (in the order shown) and the values they stand for */
    protected Choice(SequencedMap<String, T> byName) {
        this.names = List.copyOf(byName.sequencedKeySet());
        byName.forEach((n, v) -> {
            if (byLowerCaseName.put(n.toLowerCase(Locale.ROOT), v) != null) {
                throw new IllegalArgumentException("choice '" + n + "' is listed twice");
            }
        });
    }

    /** Names that stand for themselves (as listed, whatever case the user types). */
    protected Choice(List<String> names) {
        this(identity(names));
    }

    private static <T> SequencedMap<String, T> identity(List<String> names) {
        SequencedMap<String, T> m = new LinkedHashMap<>();
        for (String n : names) {
            @SuppressWarnings("unchecked")
            T self = (T) n;
            m.put(n, self);
        }
        return m;
    }

    @Override
    public T convert(String value) {
        T v = byLowerCaseName.get(value.strip().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", names));
        }
        return v;
    }

    /** The valid names, in order. */
    @Override
    public Iterator<String> iterator() {
        return names.iterator();
    }
}
