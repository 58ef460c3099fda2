package io.spectro.dsp;

import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mel filterbank weights, computed in double and rounded once to float, stored by band: filter {@code m} is non-zero
 * only on bins {@code [start(m), start(m) + length(m))}, and its weights are {@code weights()[offset(m) + j]}.
 *
 * <p>HTK and SLANEY follow librosa's {@code filters.mel} (= torchaudio's {@code melscale_fbanks}): bin frequencies are
 * {@code linspace(0, sr/2, nFreq)}, {@code nMels + 2} points evenly spaced in mel between fmin and fmax, triangles
 * linear in Hz, optional Slaney area normalisation. KALDI follows {@code torchaudio.compliance.kaldi.get_mel_banks}:
 * triangles linear in mel on bins {@code k * sr / nFft} for {@code k < nFft/2}, Nyquist weight 0.
 */
public final class MelFilterbank {
    /** Configurations whose empty filters were logged: each is warned about once (bounded, see {@link #create}). */
    private static final Set<WarningKey> WARNED = ConcurrentHashMap.newKeySet();

    private static final int MAX_WARNED = 1024;

    private final int sampleRateHz;
    private final int nFft;
    private final MelOptions mel;
    private final double fmaxHz;
    private final int nMels;
    private final int nFreq;
    private final int[] start;
    private final int[] length;
    private final int[] offset;
    private final float[] weights;

    private MelFilterbank(
            int sampleRateHz,
            int nFft,
            MelOptions mel,
            double fmaxHz,
            int nFreq,
            int[] start,
            int[] length,
            int[] offset,
            float[] weights) {
        this.sampleRateHz = sampleRateHz;
        this.nFft = nFft;
        this.mel = mel;
        this.fmaxHz = fmaxHz;
        this.nMels = mel.nMels();
        this.nFreq = nFreq;
        this.start = start;
        this.length = length;
        this.offset = offset;
        this.weights = weights;
    }

    /** Hz to mel on the given scale (SLANEY: Auditory Toolbox; HTK: 2595 log10; KALDI: 1127 ln). */
    public static double hzToMel(double hz, MelScale scale) {
        return switch (scale) {
            case HTK -> 2595.0 * Math.log10(1.0 + hz / 700.0);
            case KALDI -> 1127.0 * Math.log(1.0 + hz / 700.0);
            case SLANEY -> {
                double fSp = 200.0 / 3;
                double minLogHz = 1000.0;
                double minLogMel = minLogHz / fSp;
                double logstep = Math.log(6.4) / 27.0;
                yield hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logstep : hz / fSp;
            }
        };
    }

    /** Mel to Hz, the inverse of {@link #hzToMel(double, MelScale)}. */
    public static double melToHz(double mel, MelScale scale) {
        return switch (scale) {
            case HTK -> 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
            case KALDI -> 700.0 * (Math.exp(mel / 1127.0) - 1.0);
            case SLANEY -> {
                double fSp = 200.0 / 3;
                double minLogHz = 1000.0;
                double minLogMel = minLogHz / fSp;
                double logstep = Math.log(6.4) / 27.0;
                yield mel >= minLogMel ? minLogHz * Math.exp(logstep * (mel - minLogMel)) : fSp * mel;
            }
        };
    }

    /**
     * The dense filterbank in double, {@code [nMels][nFreq]}, for a sample rate, FFT size and mel options with a
     * resolved {@code fmaxHz}.
     */
    public static double[][] dense(int sampleRateHz, int nFft, MelOptions mel, double fmaxHz) {
        Edges edges = new Edges(sampleRateHz, nFft, mel, fmaxHz);
        double[][] fb = new double[mel.nMels()][];
        for (int m = 0; m < fb.length; m++) {
            fb[m] = new double[nFft / 2 + 1];
            edges.row(m, fb[m]);
        }
        return fb;
    }

