package io.spectro.cuda;

import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceSelector;
import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendProvider;
import io.spectro.spi.DeviceInfo;

/**
 * The CUDA backend ({@code cuda}, priority 300): Spectro's device pipeline ({@link DeviceBackend}) on an NVIDIA GPU
 * through JCuda's driver API, with the shared kernels compiled by nvcc at build time and cuFFT (through FFM) for the
 * transform outside deterministic mode. Construction is free; {@link #probe()} never throws. ServiceLoader makes a
 * new provider for every lookup, so the probe of the real driver is run once per JVM and shared; devices are chosen
 * by {@link BackendConfig#device()} with {@link DeviceSelector} (an ordinal or a name substring; default the first
 * usable GPU).
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The real driver's probe, shared by every provider instance of this class loader. */
    private static volatile CudaProbe.Outcome shared;

    private final DriverApi driver;
    private volatile CudaProbe.Outcome outcome;

    /** The provider ServiceLoader creates; does no work. */
    public CudaBackendProvider() {
        this(null);
    }

    /** A provider over a scripted driver (tests); its probe is cached per instance. */
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
        if (driver == null) {
            CudaProbe.Outcome o = shared;
            if (o == null) {
                synchronized (CudaBackendProvider.class) {
                    o = shared;
                    if (o == null) {
                        o = probeWith(new JCudaDriverApi());
                        shared = o;
                    }
                }
            }
            return o;
        }
        CudaProbe.Outcome o = outcome;
        if (o == null) {
            synchronized (this) {
                o = outcome;
                if (o == null) {
                    o = probeWith(driver);
                    outcome = o;
                }
            }
        }
        return o;
    }

    private static CudaProbe.Outcome probeWith(DriverApi api) {
        CudaProbe.Outcome o = CudaProbe.run(api, KernelBinaries::find, CufftLibrary::load);
        System.getLogger("io.spectro.cuda")
                .log(
                        System.Logger.Level.DEBUG,
                        "cuda probe: {0}",
                        (o.availability().available() ? "available: " : "unavailable: ")
                                + o.availability().detail());
        return o;
    }

    /**
     * Opens the chosen GPU: its primary context and stream, the kernels of the spec's mode on first plan, and cuFFT
     * when the probe loaded it. {@link BackendException} when the backend is unavailable or the selector matches no
     * usable device.
     */
    @Override
    public Backend create(BackendConfig config) {
        CudaProbe.Outcome o = outcome();
        if (!o.availability().available()) {
            throw new BackendException(
                    "the cuda backend is not available: " + o.availability().detail());
        }
        DeviceInfo chosen = DeviceSelector.select(name(), config.device(), o.devices());
        CufftLibrary cufft = o.cufft() instanceof CufftLibrary.Loaded l ? l.library() : null;
        CudaDevice device = CudaDevice.open(chosen.index(), config.tracker(), cufft);
        try {
            return new DeviceBackend(name(), device, config.tracker());
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }
}
