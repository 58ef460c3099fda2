package io.spectro.opencl;

import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceSelector;
import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendProvider;
import io.spectro.spi.DeviceInfo;
import java.util.List;

/**
 * The OpenCL backend (JOCL): the device batch orchestration on an OpenCL device. Priority 200. The probe loads
 * {@code libOpenCL.so} through JOCL once per JVM, lists every platform's devices and test-builds the kernels; it never
 * throws. The survey lists the devices without the test-build, so that automatic selection skips a CPU-only OpenCL
 * (PoCL) without compiling the kernels. Devices are chosen by {@link BackendConfig#device()} (an index over all platforms' devices, or a name
 * substring); by default the first GPU, else the first device.
 */
public final class OpenClBackendProvider implements BackendProvider {
    /** ServiceLoader constructor; does no work. */
    public OpenClBackendProvider() {}

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public Availability probe() {
        return OpenClProbe.get().availability();
    }

    @Override
    public Availability survey() {
        return OpenClProbe.survey().availability();
    }

    @Override
    public Backend create(BackendConfig config) {
        OpenClProbe.Result probe = OpenClProbe.get();
        List<DeviceInfo> infos =
                probe.devices().stream().map(OpenClProbe.Device::info).toList();
        if (infos.isEmpty()) {
            throw new BackendException("the opencl backend is not available: "
                    + probe.availability().detail());
        }
        DeviceInfo chosen = DeviceSelector.select(name(), config.device(), infos);
        OpenClDevice device = new OpenClDevice(probe.devices().get(chosen.index()), config.tracker());
        return new DeviceBackend(name(), device, config.tracker());
    }
}
