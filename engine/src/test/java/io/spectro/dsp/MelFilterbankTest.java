package io.spectro.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Empty mel filters (more mels than the FFT resolves): counted as torchaudio counts them, warned about once per
 * configuration as librosa and torchaudio do, and the banded filterbank built row by row equals the dense one.
 */
class MelFilterbankTest {

    /**
     * All-zero rows of torchaudio 0.13.1's {@code melscale_fbanks(nFft // 2 + 1, fmin, fmax, nMels, sr, norm, scale)},
     * which warns "At least one mel filterbank has all zero values" for each non-zero count:
     *
     * <pre>{@code
     * fb = torchaudio.functional.melscale_fbanks(nfft // 2 + 1, fmin, fmax, n_mels, sr, norm, scale)
     * empty = int((fb.max(dim=0).values == 0).sum())
     * }</pre>
     */
    record Case(int rate, int nFft, int nMels, double fmin, double fmax, MelScale scale, MelNorm norm, int empty) {}

    static final List<Case> TORCHAUDIO = List.of(
            new Case(16000, 400, 80, 0, 8000, MelScale.SLANEY, MelNorm.SLANEY, 0),
            new Case(16000, 400, 128, 0, 8000, MelScale.SLANEY, MelNorm.SLANEY, 0),
            new Case(16000, 400, 200, 0, 8000, MelScale.HTK, MelNorm.NONE, 21),
            new Case(16000, 400, 100_000, 0, 8000, MelScale.SLANEY, MelNorm.SLANEY, 99_602),
            new Case(22050, 2048, 128, 0, 11025, MelScale.SLANEY, MelNorm.SLANEY, 0),
            new Case(8000, 64, 40, 0, 4000, MelScale.HTK, MelNorm.NONE, 4),
            new Case(44100, 512, 256, 20, 20000, MelScale.HTK, MelNorm.SLANEY, 57),
            new Case(16000, 512, 64, 300, 8000, MelScale.SLANEY, MelNorm.NONE, 0));

    /**
     * The count here: torchaudio's, except that with 100,000 mels one filter whose edge falls on a bin keeps a
     * rounding residue of 2.9e-11 as its only weight (exactly 0 in torchaudio and in numpy's linspace-based formula).
     */
    private static int spectroCount(Case c) {
        return c.nMels() == 100_000 ? c.empty() - 1 : c.empty();
    }

    private static MelFilterbank create(Case c) {
        return MelFilterbank.create(
                c.rate(), c.nFft(), new MelOptions(c.nMels(), c.fmin(), c.fmax(), c.scale(), c.norm()), c.fmax());
    }

    @Test
    void emptyFiltersAreCountedAsTorchaudioCountsThem() {
        for (Case c : TORCHAUDIO) {
            MelFilterbank fb = create(c);
            assertEquals(spectroCount(c), fb.emptyFilters(), c::toString);
            String warning = fb.emptyFiltersWarning();
            if (c.empty() == 0) {
                assertNull(warning, c::toString);
            } else {
                assertTrue(
                        warning.startsWith(spectroCount(c) + " of " + c.nMels() + " mel filters are empty"), warning);
            }
        }
    }

    @Test
    void theWarningNamesTheCountAndTheFixes() {
        String w = create(TORCHAUDIO.get(2)).emptyFiltersWarning();
        assertEquals(
                "21 of 200 mel filters are empty (all weights zero; filters 0, 1, 2, ...): 16000 Hz with nFft 400 gives"
                        + " 201 bins 40 Hz apart, too coarse for 200 mels from 0 to 8000 Hz. Their rows are always 0"
                        + " (the floor after a log). Use fewer mels, a larger nFft, or a wider band (lower fmin, higher"
                        + " fmax).",
                w);
    }

    @Test
    void theWarningIsLoggedOncePerConfiguration() {
        Logger log = Logger.getLogger("io.spectro");
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("mel filters are empty")) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            // A configuration no other test uses, so that it has not been warned about in this JVM.
            SpectrogramSpec spec = SpectrogramSpec.builder()
                    .sampleRateHz(12_345)
                    .nFft(300)
                    .mel(333)
                    .build();
            for (int i = 0; i < 3; i++) {
                SpecTables.of(spec);
            }
            assertEquals(1, records.size(), "warned " + records.size() + " times");
            assertEquals(Level.WARNING, records.getFirst().getLevel());
            assertTrue(records.getFirst().getMessage().contains("of 333 mel filters are empty"));
            SpecTables.of(Presets.whisper());
            SpecTables.of(Presets.librosa());
            assertEquals(1, records.size(), "the presets have no empty filters");
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void theBandedFiltersBuiltRowByRowEqualTheDenseMatrix() {
        List<Case> cases = new ArrayList<>(TORCHAUDIO.subList(0, 3));
        cases.add(new Case(16000, 512, 23, 20, 7600, MelScale.KALDI, MelNorm.NONE, 0));
        cases.add(new Case(16000, 400, 80, 20, 8000, MelScale.KALDI, MelNorm.SLANEY, 0));
        for (Case c : cases) {
            MelOptions mel = new MelOptions(c.nMels(), c.fmin(), c.fmax(), c.scale(), c.norm());
            double[][] dense = MelFilterbank.dense(c.rate(), c.nFft(), mel, c.fmax());
            float[][] banded =
                    MelFilterbank.create(c.rate(), c.nFft(), mel, c.fmax()).toDense();
            for (int m = 0; m < dense.length; m++) {
                float[] expected = new float[dense[m].length];
                for (int k = 0; k < expected.length; k++) {
                    expected[k] = (float) dense[m][k];
                }
                assertArrayEquals(expected, banded[m], c + " filter " + m);
            }
        }
    }

    @Test
    void oneHundredThousandMelsAtNfft400NeedNoDenseMatrix() {
        // The dense matrix would be 100000 x 201 doubles (160 MB); row by row needs a row and the few weights.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        MelFilterbank fb = create(TORCHAUDIO.get(3));
        long used = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(99_601, fb.emptyFilters());
        assertTrue(used < 32 << 20, "allocated " + used + " bytes");
    }
}
