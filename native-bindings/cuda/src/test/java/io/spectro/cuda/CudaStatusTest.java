package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.device.DeviceException;
import org.junit.jupiter.api.Test;

/** CUresult decoding (works without a driver: JCuda's table is pure Java). */
class CudaStatusTest {
    @Test
    void namesFromTheDriverApiTable() {
        assertEquals("CUDA_SUCCESS", CudaStatus.name(0));
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", CudaStatus.name(2));
        assertEquals("CUDA_ERROR_NOT_INITIALIZED", CudaStatus.name(3));
        assertEquals("CUDA_ERROR_NO_DEVICE", CudaStatus.name(100));
        assertEquals("CUDA_ERROR_INVALID_IMAGE", CudaStatus.name(200));
        assertEquals("CUDA_ERROR_NO_BINARY_FOR_GPU", CudaStatus.name(209));
        assertEquals("CUDA_ERROR_UNSUPPORTED_PTX_VERSION", CudaStatus.name(222));
        assertEquals("CUDA_ERROR_NOT_FOUND", CudaStatus.name(500));
        assertEquals("CUDA_ERROR_SYSTEM_DRIVER_MISMATCH", CudaStatus.name(803));
        assertEquals("CUresult 12345", CudaStatus.name(12345));
    }

    @Test
    void checkThrowsNamingTheCallAndStatus() {
        CudaStatus.check("cuMemAlloc", 0);
        DeviceException e = assertThrows(DeviceException.class, () -> CudaStatus.check("cuMemAlloc", 2));
        assertTrue(e.getMessage().startsWith("cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller batches"), e.getMessage());
        DeviceException ptx = assertThrows(DeviceException.class, () -> CudaStatus.check("cuModuleLoadData", 222));
        assertTrue(ptx.getMessage().contains("update the NVIDIA driver"), ptx.getMessage());
        assertEquals("cuLaunchKernel: CUresult 999999", CudaStatus.message("cuLaunchKernel", 999999));
    }
}
