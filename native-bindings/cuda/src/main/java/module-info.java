/**
 * The {@code cuda} backend: the device pipeline through JCuda's driver API (only {@code libcuda.so.1} needed), kernels
 * compiled by nvcc at build time, cuFFT bound with FFM.
 */
module io.spectro.cuda {
    requires io.spectro;
    requires io.spectro.device;
    requires jcuda;

    provides io.spectro.spi.BackendProvider with
            io.spectro.cuda.CudaBackendProvider;
}
