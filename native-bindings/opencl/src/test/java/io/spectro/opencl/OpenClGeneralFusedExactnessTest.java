package io.spectro.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link OpenClExactnessTest}'s tests over the general (unspecialised) fused kernel, whose
 * source is the one CUDA builds ahead of time: plans take it when specialised builds are off ({@code
 * -Dspectro.opencl.specialise=false}) or a device holds its most specialised programs: the same bits as {@link
 * io.spectro.dsp.ReferencePipeline#compute}.
 */
class OpenClGeneralFusedExactnessTest extends OpenClExactnessTest {
    private static String saved;

    @BeforeAll
    static void select() {
        saved = System.getProperty(OpenClDevice.SPECIALISE_PROPERTY);
        System.setProperty(OpenClDevice.SPECIALISE_PROPERTY, "false");
    }

    @AfterAll
    static void deselect() {
        if (saved == null) {
            System.clearProperty(OpenClDevice.SPECIALISE_PROPERTY);
        } else {
            System.setProperty(OpenClDevice.SPECIALISE_PROPERTY, saved);
        }
    }

    @Override
    boolean expectFused() {
        return true;
    }
}
