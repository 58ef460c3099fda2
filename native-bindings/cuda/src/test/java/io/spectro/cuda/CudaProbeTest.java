package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.device.DeviceSelector;
import io.spectro.spi.Availability;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.DeviceInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every outcome of the CUDA probe, driven by a scripted driver (no GPU needed). */
class CudaProbeTest {
    static final KernelBinaries KERNELS = new KernelBinaries("13.0", new int[] {75, 80, 86, 89, 90}, 90, 13000);
    static final Supplier<Optional<KernelBinaries>> SHIPPED = () -> Optional.of(KERNELS);
    static final CufftLibrary.Result NO_CUFFT = new CufftLibrary.Missing(
            "cuFFT not found (tried libcufft.so.12 and libcufft.so.11 by name and in 2 folders: /a, /b; ...)",
            "cuFFT not found (libcufft.so.12, libcufft.so.11 by name and in 2 folders; set spectro.cufft.path)",
            List.of());

    private static CudaProbe.Outcome run(FakeDriver d) {
        return CudaProbe.run(d, SHIPPED, () -> NO_CUFFT);
    }

    private static void assertUnavailable(CudaProbe.Outcome o, String... fragments) {
        Availability a = o.availability();
        assertFalse(a.available(), a.detail());
        assertFalse(a.detail().contains("\n"), "one line: " + a.detail());
        for (String f : fragments) {
            assertTrue(a.detail().contains(f), "'" + a.detail() + "' should mention '" + f + "'");
        }
    }

    @Test
    void noDriverLibraryStopsBeforeAnyDriverCall() {
        FakeDriver d = new FakeDriver();
        d.libraryProblem = "libcuda.so.1 not found (no NVIDIA driver installed)";
        CudaProbe.Outcome o = run(d);
        assertUnavailable(o, "libcuda.so.1");
        assertEquals(0, d.initCalls);
        assertTrue(o.devices().isEmpty());
    }

