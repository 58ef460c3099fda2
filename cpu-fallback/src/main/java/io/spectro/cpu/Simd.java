package io.spectro.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) is in the boot layer. The SIMD classes are only
 * touched when it is, so a JVM started without {@code --add-modules jdk.incubator.vector} uses the scalar path (same
 * results, bit for bit).
 */
final class Simd {
    /** The warning logged once (logger {@code io.spectro}) when a CPU backend opens without the Vector API. */
    static final String MISSING_WARNING = "jdk.incubator.vector is not enabled, so the cpu backend runs its scalar"
            + " path: same results, about 8x slower (measured with AVX-512, see BENCHMARKS.md); start the JVM with"
            + " --add-modules jdk.incubator.vector";

    private static final boolean MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean AVAILABLE = MODULE_PRESENT && !Boolean.getBoolean("spectro.cpu.scalar");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Simd() {}

    /** True when the SIMD path is used ({@code -Dspectro.cpu.scalar=true} forces the scalar path). */
    static boolean available() {
        return AVAILABLE;
    }

    /** Whether the JVM was started with the Vector API module (whatever {@code spectro.cpu.scalar} says). */
    static boolean modulePresent() {
        return MODULE_PRESENT;
    }

    /** Float lanes per vector (1 when scalar). */
    static int lanes() {
        return AVAILABLE ? VectorFft.LANES : 1;
    }

    /**
     * Logs {@link #MISSING_WARNING} once per JVM when the module is missing. A scalar path forced with {@code
     * -Dspectro.cpu.scalar=true} was asked for, and is not warned about.
     */
    static void warnOnceIfMissing() {
        if (!MODULE_PRESENT && WARNED.compareAndSet(false, true)) {
            System.getLogger("io.spectro").log(System.Logger.Level.WARNING, MISSING_WARNING);
        }
    }
}
