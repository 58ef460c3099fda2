package io.spectro.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuCheckMainTest {
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            status = GpuCheckMain.run(args, po, pe);
        }
        return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStepMustBeNamed() {
        Run r = run();
        assertEquals(2, r.status());
        assertTrue(r.err().contains("name a step: probe, conformance, exactness or report"), r.err());
        assertEquals(
                2,
                run("conformance", "--label", "x", "--backend", "cpu", "--out", "x.json")
                        .status());
        assertEquals(
                2,
                run("exactness", "--backend", "cpu", "--clips", "0", "--out", "x.json")
                        .status());
    }

    @Test
    void probeWritesEveryBackendAndOneLinePerBackend(@TempDir Path dir) {
        Run r = run("probe", "--out", dir.resolve("probe.json").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("cpu\tyes\t"), r.out());
        JsonNode probe = StepFiles.readTree(dir.resolve("probe.json"));
        assertTrue(probe.isArray() && probe.size() >= 1, probe.toString());
        assertEquals(r.out().lines().count(), probe.size());
    }

    @Test
    void conformanceStepRunsTheClassesAndWritesTheResult(@TempDir Path dir) {
        Path out = dir.resolve("c.json");
        Run r = run(
                "conformance",
                "--label",
                "fixture",
                "--backend",
                "cpu",
                "--out",
                out.toString(),
                SuiteRunnerTest.AllSkipped.class.getName());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("conformance fixture: SKIPPED  2 tests"), r.out());
        assertEquals("SKIPPED", StepFiles.read(out, SuiteResult.class).status());
        assertEquals(
                1,
                run("conformance", "--label", "x", "--backend", "cpu", "--out", out.toString(), "a.B")
                        .status());
    }

    /** The bundle's launcher: its help, and a bad option is a one-line error with exit status 2. */
    @Test
    void theLauncherExplainsItselfAndRejectsBadOptions() throws IOException, InterruptedException {
        Path launcher = Path.of("gpu-check");
        assertTrue(launcher.toFile().canExecute(), "benchmarks/gpu-check/gpu-check must be executable");
        ProcessResult help = bash(launcher.toString(), "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("usage: gpu-check [--out DIR] [--quick]"), help.out());
        ProcessResult bad = bash(launcher.toString(), "--threads", "0");
        assertEquals(2, bad.status());
        assertEquals("gpu-check: --threads: '0' is not a positive integer\n", bad.err());
        assertEquals(
                "gpu-check: 'metal' is not a backend (cpu, opencl, cuda)\n",
                bash(launcher.toString(), "--require", "cuda,metal").err());
        assertEquals(
                "gpu-check: unknown option --fast (gpu-check --help lists them)\n",
                bash(launcher.toString(), "--fast").err());
    }

    private record ProcessResult(int status, String out, String err) {}

    private static ProcessResult bash(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        return new ProcessResult(p.exitValue(), out, err);
    }
}
