/**
 * The conformance suite every Spectro backend runs: extend {@link io.spectro.conformance.AbstractBackendConformanceTest}
 * in a JUnit 5 test of the backend's module and name the backend. The golden fixtures (from independent references,
 * written by {@code tools/golden/make_golden.py}) travel in this module.
 */
module io.spectro.conformance {
    requires transitive io.spectro;
    requires io.spectro.audio;
    requires java.management;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports io.spectro.conformance;

    opens io.spectro.conformance to
            org.junit.platform.commons;
}
