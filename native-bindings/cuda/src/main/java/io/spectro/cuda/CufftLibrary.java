package io.spectro.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.spectro.device.DeviceException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * cuFFT bound through Panama FFM (JCufft cannot be used beside JCuda 12.6, see {@code native-bindings/cuda/CUDA.md}): the
 * library loader and downcall handles for the five calls Spectro needs. Status codes become {@link DeviceException}s
 * naming the call and the decoded {@code cufftResult} ({@code cufftPlanMany: CUFFT_INVALID_SIZE}).
 *
 * <p>Where it looks, in order: the configured path (system property {@code spectro.cufft.path}, else environment
 * variable {@code SPECTRO_CUFFT_PATH}; a library file or a folder holding one; when set, nothing else is tried), then
 * {@code libcufft.so.12} and {@code libcufft.so.11} by name (the dynamic linker's search: {@code LD_LIBRARY_PATH},
 * {@code ldconfig}), then those names in the usual folders: {@code $CUDA_HOME/lib64}, {@code /usr/local/cuda/lib64},
 * {@code /usr/local/cuda-*}{@code /targets/<arch>-linux/lib}, the Debian multiarch folder, and the NVIDIA Python wheel
 * folders ({@code site-packages/nvidia/cufft/lib}, {@code site-packages/nvidia/cu13/lib}) of virtualenvs, conda and
 * the system Pythons.
 *
 * <p>A loaded library stays loaded for the life of the JVM (unloading cuFFT under live plans would crash the
 * process); the loader is run once per provider and its result cached.
 */
final class CufftLibrary {
    /** The sonames tried, newest first: cuFFT 12 ships with CUDA 13, cuFFT 11 with CUDA 12. */
    static final List<String> SONAMES = List.of("libcufft.so.12", "libcufft.so.11");

    static final String PROPERTY = "spectro.cufft.path";
    static final String ENV = "SPECTRO_CUFFT_PATH";

    /** {@code CUFFT_R2C}. */
    static final int CUFFT_R2C = 0x2a;

    private static final String[] STATUS = {
        "CUFFT_SUCCESS",
        "CUFFT_INVALID_PLAN",
        "CUFFT_ALLOC_FAILED",
        "CUFFT_INVALID_TYPE",
        "CUFFT_INVALID_VALUE",
        "CUFFT_INTERNAL_ERROR",
        "CUFFT_EXEC_FAILED",
        "CUFFT_SETUP_FAILED",
        "CUFFT_INVALID_SIZE",
        "CUFFT_UNALIGNED_DATA",
        "CUFFT_INCOMPLETE_PARAMETER_LIST",
        "CUFFT_INVALID_DEVICE",
        "CUFFT_PARSE_ERROR",
        "CUFFT_NO_WORKSPACE",
        "CUFFT_NOT_IMPLEMENTED",
        "CUFFT_LICENSE_ERROR",
        "CUFFT_NOT_SUPPORTED",
        "CUFFT_MISSING_DEPENDENCY",
        "CUFFT_NVRTC_FAILURE",
        "CUFFT_NVJITLINK_FAILURE",
        "CUFFT_NVSHMEM_FAILURE"
    };

    /** What the loader found: a library, or why there is none. */
    sealed interface Result permits Loaded, Missing {
        /** One line: the library loaded, or why none was, with every place tried. */
        String describe();

        /** A short line for the probe's summary (no folder list). */
        String summary();
    }

    /** cuFFT was loaded. */
    record Loaded(CufftLibrary library) implements Result {
        @Override
        public String describe() {
            return library.description();
        }

        @Override
        public String summary() {
            return library.description();
        }
    }

    /**
     * No usable cuFFT.
     *
     * @param reason one line: what was tried and what to do
     * @param summary a short form of the reason
     * @param tried every place tried, each with why it failed
     */
    record Missing(String reason, String summary, List<String> tried) implements Result {
        /** Copies the list. */
        public Missing {
            tried = List.copyOf(tried);
        }

