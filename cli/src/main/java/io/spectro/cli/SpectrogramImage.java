package io.spectro.cli;

import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelOptions;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PNG preview of one spectrogram: time (s) on x; mel bands labelled in Hz, linear frequency in Hz, or the feature
 * index (MFCC, deltas) on y, low at the bottom; values in colour (viridis or magma) with a colour bar. Features without a
 * log stage are shown in dB ({@code (20/p) log10(max(x, 1e-10))}); every dB view spans the top 80 dB of the clip.
 * Large spectrograms are reduced by averaging to at most 1200 x 512 plot pixels; small ones are magnified.
 */
final class SpectrogramImage {
    private static final int BG = 0xffffff, INK = 0x202020, GRID = 0x808080;
    private static final int LEFT = 44, RIGHT = 62, TOP = 16, BOTTOM = 30;
    private static final double DB_RANGE = 80.0;

    private SpectrogramImage() {}

    /**
     * Renders {@code data} ({@code [features][frames]} row-major, real-valued) computed with {@code spec}.
     *
     * @param title drawn above the plot (e.g. the file name)
     * @param colormap the colour scale
     */
    static byte[] render(SpectrogramSpec spec, float[] data, int frames, String title, Colormap colormap) {
        return render(spec, FloatBuffer.wrap(data), frames, title, colormap);
    }

    /**
     * Renders {@code data} as {@link #render(SpectrogramSpec, float[], int, String, Colormap)} does, from a buffer
     * (e.g. a written {@code .npy} mapped into memory, so that long outputs need no heap).
     */
    static byte[] render(SpectrogramSpec spec, FloatBuffer data, int frames, String title, Colormap colormap) {
        if (spec.spectrum() == SpectrumKind.COMPLEX) {
            throw new IllegalArgumentException("complex output has no image");
        }
        int features = spec.featureCount();
        if (frames < 1 || features < 1) {
            throw new IllegalArgumentException("nothing to draw: " + features + " features x " + frames + " frames");
        }
        Scale scale = Scale.of(spec, data);
        int plotW = frames > 1200 ? 1200 : frames * Math.max(1, 600 / frames);
        int plotH = features > 512 ? 512 : features * Math.max(1, 256 / features);
        int width = LEFT + plotW + RIGHT;
        int height = TOP + plotH + BOTTOM;
        Canvas c = new Canvas(width, height, BG);
        int[] cmap = colormap.colours();

        // The plot: each pixel averages the (display) values of the cells it covers.
        for (int py = 0; py < plotH; py++) {
            int f1 = (int) ((long) (plotH - 1 - py) * features / plotH);
            int f2 = Math.max(f1 + 1, (int) ((long) (plotH - py) * features / plotH));
            for (int px = 0; px < plotW; px++) {
                int t1 = (int) ((long) px * frames / plotW);
                int t2 = Math.max(t1 + 1, (int) ((long) (px + 1) * frames / plotW));
                double sum = 0;
                for (int f = f1; f < f2; f++) {
                    for (int t = t1; t < t2; t++) {
                        sum += scale.display(data.get(f * frames + t));
                    }
                }
                double v = sum / ((f2 - f1) * (t2 - t1));
                c.set(LEFT + px, TOP + py, cmap[scale.index(v)]);
            }
        }

        // Frame around the plot.
        c.fill(LEFT - 1, TOP - 1, plotW + 2, 1, INK);
        c.fill(LEFT - 1, TOP + plotH, plotW + 2, 1, INK);
        c.fill(LEFT - 1, TOP - 1, 1, plotH + 2, INK);
        c.fill(LEFT + plotW, TOP - 1, 1, plotH + 2, INK);

        // x axis: seconds at the frame centres.
        double secondsPerFrame = (double) spec.hopLength() / spec.sampleRateHz();
        double offset = frameCentreOffset(spec) / spec.sampleRateHz();
        double tEnd = offset + (frames - 1) * secondsPerFrame;
        double step = niceStep(Math.max(tEnd - offset, secondsPerFrame) * 60.0 / plotW);
        for (double t = Math.ceil(offset / step) * step; t <= tEnd + 1e-9; t += step) {
            double pos = (t - offset) / secondsPerFrame; // frame index
            int x = LEFT + (int) Math.round((pos + 0.5) * plotW / frames);
            c.fill(x, TOP + plotH + 1, 1, 3, INK);
            String label = number(t, step);
            c.text(x - Canvas.textWidth(label) / 2, TOP + plotH + 6, label, INK);
        }
        String xLabel = "time (s)";
        c.text(LEFT + plotW / 2 - Canvas.textWidth(xLabel) / 2, TOP + plotH + 18, xLabel, INK);

        // y axis.
        String yLabel = yAxis(c, spec, plotH, features);
        c.textUp(4, TOP + plotH / 2 + Canvas.textWidth(yLabel) / 2, yLabel, INK);

        // Title.
        String fullTitle = title + "  " + features + " x " + frames;
        int maxChars = Math.max(4, (width - 8) / Canvas.ADVANCE);
        if (fullTitle.length() > maxChars) {
            fullTitle = "..." + fullTitle.substring(fullTitle.length() - maxChars + 3);
        }
        c.text(LEFT, 4, fullTitle, INK);

        // Colour bar with its scale.
        int barX = LEFT + plotW + 8;
        int barW = 10;
        for (int py = 0; py < plotH; py++) {
            double v = scale.hi - (scale.hi - scale.lo) * py / Math.max(1, plotH - 1);
            c.fill(barX, TOP + py, barW, 1, cmap[scale.index(v)]);
        }
        c.fill(barX - 1, TOP - 1, barW + 2, 1, INK);
        c.fill(barX - 1, TOP + plotH, barW + 2, 1, INK);
        c.fill(barX - 1, TOP - 1, 1, plotH + 2, INK);
        c.fill(barX + barW, TOP - 1, 1, plotH + 2, INK);
        double range = scale.hi - scale.lo;
        if (range > 0) {
            double vStep = niceStep(range * 24.0 / plotH);
            for (double v = Math.ceil(scale.lo / vStep) * vStep; v <= scale.hi + 1e-9 * range; v += vStep) {
                int y = TOP + (int) Math.round((scale.hi - v) / range * (plotH - 1));
                c.fill(barX + barW + 1, y, 3, 1, INK);
                c.text(barX + barW + 6, y - 3, number(v, vStep), INK);
            }
        }
        c.text(barX, TOP + plotH + 6, scale.unit, INK);
        return c.toPng();
    }

