package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.SpecTables;

/**
 * How {@code fused_frames} runs a spec on a device: frames per work-group (the tile), the work-group size and the local
 * memory of each group, and where it writes. Chosen from the device's queried limits: the largest tile of at most
 * {@link #MAX_TILE} frames whose two local buffers fit half the device's local memory (so that two groups can share a
 * compute unit), else one frame if that fits the whole of it; a device whose local memory cannot hold one frame's two
 * buffers runs the multi-pass kernels instead, as does every plan when {@link #ENABLED_PROPERTY} is {@code false}.
 *
 * @param tile frames per work-group ({@code 1..MAX_TILE})
 * @param group work-items per work-group (a power of two)
 * @param bufFloats floats of each of the two local buffers ({@code >= tile * 2 * len} and {@code >= 2 * group})
 * @param direct whether the kernel writes each clip's output block (no MFCC, no deltas, no normalisation), else
 *     frame rows
 * @param trackMax whether the kernel keeps the clip maximum in the clip table (a direct spec that clamps)
 */
record FusedLayout(int tile, int group, int bufFloats, boolean direct, boolean trackMax) {
    /** Largest {@code nFft} of the fused kernel: every preset and benchmark; larger sizes keep the multi-pass path. */
    public static final int MAX_NFFT = 4096;
    /** Most frames per work-group. */
    public static final int MAX_TILE = 16;
    /**
     * System property: {@code false} turns the fused kernels off (the multi-pass kernels then run every size; tests of
     * that path set it). On by default: the exactness suite passes over both paths on PoCL. On OpenCL each plan's
     * {@code fused_frames} is built specialised for its spec ({@link FusedFrameStages#defines}): on PoCL 3.1 / LLVM 15
     * that compiles in about a second, where the general kernel (the one CUDA builds ahead of time) takes about ten.
     */
    public static final String ENABLED_PROPERTY = "spectro.device.fused";
    /** System property: a cap on the local memory per group in bytes (tests force small-memory devices with it). */
    public static final String LOCAL_BYTES_PROPERTY = "spectro.device.localMemBytes";
    /** System property: the fused kernel's work-group size (rounded down to a power of two). */
    public static final String GROUP_PROPERTY = "spectro.device.fusedGroup";

    /** Local memory bytes of one work-group: the two buffers. */
    long localBytes() {
        return 2L * bufFloats * Float.BYTES;
    }

    /**
     * The layout for {@code tables} on a device with {@code localBytes} of local memory per group, groups of up to
     * {@code maxGroup} items and {@code preferredGroup} preferred; null when the fused kernel cannot run it (FRAMES
     * output, Bluestein or {@code nFft > MAX_NFFT}, too little local memory, or turned off by {@link #ENABLED_PROPERTY}).
     */
    static FusedLayout choose(SpecTables tables, long localBytes, int maxGroup, int preferredGroup) {
        SpectrogramSpec spec = tables.spec();
        if (!enabled() || spec.spectrum() == SpectrumKind.FRAMES || spec.nFft() > MAX_NFFT) {
            return null;
        }
        FftPlan fft = tables.fft().complexPlan();
        if (fft.bluestein()) {
            return null;
        }
        long local = Math.min(localBytes, longProperty(LOCAL_BYTES_PROPERTY, Long.MAX_VALUE));
        int wanted = (int) Math.min(Integer.MAX_VALUE, longProperty(GROUP_PROPERTY, preferredGroup));
        int group = Integer.highestOneBit(Math.max(1, Math.min(wanted, maxGroup)));
        int frameFloats = 2 * fft.passLength();
        int tile = 0;
        for (int t = MAX_TILE; t >= 1 && tile == 0; t--) {
            if (bytes(t, frameFloats, group) <= local / 2) {
                tile = t;
            }
        }
        if (tile == 0 && bytes(1, frameFloats, group) <= local) {
            tile = 1;
        }
        if (tile == 0) {
            return null;
        }
        boolean direct = spec.mfcc() == null
                && spec.deltaOrder() == 0
                // Normalisation needs every frame of a clip before it writes any: it runs on the rows.
                && tables.normKind() == SpecTables.NormKind.NONE
                // With a zero range the sign of a zero clip maximum matters, which the atomic key does not keep.
                && (!tables.clipMax() || Float.floatToRawIntBits(tables.clampRange()) != 0);
        int bufFloats = Math.max(tile * frameFloats, 2 * group);
        return new FusedLayout(tile, group, bufFloats, direct, direct && tables.clipMax());
    }

    private static long bytes(int tile, int frameFloats, int group) {
        return 2L * Math.max((long) tile * frameFloats, 2L * group) * Float.BYTES;
    }

    /** Whether the fused kernels are on: {@link #ENABLED_PROPERTY} unset or {@code true}; off when {@code false}. */
    static boolean enabled() {
        String v = System.getProperty(ENABLED_PROPERTY);
        if (v == null || v.isBlank()) {
            return true;
        }
        return switch (v.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(ENABLED_PROPERTY + " = '" + v + "' must be true or false");
        };
    }

    /** System property {@code name} when set to a positive value, else {@code absent}. */
    private static long longProperty(String name, long absent) {
        long v = DeviceLimits.property(name);
        return v > 0 ? v : absent;
    }
}
