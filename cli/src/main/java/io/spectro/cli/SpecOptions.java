package io.spectro.cli;

import io.spectro.MelNorm;
import io.spectro.MelScale;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.WindowType;
import io.spectro.cli.support.Choice;
import io.spectro.cli.support.EnumChoice;
import io.spectro.cli.support.IntRange;
import io.spectro.cli.support.NumberRange;
import io.spectro.cli.support.UsageException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The spectrogram flags ({@code --preset}, {@code --n-fft}, {@code --n-mels}, {@code --db}, ...), defined once for
 * every command that computes spectrograms: add them with {@code @ArgGroup(validate = false, heading = SpecOptions.HEADING)
 * SpecOptions spec = new SpecOptions();} and turn them into specs with {@link #recipe()}. A field is null (or false)
 * when its flag was not given. Each value is checked on its own as it is parsed (range, choices); {@link #recipe()}
 * checks how they combine.
 */
final class SpecOptions {
    /** The help heading of these flags. */
    static final String HEADING =
            "%nspectrogram (flags override the preset; without --preset: librosa melspectrogram defaults):%n";

    /** Highest sample rate accepted, in Hz. */
    static final int MAX_RATE_HZ = 1_536_000;

    @Option(
            names = "--preset",
            paramLabel = "PRESET",
            converter = PresetName.class,
            completionCandidates = PresetName.class,
            description = "start from a library's defaults: ${COMPLETION-CANDIDATES}")
    String preset;

    @Option(
            names = "--sample-rate",
            paramLabel = "HZ|native",
            converter = SampleRateConverter.class,
            description = "resample every input to HZ (1 to 1536000), or keep each input's rate with native"
                    + " (default: the preset's rate; without --preset, native)")
    SampleRate sampleRate;

    @Option(
            names = "--n-fft",
            paramLabel = "N",
            converter = NFft.class,
            description = "FFT size, any integer >= 2 (librosa 2048)")
    Integer nFft;

    @Option(
            names = "--win-length",
            paramLabel = "N",
            converter = WinLength.class,
            description = "window length <= n-fft, centred in the frame (default: n-fft)")
    Integer winLength;

    @Option(
            names = "--hop-length",
            paramLabel = "N",
            converter = Positive.class,
            description = "samples between frames (librosa 512)")
    Integer hopLength;

    @Option(
            names = "--window",
            paramLabel = "WINDOW",
            converter = WindowName.class,
            completionCandidates = WindowName.class,
            description = "window: ${COMPLETION-CANDIDATES} (periodic unless --symmetric-window)")
    WindowType window;

    @Option(names = "--symmetric-window", description = "use the symmetric form of the window")
    boolean symmetricWindow;

    @Option(names = "--no-center", description = "do not pad nFft/2 at both ends (frames start at sample 0)")
    boolean noCenter;

    @Option(
            names = "--pad-mode",
            paramLabel = "MODE",
            converter = PadModeName.class,
            completionCandidates = PadModeName.class,
            description = "centre padding: ${COMPLETION-CANDIDATES}")
    PadMode padMode;

    @Option(
            names = "--power",
            paramLabel = "P",
            converter = AboveZero.class,
            description = "|X|^P: 2 = power (default), 1 = magnitude")
    Double power;

    @Option(
            names = "--n-mels",
            paramLabel = "N",
            converter = NMels.class,
            description = "mel filters (librosa 128); 0 = no mel stage (linear frequency)")
    Integer nMels;

    @Option(
            names = "--fmin",
            paramLabel = "HZ",
            converter = AtLeastZero.class,
            description = "lowest mel frequency (default 0)")
    Double fmin;

    @Option(
            names = "--fmax",
            paramLabel = "HZ",
            converter = Fmax.class,
            description = "highest mel frequency, or nyquist (default: the Nyquist frequency of the rate used)")
    Double fmax;

    @Option(
            names = "--mel-scale",
            paramLabel = "SCALE",
            converter = MelScaleName.class,
            completionCandidates = MelScaleName.class,
            description = "mel scale: ${COMPLETION-CANDIDATES}")
    MelScale melScale;

    @Option(
            names = "--mel-norm",
            paramLabel = "NORM",
            converter = MelNormName.class,
            completionCandidates = MelNormName.class,
            description = "mel filter normalisation: ${COMPLETION-CANDIDATES}")
    MelNorm melNorm;

    @Option(
            names = "--db",
            description = "decibels: (20/P) log10(max(x, amin)), ref 1 (10 log10 for power, 20 for magnitude)")
    boolean db;

    @Option(
            names = "--log",
            paramLabel = "KIND",
            converter = LogName.class,
            completionCandidates = LogName.class,
            description = "log stage, one of ${COMPLETION-CANDIDATES}: db as --db, ln is ln(max(x, amin)), log10 is"
                    + " log10(max(x, amin))")
    LogKind log;

    @Option(
            names = "--amin",
            paramLabel = "A",
            converter = AboveZero.class,
            description = "floor before the log (default 1e-10)")
    Double amin;

    @Option(
            names = "--top-db",
            paramLabel = "DB",
            converter = AtLeastZero.class,
            description = "with --db: keep only DB below each clip's maximum (default: no limit)")
    Double topDb;

    @Option(
            names = "--mfcc",
            paramLabel = "N",
            converter = NMfcc.class,
            description = "N MFCCs: DCT-II (ortho) of the log-mel; without a log stage, librosa's dB (top-db 80)")
    Integer mfcc;

    @Option(
            names = "--lifter",
            paramLabel = "L",
            converter = AtLeastZero.class,
            description = "MFCC liftering coefficient (default 0 = none)")
    Double lifter;

    @Option(
            names = "--preemphasis",
            paramLabel = "C",
            converter = Preemphasis.class,
            description = "pre-emphasis y[n] = x[n] - C x[n-1], 0 <= C <= 1 (default 0 = off)")
    Double preemphasis;

    @Option(
            names = "--deltas",
            paramLabel = "ORDER",
            converter = DeltaOrder.class,
            description = "append deltas: 1 (deltas) or 2 (deltas and delta-deltas); 0 = none")
    Integer deltas;

    @Option(
            names = "--delta-width",
            paramLabel = "W",
            converter = DeltaWidth.class,
            description = "odd width of the delta regression window (default 5)")
    Integer deltaWidth;

    @Option(
            names = "--input-scale",
            paramLabel = "X",
            converter = AboveZero.class,
            description = "multiply every sample by X first (kaldi preset: 32768, Kaldi's 16-bit integer scale;"
                    + " default 1)")
    Double inputScale;

    @Option(
            names = "--normalize",
            paramLabel = "MODE",
            converter = NormalizeConverter.class,
            description = "normalise the features per clip (after MFCC, before deltas): none, per-feature (each mel bin"
                    + " over the clip's frames), per-utterance (all values), as NeMo does it (Bessel, 1e-5 added to"
                    + " the standard deviation), or fixed:MEAN:STD for (x - MEAN) / STD")
    NormalizeMode normalize;

    @Option(
            names = "--pad-or-trim",
            paramLabel = "LENGTH",
            converter = PadOrTrimConverter.class,
            description = "a fixed length: Nsamples or N (pad with zeros or cut each clip before framing), Xs (X"
                    + " seconds at the rate used), Nframes (keep N frames or append frames of --pad-value, last),"
                    + " or none")
    PadOrTrim padOrTrim;

    @Option(
            names = "--pad-value",
            paramLabel = "V",
            converter = FiniteNumber.class,
            description = "value of frames appended by --pad-or-trim Nframes, in output units (default 0)")
    Double padValue;

    @Option(
            names = "--deterministic",
            description = "bit-identical results on every backend (the exact bits of the reference pipeline)")
    boolean deterministic;

    /** The log stages {@code --log} names. */
    enum LogKind {
        DB,
        LN,
        LOG10,
        NONE
    }

    /**
     * A {@code --normalize}: {@code normalization} null for {@code none}.
     *
     * @param normalization the stage, or null for none
     */
    record NormalizeMode(Normalization normalization) {}

    /**
     * A {@code --pad-or-trim}: exactly one of {@code samples}, {@code seconds} and {@code frames} is set, or none of
     * them for {@code none}.
     *
     * @param samples a sample count, or null
     * @param seconds a duration in seconds, or null
     * @param frames a frame count, or null
     */
    record PadOrTrim(Integer samples, Double seconds, Integer frames) {
        /** Whether this is {@code none}. */
        boolean none() {
            return samples == null && seconds == null && frames == null;
        }
    }

    /**
     * A {@code --sample-rate}: a rate in Hz, or {@code native} (null {@code hz}) for each input's own.
     *
     * @param hz the rate, or null for native
     */
    record SampleRate(Integer hz) {}

    /** The recipe the flags describe, checked once at a representative rate. */
    SpecRecipe recipe() throws UsageException {
        return SpecRecipe.of(this);
    }

    static final class PresetName extends Choice<String> {
        PresetName() {
            super(Presets.NAMES);
        }
    }

    static final class WindowName extends EnumChoice<WindowType> {
        WindowName() {
            super(WindowType.class, List.of(WindowType.CUSTOM));
        }
    }

    static final class PadModeName extends EnumChoice<PadMode> {
        PadModeName() {
            super(PadMode.class);
        }
    }

    static final class MelScaleName extends EnumChoice<MelScale> {
        MelScaleName() {
            super(MelScale.class);
        }
    }

    static final class MelNormName extends EnumChoice<MelNorm> {
        MelNormName() {
            super(MelNorm.class);
        }
    }

    static final class LogName extends EnumChoice<LogKind> {
        LogName() {
            super(LogKind.class);
        }
    }

    static final class NFft extends IntRange {
        NFft() {
            super(2, SpectrogramSpec.MAX_N_FFT);
        }
    }

    static final class WinLength extends IntRange {
        WinLength() {
            super(1, SpectrogramSpec.MAX_N_FFT);
        }
    }

    static final class Positive extends IntRange {
        Positive() {
            super(1, Integer.MAX_VALUE);
        }
    }

    static final class NMels extends IntRange {
        NMels() {
            super(0, 100_000);
        }
    }

    static final class NMfcc extends IntRange {
        NMfcc() {
            super(1, 100_000);
        }
    }

    static final class DeltaOrder extends IntRange {
        DeltaOrder() {
            super(0, 2);
        }
    }

    /** An odd width {@code >= 3}. */
    static final class DeltaWidth extends IntRange {
        DeltaWidth() {
            super(3, 999);
        }

        @Override
        public Integer convert(String value) {
            int w = super.convert(value);
            if (w % 2 == 0) {
                throw new TypeConversionException(w + " is even (valid: an odd integer >= 3)");
            }
            return w;
        }
    }

    static final class AboveZero extends NumberRange {
        AboveZero() {
            super(0, true, Double.POSITIVE_INFINITY);
        }
    }

    static final class AtLeastZero extends NumberRange {
        AtLeastZero() {
            super(0, false, Double.POSITIVE_INFINITY);
        }
    }

    static final class Preemphasis extends NumberRange {
        Preemphasis() {
            super(0, false, 1);
        }
    }

    /** A frequency {@code > 0} in Hz, or {@code nyquist} (NaN, as {@link io.spectro.MelOptions#NYQUIST}). */
    static final class Fmax extends NumberRange {
        Fmax() {
            super(0, true, Double.POSITIVE_INFINITY);
        }

        @Override
        public Double convert(String value) {
            return value.strip().equalsIgnoreCase("nyquist") ? Double.NaN : super.convert(value);
        }

        @Override
        public String valid() {
            return super.valid() + ", or nyquist";
        }
    }

    static final class FiniteNumber extends NumberRange {
        FiniteNumber() {
            super(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY);
        }

        @Override
        public String valid() {
            return "a finite number";
        }
    }

    /** {@code none}, {@code per-feature}, {@code per-utterance} or {@code fixed:MEAN:STD}. */
    static final class NormalizeConverter implements ITypeConverter<NormalizeMode> {
        static final String VALID =
                "none, per-feature, per-utterance, or fixed:MEAN:STD with finite numbers, STD not 0";

        @Override
        public NormalizeMode convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            switch (v) {
                case "none" -> {
                    return new NormalizeMode(null);
                }
                case "per-feature" -> {
                    return new NormalizeMode(Normalization.PerFeature.nemo());
                }
                case "per-utterance" -> {
                    return new NormalizeMode(Normalization.PerUtterance.nemo());
                }
                default -> {}
            }
            String[] parts = v.split(":");
            if (parts.length == 3 && parts[0].equals("fixed")) {
                try {
                    return new NormalizeMode(
                            new Normalization.Fixed(Double.parseDouble(parts[1]), Double.parseDouble(parts[2])));
                } catch (IllegalArgumentException e) {
                    // reported below
                }
            }
            throw new TypeConversionException("'" + value + "' is not valid (valid: " + VALID + ")");
        }
    }

    /** {@code none}, {@code N} or {@code Nsamples}, {@code Xs}, or {@code Nframes}; counts {@code >= 1}. */
    static final class PadOrTrimConverter implements ITypeConverter<PadOrTrim> {
        static final String VALID = "none, Nsamples (or N), Xs (seconds), or Nframes, with N >= 1 and X > 0";

        @Override
        public PadOrTrim convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.equals("none")) {
                    return new PadOrTrim(null, null, null);
                }
                if (v.endsWith("frames")) {
                    return new PadOrTrim(null, null, positive(v.substring(0, v.length() - "frames".length())));
                }
                if (v.endsWith("samples")) {
                    return new PadOrTrim(positive(v.substring(0, v.length() - "samples".length())), null, null);
                }
                if (v.endsWith("s")) {
                    double seconds = Double.parseDouble(v.substring(0, v.length() - 1));
                    if (Double.isFinite(seconds) && seconds > 0) {
                        return new PadOrTrim(null, seconds, null);
                    }
                } else {
                    return new PadOrTrim(positive(v), null, null);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not valid (valid: " + VALID + ")");
        }

        private static int positive(String n) {
            int i = Integer.parseInt(n.strip());
            if (i < 1) {
                throw new NumberFormatException(n);
            }
            return i;
        }
    }

    /** An integer rate in Hz from 1 to {@link #MAX_RATE_HZ}, or {@code native}. */
    static final class SampleRateConverter implements ITypeConverter<SampleRate> {
        @Override
        public SampleRate convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("native")) {
                return new SampleRate(null);
            }
            try {
                int hz = Integer.parseInt(v);
                if (hz >= 1 && hz <= MAX_RATE_HZ) {
                    return new SampleRate(hz);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not valid (valid: an integer rate in Hz from 1 to "
                    + MAX_RATE_HZ + ", or native)");
        }
    }
}