    /** Samples from the start of frame t*hop to the sample the frame is centred on. */
    private static double frameCentreOffset(SpectrogramSpec spec) {
        if (spec.frameMode() == FrameMode.KALDI) {
            return spec.winLength() / 2.0;
        }
        return spec.center() ? 0 : spec.nFft() / 2.0;
    }

    /** Draws the y ticks and returns the axis title. */
    private static String yAxis(Canvas c, SpectrogramSpec spec, int plotH, int features) {
        boolean plainMel = spec.mel() != null && spec.mfcc() == null && spec.deltaOrder() == 0;
        boolean linear = spec.mel() == null && spec.spectrum() == SpectrumKind.POWER && spec.deltaOrder() == 0;
        List<double[]> ticks = new ArrayList<>(); // {position in features (centre of row = index), value}
        String title;
        if (plainMel) {
            MelOptions m = spec.mel();
            double lo = m.scale().toMel(m.fminHz());
            double hi = m.scale().toMel(spec.fmaxHz());
            double per = (hi - lo) / (m.nMels() + 1);
            for (double hz : hzCandidates(spec.fmaxHz())) {
                double pos = (m.scale().toMel(hz) - lo) / per - 1;
                if (pos >= -0.5 && pos <= features - 0.5) {
                    ticks.add(new double[] {pos, hz});
                }
            }
            title = "Hz (mel)";
        } else if (linear) {
            double hzPerBin = (double) spec.sampleRateHz() / spec.nFft();
            double nyquist = spec.sampleRateHz() / 2.0;
            double step = niceStep(nyquist * 20.0 / plotH);
            for (double hz = 0; hz <= nyquist + 1e-9; hz += step) {
                ticks.add(new double[] {hz / hzPerBin, hz});
            }
            title = "Hz";
        } else {
            double step = Math.max(1, niceStep(features * 16.0 / plotH));
            for (double f = 0; f < features; f += step) {
                ticks.add(new double[] {f, f});
            }
            title = spec.mfcc() != null ? "MFCC" : "feature";
        }
        int lastY = Integer.MAX_VALUE;
        for (double[] t : ticks) {
            int y = TOP + plotH - 1 - (int) Math.round((t[0] + 0.5) * plotH / features - 0.5);
            if (Math.abs(lastY - y) < 11) {
                continue;
            }
            lastY = y;
            c.fill(LEFT - 4, y, 3, 1, INK);
            String label = plainMel || linear ? hz(t[1]) : Integer.toString((int) t[1]);
            c.text(LEFT - 6 - Canvas.textWidth(label), y - 3, label, INK);
        }
        return title;
    }

