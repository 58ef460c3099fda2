package io.spectro.conformance;

import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.Preset;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import io.spectro.io.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * One golden configuration written by {@code tools/golden/make_golden.py}: the spec (from the {@code .properties}
 * keys, or the named preset), the input clips and the expected output of each clip, computed independently by
 * torch / torchaudio / numpy in float64 and rounded once to float32.
 *
 * <p>Keys: {@code sample_rate, n_fft, win_length, hop_length, window, periodic, center, pad_mode, frame_mode,
 * preemphasis, remove_dc, spectrum, power, n_mels (0 = none), fmin, fmax (Hz or nyquist), mel_scale, mel_norm, log
 * (none, db, ln, log10), db_multiplier, db_amin, db_ref, db_top_db, ln_offset, ln_floor, log10_amin, log10_clamp,
 * log10_add, log10_scale, n_mfcc (0 = none), lifter, delta_order, delta_width, drop_last, input_scale, fixed_samples,
 * normalize (none, per_feature, per_utterance, fixed), norm_eps, norm_bessel, norm_mean, norm_std, fixed_frames,
 * frame_pad, preset, batch, inputs, input_tile (each input repeated end to end to this many samples), expected,
 * prenorm (with normalisation or a fixed frame count: the output without them), wav (the inputs as a 16-bit WAV
 * fixture), shapes, description}. Keys added after a fixture was written default to "off".
 */
public final class GoldenConfig {
    private final String name;
    private final Properties props;
    private final SpectrogramSpec keySpec;
    private final SpectrogramSpec presetSpec;

    private GoldenConfig(String name, Properties props) {
        this.name = name;
        this.props = props;
        this.keySpec = specFromKeys(props);
        String preset = props.getProperty("preset", "").strip();
        if (preset.isEmpty()) {
            this.presetSpec = null;
        } else {
            this.presetSpec = Preset.parse(preset).specAt(keySpec.sampleRateHz());
        }
    }

    /** Every configuration listed in {@code configs.txt}, in order. */
    public static List<GoldenConfig> all() {
        return GoldenFiles.lines("configs.txt").stream().map(GoldenConfig::load).toList();
    }

    /** The configuration called {@code name}. */
    public static GoldenConfig load(String name) {
        return new GoldenConfig(name, GoldenFiles.properties(name + ".properties"));
    }

    /** The configuration's name. */
    public String name() {
        return name;
    }

    /** What the configuration covers (one line). */
    public String description() {
        return props.getProperty("description", "");
    }

    /** The preset name, or the empty string. */
    public String preset() {
        return props.getProperty("preset", "").strip();
    }

    /** Whether the inputs are meant to be run as one batch (batch of one, ragged batch). */
    public boolean batch() {
        return Boolean.parseBoolean(props.getProperty("batch", "false"));
    }

    /** The spec under test: the preset's when a preset is named, else the one the keys describe. */
    public SpectrogramSpec spec() {
        return presetSpec != null ? presetSpec : keySpec;
    }

    /** The spec the keys describe (equal to the preset's for preset configurations). */
    public SpectrogramSpec keySpec() {
        return keySpec;
    }

    /** The input clips (fresh arrays), each repeated end to end to {@code input_tile} samples when that is set. */
    public List<float[]> inputs() {
        List<float[]> out = new ArrayList<>();
        int tile = Integer.parseInt(props.getProperty("input_tile", "0").strip());
        for (String f : list("inputs")) {
            NpyArray a = GoldenFiles.npy(f);
            if (a.rank() != 1) {
                throw new IllegalStateException(f + ": input must be 1-D, is " + Arrays.toString(a.shape()));
            }
            out.add(tile > 0 ? tiled(a.data(), tile) : a.data());
        }
        return out;
    }