        @Override
        public String describe() {
            return reason;
        }
    }

    /**
     * Where to look.
     *
     * @param configured the configured path (file or folder), or null to search
     * @param sonames the library names to try
     * @param folders the folders to try them in, in order
     */
    record Search(String configured, List<String> sonames, List<Path> folders) {
        /** Copies the lists. */
        public Search {
            sonames = List.copyOf(sonames);
            folders = List.copyOf(folders);
        }

        /** The configured path from the system property or environment, the default names and folders. */
        static Search defaults() {
            String configured = System.getProperty(PROPERTY);
            if (configured == null || configured.isBlank()) {
                configured = System.getenv(ENV);
            }
            if (configured != null && configured.isBlank()) {
                configured = null;
            }
            return new Search(configured, SONAMES, defaultFolders(System.getenv()));
        }
    }

    private final String path;
    private final int version;
    private final MethodHandle planMany;
    private final MethodHandle setStream;
    private final MethodHandle execR2C;
    private final MethodHandle destroy;

    private CufftLibrary(String path, int version, SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        this.path = path;
        this.version = version;
        this.planMany = linker.downcallHandle(
                symbol(lookup, "cufftPlanMany"),
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                        JAVA_INT, JAVA_INT));
        this.setStream = linker.downcallHandle(
                symbol(lookup, "cufftSetStream"), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        this.execR2C = linker.downcallHandle(
                symbol(lookup, "cufftExecR2C"), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        this.destroy = linker.downcallHandle(symbol(lookup, "cufftDestroy"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
    }

    /** Loads cuFFT from the default places. Never throws. */
    static Result load() {
        return load(Search.defaults());
    }

    /** Loads cuFFT as {@code search} says. Never throws: every failure becomes a {@link Missing} reason. */
    static Result load(Search search) {
        List<String> tried = new ArrayList<>();
        try {
            if (search.configured() != null) {
                Path p = Path.of(search.configured());
                String source = PROPERTY + "/" + ENV + "=" + search.configured();
                List<Path> files = new ArrayList<>();
                if (Files.isDirectory(p)) {
                    for (String so : search.sonames()) {
                        files.add(p.resolve(so));
                    }
                } else {
                    files.add(p);
                }
                for (Path f : files) {
                    Result r = tryPath(f, tried);
                    if (r != null) {
                        return r;
                    }
                }
                return new Missing(
                        "cuFFT not loaded from " + source + ": " + String.join("; ", tried)
                                + " (point it at libcufft.so.12 or libcufft.so.11, or unset it to search)",
                        "cuFFT not loaded from " + source,
                        tried);
            }
            for (String so : search.sonames()) {
                Result r = tryName(so, tried);
                if (r != null) {
                    return r;
                }
            }
            List<String> folders = new ArrayList<>();
            for (Path folder : search.folders()) {
                folders.add(folder.toString());
                for (String so : search.sonames()) {
                    Path f = folder.resolve(so);
                    if (Files.exists(f)) {
                        Result r = tryPath(f, tried);
                        if (r != null) {
                            return r;
                        }
                    }
                }
            }
            tried.add("in " + String.join(", ", folders) + ": not present");
            return new Missing(
                    "cuFFT not found (tried " + String.join(" and ", search.sonames()) + " by name and in "
                            + folders.size() + " folders: " + String.join(", ", folders) + "; set " + PROPERTY
                            + " or " + ENV + " to its path)",
                    "cuFFT not found (" + String.join(", ", search.sonames()) + " by name and in " + folders.size()
                            + " folders; set " + PROPERTY + ")",
                    tried);
        } catch (RuntimeException | LinkageError e) {
            // Probing never throws: an unexpected failure is a reason too.
            tried.add(e.toString());
            return new Missing("cuFFT could not be loaded: " + e, "cuFFT could not be loaded: " + e, tried);
        }
    }

    private static Result tryName(String soname, List<String> tried) {
        return open(soname + " by name", arena -> SymbolLookup.libraryLookup(soname, arena), soname, tried);
    }

    private static Result tryPath(Path file, List<String> tried) {
        if (!Files.exists(file)) {
            tried.add(file + ": no such file");
            return null;
        }
        if (!isElf(file)) {
            // Checked before dlopen: HotSpot answers a failed dlopen of a non-ELF file with a misleading warning
            // about stack guards.
            tried.add(file + ": not a shared library (no ELF header)");
            return null;
        }
        return open(file.toString(), arena -> SymbolLookup.libraryLookup(file, arena), file.toString(), tried);
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private interface Opener {
        SymbolLookup open(Arena arena);
    }

    private static Result open(String what, Opener opener, String path, List<String> tried) {
        Arena arena = Arena.ofShared();
        try {
            SymbolLookup lookup = opener.open(arena);
            if (lookup.find("cufftPlanMany").isEmpty()) {
                tried.add(what + ": not cuFFT (no symbol cufftPlanMany)");
                arena.close();
                return null;
            }
            int version = queryVersion(lookup);
            CufftLibrary lib = new CufftLibrary(path, version, lookup);
            // Success: the arena stays open so the library stays loaded for the JVM's life.
            return new Loaded(lib);
        } catch (IllegalArgumentException e) {
            // "Cannot open library: ..." from dlopen, or a missing symbol.
            tried.add(what + ": " + firstLine(e.getMessage()));
            arena.close();
            return null;
        } catch (DeviceException e) {
            tried.add(what + ": " + e.getMessage());
            arena.close();
            return null;
        }
    }

    private static int queryVersion(SymbolLookup lookup) {
        MethodHandle getVersion = Linker.nativeLinker()
                .downcallHandle(symbol(lookup, "cufftGetVersion"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check("cufftGetVersion", (int) getVersion.invokeExact(v));
            return v.get(JAVA_INT, 0);
        } catch (DeviceException | IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new DeviceException("cufftGetVersion: " + t, t);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The default folders, in order, for the environment {@code env}. Fixed folders are listed whether or not they
     * exist (they are reported as tried); globbed ones ({@code /usr/local/cuda-*}, Python versions) only when found.
     */
    static List<Path> defaultFolders(Map<String, String> env) {
        String arch = archTriplet();
        Set<Path> out = new LinkedHashSet<>();
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                out.add(Path.of(v, "lib64"));
                out.add(Path.of(v, "targets", arch + "-linux", "lib"));
            }
        }
        out.add(Path.of("/usr/local/cuda/lib64"));
        out.add(Path.of("/usr/local/cuda/targets", arch + "-linux", "lib"));
        for (Path cuda : globDirs(Path.of("/usr/local"), "cuda-*")) {
            out.add(cuda.resolve("targets").resolve(arch + "-linux").resolve("lib"));
            out.add(cuda.resolve("lib64"));
        }
        out.add(Path.of("/usr/lib", arch + "-linux-gnu"));
        // NVIDIA's Python wheels: nvidia-cufft-cu12 (nvidia/cufft/lib) and the CUDA 13 wheels (nvidia/cu13/lib).
        List<Path> libRoots = new ArrayList<>();
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                libRoots.add(Path.of(v, "lib"));
                if (var.equals("CONDA_PREFIX")) {
                    out.add(Path.of(v, "lib"));
                }
            }
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            libRoots.add(Path.of(home, ".local", "lib"));
        }
        libRoots.add(Path.of("/usr/local/lib"));
        libRoots.add(Path.of("/usr/lib"));
        libRoots.add(Path.of("/opt/conda/lib"));
        for (Path root : libRoots) {
            for (Path py : globDirs(root, "python3*")) {
                for (String pkgs : List.of("site-packages", "dist-packages")) {
                    Path nvidia = py.resolve(pkgs).resolve("nvidia");
                    if (Files.isDirectory(nvidia)) {
                        out.add(nvidia.resolve("cufft").resolve("lib"));
                        out.add(nvidia.resolve("cu13").resolve("lib"));
                    }
                }
            }
        }
        Path debianPython = Path.of("/usr/lib/python3/dist-packages/nvidia");
        if (Files.isDirectory(debianPython)) {
            out.add(debianPython.resolve("cufft").resolve("lib"));
            out.add(debianPython.resolve("cu13").resolve("lib"));
        }
        return List.copyOf(out);
    }

    private static String archTriplet() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return a.equals("aarch64") || a.equals("arm64") ? "aarch64" : "x86_64";
    }

    /** Sub-folders of {@code dir} matching {@code glob}, newest name first; empty when {@code dir} is unreadable. */
    private static List<Path> globDirs(Path dir, String glob) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    found.add(p);
                }
            }
        } catch (IOException | SecurityException e) {
            return found;
        }
        found.sort(Comparator.comparing(Path::toString).reversed());
        return found;
    }

    /** The name of a {@code cufftResult}, e.g. {@code CUFFT_INVALID_SIZE}; {@code cufftResult 99} when unknown. */
    static String statusName(int status) {
        return status >= 0 && status < STATUS.length ? STATUS[status] : "cufftResult " + status;
    }

    /** Throws {@link DeviceException} {@code "call: CUFFT_..."} unless {@code status} is {@code CUFFT_SUCCESS}. */
    static void check(String call, int status) {
        if (status != 0) {
            throw new DeviceException(call + ": " + statusName(status));
        }
    }

    /** The file or soname loaded. */
    String path() {
        return path;
    }

    /** {@code cufftGetVersion}, e.g. 11200 for cuFFT 11.2.0. */
    int version() {
        return version;
    }

    /** {@code cuFFT 11.2.0 (libcufft.so.11)}. */
    String description() {
        return "cuFFT " + versionString(version) + " (" + path + ")";
    }

    /** A {@code cufftGetVersion} value as {@code major.minor.patch} (11200 as {@code 11.2.0}, 10502 as 10.5.2). */
    static String versionString(int v) {
        return (v / 1000) + "." + (v % 1000) / 100 + "." + (v % 100);
    }

    /**
     * {@code cufftPlanMany} for {@code batch} contiguous real-to-complex transforms of {@code nFft} floats each
     * (input distance {@code nFft}, output distance {@code nFft/2+1} complex values); returns the plan handle.
     */
    int planR2C(int nFft, int batch) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment plan = a.allocate(JAVA_INT);
            MemorySegment n = a.allocateFrom(JAVA_INT, nFft);
            int rc = (int) planMany.invokeExact(
                    plan, 1, n, MemorySegment.NULL, 1, nFft, MemorySegment.NULL, 1, nFft / 2 + 1, CUFFT_R2C, batch);
            check("cufftPlanMany(nFft=" + nFft + ", batch=" + batch + ")", rc);
            return plan.get(JAVA_INT, 0);
        } catch (DeviceException e) {
            throw e;
        } catch (Throwable t) {
            throw new DeviceException("cufftPlanMany: " + t, t);
        }
    }

    /** {@code cufftSetStream}: binds {@code plan} to the {@code CUstream}/{@code cudaStream_t} at {@code stream}. */
    void setStream(int plan, long stream) {
        call("cufftSetStream", () -> (int) setStream.invokeExact(plan, MemorySegment.ofAddress(stream)));
    }

    /** {@code cufftExecR2C} from device address {@code input} to device address {@code output}. */
    void execR2C(int plan, long input, long output) {
        call("cufftExecR2C", () ->
                (int) execR2C.invokeExact(plan, MemorySegment.ofAddress(input), MemorySegment.ofAddress(output)));
    }

    /** {@code cufftDestroy}. */
    void destroy(int plan) {
        call("cufftDestroy", () -> (int) destroy.invokeExact(plan));
    }

    private interface NativeCall {
        int invoke() throws Throwable;
    }

    private static void call(String name, NativeCall c) {
        int rc;
        try {
            rc = c.invoke();
        } catch (Throwable t) {
            throw new DeviceException(name + ": " + t, t);
        }
        check(name, rc);
    }
}