    private static List<Double> hzCandidates(double fmax) {
        List<Double> out = new ArrayList<>();
        out.add(0.0);
        // Below 100 Hz the mel bands of a wide-band spectrogram are too thin to label.
        for (double decade = fmax >= 2000 ? 100 : 10; decade <= fmax * 10; decade *= 10) {
            for (double k : new double[] {1, 2, 5}) {
                if (k * decade <= fmax) {
                    out.add(k * decade);
                }
            }
        }
        return out;
    }

    /** Hz as a short label: {@code 500}, {@code 1k}, {@code 2.5k}. */
    static String hz(double hz) {
        if (hz >= 1000) {
            double k = hz / 1000;
            return (k == Math.rint(k) ? Long.toString((long) k) : String.format(Locale.ROOT, "%.1f", k)) + "k";
        }
        return Long.toString(Math.round(hz));
    }

    /** The 1-2-5 step at or above {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double k : new double[] {1, 2, 5, 10}) {
            if (k * p >= raw) {
                return k * p;
            }
        }
        return 10 * p;
    }

    /** {@code v} with as many decimals as {@code step} needs. */
    static String number(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.equals("-0") ? "0" : s;
    }

    /** How values become colours: the display transform, its range and its unit. */
    private static final class Scale {
        final boolean toDb;
        final double dbMultiplier;
        final double lo;
        final double hi;
        final String unit;

        private Scale(boolean toDb, double dbMultiplier, double lo, double hi, String unit) {
            this.toDb = toDb;
            this.dbMultiplier = dbMultiplier;
            this.lo = lo;
            this.hi = hi;
            this.unit = unit;
        }

        static Scale of(SpectrogramSpec spec, FloatBuffer data) {
            boolean toDb = spec.log() == null && spec.mfcc() == null && spec.deltaOrder() == 0;
            double mult = 20.0 / spec.power();
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0, n = data.limit(); i < n; i++) {
                float x = data.get(i);
                double v = toDb ? mult * Math.log10(Math.max(x, 1e-10)) : x;
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
            if (max == Double.NEGATIVE_INFINITY) {
                max = 0;
                min = 0;
            }
            String unit;
            double lo = min;
            if (spec.mfcc() != null || spec.deltaOrder() > 0) {
                unit = "value";
            } else if (toDb || spec.log() instanceof LogScale.Db) {
                unit = "dB";
                lo = Math.max(min, max - DB_RANGE);
            } else if (spec.log() instanceof LogScale.Ln) {
                unit = "ln";
                lo = Math.max(min, max - DB_RANGE / 10 * Math.log(10));
            } else {
                unit = "log10";
            }
            return new Scale(toDb, mult, lo, max, unit);
        }

        double display(float x) {
            return toDb ? dbMultiplier * Math.log10(Math.max(x, 1e-10)) : x;
        }

        int index(double v) {
            if (!(hi > lo)) {
                return 128;
            }
            double u = (v - lo) / (hi - lo);
            if (!(u >= 0)) {
                return 0;
            }
            return (int) Math.min(255, Math.round(u * 255));
        }
    }
}
