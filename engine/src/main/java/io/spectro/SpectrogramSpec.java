package io.spectro;

import java.util.Locale;

/**
 * An immutable, validated description of a spectrogram computation: framing, window, FFT, spectrum, mel filterbank,
 * log stage, MFCC and deltas. Build one with {@link #builder()} (librosa {@code melspectrogram} defaults) or start from
 * {@link Presets}. Every violation of a range is an {@link IllegalArgumentException} naming the field, the value and
 * the valid range.
 *
 * <p>Output per clip is {@code [features][frames]} row-major float32 (the librosa/torchaudio layout), where features
 * is {@link #featureCount()}; COMPLEX output is {@code [nFreq][frames][2]} (re, im interleaved). Frame counts follow
 * torch: see {@link #frameCount(long)}.
 *
 * @param sampleRateHz sample rate of the input, {@code >= 1}
 * @param nFft FFT size, {@code 2 <= nFft <= 4194304}, any integer (primes too)
 * @param winLength window length, {@code 1 <= winLength <= nFft}
 * @param hopLength frame step in samples, {@code >= 1}
 * @param window the window shape or coefficients (CUSTOM coefficients must have {@code winLength} values)
 * @param center pad {@code nFft/2} samples at both ends so frame {@code t} is centred at sample {@code t*hop} (TORCH
 *     frame mode only)
 * @param padMode how {@code center} pads
 * @param frameMode TORCH (torch.stft/librosa) or KALDI (snip_edges) framing
 * @param preemphasis pre-emphasis coefficient in {@code [0, 1]}; 0 disables it
 * @param removeDcOffset subtract each frame's mean before pre-emphasis and windowing (KALDI frame mode only)
 * @param spectrum FRAMES, COMPLEX or POWER
 * @param power exponent of the magnitude for POWER ({@code > 0}, finite): 2 = power, 1 = magnitude
 * @param mel mel filterbank, or null for none (requires POWER)
 * @param log log stage, or null for none (requires POWER)
 * @param mfcc MFCC stage, or null (requires mel and log)
 * @param deltaOrder 0, 1 or 2: append deltas (and delta-deltas) of the features along the feature axis
 * @param deltaWidth odd window of the delta regression, {@code >= 3} (torchaudio {@code compute_deltas}, edges
 *     replicated)
 * @param dropLastFrames frames removed from the end of each clip before any clip-level stage (Whisper drops 1)
 * @param deterministic promise bit-identical float32 results on every backend that accepts the spec (see README)
 */
