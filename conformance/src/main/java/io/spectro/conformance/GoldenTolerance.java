package io.spectro.conformance;

import io.spectro.LogScale;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.dsp.Dct;
import io.spectro.dsp.MelFilterbank;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;

/**
 * A bound for every value of a float32 result against its float64 golden reference, propagated stage by stage from
 * one error model, and why.
 *
 * <p><b>The model.</b> Every stage before the log is either exact to rounding or linear in the FFT output, whose
 * float32 error is, per bin, at most {@value #FFT_REL} times the L2 norm of the frame's whole spectrum (the absolute
 * error of a float32 FFT is spread over the bins and relative to the frame's energy: its relative L2 error is about
 * {@code 2^-24 sqrt(log2 n)}, measured at most 3e-7 on the CPU, Bluestein sizes included; a per-bin bound by the
 * whole L2 error is loose by a further {@code sqrt(nFft)} for typical bins). The magnitudes {@code |X_k|} that the
 * bound needs are taken from {@link ReferencePipeline} run on the same clip with the spectrum stage set to COMPLEX
 * (the bound only needs their size, not their last bits; the golden output itself has lost them behind the log).
 * From there, with {@code e} the frame's per-bin FFT bound and {@code a = |X_k|}:
 *
 * <ul>
 *   <li><b>Power {@code |X|^p}</b>: {@code (a + 2e)^p - a^p} for {@code p >= 1} (convexity; {@code 2e} because the
 *       reference's own magnitudes carry the same error), {@code min(e^p, p (a - 2e)^(p-1) e)} for {@code p < 1}.
 *   <li><b>Mel</b>: the weighted sum of the bins' bounds, plus the rounding of the sum ({@code (len + 4) 2^-24} of
 *       the value).
 *   <li><b>Linear outputs</b> (FRAMES, COMPLEX, power, mel power): that bound, per value.
 *   <li><b>Log outputs</b> (dB, ln, log10): the exact image of the linear interval {@code [u - 2du, u + 2du]} under
 *       the log with its floor ({@code amin}, {@code ln floor} or offset): tight (about {@code du / u}) for values
 *       well above the floor, and never wider than the distance from the value down to the floor, so a value that is
 *       indistinguishable from zero is compared with the floor itself.
 *   <li><b>Clamps relative to the clip maximum</b> (top-dB, Whisper's {@code max - 8}): interval arithmetic on {@code
 *       max(y, max(y) - R)}. Clamped values must then agree with the clamp to within the error of the clip maximum
 *       (about 1e-6 relative), which is how Whisper's clamp region is checked.
 *   <li><b>Affine map, MFCC, deltas</b>: linear, so the widths propagate through {@code |scale|}, {@code |lifter_q|
 *       sum_m |D[q][m]|} and {@code sum_k k (.) / denom}.
 *   <li><b>Rounding</b>: {@value #ULPS} ulps of the largest intermediate of each value (the log's own error is under
 *       1 ulp in DetMath) plus {@value #ULPS} ulps of the golden value (rounded once from float64).
 * </ul>
 *
 * <p>{@link Verdict#coverage()} is the largest bound of a block of the output (base block or a delta block) divided by
 * the range of the golden values of that block: below 1, every value is compared against a bound smaller than the
 * output's range. The conformance suite requires it.
 */
public final class GoldenTolerance {
    /** Per-bin error of the float32 FFT relative to the L2 norm of the frame's whole spectrum. */
    public static final double FFT_REL = 1e-6;
    /** Rounding slack in units in the last place, of each value's largest intermediate and of the golden value. */
    public static final int ULPS = 4;

    private static final double U = 0x1p-24;

    private GoldenTolerance() {}

