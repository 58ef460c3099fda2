package io.spectro.cli;

import io.spectro.FixedLength;
import io.spectro.LogScale;
import io.spectro.Preset;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.cli.support.UsageException;
import java.util.Locale;
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
 * ref 1 and {@code --top-db} (default none). {@code --pad-or-trim} replaces the preset's fixed length whole (a
 * duration in seconds becomes samples at the rate used); {@code --pad-value} alone changes the pad value of the
 * preset's fixed frame count.
 *
 * <p>A recipe reads the parsed {@link SpecOptions} it was made from, which must not change afterwards.
 */
final class SpecRecipe {
    /** Default amin for {@code --db}, {@code --log ln} and {@code --log log10}. */
    static final double DEFAULT_AMIN = 1e-10;

    private final SpecOptions o;
    private final Integer fixedRateHz;
    private final SpecOptions.LogKind log;

    private SpecRecipe(SpecOptions o) throws UsageException {
        this.o = o;
        if (o.sampleRate == null) {
            fixedRateHz = o.preset == null ? null : Presets.byName(o.preset).sampleRateHz();
        } else {
            fixedRateHz = o.sampleRate.hz();
        }
        if (o.db && o.log != null && o.log != SpecOptions.LogKind.DB) {
            throw new UsageException(
                    "--db and --log " + o.log.name().toLowerCase(Locale.ROOT) + " contradict each other; give one");
        }
        log = o.db ? SpecOptions.LogKind.DB : o.log;
        if (o.lifter != null && o.mfcc == null) {
            throw new UsageException("--lifter applies to MFCCs: add --mfcc N");
        }
        if (o.padValue != null && o.padOrTrim != null && o.padOrTrim.frames() == null) {
            throw new UsageException("--pad-value pads frames: use it with --pad-or-trim Nframes");
        }
    }

    /** The recipe described by the parsed flags; checks it once at a representative rate. */
    static SpecRecipe of(SpecOptions options) throws UsageException {
        SpecRecipe r = new SpecRecipe(options);
        r.specForRate(r.fixedRateHz != null ? r.fixedRateHz : r.representativeRate());
        return r;
    }

    /** A rate to check a native-rate recipe at: the base's rate, raised so that --fmin/--fmax fit below Nyquist. */
    private int representativeRate() {
        int hz = baseRateHz();
        double highest = Math.max(o.fmin != null ? o.fmin : 0, o.fmax != null && !o.fmax.isNaN() ? o.fmax : 0);
        return (int) Math.max(hz, Math.min(SpecOptions.MAX_RATE_HZ, Math.ceil(2 * highest) + 2));
    }

    /** The rate every input is resampled to, or null when each input keeps its own ({@code native}). */
    Integer fixedRateHz() {
        return fixedRateHz;
    }

    /** The rate the spec is shown at before any input is read: the fixed rate, else the base's (preset or librosa). */
    int displayRateHz() {
        return fixedRateHz != null ? fixedRateHz : baseRateHz();
    }

    private int baseRateHz() {
        return (o.preset == null ? Presets.librosa() : Presets.byName(o.preset)).sampleRateHz();
    }

    /** Whether {@code --deterministic} was given. */
    boolean deterministic() {
        return o.deterministic;
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
        SpectrogramSpec base =
                o.preset == null ? Presets.librosa() : Preset.parse(o.preset).specAt(rateHz);
        SpectrogramSpec.Builder b = base.toBuilder().sampleRateHz(rateHz);
        if (o.nFft != null) {
            b.nFft(o.nFft);
            if (o.winLength == null && base.winLength() == base.nFft()) {
                b.winLength(o.nFft);
            }
        }
        if (o.winLength != null) {
            b.winLength(o.winLength);
        }
        if (o.hopLength != null) {
            b.hopLength(o.hopLength);
        }
        if (o.window != null) {
            b.window(o.window);
        }
        if (o.symmetricWindow) {
            b.periodicWindow(false);
        }
        if (o.noCenter) {
            b.center(false);
        }
        if (o.padMode != null) {
            b.padMode(o.padMode);
        }
        double p = o.power != null ? o.power : base.power();
        if (o.power != null) {
            b.power(o.power);
        }
        if (o.nMels != null) {
            if (o.nMels == 0) {
                b.noMel();
            } else {
                b.mel(o.nMels);
            }
        }
        if (o.fmin != null) {
            b.fminHz(o.fmin);
        }
        if (o.fmax != null) {
            b.fmaxHz(o.fmax);
        }
        if (o.melScale != null) {
            b.melScale(o.melScale);
        }
        if (o.melNorm != null) {
            b.melNorm(o.melNorm);
        }
        applyLog(b, base.log(), p);
        if (o.mfcc != null) {
            b.mfcc(o.mfcc, o.lifter != null ? o.lifter : 0.0);
        }
        if (o.preemphasis != null) {
            b.preemphasis(o.preemphasis);
        }
        if (o.deltas != null) {
            b.deltas(o.deltas);
        }
        if (o.deltaWidth != null) {
            b.deltaWidth(o.deltaWidth);
        }
        if (o.inputScale != null) {
            b.inputScale(o.inputScale);
        }
        if (o.normalize != null) {
            b.normalization(o.normalize.normalization());
        }
        applyFixedLength(b, base.fixedLength(), rateHz);
        if (o.deterministic) {
            b.deterministic(true);
        }
        return b.build();
    }

