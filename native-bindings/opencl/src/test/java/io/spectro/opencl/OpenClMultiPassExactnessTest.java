package io.spectro.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link OpenClExactnessTest}'s tests over the multi-pass kernels (one launch per stage and per FFT pass over global
 * memory), which {@code -Dspectro.device.fused=false} selects for every size and which run sizes above 4096,
 * Bluestein sizes and frame output in any case: the same bits as {@link
 * io.spectro.dsp.ReferencePipeline#compute}.
 */
class OpenClMultiPassExactnessTest extends OpenClExactnessTest {
    private static String saved;

    @BeforeAll
    static void select() {
        saved = System.getProperty("spectro.device.fused");
        System.setProperty("spectro.device.fused", "false");
    }

    @AfterAll
    static void deselect() {
        if (saved == null) {
            System.clearProperty("spectro.device.fused");
        } else {
            System.setProperty("spectro.device.fused", saved);
        }
    }

    @Override
    boolean expectFused() {
        return false;
    }
}
