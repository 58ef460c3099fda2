package io.spectro.opencl;

import static io.spectro.opencl.OpenClTestSupport.noise;
import static io.spectro.opencl.OpenClTestSupport.reference;
import static io.spectro.opencl.OpenClTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.SpectrogramSpec;
import io.spectro.device.DeviceBackend;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast kernels as a GPU runs them: outside deterministic mode with the device's built-in log/exp/pow (on CPU
 * devices the non-deterministic build otherwise uses the DetMath port, so this path would never run here), within
 * the tolerances {@link OpenClNonDeterministicTest#configs()} states.
 */
class OpenClFastMathTest {
    private static ResourceTracker tracker;
    private static DeviceBackend backend;

    @BeforeAll
    static void open() {
        OpenClTestSupport.assumeOpenCl();
        tracker = new ResourceTracker();
        // The property is read when the device builds its kernels, i.e. by this backend's first plan.
        System.setProperty(OpenClDevice.BUILTIN_MATH_PROPERTY, "true");
        backend = OpenClTestSupport.open(tracker);
    }

    @AfterAll
    static void close() {
        try {
            if (backend != null) {
                backend.close();
                assertEquals(0, tracker.liveCount(), tracker.describeLive());
            }
        } finally {
            System.clearProperty(OpenClDevice.BUILTIN_MATH_PROPERTY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.spectro.opencl.OpenClNonDeterministicTest#configs")
    void builtinMathWithinTolerance(String name, SpectrogramSpec spec, double maxAbsTol, double relL2Tol) {
        SpectrogramSpec s = spec.withDeterministic(false);
        List<float[]> clips = List.of(noise(71, 16000, 0.5f), noise(72, 11111, 0.2f), noise(73, 3000, 0.9f));
        float[][] expected = reference(s, clips);
        float[][] got;
        try (BackendPlan p = backend.plan(s)) {
            got = run(p, clips);
        }
        OpenClNonDeterministicTest.assertWithin("opencl fast math", name, s, expected, got, maxAbsTol, relL2Tol);
    }
}
