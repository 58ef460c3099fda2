package io.spectro.dsp;

import io.spectro.LogScale;
import io.spectro.Normalization;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;

/**
 * Every host-computed table and float constant a backend needs for one spec, computed once (in double, rounded once
 * to float) and consumed as is by every backend: the frame window, the FFT plan, the mel bands, the DCT matrix and
 * lifter, the log-stage constants, the input scale and the normalisation and pad constants. Arrays returned here are shared: callers must not modify them.
 */
public final class SpecTables {
    private final SpectrogramSpec spec;
    private final float[] frameWindow;
    private final RealFftPlan fft;
    private final MelFilterbank mel;
    private final float[] dct;
    private final float[] lifter;
    private final float preemphasis;
    private final float powerHalf;
    private final LogKind logKind;
    private final float logA;
    private final float logB;
    private final float logC;
    private final float clampRange;
    private final boolean clipMax;
    private final float affineAdd;
    private final float affineScale;
    private final boolean affine;
    private final float deltaDenominator;
    private final float inputScale;
    private final NormKind normKind;
    private final float normA;
    private final float normB;
    private final boolean normBessel;
    private final float framePad;

    /** Which normalisation a spec applies; its constants are {@link #normA()} and {@link #normB()}. */
    public enum NormKind {
        /** None. */
        NONE,
        /** Per feature row over the clip's frames ({@link Normalization.PerFeature}). */
        PER_FEATURE,
        /** Over all values of the clip ({@link Normalization.PerUtterance}). */
        PER_UTTERANCE,
        /** Fixed mean and standard deviation ({@link Normalization.Fixed}). */
        FIXED
    }

    private SpecTables(SpectrogramSpec spec) {
        this.spec = spec;
        this.frameWindow = Windows.frameWindow(spec);
        this.fft = spec.spectrum() == SpectrumKind.FRAMES ? null : RealFftPlan.of(spec.nFft());
        this.mel = spec.mel() == null
                ? null
                : MelFilterbank.create(spec.sampleRateHz(), spec.nFft(), spec.mel(), spec.fmaxHz());
        if (spec.mfcc() != null) {
            this.dct = Dct.orthoMatrix(spec.mfcc().nMfcc(), spec.mel().nMels());
            this.lifter = spec.mfcc().lifter() > 0
                    ? Dct.lifter(spec.mfcc().nMfcc(), spec.mfcc().lifter())
                    : null;
        } else {
            this.dct = null;
            this.lifter = null;
        }
        this.preemphasis = (float) spec.preemphasis();
        this.powerHalf = (float) (spec.power() / 2.0);
        float a = 0;
        float b = 0;
        float c = 0;
        float range = 0;
        float add = 0;
        float scale = 1;
        LogScale log = spec.log();
        if (log != null) {
            switch (log) {
                case LogScale.Db db -> {
                    a = (float) db.multiplier();
                    b = (float) db.amin();
                    float ref = (float) db.ref();
                    c = a * DetMath.log10(ref > b ? ref : b);
                    range = db.hasTopDb() ? (float) db.topDb() : 0;
                }
                case LogScale.Ln ln -> {
                    a = (float) ln.offset();
                    b = (float) ln.floor();
                }
                case LogScale.Log10 l -> {
                    b = (float) l.amin();
                    range = l.hasClamp() ? (float) l.clampRange() : 0;
                    add = (float) l.add();
                    scale = (float) l.scale();
                }
            }
        }
        this.logKind = LogKind.of(log);
        this.logA = a;
        this.logB = b;
        this.logC = c;
        this.clampRange = range;
        this.clipMax = log != null && log.needsClipMax();
        this.affineAdd = add;
        this.affineScale = scale;
        this.affine = add != 0.0f || scale != 1.0f;
        int half = (spec.deltaWidth() - 1) / 2;
        this.deltaDenominator = (float) (half * (half + 1) * (2 * half + 1) / 3);
        this.inputScale = (float) spec.inputScale();
        Normalization n = spec.normalization();
        if (n == null) {
            normKind = NormKind.NONE;
            normA = 0;
            normB = 1;
            normBessel = false;
        } else {
            switch (n) {
                case Normalization.PerFeature p -> {
                    normKind = NormKind.PER_FEATURE;
                    normA = 0;
                    normB = (float) p.epsilon();
                    normBessel = p.bessel();
                }
                case Normalization.PerUtterance p -> {
                    normKind = NormKind.PER_UTTERANCE;
                    normA = 0;
                    normB = (float) p.epsilon();
                    normBessel = p.bessel();
                }
                case Normalization.Fixed f -> {
                    normKind = NormKind.FIXED;
                    normA = (float) f.mean();
                    normB = (float) f.std();
                    normBessel = false;
                }
            }
        }
        this.framePad = (float) spec.fixedLength().padValue();
    }