    /** The filters' edges: {@code nMels + 2} points evenly spaced in mel between fmin and fmax, and in Hz. */
    private record Edges(int sampleRateHz, int nFft, MelOptions mel, double[] melPts, double[] hzPts) {
        Edges(int sampleRateHz, int nFft, MelOptions mel, double fmaxHz) {
            this(sampleRateHz, nFft, mel, new double[mel.nMels() + 2], new double[mel.nMels() + 2]);
            MelScale scale = mel.scale();
            double mMin = hzToMel(mel.fminHz(), scale);
            double mMax = hzToMel(fmaxHz, scale);
            for (int i = 0; i < melPts.length; i++) {
                melPts[i] = mMin + (mMax - mMin) * i / (mel.nMels() + 1);
                hzPts[i] = melToHz(melPts[i], scale);
            }
        }

        /**
         * Filter {@code m}'s weights over the {@code nFreq} bins into {@code out} (one row of {@link #dense}): computed
         * row by row so that many filters never need the whole matrix at once.
         */
        void row(int m, double[] out) {
            int nFreq = out.length;
            MelScale scale = mel.scale();
            if (scale == MelScale.KALDI) {
                double binWidth = (double) sampleRateHz / nFft;
                int bins = nFft / 2;
                double left = melPts[m];
                double center = melPts[m + 1];
                double right = melPts[m + 2];
                for (int k = 0; k < bins; k++) {
                    double mk = hzToMel(binWidth * k, scale);
                    double up = (mk - left) / (center - left);
                    double down = (right - mk) / (right - center);
                    out[k] = Math.max(0.0, Math.min(up, down));
                }
                for (int k = bins; k < nFreq; k++) {
                    out[k] = 0.0;
                }
            } else {
                double nyquist = sampleRateHz / 2.0;
                double fl = hzPts[m];
                double fc = hzPts[m + 1];
                double fr = hzPts[m + 2];
                for (int k = 0; k < nFreq; k++) {
                    double f = nFreq == 1 ? 0.0 : nyquist * k / (nFreq - 1);
                    double lower = (f - fl) / (fc - fl);
                    double upper = (fr - f) / (fr - fc);
                    out[k] = Math.max(0.0, Math.min(lower, upper));
                }
            }
            if (mel.norm() == MelNorm.SLANEY) {
                double enorm = 2.0 / (hzPts[m + 2] - hzPts[m]);
                for (int k = 0; k < nFreq; k++) {
                    out[k] *= enorm;
                }
            }
        }
    }

