package io.spectro.conformance;

import io.spectro.FixedLength;
import io.spectro.Normalization;
import io.spectro.SpectrogramSpec;
import java.util.function.Function;

/**
 * The golden comparison of outputs that {@link GoldenTolerance} alone cannot judge: normalised features and outputs
 * padded or trimmed in frames. Other specs go straight to {@link GoldenTolerance#check}.
 *
 * <p>Such a configuration has a second golden array, the output of the same spec without those stages ({@link
 * #withoutFinalStages}, "prenorm"). The check runs that spec too and:
 *
 * <ol>
 *   <li>compares its output with the prenorm golden by {@link GoldenTolerance#check} (the stage criteria up to the
 *       MFCC);
 *   <li>bounds each normalised value by propagating the measured prenorm errors through {@code y = (x - m) / (s +
 *       eps)}: with {@code d_i = |x^_i - x_i| + ulp(x_i)} (the measured error plus the golden's own rounding), {@code
 *       e} its maximum over the group (a row for per-feature, the clip for per-utterance) and {@code gamma = (n/8 + g
 *       + 8) 2^-24} (the float32 rounding of the 8-way sums of {@code n} values over {@code g} rows, and of the
 *       division), the mean's error is {@code dm <= e + gamma max|x|} and the standard deviation's {@code ds <=
 *       sqrt(n/(n-b)) (e + dm) + gamma s + ulp(s)} (a perturbation of every value by at most {@code e + dm} moves the
 *       root-mean-square deviation by at most that, Cauchy-Schwarz); then {@code |y^ - y| <= 2 ((d_i + dm + ulp(|x| +
 *       |m|)) / sigma + |y| ds / sigma) + 2 ulp(y)}, with {@code sigma = s + eps} from the golden prenorm. Fixed
 *       statistics: {@code 2 (d_i + ulp(|x| + |m|)) / |std| + 2 ulp(y)}. The factor 2 covers second-order terms and
 *       a backend whose two runs (with and without the final stages) differ by up to the measured error (a device's
 *       fast mode computes them separately);
 *   <li>without normalisation, requires the kept frames to be the bits of the run without the fit;
 *   <li>requires padded frames to be the pad value within 2 ulps (the golden holds the library's padding normalised in
 *       float64, the spec the same value in float32).
 * </ol>
 *
 * Golden configurations with normalisation have no deltas (the prenorm would then not bound them).
 */
public final class GoldenStages {
    private static final double U = 0x1.0p-24;

    private GoldenStages() {}

    /** Whether {@code spec} has stages that {@link GoldenTolerance} cannot judge (normalisation, fixed frames). */
    public static boolean needed(SpectrogramSpec spec) {
        return spec.normalization() != null || spec.fixedLength().fixesFrames();
    }

    /** {@code spec} without normalisation and without a fixed frame count (a fixed sample count stays). */
    public static SpectrogramSpec withoutFinalStages(SpectrogramSpec spec) {
        return spec.toBuilder()
                .noNormalization()
                .fixedLength(new FixedLength(spec.fixedLength().samples(), 0, 0.0))
                .build();
    }

