package io.spectro.cli.support;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;

/**
 * A {@link Choice} of an enum's constants, named in lower case ({@code HANN} is {@code hann}), optionally without some
 * of them (e.g. a window type that a flag cannot express).
 *
 * @param <E> the enum
 */
public abstract class EnumChoice<E extends Enum<E>> extends Choice<E> {
    /** Every constant of {@code type} except {@code excluded}, in declaration order. */
    protected EnumChoice(Class<E> type, List<E> excluded) {
        super(names(type, excluded));
    }

    /** Every constant of {@code type}. */
    protected EnumChoice(Class<E> type) {
        this(type, List.of());
    }

    private static <E extends Enum<E>> SequencedMap<String, E> names(Class<E> type, List<E> excluded) {
        SequencedMap<String, E> m = new LinkedHashMap<>();
        for (E e : EnumSet.allOf(type)) {
            if (!excluded.contains(e)) {
                m.put(e.name().toLowerCase(Locale.ROOT), e);
            }
        }
        return m;
    }
}
