package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * Runs in the package phase, after shading (see benchmarks/pom.xml): the shaded jar that {@code spectro bench} runs
 * contains the BenchmarkList, the anchor script, the backend registrations and the right manifest.
 */
class ShadedJarCheck {
    @Test
    void shadedJarIsRunnable() throws IOException {
        String prop = System.getProperty("spectro.benchmarks.jar");
        assumeTrue(prop != null, "runs only from the package phase, after shading (benchmarks/pom.xml)");
        Path jar = Path.of(prop);
        assertTrue(Files.isRegularFile(jar), jar + " is missing");
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry benchmarkList = j.getEntry("META-INF/BenchmarkList");
            assertNotNull(benchmarkList, "META-INF/BenchmarkList is not in the jar");
            try (InputStream list = j.getInputStream(benchmarkList)) {
                BenchmarkListTest.assertListsEveryBenchmark(list);
            }
            assertTrue(read(j, "META-INF/services/io.spectro.spi.BackendProvider")
                    .contains("io.spectro.cpu.CpuBackendProvider"));
            assertNotNull(j.getEntry(TorchAnchor.RESOURCE.substring(1)), TorchAnchor.RESOURCE);
            assertNotNull(j.getEntry("org/jtransforms/fft/FloatFFT_1D.class"));
            assertNotNull(j.getEntry("org/openjdk/jmh/runner/ForkedMain.class"));
            var attrs = j.getManifest().getMainAttributes();
            assertEquals(BenchMain.class.getName(), attrs.getValue("Main-Class"));
            assertEquals("ALL-UNNAMED", attrs.getValue("Enable-Native-Access"));
        }
    }

    private static String read(JarFile j, String name) throws IOException {
        ZipEntry e = j.getEntry(name);
        assertNotNull(e, name + " is not in the jar");
        try (InputStream in = j.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