    /**
     * The outcome of one comparison.
     *
     * @param criterion which bounds applied (for the report)
     * @param maxAbs largest absolute difference over the whole output
     * @param relL2 {@code ||actual - expected|| / ||expected||} over the whole output
     * @param worst the largest ratio of a measured error to its bound: the comparison passes when {@code <= 1}
     * @param where where {@code worst} was found
     * @param coverage the largest bound of a block divided by the range of that block's golden values ({@code < 1}:
     *     every value is compared against a bound smaller than its range)
     * @param loosest where the bound relative to the range is largest
     */
    public record Verdict(
            String criterion,
            double maxAbs,
            double relL2,
            double worst,
            String where,
            double coverage,
            String loosest) {
        /** Whether every bound holds. */
        public boolean ok() {
            return worst <= 1.0;
        }

        /** Whether every bound is smaller than the range of the golden values of its block. */
        public boolean tight() {
            return coverage < 1.0;
        }
    }

    /**
     * Compares one clip's output with its golden reference. {@code samples} is the clip's input (the bounds depend on
     * its spectrum); {@code actual} and {@code expected} have {@code spec.outputFloats(spec.frameCount(len))} values.
     */
    public static Verdict check(SpectrogramSpec spec, float[] samples, float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(actual.length + " values but the golden has " + expected.length);
        }
        int frames = spec.frameCount(samples.length);
        double[] tol = bounds(spec, samples, expected);
        double maxAbs = 0;
        double num = 0;
        double den = 0;
        double worst = 0;
        String where = "";
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - expected[i];
            double ad = Math.abs(d);
            boolean same = Float.floatToRawIntBits(actual[i]) == Float.floatToRawIntBits(expected[i]);
            if (!same) {
                maxAbs = Double.isNaN(ad) ? Double.NaN : Double.isNaN(maxAbs) ? maxAbs : Math.max(maxAbs, ad);
                num += Double.isFinite(d) ? d * d : 0;
            }
            den += Double.isFinite(expected[i]) ? (double) expected[i] * expected[i] : 0;
            double r = same ? 0 : Double.isNaN(ad) ? Double.POSITIVE_INFINITY : ad / tol[i];
            if (r > worst || Double.isNaN(r)) {
                worst = Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
                where = locate(spec, frames, i) + ": got " + actual[i] + ", golden " + expected[i] + ", bound "
                        + (float) tol[i];
            }
        }
        double relL2 = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        double[] cov = coverage(spec, frames, expected, tol);
        return new Verdict(
                criterion(spec),
                maxAbs,
                relL2,
                worst,
                where,
                cov[0],
                locate(spec, frames, (int) cov[1]) + ": bound " + (float) cov[2] + ", block range " + (float) cov[3]);
    }

    /**
     * The bound of every value of one clip's output: {@code |actual[i] - expected[i]|} must not exceed {@code
     * bounds[i]}.
     */
    public static double[] bounds(SpectrogramSpec spec, float[] samples, float[] expected) {
        int frames = spec.frameCount(samples.length);
        if (expected.length != spec.outputFloats(frames)) {
            throw new IllegalArgumentException(
                    "the golden has " + expected.length + " values, the spec gives " + spec.outputFloats(frames));
        }
        double[] tol = new double[expected.length];
        if (frames == 0) {
            return tol;
        }
        if (spec.spectrum() == SpectrumKind.FRAMES) {
            framesBounds(spec.nFft(), frames, expected, tol);
            return tol;
        }
        double[] mag = magnitudes(spec, samples, frames);
        double[] eps = binErrors(spec.nFreq(), frames, mag);
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            for (int k = 0; k < spec.nFreq(); k++) {
                for (int t = 0; t < frames; t++) {
                    int i = (k * frames + t) * 2;
                    tol[i] = eps[t] + ULPS * ulp(expected[i]);
                    tol[i + 1] = eps[t] + ULPS * ulp(expected[i + 1]);
                }
            }
            return tol;
        }
        int rows = spec.mel() != null ? spec.mel().nMels() : spec.nFreq();
        double[] u = new double[rows * frames];
        double[] du = new double[rows * frames];
        linear(spec, frames, mag, eps, u, du);
        int n = rows * frames;
        if (spec.log() == null) {
            for (int i = 0; i < n; i++) {
                tol[i] = du[i] + ULPS * ulp(expected[i]);
            }
        } else {
            double[] lo = new double[n];
            double[] hi = new double[n];
            double[] slack = new double[n];
            logIntervals(spec.log(), u, du, lo, hi, slack);
            if (spec.mfcc() == null) {
                for (int i = 0; i < n; i++) {
                    tol[i] = hi[i] - lo[i] + slack[i] + ULPS * ulp(expected[i]);
                }
            } else {
                mfccBounds(spec, frames, lo, hi, slack, expected, tol);
            }
        }
        int base = spec.baseFeatureCount();
        int half = (spec.deltaWidth() - 1) / 2;
        double denom = half * (half + 1) * (2 * half + 1) / 3.0;
        for (int k = 1; k <= spec.deltaOrder(); k++) {
            deltaBounds(base, frames, half, denom, expected, (k - 1) * base * frames, tol, k * base * frames);
        }
        return tol;
    }

    /** A one-line description of the bounds used for {@code spec}. */
    static String criterion(SpectrogramSpec spec) {
        String stage = switch (spec.spectrum()) {
            case FRAMES -> "frames";
            case COMPLEX -> "complex";
            case POWER -> spec.log() == null ? "linear" : spec.log().getClass().getSimpleName();
        };
        if (spec.log() != null && spec.log().needsClipMax()) {
            stage += "+clamp";
        }
        if (spec.mfcc() != null) {
            stage += "+mfcc";
        }
        if (spec.deltaOrder() > 0) {
            stage += "+delta" + spec.deltaOrder();
        }
        return "per value (" + stage + "): FFT " + FFT_REL + " of frame norm, propagated";
    }

    /** {magnitude [nFreq][frames]} of the clip's one-sided spectrum, from the reference pipeline in COMPLEX mode. */
    private static double[] magnitudes(SpectrogramSpec spec, float[] samples, int frames) {
        SpectrogramSpec complex = spec.toBuilder()
                .noMfcc()
                .noLog()
                .noMel()
                .deltas(0)
                .complex()
                .deterministic(true)
                .build();
        float[] out = new float[(int) complex.outputFloats(frames)];
        ReferencePipeline.compute(SpecTables.of(complex), samples, samples.length, out);
        int nFreq = spec.nFreq();
        double[] mag = new double[nFreq * frames];
        for (int i = 0; i < mag.length; i++) {
            mag[i] = Math.hypot(out[2 * i], out[2 * i + 1]);
        }
        return mag;
    }

    /** Per frame: {@link #FFT_REL} times the L2 norm of the whole two-sided spectrum (twice the one-sided energy). */
    private static double[] binErrors(int nFreq, int frames, double[] mag) {
        double[] eps = new double[frames];
        for (int t = 0; t < frames; t++) {
            double e = 0;
            for (int k = 0; k < nFreq; k++) {
                double a = mag[k * frames + t];
                e += a * a;
            }
            eps[t] = FFT_REL * Math.sqrt(2 * e);
        }
        return eps;
    }

    /** The linear features {@code u} (power or mel power, {@code [rows][frames]}) and their bounds {@code du}. */
    private static void linear(SpectrogramSpec spec, int frames, double[] mag, double[] eps, double[] u, double[] du) {
        int nFreq = spec.nFreq();
        double p = spec.power();
        double[] pw = new double[nFreq * frames];
        double[] pe = new double[nFreq * frames];
        for (int k = 0; k < nFreq; k++) {
            for (int t = 0; t < frames; t++) {
                int i = k * frames + t;
                double a = mag[i];
                double e = eps[t];
                pw[i] = Math.pow(a, p);
                double err;
                if (p >= 1) {
                    err = Math.pow(a + 2 * e, p) - pw[i];
                } else {
                    err = Math.pow(e, p);
                    if (a > 2 * e) {
                        err = Math.min(err, p * Math.pow(a - 2 * e, p - 1) * e);
                    }
                }
                pe[i] = err + ULPS * U * pw[i];
            }
        }
        if (spec.mel() == null) {
            System.arraycopy(pw, 0, u, 0, pw.length);
            System.arraycopy(pe, 0, du, 0, pe.length);
            return;
        }
        MelFilterbank mel = SpecTables.of(spec).mel();
        float[] w = mel.weights();
        for (int m = 0; m < mel.nMels(); m++) {
            int start = mel.start(m);
            int off = mel.offset(m);
            int len = mel.length(m);
            for (int t = 0; t < frames; t++) {
                double acc = 0;
                double err = 0;
                for (int j = 0; j < len; j++) {
                    double wj = Math.abs(w[off + j]);
                    acc += wj * pw[(start + j) * frames + t];
                    err += wj * pe[(start + j) * frames + t];
                }
                u[m * frames + t] = acc;
                du[m * frames + t] = err + (len + ULPS) * U * acc;
            }
        }
    }

    /**
     * The interval {@code [lo, hi]} holding both the golden and the computed log value of each feature, after the
     * clip-level clamp and the affine map; {@code slack} is the rounding of each value's intermediates.
     */
    private static void logIntervals(LogScale log, double[] u, double[] du, double[] lo, double[] hi, double[] slack) {
        int n = u.length;
        double range = Double.NaN;
        double add = 0;
        double scale = 1;
        double offset = 0;
        switch (log) {
            case LogScale.Db db -> {
                range = db.hasTopDb() ? db.topDb() : Double.NaN;
                offset = db.multiplier() * Math.log10(Math.max(db.ref(), db.amin()));
            }
            case LogScale.Ln ln -> {}
            case LogScale.Log10 l -> {
                range = l.hasClamp() ? l.clampRange() : Double.NaN;
                add = l.add();
                scale = l.scale();
            }
        }
        for (int i = 0; i < n; i++) {
            double a = frameLog(log, Math.max(u[i] - 2 * du[i], 0));
            double b = frameLog(log, u[i] + 2 * du[i]);
            lo[i] = Math.min(a, b);
            hi[i] = Math.max(a, b);
            slack[i] = ULPS * (ulp(lo[i]) + ulp(hi[i]) + ulp(offset));
        }
        if (!Double.isNaN(range)) {
            double maxLo = Double.NEGATIVE_INFINITY;
            double maxHi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                maxLo = Math.max(maxLo, lo[i]);
                maxHi = Math.max(maxHi, hi[i]);
            }
            for (int i = 0; i < n; i++) {
                lo[i] = Math.max(lo[i], maxLo - range);
                hi[i] = Math.max(hi[i], maxHi - range);
                slack[i] += ULPS * ulp(maxHi);
            }
        }
        if (add != 0 || scale != 1) {
            for (int i = 0; i < n; i++) {
                double a = (lo[i] + add) * scale;
                double b = (hi[i] + add) * scale;
                lo[i] = Math.min(a, b);
                hi[i] = Math.max(a, b);
                slack[i] = (slack[i] + ULPS * ulp(Math.max(Math.abs(lo[i]), Math.abs(hi[i])) / Math.abs(scale)))
                        * Math.abs(scale);
            }
        }
    }

    /** The per-frame log of a linear value, in double (before the clip-level clamp). */
    private static double frameLog(LogScale log, double u) {
        return switch (log) {
            case LogScale.Db db ->
                db.multiplier() * Math.log10(Math.max(u, db.amin()))
                        - db.multiplier() * Math.log10(Math.max(db.ref(), db.amin()));
            case LogScale.Ln ln -> Math.log(Math.max(u + ln.offset(), ln.floor()));
            case LogScale.Log10 l -> Math.log10(Math.max(u, l.amin()));
        };
    }

    /**
     * MFCC {@code c_q = lifter_q sum_m D[q][m] y_m}: the widths of the log values propagate through {@code |lifter_q|
     * sum_m |D[q][m]| (hi_m - lo_m)}, plus the rounding of the sum.
     */
    private static void mfccBounds(
            SpectrogramSpec spec, int frames, double[] lo, double[] hi, double[] slack, float[] y, double[] tol) {
        int nMfcc = spec.mfcc().nMfcc();
        int nMels = spec.mel().nMels();
        float[] d = Dct.orthoMatrix(nMfcc, nMels);
        float[] lifter = Dct.lifter(nMfcc, spec.mfcc().lifter());
        for (int q = 0; q < nMfcc; q++) {
            for (int t = 0; t < frames; t++) {
                double width = 0;
                double size = 0;
                for (int m = 0; m < nMels; m++) {
                    int i = m * frames + t;
                    double dq = Math.abs(d[q * nMels + m]);
                    width += dq * (hi[i] - lo[i] + slack[i]);
                    size += dq * Math.max(Math.abs(lo[i]), Math.abs(hi[i]));
                }
                tol[q * frames + t] =
                        Math.abs(lifter[q]) * (width + (nMels + ULPS) * U * size) + ULPS * ulp(y[q * frames + t]);
            }
        }
    }

    /**
     * Deltas {@code d_t = sum_k k (y[t+k] - y[t-k]) / denom} are linear: the bound of a delta is the same sum over the
     * bounds of its inputs, plus the rounding of the sum ({@link #ULPS} N ulps of the row's largest input).
     */
    private static void deltaBounds(
            int rows, int frames, int half, double denom, float[] y, int srcOff, double[] tol, int dstOff) {
        for (int r = 0; r < rows; r++) {
            int row = srcOff + r * frames;
            double big = 0;
            for (int t = 0; t < frames; t++) {
                big = Math.max(big, Math.abs(y[row + t]));
            }
            for (int t = 0; t < frames; t++) {
                double b = 0;
                for (int k = 1; k <= half; k++) {
                    b += k * (tol[row + Math.min(t + k, frames - 1)] + tol[row + Math.max(t - k, 0)]);
                }
                tol[dstOff + r * frames + t] = b / denom + ULPS * half * ulp(big);
            }
        }
    }

    /** FRAMES: the framing's rounding relative to the frame's L2 norm (the golden frames are exact). */
    private static void framesBounds(int nFft, int frames, float[] v, double[] tol) {
        for (int t = 0; t < frames; t++) {
            double e = 0;
            for (int i = 0; i < nFft; i++) {
                double x = v[i * frames + t];
                e += x * x;
            }
            double eps = FFT_REL * Math.sqrt(e);
            for (int i = 0; i < nFft; i++) {
                tol[i * frames + t] = eps + ULPS * ulp(v[i * frames + t]);
            }
        }
    }

    /**
     * {worst bound / block range, index of it, that bound, that range} over the base block and each delta block; the
     * range is that of the golden values of the block.
     */
    private static double[] coverage(SpectrogramSpec spec, int frames, float[] y, double[] tol) {
        int block = spec.baseFeatureCount() * frames * spec.valuesPerFeature();
        double[] out = {0, 0, 0, 0};
        if (block == 0) {
            return out;
        }
        for (int b = 0; b * block < y.length; b++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int loosest = b * block;
            for (int i = b * block; i < (b + 1) * block; i++) {
                min = Math.min(min, y[i]);
                max = Math.max(max, y[i]);
                if (tol[i] > tol[loosest] || Double.isNaN(tol[i])) {
                    loosest = i;
                }
            }
            double range = max - min;
            double r = tol[loosest] == 0 ? 0 : range > 0 ? tol[loosest] / range : Double.POSITIVE_INFINITY;
            if (Double.isNaN(r)) {
                r = Double.POSITIVE_INFINITY;
            }
            if (r > out[0] || b == 0) {
                out[0] = r;
                out[1] = loosest;
                out[2] = tol[loosest];
                out[3] = range;
            }
        }
        return out;
    }

    private static String locate(SpectrogramSpec spec, int frames, int i) {
        int per = spec.valuesPerFeature();
        int block = spec.baseFeatureCount() * frames * per;
        if (block == 0) {
            return "value " + i;
        }
        int b = i / block;
        int rem = i % block / per;
        return (b == 0 ? "" : "delta" + b + " ") + "row " + rem / frames + " frame " + rem % frames
                + (per == 2 ? (i % 2 == 0 ? " re" : " im") : "");
    }

    private static double ulp(double v) {
        return Double.isFinite(v) ? Math.ulp((float) Math.abs(v)) : 0;
    }
}
