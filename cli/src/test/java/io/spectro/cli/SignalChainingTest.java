package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * HotSpot's signal chaining ({@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}) keeps the JVM's handlers primary after the
 * OpenCL runtime is initialised: PoCL's LLVM installs one-shot ({@code SA_RESETHAND}) handlers over the JVM's SIGSEGV,
 * SIGBUS, SIGILL and SIGFPE handlers (see {@link SignalHandlers}), so a fault the JVM expects (an implicit null check, a
 * safepoint poll) that arrives while another thread's fault has reset the handler ends the process with status 139 and
 * no {@code hs_err} file. With libjsig preloaded, a library's {@code sigaction} on a signal the JVM handles is recorded
 * and chained behind the JVM's handler instead of replacing it. Checked in child JVMs with and without the preload, each
 * opening the OpenCL backend and computing one clip.
 */
@EnabledOnOs(OS.LINUX)
class SignalChainingTest {
    /** The signals whose handler the JVM needs to survive its own faults (by name, Linux x86-64 numbers). */
    private static final List<String> FAULTS = List.of("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL");

    @TempDir
    Path tmp;

    @Test
    void libjsigKeepsTheJvmsFaultHandlersPrimaryAfterOpenClStarts() throws Exception {
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        assertTrue(Files.isRegularFile(jsig), jsig + " is missing from this JDK");
        Map<String, String> plain = child(Map.of(), "plain");
        Map<String, String> chained = child(Map.of("LD_PRELOAD", jsig.toString()), "chained");
        for (String sig : FAULTS) {
            assertEquals("libjvm.so", chained.get(sig), sig + " with libjsig: " + chained);
        }
        // The premise: without chaining, PoCL takes SIGSEGV over (if this fails, the preload is no longer needed).
        assertNotEquals("libjvm.so", plain.get("SIGSEGV"), "without libjsig: " + plain);
        System.out.println("SignalChainingTest: without libjsig " + plain);
        System.out.println("SignalChainingTest: with libjsig    " + chained);
    }

    /** Runs {@link #main} in a child JVM with {@code env}; returns each signal's handler owner after OpenCL started. */
    private Map<String, String> child(Map<String, String> env, String name) throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(SignalChainingTest.class, List.of()), env, tmp, name, 120);
        assertEquals(0, r.status(), r.toString());
        String opencl =
                r.out().lines().filter(l -> l.startsWith("opencl ")).findFirst().orElse("opencl ?");
        boolean required = Boolean.getBoolean("spectro.require.opencl");
        if (required) {
            assertEquals("opencl ok", opencl, r.toString());
        }
        assumeTrue(opencl.equals("opencl ok"), "no OpenCL runtime here: " + opencl);
        Map<String, String> owners = new LinkedHashMap<>();
        r.out().lines().filter(l -> l.startsWith("SIG")).forEach(l -> {
            int eq = l.indexOf('=');
            owners.put(l.substring(0, eq), l.substring(eq + 1));
        });
        return owners;
    }

    /** Opens the OpenCL backend, computes one clip, prints {@code opencl ok} (or why not) and {@code SIGNAME=owner}. */
    public static void main(String[] args) {
        try (Spectro engine = Spectro.builder().backend("opencl").strict(true).build()) {
            engine.compute(Presets.whisper(), new float[16000]);
            System.out.println("opencl ok");
        } catch (RuntimeException e) {
            System.out.println("opencl unavailable: " + e.getMessage());
        }
        Map<String, Integer> all = new LinkedHashMap<>(SignalHandlers.JVM_SIGNALS);
        all.putAll(Map.of("SIGHUP", 1, "SIGINT", 2, "SIGQUIT", 3, "SIGTERM", 15, "SIGXFSZ", 25));
        all.forEach((sig, n) -> System.out.println(sig + "=" + SignalHandlers.owner(n)));
    }
}
