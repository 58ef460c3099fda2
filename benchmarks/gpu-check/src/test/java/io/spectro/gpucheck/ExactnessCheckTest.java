package io.spectro.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import org.junit.jupiter.api.Test;

class ExactnessCheckTest {
    @Test
    void theCpuBackendAgainstItselfIsBitIdentical() {
        ExactnessCheck.Result r = ExactnessCheck.run("cpu", 2, 1, true);
        assertEquals("PASS", r.status(), r.toString());
        assertEquals(Presets.NAMES.size(), r.presets().size());
        for (ExactnessCheck.PresetResult p : r.presets()) {
            assertEquals(0, p.deterministicMismatches(), p.toString());
            assertTrue(p.values() > 0, p.toString());
            assertEquals(0.0, p.normalMaxAbs(), p.toString());
        }
        assertTrue(r.summary().contains("deterministic bit-identical (0 of "), r.summary());
    }

    @Test
    void aBackendThatCannotOpenIsSkippedWithItsReasonOrFailsWhenRequired() {
        ExactnessCheck.Result skipped = ExactnessCheck.run("metal", 1, 1, false);
        assertEquals("SKIPPED", skipped.status());
        assertTrue(skipped.reason().startsWith("metal cannot be used here: "), skipped.reason());
        assertEquals(skipped.reason(), skipped.summary());
        assertEquals("FAIL", ExactnessCheck.run("metal", 1, 1, true).status());
    }

    @Test
    void normalModeMayDifferByTwiceTheGoldenBound() {
        assertTrue(new ExactnessCheck.PresetResult("p", 10, 0, "", "c", 1e-3, 1.9).ok());
        assertTrue(!new ExactnessCheck.PresetResult("p", 10, 0, "", "c", 1e-3, 2.1).ok());
        assertTrue(!new ExactnessCheck.PresetResult("p", 10, 1, "x", "c", 0, 0).ok());
    }
}
