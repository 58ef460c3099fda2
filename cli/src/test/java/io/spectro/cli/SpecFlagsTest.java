package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The spec flags as another front-end (the Spark job) sees them: parsed from a list or mixed into its command. */
class SpecFlagsTest {
    @Command(name = "job")
    static final class Job {
        @Mixin
        SpecFlags spec;

        @Option(names = "--out")
        String out;
    }

    @Test
    void presetAndOverridesGiveTheSpecsExtractUses() throws Exception {
        SpecFlags flags = SpecFlags.parse(List.of("--preset", "whisper", "--n-mels", "128"));
        assertEquals(16000, flags.fixedRateHz());
        SpecRecipeTest.SpecOnly direct = new SpecRecipeTest.SpecOnly();
        new CommandLine(direct).parseArgs("--preset", "whisper", "--n-mels", "128");
        SpectrogramSpec expected = direct.spec.recipe().specForRate(16000);
        assertEquals(expected, flags.specAt(16000));
        assertEquals(128, flags.specAt(16000).featureCount());
    }

    @Test
    void withoutAPresetEachRateHasItsOwnSpec() {
        SpecFlags flags = SpecFlags.parse(List.of());
        assertNull(flags.fixedRateHz());
        assertEquals(Presets.librosa().sampleRateHz(), flags.displayRateHz());
        assertEquals(Presets.librosa().withSampleRate(44100), flags.specAt(44100));
    }

    @Test
    void errorsNameTheFlag() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> SpecFlags.parse(List.of("--n-mel", "3")));
        assertTrue(unknown.getMessage().contains("--n-mel"), unknown.getMessage());
        IllegalArgumentException range =
                assertThrows(IllegalArgumentException.class, () -> SpecFlags.parse(List.of("--n-fft", "1")));
        assertTrue(range.getMessage().contains("--n-fft"), range.getMessage());
        IllegalArgumentException lifter =
                assertThrows(IllegalArgumentException.class, () -> SpecFlags.parse(List.of("--lifter", "22")));
        assertTrue(lifter.getMessage().contains("--mfcc"), lifter.getMessage());
        SpecFlags native8k = SpecFlags.parse(List.of("--fmax", "6000"));
        IllegalArgumentException atRate = assertThrows(IllegalArgumentException.class, () -> native8k.specAt(8000));
        assertTrue(atRate.getMessage().contains("--fmax"), atRate.getMessage());
    }

    @Test
    void mixedIntoACommandItAddsExtractsFlagsAndHelp() {
        Job job = new Job();
        CommandLine cl = new CommandLine(job);
        cl.parseArgs("--preset", "kaldi", "--out", "x", "--n-mels", "40");
        assertEquals("x", job.out);
        assertEquals(40, job.spec.specAt(16000).featureCount());
        StringWriter help = new StringWriter();
        cl.usage(new PrintWriter(help));
        assertTrue(help.toString().contains("--n-mels"), help.toString());
        assertTrue(help.toString().contains("--preset"), help.toString());
    }

    @Test
    void theGivenFlagsCanBePassedOn() {
        List<String> given = List.of("--preset", "whisper", "--n-mels", "128", "--db", "--top-db", "80", "--no-center");
        SpecFlags flags = SpecFlags.parse(given);
        assertEquals(
                List.of("--preset", "whisper", "--no-center", "--n-mels", "128", "--db", "--top-db", "80"),
                flags.args());
        assertEquals(flags.specAt(16000), SpecFlags.parse(flags.args()).specAt(16000));
        Job job = new Job();
        new CommandLine(job).parseArgs("--out", "x", "--fmax", "nyquist", "--mfcc", "13");
        assertEquals(List.of("--fmax", "nyquist", "--mfcc", "13"), job.spec.args());
        assertEquals(List.of(), SpecFlags.parse(List.of()).args());
    }

    @Test
    void jsonRoundTripsOneSpecAndRefusesSeveral() {
        SpectrogramSpec whisper = Presets.whisper();
        assertEquals(whisper, SpecFlags.fromJson(SpecFlags.toJson(List.of(whisper))));
        String two =
                SpecFlags.toJson(List.of(Presets.librosa(), Presets.librosa().withSampleRate(8000)));
        assertThrows(IllegalArgumentException.class, () -> SpecFlags.fromJson(two));
    }
}