    private void applyFixedLength(SpectrogramSpec.Builder b, FixedLength baseLength, int rateHz) {
        SpecOptions.PadOrTrim p = o.padOrTrim;
        if (p == null) {
            if (o.padValue != null) {
                if (!baseLength.fixesFrames()) {
                    throw new IllegalArgumentException("--pad-value pads frames, and this spec has no fixed frame"
                            + " count: add --pad-or-trim Nframes");
                }
                b.padOrTrimFrames(baseLength.frames(), o.padValue);
            }
            return;
        }
        if (p.none()) {
            b.fixedLength(FixedLength.NONE);
        } else if (p.frames() != null) {
            b.fixedLength(FixedLength.frames(p.frames(), o.padValue != null ? o.padValue : 0.0));
        } else if (p.samples() != null) {
            b.fixedLength(FixedLength.samples(p.samples()));
        } else {
            long n = Math.round(p.seconds() * rateHz);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--pad-or-trim " + p.seconds() + "s is " + n + " samples at "
                        + rateHz + " Hz; give between 1 and " + Integer.MAX_VALUE + " samples");
            }
            b.fixedLength(FixedLength.samples((int) n));
        }
    }

    private void applyLog(SpectrogramSpec.Builder b, LogScale baseLog, double p) {
        double a = o.amin != null ? o.amin : DEFAULT_AMIN;
        Double topDb = o.topDb;
        if (log != null) {
            switch (log) {
                case DB -> b.log(new LogScale.Db(20.0 / p, a, 1.0, topDb != null ? topDb : Double.NaN));
                case LN -> b.log(new LogScale.Ln(0.0, a));
                case LOG10 -> b.log(LogScale.Log10.of(a));
                case NONE -> b.noLog();
            }
            if (topDb != null && log != SpecOptions.LogKind.DB) {
                throw new IllegalArgumentException("--top-db applies to the dB log stage, not --log "
                        + log.name().toLowerCase(Locale.ROOT));
            }
            return;
        }
        if (o.amin == null && topDb == null) {
            return;
        }
        if (baseLog == null) {
            throw new IllegalArgumentException(
                    (o.amin != null ? "--amin" : "--top-db") + " needs a log stage: add --db (or --log ln|log10)");
        }
        switch (baseLog) {
            case LogScale.Db d ->
                b.log(new LogScale.Db(
                        d.multiplier(),
                        o.amin != null ? o.amin : d.amin(),
                        d.ref(),
                        topDb != null ? topDb : d.topDb()));
            case LogScale.Ln l -> {
                if (topDb != null) {
                    throw new IllegalArgumentException("--top-db applies to the dB log stage, not this preset's ln");
                }
                b.log(new LogScale.Ln(l.offset(), o.amin));
            }
            case LogScale.Log10 l -> {
                if (topDb != null) {
                    throw new IllegalArgumentException(
                            "--top-db applies to the dB log stage, not this preset's log10 (its clamp is fixed)");
                }
                b.log(new LogScale.Log10(o.amin, l.clampRange(), l.add(), l.scale()));
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
            Map.entry("deltaOrder", "--deltas"),
            Map.entry("inputScale", "--input-scale"),
            Map.entry("fixedSamples", "--pad-or-trim"),
            Map.entry("fixedFrames", "--pad-or-trim"),
            Map.entry("framePadValue", "--pad-value"),
            Map.entry("normMean", "--normalize"),
            Map.entry("normStd", "--normalize"));

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
