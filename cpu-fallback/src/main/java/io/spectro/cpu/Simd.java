package io.spectro.cpu;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) is in the boot layer. The SIMD classes are only
 * touched when it is, so a JVM started without {@code --add-modules jdk.incubator.vector} uses the scalar path (same
 * results, bit for bit).
 */
final class Simd {
    private static final boolean AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !Boolean.getBoolean("spectro.cpu.scalar");

    private Simd() {}

    /** True when the SIMD path is used ({@code -Dspectro.cpu.scalar=true} forces the scalar path). */
    static boolean available() {
        return AVAILABLE;
    }

    /** Float lanes per vector (1 when scalar). */
    static int lanes() {
        return AVAILABLE ? VectorFft.LANES : 1;
    }
}
