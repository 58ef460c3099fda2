package io.spectro.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.device.DeviceException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFM cuFFT loader and bindings. Without cuFFT (as on the build machines) every failure must be a "not found"
 * result listing where it looked, never an exception. The bindings are checked against a stand-in library compiled
 * here from the real cuFFT prototypes (gcc), which records the arguments it receives: this proves the downcall
 * descriptors, argument order and status decoding without a GPU.
 */
class CufftLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void statusNamesAndMessages() {
        assertEquals("CUFFT_SUCCESS", CufftLibrary.statusName(0));
        assertEquals("CUFFT_INVALID_PLAN", CufftLibrary.statusName(1));
        assertEquals("CUFFT_INVALID_SIZE", CufftLibrary.statusName(8));
        assertEquals("CUFFT_NOT_SUPPORTED", CufftLibrary.statusName(16));
        assertEquals("CUFFT_NVSHMEM_FAILURE", CufftLibrary.statusName(20));
        assertEquals("cufftResult 21", CufftLibrary.statusName(21));
        assertEquals("cufftResult -1", CufftLibrary.statusName(-1));
        CufftLibrary.check("cufftPlanMany", 0);
        DeviceException e = assertThrows(DeviceException.class, () -> CufftLibrary.check("cufftPlanMany", 8));
        assertEquals("cufftPlanMany: CUFFT_INVALID_SIZE", e.getMessage());
        assertEquals("11.2.0", CufftLibrary.versionString(11200));
        assertEquals("10.5.2", CufftLibrary.versionString(10502));
        assertEquals("12.0.1", CufftLibrary.versionString(12001));
    }

    @Test
    void nothingFoundListsEveryPlaceTried() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        var r = CufftLibrary.load(
                new CufftLibrary.Search(null, List.of("libspectro-test-absent.so.12"), List.of(a, b)));
        CufftLibrary.Missing m = assertInstanceOf(CufftLibrary.Missing.class, r);
        assertTrue(m.reason().startsWith("cuFFT not found"), m.reason());
        assertTrue(m.reason().contains("libspectro-test-absent.so.12 by name"), m.reason());
        assertTrue(m.reason().contains(a.toString()) && m.reason().contains(b.toString()), m.reason());
        assertTrue(m.reason().contains("spectro.cufft.path") && m.reason().contains("SPECTRO_CUFFT_PATH"));
        assertFalse(m.reason().contains("\n"));
        assertTrue(
                m.tried().get(0).contains("libspectro-test-absent.so.12 by name"),
                m.tried().toString());
        assertEquals(
                "cuFFT not found (libspectro-test-absent.so.12 by name and in 2 folders; set spectro.cufft.path)",
                m.summary());
    }

    @Test
    void defaultSearchOnThisMachineNeverThrows() {
        var r = CufftLibrary.load();
        if (r instanceof CufftLibrary.Missing m) {
            assertTrue(m.reason().contains("libcufft.so.12") && m.reason().contains("libcufft.so.11"), m.reason());
            assertTrue(m.reason().contains("/usr/local/cuda/lib64"), m.reason());
            assertFalse(m.reason().contains("\n"));
        } else {
            assertTrue(r.describe().startsWith("cuFFT "), r.describe());
        }
    }

    @Test
    void configuredPathToANonLibraryFile() throws IOException {
        Path text = Files.writeString(tmp.resolve("libcufft.so.12"), "not a shared object");
        var r = CufftLibrary.load(new CufftLibrary.Search(text.toString(), CufftLibrary.SONAMES, List.of()));
        CufftLibrary.Missing m = assertInstanceOf(CufftLibrary.Missing.class, r);
        assertTrue(
                m.reason().startsWith("cuFFT not loaded from spectro.cufft.path/SPECTRO_CUFFT_PATH=" + text),
                m.reason());
        assertTrue(m.reason().contains(text + ": not a shared library (no ELF header)"), m.reason());
        assertFalse(m.reason().contains("\n"));
    }

    @Test
    void configuredPathToAnElfFileDlopenRefuses() {
        Path exe = Path.of("/bin/true");
        assumeTrue(Files.isRegularFile(exe), "needs " + exe);
        var r = CufftLibrary.load(new CufftLibrary.Search(exe.toString(), CufftLibrary.SONAMES, List.of()));
        CufftLibrary.Missing m = assertInstanceOf(CufftLibrary.Missing.class, r);
        assertTrue(m.reason().contains(exe + ": Cannot open library"), m.reason());
        assertFalse(m.reason().contains("\n"));
    }

    @Test
    void configuredPathToAMissingFileOrEmptyFolder() {
        Path none = tmp.resolve("nowhere/libcufft.so.12");
        var r1 = CufftLibrary.load(new CufftLibrary.Search(none.toString(), CufftLibrary.SONAMES, List.of()));
        assertTrue(r1.describe().contains(none + ": no such file"), r1.describe());
        var r2 = CufftLibrary.load(new CufftLibrary.Search(tmp.toString(), CufftLibrary.SONAMES, List.of()));
        assertTrue(r2.describe().contains(tmp.resolve("libcufft.so.12") + ": no such file"), r2.describe());
        assertTrue(r2.describe().contains(tmp.resolve("libcufft.so.11") + ": no such file"), r2.describe());
    }

    @Test
    void configuredPathToAnotherLibraryIsNotCufft() {
        Path libm = Path.of("/usr/lib/x86_64-linux-gnu/libm.so.6");
        assumeTrue(Files.exists(libm), "needs " + libm);
        var r = CufftLibrary.load(new CufftLibrary.Search(libm.toString(), CufftLibrary.SONAMES, List.of()));
        assertTrue(r.describe().contains("not cuFFT (no symbol cufftPlanMany)"), r.describe());
    }

    @Test
    void defaultFoldersFollowTheEnvironment() throws IOException {
        Path venv = tmp.resolve("venv");
        Files.createDirectories(venv.resolve("lib/python3.11/site-packages/nvidia/cufft/lib"));
        List<Path> folders = CufftLibrary.defaultFolders(
                Map.of("CUDA_HOME", "/opt/cuda-x", "VIRTUAL_ENV", venv.toString(), "HOME", tmp.toString()));
        assertEquals(Path.of("/opt/cuda-x/lib64"), folders.get(0));
        assertTrue(folders.contains(Path.of("/usr/local/cuda/lib64")), folders.toString());
        assertTrue(folders.contains(venv.resolve("lib/python3.11/site-packages/nvidia/cufft/lib")), folders.toString());
        assertTrue(folders.contains(venv.resolve("lib/python3.11/site-packages/nvidia/cu13/lib")), folders.toString());
        assertTrue(folders.indexOf(Path.of("/usr/local/cuda/lib64"))
                < folders.indexOf(venv.resolve("lib/python3.11/site-packages/nvidia/cufft/lib")));
    }

    @Test
    void configuredPathFromSystemProperty() {
        String old = System.getProperty(CufftLibrary.PROPERTY);
        try {
            System.setProperty(CufftLibrary.PROPERTY, "/some/where/libcufft.so.11");
            assertEquals(
                    "/some/where/libcufft.so.11", CufftLibrary.Search.defaults().configured());
            System.setProperty(CufftLibrary.PROPERTY, " ");
            // blank property: the environment variable (unset in the test JVM) or nothing
            assertEquals(
                    System.getenv(CufftLibrary.ENV),
                    CufftLibrary.Search.defaults().configured());
        } finally {
            if (old == null) {
                System.clearProperty(CufftLibrary.PROPERTY);
            } else {
                System.setProperty(CufftLibrary.PROPERTY, old);
            }
        }
    }

    // ---- bindings against a stand-in libcufft ---------------------------------------------------------------------

    private static final String STAND_IN = """
            #include <stddef.h>
            typedef int cufftHandle;
            typedef int cufftResult;
            static long long rec[16];
            static int next_handle = 41;
            cufftResult cufftGetVersion(int *version) { *version = 12001; return 0; }
            cufftResult cufftPlanMany(cufftHandle *plan, int rank, int *n, int *inembed, int istride, int idist,
                                      int *onembed, int ostride, int odist, int type, int batch) {
                rec[0] = rank; rec[1] = n[0]; rec[2] = inembed == NULL; rec[3] = istride; rec[4] = idist;
                rec[5] = onembed == NULL; rec[6] = ostride; rec[7] = odist; rec[8] = type; rec[9] = batch;
                if (n[0] > 1000000) return 8; /* CUFFT_INVALID_SIZE */
                *plan = ++next_handle;
                return 0;
            }
            cufftResult cufftSetStream(cufftHandle plan, void *stream) {
                rec[10] = plan; rec[11] = (long long) stream; return 0;
            }
            cufftResult cufftExecR2C(cufftHandle plan, float *in, void *out) {
                rec[12] = plan; rec[13] = (long long) in; rec[14] = (long long) out; return plan == 99 ? 6 : 0;
            }
            cufftResult cufftDestroy(cufftHandle plan) { rec[15] = plan; return plan == 0 ? 1 : 0; }
            long long stand_in_record(int i) { return rec[i]; }
            """;

    private Path buildStandIn(String fileName) throws IOException, InterruptedException {
        Path src = Files.writeString(tmp.resolve("stand_in_cufft.c"), STAND_IN);
        Path so = tmp.resolve(fileName);
        Process p;
        try {
            p = new ProcessBuilder(
                            "gcc", "-shared", "-fPIC", "-O1", "-Wl,-z,noexecstack", "-o", so.toString(), src.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "gcc not available to build the stand-in cuFFT: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return so;
    }

    @Test
    void bindingsPassArgumentsInTheCufftAbi() throws Throwable {
        Path so = buildStandIn("libcufft.so.12");
        // A folder as the configured path: the sonames are looked up in it.
        var r = CufftLibrary.load(new CufftLibrary.Search(tmp.toString(), CufftLibrary.SONAMES, List.of()));
        CufftLibrary lib =
                assertInstanceOf(CufftLibrary.Loaded.class, r, r.describe()).library();
        assertEquals(12001, lib.version());
        assertEquals("cuFFT 12.0.1 (" + so + ")", lib.description());
        MethodHandle record = Linker.nativeLinker()
                .downcallHandle(
                        SymbolLookup.libraryLookup(so, Arena.global())
                                .find("stand_in_record")
                                .orElseThrow(),
                        FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

        int plan = lib.planR2C(400, 7);
        assertEquals(42, plan);
        long[] expected = {1, 400, 1, 1, 400, 1, 1, 201, 0x2a, 7};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (long) record.invokeExact(i), "cufftPlanMany argument " + i);
        }
        lib.setStream(plan, 0x7f0012345600L);
        assertEquals(42L, (long) record.invokeExact(10));
        assertEquals(0x7f0012345600L, (long) record.invokeExact(11));
        lib.execR2C(plan, 0x700000000000L, 0x700000100000L);
        assertEquals(42L, (long) record.invokeExact(12));
        assertEquals(0x700000000000L, (long) record.invokeExact(13));
        assertEquals(0x700000100000L, (long) record.invokeExact(14));
        lib.destroy(plan);
        assertEquals(42L, (long) record.invokeExact(15));

        DeviceException size = assertThrows(DeviceException.class, () -> lib.planR2C(2_000_000, 1));
        assertEquals("cufftPlanMany(nFft=2000000, batch=1): CUFFT_INVALID_SIZE", size.getMessage());
        DeviceException exec = assertThrows(DeviceException.class, () -> lib.execR2C(99, 0, 0));
        assertEquals("cufftExecR2C: CUFFT_EXEC_FAILED", exec.getMessage());
        DeviceException destroy = assertThrows(DeviceException.class, () -> lib.destroy(0));
        assertEquals("cufftDestroy: CUFFT_INVALID_PLAN", destroy.getMessage());
    }

    @Test
    void searchFindsTheLibraryInAFolder() throws Throwable {
        // Names no real installation has, so the dynamic linker's search cannot find them first.
        Path so = buildStandIn("libspectro-stand-in-cufft.so.11");
        var r = CufftLibrary.load(new CufftLibrary.Search(
                null,
                List.of("libspectro-stand-in-cufft.so.12", "libspectro-stand-in-cufft.so.11"),
                List.of(tmp.resolve("x"), tmp)));
        CufftLibrary.Loaded l = assertInstanceOf(CufftLibrary.Loaded.class, r, r.describe());
        assertEquals(so.toString(), l.library().path());
    }
}
