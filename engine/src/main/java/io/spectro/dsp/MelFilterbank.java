package io.spectro.dsp;

import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;

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
    private final int nMels;
    private final int nFreq;
    private final int[] start;
    private final int[] length;
    private final int[] offset;
    private final float[] weights;

    private MelFilterbank(int nMels, int nFreq, int[] start, int[] length, int[] offset, float[] weights) {
        this.nMels = nMels;
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
        int nFreq = nFft / 2 + 1;
        int nMels = mel.nMels();
        MelScale scale = mel.scale();
        double[][] fb = new double[nMels][nFreq];
        double mMin = hzToMel(mel.fminHz(), scale);
        double mMax = hzToMel(fmaxHz, scale);
        double[] melPts = new double[nMels + 2];
        for (int i = 0; i < melPts.length; i++) {
            melPts[i] = mMin + (mMax - mMin) * i / (nMels + 1);
        }
        double[] hzPts = new double[melPts.length];
        for (int i = 0; i < melPts.length; i++) {
            hzPts[i] = melToHz(melPts[i], scale);
        }
        if (scale == MelScale.KALDI) {
            double binWidth = (double) sampleRateHz / nFft;
            int bins = nFft / 2;
            for (int m = 0; m < nMels; m++) {
                double left = melPts[m];
                double center = melPts[m + 1];
                double right = melPts[m + 2];
                for (int k = 0; k < bins; k++) {
                    double mk = hzToMel(binWidth * k, scale);
                    double up = (mk - left) / (center - left);
                    double down = (right - mk) / (right - center);
                    fb[m][k] = Math.max(0.0, Math.min(up, down));
                }
            }
        } else {
            double nyquist = sampleRateHz / 2.0;
            for (int m = 0; m < nMels; m++) {
                double fl = hzPts[m];
                double fc = hzPts[m + 1];
                double fr = hzPts[m + 2];
                for (int k = 0; k < nFreq; k++) {
                    double f = nFreq == 1 ? 0.0 : nyquist * k / (nFreq - 1);
                    double lower = (f - fl) / (fc - fl);
                    double upper = (fr - f) / (fr - fc);
                    fb[m][k] = Math.max(0.0, Math.min(lower, upper));
                }
            }
        }
        if (mel.norm() == MelNorm.SLANEY) {
            for (int m = 0; m < nMels; m++) {
                double enorm = 2.0 / (hzPts[m + 2] - hzPts[m]);
                for (int k = 0; k < nFreq; k++) {
                    fb[m][k] *= enorm;
                }
            }
        }
        return fb;
    }

    /** The banded float filterbank for a spec's mel stage. */
    public static MelFilterbank create(int sampleRateHz, int nFft, MelOptions mel, double fmaxHz) {
        double[][] fb = dense(sampleRateHz, nFft, mel, fmaxHz);
        int nMels = fb.length;
        int nFreq = nFft / 2 + 1;
        int[] start = new int[nMels];
        int[] length = new int[nMels];
        int[] offset = new int[nMels];
        int total = 0;
        for (int m = 0; m < nMels; m++) {
            int first = -1;
            int last = -2;
            for (int k = 0; k < nFreq; k++) {
                if ((float) fb[m][k] != 0.0f) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            start[m] = Math.max(first, 0);
            length[m] = last - first + 1 > 0 ? last - first + 1 : 0;
            offset[m] = total;
            total += length[m];
        }
        float[] w = new float[total];
        for (int m = 0; m < nMels; m++) {
            for (int j = 0; j < length[m]; j++) {
                w[offset[m] + j] = (float) fb[m][start[m] + j];
            }
        }
        return new MelFilterbank(nMels, nFreq, start, length, offset, w);
    }

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
