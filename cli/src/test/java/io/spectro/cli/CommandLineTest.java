package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.WindowType;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The {@code spectro} command line: parsing, help, and the one-line errors with exit status 2. */
class CommandLineTest {
    private static ExtractCommand parse(String... args) {
        ExtractCommand c = new ExtractCommand(new PrintStream(PrintStream.nullOutputStream()), System.err);
        new CommandLine(c).parseArgs(args);
        return c;
    }

    /** The error of an extract command line that is wrong, checked to be one line with exit status 2. */
    private static String error(String... args) {
        List<String> all = new ArrayList<>(List.of("extract"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(2, r.status(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().startsWith("spectro: ") && r.err().endsWith("\n"), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
        return r.err().substring("spectro: ".length(), r.err().length() - 1);
    }

    @Test
    void parsesValuesFlagsEqualsFormAndPositionals() {
        ExtractCommand c =
                parse("in1", "--n-fft", "512", "--db", "--window=hann", "--channel", "1", "in2", "--", "--odd");
        assertEquals(512, c.spec.nFft);
        assertTrue(c.spec.db);
        assertEquals(WindowType.HANN, c.spec.window);
        assertEquals(ChannelMode.select(1), c.io.channel);
        assertEquals(List.of("in1", "in2", "--odd"), c.inputs);
        ExtractCommand defaults = parse("in");
        assertNull(defaults.spec.nFft);
        assertFalse(defaults.spec.db);
        assertNull(defaults.engine.backend);
        assertEquals(OutputLayout.Format.NPY, defaults.io.format);
        assertEquals(ChannelMode.MIX_TO_MONO, defaults.io.channel);
        assertEquals(Resampler.Mode.KAISER, defaults.io.resampler);
        assertEquals(300.0, defaults.io.batchSeconds);
        ExtractCommand choices = parse(
                "--format", "NPZ", "--resampler", "torchaudio", "--window", "Povey", "--fmax", "nyquist", "--out", "o");
        assertEquals(OutputLayout.Format.NPZ, choices.io.format);
        assertEquals(Resampler.Mode.TORCHAUDIO_SINC_HANN, choices.io.resampler);
        assertEquals(WindowType.POVEY, choices.spec.window);
        assertTrue(choices.spec.fmax.isNaN());
        assertEquals(Path.of("o"), choices.io.out);
    }

    @Test
    void unknownOptionIsNamedWithASuggestion() {
        assertEquals(
                "unknown option --n-ftt for spectro extract; did you mean --n-fft or --n-mels? (spectro extract --help lists the"
                        + " options)",
                error("--n-ftt", "512"));
        assertTrue(error("--zzzz").startsWith("unknown option --zzzz for spectro extract ("), "no suggestion");
        assertTrue(error("--windw", "hann").contains("; did you mean --win-length or --window?"));
        assertTrue(error("--windw=hann").startsWith("unknown option --windw for spectro extract;"), "name only");
    }

    @Test
    void missingRepeatedAndUnexpectedValuesAreErrors() {
        assertEquals("--n-fft needs a value (N)", error("--n-fft"));
        assertEquals("--n-fft needs a value (N)", error("--n-fft", "--db"));
        assertEquals("--n-fft is given more than once", error("--n-fft", "1024", "--n-fft", "2048"));
        assertEquals("--out is given more than once", error("--out", "a", "--out", "b", "in.npy"));
        assertEquals("--db is given more than once", error("--db", "--db"));
        assertEquals("--db takes no value (got '1')", error("--db=1"));
    }

    /** Every flag with a value: a bad one names the flag, the value and what is valid. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--n-fft|abc|--n-fft: 'abc' is not an integer (valid: an integer from 2 to 4194304)",
                "--n-fft|-3|--n-fft: -3 is out of range (valid: an integer from 2 to 4194304)",
                "--n-fft|1|--n-fft: 1 is out of range (valid: an integer from 2 to 4194304)",
                "--win-length|0|--win-length: 0 is out of range (valid: an integer from 1 to 4194304)",
                "--hop-length|0|--hop-length: 0 is out of range (valid: an integer >= 1)",
                "--n-mels|-1|--n-mels: -1 is out of range (valid: an integer from 0 to 100000)",
                "--mfcc|0|--mfcc: 0 is out of range (valid: an integer from 1 to 100000)",
                "--deltas|3|--deltas: 3 is out of range (valid: an integer from 0 to 2)",
                "--delta-width|4|--delta-width: 4 is even (valid: an odd integer >= 3)",
                "--delta-width|1|--delta-width: 1 is out of range (valid: an integer from 3 to 999)",
                "--power|0|--power: 0 is out of range (valid: a number > 0)",
                "--power|NaN|--power: NaN is out of range (valid: a number > 0)",
                "--fmin|-1|--fmin: -1 is out of range (valid: a number >= 0)",
                "--fmax|high|--fmax: 'high' is not a number (valid: a number > 0, or nyquist)",
                "--amin|0|--amin: 0 is out of range (valid: a number > 0)",
                "--top-db|-80|--top-db: -80 is out of range (valid: a number >= 0)",
                "--lifter|-1|--lifter: -1 is out of range (valid: a number >= 0)",
                "--preemphasis|2|--preemphasis: 2 is out of range (valid: a number >= 0 and <= 1)",
                "--sample-rate|fast|"
                        + "--sample-rate: 'fast' is not valid (valid: an integer rate in Hz from 1 to 1536000, or native)",
                "--sample-rate|0|"
                        + "--sample-rate: '0' is not valid (valid: an integer rate in Hz from 1 to 1536000, or native)",
                "--preset|essentia|--preset: 'essentia' is not one of librosa, torchaudio, whisper, kaldi, whisper-hf,"
                        + " whisper-large-v3, nemo, nemo-128, ast, panns",
                "--input-scale|-1|--input-scale: -1 is out of range (valid: a number > 0)",
                "--pad-value|abc|--pad-value: 'abc' is not a number (valid: a finite number)",
                "--window|kaiser|--window: 'kaiser' is not one of hann, hamming, blackman, rectangular, povey",
                "--window|custom|--window: 'custom' is not one of hann, hamming, blackman, rectangular, povey",
                "--pad-mode|wrap|--pad-mode: 'wrap' is not one of constant, reflect, edge",
                "--mel-scale|bark|--mel-scale: 'bark' is not one of htk, slaney, kaldi",
                "--mel-norm|area|--mel-norm: 'area' is not one of none, slaney",
                "--log|log2|--log: 'log2' is not one of db, ln, log10, none",
                "--backend|metal|--backend: 'metal' is not one of auto, cpu, opencl, cuda",
                "--threads|0|--threads: 0 is out of range (valid: an integer from 1 to 4096)",
                "--threads|many|--threads: 'many' is not an integer (valid: an integer from 1 to 4096)",
                "--format|xyz|--format: 'xyz' is not one of npy, npz",
                "--colormap|nope|--colormap: 'nope' is not one of viridis, magma",
                "--channel|left|--channel: 'left' is not valid (valid: mix, or a channel index 0, 1, ...)",
                "--channel|-1|--channel: '-1' is not valid (valid: mix, or a channel index 0, 1, ...)",
                "--input-rate|0|--input-rate: 0 is out of range (valid: an integer from 1 to 1536000)",
                "--resampler|sox|--resampler: 'sox' is not one of kaiser, torchaudio",
                "--batch-seconds|0|--batch-seconds: 0 is out of range (valid: a number > 0 and <= 10000000)",
            })
    void badValuesNameTheFlagTheValueAndTheValidValues(String flag, String value, String message) {
        assertEquals(message, error(flag, value, "--out", "x", "in.npy"));
        assertEquals(message, error(flag + "=" + value, "--out", "x", "in.npy"));
    }

    @Test
    void everyCommandHasHelpAndExitsZero() {
        for (String command : List.of("demo", "devices", "extract", "completion")) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith("usage: spectro " + command), r.toString());
            assertEquals(r.out(), CliRun.of("help", command).out());
            assertTrue(r.out().contains("-h, --help"), r.toString());
        }
        String extract = CliRun.of("extract", "--help").out();
        for (String flag : List.of(
                "--sample-rate=HZ|native",
                "--n-fft=N",
                "--win-length=N",
                "--hop-length=N",
                "--window=WINDOW",
                "--symmetric-window",
                "--no-center",
                "--pad-mode=MODE",
                "--power=P",
                "--n-mels=N",
                "--fmin=HZ",
                "--fmax=HZ",
                "--mel-scale=SCALE",
                "--mel-norm=NORM",
                "--db",
                "--amin=A",
                "--top-db=DB",
                "--mfcc=N",
                "--lifter=L",
                "--preemphasis=C",
                "--deltas=ORDER",
                "--delta-width=W",
                "--log=KIND",
                "--backend=BACKEND",
                "--strict-backend",
                "--device=SEL",
                "--threads=N",
                "--deterministic",
                "--out=DIR",
                "--format=FORMAT",
                "--labels=dirs|FILE",
                "--png",
                "--colormap=COLORMAP",
                "--channel=mix|N",
                "--input-rate=HZ",
                "--resampler=RESAMPLER",
                "--force",
                "--batch-seconds=S",
                "--preset=PRESET")) {
            assertTrue(extract.contains("  " + flag + " ") || extract.contains("  " + flag + "\n"), flag);
        }
        // The valid values of every choice are listed.
        for (String values : List.of(
                "hann, hamming, blackman, rectangular, povey",
                "constant, reflect, edge",
                "htk, slaney, kaldi",
                "none, slaney",
                "db, ln, log10, none",
                "librosa, torchaudio, whisper, kaldi",
                "auto, cpu, opencl, cuda",
                "npy, npz",
                "viridis, magma",
                "kaiser, torchaudio")) {
            assertTrue(extract.contains(values), values);
        }
        for (String heading : List.of("input and output:", "spectrogram (flags override", "engine:")) {
            assertTrue(extract.contains("\n" + heading), heading);
        }
    }

    @Test
    void overviewAndVersion() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("usage: spectro COMMAND"), help.toString());
        for (String c : List.of("demo", "devices", "extract", "completion", "help")) {
            assertTrue(help.out().contains("\n  " + c + " "), c);
        }
        assertFalse(help.out().contains("\n  version "), "the version command is hidden");
        assertEquals(help.out(), CliRun.of("help").out());
        assertEquals(help.out(), CliRun.of("-h").out());
        // Run from classes, not from a jar: no manifest version.
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.status());
        assertEquals("spectro " + Main.DEVELOPMENT_VERSION + "\n", version.out());
        assertEquals(version.out(), CliRun.of("-V").out());
        assertEquals(version.out(), CliRun.of("version").out());
    }

    @Test
    void commandLineErrorsExitTwoWithTheMessage() {
        CliRun unknownCommand = CliRun.of("extrakt");
        assertEquals(2, unknownCommand.status());
        assertEquals(
                "spectro: unknown command 'extrakt'; commands: demo, devices, extract, completion, help (spectro"
                        + " help)\n",
                unknownCommand.err());
        CliRun noArgs = CliRun.of();
        assertEquals(2, noArgs.status());
        assertTrue(noArgs.err().startsWith("usage: spectro COMMAND"), noArgs.toString());
        assertEquals(
                "spectro demo takes no arguments (got x)",
                CliRun.of("demo", "x").err().strip().substring(9));
        assertEquals(
                "spectro devices takes no arguments (got x)",
                CliRun.of("devices", "x").err().strip().substring(9));
        assertEquals("--out DIR is required (the folder the features are written to)", error("in.npy"));
        assertEquals("no INPUT given: name audio files, folders or .npy waveforms", error("--out", "x"));
        assertEquals("input not found: /nonexistent/in.npy", error("--out", "x", "/nonexistent/in.npy"));
        assertEquals("--colormap applies to the previews: add --png", error("--colormap", "magma", "--out", "x", "i"));
        CliRun badShell = CliRun.of("completion", "fish");
        assertEquals(2, badShell.status());
        assertEquals("spectro: SHELL: 'fish' is not one of bash\n", badShell.err());
        assertEquals(
                "spectro: spectro completion needs SHELL\n",
                CliRun.of("completion").err());
    }
}
