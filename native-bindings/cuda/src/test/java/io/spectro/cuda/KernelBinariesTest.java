package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The kernel manifest and the rules for which GPUs and drivers can run the shipped kernels. */
class KernelBinariesTest {
    static final KernelBinaries K = new KernelBinaries("13.0", new int[] {90, 75, 80, 86, 89}, 90, 13000);

    @Test
    void sassRunsOnSameMajorWithEqualOrHigherMinor() {
        assertEquals("SASS sm_75", K.compatibility(7, 5, 12000));
        assertEquals("SASS sm_80", K.compatibility(8, 0, 12000));
        assertEquals("SASS sm_86", K.compatibility(8, 6, 11080));
        assertEquals("SASS sm_86", K.compatibility(8, 7, 12000)); // Orin: sm_86 code runs on 8.7
        assertEquals("SASS sm_89", K.compatibility(8, 9, 12000));
        assertEquals("SASS sm_90", K.compatibility(9, 0, 12020));
    }

    @Test
    void newerArchitecturesNeedPtxAndADriverThatReadsIt() {
        assertEquals("PTX JIT from compute_90", K.compatibility(10, 0, 13000));
        assertEquals("PTX JIT from compute_90", K.compatibility(12, 0, 13010));
        String old = K.compatibility(12, 0, 12080);
        assertFalse(KernelBinaries.usable(old));
        assertTrue(old.contains("no SASS for sm_120") && old.contains("CUDA 13.0 driver") && old.contains("12.8"), old);
    }

    @Test
    void olderArchitecturesAreRefused() {
        String v100 = K.compatibility(7, 0, 13000);
        assertFalse(KernelBinaries.usable(v100));
        assertTrue(v100.contains("compute capability 7.0 is older than the oldest target"), v100);
        assertFalse(KernelBinaries.usable(K.compatibility(6, 1, 13000)));
    }

    @Test
    void withoutPtxANewerArchitectureIsRefused() {
        KernelBinaries sassOnly = new KernelBinaries("13.0", new int[] {80}, 0, 0);
        assertFalse(KernelBinaries.usable(sassOnly.compatibility(9, 0, 13000)));
        assertEquals("sm_80", sassOnly.describeTargets());
    }

    @Test
    void manifestParsing() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader("nvcc.version=13.0\nsass=75, 80,86,89,90\nptx=90\nptx.min.driver=13000\n"));
        KernelBinaries k = KernelBinaries.parse(p);
        assertEquals(K, k);
        assertArrayEquals(new int[] {75, 80, 86, 89, 90}, k.sass());
        assertEquals("nvcc 13.0: sm_75, sm_80, sm_86, sm_89, sm_90 + compute_90 PTX", k.toString());

        Properties bad = new Properties();
        bad.setProperty("nvcc.version", "13.0");
        bad.setProperty("sass", "75,eighty");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelBinaries.parse(bad));
        assertTrue(e.getMessage().contains("bad sass list"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelBinaries.parse(new Properties()));
    }

    @Test
    void driverVersionStrings() {
        assertEquals("12.4", KernelBinaries.driverString(12040));
        assertEquals("13.0", KernelBinaries.driverString(13000));
        assertEquals("11.8", KernelBinaries.driverString(11080));
    }
}