    /**
     * Compares clip {@code clip} of {@code cfg}: {@code actual} (the spec's output for the input {@code samples})
     * against the golden, with {@code run} computing the clip for another spec (for the prenorm output).
     */
    public static GoldenTolerance.Verdict check(
            GoldenConfig cfg, int clip, float[] samples, float[] actual, Function<SpectrogramSpec, float[]> run) {
        SpectrogramSpec spec = cfg.spec();
        float[] expected = cfg.expected().get(clip).data();
        int frames = spec.frameCount(samples.length);
        if (!needed(spec)) {
            return GoldenTolerance.check(spec, samples, actual, expected);
        }
        if (cfg.prenorm().size() <= clip) {
            throw new IllegalStateException(cfg + ": no prenorm golden for clip " + clip
                    + "; regenerate with python3 tools/golden/make_golden.py");
        }
        if (spec.normalization() != null && spec.deltaOrder() > 0) {
            throw new IllegalStateException(cfg + ": golden checks of normalised outputs do not cover deltas");
        }
        SpectrogramSpec base = withoutFinalStages(spec);
        float[] xg = cfg.prenorm().get(clip).data();
        float[] xa = run.apply(base);
        int rows = spec.featureCount();
        int computed = xg.length / rows;
        if (xa.length != xg.length) {
            return new GoldenTolerance.Verdict(
                    "prenorm",
                    Double.NaN,
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    "prenorm has " + xa.length + " values, its golden " + xg.length,
                    Double.POSITIVE_INFINITY,
                    "");
        }
        GoldenTolerance.Verdict pre = GoldenTolerance.check(base, samples, xa, xg);
        double[] bound = new double[actual.length];
        int keep = Math.min(computed, frames);
        Normalization n = spec.normalization();
        double[] mean = new double[rows];
        double[] dm = new double[rows];
        double[] sigma = new double[rows];
        double[] ds = new double[rows];
        if (n instanceof Normalization.PerFeature p) {
            for (int r = 0; r < rows; r++) {
                stats(xg, xa, r * computed, computed, 1, p.epsilon(), p.bessel(), r, mean, dm, sigma, ds);
            }
        } else if (n instanceof Normalization.PerUtterance p) {
            stats(xg, xa, 0, rows * computed, rows, p.epsilon(), p.bessel(), 0, mean, dm, sigma, ds);
            for (int r = 1; r < rows; r++) {
                mean[r] = mean[0];
                dm[r] = dm[0];
                sigma[r] = sigma[0];
                ds[r] = ds[0];
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < frames; t++) {
                int o = r * frames + t;
                double y = expected[o];
                if (t >= keep) {
                    bound[o] = 2 * ulp(y);
                    continue;
                }
                int i = r * computed + t;
                double x = xg[i];
                double d = Math.abs((double) xa[i] - x) + ulp(x);
                bound[o] = switch (n) {
                    case null ->
                        Float.floatToRawIntBits(actual[o]) == Float.floatToRawIntBits(xa[i])
                                ? Double.POSITIVE_INFINITY
                                : -1;
                    case Normalization.Fixed f ->
                        2 * (d + ulp(Math.abs(x) + Math.abs(f.mean()))) / Math.abs(f.std()) + 2 * ulp(y);
                    default ->
                        2
                                        * ((d + dm[r] + ulp(Math.abs(x) + Math.abs(mean[r]))) / sigma[r]
                                                + Math.abs(y) * ds[r] / sigma[r])
                                + 2 * ulp(y);
                };
            }
        }
        double worst = pre.worst();
        String where = pre.ok() ? "" : "before the final stages: " + pre.where();
        double maxAbs = 0;
        for (int o = 0; o < actual.length; o++) {
            double diff = Math.abs((double) actual[o] - expected[o]);
            maxAbs = Math.max(maxAbs, diff);
            // A negative bound marks a kept value that is not the bits of the run without the fit.
            double ratio = Double.isNaN(diff) || bound[o] < 0 ? Double.POSITIVE_INFINITY : diff / bound[o];
            if (ratio > worst) {
                worst = ratio;
                where = "row " + o / frames + " frame " + o % frames + ": got " + actual[o] + ", golden " + expected[o]
                        + ", bound " + (float) bound[o];
            }
        }
        return new GoldenTolerance.Verdict(
                "prenorm " + pre.criterion() + "; normalisation/fit propagated",
                maxAbs,
                pre.relL2(),
                worst,
                where,
                pre.coverage(),
                "before the final stages: " + pre.loosest());
    }

    /** The golden statistics and error bounds of the {@code n} values {@code x[off, off + n)} (in {@code rowsIn} rows). */
    private static void stats(
            float[] xg,
            float[] xa,
            int off,
            int n,
            int rowsIn,
            double eps,
            boolean bessel,
            int r,
            double[] mean,
            double[] dm,
            double[] sigma,
            double[] ds) {
        double sum = 0;
        double e = 0;
        double big = 0;
        for (int i = off; i < off + n; i++) {
            sum += xg[i];
            e = Math.max(e, Math.abs((double) xa[i] - xg[i]) + ulp(xg[i]));
            big = Math.max(big, Math.abs(xg[i]));
        }
        double m = sum / n;
        double q = 0;
        for (int i = off; i < off + n; i++) {
            q += (xg[i] - m) * (xg[i] - m);
        }
        int b = bessel ? 1 : 0;
        double s = n - b > 0 ? Math.sqrt(q / (n - b)) : 0;
        double gamma = (n / (double) rowsIn / 8 + rowsIn + 8) * U;
        mean[r] = m;
        dm[r] = e + gamma * big;
        sigma[r] = s + eps;
        ds[r] = n - b > 0 ? Math.sqrt(n / (double) (n - b)) * (e + dm[r]) + gamma * s + ulp(s) : 0;
    }

    private static double ulp(double v) {
        return Math.ulp((float) Math.abs(v));
    }
}
