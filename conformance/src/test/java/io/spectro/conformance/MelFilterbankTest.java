package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import io.spectro.dsp.MelFilterbank;
import io.spectro.io.NpyArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MelFilterbank} against the filterbanks of torchaudio ({@code melscale_fbanks}, {@code
 * compliance.kaldi.get_mel_banks}) and of librosa's formula in numpy (for an odd sample rate), saved by {@code
 * make_golden.py} as {@code melfb_*.npy} (float32 rounded from float64): every weight within {@value #REL} of the
 * filter's peak (the golden's own float32 rounding is 6e-8 of a weight), and the banded float form equal to the
 * dense form rounded to float.
 */
class MelFilterbankTest {
    static final double REL = 1e-6;

    record Case(String name, int sr, int nFft, MelOptions mel, double fmax) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return GoldenFiles.lines("melfb.tsv").stream().map(l -> {
            String[] f = l.split("\t");
            double fmax = Double.parseDouble(f[5]);
            return new Case(
                    f[0],
                    Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]),
                    new MelOptions(
                            Integer.parseInt(f[3]),
                            Double.parseDouble(f[4]),
                            fmax,
                            MelScale.parse(f[6]),
                            MelNorm.parse(f[7])),
                    fmax);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGoldenFilterbank(Case c) {
        NpyArray golden = GoldenFiles.npy("melfb_" + c.name + ".npy");
        int nMels = c.mel.nMels();
        int nFreq = c.nFft / 2 + 1;
        assertEquals(nMels, golden.dim(0));
        assertEquals(nFreq, golden.dim(1));
        double[][] dense = MelFilterbank.dense(c.sr, c.nFft, c.mel, c.fmax);
        MelFilterbank banded = MelFilterbank.create(c.sr, c.nFft, c.mel, c.fmax);
        float[][] bandedDense = banded.toDense();
        int emptyGolden = 0;
        for (int m = 0; m < nMels; m++) {
            double peak = 0;
            for (int k = 0; k < nFreq; k++) {
                peak = Math.max(peak, Math.abs(golden.data()[m * nFreq + k]));
            }
            if (peak == 0) {
                emptyGolden++;
            }
            for (int k = 0; k < nFreq; k++) {
                float g = golden.data()[m * nFreq + k];
                double err = Math.abs(dense[m][k] - g);
                int mm = m;
                int kk = k;
                double pk = peak;
                assertTrue(
                        err <= REL * peak,
                        () -> c.name + " filter " + mm + " bin " + kk + ": " + dense[mm][kk] + " vs golden " + g
                                + " (peak " + pk + ")");
                assertEquals((float) dense[m][k], bandedDense[m][k], c.name + " banded " + m + "," + k);
            }
        }
        assertEquals(emptyGolden, banded.emptyFilters(), c.name + ": empty filters");
        assertBandsAreTight(banded);
    }

    /** Each band starts at its first non-zero weight and ends at its last; offsets pack the bands. */
    static void assertBandsAreTight(MelFilterbank fb) {
        float[] w = fb.weights();
        int off = 0;
        for (int m = 0; m < fb.nMels(); m++) {
            assertEquals(off, fb.offset(m));
            if (fb.length(m) > 0) {
                assertTrue(w[fb.offset(m)] != 0.0f, "band " + m + " starts at a zero weight");
                assertTrue(w[fb.offset(m) + fb.length(m) - 1] != 0.0f, "band " + m + " ends at a zero weight");
                assertTrue(fb.start(m) + fb.length(m) <= fb.nFreq());
            }
            off += fb.length(m);
        }
        assertEquals(off, fb.weightCount());
    }

    @Test
    void melScalesRoundTrip() {
        for (MelScale s : MelScale.values()) {
            for (double hz : new double[] {0, 20, 440, 999.9, 1000, 1000.1, 8000, 22050}) {
                double back = MelFilterbank.melToHz(MelFilterbank.hzToMel(hz, s), s);
                assertEquals(hz, back, 1e-9 * Math.max(1, hz), s + " " + hz);
            }
        }
        // Anchors of each scale.
        assertEquals(15.0, MelFilterbank.hzToMel(1000, MelScale.SLANEY), 1e-12);
        assertEquals(3.0, MelFilterbank.hzToMel(200, MelScale.SLANEY), 1e-12);
        assertEquals(2595 * Math.log10(1 + 1000 / 700.0), MelFilterbank.hzToMel(1000, MelScale.HTK), 1e-9);
        assertEquals(1127 * Math.log(1 + 1000 / 700.0), MelFilterbank.hzToMel(1000, MelScale.KALDI), 1e-9);
    }
}
