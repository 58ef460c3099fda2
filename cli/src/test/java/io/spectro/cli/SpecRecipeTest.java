package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.FixedLength;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelScale;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.WindowType;
import io.spectro.cli.support.UsageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

class SpecRecipeTest {
    private static SpecRecipe recipe(String... args) throws UsageException {
        SpecOnly command = new SpecOnly();
        new CommandLine(command).parseArgs(args);
        return command.spec.recipe();
    }

    /** A command with only the spec flags, as another command would add them. */
    @Command(name = "spec-only")
    static final class SpecOnly {
        @ArgGroup(validate = false, heading = SpecOptions.HEADING)
        SpecOptions spec = new SpecOptions();
    }

    /** The one-line error of {@code spectro extract} with these spec flags (exit status 2). */
    private static String error(String... args) {
        List<String> all = new ArrayList<>(List.of("extract"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", "x", "/nonexistent/in.npy"));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        return r.err().strip().substring("spectro: ".length());
    }

    @Test
    void withoutPresetTheDefaultsAreLibrosasAtEachInputsRate() throws UsageException {
        SpecRecipe r = recipe();
        assertNull(r.fixedRateHz());
        assertEquals(Presets.librosa(), r.build(22050));
        assertEquals(Presets.librosa().withSampleRate(44100), r.build(44100));
        assertEquals(44100 / 2.0, r.build(44100).fmaxHz());
    }

    @Test
    void presetsGiveTheirRateAndExactSpec() throws UsageException {
        for (String name : Presets.NAMES) {
            SpecRecipe r = recipe("--preset", name);
            SpectrogramSpec preset = Presets.byName(name);
            assertEquals(preset.sampleRateHz(), r.fixedRateHz(), name);
            assertEquals(preset, r.build(preset.sampleRateHz()), name);
        }
        assertNull(recipe("--preset", "whisper", "--sample-rate", "native").fixedRateHz());
        assertEquals(
                8000, recipe("--preset", "whisper", "--sample-rate", "8000").fixedRateHz());
        // kaldi's frames are 25 ms / 10 ms at any rate
        assertEquals(
                Presets.kaldi(8000),
                recipe("--preset", "kaldi", "--sample-rate", "8000").build(8000));
    }

    @Test
    void flagsOverrideThePreset() throws UsageException {
        SpectrogramSpec s = recipe(
                        "--preset",
                        "torchaudio",
                        "--n-fft",
                        "512",
                        "--hop-length",
                        "128",
                        "--window",
                        "hamming",
                        "--symmetric-window",
                        "--pad-mode",
                        "edge",
                        "--power",
                        "1",
                        "--n-mels",
                        "40",
                        "--fmin",
                        "50",
                        "--fmax",
                        "7000",
                        "--mel-scale",
                        "slaney",
                        "--mel-norm",
                        "slaney",
                        "--preemphasis",
                        "0.97",
                        "--deltas",
                        "2")
                .build(16000);
        assertEquals(512, s.nFft());
        assertEquals(512, s.winLength(), "the window follows n-fft when the preset's filled its FFT");
        assertEquals(128, s.hopLength());
        assertEquals(WindowType.HAMMING, s.window().type());
        assertEquals(false, s.window().periodic());
        assertEquals(PadMode.EDGE, s.padMode());
        assertEquals(1.0, s.power());
        assertEquals(40, s.mel().nMels());
        assertEquals(50.0, s.mel().fminHz());
        assertEquals(7000.0, s.mel().fmaxHz());
        assertEquals(MelScale.SLANEY, s.mel().scale());
        assertEquals(MelNorm.SLANEY, s.mel().norm());
        assertEquals(0.97, s.preemphasis());
        assertEquals(2, s.deltaOrder());
        assertEquals(40 * 3, s.featureCount());
        SpectrogramSpec whisper =
                recipe("--preset", "whisper", "--n-fft", "512").build(16000);
        assertEquals(512, whisper.winLength(), "whisper's window filled its FFT, so it follows");
        assertEquals(160, whisper.hopLength(), "the hop stays");
        SpectrogramSpec kaldi = recipe("--preset", "kaldi", "--n-fft", "1024").build(16000);
        assertEquals(1024, kaldi.nFft());
        assertEquals(400, kaldi.winLength(), "kaldi's 25 ms window is shorter than its FFT and stays");
        assertEquals(false, recipe("--no-center").build(22050).center());
    }

    @Test
    void dbUsesTwentyOverPowerAndNoTopDbUnlessGiven() throws UsageException {
        assertEquals(
                new LogScale.Db(10, 1e-10, 1, Double.NaN),
                recipe("--db").build(22050).log());
        assertEquals(
                new LogScale.Db(20, 1e-10, 1, Double.NaN),
                recipe("--db", "--power", "1").build(22050).log());
        assertEquals(
                new LogScale.Db(40, 1e-10, 1, Double.NaN),
                recipe("--db", "--power", "0.5").build(22050).log());
        assertEquals(
                new LogScale.Db(10, 1e-5, 1, 80),
                recipe("--db", "--amin", "1e-5", "--top-db", "80").build(22050).log());
        assertEquals(
                new LogScale.Ln(0, 1e-10), recipe("--log", "ln").build(22050).log());
        assertEquals(
                LogScale.Log10.of(1e-10), recipe("--log", "log10").build(22050).log());
        assertNull(recipe("--preset", "whisper", "--log", "none").build(16000).log());
        // --amin alone adjusts the preset's own log stage
        assertEquals(
                new LogScale.Log10(1e-6, 8, 4, 0.25),
                recipe("--preset", "whisper", "--amin", "1e-6").build(16000).log());
    }

    @Test
    void melAndMfccStages() throws UsageException {
        SpectrogramSpec linear = recipe("--n-mels", "0").build(22050);
        assertNull(linear.mel());
        assertEquals(1025, linear.featureCount());
        SpectrogramSpec mfcc = recipe("--mfcc", "13", "--lifter", "22").build(22050);
        assertEquals(13, mfcc.mfcc().nMfcc());
        assertEquals(22.0, mfcc.mfcc().lifter());
        assertEquals(LogScale.Db.librosa(), mfcc.log(), "librosa's mfcc uses power_to_db with top_db 80");
        assertEquals(13, mfcc.featureCount());
    }

    @Test
    void invalidCombinationsNameTheFlag() {
        assertTrue(error("--sample-rate", "16000", "--fmax", "9000").contains("(--fmax)"));
        assertTrue(error("--sample-rate", "16000", "--fmax", "9000")
                .startsWith("invalid spectrogram settings at 16000 Hz: fmaxHz = 9000"));
        assertEquals(
                "invalid spectrogram settings at 22050 Hz: --top-db needs a log stage: add --db (or --log ln|log10)",
                error("--top-db", "80"));
        assertEquals("--lifter applies to MFCCs: add --mfcc N", error("--lifter", "22"));
        assertTrue(error("--n-fft", "400", "--win-length", "512").contains("(--win-length)"));
        assertEquals(
                "--sample-rate: 'fast' is not valid (valid: an integer rate in Hz from 1 to 1536000, or native)",
                error("--sample-rate", "fast"));
        assertEquals("--db and --log ln contradict each other; give one", error("--db", "--log", "ln"));
        assertEquals(
                "--preset: 'essentia' is not one of librosa, torchaudio, whisper, kaldi, whisper-hf, whisper-large-v3,"
                        + " nemo, nemo-128, ast, panns",
                error("--preset", "essentia"));
        assertEquals(
                "--delta-width: 4 is even (valid: an odd integer >= 3)", error("--deltas", "1", "--delta-width", "4"));
    }

    @Test
    void nativeRateRecipesAreCheckedWhereTheirFrequenciesFit() throws UsageException {
        // fmax 20 kHz is fine for 44.1 kHz inputs, so a native-rate recipe must not be rejected at 22050 Hz.
        SpecRecipe r = recipe("--fmax", "20000");
        assertEquals(20000.0, r.build(44100).fmaxHz());
        assertThrows(IllegalArgumentException.class, () -> r.build(16000));
    }

    @Test
    void inputScaleNormalizeAndPadOrTrimFlags() throws UsageException {
        assertEquals(
                Presets.kaldi().toBuilder().inputScale(1).build(),
                recipe("--preset", "kaldi", "--input-scale", "1").build(16000));
        assertEquals(
                Presets.whisperHf(128),
                recipe("--preset", "whisper-hf", "--n-mels", "128").build(16000),
                "--n-mels 128 on whisper-hf is Whisper large-v3's");
        assertEquals(
                Presets.torchaudio().toBuilder()
                        .normalization(Normalization.PerFeature.nemo())
                        .build(),
                recipe("--preset", "torchaudio", "--normalize", "per-feature").build(16000));
        assertEquals(
                new Normalization.PerUtterance(1e-5, true),
                recipe("--normalize", "per-utterance").build(22050).normalization());
        assertEquals(
                new Normalization.Fixed(-4.5, 2),
                recipe("--normalize", "fixed:-4.5:2").build(22050).normalization());
        assertNull(
                recipe("--preset", "nemo", "--normalize", "none").build(16000).normalization());
        assertEquals(
                FixedLength.samples(480000),
                recipe("--pad-or-trim", "480000").build(16000).fixedLength());
        assertEquals(
                FixedLength.samples(480000),
                recipe("--pad-or-trim", "480000samples").build(16000).fixedLength());
        assertEquals(
                FixedLength.samples(240000),
                recipe("--pad-or-trim", "30s").build(8000).fixedLength());
        assertEquals(
                FixedLength.frames(3000, -1.5),
                recipe("--pad-or-trim", "3000frames", "--pad-value", "-1.5")
                        .build(16000)
                        .fixedLength());
        assertEquals(
                FixedLength.NONE,
                recipe("--preset", "whisper-hf", "--pad-or-trim", "none")
                        .build(16000)
                        .fixedLength());
        assertEquals(
                FixedLength.frames(1024, 0.5),
                recipe("--preset", "ast", "--pad-value", "0.5").build(16000).fixedLength(),
                "--pad-value alone changes the preset's pad value");
    }

    @Test
    void badNewFlagsSayWhatIsValid() {
        assertTrue(error("--normalize", "cmvn").contains("--normalize"), error("--normalize", "cmvn"));
        assertTrue(error("--normalize", "fixed:1:0").contains("fixed:MEAN:STD"));
        assertTrue(error("--pad-or-trim", "0").contains("Nframes"));
        assertTrue(error("--pad-or-trim", "12parsecs").contains("Xs (seconds)"));
        assertTrue(error("--input-scale", "0").contains("--input-scale"));
        assertTrue(error("--pad-value", "1").contains("Nframes"), error("--pad-value", "1"));
        assertTrue(
                error("--pad-or-trim", "10samples", "--pad-value", "1").contains("--pad-or-trim Nframes"),
                error("--pad-or-trim", "10samples", "--pad-value", "1"));
        assertTrue(error("--preset", "ast", "--input-scale", "1e308", "--n-fft", "1")
                .contains("--n-fft"));
    }
}
