package io.spectro.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * {@link DriverApi} over JCuda's driver binding. The library check opens {@code libcuda.so.1} with FFM first, so a
 * machine without the NVIDIA driver gets a clear answer without JCuda's native loader running at all; JCuda is only
 * touched when the driver library exists.
 */
final class JCudaDriverApi implements DriverApi {
    static final String LIBCUDA = "libcuda.so.1";

    @Override
    public String libraryProblem() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(LIBCUDA, arena);
            return null;
        } catch (IllegalArgumentException e) {
            return LIBCUDA + " not found (no NVIDIA driver installed)";
        }
    }

    /**
     * The reason JCuda's native loader failed, remembered for the JVM's life: {@code JCudaDriver}'s static initialiser
     * runs once, and every later use only says {@code NoClassDefFoundError}. Null until it fails.
     */
    private static volatile String firstLoadFailure;

    /** The reason JCuda's loader failed earlier in this JVM, or null. */
    static String firstLoadFailure() {
        return firstLoadFailure;
    }

    @Override
    public int init() {
        try {
            return JCudaDriver.cuInit(0);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            if (firstLoadFailure == null) {
                firstLoadFailure = CudaProbe.linkageReason(e);
            }
            throw e;
        }
    }

    @Override
    public int driverVersion() {
        int[] v = new int[1];
        int rc = JCudaDriver.cuDriverGetVersion(v);
        return rc == 0 ? v[0] : -rc;
    }

    @Override
    public int deviceCount() {
        int[] n = new int[1];
        int rc = JCudaDriver.cuDeviceGetCount(n);
        return rc == 0 ? n[0] : -rc;
    }

    @Override
    public Device device(int ordinal) {
        CUdevice dev = new CUdevice();
        CudaStatus.check("cuDeviceGet(" + ordinal + ")", JCudaDriver.cuDeviceGet(dev, ordinal));
        return new Device(
                ordinal,
                name(dev),
                attribute(dev, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(dev, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(dev, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                totalMemory(dev));
    }

    /** {@code cuDeviceGetName}. */
    static String name(CUdevice dev) {
        byte[] b = new byte[256];
        CudaStatus.check("cuDeviceGetName", JCudaDriver.cuDeviceGetName(b, b.length, dev));
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code cuDeviceGetAttribute}. */
    static int attribute(CUdevice dev, int attribute) {
        int[] v = new int[1];
        CudaStatus.check(
                "cuDeviceGetAttribute(" + attribute + ")", JCudaDriver.cuDeviceGetAttribute(v, attribute, dev));
        return v[0];
    }

    /** {@code cuDeviceTotalMem}. */
    static long totalMemory(CUdevice dev) {
        long[] v = new long[1];
        CudaStatus.check("cuDeviceTotalMem", JCudaDriver.cuDeviceTotalMem(v, dev));
        return v[0];
    }
}
