package io.spectro.conformance;

import io.spectro.LogScale;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.Dct;

/**
 * The tolerances of a float32 result against a float64 golden reference, stage by stage, and why.
 *
 * <p>Every criterion is an upper bound on the float32 error propagated through the stages (the golden values are
 * exact to float64 and rounded once, so the difference is Spectro's float32 error plus at most half an ulp):
 *
 * <ul>
 *   <li><b>Linear outputs</b> (FRAMES, COMPLEX, POWER of any exponent, mel power): relative L2 over the clip {@code
 *       <=} {@value #REL_L2}. A float32 FFT of length n has a relative L2 error of about {@code 2^-24 sqrt(log2 n)}
 *       (~1e-7 at n = 4096, Bluestein sizes alike); power doubles it, {@code |X|^p} multiplies it by {@code p}.
 *       Measured on the CPU: 0.8e-7 .. 2.3e-7, worst 5.9e-7 (nFft 61 on a 300-sample clip), so 1e-5 leaves a margin
 *       of 17 or more for backends with other FFT orderings.
 *   <li><b>dB</b>: {@code max |diff| <= }{@value #DB_MAX_ABS} dB over the bins within {@value #DB_WINDOW} dB of the
 *       clip maximum (bins further down are dominated by the absolute FFT error, which is relative to the frame's
 *       energy, and are not compared).
 *   <li><b>ln and log10</b>: per value, {@code |diff| <= s |scale| (RHO * V / u) + 4 ulp(y)} where {@code u} is the
 *       linear value the golden log came from (recovered by inverting the log and its affine map; for ln {@code
 *       max(x + offset, floor)}), {@code V} the largest such value of the clip, {@code s = 1} for ln and {@code
 *       1/ln 10} for log10. This is the first-order propagation {@code d log u = du / u} of a linear-domain error
 *       {@code |du| <= RHO V} (RHO = {@value #RHO}: the float32 error of a power or mel bin relative to the clip's
 *       largest bin, the per-element form of the 1e-5 relative L2 bound above), plus the rounding of the log itself
 *       ({@link io.spectro.dsp.DetMath}: under 1 ulp, plus the final affine map).
 *   <li><b>MFCC</b>: {@code c_q = lifter_q sum_m D[q][m] y_m} with an orthonormal DCT row {@code D[q]}, so {@code
 *       |dc_q| <= lifter_q ||D[q]||_1 max_m |dy_m|}. The dB values of a clip carry an absolute error of about {@code
 *       2^-24} times their range {@code R} for the strong bins and more for bands near the bottom of that range (the
 *       FFT's absolute error is relative to the frame's energy). The dB values are not in the golden output, so
 *       {@code R} is bounded from it: the largest |frame mean| ({@code |c_0| / (lifter_0 sqrt(nMels))}) plus the
 *       top-dB range (100 dB without one). We bound {@code max |dy_m|} by {@code MFCC_DB_REL * R} ({@value #MFCC_DB_REL}: ~1e-3 dB for R ~ 100
 *       dB, ten times below the dB criterion above, ~170 ulps of R) and get {@code |dc_q| <= lifter_q ||D[q]||_1
 *       MFCC_DB_REL R}. The CPU's measured worst is ~5% of this bound.
 *   <li><b>Deltas</b>: {@code d_t = sum_k k (y[t+k] - y[t-k]) / denom} is linear, so the error of a delta is bounded
 *       by the same sum over the bounds of its inputs (per value for log and MFCC inputs; for linear inputs the L2
 *       bound scales by {@code sum_k 2k / denom}), plus the rounding of the sum (4 N ulps of the largest input).
 * </ul>
 */
public final class GoldenTolerance {
    /** Relative L2 bound for linear outputs. */
    public static final double REL_L2 = 1e-5;
    /** Maximum dB difference within {@link #DB_WINDOW} of the clip maximum. */
    public static final double DB_MAX_ABS = 0.01;
    /** The dB window (below the clip maximum) over which dB outputs are compared. */
    public static final double DB_WINDOW = 80.0;
    /** Linear-domain error of a bin relative to the clip's largest bin, for ln and log10 outputs. */
    public static final double RHO = 1e-6;
    /** Error of a dB value relative to the clip's dB range, for MFCC outputs. */
    public static final double MFCC_DB_REL = 1e-5;

    private GoldenTolerance() {}

    /**
     * The outcome of one comparison.
     *
     * @param criterion which criterion applied (for the report)
     * @param maxAbs largest absolute difference over the whole output
     * @param relL2 {@code ||actual - expected|| / ||expected||} over the whole output
     * @param worst the largest ratio of a measured error to its bound: the comparison passes when {@code <= 1}
     * @param where where {@code worst} was found
     */
    public record Verdict(String criterion, double maxAbs, double relL2, double worst, String where) {
        /** Whether every bound holds. */
        public boolean ok() {
            return worst <= 1.0;
        }
    }

