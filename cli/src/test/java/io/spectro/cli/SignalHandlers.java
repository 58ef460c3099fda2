package io.spectro.cli;

import io.spectro.Presets;
import io.spectro.Spectro;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which library owns each signal's handler in this process, read at the moment of the call with {@code sigaction(2)}
 * and {@code dladdr(3)} (Linux, x86-64 glibc layout of {@code struct sigaction}). The JVM needs its own handlers for
 * SIGSEGV, SIGBUS, SIGFPE, SIGILL (implicit null checks, safepoint polls, stack banging) and SIGUSR2 (thread
 * suspension); PoCL's initialisation installs LLVM's one-shot ({@code SA_RESETHAND}) handlers over them, which made
 * {@code spectro extract} die with status 139 (see notes-sigsegv.md).
 *
 * <p>As a command ({@code java -cp <cli test class path> io.spectro.cli.SignalHandlers cpu|auto}) it opens an engine
 * (the CPU backend, or automatic selection), computes one clip and prints the owners and whether PoCL or LLVM is
 * mapped into the process: {@code auto} is the check for a default run.
 */
final class SignalHandlers {
    /** The signals the JVM relies on, by number (Linux x86-64). */
    static final Map<String, Integer> JVM_SIGNALS =
            Map.of("SIGSEGV", 11, "SIGBUS", 7, "SIGFPE", 8, "SIGILL", 4, "SIGUSR2", 12);

    private static final int SA_RESETHAND = 0x80000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGACTION = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle DLADDR = LINKER.downcallHandle(
            SymbolLookup.libraryLookup("libc.so.6", Arena.global())
                    .find("dladdr")
                    .orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private SignalHandlers() {}

    /** The file name of the library whose function handles {@code signal}, {@code SIG_DFL} or {@code SIG_IGN}. */
    static String owner(int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment act = a.allocate(152); // struct sigaction: handler at 0, mask at 8, flags at 136
            int rc = (int) SIGACTION.invokeExact(signal, MemorySegment.NULL, act);
            if (rc != 0) {
                return "?";
            }
            long handler = act.get(ValueLayout.JAVA_LONG, 0);
            if (handler == 0 || handler == 1) {
                return handler == 0 ? "SIG_DFL" : "SIG_IGN";
            }
            MemorySegment info = a.allocate(32); // Dl_info: dli_fname first
            int found = (int) DLADDR.invokeExact(MemorySegment.ofAddress(handler), info);
            String lib = found == 0
                    ? "?"
                    : info.get(ValueLayout.ADDRESS, 0).reinterpret(4096).getString(0);
            boolean oneShot = (act.get(ValueLayout.JAVA_INT, 136) & SA_RESETHAND) != 0;
            return lib.substring(lib.lastIndexOf('/') + 1) + (oneShot ? " (SA_RESETHAND)" : "");
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction/dladdr failed", t);
        }
    }

    /** {@link #owner} of every signal in {@link #JVM_SIGNALS}. */
    static Map<String, String> owners() {
        Map<String, String> out = new LinkedHashMap<>();
        JVM_SIGNALS.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getKey(), owner(e.getValue())));
        return out;
    }

    /** Whether a library whose file name contains {@code name} is mapped into this process. */
    static boolean mapped(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains(name));
    }

    /** {@code cpu} or {@code auto}: opens that engine, computes one clip, prints the handlers' owners. */
    public static void main(String[] args) throws IOException {
        Spectro.Builder b = Spectro.builder();
        if (args.length > 0 && args[0].equals("cpu")) {
            b.backend("cpu");
        }
        try (Spectro engine = b.build()) {
            engine.compute(Presets.whisper(), new float[16000]);
            System.out.println("backend " + engine.backendName());
        }
        System.out.println("handlers " + owners());
        System.out.println("libpocl mapped " + mapped("libpocl") + ", libLLVM mapped " + mapped("libLLVM"));
    }
}
