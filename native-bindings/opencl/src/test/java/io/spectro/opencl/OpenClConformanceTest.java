package io.spectro.opencl;

import io.spectro.conformance.AbstractBackendConformanceTest;

/**
 * The shared conformance suite on the OpenCL backend (PoCL on the build machines): golden configurations, deterministic
 * bit-exactness against ReferencePipeline, API edge cases and the leak check. Skipped with the probe's reason where
 * OpenCL is unavailable, failing instead with {@code -Dspectro.require.opencl=true} (set by CI).
 */
class OpenClConformanceTest extends AbstractBackendConformanceTest {
    @Override
    protected String backendName() {
        return "opencl";
    }
}