    /** Compares one clip's output (same length as {@code expected}) with its golden reference. */
    public static Verdict check(SpectrogramSpec spec, int frames, float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(actual.length + " values but the golden has " + expected.length);
        }
        double maxAbs = 0;
        double num = 0;
        double den = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - expected[i];
            if (Double.isNaN(d)) {
                maxAbs = Double.NaN;
            } else if (!Double.isNaN(maxAbs)) {
                maxAbs = Math.max(maxAbs, Math.abs(d));
            }
            num += d * d;
            den += (double) expected[i] * expected[i];
        }
        double relL2 = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        int rows = spec.baseFeatureCount();
        int block = rows * frames * spec.valuesPerFeature();
        int half = (spec.deltaWidth() - 1) / 2;
        double denom = half * (half + 1) * (2 * half + 1) / 3.0;
        if (spec.log() == null && spec.mfcc() == null) {
            // Linear: relative L2 over the base block, and L2 bounds for the delta blocks.
            double[] norms = new double[1 + spec.deltaOrder()];
            double[] errs = new double[norms.length];
            for (int i = 0; i < actual.length; i++) {
                int b = i / Math.max(1, block);
                double d = (double) actual[i] - expected[i];
                errs[b] += d * d;
                norms[b] += (double) expected[i] * expected[i];
            }
            double g = half * (half + 1) / denom;
            double base = Math.sqrt(norms[0]);
            double worst =
                    base == 0 ? (errs[0] == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(errs[0]) / base / REL_L2;
            String where = "base block";
            for (int k = 1; k < norms.length; k++) {
                double bound = REL_L2 * Math.pow(g, k) * base;
                double r = bound == 0 ? (errs[k] == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(errs[k]) / bound;
                if (r > worst || Double.isNaN(r)) {
                    worst = r;
                    where = "delta block " + k;
                }
            }
            return new Verdict("relL2<=" + REL_L2, maxAbs, relL2, nanToInf(worst), where);
        }
        double[] tol = new double[actual.length];
        String criterion;
        if (spec.mfcc() != null) {
            criterion = mfccBounds(spec, frames, expected, tol);
        } else {
            criterion = logBounds(spec.log(), rows * frames, expected, tol);
        }
        for (int k = 1; k <= spec.deltaOrder(); k++) {
            deltaBounds(rows, frames, half, denom, expected, (k - 1) * block, tol, k * block);
        }
        double worst = 0;
        String where = "";
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            double r = Double.isInfinite(tol[i]) ? 0 : d / tol[i];
            if (Double.isNaN(d)) {
                r = Double.POSITIVE_INFINITY;
            }
            if (r > worst) {
                worst = r;
                int b = i / block;
                int rem = i % block;
                where = (b == 0 ? "" : "delta" + b + " ") + "row " + rem / frames + " frame " + rem % frames + ": got "
                        + actual[i] + ", golden " + expected[i] + ", bound " + (float) tol[i];
            }
        }
        return new Verdict(criterion, maxAbs, relL2, worst, where);
    }

    private static double nanToInf(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static String logBounds(LogScale log, int n, float[] y, double[] tol) {
        double[] u = new double[n];
        double s;
        double scale = 1;
        switch (log) {
            case LogScale.Db db -> {
                double top = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    top = Math.max(top, y[i]);
                }
                for (int i = 0; i < n; i++) {
                    tol[i] = y[i] >= top - DB_WINDOW ? DB_MAX_ABS : Double.POSITIVE_INFINITY;
                }
                return "dB: max|diff|<=" + DB_MAX_ABS + " within " + DB_WINDOW + " dB of max";
            }
            case LogScale.Ln ln -> {
                s = 1;
                for (int i = 0; i < n; i++) {
                    u[i] = Math.exp(y[i]);
                }
            }
            case LogScale.Log10 l -> {
                s = 1 / Math.log(10);
                scale = l.scale();
                for (int i = 0; i < n; i++) {
                    u[i] = Math.pow(10, y[i] / l.scale() - l.add());
                }
            }
        }
        double v = 0;
        for (int i = 0; i < n; i++) {
            v = Math.max(v, u[i]);
        }
        for (int i = 0; i < n; i++) {
            tol[i] = s * Math.abs(scale) * RHO * v / u[i] + 4 * Math.ulp((float) Math.abs(y[i]));
        }
        return "log: |diff|<=s*(" + RHO + "*max/u)+4ulp";
    }

    private static String mfccBounds(SpectrogramSpec spec, int frames, float[] y, double[] tol) {
        int nMfcc = spec.mfcc().nMfcc();
        int nMels = spec.mel().nMels();
        float[] d = Dct.orthoMatrix(nMfcc, nMels);
        double[] lifter = new double[nMfcc];
        for (int q = 0; q < nMfcc; q++) {
            lifter[q] = spec.mfcc().lifter() > 0
                    ? 1
                            + (spec.mfcc().lifter() / 2)
                                    * Math.sin(Math.PI * (q + 1) / spec.mfcc().lifter())
                    : 1;
        }
        // The dB values are not in the golden output. Bound their magnitude per clip by |mean| + spread: the mean of
        // frame t is c_0 / (lifter_0 sqrt(nMels)); the spread is the top-dB range (100 dB when there is none).
        double spread = spec.log() instanceof LogScale.Db db && db.hasTopDb() ? db.topDb() : 100.0;
        double mean = 0;
        for (int t = 0; t < frames; t++) {
            mean = Math.max(mean, Math.abs(y[t]) / Math.sqrt(nMels) / Math.abs(lifter[0]));
        }
        double range = mean + spread;
        for (int q = 0; q < nMfcc; q++) {
            double l1 = 0;
            for (int m = 0; m < nMels; m++) {
                l1 += Math.abs(d[q * nMels + m]);
            }
            for (int t = 0; t < frames; t++) {
                tol[q * frames + t] = Math.abs(lifter[q]) * l1 * MFCC_DB_REL * range
                        + 4 * Math.ulp((float) Math.abs(y[q * frames + t]));
            }
        }
        return "MFCC: |diff|<=lifter*|D_q|_1*" + MFCC_DB_REL + "*dB range";
    }

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
                tol[dstOff + r * frames + t] = b / denom + 4 * half * Math.ulp((float) big);
            }
        }
    }
}
