package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TorchAnchorTest {
    @Test
    void readsTheScriptsJson() {
        String out = "{\"anchor\": \"torchaudio 0.13.1\", \"torch\": \"1.13.0\", \"clips\": 16, \"seconds\": 10,"
                + " \"warmup\": 1, \"repeats\": 3, \"malloc\": {\"MALLOC_MMAP_MAX_\": \"0\"}, \"results\": ["
                + "{\"workload\": \"W1\", \"threads\": 2, \"median_s\": 0.02, \"audio_seconds_per_second\": 8000.5},"
                + "{\"workload\": \"W3\", \"threads\": 1, \"audio_seconds_per_second\": 2500}]}";
        TorchAnchor a = TorchAnchor.parse("some noise\n" + out, 0, "", "/usr/bin/python3");
        assertTrue(a.available());
        assertEquals("torchaudio 0.13.1", a.anchor());
        assertEquals(8000.5, a.value(Workload.W1, 2));
        assertEquals(2500.0, a.value(Workload.W3, 1));
        assertTrue(Double.isNaN(a.value(Workload.W1, 1)));
        assertTrue(a.description().contains("median of 3 runs after 1 warm-up"), a.description());
        assertTrue(a.description().contains("MALLOC_MMAP_MAX_=0"), a.description());
    }

    @Test
    void missingTorchIsAReasonNotAnException() {
        TorchAnchor a = TorchAnchor.parse(
                "{\"error\": \"torch/torchaudio cannot be imported by /usr/bin/python3: No module named 'torch'\"}",
                3,
                "",
                "/usr/bin/python3");
        assertFalse(a.available());
        assertTrue(a.description().contains("No module named 'torch'"), a.description());
        TorchAnchor b = TorchAnchor.parse("", 1, "Traceback...\nSyntaxError: bad", "python3");
        assertFalse(b.available());
        assertTrue(b.description().contains("SyntaxError: bad"), b.description());
        assertEquals(
                "torch anchor skipped: python3 exited with 0 without JSON",
                TorchAnchor.parse("{\"anchor\": ", 0, "", "python3").description());
        assertEquals(
                "torch anchor skipped: unexpected output",
                TorchAnchor.parse("[1, 2]", 0, "", "python3").description());
    }

    @Test
    void readsPythonsNaN() {
        TorchAnchor a = TorchAnchor.parse(
                "{\"results\": [{\"workload\": \"W1\", \"threads\": 1, \"audio_seconds_per_second\": NaN},"
                        + " {\"workload\": \"FFT-512\", \"threads\": 2, \"frames_per_second\": 1e6}]}",
                0,
                "",
                "python3");
        assertTrue(Double.isNaN(a.value(Workload.W1, 1)));
        assertEquals(1e6, a.fftValue(512, 2));
    }

    @Test
    void mergesOneRunPerWorkload() {
        TorchAnchor w1 = TorchAnchor.parse(
                "{\"anchor\": \"torchaudio 0.13.1\", \"repeats\": 9, \"results\": [{\"workload\": \"W1\","
                        + " \"threads\": 1, \"audio_seconds_per_second\": 6000}]}",
                0,
                "",
                "python3");
        TorchAnchor w2 = TorchAnchor.parse(
                "{\"anchor\": \"torchaudio 0.13.1\", \"results\": [{\"workload\": \"W2\", \"threads\": 2,"
                        + " \"audio_seconds_per_second\": 3400}]}",
                0,
                "",
                "python3");
        TorchAnchor m = TorchAnchor.merge(List.of(TorchAnchor.skipped("timed out"), w1, w2));
        assertTrue(m.available());
        assertEquals(6000.0, m.value(Workload.W1, 1));
        assertEquals(3400.0, m.value(Workload.W2, 2));
        assertEquals(w1.description(), m.description());
        assertEquals("W1@1 6,000 audio-s/s, W2@2 3,400 audio-s/s", m.summary());
        TorchAnchor none = TorchAnchor.merge(List.of(TorchAnchor.skipped("no python")));
        assertFalse(none.available());
        assertEquals("no python", none.description());
    }

    @Test
    void readsTheCudaTimingsApartFromTheCpuOnes() {
        TorchAnchor a = TorchAnchor.parse(
                "{\"anchor\": \"torchaudio 2.11.0\", \"cuda\": {\"device\": \"NVIDIA H100\", \"cuda\": \"13.0\"},"
                        + " \"results\": [{\"workload\": \"W1\", \"threads\": 16, \"audio_seconds_per_second\": 9e4},"
                        + " {\"workload\": \"W1\", \"threads\": 16, \"device\": \"cuda\", \"mode\": \"host\","
                        + " \"audio_seconds_per_second\": 2e5},"
                        + " {\"workload\": \"W1\", \"threads\": 16, \"device\": \"cuda\", \"mode\": \"resident\","
                        + " \"audio_seconds_per_second\": 8e5},"
                        + " {\"workload\": \"FFT-512\", \"threads\": 16, \"device\": \"cuda\", \"mode\": \"host\","
                        + " \"frames_per_second\": 3e7}]}",
                0,
                "",
                "python3");
        assertEquals(9e4, a.value(Workload.W1, 16));
        assertEquals(2e5, a.cudaValue("W1", "cuda-host"));
        assertEquals(8e5, a.cudaValue("W1", "cuda-resident"));
        assertEquals(3e7, a.cudaValue("FFT-512", "cuda-host"));
        assertTrue(Double.isNaN(a.cudaValue("FFT-512", "cuda-resident")));
        assertTrue(a.cuda().contains("NVIDIA H100 (CUDA 13.0)"), a.cuda());
        TorchAnchor none = TorchAnchor.parse(
                "{\"cuda\": {\"error\": \"torch.cuda.is_available() is False\"}, \"results\": [{\"workload\":"
                        + " \"W1\", \"threads\": 1, \"audio_seconds_per_second\": 1}]}",
                0,
                "",
                "python3");
        assertEquals("torch on cuda not measured: torch.cuda.is_available() is False", none.cuda());
        assertTrue(Double.isNaN(none.cudaValue("W1", "cuda-host")));
        assertEquals(null, TorchAnchor.skipped("no python").cuda());
    }

    @Test
    void missingInterpreterIsAReason() {
        TorchAnchor a = TorchAnchor.run("/nonexistent/python3", List.of(Workload.W1), List.of(1), 1, 1, 0, 1, 30);
        assertFalse(a.available());
        assertTrue(a.description().contains("/nonexistent/python3"), a.description());
    }
}
