package io.spectro.cpu;

import io.spectro.conformance.AbstractBackendConformanceTest;

/**
 * The shared conformance suite on the pure-Java CPU backend. The CPU backend is the fallback of every engine, so the
 * suite fails (instead of skipping) when it cannot be opened.
 */
class CpuConformanceTest extends AbstractBackendConformanceTest {
    @Override
    protected String backendName() {
        return "cpu";
    }

    @Override
    protected boolean required() {
        return true;
    }
}