    @Test
    void jcudaLoaderFailureMentioningLibcudaIsReportedAsMissingDriver() {
        FakeDriver d = new FakeDriver();
        d.initLinkage =
                new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                        + "Stack trace ...\n/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object"
                        + " file: No such file or directory");
        assertUnavailable(run(d), "libcuda.so.1 not found");
    }

    @Test
    void laterNoClassDefFoundErrorIsTracedToItsCause() {
        FakeDriver d = new FakeDriver();
        NoClassDefFoundError e = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        e.initCause(new ExceptionInInitializerError(
                "Exception java.lang.UnsatisfiedLinkError: ... libcuda.so.1: cannot open shared object file"));
        d.initLinkage = e;
        assertUnavailable(run(d), "libcuda.so.1");

        FakeDriver other = new FakeDriver();
        other.initLinkage = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        // Either the loader failure remembered from earlier in this JVM, or a plain "failed earlier".
        assertUnavailable(run(other), "JCuda driver binding", "Could not initialize class jcuda.driver.JCudaDriver");
    }

    @Test
    void otherLinkageErrorsGiveTheirFirstLine() {
        FakeDriver d = new FakeDriver();
        d.initLinkage = new UnsatisfiedLinkError("undefined symbol: cuFoo_v2\nmore");
        CudaProbe.Outcome o = run(d);
        assertUnavailable(o, "JCuda driver binding could not be loaded", "undefined symbol: cuFoo_v2");
        assertFalse(o.availability().detail().contains("more"));
    }

    @Test
    void cuInitFailureIsDecoded() {
        FakeDriver d = new FakeDriver();
        d.initResult = 100;
        assertUnavailable(run(d), "cuInit: CUDA_ERROR_NO_DEVICE");
        FakeDriver mismatch = new FakeDriver();
        mismatch.initResult = 803;
        assertUnavailable(run(mismatch), "cuInit: CUDA_ERROR_SYSTEM_DRIVER_MISMATCH", "reinstall the driver");
    }

    @Test
    void unexpectedRuntimeExceptionBecomesAReason() {
        FakeDriver d = new FakeDriver();
        d.initThrows = new IllegalStateException("boom");
        assertUnavailable(run(d), "CUDA probe failed: boom", "IllegalStateException");
    }

    @Test
    void zeroDevices() {
        FakeDriver d = new FakeDriver();
        d.driverVersion = 12040;
        assertUnavailable(run(d), "no CUDA devices", "12.4");
    }

    @Test
    void deviceCountFailureIsDecoded() {
        FakeDriver d = new FakeDriver();
        d.deviceCountResult = -3;
        assertUnavailable(run(d), "cuDeviceGetCount: CUDA_ERROR_NOT_INITIALIZED");
    }

    @Test
    void noKernelsInThisBuild() {
        FakeDriver d = new FakeDriver().device("NVIDIA A100-SXM4-40GB", 8, 0);
        CudaProbe.Outcome o = CudaProbe.run(d, Optional::empty, () -> NO_CUFFT);
        assertUnavailable(o, "no CUDA kernels in this build (nvcc was absent at build time)");
        assertEquals(1, o.devices().size());
        assertFalse(o.devices().get(0).usable());
    }

    @Test
    void availableDeviceWithoutCufftFallsBackToOwnKernels() {
        FakeDriver d = new FakeDriver().device("NVIDIA GeForce RTX 3090", 8, 6);
        CudaProbe.Outcome o = run(d);
        Availability a = o.availability();
        assertTrue(a.available(), a.detail());
        assertTrue(a.detail().contains("NVIDIA GeForce RTX 3090"), a.detail());
        assertTrue(a.detail().contains("SASS sm_86"), a.detail());
        assertTrue(a.detail().contains("CUDA driver 12.4"), a.detail());
        assertTrue(a.detail().contains("cuFFT not found (") && a.detail().contains("Spectro's FFT kernels"));
        assertTrue(!a.detail().contains("/a, /b"), "the probe's line leaves the folder list out: " + a.detail());
        assertFalse(a.detail().contains("\n"));
        DeviceInfo info = a.devices().get(0);
        assertEquals("GPU", info.type());
        assertEquals(40, info.computeUnits());
        assertEquals(8L << 30, info.memoryBytes());
        assertTrue(info.usable());
        assertSame(NO_CUFFT, o.cufft());
    }

    @Test
    void tooOldDevice() {
        FakeDriver d = new FakeDriver().device("Tesla V100-SXM2-16GB", 7, 0);
        CudaProbe.Outcome o = run(d);
        assertUnavailable(o, "Tesla V100", "compute capability 7.0 is older than the oldest target", "sm_75");
        assertFalse(o.devices().get(0).usable());
    }

    @Test
    void newerDeviceNeedsADriverThatCanJitThePtx() {
        FakeDriver old = new FakeDriver().device("NVIDIA GeForce RTX 5090", 12, 0);
        old.driverVersion = 12080;
        assertUnavailable(run(old), "no SASS for sm_120", "needs a CUDA 13.0 driver", "CUDA 12.8");

        FakeDriver current = new FakeDriver().device("NVIDIA GeForce RTX 5090", 12, 0);
        current.driverVersion = 13000;
        Availability a = run(current).availability();
        assertTrue(a.available(), a.detail());
        assertTrue(a.detail().contains("PTX JIT from compute_90"), a.detail());
    }

    @Test
    void mixedDevicesUseTheFirstUsableOne() {
        FakeDriver d = new FakeDriver().device("Tesla V100", 7, 0).device("NVIDIA L4", 8, 9);
        CudaProbe.Outcome o = run(d);
        assertTrue(o.availability().available());
        assertTrue(
                o.availability().detail().startsWith("NVIDIA L4"),
                o.availability().detail());
        assertTrue(o.availability().detail().contains("2 devices"));
        List<DeviceInfo> devices = o.devices();
        assertEquals("NVIDIA L4", DeviceSelector.select("cuda", null, devices).name());
        assertEquals(1, DeviceSelector.select("cuda", "1", devices).index());
        assertEquals("NVIDIA L4", DeviceSelector.select("cuda", "l4", devices).name());
        BackendException unusable =
                assertThrows(BackendException.class, () -> DeviceSelector.select("cuda", "0", devices));
        assertTrue(unusable.getMessage().contains("Tesla V100"), unusable.getMessage());
        assertTrue(unusable.getMessage().contains("older than the oldest target"), unusable.getMessage());
        BackendException unknown =
                assertThrows(BackendException.class, () -> DeviceSelector.select("cuda", "H100", devices));
        assertTrue(unknown.getMessage().contains("NVIDIA L4"), unknown.getMessage());
    }

    @Test
    void allDevicesUnusableSaysSoOnOneLine() {
        FakeDriver d = new FakeDriver().device("Tesla V100", 7, 0).device("Tesla P100", 6, 0);
        assertUnavailable(run(d), "none of the 2 CUDA devices can run this build's kernels", "Tesla V100");
    }

    @Test
    void createOnAnUnavailableBackendThrowsTheReason() {
        FakeDriver d = new FakeDriver();
        d.libraryProblem = "libcuda.so.1 not found (no NVIDIA driver installed)";
        BackendException e =
                assertThrows(BackendException.class, () -> new CudaBackendProvider(d).create(BackendConfig.defaults()));
        assertTrue(e.getMessage().contains("cuda backend is not available: libcuda.so.1"), e.getMessage());
    }

    @Test
    void providerCachesTheProbe() {
        FakeDriver d = new FakeDriver();
        d.libraryProblem = "libcuda.so.1 not found (no NVIDIA driver installed)";
        CudaBackendProvider p = new CudaBackendProvider(d);
        assertEquals("cuda", p.name());
        assertEquals(300, p.priority());
        Availability first = p.probe();
        d.libraryProblem = null; // a second probe would now go further; the cached answer must not change
        assertSame(first, p.probe());
        assertEquals(0, d.initCalls);
    }
}
