package io.spectro.dsp;

import io.spectro.FrameMode;
import io.spectro.PadMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;

/**
 * The scalar, executable definition of every stage, one clip at a time. Deterministic mode promises that every
 * backend produces exactly these bits. It is simple rather than fast: backends reorganise the work (SIMD lanes across
 * frames, device work-items) but never the floating-point operations of one output value.
 *
 * <p>Stages and their exact float operations:
 *
 * <ol>
 *   <li>Frame {@code t} (TORCH): for {@code i < nFft}, source index {@code j = t*hop - pad + i}, mapped into the clip by
 *       the pad mode (REFLECT: {@code -j} or {@code 2(len-1) - j}; EDGE: clamped; CONSTANT: value 0); sample {@code y =
 *       x[j]}, or with pre-emphasis {@code c}: {@code x[0]} at {@code j = 0}, else {@code x[j] - c*x[j-1]}; value {@code
 *       y * w[i]}. KALDI: {@code L = winLength}, {@code s = t*hop}; with DC removal {@code mean = (sum_i x[s+i]) / L}
 *       (sequential sum from 0) and {@code d[i] = x[s+i] - mean}, else {@code d[i] = x[s+i]}; with pre-emphasis {@code
 *       p[i] = d[i] - c*d[max(i-1, 0)]}, else {@code p[i] = d[i]}; value {@code p[i] * w[i]} for {@code i < L}, 0
 *       above.
 *   <li>Spectrum: {@link ReferenceFft#realForward}; POWER: {@code P = re*re + im*im}, then {@code P} (power 2), {@code
 *       sqrt(P)} correctly rounded (power 1) or {@link DetMath#pow}{@code (P, power/2)}.
 *   <li>Mel: {@code acc = 0; acc = acc + w[j] * S[start + j]} over the band in ascending order.
 *   <li>Log per value: DB {@code a * log10(max(x, amin)) - c}; LN {@code log(max(x + offset, floor))}; LOG10 {@code
 *       log10(max(x, amin))}, with {@link DetMath} and {@code max(a, b) = a > b ? a : b}.
 *   <li>Clip maximum {@code m} (when clamping): {@code max} over all values of the clip, from {@code -inf}; then
 *       {@code y = max(y, m - range)}; LOG10 affine {@code (y + add) * scale}.
 *   <li>MFCC: {@code acc = 0; acc = acc + D[q][m] * y[m]} over {@code m} ascending, then {@code acc * lifter[q]} when
 *       the lifter is on.
 *   <li>Deltas: {@code acc = 0; acc = acc + k * (x[min(t+k, T-1)] - x[max(t-k, 0)])} for {@code k = 1..N}, then {@code
 *       acc / denominator}; order 2 applies the same to the deltas.
 * </ol>
 */
public final class ReferencePipeline {
    private ReferencePipeline() {}

    /** {@code a > b ? a : b}: the max used by every stage (NaN in {@code a} yields {@code b}). */
    public static float max(float a, float b) {
        return a > b ? a : b;
    }

    /** The value of padded sample {@code j} (may be outside the clip) for TORCH framing, pre-emphasis applied. */
    static float torchSample(float[] x, int len, long j, PadMode mode, float preemph) {
        long jj = j;
        if (j < 0 || j >= len) {
            switch (mode) {
                case CONSTANT -> {
                    return 0.0f;
                }
                case REFLECT -> jj = j < 0 ? -j : 2L * (len - 1) - j;
                case EDGE -> jj = j < 0 ? 0 : len - 1;
            }
        }
        int k = (int) jj;
        if (preemph == 0.0f) {
            return x[k];
        }
        return k == 0 ? x[0] : x[k] - preemph * x[k - 1];
    }

