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
 *   <li>Input: {@code s[i] = x[i] * scale} (skipped when the scale is 1) for {@code i < min(len, L)}, and {@code s[i]
 *       = 0} for {@code len <= i < L}, where {@code L} is the fixed sample count (or {@code len}); the stages below
 *       read {@code s} as the clip.
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
 *   <li>Normalisation of the {@code rows x T} block before deltas: {@code y = (x - mean) / den}. FIXED: {@code mean} and
 *       {@code den = std} are the constants. Otherwise a group is one row (PER_FEATURE) or the whole block
 *       (PER_UTTERANCE) of {@code n} values; {@link #sum8} sums a row; a block's sum is {@code ((r_0 + r_1) + r_2) +
 *       ...} over its rows' sums; {@code mean = S / (float) n}; {@code Q} sums {@code d * d} with {@code d = x - mean}
 *       the same way; {@code std = sqrt(Q / (float) (n - b))} correctly rounded, with {@code b = 1} for Bessel's
 *       correction (else 0), or 0 when {@code n - b <= 0}; {@code den = std + epsilon}.
 *   <li>Deltas: {@code acc = 0; acc = acc + k * (x[min(t+k, T-1)] - x[max(t-k, 0)])} for {@code k = 1..N}, then {@code
 *       acc / denominator}; order 2 applies the same to the deltas.
 *   <li>Fixed frame count {@code N}: each row keeps its first {@code min(N, T)} values, then {@code N - T} copies of the
 *       pad value (as float) when {@code T < N}.
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
    public static void compute(SpecTables tables, float[] clipSamples, int clipLength, float[] out) {
        SpectrogramSpec spec = tables.spec();
        float[] x = input(tables, clipSamples, clipLength);
        int len = (int) spec.framedSamples(clipLength);
        int frames = spec.computedFrameCount(clipLength);
        boolean fit = tables.fitsFrames();
        float[] result = fit ? new float[(int) spec.outputFloats(frames)] : out;
        int nFft = spec.nFft();
        int nFreq = spec.nFreq();
        float[] v = new float[nFft];
        float[] spectrum = new float[2 * nFreq];
        float[] power = new float[nFreq];
        int f1 = tables.frameFeatures();
        boolean complex = spec.spectrum() == SpectrumKind.COMPLEX;
        float[] clip = spec.mfcc() == null && spec.deltaOrder() == 0 ? result : new float[f1 * frames];
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
        int n = f1 * frames;
        if (tables.clipMax()) {
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                mx = max(clip[i], mx);
            }
            float floor = mx - tables.clampRange();
            for (int i = 0; i < n; i++) {
                clip[i] = max(clip[i], floor);
            }
        }
        if (tables.affine()) {
            for (int i = 0; i < n; i++) {
                clip[i] = (clip[i] + tables.affineAdd()) * tables.affineScale();
            }
        }
        float[] base = clip;
        int fb = f1;
        if (spec.mfcc() != null) {
            int nMfcc = spec.mfcc().nMfcc();
            int nMels = f1;
            float[] d = tables.dct();
            float[] lift = tables.lifter();
            float[] target = spec.deltaOrder() == 0 ? result : new float[nMfcc * frames];
            for (int t = 0; t < frames; t++) {
                for (int q = 0; q < nMfcc; q++) {
                    float acc = 0.0f;
                    for (int m = 0; m < nMels; m++) {
                        acc = acc + d[q * nMels + m] * clip[m * frames + t];
                    }
                    target[q * frames + t] = lift == null ? acc : acc * lift[q];
                }
            }
            base = target;
            fb = nMfcc;
        }
        if (tables.normKind() != SpecTables.NormKind.NONE) {
            normalize(tables, base, fb, frames);
        }
        if (spec.deltaOrder() > 0) {
            System.arraycopy(base, 0, result, 0, fb * frames);
            for (int order = 1; order <= spec.deltaOrder(); order++) {
                deltas(tables, result, (order - 1) * fb * frames, result, order * fb * frames, fb, frames);
            }
        }
        if (fit) {
            FrameFit.rows(
                    result, spec.featureCount(), frames, out, spec.fixedLength().frames(), tables.framePad());
        }
    }

    /**
     * The input stage: {@code x[0, len)} scaled and padded with zeros or trimmed to the fixed sample count; {@code x}
     * itself when neither applies.
     */
    public static float[] input(SpecTables tables, float[] x, int len) {
        int n = (int) tables.spec().framedSamples(len);
        float scale = tables.inputScale();
        if (n == len && scale == 1.0f && x.length == len) {
            return x;
        }
        float[] s = new float[n];
        int m = Math.min(n, len);
        if (scale == 1.0f) {
            System.arraycopy(x, 0, s, 0, m);
        } else {
            for (int i = 0; i < m; i++) {
                s[i] = x[i] * scale;
            }
        }
        return s;
    }

    /**
     * The sum of {@code a[off, off + n)} in 8 interleaved partial sums, {@code p[k] = p[k] + a[off + t]} with {@code k =
     * t mod 8} from 0, combined as {@code ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))}: a fixed order every
     * backend can follow, shorter error chains than one running sum.
     */
    public static float sum8(float[] a, int off, int n) {
        float p0 = 0.0f;
        float p1 = 0.0f;
        float p2 = 0.0f;
        float p3 = 0.0f;
        float p4 = 0.0f;
        float p5 = 0.0f;
        float p6 = 0.0f;
        float p7 = 0.0f;
        int t = 0;
        for (; t + 8 <= n; t += 8) {
            int i = off + t;
            p0 = p0 + a[i];
            p1 = p1 + a[i + 1];
            p2 = p2 + a[i + 2];
            p3 = p3 + a[i + 3];
            p4 = p4 + a[i + 4];
            p5 = p5 + a[i + 5];
            p6 = p6 + a[i + 6];
            p7 = p7 + a[i + 7];
        }
        float[] tail = {p0, p1, p2, p3, p4, p5, p6, p7};
        for (int k = 0; t < n; t++, k++) {
            tail[k] = tail[k] + a[off + t];
        }
        return ((tail[0] + tail[1]) + (tail[2] + tail[3])) + ((tail[4] + tail[5]) + (tail[6] + tail[7]));
    }

    /** {@link #sum8} of {@code d * d} with {@code d = a[i] - mean} over {@code a[off, off + n)}. */
    public static float squares8(float[] a, int off, int n, float mean) {
        float[] p = new float[8];
        for (int t = 0; t < n; t++) {
            float d = a[off + t] - mean;
            p[t & 7] = p[t & 7] + d * d;
        }
        return ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
    }

    /**
     * The normalisation constants of the {@code rows x frames} block {@code a[0, rows * frames)}: for each row {@code
     * r}, {@code mean[r]} and {@code den[r]} such that the stage computes {@code (x - mean[r]) / den[r]}.
     */
    public static void normStats(SpecTables t, float[] a, int rows, int frames, float[] mean, float[] den) {
        switch (t.normKind()) {
            case NONE -> {
                java.util.Arrays.fill(mean, 0, rows, 0.0f);
                java.util.Arrays.fill(den, 0, rows, 1.0f);
            }
            case FIXED -> {
                java.util.Arrays.fill(mean, 0, rows, t.normA());
                java.util.Arrays.fill(den, 0, rows, t.normB());
            }
            case PER_FEATURE -> {
                for (int r = 0; r < rows; r++) {
                    float m = sum8(a, r * frames, frames) / (float) frames;
                    mean[r] = m;
                    den[r] = stdDen(t, squares8(a, r * frames, frames, m), frames);
                }
            }
            case PER_UTTERANCE -> {
                long n = (long) rows * frames;
                float s = 0.0f;
                for (int r = 0; r < rows; r++) {
                    s = s + sum8(a, r * frames, frames);
                }
                float m = s / (float) n;
                float q = 0.0f;
                for (int r = 0; r < rows; r++) {
                    q = q + squares8(a, r * frames, frames, m);
                }
                java.util.Arrays.fill(mean, 0, rows, m);
                java.util.Arrays.fill(den, 0, rows, stdDen(t, q, n));
            }
        }
    }

    /** {@code sqrt(q / (n - b)) + epsilon} (0 + epsilon when {@code n - b <= 0}). */
    private static float stdDen(SpecTables t, float q, long n) {
        long divisor = t.normBessel() ? n - 1 : n;
        float std = divisor > 0 ? (float) Math.sqrt(q / (float) divisor) : 0.0f;
        return std + t.normB();
    }

    /** The normalisation stage on {@code a[0, rows * frames)}, in place. */
    public static void normalize(SpecTables t, float[] a, int rows, int frames) {
        if (frames == 0) {
            return;
        }
        float[] mean = new float[rows];
        float[] den = new float[rows];
        normStats(t, a, rows, frames, mean, den);
        for (int r = 0; r < rows; r++) {
            float m = mean[r];
            float d = den[r];
            for (int i = r * frames; i < (r + 1) * frames; i++) {
                a[i] = (a[i] - m) / d;
            }
        }
    }

    /** Deltas of {@code rows x frames} values at {@code src[srcOff..]} into {@code dst[dstOff..]}. */
    public static void deltas(
            SpecTables tables, float[] src, int srcOff, float[] dst, int dstOff, int rows, int frames) {
        int half = tables.deltaHalfWidth();
        float denom = tables.deltaDenominator();
        for (int r = 0; r < rows; r++) {
            int row = srcOff + r * frames;
            for (int t = 0; t < frames; t++) {
                float acc = 0.0f;
                for (int k = 1; k <= half; k++) {
                    float a = src[row + Math.min(t + k, frames - 1)];
                    float b = src[row + Math.max(t - k, 0)];
                    acc = acc + (float) k * (a - b);
                }
                dst[dstOff + r * frames + t] = acc / denom;
            }
        }
    }
}
