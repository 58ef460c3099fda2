package io.spectro.bench;

import io.spectro.LogScale;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.dsp.MelFilterbank;

/**
 * The arithmetic floor of a workload: the floating-point operations and the memory traffic that any implementation
 * must spend, counted the same way for every row (see BENCHMARKS.md, "Floor"). Per frame of an {@code nFft = N} spec
 * with {@code F = N/2 + 1} bins:
 *
 * <ul>
 *   <li>window: {@code winLength} multiplies;
 *   <li>real FFT: {@code 2.5 N log2 N} (half the conventional {@code 5 N log2 N} of a complex FFT);
 *   <li>spectrum: power 2 {@code 3F} (two multiplies, one add), magnitude {@code 4F} (plus a square root counted as
 *       one), any other power {@code 5F}, complex output 0;
 *   <li>mel: {@code 2} per non-zero filter weight (a multiply and an add);
 *   <li>log stage per output value: log10 / ln 2 (the floor and the log), dB 3 (floor, log, scale) plus 2 with top_db
 *       (the clip maximum and the clamp).
 * </ul>
 *
 * Memory: every input sample read once and every output value written once, 4 bytes each.
 */
public final class FlopModel {
    private FlopModel() {}

    /** Floating-point operations for one frame of {@code spec}. */
    public static double flopsPerFrame(SpectrogramSpec spec) {
        int n = spec.nFft();
        int nFreq = spec.nFreq();
        double flops = spec.winLength() + fftFlops(n);
        if (spec.spectrum() == SpectrumKind.POWER) {
            flops += spec.power() == 2.0 ? 3.0 * nFreq : spec.power() == 1.0 ? 4.0 * nFreq : 5.0 * nFreq;
        }
        if (spec.mel() != null) {
            MelFilterbank fb = MelFilterbank.create(spec.sampleRateHz(), n, spec.mel(), spec.fmaxHz());
            flops += 2.0 * fb.weightCount();
        }
        LogScale log = spec.log();
        if (log != null) {
            double perValue = switch (log) {
                case LogScale.Db db -> db.hasTopDb() ? 5 : 3;
                case LogScale.Ln ln -> 2;
                case LogScale.Log10 l -> l.hasClamp() ? 4 : 2;
            };
            flops += perValue * spec.baseFeatureCount();
        }
        return flops;
    }

    /** The real-FFT operation count {@code 2.5 n log2 n}. */
    public static double fftFlops(int n) {
        return 2.5 * n * (Math.log(n) / Math.log(2));
    }

    /** Bytes that must cross memory for one clip of {@code samples} samples: input read plus output written. */
    public static double bytesPerClip(SpectrogramSpec spec, long samples) {
        return 4.0 * samples + 4.0 * spec.outputFloats(spec.frameCount(samples));
    }

    /**
     * Floor time in seconds of work needing {@code flops} operations and {@code bytes} of traffic on a machine doing
     * {@code peakFlopsPerSecond} and copying {@code bytesPerSecond}: the larger of the two times.
     */
    public static double floorSeconds(double flops, double bytes, double peakFlopsPerSecond, double bytesPerSecond) {
        return Math.max(flops / peakFlopsPerSecond, bytes / bytesPerSecond);
    }
}
