package io.spectro;

import static io.spectro.Validation.notNull;
import static io.spectro.Validation.number;
import static io.spectro.Validation.require;

import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, validated description of a spectrogram computation, in groups: {@link #framing()} (sample rate, FFT,
 * window and hop sizes, centre padding, framing convention, pre-emphasis, DC removal, frames dropped at the end),
 * {@link #window()}, {@link #spectrumOptions()} (kind and power), {@link #mel()}, {@link #log()}, {@link #mfcc()},
 * {@link #normalization()}, {@link #deltas()}, {@link #fixedLength()}, {@link #inputScale()} and {@link
 * #deterministic()}. Build one with {@link #builder()} (librosa {@code melspectrogram}
 * defaults) or start from {@link Presets}. Every violation of a range is an {@link IllegalArgumentException} naming
 * the field, the value and the valid range.
 *
 * <p>Output per clip is {@code [features][frames]} row-major float32 (the librosa/torchaudio layout), where features
 * is {@link #featureCount()}; COMPLEX output is {@code [nFreq][frames][2]} (re, im interleaved). Frame counts follow
 * torch: see {@link Framing#frameCount(long)}, and {@link #frameCount(long)} for a fixed length.
 *
 * <p>Stages, in order: input scale, pad-or-trim in samples, framing (padding, pre-emphasis, DC removal, window),
 * spectrum, mel, log (with its clamp and affine map), MFCC, normalisation, deltas, pad-or-trim in frames. {@link
 * io.spectro.dsp.ReferencePipeline} defines each one's float operations.
 *
 * <p>Why a final class with a private constructor and not a record: a record's canonical constructor is as public as
 * the record and lists every component, so each new option would change the one constructor every caller uses (as
 * the former 19-argument record did). Here the only way in is the {@link Builder}, whose setters keep working when
 * options are added; the groups are small records that can be read and set whole, and a group that gains an option
 * keeps its previous constructor as an overload supplying the option's default. Each group checks its own ranges;
 * this class checks only how groups relate (window length, stages that need POWER, mel edges against Nyquist, MFCCs
 * against mel bands). Equality, hash code and {@link #toString()} are value-based over the groups, so specs built in
 * different ways but describing the same computation are equal (the engine caches plans keyed by spec).
 *
 * <p>The flat accessors ({@link #nFft()}, {@link #hopLength()}, {@link #deltaOrder()}, ...) are shortcuts for the
 * grouped ones and stay as the spec grows.
 */
public final class SpectrogramSpec {

    /** Largest supported {@code nFft} (the same as {@link Framing#MAX_N_FFT}). */
    public static final int MAX_N_FFT = Framing.MAX_N_FFT;

    private final Framing framing;
    private final Window window;
    private final SpectrumOptions spectrum;
    private final MelOptions mel;
    private final LogScale log;
    private final MfccOptions mfcc;
    private final Deltas deltas;
    private final Normalization normalization;
    private final FixedLength fixedLength;
    private final double inputScale;
    private final boolean deterministic;

    /** Checks how the groups (each valid, built by {@link Builder#build()}) relate; see the class description. */
    private SpectrogramSpec(
            Framing framing,
            Window window,
            SpectrumOptions spectrum,
            MelOptions mel,
            LogScale log,
            MfccOptions mfcc,
            Deltas deltas,
            Normalization normalization,
            FixedLength fixedLength,
            double inputScale,
            boolean deterministic) {
        this.framing = framing;
        this.window = notNull(window, "window");
        this.spectrum = spectrum;
        this.deltas = deltas;
        this.mel = mel;
        this.log = log;
        this.mfcc = mfcc;
        this.normalization = normalization;
        this.fixedLength = notNull(fixedLength, "fixedLength");
        this.inputScale = inputScale;
        this.deterministic = deterministic;
        require(
                Double.isFinite(inputScale) && inputScale > 0,
                "inputScale",
                inputScale,
                "> 0 and finite (1 = samples as given; 32768 = 16-bit integer scale)");
        if (window.type() == WindowType.CUSTOM && window.coefficients().length != framing.winLength()) {
            throw new IllegalArgumentException("window has " + window.coefficients().length
                    + " custom coefficients but winLength = " + framing.winLength() + "; they must match");
        }
        if (spectrum.kind() != SpectrumKind.POWER && (mel != null || log != null || mfcc != null)) {
            throw new IllegalArgumentException("spectrum = " + spectrum.kind()
                    + " cannot be followed by mel, log or MFCC stages; those need spectrum POWER");
        }
        if (mel != null) {
            double nyquist = framing.nyquistHz();
            require(
                    Double.isFinite(mel.fminHz()) && mel.fminHz() >= 0 && mel.fminHz() < nyquist,
                    "fminHz",
                    mel.fminHz(),
                    "0 <= fmin < Nyquist (" + number(nyquist) + " Hz)");
            if (!Double.isNaN(mel.fmaxHz())) {
                require(
                        mel.fmaxHz() > mel.fminHz() && mel.fmaxHz() <= nyquist,
                        "fmaxHz",
                        mel.fmaxHz(),
                        "fmin (" + number(mel.fminHz()) + ") < fmax <= Nyquist (" + number(nyquist) + " Hz)");
            }
        }
        if (mfcc != null) {
            if (mel == null || log == null) {
                throw new IllegalArgumentException(
                        "mfcc needs a mel stage and a log stage (e.g. LogScale.Db.librosa()); add them or drop mfcc");
            }
            require(
                    mfcc.nMfcc() >= 1 && mfcc.nMfcc() <= mel.nMels(),
                    "nMfcc",
                    mfcc.nMfcc(),
                    "1 .. nMels (" + mel.nMels() + ")");
        }
        if (deltas.order() > 0 && spectrum.kind() != SpectrumKind.POWER) {
            throw new IllegalArgumentException("deltas need spectrum POWER, not " + spectrum.kind());
        }
        if (normalization != null && spectrum.kind() != SpectrumKind.POWER) {
            throw new IllegalArgumentException("normalization needs spectrum POWER, not " + spectrum.kind());
        }
        if (fixedLength.fixesFrames() && spectrum.kind() != SpectrumKind.POWER) {
            throw new IllegalArgumentException(
                    "a fixed frame count needs spectrum POWER, not " + spectrum.kind() + "; pad or trim in samples");
        }
    }

    /** A builder with librosa {@code melspectrogram} defaults (22050 Hz, 2048/512, hann, constant pad, 128 mels). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this spec; {@code toBuilder().build()} equals this spec. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This spec at another sample rate; a mel {@code fmax} left at Nyquist follows the new rate. */
    public SpectrogramSpec withSampleRate(int hz) {
        return toBuilder().sampleRateHz(hz).build();
    }

    /** This spec with {@link #deterministic()} set as given. */
    public SpectrogramSpec withDeterministic(boolean on) {
        return on == deterministic ? this : toBuilder().deterministic(on).build();
    }

    // --- groups ------------------------------------------------------------------------------------------------------

    /** Sample rate, sizes, hop, padding, framing convention, pre-emphasis, DC removal and frames dropped. */
    public Framing framing() {
        return framing;
    }

    /** The window shape or coefficients (CUSTOM coefficients have {@code winLength} values). */
    public Window window() {
        return window;
    }

    /** The spectrum stage: kind (FRAMES, COMPLEX or POWER) and power. */
    public SpectrumOptions spectrumOptions() {
        return spectrum;
    }

    /** The mel filterbank, or null for none (only with spectrum POWER). */
    public MelOptions mel() {
        return mel;
    }

    /** The log stage, or null for none (only with spectrum POWER). */
    public LogScale log() {
        return log;
    }

    /** The MFCC stage, or null for none (only with a mel and a log stage). */
    public MfccOptions mfcc() {
        return mfcc;
    }

    /** The deltas appended along the feature axis (order 0 = none). */
    public Deltas deltas() {
        return deltas;
    }

    /** The normalisation of the features (after MFCC, before deltas), or null for none. */
    public Normalization normalization() {
        return normalization;
    }

    /** The pad-or-trim in samples and in frames ({@link FixedLength#NONE} for neither). */
    public FixedLength fixedLength() {
        return fixedLength;
    }

    /**
     * The factor every input sample is multiplied by before any other stage ({@code > 0}; 1 = none). Kaldi works on
     * 16-bit integer values, so its preset multiplies audio in {@code [-1, 1)} by 32768.
     */
    public double inputScale() {
        return inputScale;
    }

    /** Whether bit-identical float32 results are promised on every backend that accepts the spec (see README). */
    public boolean deterministic() {
        return deterministic;
    }

    // --- shortcuts to fields of the groups ---------------------------------------------------------------------------

    /** Sample rate of the input in Hz, {@code >= 1}: {@code framing().sampleRateHz()}. */
    public int sampleRateHz() {
        return framing.sampleRateHz();
    }

    /** FFT size, {@code 2 .. MAX_N_FFT}: {@code framing().nFft()}. */
    public int nFft() {
        return framing.nFft();
    }

    /** Window length in samples, {@code 1 .. nFft}: {@code framing().winLength()}. */
    public int winLength() {
        return framing.winLength();
    }

    /** Frame step in samples, {@code >= 1}: {@code framing().hopLength()}. */
    public int hopLength() {
        return framing.hopLength();
    }

    /** Whether frames are centred by padding {@code nFft/2} at both ends: {@code framing().center()}. */
    public boolean center() {
        return framing.center();
    }

    /** How centring pads: {@code framing().padMode()}. */
    public PadMode padMode() {
        return framing.padMode();
    }

    /** TORCH or KALDI framing: {@code framing().frameMode()}. */
    public FrameMode frameMode() {
        return framing.frameMode();
    }

    /** Pre-emphasis coefficient in {@code [0, 1]}, 0 = off: {@code framing().preemphasis()}. */
    public double preemphasis() {
        return framing.preemphasis();
    }

    /** Whether each frame's mean is subtracted (KALDI): {@code framing().removeDcOffset()}. */
    public boolean removeDcOffset() {
        return framing.removeDcOffset();
    }

    /** Frames removed from the end of each clip, {@code >= 0}: {@code framing().dropLastFrames()}. */
    public int dropLastFrames() {
        return framing.dropLastFrames();
    }

    /** FRAMES, COMPLEX or POWER: {@code spectrumOptions().kind()}. */
    public SpectrumKind spectrum() {
        return spectrum.kind();
    }

    /** Exponent of the magnitude for POWER, {@code > 0}: {@code spectrumOptions().power()}. */
    public double power() {
        return spectrum.power();
    }

    /** 0, 1 or 2: {@code deltas().order()}. */
    public int deltaOrder() {
        return deltas.order();
    }

    /** Odd width of the delta regression window, {@code >= 3}: {@code deltas().width()}. */
    public int deltaWidth() {
        return deltas.width();
    }

    // --- derived values ----------------------------------------------------------------------------------------------

    /** Number of one-sided frequency bins, {@code nFft/2 + 1}. */
    public int nFreq() {
        return framing.nFreq();
    }

    /** The mel filterbank's upper edge in Hz, resolving {@link MelOptions#NYQUIST}; NaN without a mel stage. */
    public double fmaxHz() {
        if (mel == null) {
            return Double.NaN;
        }
        return Double.isNaN(mel.fmaxHz()) ? framing.nyquistHz() : mel.fmaxHz();
    }

    /** Features per frame before deltas: nFft (FRAMES), nFreq (COMPLEX, POWER), nMels, or nMfcc. */
    public int baseFeatureCount() {
        if (mfcc != null) {
            return mfcc.nMfcc();
        }
        if (mel != null) {
            return mel.nMels();
        }
        return spectrum.kind() == SpectrumKind.FRAMES ? framing.nFft() : framing.nFreq();
    }

    /** Rows of the output: {@link #baseFeatureCount()} times {@code 1 + deltaOrder}. */
    public int featureCount() {
        return baseFeatureCount() * (1 + deltas.order());
    }

    /** Floats per output value: 2 for COMPLEX (re, im), else 1. */
    public int valuesPerFeature() {
        return spectrum.valuesPerFeature();
    }

    /** Floats in one clip's output of {@code frames} frames. */
    public long outputFloats(int frames) {
        return (long) featureCount() * frames * valuesPerFeature();
    }

    /** The output array shape for {@code frames} frames: {@code {features, frames}} or {@code {nFreq, frames, 2}}. */
    public int[] outputShape(int frames) {
        return spectrum.kind() == SpectrumKind.COMPLEX
                ? new int[] {featureCount(), frames, 2}
                : new int[] {featureCount(), frames};
    }

    /** Samples of padding at each end: {@code nFft/2} when centred, else 0. */
    public int padding() {
        return framing.padding();
    }

    /** Samples per frame before zero padding to nFft: {@code winLength} for KALDI, {@code nFft} for TORCH. */
    public int frameLength() {
        return framing.frameLength();
    }

    /**
     * Frames in the output for a clip of {@code samples} samples: {@link FixedLength#frames()} when the output has a
     * fixed frame count, else {@link #computedFrameCount(long)}. An {@link IllegalArgumentException} says why a clip
     * cannot be framed ({@link #clipProblem(long)}).
     */
    public int frameCount(long samples) {
        int computed = computedFrameCount(samples);
        return fixedLength.fixesFrames() ? fixedLength.frames() : computed;
    }

    /**
     * Frames the pipeline computes for a clip of {@code samples} samples, before any pad-or-trim in frames: {@link
     * Framing#frameCount(long)} of {@link #framedSamples(long)}.
     */
    public int computedFrameCount(long samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("clip length " + samples + " is negative");
        }
        return framing.frameCount(fixedLength.framedSamples(samples));
    }

    /** Samples the framing sees for a clip of {@code samples} samples: the fixed sample count, or the clip's own. */
    public long framedSamples(long samples) {
        return fixedLength.framedSamples(samples);
    }

    /**
     * Why a clip of this length cannot be framed, or null when it can: {@link Framing#clipProblem(long)} of {@link
     * #framedSamples(long)} (a fixed sample count makes every clip, even an empty one, long enough).
     */
    public String clipProblem(long samples) {
        if (samples < 0) {
            return "clip length " + samples + " is negative";
        }
        return framing.clipProblem(fixedLength.framedSamples(samples));
    }

    /** A one-line human summary, e.g. {@code 16000 Hz, nFft 400, hop 160, hann, reflect, power 2, 80 mels slaney/slaney, log10}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(sampleRateHz()).append(" Hz");
        if (inputScale != 1.0) {
            b.append(", input x").append(number(inputScale));
        }
        if (fixedLength.fixesSamples()) {
            b.append(", pad/trim ").append(fixedLength.samples()).append(" samples");
        }
        b.append(", nFft ").append(nFft());
        if (winLength() != nFft()) {
            b.append(", win ").append(winLength());
        }
        b.append(", hop ").append(hopLength()).append(", ").append(window);
        if (frameMode() == FrameMode.KALDI) {
            b.append(", kaldi framing");
        } else if (center()) {
            b.append(", center ").append(lowerCase(padMode()));
        } else {
            b.append(", no center");
        }
        if (preemphasis() != 0) {
            b.append(", preemphasis ").append(number(preemphasis()));
        }
        switch (spectrum.kind()) {
            case FRAMES -> b.append(", frames");
            case COMPLEX -> b.append(", complex");
            case POWER -> b.append(", power ").append(number(power()));
        }
        if (mel != null) {
            b.append(", ")
                    .append(mel.nMels())
                    .append(" mels ")
                    .append(lowerCase(mel.scale()))
                    .append('/')
                    .append(lowerCase(mel.norm()))
                    .append(' ')
                    .append(number(mel.fminHz()))
                    .append('-')
                    .append(number(fmaxHz()))
                    .append(" Hz");
        }
        if (log != null) {
            b.append(
                    switch (log) {
                        case LogScale.Db d -> ", dB" + (d.hasTopDb() ? " top " + number(d.topDb()) : "");
                        case LogScale.Ln l -> ", ln";
                        case LogScale.Log10 l -> ", log10" + (l.hasClamp() ? " clamp " + number(l.clampRange()) : "");
                    });
        }
        if (mfcc != null) {
            b.append(", ").append(mfcc.nMfcc()).append(" MFCC");
        }
        if (normalization != null) {
            b.append(
                    switch (normalization) {
                        case Normalization.PerFeature n -> ", per-feature norm";
                        case Normalization.PerUtterance n -> ", per-utterance norm";
                        case Normalization.Fixed n -> ", norm (x - " + number(n.mean()) + ") / " + number(n.std());
                    });
        }
        if (deltas.order() > 0) {
            b.append(", deltas ").append(deltas.order());
        }
        if (fixedLength.fixesFrames()) {
            b.append(", pad/trim ").append(fixedLength.frames()).append(" frames");
            if (fixedLength.padValue() != 0.0) {
                b.append(" (pad ").append(number(fixedLength.padValue())).append(')');
            }
        }
        if (deterministic) {
            b.append(", deterministic");
        }
        return b.toString();
    }

    private static String lowerCase(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Equal when every group is equal (doubles compared as {@link Double#compare}, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpectrogramSpec s
                && framing.equals(s.framing)
                && window.equals(s.window)
                && spectrum.equals(s.spectrum)
                && Objects.equals(mel, s.mel)
                && Objects.equals(log, s.log)
                && Objects.equals(mfcc, s.mfcc)
                && deltas.equals(s.deltas)
                && Objects.equals(normalization, s.normalization)
                && fixedLength.equals(s.fixedLength)
                && Double.compare(inputScale, s.inputScale) == 0
                && deterministic == s.deterministic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                framing,
                window,
                spectrum,
                mel,
                log,
                mfcc,
                deltas,
                normalization,
                fixedLength,
                inputScale,
                deterministic);
    }

    /** Every group, e.g. {@code SpectrogramSpec[framing=Framing[sampleRateHz=16000, ...], window=hann, ...]}. */
    @Override
    public String toString() {
        return "SpectrogramSpec[framing=" + framing + ", window=" + window + ", spectrum=" + spectrum + ", mel=" + mel
                + ", log=" + log + ", mfcc=" + mfcc + ", normalization=" + normalization + ", deltas=" + deltas
                + ", fixedLength=" + fixedLength + ", inputScale=" + number(inputScale) + ", deterministic="
                + deterministic + "]";
    }

    /**
     * Builder for {@link SpectrogramSpec}: one setter per option, and one per group. Setters store values (a null group
     * is refused at once); {@link #build()} checks every range. Unset window and hop lengths default to {@code nFft}
     * and {@code winLength/4}.
     */
    public static final class Builder {
        private int sampleRateHz = 22050;
        private int nFft = 2048;
        private Integer winLength;
        private Integer hopLength;
        private Window window = Window.periodic(WindowType.HANN);
        private boolean center = true;
        private PadMode padMode = PadMode.CONSTANT;
        private FrameMode frameMode = FrameMode.TORCH;
        private double preemphasis;
        private boolean removeDcOffset;
        private SpectrumKind spectrum = SpectrumKind.POWER;
        private double power = 2.0;
        private boolean melOn = true;
        private int nMels = 128;
        private double fminHz;
        private double fmaxHz = MelOptions.NYQUIST;
        private MelScale melScale = MelScale.SLANEY;
        private MelNorm melNorm = MelNorm.SLANEY;
        private LogScale log;
        private boolean mfccOn;
        private int nMfcc;
        private double lifter;
        private int deltaOrder;
        private int deltaWidth = Deltas.DEFAULT_WIDTH;
        private int dropLastFrames;
        private Normalization normalization;
        private FixedLength fixedLength = FixedLength.NONE;
        private double inputScale = 1.0;
        private boolean deterministic;

        Builder() {}

        Builder(SpectrogramSpec s) {
            framing(s.framing)
                    .window(s.window)
                    .spectrum(s.spectrum)
                    .mel(s.mel)
                    .log(s.log)
                    .mfcc(s.mfcc)
                    .deltas(s.deltas)
                    .normalization(s.normalization)
                    .fixedLength(s.fixedLength)
                    .inputScale(s.inputScale)
                    .deterministic(s.deterministic);
        }

        // --- whole groups ----------------------------------------------------------------------------------------

        /** Every framing option as given (window and hop lengths included). */
        public Builder framing(Framing f) {
            notNull(f, "framing");
            this.sampleRateHz = f.sampleRateHz();
            this.nFft = f.nFft();
            this.winLength = f.winLength();
            this.hopLength = f.hopLength();
            this.center = f.center();
            this.padMode = f.padMode();
            this.frameMode = f.frameMode();
            this.preemphasis = f.preemphasis();
            this.removeDcOffset = f.removeDcOffset();
            this.dropLastFrames = f.dropLastFrames();
            return this;
        }

        /**
         * The spectrum stage; a kind other than POWER removes the mel, log, MFCC, normalisation and frame-count stages
         * (as {@link #frames()} and {@link #complex()} do).
         */
        public Builder spectrum(SpectrumOptions s) {
            notNull(s, "spectrum");
            this.spectrum = s.kind();
            this.power = s.power();
            return s.kind() == SpectrumKind.POWER ? this : noFeatureStages();
        }

        /** The deltas (order and width). */
        public Builder deltas(Deltas d) {
            notNull(d, "deltas");
            this.deltaOrder = d.order();
            this.deltaWidth = d.width();
            return this;
        }

        // --- framing ---------------------------------------------------------------------------------------------

        /** Input sample rate in Hz. */
        public Builder sampleRateHz(int hz) {
            this.sampleRateHz = hz;
            return this;
        }

        /** FFT size (any integer >= 2). Window length follows it unless set. */
        public Builder nFft(int n) {
            this.nFft = n;
            return this;
        }

        /** Window length in samples ({@code <= nFft}); the window is centred in the frame (TORCH framing). */
        public Builder winLength(int n) {
            this.winLength = n;
            return this;
        }

        /** Hop between frames in samples. */
        public Builder hopLength(int n) {
            this.hopLength = n;
            return this;
        }

        /** Centre frames by padding {@code nFft/2} at both ends. */
        public Builder center(boolean on) {
            this.center = on;
            return this;
        }

        /** Padding mode for {@code center}. */
        public Builder padMode(PadMode mode) {
            this.padMode = mode;
            return this;
        }

        /** TORCH or KALDI framing. */
        public Builder frameMode(FrameMode mode) {
            this.frameMode = mode;
            return this;
        }

        /** Pre-emphasis coefficient (0 = off). */
        public Builder preemphasis(double c) {
            this.preemphasis = c;
            return this;
        }

        /** Subtract each frame's mean (KALDI framing). */
        public Builder removeDcOffset(boolean on) {
            this.removeDcOffset = on;
            return this;
        }

        /** Frames dropped from the end of each clip. */
        public Builder dropLastFrames(int n) {
            this.dropLastFrames = n;
            return this;
        }

        // --- window ----------------------------------------------------------------------------------------------

        /** A named window shape, keeping the periodic/symmetric choice. */
        public Builder window(WindowType type) {
            this.window = new Window(type, window.periodic() || window.type() == WindowType.CUSTOM, null);
            return this;
        }

        /** The window. */
        public Builder window(Window w) {
            this.window = w;
            return this;
        }

        /** Periodic ({@code true}, default) or symmetric window. */
        public Builder periodicWindow(boolean periodic) {
            if (window.type() != WindowType.CUSTOM) {
                this.window = new Window(window.type(), periodic, null);
            }
            return this;
        }

        // --- spectrum --------------------------------------------------------------------------------------------

        /** Output the windowed frames; removes the mel, log, MFCC, normalisation and frame-count stages. */
        public Builder frames() {
            this.spectrum = SpectrumKind.FRAMES;
            return noFeatureStages();
        }

        /** Output the complex spectrum; removes the mel, log, MFCC, normalisation and frame-count stages. */
        public Builder complex() {
            this.spectrum = SpectrumKind.COMPLEX;
            return noFeatureStages();
        }

        /** The stages that need spectrum POWER removed (a fixed sample count stays). */
        private Builder noFeatureStages() {
            this.normalization = null;
            this.fixedLength = new FixedLength(fixedLength.samples(), 0, 0.0);
            return noMel().noLog();
        }

        /** Output {@code |X|^p}: 2 = power, 1 = magnitude. */
        public Builder power(double p) {
            this.spectrum = SpectrumKind.POWER;
            this.power = p;
            return this;
        }

        /** Output the magnitude {@code |X|}. */
        public Builder magnitude() {
            return power(1.0);
        }

        // --- mel -------------------------------------------------------------------------------------------------

        /** A mel stage with {@code n} filters (keeps fmin, fmax, scale and norm). */
        public Builder mel(int n) {
            this.melOn = true;
            this.nMels = n;
            return this;
        }

        /** A mel stage exactly as given; null for none (as {@link #noMel()}). */
        public Builder mel(MelOptions m) {
            if (m == null) {
                return noMel();
            }
            this.melOn = true;
            this.nMels = m.nMels();
            this.fminHz = m.fminHz();
            this.fmaxHz = m.fmaxHz();
            this.melScale = m.scale();
            this.melNorm = m.norm();
            return this;
        }

        /** Mel lower edge in Hz. */
        public Builder fminHz(double hz) {
            this.fminHz = hz;
            return this;
        }

        /** Mel upper edge in Hz ({@link MelOptions#NYQUIST} for Nyquist). */
        public Builder fmaxHz(double hz) {
            this.fmaxHz = hz;
            return this;
        }

        /** Mel scale. */
        public Builder melScale(MelScale s) {
            this.melScale = s;
            return this;
        }

        /** Mel filter normalisation. */
        public Builder melNorm(MelNorm n) {
            this.melNorm = n;
            return this;
        }

        /** No mel stage (a linear-frequency spectrogram); also drops MFCC. */
        public Builder noMel() {
            this.melOn = false;
            return noMfcc();
        }

        // --- log, MFCC, deltas -----------------------------------------------------------------------------------

        /** The log stage, or null for none. */
        public Builder log(LogScale l) {
            this.log = l;
            return this;
        }

        /** No log stage; also drops MFCC. */
        public Builder noLog() {
            this.log = null;
            return noMfcc();
        }

        /** MFCCs (needs mel and log stages; if no log stage is set, librosa's dB with top 80 is used). */
        public Builder mfcc(int nMfcc, double lifter) {
            this.mfccOn = true;
            this.nMfcc = nMfcc;
            this.lifter = lifter;
            if (log == null) {
                log = LogScale.Db.librosa();
            }
            return this;
        }

        /** MFCCs as given (see {@link #mfcc(int, double)}); null for none (as {@link #noMfcc()}). */
        public Builder mfcc(MfccOptions m) {
            return m == null ? noMfcc() : mfcc(m.nMfcc(), m.lifter());
        }

        /** No MFCC stage. */
        public Builder noMfcc() {
            this.mfccOn = false;
            return this;
        }

        /** Append deltas of order 1 or 2 (0 = none). */
        public Builder deltas(int order) {
            this.deltaOrder = order;
            return this;
        }

        /** Width of the delta regression window (odd, >= 3). */
        public Builder deltaWidth(int width) {
            this.deltaWidth = width;
            return this;
        }

        /**
         * Normalise the features (after MFCC, before deltas); null for none (as {@link #noNormalization()}). Needs
         * spectrum POWER.
         */
        public Builder normalization(Normalization n) {
            this.normalization = n;
            return this;
        }

        /** No normalisation. */
        public Builder noNormalization() {
            this.normalization = null;
            return this;
        }

        /** Pad-or-trim in samples and/or frames ({@link FixedLength#NONE} for neither). */
        public Builder fixedLength(FixedLength f) {
            this.fixedLength = notNull(f, "fixedLength");
            return this;
        }

        /**
         * Pad every clip with zeros or trim it to {@code samples} samples before framing (0 = the clip's own length);
         * keeps the frame count setting.
         */
        public Builder padOrTrimSamples(int samples) {
            this.fixedLength = new FixedLength(samples, fixedLength.frames(), fixedLength.padValue());
            return this;
        }

        /**
         * Keep the first {@code frames} frames of every output or append frames of {@code padValue} (0 = the
         * computed count); keeps the sample count setting.
         */
        public Builder padOrTrimFrames(int frames, double padValue) {
            this.fixedLength = new FixedLength(fixedLength.samples(), frames, padValue);
            return this;
        }

        /** Multiply every input sample by {@code factor} before any other stage ({@code > 0}; 1 = none). */
        public Builder inputScale(double factor) {
            this.inputScale = factor;
            return this;
        }

        /** Ask for bit-identical results across backends. */
        public Builder deterministic(boolean on) {
            this.deterministic = on;
            return this;
        }

        /**
         * Validates and builds the spec. A mel, log or MFCC stage set after {@link #frames()} or {@link #complex()}
         * is an error (those stages need spectrum POWER).
         */
        public SpectrogramSpec build() {
            int win = winLength == null ? nFft : winLength;
            int hop = hopLength == null ? Math.max(1, win / 4) : hopLength;
            Framing framing = new Framing(
                    sampleRateHz,
                    nFft,
                    win,
                    hop,
                    center,
                    padMode,
                    frameMode,
                    preemphasis,
                    removeDcOffset,
                    dropLastFrames);
            return new SpectrogramSpec(
                    framing,
                    window,
                    new SpectrumOptions(spectrum, power),
                    melOn ? new MelOptions(nMels, fminHz, fmaxHz, melScale, melNorm) : null,
                    log,
                    mfccOn ? new MfccOptions(nMfcc, lifter) : null,
                    new Deltas(deltaOrder, deltaWidth),
                    normalization,
                    fixedLength,
                    inputScale,
                    deterministic);
        }
    }
}
