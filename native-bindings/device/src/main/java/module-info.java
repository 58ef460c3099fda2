/**
 * The device pipeline written once over a small device interface ({@link io.spectro.device.ComputeDevice}), and the
 * kernels (one source for OpenCL and CUDA, in {@code io/spectro/kernels}). Exported only to the device backends, and
 * to the benchmarks for the traffic model ({@code DeviceModel}, {@code DeviceProfile}, {@code BatchTraffic}).
 */
module io.spectro.device {
    requires transitive io.spectro;

    exports io.spectro.device to
            io.spectro.opencl,
            io.spectro.cuda,
            io.spectro.bench;
}
