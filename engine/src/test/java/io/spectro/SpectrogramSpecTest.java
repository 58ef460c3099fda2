package io.spectro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Validation messages, frame-count rules (against torch), preset values and the JSON form of {@link SpectrogramSpec}. */
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
        SpectrogramSpec ok = Presets.librosa();
        rejected(
                () -> new SpectrogramSpec(
                        22050,
                        2048,
                        2048,
                        512,
                        ok.window(),
                        true,
                        PadMode.CONSTANT,
                        FrameMode.TORCH,
                        0,
                        false,
                        null,
                        2,
                        null,
                        null,
                        null,
                        0,
                        5,
                        0,
                        false),
                "spectrum must not be null");
        rejected(
                () -> new SpectrogramSpec(
                        22050,
                        2048,
                        2048,
                        512,
                        ok.window(),
                        true,
                        PadMode.CONSTANT,
                        FrameMode.TORCH,
                        0,
                        false,
                        SpectrumKind.FRAMES,
                        2,
                        ok.mel(),
                        null,
                        null,
                        0,
                        5,
                        0,
                        false),
                "spectrum = FRAMES",
                "need spectrum POWER");
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
        assertEquals(List.of("librosa", "torchaudio", "whisper", "kaldi"), Presets.NAMES);
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

    // --- JSON -----------------------------------------------------------------------------------------------------

    @Test
    void toJsonIsValidJsonWithEveryField() {
        Map<String, Object> w = Json.parseObject(Presets.whisper().toJson());
        assertEquals(16000L, w.get("sample_rate_hz"));
        assertEquals(400L, w.get("n_fft"));
        assertEquals("hann", w.get("window"));
        assertEquals(true, w.get("window_periodic"));
        assertEquals("reflect", w.get("pad_mode"));
        assertEquals("torch", w.get("frame_mode"));
        assertEquals("power", w.get("spectrum"));
        assertEquals(2L, w.get("power"));
        assertEquals(
                Map.of("n_mels", 80L, "fmin_hz", 0L, "fmax_hz", 8000L, "scale", "slaney", "norm", "slaney"),
                w.get("mel"));
        assertEquals(Map.of("type", "log10", "amin", 1e-10, "clamp_range", 8L, "add", 4L, "scale", 0.25), w.get("log"));
        assertNull(w.get("mfcc"));
        assertTrue(w.containsKey("mfcc"));
        assertEquals(1L, w.get("drop_last_frames"));
        assertEquals(80L, w.get("output_features"));
        assertEquals(
                List.of(
                        "sample_rate_hz",
                        "n_fft",
                        "win_length",
                        "hop_length",
                        "window",
                        "window_periodic",
                        "center",
                        "pad_mode",
                        "frame_mode",
                        "preemphasis",
                        "remove_dc_offset",
                        "spectrum",
                        "power",
                        "mel",
                        "log",
                        "mfcc",
                        "delta_order",
                        "delta_width",
                        "drop_last_frames",
                        "deterministic",
                        "output_features"),
                List.copyOf(w.keySet()));

        Map<String, Object> k = Json.parseObject(Presets.kaldi().toJson());
        assertEquals(0.97, k.get("preemphasis"));
        assertEquals(Map.of("type", "ln", "offset", 0L, "floor", 1.1920928955078125e-7), k.get("log"));

        SpectrogramSpec mfcc = Presets.torchaudio().toBuilder()
                .log(LogScale.Db.power())
                .mfcc(13, 22)
                .deltas(2)
                .deterministic(true)
                .build();
        Map<String, Object> m = Json.parseObject(mfcc.toJson());
        assertEquals(Map.of("n_mfcc", 13L, "lifter", 22L), m.get("mfcc"));
        Map<?, ?> log = (Map<?, ?>) m.get("log");
        assertTrue(log.containsKey("top_db"));
        assertNull(log.get("top_db"), "NaN topDb is written as null");
        assertEquals(39L, m.get("output_features"));
        assertEquals(true, m.get("deterministic"));

        Map<String, Object> c = Json.parseObject(b().nFft(999).complex().build().toJson());
        assertNull(c.get("mel"));
        assertNull(c.get("log"));
        assertEquals("complex", c.get("spectrum"));
    }

    /** A strict recursive-descent JSON parser (RFC 8259 subset without escapes beyond \" and \\): objects keep order. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parseObject(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing text at " + j.i + ": " + text.substring(j.i));
            }
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("not an object");
            }
            return (Map<String, Object>) v;
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at " + i + ": " + what + " in\n" + s);
        }

        private Object value() {
            ws();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                return object();
            }
            if (c == '[') {
                return array();
            }
            if (c == '"') {
                return string();
            }
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return lit.equals("null") ? null : Boolean.valueOf(lit);
                }
            }
            return number();
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                if (s.charAt(i) != '"') {
                    throw error("expected a key");
                }
                String key = string();
                ws();
                if (s.charAt(i++) != ':') {
                    throw error("expected ':'");
                }
                if (m.containsKey(key)) {
                    throw error("duplicate key " + key);
                }
                m.put(key, value());
                ws();
                char c = s.charAt(i++);
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++;
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                ws();
                char c = s.charAt(i++);
                if (c == ']') {
                    return a;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    if (e != '"' && e != '\\' && e != '/') {
                        throw error("unsupported escape");
                    }
                    b.append(e);
                } else if (c < 0x20) {
                    throw error("control character in string");
                } else {
                    b.append(c);
                }
            }
        }

        private Object number() {
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            int digits = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits || (s.charAt(digits) == '0' && i - digits > 1)) {
                throw error("bad number");
            }
            boolean integral = true;
            if (i < s.length() && s.charAt(i) == '.') {
                integral = false;
                i++;
                int f = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == f) {
                    throw error("bad fraction");
                }
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                integral = false;
                i++;
                if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                    i++;
                }
                int e = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == e) {
                    throw error("bad exponent");
                }
            }
            String t = s.substring(start, i);
            return integral ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
        }
    }

    @Test
    void theJsonCheckerRejectsInvalidJson() {
        for (String bad : new String[] {
            "{\"a\": 1,}",
            "{\"a\" 1}",
            "{\"a\": NaN}",
            "{\"a\": 01}",
            "{\"a\": 1.}",
            "{\"a\": 1}x",
            "{'a': 1}",
            "{\"a\": 1, \"a\": 2}"
        }) {
            assertThrows(RuntimeException.class, () -> Json.parseObject(bad), bad);
        }
        assertEquals(Map.of("a", List.of(1L, 2.5, "x", true)), Json.parseObject("{\"a\": [1, 2.5, \"x\", true]}"));
    }
}
