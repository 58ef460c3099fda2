package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {
    private static ArgParser parser() {
        return new ArgParser("spectro x", "[options] INPUT...", "A test command.")
                .option("--n-fft", "N", "FFT size")
                .option("--window", "NAME", "window")
                .flag("--db", "decibels");
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parser().parse(args)).getMessage();
    }

    @Test
    void parsesValuesFlagsEqualsFormAndPositionals() throws UsageException {
        ParsedArgs a =
                parser().parse(new String[] {"in1", "--n-fft", "512", "--db", "--window=hann", "in2", "--", "--odd"});
        assertEquals(512, a.integer("--n-fft", 0, 2, 100_000));
        assertTrue(a.has("--db"));
        assertEquals("hann", a.choice("--window", null, List.of("hann", "hamming")));
        assertEquals(List.of("in1", "in2", "--odd"), a.positional());
        assertFalse(a.has("--help"));
    }

    @Test
    void unknownOptionIsNamedWithASuggestion() {
        assertEquals(
                "unknown option --nfft for spectro x; did you mean --n-fft? (spectro x --help lists the options)",
                error("--nfft", "512"));
        assertTrue(error("--completely-different").startsWith("unknown option --completely-different for spectro x ("));
    }

    @Test
    void missingRepeatedAndUnexpectedValuesAreErrors() {
        assertEquals("--n-fft needs a value (N)", error("--n-fft"));
        assertEquals("--n-fft is given more than once", error("--n-fft", "1", "--n-fft", "2"));
        assertEquals("--db takes no value (got '1')", error("--db=1"));
    }

    @Test
    void badValuesNameTheOptionAndTheValidValues() throws UsageException {
        ParsedArgs a = parser().parse(new String[] {"--n-fft", "abc", "--window", "hanning2"});
        assertEquals(
                "--n-fft: 'abc' is not an integer (valid: an integer from 2 to 100)",
                assertThrows(UsageException.class, () -> a.integer("--n-fft", 0, 2, 100))
                        .getMessage());
        assertEquals(
                "--window: 'hanning2' is not one of hann, hamming",
                assertThrows(UsageException.class, () -> a.choice("--window", null, List.of("hann", "hamming")))
                        .getMessage());
        ParsedArgs b = parser().parse(new String[] {"--n-fft", "1"});
        assertEquals(
                "--n-fft: 1 is out of range (valid: an integer >= 2)",
                assertThrows(UsageException.class, () -> b.integer("--n-fft", 0, 2, Integer.MAX_VALUE))
                        .getMessage());
        ParsedArgs c = parser().parse(new String[] {"--n-fft", "NaN"});
        assertEquals(
                "--n-fft: NaN is out of range (valid: a number > 0)",
                assertThrows(UsageException.class, () -> c.number("--n-fft", 0, 0, true, Double.POSITIVE_INFINITY))
                        .getMessage());
    }

    @Test
    void helpListsEveryOption() throws UsageException {
        String help = parser().help();
        assertTrue(help.startsWith("usage: spectro x [options] INPUT...\n\nA test command.\n"), help);
        for (String o : List.of("--n-fft N", "--window NAME", "--db", "--help")) {
            assertTrue(help.contains(o), o);
        }
        assertTrue(parser().parse(new String[] {"-h"}).has("--help"));
    }

    @Test
    void everyCommandHasHelpAndExitsZero() {
        for (String command : List.of("demo", "devices", "extract")) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith("usage: spectro " + command), r.toString());
            assertEquals(r.out(), CliRun.of("help", command).out());
        }
        String extract = CliRun.of("extract", "--help").out();
        for (String flag : List.of(
                "--sample-rate",
                "--n-fft",
                "--win-length",
                "--hop-length",
                "--window",
                "--symmetric-window",
                "--no-center",
                "--pad-mode",
                "--power",
                "--n-mels",
                "--fmin",
                "--fmax",
                "--mel-scale",
                "--mel-norm",
                "--db",
                "--amin",
                "--top-db",
                "--mfcc",
                "--lifter",
                "--preemphasis",
                "--deltas",
                "--log",
                "--backend",
                "--device",
                "--threads",
                "--deterministic",
                "--out",
                "--format",
                "--labels",
                "--png",
                "--channel",
                "--input-rate",
                "--force",
                "--preset")) {
            assertTrue(extract.contains(flag + " ") || extract.contains(flag + "\n"), flag);
        }
    }

    @Test
    void commandLineErrorsExitTwoWithTheMessage() {
        CliRun unknownCommand = CliRun.of("extrakt");
        assertEquals(2, unknownCommand.status());
        assertEquals(
                "spectro: unknown command 'extrakt'; commands: demo, devices, extract, help (spectro help)\n",
                unknownCommand.err());
        CliRun noArgs = CliRun.of();
        assertEquals(2, noArgs.status());
        assertTrue(noArgs.err().startsWith("usage: spectro COMMAND"));
        CliRun badWindow = CliRun.of("extract", "--window", "kaiser", "--out", "x", "in.npy");
        assertEquals(2, badWindow.status());
        assertEquals(
                "spectro: --window: 'kaiser' is not one of hann, hamming, blackman, rectangular, povey\n",
                badWindow.err());
        CliRun badBackend = CliRun.of("extract", "--backend", "metal", "--out", "x", "in.npy");
        assertEquals(2, badBackend.status());
        assertEquals("spectro: --backend: 'metal' is not one of auto, cpu, opencl, cuda\n", badBackend.err());
        CliRun noOut = CliRun.of("extract", "in.npy");
        assertEquals(2, noOut.status());
        assertTrue(noOut.err().contains("--out DIR is required"), noOut.toString());
        CliRun missing = CliRun.of("extract", "--out", "x", "/nonexistent/in.npy");
        assertEquals(2, missing.status());
        assertEquals("spectro: input not found: /nonexistent/in.npy\n", missing.err());
    }
}