    /** Computes the tables for {@code spec}. */
    public static SpecTables of(SpectrogramSpec spec) {
        return new SpecTables(spec);
    }

    /** The spec these tables are for. */
    public SpectrogramSpec spec() {
        return spec;
    }

    /** The window over an {@code nFft} frame (centred for TORCH, at the start for KALDI), zeros elsewhere. */
    public float[] frameWindow() {
        return frameWindow;
    }

    /** The real FFT plan, or null for FRAMES output. */
    public RealFftPlan fft() {
        return fft;
    }

    /** The mel bands, or null. */
    public MelFilterbank mel() {
        return mel;
    }

    /** The DCT matrix {@code [nMfcc][nMels]}, or null. */
    public float[] dct() {
        return dct;
    }

    /** The lifter, or null when the lifter is off. */
    public float[] lifter() {
        return lifter;
    }

    /** Pre-emphasis coefficient as float (0 = off). */
    public float preemphasis() {
        return preemphasis;
    }

    /** {@code power / 2} as float: the exponent applied to {@code re^2 + im^2}. */
    public float powerHalf() {
        return powerHalf;
    }

    /** The per-value log stage. */
    public LogKind logKind() {
        return logKind;
    }

    /** DB: multiplier; LN: offset; else 0. */
    public float logA() {
        return logA;
    }

    /** DB and LOG10: amin; LN: floor. */
    public float logB() {
        return logB;
    }

    /** DB: {@code multiplier * log10(max(ref, amin))} (DetMath, float); else 0. */
    public float logC() {
        return logC;
    }

    /** Whether a clamp relative to the clip maximum follows the log. */
    public boolean clipMax() {
        return clipMax;
    }

    /** DB: topDb; LOG10: clampRange (as float). */
    public float clampRange() {
        return clampRange;
    }

    /** Whether the LOG10 affine map {@code (y + add) * scale} is applied. */
    public boolean affine() {
        return affine;
    }

    /** LOG10 add. */
    public float affineAdd() {
        return affineAdd;
    }

    /** LOG10 scale. */
    public float affineScale() {
        return affineScale;
    }

    /** Delta denominator {@code N(N+1)(2N+1)/3} with {@code N = (width-1)/2}. */
    public float deltaDenominator() {
        return deltaDenominator;
    }

    /** Half width {@code N} of the delta window. */
    public int deltaHalfWidth() {
        return (spec.deltaWidth() - 1) / 2;
    }

    /** The factor every sample is multiplied by first, as float (1 = none). */
    public float inputScale() {
        return inputScale;
    }

    /** The normalisation stage. */
    public NormKind normKind() {
        return normKind;
    }

    /** FIXED: the mean subtracted; else 0. */
    public float normA() {
        return normA;
    }

    /** FIXED: the standard deviation divided by; PER_FEATURE and PER_UTTERANCE: epsilon added to it; else 1. */
    public float normB() {
        return normB;
    }

    /** PER_FEATURE and PER_UTTERANCE: whether the variance divides by {@code n - 1} (else {@code n}). */
    public boolean normBessel() {
        return normBessel;
    }

    /** Value of frames appended by the pad-or-trim in frames, as float. */
    public float framePad() {
        return framePad;
    }

    /** Whether outputs are padded or trimmed in frames: the result of {@code T} frames then goes through {@link FrameFit}. */
    public boolean fitsFrames() {
        return spec.fixedLength().fixesFrames();
    }

    /** Features computed per frame before the clip-level stages: nFft, nFreq, or nMels. */
    public int frameFeatures() {
        if (mel != null) {
            return mel.nMels();
        }
        return spec.spectrum() == SpectrumKind.FRAMES ? spec.nFft() : spec.nFreq();
    }
}
