package io.spectro.cli;

import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.WindowType;
import java.util.List;
import java.util.Map;

/**
 * How the spectrogram spec is made from {@code --preset} and the spec flags, at whatever sample rate an input uses.
 *
 * <p>Rules: without {@code --preset} the base is librosa's {@code melspectrogram} defaults ({@link Presets#librosa()})
 * and the sample rate is each input's own; with a preset, the preset's rate unless {@code --sample-rate} says
 * otherwise ({@code native} keeps each input's rate). The kaldi preset is re-derived at the rate used (25 ms / 10 ms
 * frames); the others keep their sizes in samples. Flags override the preset. {@code --n-fft} alone also sets the
 * window length when the base's window filled its FFT; the hop stays as the base has it. {@code --db} is {@code
 * (20/p) log10(max(x, amin)) - (20/p) log10(ref)} with power {@code p} (10 for power, 20 for magnitude), amin 1e-10,
 * ref 1 and {@code --top-db} (default none).
 */
final class SpecRecipe {
    /** Valid {@code --preset} values. */
    static final List<String> PRESETS = List.of("librosa", "torchaudio", "whisper", "kaldi");

    static final List<String> WINDOWS = List.of("hann", "hamming", "blackman", "rectangular", "povey");
    static final List<String> PAD_MODES = List.of("constant", "reflect", "edge");
    static final List<String> MEL_SCALES = List.of("slaney", "htk", "kaldi");
    static final List<String> MEL_NORMS = List.of("slaney", "none");
    static final List<String> LOGS = List.of("db", "ln", "log10", "none");

    /** Default amin for {@code --db}, {@code --log ln} and {@code --log log10}. */
    static final double DEFAULT_AMIN = 1e-10;

    private final String preset;
    private final Integer fixedRateHz;
    private final Integer nFft;
    private final Integer winLength;
    private final Integer hopLength;
    private final String window;
    private final boolean symmetricWindow;
    private final boolean noCenter;
    private final String padMode;
    private final Double power;
    private final Integer nMels;
    private final Double fmin;
    private final Double fmax;
    private final String melScale;
    private final String melNorm;
    private final String log;
    private final Double amin;
    private final Double topDb;
    private final Integer mfcc;
    private final Double lifter;
    private final Double preemphasis;
    private final Integer deltas;
    private final Integer deltaWidth;
    private final boolean deterministic;

    private SpecRecipe(ParsedArgs a) throws UsageException {
        preset = a.choice("--preset", null, PRESETS);
        String rate = a.string("--sample-rate", null);
        if (rate == null) {
            fixedRateHz = preset == null ? null : Presets.byName(preset).sampleRateHz();
        } else if (rate.strip().equalsIgnoreCase("native")) {
            fixedRateHz = null;
        } else {
            try {
                int hz = Integer.parseInt(rate.strip());
                if (hz < 1 || hz > 1_536_000) {
                    throw new NumberFormatException();
                }
                fixedRateHz = hz;
            } catch (NumberFormatException e) {
                throw new UsageException("--sample-rate: '" + rate
                        + "' is not valid (valid: an integer rate in Hz from 1 to 1536000, or native)");
            }
        }
        nFft = a.has("--n-fft") ? a.integer("--n-fft", 0, 2, SpectrogramSpec.MAX_N_FFT) : null;
        winLength = a.has("--win-length") ? a.integer("--win-length", 0, 1, SpectrogramSpec.MAX_N_FFT) : null;
        hopLength = a.has("--hop-length") ? a.integer("--hop-length", 0, 1, Integer.MAX_VALUE) : null;
        window = a.choice("--window", null, WINDOWS);
        symmetricWindow = a.has("--symmetric-window");
        noCenter = a.has("--no-center");
        padMode = a.choice("--pad-mode", null, PAD_MODES);
        power = a.has("--power") ? a.number("--power", 0, 0, true, Double.POSITIVE_INFINITY) : null;
        nMels = a.has("--n-mels") ? a.integer("--n-mels", 0, 0, 100_000) : null;
        fmin = a.has("--fmin") ? a.number("--fmin", 0, 0, false, Double.POSITIVE_INFINITY) : null;
        if (a.has("--fmax") && a.string("--fmax", "").strip().equalsIgnoreCase("nyquist")) {
            fmax = Double.NaN;
        } else {
            fmax = a.has("--fmax") ? a.number("--fmax", 0, 0, true, Double.POSITIVE_INFINITY) : null;
        }
        melScale = a.choice("--mel-scale", null, MEL_SCALES);
        melNorm = a.choice("--mel-norm", null, MEL_NORMS);
        String logChoice = a.choice("--log", null, LOGS);
        if (a.has("--db") && logChoice != null && !logChoice.equals("db")) {
            throw new UsageException("--db and --log " + logChoice + " contradict each other; give one");
        }
        log = a.has("--db") ? "db" : logChoice;
        amin = a.has("--amin") ? a.number("--amin", 0, 0, true, Double.POSITIVE_INFINITY) : null;
        topDb = a.has("--top-db") ? a.number("--top-db", 0, 0, false, Double.POSITIVE_INFINITY) : null;
        mfcc = a.has("--mfcc") ? a.integer("--mfcc", 0, 1, 100_000) : null;
        lifter = a.has("--lifter") ? a.number("--lifter", 0, 0, false, Double.POSITIVE_INFINITY) : null;
        if (lifter != null && mfcc == null) {
            throw new UsageException("--lifter applies to MFCCs: add --mfcc N");
        }
        preemphasis = a.has("--preemphasis") ? a.number("--preemphasis", 0, 0, false, 1) : null;
        deltas = a.has("--deltas") ? a.integer("--deltas", 0, 0, 2) : null;
        deltaWidth = a.has("--delta-width") ? a.integer("--delta-width", 0, 3, 999) : null;
        if (deltaWidth != null && deltaWidth % 2 == 0) {
            throw new UsageException("--delta-width: " + deltaWidth + " is even (valid: an odd integer >= 3)");
        }
        deterministic = a.has("--deterministic");
    }

