/** The {@code opencl} backend: the device pipeline over OpenCL 1.2 through JOCL. */
module io.spectro.opencl {
    requires io.spectro;
    requires io.spectro.device;
    requires jocl;

    provides io.spectro.spi.BackendProvider with
            io.spectro.opencl.OpenClBackendProvider;
}
