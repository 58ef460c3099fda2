package io.spectro.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The CUDA kernels shipped in this build: {@code io/spectro/cuda/spectro_det.fatbin}, {@code spectro_fast.fatbin} and
 * the manifest {@code spectro_kernels.properties} written by {@code build-fatbin.sh}, and the rules deciding whether
 * a device can run them.
 *
 * <p>Compatibility: SASS built for {@code sm_XY} runs on devices of compute capability {@code X.Z} with {@code Z >=
 * Y} (same major). Otherwise the driver JIT-compiles the PTX (for {@code compute_P}) when the device's capability is
 * at least {@code P} and the driver is at least {@link #ptxMinDriver()} (PTX from nvcc N needs a CUDA N driver).
 *
 * @param nvccVersion the nvcc release that built the kernels, e.g. {@code 13.0}
 * @param sass the SASS architectures as {@code major*10+minor}, ascending (e.g. 75, 80, 86, 89, 90)
 * @param ptx the PTX architecture ({@code major*10+minor}), 0 when none
 * @param ptxMinDriver the smallest {@code cuDriverGetVersion} value that can JIT the PTX (e.g. 13000)
 */
record KernelBinaries(String nvccVersion, int[] sass, int ptx, int ptxMinDriver) {
    static final String FOLDER = "/io/spectro/cuda/";
    static final String MANIFEST = "spectro_kernels.properties";
    static final String DETERMINISTIC = "spectro_det.fatbin";
    static final String FAST = "spectro_fast.fatbin";
    /** The reason given when the build had no nvcc. */
    static final String ABSENT = "no CUDA kernels in this build (nvcc was absent at build time)";

    /** Copies and sorts the arrays. */
    KernelBinaries {
        sass = sass.clone();
        Arrays.sort(sass);
    }

    /** The SASS architectures (a copy). */
    @Override
    public int[] sass() {
        return sass.clone();
    }

    /** The manifest on the class path, when this build has CUDA kernels (both fatbins and the manifest present). */
    static Optional<KernelBinaries> find() {
        if (KernelBinaries.class.getResource(FOLDER + DETERMINISTIC) == null
                || KernelBinaries.class.getResource(FOLDER + FAST) == null) {
            return Optional.empty();
        }
        try (InputStream in = KernelBinaries.class.getResourceAsStream(FOLDER + MANIFEST)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            return Optional.of(parse(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + MANIFEST, e);
        }
    }

    /** Reads a manifest; {@link IllegalArgumentException} naming the bad key when malformed. */
    static KernelBinaries parse(Properties p) {
        String version = p.getProperty("nvcc.version", "").strip();
        String sassList = p.getProperty("sass", "").strip();
        if (version.isEmpty() || sassList.isEmpty()) {
            throw new IllegalArgumentException(MANIFEST + " lacks nvcc.version or sass");
        }
        int[] sass;
        try {
            sass = Arrays.stream(sassList.split(","))
                    .map(String::strip)
                    .mapToInt(Integer::parseInt)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MANIFEST + ": bad sass list '" + sassList + "'", e);
        }
        return new KernelBinaries(version, sass, intProperty(p, "ptx"), intProperty(p, "ptx.min.driver"));
    }

    private static int intProperty(Properties p, String key) {
        String v = p.getProperty(key, "0").strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MANIFEST + ": bad " + key + " '" + v + "'", e);
        }
    }

    /** The fatbin for a mode, read from the class path. */
    static byte[] fatbin(boolean deterministic) {
        String name = FOLDER + (deterministic ? DETERMINISTIC : FAST);
        try (InputStream in = KernelBinaries.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(ABSENT + ": " + name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * How a device of compute capability {@code major.minor} would run these kernels under a driver reporting {@code
     * driverVersion}: {@code "SASS sm_86"}, {@code "PTX JIT from compute_90"}, or, when it cannot, a reason starting
     * with {@code "unusable: "}.
     */
    String compatibility(int major, int minor, int driverVersion) {
        int cc = major * 10 + minor;
        int best = -1;
        for (int a : sass) {
            if (a / 10 == major && a % 10 <= minor) {
                best = a;
            }
        }
        if (best >= 0) {
            return "SASS sm_" + best;
        }
        if (ptx > 0 && cc >= ptx) {
            if (driverVersion >= ptxMinDriver) {
                return "PTX JIT from compute_" + ptx;
            }
            return "unusable: no SASS for sm_" + cc + " in this build (" + describeTargets() + ") and its compute_"
                    + ptx + " PTX from nvcc " + nvccVersion + " needs a CUDA " + driverString(ptxMinDriver)
                    + " driver; this driver is CUDA " + driverString(driverVersion) + " (update the NVIDIA driver)";
        }
        return "unusable: compute capability " + major + "." + minor
                + " is older than the oldest target of this build (" + describeTargets() + ")";
    }

    /** Whether {@link #compatibility} allows the device. */
    static boolean usable(String compatibility) {
        return !compatibility.startsWith("unusable: ");
    }

    /** {@code "sm_75, sm_80, ... + compute_90 PTX"}. */
    String describeTargets() {
        List<String> parts = new ArrayList<>();
        for (int a : sass) {
            parts.add("sm_" + a);
        }
        return String.join(", ", parts) + (ptx > 0 ? " + compute_" + ptx + " PTX" : "");
    }

    /** A {@code cuDriverGetVersion} value as {@code major.minor}, e.g. 12040 as {@code 12.4}. */
    static String driverString(int version) {
        return (version / 1000) + "." + (version % 1000) / 10;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelBinaries k
                && nvccVersion.equals(k.nvccVersion)
                && Arrays.equals(sass, k.sass)
                && ptx == k.ptx
                && ptxMinDriver == k.ptxMinDriver;
    }

    @Override
    public int hashCode() {
        return nvccVersion.hashCode() * 31 + Arrays.hashCode(sass) + ptx * 7 + ptxMinDriver;
    }

    @Override
    public String toString() {
        return "nvcc " + nvccVersion + ": " + describeTargets();
    }
}
