package io.spectro.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.spi.DeviceInfo;
import org.junit.jupiter.api.Test;

/**
 * Automatic selection leaves a device backend whose only devices are CPUs (OpenCL on PoCL) to explicit requests, says
 * why, and still opens it when asked by name.
 */
class AutoSelectionTest {
    @Test
    void cpuOnlyOpenClIsNotChosenAutomaticallyButWorksWhenAsked() {
        BackendStatus opencl = Spectro.backends().stream()
                .filter(b -> b.name().equals("opencl"))
                .findFirst()
                .orElseThrow();
        assumeTrue(
                opencl.availability().available(),
                "OpenCL is not available here: " + opencl.availability().detail());
        boolean cpuOnly = opencl.availability().devices().stream()
                .filter(DeviceInfo::usable)
                .allMatch(d -> d.type().equalsIgnoreCase("CPU"));
        assumeTrue(cpuOnly, "this machine has a non-CPU OpenCL device");
        boolean cuda = Spectro.backends().stream()
                .anyMatch(b -> b.name().equals("cuda") && b.availability().available());
        assumeTrue(!cuda, "a CUDA device is present");
        String saved = System.getProperty("spectro.backend");
        System.clearProperty("spectro.backend");
        try (Spectro auto = Spectro.builder().build()) {
            if (System.getenv("SPECTRO_BACKEND") == null) {
                assertEquals("cpu", auto.backendName());
                assertTrue(
                        auto.selectionNotes().stream().anyMatch(n -> n.startsWith("opencl: not chosen automatically")),
                        auto.selectionNotes().toString());
            }
        } finally {
            if (saved != null) {
                System.setProperty("spectro.backend", saved);
            }
        }
        try (Spectro asked = Spectro.builder().backend("opencl").strict(true).build()) {
            assertEquals("opencl", asked.backendName());
        }
    }

    @Test
    void theSurveyListsTheProbesDevicesWithoutBuildingKernels() {
        OpenClProbe.Result survey = OpenClProbe.survey();
        OpenClProbe.Result probe = OpenClProbe.get();
        assumeTrue(probe.availability().available(), "OpenCL is not available here");
        assertEquals(
                probe.devices().stream()
                        .map(d -> d.info().name() + "/" + d.info().type())
                        .toList(),
                survey.devices().stream()
                        .map(d -> d.info().name() + "/" + d.info().type())
                        .toList());
        assertTrue(survey.availability().available());
        assertTrue(new OpenClBackendProvider().survey().available());
    }
}
