package io.spectro.cuda;

import io.spectro.device.DeviceException;
import jcuda.driver.CUresult;

/**
 * CUDA driver status codes ({@code CUresult}) turned into names and exceptions at the binding boundary. Decoding uses
 * JCuda's pure-Java {@link CUresult#stringFor} table, so it works without a driver.
 */
final class CudaStatus {
    private CudaStatus() {}

    /** The name of a driver status, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}; {@code CUresult 12345} when unknown. */
    static String name(int status) {
        String s = CUresult.stringFor(status);
        return s == null || s.startsWith("INVALID CUresult") ? "CUresult " + status : s;
    }

    /** What a status usually means for Spectro, or an empty string; appended to exception messages. */
    static String hint(int status) {
        return switch (status) {
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY -> " (device memory exhausted: use smaller batches)";
            case CUresult.CUDA_ERROR_NO_DEVICE -> " (the driver is installed but sees no CUDA device)";
            case CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU ->
                " (the shipped kernels have no SASS for this GPU and its driver cannot use their PTX)";
            case CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION ->
                " (the kernels' PTX is newer than this driver supports: update the NVIDIA driver)";
            case CUresult.CUDA_ERROR_INVALID_IMAGE ->
                " (the driver cannot read the shipped kernel binary: it may be older than the nvcc that built it)";
            case CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH ->
                " (the user-mode driver libcuda.so.1 does not match the kernel module: reinstall the driver)";
            default -> "";
        };
    }

    /** Throws {@link DeviceException} {@code "call: NAME"} (plus a hint) unless {@code status} is success. */
    static void check(String call, int status) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new DeviceException(message(call, status));
        }
    }

    /** {@code "call: NAME (hint)"}. */
    static String message(String call, int status) {
        return call + ": " + name(status) + hint(status);
    }
}
