package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The JVM keeps its own signal handlers where Spectro is asked to use the CPU: no OpenCL runtime (PoCL, whose LLVM
 * installs one-shot handlers over the JVM's: the cause of the exit status 139 in notes-sigsegv.md) is initialised, in
 * a fresh JVM so that no earlier test's OpenCL use counts. {@link SignalHandlers} also reads them in-process.
 */
@EnabledOnOs(OS.LINUX)
class SignalHandlersTest {

    @Test
    void theHandlersReadHereAreTheJvmsAtStart() {
        // In this (shared) test JVM an earlier test may have initialised PoCL; SIGSEGV is then LLVM's or the JVM's.
        String segv = SignalHandlers.owner(11);
        assertTrue(segv.startsWith("libjvm.so") || segv.startsWith("libLLVM"), segv);
        assertEquals("SIG_DFL", SignalHandlers.owner(31).replace("SIG_IGN", "SIG_DFL"), "SIGSYS");
    }

    @Test
    void aCpuEngineLeavesTheJvmsSignalHandlersAndLoadsNoOpenClRuntime() throws IOException, InterruptedException {
        List<String> out = child("cpu");
        assertEquals("backend cpu", out.get(0), String.join("\n", out));
        String handlers = out.get(1);
        for (String sig : SignalHandlers.JVM_SIGNALS.keySet()) {
            assertTrue(handlers.contains(sig + "=libjvm.so"), sig + " is not the JVM's: " + handlers);
        }
        assertEquals("libpocl mapped false, libLLVM mapped false", out.get(2));
    }

    /** Runs {@link SignalHandlers#main} in a new JVM with this class path; returns its output lines. */
    private static List<String> child(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SignalHandlers.class.getName(),
                        mode)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), text);
        return text.lines()
                .filter(l -> l.startsWith("backend") || l.startsWith("handlers") || l.startsWith("libpocl"))
                .toList();
    }
}