    /** Writes frame {@code t} of the clip {@code x[0, len)} (windowed, {@code nFft} values) into {@code v}. */
    public static void frame(SpecTables tables, float[] x, int len, int t, float[] v) {
        SpectrogramSpec spec = tables.spec();
        float[] w = tables.frameWindow();
        int nFft = spec.nFft();
        float c = tables.preemphasis();
        if (spec.frameMode() == FrameMode.TORCH) {
            long start = (long) t * spec.hopLength() - spec.padding();
            for (int i = 0; i < nFft; i++) {
                v[i] = torchSample(x, len, start + i, spec.padMode(), c) * w[i];
            }
            return;
        }
        int s = t * spec.hopLength();
        int l = spec.winLength();
        float mean = 0.0f;
        boolean dc = spec.removeDcOffset();
        if (dc) {
            float sum = 0.0f;
            for (int i = 0; i < l; i++) {
                sum = sum + x[s + i];
            }
            mean = sum / (float) l;
        }
        for (int i = 0; i < l; i++) {
            float d = dc ? x[s + i] - mean : x[s + i];
            float p = d;
            if (c != 0.0f) {
                int ip = i == 0 ? 0 : i - 1;
                float dPrev = dc ? x[s + ip] - mean : x[s + ip];
                p = d - c * dPrev;
            }
            v[i] = p * w[i];
        }
        for (int i = l; i < nFft; i++) {
            v[i] = 0.0f;
        }
    }

    /** The power-stage value for one bin: {@code P}, {@code sqrt(P)} or {@code pow(P, power/2)}. */
    public static float power(float re, float im, float powerHalf) {
        float p = re * re + im * im;
        if (powerHalf == 1.0f) {
            return p;
        }
        if (powerHalf == 0.5f) {
            return (float) Math.sqrt(p);
        }
        return DetMath.pow(p, powerHalf);
    }

    /** The frame-level log value (before any clip-level clamp). */
    public static float log(SpecTables t, float x) {
        return switch (t.logKind()) {
            case DB -> t.logA() * DetMath.log10(max(x, t.logB())) - t.logC();
            case LN -> DetMath.log(max(x + t.logA(), t.logB()));
            case LOG10 -> DetMath.log10(max(x, t.logB()));
            case NONE -> x;
        };
    }

    /**
     * Computes one clip: {@code x[0, len)} into {@code out} ({@code spec.outputFloats(frames)} floats, layout {@code
     * [features][frames]} or {@code [nFreq][frames][2]}), with {@code frames = spec.frameCount(len)}.
     */
    public static void compute(SpecTables tables, float[] x, int len, float[] out) {
        SpectrogramSpec spec = tables.spec();
        int frames = spec.frameCount(len);
        int nFft = spec.nFft();
        int nFreq = spec.nFreq();
        float[] v = new float[nFft];
        float[] spectrum = new float[2 * nFreq];
        float[] power = new float[nFreq];
        int f1 = tables.frameFeatures();
        boolean complex = spec.spectrum() == SpectrumKind.COMPLEX;
        float[] clip = spec.mfcc() == null && spec.deltaOrder() == 0 ? out : new float[f1 * frames];
        MelFilterbank mel = tables.mel();
        float[] melW = mel == null ? null : mel.weights();
        for (int t = 0; t < frames; t++) {
            frame(tables, x, len, t, v);
            if (spec.spectrum() == SpectrumKind.FRAMES) {
                for (int i = 0; i < nFft; i++) {
                    clip[i * frames + t] = v[i];
                }
                continue;
            }
            ReferenceFft.realForward(tables.fft(), v, spectrum);
            if (complex) {
                for (int k = 0; k < nFreq; k++) {
                    clip[(k * frames + t) * 2] = spectrum[2 * k];
                    clip[(k * frames + t) * 2 + 1] = spectrum[2 * k + 1];
                }
                continue;
            }
            for (int k = 0; k < nFreq; k++) {
                power[k] = power(spectrum[2 * k], spectrum[2 * k + 1], tables.powerHalf());
            }
            if (mel == null) {
                for (int k = 0; k < nFreq; k++) {
                    clip[k * frames + t] = log(tables, power[k]);
                }
            } else {
                for (int m = 0; m < mel.nMels(); m++) {
                    float acc = 0.0f;
                    int start = mel.start(m);
                    int off = mel.offset(m);
                    for (int j = 0; j < mel.length(m); j++) {
                        acc = acc + melW[off + j] * power[start + j];
                    }
                    clip[m * frames + t] = log(tables, acc);
                }
            }
        }
        if (complex || spec.spectrum() == SpectrumKind.FRAMES) {
            return;
        }
        ClipStages.of(tables).applyWhole(clip, frames, out);
    }
}