public record SpectrogramSpec(
        int sampleRateHz,
        int nFft,
        int winLength,
        int hopLength,
        Window window,
        boolean center,
        PadMode padMode,
        FrameMode frameMode,
        double preemphasis,
        boolean removeDcOffset,
        SpectrumKind spectrum,
        double power,
        MelOptions mel,
        LogScale log,
        MfccOptions mfcc,
        int deltaOrder,
        int deltaWidth,
        int dropLastFrames,
        boolean deterministic) {

    /** Largest supported {@code nFft}. */
    public static final int MAX_N_FFT = 1 << 22;

    /** Validates every field; see the record description for the ranges. */
    public SpectrogramSpec {
        require(sampleRateHz >= 1, "sampleRateHz", sampleRateHz, ">= 1");
        require(nFft >= 2 && nFft <= MAX_N_FFT, "nFft", nFft, "2 .. " + MAX_N_FFT);
        require(winLength >= 1 && winLength <= nFft, "winLength", winLength, "1 .. nFft (" + nFft + ")");
        require(hopLength >= 1, "hopLength", hopLength, ">= 1");
        if (window == null) {
            throw new IllegalArgumentException("window must not be null");
        }
        if (window.type() == WindowType.CUSTOM && window.coefficients().length != winLength) {
            throw new IllegalArgumentException("window has " + window.coefficients().length
                    + " custom coefficients but winLength = " + winLength + "; they must match");
        }
        if (padMode == null) {
            throw new IllegalArgumentException("padMode must not be null");
        }
        if (frameMode == null) {
            throw new IllegalArgumentException("frameMode must not be null");
        }
        if (frameMode == FrameMode.KALDI && center) {
            throw new IllegalArgumentException(
                    "center = true is not available with frameMode KALDI (only snip_edges=true framing is implemented)");
        }
        if (frameMode == FrameMode.TORCH && removeDcOffset) {
            throw new IllegalArgumentException("removeDcOffset = true needs frameMode KALDI (per-frame processing)");
        }
        require(
                Double.isFinite(preemphasis) && preemphasis >= 0 && preemphasis <= 1,
                "preemphasis",
                preemphasis,
                "0 .. 1 (0 = off)");
        if (spectrum == null) {
            throw new IllegalArgumentException("spectrum must not be null");
        }
        require(Double.isFinite(power) && power > 0, "power", power, "> 0 and finite (2 = power, 1 = magnitude)");
        if (spectrum != SpectrumKind.POWER && (mel != null || log != null || mfcc != null)) {
            throw new IllegalArgumentException("spectrum = " + spectrum
                    + " cannot be followed by mel, log or MFCC stages; those need spectrum POWER");
        }
        if (mel != null) {
            require(mel.nMels() >= 1, "nMels", mel.nMels(), ">= 1");
            double nyquist = sampleRateHz / 2.0;
            require(
                    Double.isFinite(mel.fminHz()) && mel.fminHz() >= 0 && mel.fminHz() < nyquist,
                    "fminHz",
                    mel.fminHz(),
                    "0 <= fmin < Nyquist (" + fmt(nyquist) + " Hz)");
            if (!Double.isNaN(mel.fmaxHz())) {
                require(
                        mel.fmaxHz() > mel.fminHz() && mel.fmaxHz() <= nyquist,
                        "fmaxHz",
                        mel.fmaxHz(),
                        "fmin (" + fmt(mel.fminHz()) + ") < fmax <= Nyquist (" + fmt(nyquist) + " Hz)");
            }
        }
        if (log != null) {
            validateLog(log);
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
            require(Double.isFinite(mfcc.lifter()) && mfcc.lifter() >= 0, "lifter", mfcc.lifter(), ">= 0 (0 = off)");
        }
        require(deltaOrder >= 0 && deltaOrder <= 2, "deltaOrder", deltaOrder, "0, 1 or 2");
        require(deltaWidth >= 3 && deltaWidth % 2 == 1, "deltaWidth", deltaWidth, "odd and >= 3");
        if (deltaOrder > 0 && spectrum != SpectrumKind.POWER) {
            throw new IllegalArgumentException("deltas need spectrum POWER, not " + spectrum);
        }
        require(dropLastFrames >= 0, "dropLastFrames", dropLastFrames, ">= 0");
    }

    private static void validateLog(LogScale log) {
        switch (log) {
            case LogScale.Db db -> {
                require(
                        Double.isFinite(db.multiplier()) && db.multiplier() != 0,
                        "dbMultiplier",
                        db.multiplier(),
                        "finite and non-zero (10 for power, 20 for magnitude)");
                require(db.amin() > 0 && Double.isFinite(db.amin()), "amin", db.amin(), "> 0");
                require(db.ref() > 0 && Double.isFinite(db.ref()), "ref", db.ref(), "> 0");
                require(
                        Double.isNaN(db.topDb()) || (db.topDb() >= 0 && Double.isFinite(db.topDb())),
                        "topDb",
                        db.topDb(),
                        ">= 0, or NaN for none");
            }
            case LogScale.Ln ln -> {
                require(Double.isFinite(ln.offset()) && ln.offset() >= 0, "logOffset", ln.offset(), ">= 0");
                require(Double.isFinite(ln.floor()) && ln.floor() >= 0, "logFloor", ln.floor(), ">= 0");
            }
            case LogScale.Log10 l -> {
                require(l.amin() > 0 && Double.isFinite(l.amin()), "amin", l.amin(), "> 0");
                require(
                        Double.isNaN(l.clampRange()) || (l.clampRange() >= 0 && Double.isFinite(l.clampRange())),
                        "clampRange",
                        l.clampRange(),
                        ">= 0, or NaN for none");
                require(Double.isFinite(l.add()), "logAdd", l.add(), "finite");
                require(Double.isFinite(l.scale()), "logScale", l.scale(), "finite");
            }
        }
    }

    private static void require(boolean ok, String field, double value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + fmt(value) + " is out of range: must be " + range);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A builder with librosa {@code melspectrogram} defaults (22050 Hz, 2048/512, hann, constant pad, 128 mels). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this spec. */
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

    /** Number of one-sided frequency bins, {@code nFft/2 + 1}. */
    public int nFreq() {
        return nFft / 2 + 1;
    }

    /** The mel filterbank's upper edge in Hz, resolving {@link MelOptions#NYQUIST}; NaN without a mel stage. */
    public double fmaxHz() {
        if (mel == null) {
            return Double.NaN;
        }
        return Double.isNaN(mel.fmaxHz()) ? sampleRateHz / 2.0 : mel.fmaxHz();
    }

    /** Features per frame before deltas: nFft (FRAMES), nFreq (COMPLEX, POWER), nMels, or nMfcc. */
    public int baseFeatureCount() {
        if (mfcc != null) {
            return mfcc.nMfcc();
        }
        if (mel != null) {
            return mel.nMels();
        }
        return spectrum == SpectrumKind.FRAMES ? nFft : nFreq();
    }

    /** Rows of the output: {@link #baseFeatureCount()} times {@code 1 + deltaOrder}. */
    public int featureCount() {
        return baseFeatureCount() * (1 + deltaOrder);
    }

    /** Floats per output value: 2 for COMPLEX (re, im), else 1. */
    public int valuesPerFeature() {
        return spectrum == SpectrumKind.COMPLEX ? 2 : 1;
    }

    /** Floats in one clip's output of {@code frames} frames. */
    public long outputFloats(int frames) {
        return (long) featureCount() * frames * valuesPerFeature();
    }

    /** The output array shape for {@code frames} frames: {@code {features, frames}} or {@code {nFreq, frames, 2}}. */
    public int[] outputShape(int frames) {
        return spectrum == SpectrumKind.COMPLEX
                ? new int[] {featureCount(), frames, 2}
                : new int[] {featureCount(), frames};
    }

    /** Samples of padding at each end: {@code nFft/2} when centred, else 0. */
    public int padding() {
        return center ? nFft / 2 : 0;
    }

    /** Samples per frame before zero padding to nFft: {@code winLength} for KALDI, {@code nFft} for TORCH. */
    public int frameLength() {
        return frameMode == FrameMode.KALDI ? winLength : nFft;
    }

    /**
     * The number of frames for a clip of {@code samples} samples, or a clear {@link IllegalArgumentException} when the
     * clip cannot be framed. TORCH with center: {@code 1 + (samples + 2*(nFft/2) - nFft) / hop}; TORCH without center:
     * {@code 1 + (samples - nFft) / hop}, needs {@code samples >= nFft}; KALDI: {@code 1 + (samples - winLength) /
     * hop}, 0 when shorter than {@code winLength}; then minus {@code dropLastFrames} (never below 0). Empty clips are
     * an error in TORCH mode; reflect padding needs {@code samples > nFft/2} (as torch).
     */
    public int frameCount(long samples) {
        String problem = clipProblem(samples);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        long frames;
        if (frameMode == FrameMode.KALDI) {
            frames = samples < winLength ? 0 : 1 + (samples - winLength) / hopLength;
        } else {
            long padded = samples + 2L * padding();
            frames = 1 + (padded - nFft) / hopLength;
        }
        frames = Math.max(0, frames - dropLastFrames);
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("clip of " + samples + " samples gives too many frames");
        }
        return (int) frames;
    }

    /** Why a clip of this length cannot be framed, or null when it can. */
    public String clipProblem(long samples) {
        if (samples < 0) {
            return "clip length " + samples + " is negative";
        }
        if (frameMode == FrameMode.KALDI) {
            return null;
        }
        if (samples == 0) {
            return "clip is empty (0 samples)";
        }
        if (!center && samples < nFft) {
            return "clip has " + samples + " samples, fewer than nFft = " + nFft
                    + " without centre padding; use center=true or a smaller nFft";
        }
        if (center && padMode == PadMode.REFLECT && samples <= nFft / 2) {
            return "clip has " + samples + " samples; reflect padding of nFft/2 = " + (nFft / 2) + " needs more than "
                    + (nFft / 2) + " (as torch.stft); use padMode edge or constant, or a smaller nFft";
        }
        return null;
    }

    /** A JSON object describing every field (written as {@code spec.json} beside extracted datasets). */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\n");
        field(b, "sample_rate_hz", sampleRateHz);
        field(b, "n_fft", nFft);
        field(b, "win_length", winLength);
        field(b, "hop_length", hopLength);
        field(b, "window", quote(window.type().name().toLowerCase(Locale.ROOT)));
        field(b, "window_periodic", window.periodic());
        field(b, "center", center);
        field(b, "pad_mode", quote(padMode.name().toLowerCase(Locale.ROOT)));
        field(b, "frame_mode", quote(frameMode.name().toLowerCase(Locale.ROOT)));
        field(b, "preemphasis", num(preemphasis));
        field(b, "remove_dc_offset", removeDcOffset);
        field(b, "spectrum", quote(spectrum.name().toLowerCase(Locale.ROOT)));
        field(b, "power", num(power));
        if (mel != null) {
            field(
                    b,
                    "mel",
                    "{\"n_mels\": " + mel.nMels() + ", \"fmin_hz\": " + num(mel.fminHz()) + ", \"fmax_hz\": "
                            + num(fmaxHz()) + ", \"scale\": "
                            + quote(mel.scale().name().toLowerCase(Locale.ROOT))
                            + ", \"norm\": " + quote(mel.norm().name().toLowerCase(Locale.ROOT)) + "}");
        } else {
            field(b, "mel", "null");
        }
        field(b, "log", log == null ? "null" : logJson(log));
        field(
                b,
                "mfcc",
                mfcc == null ? "null" : "{\"n_mfcc\": " + mfcc.nMfcc() + ", \"lifter\": " + num(mfcc.lifter()) + "}");
        field(b, "delta_order", deltaOrder);
        field(b, "delta_width", deltaWidth);
        field(b, "drop_last_frames", dropLastFrames);
        field(b, "deterministic", deterministic);
        field(b, "output_features", featureCount());
        b.setLength(b.length() - 2);
        return b.append("\n}\n").toString();
    }

    private static String logJson(LogScale log) {
        return switch (log) {
            case LogScale.Db d ->
                "{\"type\": \"db\", \"multiplier\": " + num(d.multiplier()) + ", \"amin\": " + num(d.amin())
                        + ", \"ref\": " + num(d.ref()) + ", \"top_db\": " + num(d.topDb()) + "}";
            case LogScale.Ln l ->
                "{\"type\": \"ln\", \"offset\": " + num(l.offset()) + ", \"floor\": " + num(l.floor()) + "}";
            case LogScale.Log10 l ->
                "{\"type\": \"log10\", \"amin\": " + num(l.amin()) + ", \"clamp_range\": " + num(l.clampRange())
                        + ", \"add\": " + num(l.add()) + ", \"scale\": " + num(l.scale()) + "}";
        };
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String num(double v) {
        return Double.isNaN(v)
                ? "null"
                : (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
    }

    /** A one-line human summary, e.g. {@code 16000 Hz, nFft 400, hop 160, hann, reflect, power 2, 80 mels slaney/slaney, log10}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(sampleRateHz).append(" Hz, nFft ").append(nFft);
        if (winLength != nFft) {
            b.append(", win ").append(winLength);
        }
        b.append(", hop ").append(hopLength).append(", ").append(window);
        if (frameMode == FrameMode.KALDI) {
            b.append(", kaldi framing");
        } else if (center) {
            b.append(", center ").append(padMode.name().toLowerCase(Locale.ROOT));
        } else {
            b.append(", no center");
        }
        if (preemphasis != 0) {
            b.append(", preemphasis ").append(num(preemphasis));
        }
        switch (spectrum) {
            case FRAMES -> b.append(", frames");
            case COMPLEX -> b.append(", complex");
            case POWER -> b.append(", power ").append(num(power));
        }
        if (mel != null) {
            b.append(", ")
                    .append(mel.nMels())
                    .append(" mels ")
                    .append(mel.scale().name().toLowerCase(Locale.ROOT))
                    .append('/')
                    .append(mel.norm().name().toLowerCase(Locale.ROOT))
                    .append(' ')
                    .append(num(mel.fminHz()))
                    .append('-')
                    .append(num(fmaxHz()))
                    .append(" Hz");
        }
        if (log != null) {
            b.append(
                    switch (log) {
                        case LogScale.Db d -> ", dB" + (d.hasTopDb() ? " top " + num(d.topDb()) : "");
                        case LogScale.Ln l -> ", ln";
                        case LogScale.Log10 l -> ", log10" + (l.hasClamp() ? " clamp " + num(l.clampRange()) : "");
                    });
        }
        if (mfcc != null) {
            b.append(", ").append(mfcc.nMfcc()).append(" MFCC");
        }
        if (deltaOrder > 0) {
            b.append(", deltas ").append(deltaOrder);
        }
        if (deterministic) {
            b.append(", deterministic");
        }
        return b.toString();
    }

    /** Builder for {@link SpectrogramSpec}; unset window and hop lengths default to {@code nFft} and {@code winLength/4}. */
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
        private MfccOptions mfcc;
        private int deltaOrder;
        private int deltaWidth = 5;
        private int dropLastFrames;
        private boolean deterministic;

        Builder() {}

        Builder(SpectrogramSpec s) {
            sampleRateHz = s.sampleRateHz;
            nFft = s.nFft;
            winLength = s.winLength;
            hopLength = s.hopLength;
            window = s.window;
            center = s.center;
            padMode = s.padMode;
            frameMode = s.frameMode;
            preemphasis = s.preemphasis;
            removeDcOffset = s.removeDcOffset;
            spectrum = s.spectrum;
            power = s.power;
            melOn = s.mel != null;
            if (s.mel != null) {
                nMels = s.mel.nMels();
                fminHz = s.mel.fminHz();
                fmaxHz = s.mel.fmaxHz();
                melScale = s.mel.scale();
                melNorm = s.mel.norm();
            }
            log = s.log;
            mfcc = s.mfcc;
            deltaOrder = s.deltaOrder;
            deltaWidth = s.deltaWidth;
            dropLastFrames = s.dropLastFrames;
            deterministic = s.deterministic;
        }

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

        /** Output the windowed frames; removes mel, log and MFCC stages. */
        public Builder frames() {
            this.spectrum = SpectrumKind.FRAMES;
            return noMel().noLog();
        }

        /** Output the complex spectrum; removes mel, log and MFCC stages. */
        public Builder complex() {
            this.spectrum = SpectrumKind.COMPLEX;
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

        /** A mel stage with {@code n} filters (keeps fmin, fmax, scale and norm). */
        public Builder mel(int n) {
            this.melOn = true;
            this.nMels = n;
            return this;
        }

        /** A mel stage exactly as given. */
        public Builder mel(MelOptions m) {
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
            this.mfcc = null;
            return this;
        }

        /** The log stage, or null for none. */
        public Builder log(LogScale l) {
            this.log = l;
            return this;
        }

        /** No log stage; also drops MFCC. */
        public Builder noLog() {
            this.log = null;
            this.mfcc = null;
            return this;
        }

        /** MFCCs (needs mel and log stages; if no log stage is set, librosa's dB with top 80 is used). */
        public Builder mfcc(int nMfcc, double lifter) {
            this.mfcc = new MfccOptions(nMfcc, lifter);
            if (log == null) {
                log = LogScale.Db.librosa();
            }
            return this;
        }

        /** No MFCC stage. */
        public Builder noMfcc() {
            this.mfcc = null;
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

        /** Frames dropped from the end of each clip. */
        public Builder dropLastFrames(int n) {
            this.dropLastFrames = n;
            return this;
        }

        /** Ask for bit-identical results across backends. */
        public Builder deterministic(boolean on) {
            this.deterministic = on;
            return this;
        }

        /** Validates and builds the spec. */
        public SpectrogramSpec build() {
            int win = winLength == null ? nFft : winLength;
            int hop = hopLength == null ? Math.max(1, win / 4) : hopLength;
            MelOptions m = melOn && spectrum == SpectrumKind.POWER
                    ? new MelOptions(nMels, fminHz, fmaxHz, melScale, melNorm)
                    : null;
            return new SpectrogramSpec(
                    sampleRateHz,
                    nFft,
                    win,
                    hop,
                    window,
                    center,
                    padMode,
                    frameMode,
                    preemphasis,
                    removeDcOffset,
                    spectrum,
                    power,
                    m,
                    spectrum == SpectrumKind.POWER ? log : null,
                    spectrum == SpectrumKind.POWER ? mfcc : null,
                    deltaOrder,
                    deltaWidth,
                    dropLastFrames,
                    deterministic);
        }
    }
}
