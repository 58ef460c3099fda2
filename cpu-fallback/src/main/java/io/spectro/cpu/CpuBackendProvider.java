package io.spectro.cpu;

import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendProvider;
import java.util.List;

/** The pure-Java CPU backend: always available, lowest priority, the fallback of automatic selection. */
public final class CpuBackendProvider implements BackendProvider {
    /** ServiceLoader constructor. */
    public CpuBackendProvider() {}

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability probe() {
        return Availability.yes(
                Runtime.getRuntime().availableProcessors() + " threads, " + CpuBackend.simdDescription(), List.of());
    }

    @Override
    public Backend create(BackendConfig config) {
        return new CpuBackend(config);
    }
}
