package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse();
        assertFalse(o.quick());
        assertNull(o.json());
        assertEquals(List.of(1, 2), o.threads());
        assertEquals(List.of(), o.backends());
        assertEquals(List.of(Workload.W1, Workload.W2, Workload.W3), o.workloads());
        assertTrue(o.fft());
        assertEquals(64, o.clips());
        assertEquals("/usr/bin/python3", o.python());
        assertTrue(Double.isNaN(o.peakGflopsPerThread()));
    }

    @Test
    void everyOption() {
        BenchOptions o = BenchOptions.parse(
                "--quick",
                "--json",
                "out/b.json",
                "--threads",
                "2,1,2",
                "--backends=CPU,opencl",
                "--workloads",
                "w2,FFT",
                "--peak-gflops",
                "225");
        assertTrue(o.quick());
        assertEquals(Path.of("out/b.json"), o.json());
        assertEquals(List.of(1, 2), o.threads());
        assertEquals(List.of("cpu", "opencl"), o.backends());
        assertEquals(List.of(Workload.W2), o.workloads());
        assertTrue(o.fft());
        assertEquals(16, o.clips());
        assertEquals(225.0, o.peakGflopsPerThread());
        assertEquals(8, BenchOptions.parse("--quick", "--clips", "8").clips());
        assertFalse(BenchOptions.parse("--workloads", "W1").fft());
    }

    @Test
    void errorsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--threads", "0"))
                .getMessage()
                .contains("--threads 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--workloads", "W9"))
                .getMessage()
                .contains("W9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--json"))
                .getMessage()
                .contains("--json needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast"))
                .getMessage()
                .contains("--fast"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--peak-gflops", "-3"));
    }
}
