package io.spectro.device;

/**
 * The figures of a device that the orchestration's choices and the traffic model depend on, for counting what a batch
 * would ask of a device that is not here ({@link DeviceModel}).
 *
 * @param name the device's name
 * @param globalMemoryBytes global memory in bytes
 * @param localMemoryBytes local (shared) memory one work-group may use, in bytes
 * @param maxGroupSize largest work-group
 * @param preferredGroupSize work-group of element-wise kernels
 * @param bytesPerSecond global-memory bandwidth for the model
 * @param secondsPerLaunch cost of one kernel launch for the model
 * @param flopsPerSecond fp32 arithmetic peak for the model's floor
 */
public record DeviceProfile(
        String name,
        long globalMemoryBytes,
        long localMemoryBytes,
        int maxGroupSize,
        int preferredGroupSize,
        double bytesPerSecond,
        double secondsPerLaunch,
        double flopsPerSecond) {

    /**
     * An NVIDIA H100 as the model sees it: 80 GiB, 227 KiB of shared memory per block (the opt-in maximum), blocks of up
     * to 1024 threads (256 preferred), 3.0 TB/s (the SXM part's HBM3 is rated 3.35, PCIe 2.0), 4 us per launch (a
     * launch through the driver API; graphs replay faster, not counted), about 60 TFLOP/s fp32 (67 rated for SXM).
     */
    public static final DeviceProfile H100 =
            new DeviceProfile("H100 (model)", 80L << 30, 227L << 10, 1024, 256, 3.0e12, 4e-6, 60e12);

    /** The modelled time of {@code t} on this device: bytes over bandwidth plus launches times the launch cost. */
    public double modelledSeconds(BatchTraffic t) {
        return t.deviceBytes() / bytesPerSecond + t.launches() * secondsPerLaunch;
    }
}
