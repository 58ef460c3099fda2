package io.spectro.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.BackendStatus;
import io.spectro.spi.Availability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckReportTest {
    private static final String ROWS = """
            [{"workload": "W1", "backend": "cpu", "threads": 16, "spectro": 50000, "anchor": "torchaudio 2.11.0",
              "anchor_value": 40000, "ratio": 1.25, "unit": "audio-s/s"},
             {"workload": "W1", "backend": "cuda", "threads": 16, "spectro": %s, "anchor": "torchaudio 2.11.0",
              "anchor_value": 40000, "ratio": 5, "unit": "audio-s/s"}]
            """;

    private static void write(Path dir, String steps, String env) throws IOException {
        Files.writeString(dir.resolve(StepFiles.STEPS), steps);
        Files.writeString(dir.resolve(StepFiles.ENVIRONMENT), env);
        StepFiles.write(
                dir.resolve(StepFiles.PROBE),
                List.of(
                        new BackendStatus("cuda", 300, Availability.no("libcuda.so.1 not found")),
                        new BackendStatus("cpu", 100, Availability.yes("16 threads", List.of()))));
        StepFiles.write(
                dir.resolve(StepFiles.conformance("cpu")),
                new SuiteResult("cpu", "cpu", true, List.of("C"), 3, 3, 0, 0, List.of(), List.of(), List.of("g"), 2.0));
    }

    @Test
    void everyStepPassedIsAPass(@TempDir Path dir) throws IOException {
        write(
                dir,
                "probe\t0\t1.5\tlogs/probe.log\nconformance-cpu\t0\t2.0\tlogs/conformance-cpu.log\n"
                        + "conformance-cuda-ownfft\t-\t0\tnot run: cuda unavailable\nbench\t0\t100\tlogs/bench.log\n",
                "mode=full\nrequired=cpu\n");
        Files.writeString(dir.resolve(StepFiles.BENCH_JSON), ROWS.formatted("250000"));
        Files.writeString(dir.resolve(StepFiles.BENCH_TABLE), "the harness's table\n");
        CheckReport r = CheckReport.read(dir);
        assertEquals("PASS", r.verdict(), r.problems().toString());
        assertEquals(
                List.of("PASS", "PASS", "NOT RUN", "PASS"),
                r.steps().stream().map(CheckReport.Step::status).toList());
        assertEquals("cuda no, cpu yes", r.steps().get(0).summary());
        assertEquals("2 rows (table below)", r.steps().get(3).summary());
        String table = r.table();
        assertTrue(table.startsWith("Spectro GPU check: PASS\n  mode: full\n"), table);
        assertTrue(table.contains("conformance-cuda-ownfft  NOT RUN"), table);
        assertTrue(table.contains("the harness's table"), table);
        assertTrue(table.contains("5.00x"), "cuda over the cpu backend: " + table);
        assertTrue(table.endsWith("verdict: PASS\n"), table);
    }

    @Test
    void crashesTimeoutsFailedRowsAndMissingRequiredBackendsFail(@TempDir Path dir) throws IOException {
        write(
                dir,
                "probe\t0\t1.5\tlogs/probe.log\nconformance-cpu\t0\t2.0\tlogs/conformance-cpu.log\n"
                        + "conformance-cuda\t134\t3.0\tlogs/conformance-cuda.log\n"
                        + "exactness-cuda\t124\t180\tlogs/exactness-cuda.log\nbench\t1\t100\tlogs/bench.log\n"
                        + "exactness-opencl\ttime\t0\tnot run: the run's time limit (460 s) is used up\n",
                "required=cpu,cuda\n");
        Files.writeString(dir.resolve(StepFiles.BENCH_JSON), ROWS.formatted("null"));
        CheckReport r = CheckReport.read(dir);
        assertEquals("FAIL", r.verdict());
        assertEquals(
                List.of("PASS", "PASS", "CRASHED", "TIMED OUT", "FAIL", "NO TIME"),
                r.steps().stream().map(CheckReport.Step::status).toList());
        String problems = String.join("\n", r.problems());
        assertTrue(
                problems.contains(
                        "conformance-cuda: CRASHED: exit 134 without a result; see logs/conformance-cuda.log"),
                problems);
        assertTrue(problems.contains("exactness-cuda: TIMED OUT: ran past its limit after 180 s"), problems);
        assertTrue(problems.contains("bench: FAIL: exit 1"), problems);
        assertTrue(problems.contains("exactness-opencl: NO TIME: not run: the run's time limit"), problems);
        assertTrue(problems.contains("cuda is required here but unavailable: libcuda.so.1 not found"), problems);
        assertTrue(r.table().contains("verdict: FAIL"), r.table());
    }

    @Test
    void aFailedSuiteListsItsFailures(@TempDir Path dir) throws IOException {
        write(dir, "conformance-opencl\t1\t9\tlogs/conformance-opencl.log\n", "required=cpu\n");
        List<SuiteResult.Problem> failures = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            failures.add(new SuiteResult.Problem(
                    "OpenClConformanceTest > golden > " + i, "AssertionFailedError: off\nmore"));
        }
        StepFiles.write(
                dir.resolve(StepFiles.conformance("opencl")),
                new SuiteResult(
                        "opencl", "opencl", false, List.of("C"), 9, 2, 7, 0, failures, List.of(), List.of(), 9));
        CheckReport r = CheckReport.read(dir);
        assertEquals("FAIL", r.verdict());
        assertEquals(
                CheckReport.MAX_FAILURES + 1, r.problems().size(), r.problems().toString());
        assertEquals(
                "conformance-opencl: OpenClConformanceTest > golden > 0: AssertionFailedError: off",
                r.problems().get(0));
        assertTrue(
                r.problems().get(CheckReport.MAX_FAILURES).contains("and 2 more failures"),
                r.problems().toString());
    }

    @Test
    void aBadStepsFileNamesTheLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(StepFiles.STEPS), "probe\tzero\t1\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> CheckReport.read(dir));
        assertTrue(e.getMessage().contains("'probe\tzero\t1' has a bad number"), e.getMessage());
    }
}