    /** {@code x} repeated end to end to {@code n} samples (numpy's {@code np.resize}). */
    static float[] tiled(float[] x, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i += x.length) {
            System.arraycopy(x, 0, y, i, Math.min(x.length, n - i));
        }
        return y;
    }

    /** The expected output of each clip: {@code (features, frames)} or {@code (nFreq, frames, 2)}. */
    public List<NpyArray> expected() {
        return list("expected").stream().map(GoldenFiles::npy).toList();
    }

    /**
     * For specs with normalisation or a fixed frame count: the output of each clip without them (the spec's {@link
     * GoldenStages#withoutFinalStages}); an empty list otherwise.
     */
    public List<NpyArray> prenorm() {
        return list("prenorm").stream().map(GoldenFiles::npy).toList();
    }

    /** The name of the WAV fixture holding this configuration's (single) input as 16-bit PCM, or null. */
    public String wav() {
        String w = props.getProperty("wav", "").strip();
        return w.isEmpty() ? null : w;
    }

    /** A raw key. */
    public String get(String key) {
        return props.getProperty(key);
    }

    private List<String> list(String key) {
        String v = props.getProperty(key, "").strip();
        return v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds the spec the keys describe. */
    public static SpectrogramSpec specFromKeys(Properties p) {
        SpectrogramSpec.Builder b = SpectrogramSpec.builder()
                .sampleRateHz(integer(p, "sample_rate"))
                .nFft(integer(p, "n_fft"))
                .winLength(integer(p, "win_length"))
                .hopLength(integer(p, "hop_length"));
        WindowType type = WindowType.parse(str(p, "window"));
        b.window(bool(p, "periodic") ? Window.periodic(type) : Window.symmetric(type))
                .center(bool(p, "center"))
                .padMode(PadMode.parse(str(p, "pad_mode")))
                .frameMode(FrameMode.valueOf(str(p, "frame_mode").toUpperCase(Locale.ROOT)))
                .preemphasis(number(p, "preemphasis"))
                .removeDcOffset(bool(p, "remove_dc"));
        switch (str(p, "spectrum")) {
            case "frames" -> b.frames();
            case "complex" -> b.complex();
            case "power" -> b.power(number(p, "power"));
            default -> throw new IllegalStateException("unknown spectrum " + str(p, "spectrum"));
        }
        int nMels = integer(p, "n_mels");
        if (nMels > 0) {
            double fmax = str(p, "fmax").equals("nyquist") ? MelOptions.NYQUIST : number(p, "fmax");
            b.mel(new MelOptions(
                    nMels,
                    number(p, "fmin"),
                    fmax,
                    MelScale.parse(str(p, "mel_scale")),
                    MelNorm.parse(str(p, "mel_norm"))));
        } else {
            b.noMel();
        }
        switch (str(p, "log")) {
            case "none" -> b.noLog();
            case "db" ->
                b.log(new LogScale.Db(
                        number(p, "db_multiplier"),
                        number(p, "db_amin"),
                        number(p, "db_ref"),
                        optional(p, "db_top_db")));
            case "ln" -> b.log(new LogScale.Ln(number(p, "ln_offset"), number(p, "ln_floor")));
            case "log10" ->
                b.log(new LogScale.Log10(
                        number(p, "log10_amin"),
                        optional(p, "log10_clamp"),
                        number(p, "log10_add"),
                        number(p, "log10_scale")));
            default -> throw new IllegalStateException("unknown log " + str(p, "log"));
        }
        int nMfcc = integer(p, "n_mfcc");
        if (nMfcc > 0) {
            b.mfcc(nMfcc, number(p, "lifter"));
        }
        b.inputScale(Double.parseDouble(p.getProperty("input_scale", "1.0")))
                .padOrTrimSamples(Integer.parseInt(p.getProperty("fixed_samples", "0")))
                .padOrTrimFrames(
                        Integer.parseInt(p.getProperty("fixed_frames", "0")),
                        Double.parseDouble(p.getProperty("frame_pad", "0.0")));
        b.normalization(
                switch (p.getProperty("normalize", "none").strip()) {
                    case "none" -> null;
                    case "per_feature" -> new Normalization.PerFeature(number(p, "norm_eps"), bool(p, "norm_bessel"));
                    case "per_utterance" ->
                        new Normalization.PerUtterance(number(p, "norm_eps"), bool(p, "norm_bessel"));
                    case "fixed" -> new Normalization.Fixed(number(p, "norm_mean"), number(p, "norm_std"));
                    default -> throw new IllegalStateException("unknown normalize " + p.getProperty("normalize"));
                });
        return b.deltas(integer(p, "delta_order"))
                .deltaWidth(integer(p, "delta_width"))
                .dropLastFrames(integer(p, "drop_last"))
                .build();
    }

    private static String str(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("golden configuration " + p.getProperty("name") + " lacks key " + key);
        }
        return v.strip();
    }

    private static int integer(Properties p, String key) {
        return Integer.parseInt(str(p, key));
    }

    private static double number(Properties p, String key) {
        return Double.parseDouble(str(p, key));
    }

    private static double optional(Properties p, String key) {
        String v = str(p, key);
        return v.equals("none") ? Double.NaN : Double.parseDouble(v);
    }

    private static boolean bool(Properties p, String key) {
        return Boolean.parseBoolean(str(p, key));
    }
}
