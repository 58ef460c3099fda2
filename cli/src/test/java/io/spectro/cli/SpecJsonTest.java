package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spectro.FixedLength;
import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** spec.json: every spec reads back equal; files written by earlier versions still read; bad files say what is wrong. */
class SpecJsonTest {
    private static void assertRoundTrip(SpectrogramSpec spec) {
        String json = SpecJson.write(List.of(spec));
        assertEquals(List.of(spec), SpecJson.read(json), json);
        assertEquals(spec, SpecJson.fromTree(SpecJson.toTree(spec)));
    }

    @Test
    void everyPresetRoundTrips() {
        for (String name : Presets.NAMES) {
            assertRoundTrip(Presets.byName(name));
            assertRoundTrip(Presets.byName(name).withSampleRate(44100));
            assertRoundTrip(Presets.byName(name).withDeterministic(true));
        }
        for (int rate : new int[] {8000, 22050, 48000}) {
            assertRoundTrip(Presets.kaldi(rate));
        }
    }

    @Test
    void builtSpecsRoundTrip() {
        List<SpectrogramSpec> specs = new ArrayList<>();
        SpectrogramSpec.Builder base = Presets.librosa().toBuilder();
        specs.add(base.build().toBuilder().frames().build());
        specs.add(base.build().toBuilder().power(3.5).complex().build());
        specs.add(base.build().toBuilder().magnitude().noMel().build());
        specs.add(base.build().toBuilder().mel(40).fmaxHz(8000).fminHz(30.5).build());
        specs.add(base.build().toBuilder().fmaxHz(11025).build()); // explicit Nyquist, not "follows the rate"
        specs.add(base.build().toBuilder()
                .mel(new MelOptions(64, 0, MelOptions.NYQUIST, MelScale.KALDI, MelNorm.NONE))
                .build());
        specs.add(base.build().toBuilder().log(LogScale.Db.librosa()).build());
        specs.add(base.build().toBuilder().log(LogScale.Db.power()).build());
        specs.add(base.build().toBuilder().log(new LogScale.Ln(1e-6, 0)).build());
        specs.add(base.build().toBuilder().log(LogScale.Log10.of(1e-7)).build());
        specs.add(base.build().toBuilder().log(LogScale.Log10.whisper()).build());
        specs.add(base.build().toBuilder().mfcc(13, 22).deltas(2).deltaWidth(9).build());
        specs.add(base.build().toBuilder()
                .mfcc(20, 0)
                .log(new LogScale.Ln(0, 1e-3))
                .build());
        specs.add(base.build().toBuilder()
                .nFft(401)
                .winLength(397)
                .hopLength(3)
                .window(Window.symmetric(WindowType.BLACKMAN))
                .center(false)
                .build());
        specs.add(base.build().toBuilder()
                .padMode(PadMode.EDGE)
                .preemphasis(0.97)
                .dropLastFrames(2)
                .build());
        specs.add(base.build().toBuilder()
                .frameMode(FrameMode.KALDI)
                .center(false)
                .removeDcOffset(true)
                .build());
        specs.add(base.build().toBuilder()
                .inputScale(0.123)
                .normalization(new Normalization.PerFeature(0.25, false))
                .padOrTrimSamples(12345)
                .build());
        specs.add(base.build().toBuilder()
                .log(LogScale.Db.power())
                .normalization(new Normalization.PerUtterance(0, true))
                .padOrTrimFrames(77, -1.25)
                .build());
        specs.add(base.build().toBuilder()
                .normalization(new Normalization.Fixed(-4.5, 1e-3))
                .fixedLength(new FixedLength(999, 3, 0.1f))
                .build());
        SplittableRandom r = new SplittableRandom(9);
        float[] coefficients = new float[256];
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = (float) r.nextDouble();
        }
        coefficients[3] = Float.MIN_VALUE;
        coefficients[4] = 0.1f;
        specs.add(base.build().toBuilder()
                .nFft(512)
                .winLength(256)
                .window(Window.custom(coefficients))
                .build());
        for (int i = 0; i < 40; i++) {
            int nFft = 2 + r.nextInt(3000);
            int rate = 1000 + r.nextInt(96000);
            specs.add(SpectrogramSpec.builder()
                    .sampleRateHz(rate)
                    .nFft(nFft)
                    .winLength(1 + r.nextInt(nFft))
                    .hopLength(1 + r.nextInt(1000))
                    .window(WindowType.values()[r.nextInt(WindowType.values().length - 1)])
                    .periodicWindow(r.nextBoolean())
                    .padMode(PadMode.values()[r.nextInt(PadMode.values().length)])
                    .power(0.1 + r.nextDouble() * 3)
                    .mel(1 + r.nextInt(200))
                    .fminHz(r.nextDouble() * rate / 8)
                    .fmaxHz(r.nextBoolean() ? MelOptions.NYQUIST : rate / 4.0 + r.nextDouble() * rate / 4)
                    .log(
                            r.nextBoolean()
                                    ? null
                                    : new LogScale.Db(
                                            10 + r.nextInt(11),
                                            1e-12 * (1 + r.nextInt(9)),
                                            1.5,
                                            r.nextBoolean() ? Double.NaN : r.nextDouble() * 100))
                    .preemphasis(r.nextBoolean() ? 0 : r.nextDouble())
                    .deltas(r.nextInt(3))
                    .deterministic(r.nextBoolean())
                    .build());
        }
        for (SpectrogramSpec s : specs) {
            assertRoundTrip(s);
        }
        assertEquals(specs.subList(0, 5), SpecJson.read(SpecJson.write(specs.subList(0, 5))), "several specs");
    }

    @Test
    void newStagesHaveNamedFields() {
        ObjectNode ast = SpecJson.toTree(Presets.ast());
        assertEquals("fixed", ast.get("normalization").get("type").textValue());
        assertEquals(-4.2677393, ast.get("normalization").get("mean").doubleValue());
        assertEquals(1024, ast.get("fixed_length").get("frames").intValue());
        assertEquals(0, ast.get("fixed_length").get("samples").intValue());
        ObjectNode nemo = SpecJson.toTree(Presets.nemo());
        assertEquals("per_feature", nemo.get("normalization").get("type").textValue());
        assertTrue(nemo.get("normalization").get("bessel").booleanValue());
        assertEquals(1e-5, nemo.get("normalization").get("epsilon").doubleValue());
        assertEquals(
                32768.0, SpecJson.toTree(Presets.kaldi()).get("input_scale").doubleValue());
        assertEquals(
                480000,
                SpecJson.toTree(Presets.whisperHf())
                        .get("fixed_length")
                        .get("samples")
                        .intValue());
        assertTrue(SpecJson.toTree(Presets.librosa()).get("normalization").isNull());
        assertEquals(
                "normalization.type: 'cmvn' is not one of per_feature, per_utterance, fixed",
                message(SpecJson.write(List.of(Presets.nemo())).replace("\"per_feature\"", "\"cmvn\"")));
    }

    @Test
    void fieldsAreNamedForReaders() {
        ObjectNode n = SpecJson.toTree(Presets.whisper());
        assertEquals(16000, n.get("sample_rate_hz").intValue());
        assertEquals("hann", n.get("window").textValue());
        assertEquals(8000.0, n.get("mel").get("fmax_hz").doubleValue(), "the resolved Nyquist frequency");
        assertTrue(n.get("mel").get("fmax_nyquist").booleanValue());
        assertEquals("log10", n.get("log").get("type").textValue());
        assertEquals(80, n.get("output_features").intValue());
        assertTrue(n.get("mfcc").isNull());
        assertTrue(SpecJson.toTree(
                        Presets.librosa().toBuilder().log(LogScale.Db.power()).build())
                .get("log")
                .get("top_db")
                .isNull());
        String text = SpecJson.write(List.of(Presets.whisper()));
        assertTrue(text.startsWith("{\n  \"sample_rate_hz\": 16000,\n"), text);
        assertTrue(text.endsWith("}\n"), text);
        String two = SpecJson.write(List.of(Presets.librosa(), Presets.librosa().withSampleRate(44100)));
        assertTrue(two.startsWith("{\n  \"sample_rate\": \"native\",\n  \"specs\": [\n"), two);
    }

    /** What SpectrogramSpec.toJson() wrote before spec.json moved here (torchaudio preset, fmax resolved). */
    static final String LEGACY_TORCHAUDIO = """
            {
              "sample_rate_hz": 16000,
              "n_fft": 400,
              "win_length": 400,
              "hop_length": 200,
              "window": "hann",
              "window_periodic": true,
              "center": true,
              "pad_mode": "reflect",
              "frame_mode": "torch",
              "preemphasis": 0,
              "remove_dc_offset": false,
              "spectrum": "power",
              "power": 2,
              "mel": {"n_mels": 128, "fmin_hz": 0, "fmax_hz": 8000, "scale": "htk", "norm": "none"},
              "log": null,
              "mfcc": null,
              "delta_order": 0,
              "delta_width": 5,
              "drop_last_frames": 0,
              "deterministic": false,
              "output_features": 128
            }
            """;

    static final String LEGACY_WHISPER = """
            {
              "sample_rate_hz": 16000,
              "n_fft": 400,
              "win_length": 400,
              "hop_length": 160,
              "window": "hann",
              "window_periodic": true,
              "center": true,
              "pad_mode": "reflect",
              "frame_mode": "torch",
              "preemphasis": 0,
              "remove_dc_offset": false,
              "spectrum": "power",
              "power": 2,
              "mel": {"n_mels": 80, "fmin_hz": 0, "fmax_hz": 8000, "scale": "slaney", "norm": "slaney"},
              "log": {"type": "log10", "amin": 1.0E-10, "clamp_range": 8, "add": 4, "scale": 0.25},
              "mfcc": null,
              "delta_order": 0,
              "delta_width": 5,
              "drop_last_frames": 1,
              "deterministic": false,
              "output_features": 80
            }
            """;

    static final String LEGACY_KALDI = """
            {
              "sample_rate_hz": 16000,
              "n_fft": 512,
              "win_length": 400,
              "hop_length": 160,
              "window": "povey",
              "window_periodic": false,
              "center": false,
              "pad_mode": "constant",
              "frame_mode": "kaldi",
              "preemphasis": 0.97,
              "remove_dc_offset": true,
              "spectrum": "power",
              "power": 2,
              "mel": {"n_mels": 23, "fmin_hz": 20, "fmax_hz": 8000, "scale": "kaldi", "norm": "none"},
              "log": {"type": "ln", "offset": 0, "floor": 1.1920928955078125E-7},
              "mfcc": null,
              "delta_order": 0,
              "delta_width": 5,
              "drop_last_frames": 0,
              "deterministic": false,
              "output_features": 23
            }
            """;

    @Test
    void filesOfEarlierVersionsReadAsTheSameComputation() {
        for (Object[] c : new Object[][] {
            {LEGACY_TORCHAUDIO, Presets.torchaudio()},
            {LEGACY_WHISPER, Presets.whisper()},
            // Kaldi's preset took samples as given then: those files read as that computation (input scale 1).
            {LEGACY_KALDI, Presets.kaldi().toBuilder().inputScale(1).build()}
        }) {
            List<SpectrogramSpec> read = SpecJson.read((String) c[0]);
            SpectrogramSpec preset = (SpectrogramSpec) c[1];
            assertEquals(1, read.size());
            // The old files resolved fmax, so the spec reads with an explicit fmax: the same computation at this rate.
            assertEquals(preset.toBuilder().fmaxHz(8000).build(), read.get(0));
            assertTrue(UpToDateCheck.sameComputation(preset, read.get(0)));
        }
        String legacyNative = "{\n  \"sample_rate\": \"native\",\n  \"specs\": [\n    "
                + LEGACY_TORCHAUDIO.strip().replace("\n", "\n    ") + ",\n    "
                + LEGACY_KALDI.strip().replace("\n", "\n    ") + "\n  ]\n}\n";
        assertEquals(2, SpecJson.read(legacyNative).size());
        assertFalse(
                UpToDateCheck.sameComputation(
                        Presets.kaldi(), SpecJson.read(LEGACY_KALDI).get(0)),
                "outputs of the old kaldi preset (no x32768) are not up to date");
        assertFalse(UpToDateCheck.sameComputation(Presets.torchaudio(), Presets.whisper()));
        assertFalse(UpToDateCheck.sameComputation(
                Presets.torchaudio(), Presets.torchaudio().withSampleRate(8000)));
        assertNotEquals(
                Presets.torchaudio(),
                SpecJson.read(LEGACY_TORCHAUDIO).get(0),
                "the spec is not equal, only the computation");
    }

    @Test
    void badFilesSayWhatIsWrong() {
        assertTrue(message("{").startsWith("not JSON: "), message("{"));
        assertEquals("a spec must be a JSON object", message("[1, 2]"));
        assertEquals("n_fft is missing", message(LEGACY_TORCHAUDIO.replace("\"n_fft\": 400,", "")));
        assertEquals(
                "n_fft: expected an integer, got 400.5",
                message(LEGACY_TORCHAUDIO.replace("\"n_fft\": 400", "\"n_fft\": 400.5")));
        assertEquals(
                "window: 'kaiser' is not one of hann, hamming, blackman, rectangular, povey, custom",
                message(LEGACY_TORCHAUDIO.replace("\"hann\"", "\"kaiser\"")));
        assertEquals(
                "log.type: 'log2' is not one of db, ln, log10",
                message(LEGACY_WHISPER.replace("\"log10\"", "\"log2\"")));
        assertEquals(
                "center: expected true or false, got \"yes\"",
                message(LEGACY_TORCHAUDIO.replace("\"center\": true", "\"center\": \"yes\"")));
        // Ranges are the engine's: its message names the field.
        assertTrue(message(LEGACY_TORCHAUDIO.replace("\"hop_length\": 200", "\"hop_length\": 0"))
                .startsWith("hopLength = 0 is out of range"));
        assertEquals("specs: expected an array of specs", message("{\"specs\": 3}"));
    }

    private static String message(String json) {
        return assertThrows(IllegalArgumentException.class, () -> SpecJson.read(json))
                .getMessage();
    }
}
