package io.spectro.cpu;

import io.spectro.conformance.AbstractBackendConformanceTest;

/** The shared conformance suite on the pure-Java CPU backend (always available: never skipped). */
class CpuConformanceTest extends AbstractBackendConformanceTest {
    @Override
    protected String backendName() {
        return "cpu";
    }
}
