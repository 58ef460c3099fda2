package io.spectro.opencl;

import io.spectro.spi.Availability;
import io.spectro.spi.DeviceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The OpenCL survey kept on disk between runs, so that automatic selection on a machine whose only OpenCL devices are
 * CPUs (PoCL) does not even load the OpenCL runtime (PoCL's start-up is 0.3-0.4 s of a short job). The entry is valid
 * while the installed OpenCL drivers are the same: its key hashes the ICD loader's settings ({@code OCL_ICD_VENDORS},
 * {@code OCL_ICD_FILENAMES}, {@code OPENCL_VENDOR_PATH}), every {@code .icd} file (name, contents, size, time) and
 * the libraries they name (size, time); a new, removed or updated driver changes the key and the survey runs again.
 *
 * <p>Kept in {@code $XDG_CACHE_HOME/spectro} (else {@code ~/.cache/spectro}), or the folder {@code
 * -Dspectro.cacheDir} names; {@code -Dspectro.probeCache=false} turns it off. A cache that cannot be read or written
 * is ignored: the survey then runs as without it.
 */
final class SurveyCache {
    private static final String FILE = "opencl-survey.tsv";
    private static final List<String> LIB_DIRS =
            List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib");

    private SurveyCache() {}

    /** The cached survey's availability when the drivers are unchanged, else null. */
    static Availability read() {
        Path file = file();
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 3 || !lines.get(0).equals(key())) {
                return null;
            }
            List<DeviceInfo> devices = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] f = line.split("\t", -1);
                devices.add(new DeviceInfo(
                        Integer.parseInt(f[0]),
                        f[1],
                        f[2],
                        f[3],
                        Integer.parseInt(f[4]),
                        Long.parseLong(f[5]),
                        true,
                        "surveyed before (" + file + ")"));
            }
            return Availability.yes(lines.get(1), devices);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps an available survey for the next runs (replacing the file atomically); failures are ignored. */
    static void write(Availability a) {
        Path file = file();
        if (file == null || !a.available() || a.devices().isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(key()).append('\n').append(clean(a.detail())).append('\n');
        for (DeviceInfo d : a.devices()) {
            b.append(d.index())
                    .append('\t')
                    .append(clean(d.platform()))
                    .append('\t')
                    .append(clean(d.name()))
                    .append('\t')
                    .append(clean(d.type()))
                    .append('\t')
                    .append(d.computeUnits())
                    .append('\t')
                    .append(d.memoryBytes())
                    .append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // a read-only home: the survey simply runs each time
        }
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    /** The cache file, or null when the cache is off or no folder is known. */
    static Path file() {
        if ("false".equalsIgnoreCase(System.getProperty("spectro.probeCache"))) {
            return null;
        }
        String dir = System.getProperty("spectro.cacheDir");
        if (dir == null || dir.isBlank()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            String home = System.getProperty("user.home");
            if (xdg != null && !xdg.isBlank()) {
                dir = xdg + "/spectro";
            } else if (home != null && !home.isBlank() && !home.equals("?")) {
                dir = home + "/.cache/spectro";
            } else {
                return null;
            }
        }
        return Path.of(dir, FILE);
    }

    /** The hash of what decides the survey's result: see the class notes. */
    static String key() {
        StringBuilder k = new StringBuilder("v1\n");
        for (String env : List.of("OCL_ICD_VENDORS", "OCL_ICD_FILENAMES", "OPENCL_VENDOR_PATH")) {
            k.append(env).append('=').append(System.getenv(env)).append('\n');
        }
        String vendors = System.getenv("OCL_ICD_VENDORS");
        Path dir = Path.of(vendors != null && Files.isDirectory(Path.of(vendors)) ? vendors : "/etc/OpenCL/vendors");
        List<Path> icds = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".icd"))
                        .sorted()
                        .forEach(icds::add);
            } catch (IOException e) {
                k.append("unlisted ").append(dir).append('\n');
            }
        }
        for (Path icd : icds) {
            k.append(stamp(icd)).append('\n');
            try {
                String lib = Files.readString(icd, StandardCharsets.UTF_8).strip();
                k.append(lib).append('\n').append(stamp(library(lib))).append('\n');
            } catch (IOException e) {
                k.append("unreadable\n");
            }
        }
        k.append(stamp(library("libOpenCL.so.1"))).append('\n');
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(k.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the loader would find {@code lib}: the path itself when absolute, else the first of the usual folders. */
    private static Path library(String lib) {
        Path p = Path.of(lib);
        if (p.isAbsolute()) {
            return p;
        }
        for (String d : LIB_DIRS) {
            Path c = Path.of(d, lib);
            if (Files.exists(c)) {
                return c;
            }
        }
        return p;
    }

    /** Path, real path, size and modification time of {@code p} (or that it is missing). */
    private static String stamp(Path p) {
        try {
            Path real = p.toRealPath();
            return p + " -> " + real + " " + Files.size(real) + " "
                    + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException | RuntimeException e) {
            return p + " missing";
        }
    }
}
