package io.spectro.cuda;

import io.spectro.conformance.AbstractBackendConformanceTest;

/**
 * The shared conformance suite on the CUDA backend: golden configurations (cuFFT in normal mode when it is loaded,
 * else Spectro's FFT kernels), deterministic mode (always Spectro's own FFT kernels, bit-exact against
 * ReferencePipeline), API edge cases and the leak check. Runs wherever a CUDA device is usable; skipped with the probe's
 * reason elsewhere, and failing instead with {@code -Dspectro.require.cuda=true}. Running it with {@code
 * -Dspectro.cufft.path=/nonexistent} covers normal mode on Spectro's FFT kernels too ({@code benchmarks/gpu-check.sh}
 * does both).
 */
class CudaConformanceTest extends AbstractBackendConformanceTest {
    @Override
    protected String backendName() {
        return "cuda";
    }
}