    /**
     * The banded float filterbank for a spec's mel stage. Filters whose weights are all zero (too many mels for the
     * FFT's resolution, as librosa and torchaudio warn) are logged once per configuration as a WARNING on {@code
     * System.getLogger("io.spectro")}; see {@link #emptyFiltersWarning()}.
     */
    public static MelFilterbank create(int sampleRateHz, int nFft, MelOptions mel, double fmaxHz) {
        Edges edges = new Edges(sampleRateHz, nFft, mel, fmaxHz);
        int nMels = mel.nMels();
        int nFreq = nFft / 2 + 1;
        int[] start = new int[nMels];
        int[] length = new int[nMels];
        int[] offset = new int[nMels];
        float[] w = new float[Math.max(16, Math.min(nMels * 8, 1 << 20))];
        double[] row = new double[nFreq];
        int total = 0;
        for (int m = 0; m < nMels; m++) {
            edges.row(m, row);
            int first = -1;
            int last = -2;
            for (int k = 0; k < nFreq; k++) {
                if ((float) row[k] != 0.0f) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            start[m] = Math.max(first, 0);
            length[m] = last - first + 1 > 0 ? last - first + 1 : 0;
            offset[m] = total;
            if (total + length[m] > w.length) {
                w = Arrays.copyOf(w, (int)
                        Math.min(Integer.MAX_VALUE - 16, Math.max(2L * w.length, (long) total + length[m])));
            }
            for (int j = 0; j < length[m]; j++) {
                w[total + j] = (float) row[start[m] + j];
            }
            total += length[m];
        }
        MelFilterbank fb = new MelFilterbank(
                sampleRateHz, nFft, mel, fmaxHz, nFreq, start, length, offset, Arrays.copyOf(w, total));
        String warning = fb.emptyFiltersWarning();
        if (warning != null && WARNED.add(new WarningKey(sampleRateHz, nFft, mel, fmaxHz))) {
            if (WARNED.size() > MAX_WARNED) {
                WARNED.clear(); // bounded: a long-running service with ever new specs may hear a warning again
            }
            System.getLogger("io.spectro").log(System.Logger.Level.WARNING, warning);
        }
        return fb;
    }

    /**
     * Why some filters are empty and what to do, or null when none is: e.g. {@code "21 of 200 mel filters are empty
     * (all weights zero; filters 0, 1, 2, ...): 16000 Hz with nFft 400 gives 201 bins 40 Hz apart, too coarse for 200
     * mels from 0 to 8000 Hz. Their rows are always 0 (the floor after a log). Use fewer mels, a larger nFft, or a
     * wider band (lower fmin, higher fmax)."}. The same condition as librosa's "Empty filters detected" and torchaudio's
     * "At least one mel filterbank has all zero values".
     */
    public String emptyFiltersWarning() {
        int empty = emptyFilters();
        if (empty == 0) {
            return null;
        }
        StringBuilder which = new StringBuilder();
        int listed = 0;
        for (int m = 0; m < nMels && listed < 3; m++) {
            if (length[m] == 0) {
                which.append(listed++ == 0 ? "" : ", ").append(m);
            }
        }
        if (empty > listed) {
            which.append(", ...");
        }
        int bins = mel.scale() == MelScale.KALDI ? nFft / 2 : nFreq;
        return empty + " of " + nMels + " mel filters are empty (all weights zero; filter" + (empty == 1 ? " " : "s ")
                + which + "): " + sampleRateHz + " Hz with nFft " + nFft + " gives " + bins + " bins "
                + number((double) sampleRateHz / nFft) + " Hz apart, too coarse for " + nMels + " mels from "
                + number(mel.fminHz()) + " to " + number(fmaxHz) + " Hz. Their rows are always 0 (the floor after a"
                + " log). Use fewer mels, a larger nFft, or a wider band (lower fmin, higher fmax).";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A configuration already warned about. */
    private record WarningKey(int sampleRateHz, int nFft, MelOptions mel, double fmaxHz) {}

    /** Number of filters. */
    public int nMels() {
        return nMels;
    }

    /** Number of spectrum bins the filters apply to. */
    public int nFreq() {
        return nFreq;
    }

    /** First non-zero bin of filter {@code m}. */
    public int start(int m) {
        return start[m];
    }

    /** Number of bins of filter {@code m} from its first to its last non-zero weight (0 for an empty filter). */
    public int length(int m) {
        return length[m];
    }

    /** Offset of filter {@code m}'s first weight in {@link #weights()}. */
    public int offset(int m) {
        return offset[m];
    }

    /** First bins of all filters (a copy). */
    public int[] starts() {
        return start.clone();
    }

    /** Band lengths of all filters (a copy). */
    public int[] lengths() {
        return length.clone();
    }

    /** Weight offsets of all filters (a copy). */
    public int[] offsets() {
        return offset.clone();
    }

    /** The packed band weights (a copy). */
    public float[] weights() {
        return weights.clone();
    }

    /** Total stored weights (the non-zero band entries). */
    public int weightCount() {
        return weights.length;
    }

    /** Filters whose weights are all zero (too many mels for the FFT resolution). */
    public int emptyFilters() {
        int n = 0;
        for (int l : length) {
            if (l == 0) {
                n++;
            }
        }
        return n;
    }

    /** The dense float matrix {@code [nMels][nFreq]}. */
    public float[][] toDense() {
        float[][] d = new float[nMels][nFreq];
        for (int m = 0; m < nMels; m++) {
            System.arraycopy(weights, offset[m], d[m], start[m], length[m]);
        }
        return d;
    }
}
