package io.spectro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Validation messages, frame-count rules (against torch), preset values and the shape of {@link SpectrogramSpec}. */
class SpectrogramSpecTest {

    private static SpectrogramSpec.Builder b() {
        return SpectrogramSpec.builder();
    }

    /** Asserts an IllegalArgumentException whose message contains every part (field, value, range). */
    private static void rejected(Supplier<?> build, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    /** A range violation: {@code field = value is out of range: must be range}. */
    private static void outOfRange(Supplier<?> build, String field, String value, String range) {
        rejected(build, field + " = " + value + " is out of range: must be ", range);
    }

    @Test
    void framingFieldsAreValidated() {
        outOfRange(() -> b().sampleRateHz(0).build(), "sampleRateHz", "0", ">= 1");
        outOfRange(() -> b().nFft(1).build(), "nFft", "1", "2 .. 4194304");
        outOfRange(() -> b().nFft(SpectrogramSpec.MAX_N_FFT + 1).build(), "nFft", "4194305", "2 .. 4194304");
        outOfRange(() -> b().nFft(512).winLength(0).build(), "winLength", "0", "1 .. nFft (512)");
        outOfRange(() -> b().nFft(512).winLength(513).build(), "winLength", "513", "1 .. nFft (512)");
        outOfRange(() -> b().hopLength(0).build(), "hopLength", "0", ">= 1");
        outOfRange(() -> b().hopLength(-3).build(), "hopLength", "-3", ">= 1");
        rejected(() -> b().window((Window) null).build(), "window must not be null");
        rejected(
                () -> b().nFft(8)
                        .winLength(4)
                        .window(Window.custom(new float[] {1, 1, 1}))
                        .build(),
                "3 custom coefficients",
                "winLength = 4");
        rejected(() -> b().padMode(null).build(), "padMode must not be null");
        rejected(() -> b().frameMode(null).build(), "frameMode must not be null");
        rejected(() -> b().frameMode(FrameMode.KALDI).center(true).build(), "center = true", "KALDI");
        rejected(() -> b().removeDcOffset(true).build(), "removeDcOffset = true", "KALDI");
        outOfRange(() -> b().preemphasis(-0.1).build(), "preemphasis", "-0.1", "0 .. 1");
        outOfRange(() -> b().preemphasis(1.5).build(), "preemphasis", "1.5", "0 .. 1");
        outOfRange(() -> b().preemphasis(Double.NaN).build(), "preemphasis", "NaN", "0 .. 1");
    }

    @Test
    void spectrumAndMelFieldsAreValidated() {
        outOfRange(() -> b().power(0).build(), "power", "0", "> 0 and finite");
        outOfRange(() -> b().power(-1).build(), "power", "-1", "> 0 and finite");
        outOfRange(() -> b().power(Double.POSITIVE_INFINITY).build(), "power", "Infinity", "> 0 and finite");
        outOfRange(() -> b().power(Double.NaN).build(), "power", "NaN", "> 0 and finite");
        rejected(() -> b().spectrum(new SpectrumOptions(null, 2)).build(), "spectrum must not be null");
        rejected(() -> b().frames().mel(40).build(), "spectrum = FRAMES", "need spectrum POWER");
        rejected(() -> b().complex().log(LogScale.Db.power()).build(), "spectrum = COMPLEX", "need spectrum POWER");
        outOfRange(() -> b().mel(0).build(), "nMels", "0", ">= 1");
        outOfRange(() -> b().fminHz(-1).build(), "fminHz", "-1", "0 <= fmin < Nyquist (11025 Hz)");
        outOfRange(() -> b().fminHz(11025).build(), "fminHz", "11025", "0 <= fmin < Nyquist (11025 Hz)");
        outOfRange(() -> b().fminHz(Double.NaN).build(), "fminHz", "NaN", "Nyquist");
        outOfRange(() -> b().fminHz(200).fmaxHz(100).build(), "fmaxHz", "100", "fmin (200) < fmax <= Nyquist");
        outOfRange(() -> b().fmaxHz(12000).build(), "fmaxHz", "12000", "<= Nyquist (11025 Hz)");
        outOfRange(() -> b().fmaxHz(0).build(), "fmaxHz", "0", "fmin (0) < fmax");
        rejected(() -> new MelOptions(10, 0, 100, null, MelNorm.NONE), "melScale must not be null");
        rejected(() -> new MelOptions(10, 0, 100, MelScale.HTK, null), "melNorm must not be null");
    }

    @Test
    void logMfccAndDeltaFieldsAreValidated() {
        outOfRange(() -> b().log(new LogScale.Db(0, 1e-10, 1, 80)).build(), "dbMultiplier", "0", "non-zero");
        outOfRange(() -> b().log(new LogScale.Db(Double.NaN, 1e-10, 1, 80)).build(), "dbMultiplier", "NaN", "finite");
        outOfRange(() -> b().log(new LogScale.Db(10, 0, 1, 80)).build(), "amin", "0", "> 0");
        outOfRange(() -> b().log(new LogScale.Db(10, 1e-10, -1, 80)).build(), "ref", "-1", "> 0");
        outOfRange(() -> b().log(new LogScale.Db(10, 1e-10, 1, -1)).build(), "topDb", "-1", ">= 0, or NaN");
        outOfRange(
                () -> b().log(new LogScale.Db(10, 1e-10, 1, Double.POSITIVE_INFINITY))
                        .build(),
                "topDb",
                "Infinity",
                ">= 0, or NaN");
        outOfRange(() -> b().log(new LogScale.Ln(-1, 0)).build(), "logOffset", "-1", ">= 0");
        outOfRange(() -> b().log(new LogScale.Ln(0, -0.5)).build(), "logFloor", "-0.5", ">= 0");
        outOfRange(() -> b().log(new LogScale.Log10(0, Double.NaN, 0, 1)).build(), "amin", "0", "> 0");
        outOfRange(() -> b().log(new LogScale.Log10(1e-10, -8, 0, 1)).build(), "clampRange", "-8", ">= 0, or NaN");
        outOfRange(
                () -> b().log(new LogScale.Log10(1e-10, 8, Double.POSITIVE_INFINITY, 1))
                        .build(),
                "logAdd",
                "Infinity",
                "finite");
        outOfRange(() -> b().log(new LogScale.Log10(1e-10, 8, 4, Double.NaN)).build(), "logScale", "NaN", "finite");
        rejected(() -> b().noMel().mfcc(13, 0).build(), "mfcc needs a mel stage and a log stage");
        outOfRange(() -> b().mfcc(0, 0).build(), "nMfcc", "0", "1 .. nMels (128)");
        outOfRange(() -> b().mel(40).mfcc(41, 0).build(), "nMfcc", "41", "1 .. nMels (40)");
        outOfRange(() -> b().mfcc(13, -1).build(), "lifter", "-1", ">= 0 (0 = off)");
        outOfRange(() -> b().deltas(3).build(), "deltaOrder", "3", "0, 1 or 2");
        outOfRange(() -> b().deltas(-1).build(), "deltaOrder", "-1", "0, 1 or 2");
        outOfRange(() -> b().deltaWidth(4).build(), "deltaWidth", "4", "odd and >= 3");
        outOfRange(() -> b().deltaWidth(1).build(), "deltaWidth", "1", "odd and >= 3");
        rejected(() -> b().complex().deltas(1).build(), "deltas need spectrum POWER, not COMPLEX");
        outOfRange(() -> b().dropLastFrames(-1).build(), "dropLastFrames", "-1", ">= 0");
    }

    @Test
    void windowsAndNamesAreValidated() {
        rejected(() -> Window.custom(new float[0]), "at least one coefficient");
        rejected(() -> Window.custom(new float[] {1, Float.NaN}), "window coefficient 1 = NaN is not finite");
        rejected(() -> new Window(WindowType.HANN, true, new float[] {1}), "only for CUSTOM windows, not HANN");
        rejected(() -> new Window(null, true, null), "window type must not be null");
        rejected(() -> PadMode.parse("mirror"), "padMode = 'mirror'", "constant, reflect, edge");
        rejected(() -> WindowType.parse("kaiser"), "window = 'kaiser'", "hann");
        rejected(() -> MelScale.parse("bark"), "melScale = 'bark'", "slaney, htk, kaldi");
        rejected(() -> MelNorm.parse("l2"), "melNorm = 'l2'", "slaney, none");
        rejected(() -> Presets.byName("essentia"), "unknown preset 'essentia'", "whisper");
        assertEquals(PadMode.EDGE, PadMode.parse(" Replicate "));
        assertEquals(WindowType.RECTANGULAR, WindowType.parse("boxcar"));
        assertEquals(MelNorm.NONE, MelNorm.parse("None"));
    }

    // --- frame counts ---------------------------------------------------------------------------------------------

    @Test
    void frameCountRulesBeyondTorch() {
        SpectrogramSpec constant = b().nFft(512).hopLength(128).build();
        rejected(() -> constant.frameCount(0), "clip is empty (0 samples)"); // torch pads an empty clip to 1 frame
        rejected(() -> constant.frameCount(-1), "negative");
        SpectrogramSpec kaldi = Presets.kaldi();
        assertEquals(0, kaldi.frameCount(0));
        assertEquals(0, kaldi.frameCount(399), "KALDI: shorter than the window gives 0 frames (torchaudio raises)");
        assertEquals(1, kaldi.frameCount(400));
        SpectrogramSpec whisper = Presets.whisper();
        assertEquals(1 + 16000 / 160 - 1, whisper.frameCount(16000), "whisper drops the last frame");
        assertEquals(0, whisper.toBuilder().dropLastFrames(50).build().frameCount(1000), "never below 0");
        rejected(() -> whisper.frameCount(200), "reflect", "nFft/2 = 200");
        rejected(
                () -> b().nFft(512).center(false).build().frameCount(511),
                "511 samples, fewer than nFft = 512",
                "center=true");
    }

    // --- presets ----------------------------------------------------------------------------------------------------

    @Test
    void presetsHaveTheDocumentedValues() {
        SpectrogramSpec l = Presets.librosa();
        assertSpec(l, 22050, 2048, 2048, 512, Window.periodic(WindowType.HANN), true, PadMode.CONSTANT);
        assertEquals(new MelOptions(128, 0, MelOptions.NYQUIST, MelScale.SLANEY, MelNorm.SLANEY), l.mel());
        assertNull(l.log());
        assertEquals(11025.0, l.fmaxHz());

        SpectrogramSpec t = Presets.torchaudio();
        assertSpec(t, 16000, 400, 400, 200, Window.periodic(WindowType.HANN), true, PadMode.REFLECT);
        assertEquals(new MelOptions(128, 0, MelOptions.NYQUIST, MelScale.HTK, MelNorm.NONE), t.mel());
        assertNull(t.log());

        SpectrogramSpec w = Presets.whisper();
        assertSpec(w, 16000, 400, 400, 160, Window.periodic(WindowType.HANN), true, PadMode.REFLECT);
        assertEquals(new MelOptions(80, 0, MelOptions.NYQUIST, MelScale.SLANEY, MelNorm.SLANEY), w.mel());
        assertEquals(new LogScale.Log10(1e-10, 8, 4, 0.25), w.log());
        assertEquals(1, w.dropLastFrames());

        SpectrogramSpec k = Presets.kaldi();
        assertSpec(k, 16000, 512, 400, 160, Window.symmetric(WindowType.POVEY), false, PadMode.CONSTANT);
        assertEquals(FrameMode.KALDI, k.frameMode());
        assertTrue(k.removeDcOffset());
        assertEquals(0.97, k.preemphasis());
        assertEquals(new MelOptions(23, 20, MelOptions.NYQUIST, MelScale.KALDI, MelNorm.NONE), k.mel());
        assertEquals(new LogScale.Ln(0, 1.1920928955078125e-7), k.log());
        SpectrogramSpec k8 = Presets.kaldi(8000);
        assertEquals(List.of(200, 80, 256), List.of(k8.winLength(), k8.hopLength(), k8.nFft()));
        SpectrogramSpec k44 = Presets.kaldi(44100);
        assertEquals(List.of(1102, 441, 2048), List.of(k44.winLength(), k44.hopLength(), k44.nFft()));

        for (SpectrogramSpec s : List.of(l, t, w, k)) {
            assertEquals(SpectrumKind.POWER, s.spectrum());
            assertEquals(2.0, s.power());
            assertNull(s.mfcc());
            assertEquals(0, s.deltaOrder());
            assertFalse(s.deterministic());
        }
        assertEquals(
                List.of(
                        "librosa",
                        "torchaudio",
                        "whisper",
                        "kaldi",
                        "whisper-hf",
                        "whisper-large-v3",
                        "nemo",
                        "nemo-128",
                        "ast",
                        "panns"),
                Presets.NAMES);
        assertEquals(t, Presets.byName(" Torch "));
        assertEquals(w, Presets.byName("WHISPER"));
    }

    private static void assertSpec(
            SpectrogramSpec s, int sr, int nFft, int win, int hop, Window w, boolean center, PadMode pad) {
        assertEquals(
                List.of(sr, nFft, win, hop, w, center, pad),
                List.of(s.sampleRateHz(), s.nFft(), s.winLength(), s.hopLength(), s.window(), s.center(), s.padMode()));
    }

    @Test
    void derivedSizesAndBuilderDefaults() {
        SpectrogramSpec s = b().build();
        assertEquals(2048, s.winLength(), "winLength defaults to nFft");
        assertEquals(512, s.hopLength(), "hop defaults to winLength / 4");
        assertEquals(1025, s.nFreq());
        SpectrogramSpec c = b().nFft(400).complex().build();
        assertArrayEquals(new int[] {201, 7, 2}, c.outputShape(7));
        assertEquals(201 * 7 * 2, c.outputFloats(7));
        SpectrogramSpec f = b().nFft(400).frames().build();
        assertEquals(400, f.featureCount());
        SpectrogramSpec m = Presets.librosa().toBuilder()
                .log(LogScale.Db.librosa())
                .mfcc(20, 22)
                .deltas(2)
                .build();
        assertEquals(60, m.featureCount());
        assertEquals(20, m.baseFeatureCount());
        assertEquals(8000.0, Presets.librosa().withSampleRate(16000).fmaxHz(), "Nyquist fmax follows the rate");
        assertTrue(Presets.whisper().withDeterministic(true).deterministic());
        assertEquals(
                Presets.whisper(), Presets.whisper().withDeterministic(true).withDeterministic(false));
    }

    // --- groups
    // -------------------------------------------------------------------------------------------------------

    /** A valid framing with one field replaced, for checking each field's range on its own. */
    private static Framing framing(int sampleRateHz, int nFft, int winLength, int hopLength) {
        return new Framing(
                sampleRateHz, nFft, winLength, hopLength, true, PadMode.CONSTANT, FrameMode.TORCH, 0, false, 0);
    }

    @Test
    void eachGroupChecksItsOwnRangesOnConstruction() {
        outOfRange(() -> framing(0, 512, 512, 128), "sampleRateHz", "0", ">= 1");
        outOfRange(() -> framing(16000, 1, 1, 128), "nFft", "1", "2 .. 4194304");
        outOfRange(() -> framing(16000, 512, 513, 128), "winLength", "513", "1 .. nFft (512)");
        outOfRange(() -> framing(16000, 512, 512, 0), "hopLength", "0", ">= 1");
        rejected(
                () -> new Framing(16000, 512, 512, 128, true, null, FrameMode.TORCH, 0, false, 0),
                "padMode must not be null");
        rejected(
                () -> new Framing(16000, 512, 512, 128, true, PadMode.EDGE, null, 0, false, 0),
                "frameMode must not be null");
        rejected(
                () -> new Framing(16000, 512, 400, 160, true, PadMode.EDGE, FrameMode.KALDI, 0, false, 0),
                "center = true",
                "KALDI");
        rejected(
                () -> new Framing(16000, 512, 400, 160, false, PadMode.EDGE, FrameMode.TORCH, 0, true, 0),
                "removeDcOffset = true needs frameMode KALDI");
        outOfRange(
                () -> new Framing(16000, 512, 400, 160, true, PadMode.EDGE, FrameMode.TORCH, 2, false, 0),
                "preemphasis",
                "2",
                "0 .. 1");
        outOfRange(
                () -> new Framing(16000, 512, 400, 160, true, PadMode.EDGE, FrameMode.TORCH, 0, false, -2),
                "dropLastFrames",
                "-2",
                ">= 0");
        rejected(() -> new SpectrumOptions(null, 2), "spectrum must not be null");
        outOfRange(() -> new SpectrumOptions(SpectrumKind.POWER, 0), "power", "0", "> 0 and finite");
        outOfRange(() -> new MelOptions(0, 0, MelOptions.NYQUIST, MelScale.HTK, MelNorm.NONE), "nMels", "0", ">= 1");
        outOfRange(() -> new MfccOptions(13, -1), "lifter", "-1", ">= 0 (0 = off)");
        outOfRange(() -> new MfccOptions(13, Double.NaN), "lifter", "NaN", ">= 0");
        outOfRange(() -> new LogScale.Db(10, 1e-10, 0, 80), "ref", "0", "> 0");
        outOfRange(() -> new LogScale.Ln(Double.NaN, 0), "logOffset", "NaN", ">= 0");
        outOfRange(() -> new LogScale.Log10(-1, 8, 4, 0.25), "amin", "-1", "> 0");
        outOfRange(() -> new Deltas(3, 5), "deltaOrder", "3", "0, 1 or 2");
        outOfRange(() -> new Deltas(1, 4), "deltaWidth", "4", "odd and >= 3");
        rejected(() -> b().framing(null), "framing must not be null");
        rejected(() -> b().spectrum(null), "spectrum must not be null");
        rejected(() -> b().deltas((Deltas) null), "deltas must not be null");

        Framing f = framing(16000, 512, 400, 160);
        assertEquals(List.of(8000.0, 257, 256, 512), List.of(f.nyquistHz(), f.nFreq(), f.padding(), f.frameLength()));
        assertEquals(1 + 16000 / 160, f.frameCount(16000));
        assertNull(f.clipProblem(1));
        assertEquals(Deltas.of(0), Deltas.NONE);
        assertEquals(2, new SpectrumOptions(SpectrumKind.COMPLEX, 1).valuesPerFeature());
    }

    @Test
    void theSpecChecksHowGroupsRelate() {
        Framing f = framing(16000, 512, 400, 160);
        rejected(
                () -> b().framing(f).window(Window.custom(new float[512])).build(),
                "window has 512 custom coefficients but winLength = 400");
        rejected(() -> b().framing(f).complex().mfcc(13, 0).build(), "spectrum = COMPLEX", "need spectrum POWER");
        outOfRange(() -> b().framing(f).fminHz(8000).build(), "fminHz", "8000", "0 <= fmin < Nyquist (8000 Hz)");
        outOfRange(() -> b().framing(f).fmaxHz(8000.5).build(), "fmaxHz", "8000.5", "fmin (0) < fmax <= Nyquist");
        rejected(() -> b().framing(f).mfcc(13, 0).log(null).build(), "mfcc needs a mel stage and a log stage");
        rejected(
                () -> b().framing(f)
                        .noMel()
                        .log(LogScale.Db.librosa())
                        .mfcc(new MfccOptions(13, 0))
                        .build(),
                "mfcc needs a mel stage and a log stage");
        outOfRange(() -> b().framing(f).mel(12).mfcc(new MfccOptions(13, 0)).build(), "nMfcc", "13", "1 .. nMels (12)");
        rejected(
                () -> b().framing(f).frames().deltas(new Deltas(2, 9)).build(),
                "deltas need spectrum POWER, not FRAMES");
        // Every group accepts the same spec once the relation holds.
        SpectrogramSpec ok = b().framing(f)
                .window(Window.custom(new float[400]))
                .mel(13)
                .mfcc(new MfccOptions(13, 22))
                .deltas(new Deltas(2, 9))
                .build();
        assertEquals(13 * 3, ok.featureCount());
        assertEquals(LogScale.Db.librosa(), ok.log(), "an MFCC stage without a log stage gets librosa's dB");
    }

    // --- shape of the spec ----------------------------------------------------------------------------------------

    /** Specs that between them set every option away from the builder's defaults. */
    private static List<SpectrogramSpec> variedSpecs() {
        return List.of(
                b().build(),
                Presets.librosa(),
                Presets.torchaudio(),
                Presets.whisper(),
                Presets.kaldi(),
                Presets.kaldi(8000),
                Presets.whisperHf(128),
                Presets.nemo(),
                Presets.ast(),
                Presets.panns(),
                Presets.nemo().toBuilder()
                        .normalization(new Normalization.PerUtterance(0.5, false))
                        .fixedLength(new FixedLength(1000, 7, -2.5))
                        .inputScale(0.25)
                        .build(),
                b().nFft(401).hopLength(97).complex().center(false).build(),
                b().nFft(64)
                        .winLength(48)
                        .frames()
                        .padMode(PadMode.EDGE)
                        .preemphasis(0.5)
                        .build(),
                b().nFft(256)
                        .winLength(5)
                        .window(Window.custom(new float[] {0.1f, 0.5f, 1, 0.5f, 0.1f}))
                        .build(),
                Presets.torchaudio().toBuilder()
                        .window(Window.symmetric(WindowType.BLACKMAN))
                        .magnitude()
                        .fminHz(20)
                        .fmaxHz(7600)
                        .log(LogScale.Db.power())
                        .mfcc(13, 22)
                        .deltas(2)
                        .deltaWidth(7)
                        .deterministic(true)
                        .build(),
                Presets.whisper().toBuilder()
                        .noMel()
                        .log(new LogScale.Ln(1e-6, 0))
                        .build());
    }

    @Test
    void toBuilderBuildsAnEqualSpec() {
        for (SpectrogramSpec s : variedSpecs()) {
            SpectrogramSpec again = s.toBuilder().build();
            assertEquals(s, again, s.summary());
            assertEquals(s.hashCode(), again.hashCode(), s.summary());
            assertEquals(s.toString(), again.toString());
            assertEquals(s.summary(), again.summary());
        }
    }

    @Test
    void theGroupSettersBuildAnEqualSpec() {
        for (SpectrogramSpec s : variedSpecs()) {
            SpectrogramSpec fromGroups = SpectrogramSpec.builder()
                    .framing(s.framing())
                    .window(s.window())
                    .spectrum(s.spectrumOptions())
                    .mel(s.mel())
                    .log(s.log())
                    .mfcc(s.mfcc())
                    .deltas(s.deltas())
                    .normalization(s.normalization())
                    .fixedLength(s.fixedLength())
                    .inputScale(s.inputScale())
                    .deterministic(s.deterministic())
                    .build();
            assertEquals(s, fromGroups, s.summary());
        }
    }

    @Test
    void specsBuiltDifferentlyAreEqualWithEqualHashes() {
        SpectrogramSpec byHand = b().dropLastFrames(1)
                .log(LogScale.Log10.whisper())
                .melNorm(MelNorm.SLANEY)
                .mel(80)
                .padMode(PadMode.REFLECT)
                .hopLength(160)
                .winLength(400)
                .nFft(400)
                .sampleRateHz(16000)
                .build();
        SpectrogramSpec whisper = Presets.whisper();
        assertEquals(whisper, byHand);
        assertEquals(whisper.hashCode(), byHand.hashCode());
        assertEquals(whisper, whisper.withSampleRate(44100).withSampleRate(16000), "fmax at Nyquist follows the rate");
        assertEquals("x", java.util.Map.of(whisper, "x").get(byHand), "usable as a cache key");
        SpectrogramSpec db1 = b().log(LogScale.Db.power()).build();
        SpectrogramSpec db2 = b().log(new LogScale.Db(10, 1e-10, 1, Double.NaN)).build();
        assertEquals(db1, db2, "NaN (no top dB) equals NaN");
        assertEquals(db1.hashCode(), db2.hashCode());
        // A change in any group makes a different spec.
        List<SpectrogramSpec> oneChangeEach = List.of(
                whisper.toBuilder().dropLastFrames(0).build(),
                whisper.toBuilder().periodicWindow(false).build(),
                whisper.toBuilder().power(1).build(),
                whisper.toBuilder().melScale(MelScale.HTK).build(),
                whisper.toBuilder().log(LogScale.Log10.of(1e-10)).build(),
                whisper.toBuilder().mfcc(13, 0).build(),
                whisper.toBuilder().deltaWidth(7).build(),
                whisper.withDeterministic(true));
        for (SpectrogramSpec other : oneChangeEach) {
            assertFalse(whisper.equals(other), other.summary());
            assertFalse(other.equals(whisper), other.summary());
        }
    }

    @Test
    void theOnlyWayInIsTheBuilder() {
        assertFalse(SpectrogramSpec.class.isRecord());
        assertTrue(Modifier.isFinal(SpectrogramSpec.class.getModifiers()));
        assertEquals(0, SpectrogramSpec.class.getConstructors().length, "no public constructor");
        for (Constructor<?> c : SpectrogramSpec.class.getDeclaredConstructors()) {
            assertTrue(Modifier.isPrivate(c.getModifiers()), c.toString());
        }
        assertEquals(0, SpectrogramSpec.Builder.class.getConstructors().length, "builders come from builder()");
    }

    @Test
    void flatAccessorsAreTheGroupsFields() {
        for (SpectrogramSpec s : variedSpecs()) {
            Framing f = s.framing();
            assertEquals(
                    List.of(
                            f.sampleRateHz(),
                            f.nFft(),
                            f.winLength(),
                            f.hopLength(),
                            f.center(),
                            f.padMode(),
                            f.frameMode(),
                            f.preemphasis(),
                            f.removeDcOffset(),
                            f.dropLastFrames(),
                            f.nFreq(),
                            f.padding(),
                            f.frameLength()),
                    List.of(
                            s.sampleRateHz(),
                            s.nFft(),
                            s.winLength(),
                            s.hopLength(),
                            s.center(),
                            s.padMode(),
                            s.frameMode(),
                            s.preemphasis(),
                            s.removeDcOffset(),
                            s.dropLastFrames(),
                            s.nFreq(),
                            s.padding(),
                            s.frameLength()));
            assertEquals(
                    List.of(
                            s.spectrumOptions().kind(),
                            s.spectrumOptions().power(),
                            s.deltas().order(),
                            s.deltas().width()),
                    List.of(s.spectrum(), s.power(), s.deltaOrder(), s.deltaWidth()));
            assertEquals(f.frameCount(s.framedSamples(100_000)), s.computedFrameCount(100_000));
            assertEquals(f.clipProblem(s.framedSamples(1)), s.clipProblem(1));
        }
    }

    @Test
    void summaryIsOneLineForPeople() {
        assertEquals(
                "16000 Hz, nFft 400, hop 160, hann, center reflect, power 2, 80 mels slaney/slaney 0-8000 Hz, log10 clamp"
                        + " 8",
                Presets.whisper().summary());
        assertEquals(
                "16000 Hz, input x32768, nFft 512, win 400, hop 160, povey (symmetric), kaldi framing, preemphasis 0.97,"
                        + " power 2, 23 mels kaldi/none 20-8000 Hz, ln",
                Presets.kaldi().summary());
        assertEquals(
                "16000 Hz, pad/trim 480000 samples, nFft 400, hop 160, hann, center reflect, power 2, 128 mels"
                        + " slaney/slaney 0-8000 Hz, log10 clamp 8",
                Presets.whisperHf(128).summary());
        assertEquals(
                "16000 Hz, nFft 512, win 400, hop 160, hann (symmetric), center constant, preemphasis 0.97, power 2, 80"
                        + " mels slaney/slaney 0-8000 Hz, ln, per-feature norm",
                Presets.nemo().summary());
        assertEquals(
                "16000 Hz, nFft 512, win 400, hop 160, hann (symmetric), kaldi framing, preemphasis 0.97, power 2, 128"
                        + " mels kaldi/none 20-8000 Hz, ln, norm (x - -4.2677393) / 9.1379948, pad/trim 1024 frames (pad"
                        + " 0.46703237295150757)",
                Presets.ast().summary());
        assertEquals(
                "16000 Hz, nFft 400, hop 200, hann, center reflect, power 1, 128 mels htk/none 0-8000 Hz, dB, 13 MFCC,"
                        + " deltas 2, deterministic",
                Presets.torchaudio().toBuilder()
                        .magnitude()
                        .log(LogScale.Db.power())
                        .mfcc(13, 0)
                        .deltas(2)
                        .deterministic(true)
                        .build()
                        .summary());
        assertEquals(
                "22050 Hz, nFft 999, hop 249, hann, no center, complex",
                b().nFft(999).center(false).complex().build().summary());
    }

    // --- presets
    // ------------------------------------------------------------------------------------------------------

    @Test
    void presetNamesAndAliasesComeFromOneDefinition() {
        assertEquals(Presets.NAMES, Preset.cliNames());
        assertEquals(
                List.of(
                        Presets.librosa(),
                        Presets.torchaudio(),
                        Presets.whisper(),
                        Presets.kaldi(),
                        Presets.whisperHf(),
                        Presets.whisperHf(128),
                        Presets.nemo(),
                        Presets.nemo(128),
                        Presets.ast(),
                        Presets.panns()),
                Arrays.stream(Preset.values()).map(Preset::spec).toList());
        for (Preset p : Preset.values()) {
            assertEquals(p, Preset.parse(p.cliName()));
            assertEquals(p, Preset.parse(" " + p.cliName().toUpperCase(java.util.Locale.ROOT) + " "));
            assertEquals(p.spec(), Presets.byName(p.cliName()));
            for (String alias : p.aliases()) {
                assertEquals(p, Preset.parse(alias));
                assertEquals(p.spec(), Presets.byName(alias));
                assertFalse(Presets.NAMES.contains(alias), alias + " is an alias, not a name");
            }
        }
        assertEquals(List.of("torch"), Preset.TORCHAUDIO.aliases());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.parse("essentia"));
        assertEquals(
                "unknown preset 'essentia'; known presets: [librosa, torchaudio, whisper, kaldi, whisper-hf,"
                        + " whisper-large-v3, nemo, nemo-128, ast, panns]",
                e.getMessage());
        assertEquals(Preset.WHISPER_LARGE_V3, Preset.parse("whisper-hf-128"));
        assertEquals(Preset.PANNS, Preset.parse("CNN14"));
        for (Preset p : Preset.values()) {
            int rate = p.spec().sampleRateHz();
            assertEquals(p.spec(), p.specAt(rate), p + " at its own rate is its spec");
        }

        assertEquals(Presets.kaldi(8000), Preset.KALDI.specAt(8000), "kaldi derives its framing at the rate");
        SpectrogramSpec w22 = Preset.WHISPER.specAt(22050);
        assertEquals(
                List.of(22050, 400, 160, 11025.0),
                List.of(w22.sampleRateHz(), w22.nFft(), w22.hopLength(), w22.fmaxHz()));
        assertEquals(Presets.librosa(), Preset.LIBROSA.specAt(22050));
    }
}