    /** Registers the spec flags with {@code p}. */
    static void register(ArgParser p) {
        p.section("spectrogram (flags override the preset; without --preset: librosa melspectrogram defaults)")
                .option("--preset", "NAME", "start from a library's defaults: " + String.join(", ", PRESETS))
                .option(
                        "--sample-rate",
                        "HZ|native",
                        "resample every input to HZ, or keep each input's rate (default: the preset's rate;\n"
                                + "without --preset, native)")
                .option("--n-fft", "N", "FFT size, any integer >= 2 (librosa 2048)")
                .option("--win-length", "N", "window length <= n-fft, centred in the frame (default: n-fft)")
                .option("--hop-length", "N", "samples between frames (librosa 512)")
                .option("--window", "NAME", String.join(", ", WINDOWS) + " (periodic unless --symmetric-window)")
                .flag("--symmetric-window", "use the symmetric form of the window")
                .flag("--no-center", "do not pad nFft/2 at both ends (frames start at sample 0)")
                .option("--pad-mode", "MODE", "centre padding: " + String.join(", ", PAD_MODES))
                .option("--power", "P", "|X|^P: 2 = power (default), 1 = magnitude")
                .option("--n-mels", "N", "mel filters (librosa 128); 0 = no mel stage (linear frequency)")
                .option("--fmin", "HZ", "lowest mel frequency (default 0)")
                .option("--fmax", "HZ", "highest mel frequency (default: the Nyquist frequency of the rate used)")
                .option("--mel-scale", "NAME", String.join(", ", MEL_SCALES))
                .option("--mel-norm", "NAME", String.join(", ", MEL_NORMS))
                .flag("--db", "decibels: (20/P) log10(max(x, amin)), ref 1 (10 log10 for power, 20 for magnitude)")
                .option("--log", "KIND", "log stage: db, ln (ln(max(x, amin))), log10 (log10(max(x, amin))), none")
                .option("--amin", "A", "floor before the log (default 1e-10)")
                .option("--top-db", "DB", "with --db: keep only DB below each clip's maximum (default: no limit)")
                .option(
                        "--mfcc",
                        "N",
                        "N MFCCs: DCT-II (ortho) of the log-mel; without a log stage, librosa's dB (top-db 80)")
                .option("--lifter", "L", "MFCC liftering coefficient (default 0 = none)")
                .option("--preemphasis", "C", "pre-emphasis y[n] = x[n] - C x[n-1], 0 <= C <= 1 (default 0 = off)")
                .option("--deltas", "ORDER", "append deltas: 1 (deltas) or 2 (deltas and delta-deltas)")
                .option("--delta-width", "W", "odd width of the delta regression window (default 5)")
                .flag(
                        "--deterministic",
                        "bit-identical results on every backend (the exact bits of the reference pipeline)");
    }

    /** The recipe described by the parsed flags; checks it once at a representative rate. */
    static SpecRecipe from(ParsedArgs a) throws UsageException {
        SpecRecipe r = new SpecRecipe(a);
        r.specForRate(r.fixedRateHz != null ? r.fixedRateHz : r.representativeRate());
        return r;
    }

    /** A rate to check a native-rate recipe at: the base's rate, raised so that --fmin/--fmax fit below Nyquist. */
    private int representativeRate() {
        int hz = preset == null
                ? Presets.librosa().sampleRateHz()
                : Presets.byName(preset).sampleRateHz();
        double highest = Math.max(fmin != null ? fmin : 0, fmax != null && !fmax.isNaN() ? fmax : 0);
        return (int) Math.max(hz, Math.min(1_536_000, Math.ceil(2 * highest) + 2));
    }

    /** The rate every input is resampled to, or null when each input keeps its own ({@code native}). */
    Integer fixedRateHz() {
        return fixedRateHz;
    }

    /** The preset name, or null. */
    String preset() {
        return preset;
    }

    /** Whether {@code --deterministic} was given. */
    boolean deterministic() {
        return deterministic;
    }

    /** The spec for inputs at {@code rateHz}; a {@link UsageException} names the flag behind an invalid value. */
    SpectrogramSpec specForRate(int rateHz) throws UsageException {
        try {
            return build(rateHz);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid spectrogram settings at " + rateHz + " Hz: " + withFlag(e.getMessage()));
        }
    }

