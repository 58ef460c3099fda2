package io.spectro.cuda;

import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendProvider;

/**
 * The CUDA backend ({@code cuda}, priority 300): Spectro's device pipeline on an NVIDIA GPU through JCuda's driver API,
 * with the shared kernels compiled by nvcc at build time and cuFFT (through FFM) for the transform outside
 * deterministic mode. Construction is free; {@link #probe()} runs once, never throws, and caches its answer.
 */
public final class CudaBackendProvider implements BackendProvider {
    private final DriverApi driver;
    private volatile CudaProbe.Outcome outcome;

    /** The provider ServiceLoader creates. */
    public CudaBackendProvider() {
        this(new JCudaDriverApi());
    }

    CudaBackendProvider(DriverApi driver) {
        this.driver = driver;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public Availability probe() {
        return outcome().availability();
    }

    /** The cached probe outcome (probing on first call). */
    CudaProbe.Outcome outcome() {
        CudaProbe.Outcome o = outcome;
        if (o == null) {
            synchronized (this) {
                o = outcome;
                if (o == null) {
                    o = CudaProbe.run(driver, KernelBinaries::find, CufftLibrary::load);
                    outcome = o;
                    System.getLogger("io.spectro.cuda")
                            .log(
                                    System.Logger.Level.DEBUG,
                                    "cuda probe: {0}",
                                    (o.availability().available() ? "available: " : "unavailable: ")
                                            + o.availability().detail());
                }
            }
        }
        return o;
    }

    @Override
    public Backend create(BackendConfig config) {
        throw new UnsupportedOperationException("pending DeviceBackend");
    }
}
