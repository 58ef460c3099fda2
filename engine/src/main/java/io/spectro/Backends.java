package io.spectro;

import io.spectro.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Discovery of backend providers on the class path. */
final class Backends {
    private Backends() {}

    /** Every provider found by ServiceLoader, highest priority first. */
    static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        var it = ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
                .iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                list.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A provider that cannot even be instantiated is skipped; probing must never throw.
                System.getLogger("io.spectro")
                        .log(System.Logger.Level.DEBUG, "skipping backend provider: {0}", e.toString());
            }
        }
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::name));
        return list;
    }

    /** The provider called {@code name}, or an error listing the known names. */
    static BackendProvider byName(List<BackendProvider> providers, String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (BackendProvider p : providers) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        List<String> names = providers.stream().map(BackendProvider::name).toList();
        throw new IllegalArgumentException(
                "unknown backend '" + name + "'; known backends: auto, " + String.join(", ", names)
                        + (names.isEmpty() ? " (none on the class path: add spectro-cpu-fallback)" : ""));
    }

    /** A setting from a system property, else an environment variable, else null. */
    static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }
}
