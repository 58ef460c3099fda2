package io.spectro.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceComparisonTest {
    @Test
    void setsEachDeviceRowBesideTheWidestCpuRowAndTorchOnTheGpu() throws Exception {
        String rows = """
                [{"workload": "W1", "backend": "cpu", "threads": 1, "spectro": 6000, "anchor": "torchaudio 2.11.0",
                  "anchor_value": 6500, "unit": "audio-s/s"},
                 {"workload": "W1", "backend": "cpu", "threads": 16, "spectro": 60000, "anchor": "torchaudio 2.11.0",
                  "anchor_value": 65000, "unit": "audio-s/s"},
                 {"workload": "W1", "backend": "cuda", "threads": 16, "spectro": 300000, "anchor": "torchaudio 2.11.0",
                  "anchor_value": 65000, "unit": "audio-s/s"},
                 {"workload": "W1", "backend": "cuda", "threads": 16, "spectro": 300000,
                  "anchor": "torchaudio 2.11.0 on cuda, host in/out", "anchor_value": 150000, "unit": "audio-s/s"},
                 {"workload": "W1", "backend": "cuda", "threads": 16, "spectro": 300000,
                  "anchor": "torchaudio 2.11.0 on cuda, on device", "anchor_value": null, "unit": "audio-s/s"},
                 {"workload": "FFT-512", "backend": "cuda", "threads": 16, "spectro": 1e8,
                  "anchor": "cuFFT (torch.fft.rfft on cuda, on device)", "anchor_value": 4e8, "unit": "frames/s"}]
                """;
        List<DeviceComparison> c = DeviceComparison.of(StepFiles.JSON.readTree(rows));
        assertEquals(2, c.size());
        DeviceComparison w1 = c.get(0);
        assertEquals(new DeviceComparison("W1", "cuda", "audio-s/s", 300000, 60000, 150000, Double.NaN), w1);
        DeviceComparison fft = c.get(1);
        assertTrue(Double.isNaN(fft.cpuBackend()));
        assertEquals(4e8, fft.torchOnDevice());
        String table = DeviceComparison.table(c);
        List<List<String>> cells =
                table.lines().map(l -> List.of(l.split(" {2,}"))).toList();
        assertEquals(
                List.of("W1", "cuda", "300,000", "60,000", "5.00x", "150,000", "2.00x", "-", "-", "audio-s/s"),
                cells.get(1),
                table);
        assertTrue(table.contains("0.25x"), table);
        assertEquals("", DeviceComparison.table(List.of()));
        assertEquals(List.of(), DeviceComparison.of(null));
    }
}
