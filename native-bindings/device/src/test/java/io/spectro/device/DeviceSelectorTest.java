package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.spi.BackendException;
import io.spectro.spi.DeviceInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
    static final DeviceInfo CPU = new DeviceInfo(0, "PoCL", "pthread-skylake-avx512", "CPU", 2, 1L << 33, true, "");
    static final DeviceInfo GPU =
            new DeviceInfo(1, "NVIDIA CUDA", "NVIDIA H100 80GB HBM3", "GPU", 132, 80L << 30, true, "");
    static final DeviceInfo BROKEN =
            new DeviceInfo(2, "Other", "Broken GPU", "GPU", 8, 1L << 30, false, "build failed");
    static final List<DeviceInfo> ALL = List.of(CPU, GPU, BROKEN);

    @Test
    void defaultIsTheFirstUsableGpuElseTheFirstUsableDevice() {
        assertEquals(GPU, DeviceSelector.select("opencl", null, ALL));
        assertEquals(GPU, DeviceSelector.select("opencl", "  ", ALL));
        assertEquals(CPU, DeviceSelector.select("opencl", null, List.of(CPU, BROKEN)));
    }

    @Test
    void byIndexOrCaseInsensitiveNameSubstring() {
        assertEquals(CPU, DeviceSelector.select("opencl", "0", ALL));
        assertEquals(GPU, DeviceSelector.select("opencl", "01", ALL));
        assertEquals(GPU, DeviceSelector.select("opencl", "h100", ALL));
        assertEquals(CPU, DeviceSelector.select("opencl", " PTHREAD ", ALL));
    }

    @Test
    void unknownSelectorListsTheDevices() {
        BackendException e = assertThrows(BackendException.class, () -> DeviceSelector.select("opencl", "tpu", ALL));
        assertTrue(e.getMessage().contains("'tpu'"), e.getMessage());
        assertTrue(e.getMessage().contains("[0] pthread-skylake-avx512"), e.getMessage());
        assertTrue(e.getMessage().contains("[1] NVIDIA H100"), e.getMessage());
        assertThrows(BackendException.class, () -> DeviceSelector.select("opencl", "7", ALL));
    }

    @Test
    void unusableDevicesAreRefusedWithTheirReason() {
        BackendException e = assertThrows(BackendException.class, () -> DeviceSelector.select("opencl", "2", ALL));
        assertTrue(e.getMessage().contains("build failed"), e.getMessage());
        assertThrows(BackendException.class, () -> DeviceSelector.select("opencl", null, List.of(BROKEN)));
        assertThrows(BackendException.class, () -> DeviceSelector.select("opencl", null, List.of()));
    }
}
