package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spectro.dsp.Dct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Dct} against torchaudio's {@code create_dct(n_mfcc, n_mels, norm="ortho")} and librosa's lifter formula,
 * saved in float64 by {@code make_golden.py}: the float tables are the golden values rounded to float, within one
 * float ulp (the two double evaluations may straddle a rounding boundary).
 */
class DctTest {

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"13, 40", "20, 128", "1, 1", "40, 40", "5, 7"})
    void orthoMatrixMatchesTorchaudio(int nMfcc, int nMels) {
        double[] golden = GoldenFiles.doubles("dct_" + nMfcc + "x" + nMels + ".npy");
        float[] d = Dct.orthoMatrix(nMfcc, nMels);
        assertEquals(golden.length, d.length);
        for (int i = 0; i < d.length; i++) {
            assertEquals(golden[i], d[i], Math.ulp((float) golden[i]) + 1e-12, "entry " + i);
        }
    }

    @ParameterizedTest(name = "n {0}, lifter {1}")
    @CsvSource({"13, 22.0", "20, 22.0", "12, 3.0", "40, 1.5"})
    void lifterMatchesLibrosa(int nMfcc, double lifter) {
        double[] golden = GoldenFiles.doubles("lifter_" + nMfcc + "_" + lifter + ".npy");
        float[] l = Dct.lifter(nMfcc, lifter);
        assertEquals(golden.length, l.length);
        for (int i = 0; i < l.length; i++) {
            assertEquals(golden[i], l[i], Math.ulp((float) golden[i]), "coefficient " + i);
        }
    }

    @Test
    void lifterZeroIsOnesAndBadSizesAreRejected() {
        for (float v : Dct.lifter(13, 0)) {
            assertEquals(1.0f, v);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dct.orthoMatrix(41, 40));
        assertEquals(true, e.getMessage().contains("nMfcc = 41"));
        assertThrows(IllegalArgumentException.class, () -> Dct.orthoMatrix(0, 40));
    }
}
