package io.spectro.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.spi.Availability;
import io.spectro.spi.DeviceInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                probe.availability().devices().stream()
                        .map(d -> d.name() + "/" + d.type())
                        .toList(),
                survey.availability().devices().stream()
                        .map(d -> d.name() + "/" + d.type())
                        .toList());
        assertTrue(survey.availability().available());
        assertTrue(new OpenClBackendProvider().survey().available());
    }

    @Test
    void theSurveyIsKeptOnDiskWhileTheDriversAreTheSame(@TempDir Path dir) throws Exception {
        String saved = System.getProperty("spectro.cacheDir");
        System.setProperty("spectro.cacheDir", dir.toString());
        try {
            assertNull(SurveyCache.read(), "nothing kept yet");
            DeviceInfo d =
                    new DeviceInfo(0, "Portable Computing Language", "pthread-cpu", "CPU", 2, 1L << 30, true, "");
            SurveyCache.write(Availability.yes("default device [0] pthread-cpu", List.of(d)));
            Availability kept = SurveyCache.read();
            assertNotNull(kept);
            assertTrue(kept.available());
            assertEquals("default device [0] pthread-cpu", kept.detail());
            DeviceInfo k = kept.devices().getFirst();
            assertEquals(
                    List.of(d.index(), d.platform(), d.name(), d.type(), d.computeUnits(), d.memoryBytes()),
                    List.of(k.index(), k.platform(), k.name(), k.type(), k.computeUnits(), k.memoryBytes()));
            // another driver set (another key) makes the entry stale
            Path file = SurveyCache.file();
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
            lines.set(0, "0".repeat(64));
            Files.write(file, lines);
            assertNull(SurveyCache.read());
            System.setProperty("spectro.probeCache", "false");
            assertNull(SurveyCache.file());
        } finally {
            System.clearProperty("spectro.probeCache");
            if (saved == null) {
                System.clearProperty("spectro.cacheDir");
            } else {
                System.setProperty("spectro.cacheDir", saved);
            }
        }
    }
}
