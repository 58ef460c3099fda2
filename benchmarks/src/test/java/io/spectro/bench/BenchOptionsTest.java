package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BenchOptionsTest {
    private static BenchOptions parse(String... args) {
        BenchCommand c = new BenchCommand(System.out, System.err);
        new CommandLine(c).parseArgs(args);
        return c.options;
    }

    /** What {@code spectro bench ARGS} prints, for command lines that stop before any benchmark runs. */
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            status = BenchMain.run(args, po, pe);
        }
        return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaults() {
        BenchOptions o = parse();
        assertFalse(o.quick());
        assertNull(o.json());
        assertEquals(List.of(1, 2), o.threads());
        assertEquals(List.of(), o.backends());
        assertEquals(List.of(Workload.W1, Workload.W2, Workload.W3), o.workloads());
        assertTrue(o.fft());
        assertEquals(64, o.clips());
        assertEquals("/usr/bin/python3", o.python());
        assertTrue(Double.isNaN(o.peakGflopsPerThread()));
        assertEquals(List.of(EndToEndRow.values()), o.endToEnd());
        assertTrue(o.jmh());
        assertEquals(1.0, o.e2eScale());
        assertEquals(EndToEndCorpus.defaultCache(), o.corpus());
        assertNull(o.spectro());
    }

    @Test
    void endToEndRowsAreChosenLikeTheOthers() {
        BenchOptions o = parse("--workloads", "e5,E1,W2,E1", "--e2e-scale", "0.05", "--corpus", "c", "--spectro", "s");
        assertEquals(List.of(EndToEndRow.E5, EndToEndRow.E1), o.endToEnd());
        assertEquals(List.of(Workload.W2), o.workloads());
        assertFalse(o.fft());
        assertTrue(o.jmh());
        assertEquals(0.05, o.e2eScale());
        assertEquals(Path.of("c"), o.corpus());
        assertEquals(Path.of("s"), o.spectro());
        BenchOptions only = parse("--workloads", "E4", "--quick");
        assertFalse(only.jmh(), "no JMH row: no backend probing, no peak measurement");
        assertEquals(List.of(), only.workloads());
        assertEquals(0.01, only.e2eScale());
        assertEquals(List.of(), parse("--workloads", "W1,FFT").endToEnd());
    }

    @Test
    void everyOption() {
        BenchOptions o = parse(
                "--quick",
                "--json",
                "out/b.json",
                "--threads",
                "2,1,2",
                "--backends=CPU,opencl",
                "--workloads",
                "w2,FFT",
                "--peak-gflops",
                "225",
                "--python",
                "/opt/py/bin/python3");
        assertTrue(o.quick());
        assertEquals(Path.of("out/b.json"), o.json());
        assertEquals(List.of(1, 2), o.threads());
        assertEquals(List.of("cpu", "opencl"), o.backends());
        assertEquals(List.of(Workload.W2), o.workloads());
        assertTrue(o.fft());
        assertEquals(16, o.clips());
        assertEquals(225.0, o.peakGflopsPerThread());
        assertEquals("/opt/py/bin/python3", o.python());
        assertEquals(8, parse("--quick", "--clips", "8").clips());
        assertTrue(parse("--short").shortRun());
        assertEquals(64, parse("--short").clips());
        assertFalse(parse("--workloads", "W1").fft());
        assertEquals(List.of(), parse("--workloads", "fft").workloads());
        assertEquals(
                List.of(1, 2, 4), parse("--threads", "4", "--threads", "1,2").threads(), "lists add up");
    }

    /** A bad value: one line naming the flag, the value and what is valid; exit status 2. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--threads|0|--threads: 0 is out of range (valid: an integer from 1 to 4096)",
                "--threads|1,x|--threads: 'x' is not an integer (valid: an integer from 1 to 4096)",
                "--workloads|W9|--workloads: 'W9' is not one of W1, W2, W3, FFT, E1, E2, E3, E4, E5",
                "--e2e-scale|0|--e2e-scale: 0 is out of range (valid: a number > 0 and <= 1)",
                "--e2e-scale|2|--e2e-scale: 2 is out of range (valid: a number > 0 and <= 1)",
                "--backends|metal|--backends: 'metal' is not one of cpu, opencl, cuda",
                "--clips|0|--clips: 0 is out of range (valid: an integer >= 1)",
                "--peak-gflops|-3|--peak-gflops: -3 is out of range (valid: a number > 0)",
                "--peak-gflops|fast|--peak-gflops: 'fast' is not a number (valid: a number > 0)",
            })
    void badValuesExitTwoNamingTheFlag(String flag, String value, String message) {
        assertEquals(new Run(2, "", "spectro bench: " + message + "\n"), run(flag, value));
    }

    @Test
    void otherCommandLineErrors() {
        assertEquals(new Run(2, "", "spectro bench: --json needs a value (FILE)\n"), run("--json"));
        Run unknown = run("--fast");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("spectro bench: unknown option --fast for spectro bench"), unknown.err());
        assertEquals(
                new Run(2, "", "spectro bench: --clips is given more than once\n"),
                run("--clips", "1", "--clips", "2"));
        assertEquals(
                new Run(2, "", "spectro bench: --quick and --short cannot be combined: give one of them\n"),
                run("--quick", "--short"));
    }

    @Test
    void helpListsEveryFlagAndTheValidValues() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("usage: spectro bench [--quick|--short]"), help.out());
        for (String s : List.of(
                "--quick",
                "--short",
                "--json=FILE",
                "--threads=N[,N...]",
                "--backends=BACKEND[,BACKEND...]",
                "--workloads=WORKLOAD[,WORKLOAD...]",
                "--clips=N",
                "--python=PATH",
                "--peak-gflops=G",
                "--e2e-scale=F",
                "--corpus=DIR",
                "--spectro=PATH",
                "W1, W2, W3, FFT, E1, E2, E3, E4, E5",
                "cpu, opencl, cuda")) {
            assertTrue(help.out().contains(s), s);
        }
    }
}