    /** The spec for inputs at {@code rateHz}, or {@link IllegalArgumentException} with the reason. */
    SpectrogramSpec build(int rateHz) {
        SpectrogramSpec base = preset == null
                ? Presets.librosa()
                : preset.equals("kaldi") ? Presets.kaldi(rateHz) : Presets.byName(preset);
        SpectrogramSpec.Builder b = base.toBuilder().sampleRateHz(rateHz);
        if (nFft != null) {
            b.nFft(nFft);
            if (winLength == null && base.winLength() == base.nFft()) {
                b.winLength(nFft);
            }
        }
        if (winLength != null) {
            b.winLength(winLength);
        }
        if (hopLength != null) {
            b.hopLength(hopLength);
        }
        if (window != null) {
            b.window(WindowType.parse(window));
        }
        if (symmetricWindow) {
            b.periodicWindow(false);
        }
        if (noCenter) {
            b.center(false);
        }
        if (padMode != null) {
            b.padMode(PadMode.parse(padMode));
        }
        double p = power != null ? power : base.power();
        if (power != null) {
            b.power(power);
        }
        if (nMels != null) {
            if (nMels == 0) {
                b.noMel();
            } else {
                b.mel(nMels);
            }
        }
        if (fmin != null) {
            b.fminHz(fmin);
        }
        if (fmax != null) {
            b.fmaxHz(fmax);
        }
        if (melScale != null) {
            b.melScale(MelScale.parse(melScale));
        }
        if (melNorm != null) {
            b.melNorm(MelNorm.parse(melNorm));
        }
        applyLog(b, base.log(), p);
        if (mfcc != null) {
            b.mfcc(mfcc, lifter != null ? lifter : 0.0);
        }
        if (preemphasis != null) {
            b.preemphasis(preemphasis);
        }
        if (deltas != null) {
            b.deltas(deltas);
        }
        if (deltaWidth != null) {
            b.deltaWidth(deltaWidth);
        }
        if (deterministic) {
            b.deterministic(true);
        }
        return b.build();
    }

    private void applyLog(SpectrogramSpec.Builder b, LogScale baseLog, double p) {
        double a = amin != null ? amin : DEFAULT_AMIN;
        if (log != null) {
            switch (log) {
                case "db" -> b.log(new LogScale.Db(20.0 / p, a, 1.0, topDb != null ? topDb : Double.NaN));
                case "ln" -> b.log(new LogScale.Ln(0.0, a));
                case "log10" -> b.log(LogScale.Log10.of(a));
                default -> b.noLog();
            }
            if (topDb != null && !log.equals("db")) {
                throw new IllegalArgumentException("--top-db applies to the dB log stage, not --log " + log);
            }
            return;
        }
        if (amin == null && topDb == null) {
            return;
        }
        if (baseLog == null) {
            throw new IllegalArgumentException(
                    (amin != null ? "--amin" : "--top-db") + " needs a log stage: add --db (or --log ln|log10)");
        }
        switch (baseLog) {
            case LogScale.Db d ->
                b.log(new LogScale.Db(
                        d.multiplier(), amin != null ? amin : d.amin(), d.ref(), topDb != null ? topDb : d.topDb()));
            case LogScale.Ln l -> {
                if (topDb != null) {
                    throw new IllegalArgumentException("--top-db applies to the dB log stage, not this preset's ln");
                }
                b.log(new LogScale.Ln(l.offset(), amin));
            }
            case LogScale.Log10 l -> {
                if (topDb != null) {
                    throw new IllegalArgumentException(
                            "--top-db applies to the dB log stage, not this preset's log10 (its clamp is fixed)");
                }
                b.log(new LogScale.Log10(amin, l.clampRange(), l.add(), l.scale()));
            }
        }
    }

    private static final Map<String, String> FIELD_FLAGS = Map.ofEntries(
            Map.entry("sampleRateHz", "--sample-rate"),
            Map.entry("nFft", "--n-fft"),
            Map.entry("winLength", "--win-length"),
            Map.entry("hopLength", "--hop-length"),
            Map.entry("preemphasis", "--preemphasis"),
            Map.entry("power", "--power"),
            Map.entry("nMels", "--n-mels"),
            Map.entry("fminHz", "--fmin"),
            Map.entry("fmaxHz", "--fmax"),
            Map.entry("amin", "--amin"),
            Map.entry("topDb", "--top-db"),
            Map.entry("nMfcc", "--mfcc"),
            Map.entry("lifter", "--lifter"),
            Map.entry("deltaWidth", "--delta-width"),
            Map.entry("deltaOrder", "--deltas"));

    /** Appends the flag that sets the field an engine message names, e.g. {@code "nFft = 1 ..." -> "... (--n-fft)"}. */
    static String withFlag(String message) {
        if (message == null) {
            return "invalid value";
        }
        for (Map.Entry<String, String> e : FIELD_FLAGS.entrySet()) {
            if (message.startsWith(e.getKey() + " = ")) {
                return message + " (" + e.getValue() + ")";
            }
        }
        return message;
    }
}
