package io.spectro.cuda;

/**
 * The CUDA driver queries the probe needs, as plain values. {@link JCudaDriverApi} implements them with JCuda; tests
 * substitute a fake to exercise every outcome of the probe without a GPU. Methods may throw {@link LinkageError}
 * when the driver library cannot be loaded; the probe catches it.
 */
interface DriverApi {
    /**
     * Checks that the driver library can be opened; returns null when it can, else the one-line reason (e.g. {@code
     * "libcuda.so.1 not found (no NVIDIA driver installed)"}).
     */
    String libraryProblem();

    /** {@code cuInit(0)}; returns the CUresult. */
    int init();

    /** {@code cuDriverGetVersion}: e.g. 12040 for CUDA 12.4; a negative CUresult when the call fails. */
    int driverVersion();

    /** {@code cuDeviceGetCount}; a negative CUresult when the call fails. */
    int deviceCount();

    /** Facts about device {@code ordinal}; {@link io.spectro.device.DeviceException} when a query fails. */
    Device device(int ordinal);

    /**
     * One device.
     *
     * @param ordinal the CUDA device ordinal
     * @param name the marketing name
     * @param major compute capability major
     * @param minor compute capability minor
     * @param multiprocessors streaming multiprocessors
     * @param memoryBytes total global memory
     */
    record Device(int ordinal, String name, int major, int minor, int multiprocessors, long memoryBytes) {}
}
