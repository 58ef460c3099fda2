package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Runs in the package phase, after shading (see cli/pom.xml): {@code spectro.jar} carries its version in the manifest
 * and prints it, and holds the command-line and JSON libraries without their module descriptors.
 */
class SpectroJarCheck {
    @Test
    void shadedJarKnowsItsVersion() throws IOException, InterruptedException {
        String prop = System.getProperty("spectro.cli.jar");
        assumeTrue(prop != null, "runs only from the package phase, after shading (cli/pom.xml)");
        Path jar = Path.of(prop);
        String version = System.getProperty("spectro.version");
        assertTrue(Files.isRegularFile(jar), jar + " is missing");
        try (JarFile j = new JarFile(jar.toFile())) {
            Attributes attrs = j.getManifest().getMainAttributes();
            assertEquals(Main.class.getName(), attrs.getValue("Main-Class"));
            assertEquals(version, attrs.getValue("Implementation-Version"));
            assertEquals("ALL-UNNAMED", attrs.getValue("Enable-Native-Access"));
            assertNotNull(j.getEntry("picocli/CommandLine.class"));
            assertNotNull(j.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class"));
            assertNull(j.getEntry("module-info.class"), "the jar runs on the class path");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "--version"))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("spectro " + version + "\n", out);
    }
}
