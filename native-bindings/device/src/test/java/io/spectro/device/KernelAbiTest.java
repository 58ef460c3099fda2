package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.PadMode;
import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.LogKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every value of {@link KernelAbi} equals its counterpart in the kernel source, read from the class path. */
class KernelAbiTest {
    static final Map<String, String> DEFINES = KernelSourceTest.defines(KernelSourceTest.KERN);

    static int define(String name) {
        String v = DEFINES.get(name);
        assertTrue(v != null, "spectro.kern has no #define " + name);
        return Integer.parseInt(v);
    }

    @Test
    void clipTableLayoutMatchesTheSource() {
        assertEquals(define("CI_STRIDE"), KernelAbi.CI_STRIDE);
        assertEquals(define("CI_SAMPLE_OFFSET"), KernelAbi.CI_SAMPLE_OFFSET);
        assertEquals(define("CI_LENGTH"), KernelAbi.CI_LENGTH);
        assertEquals(define("CI_FRAME_OFFSET"), KernelAbi.CI_FRAME_OFFSET);
        assertEquals(define("CI_FRAMES"), KernelAbi.CI_FRAMES);
        assertEquals(define("CI_OUT_OFFSET"), KernelAbi.CI_OUT_OFFSET);
        // The fields fit in the stride without overlapping (the two 64-bit ones take two ints each).
        Set<Integer> used = new HashSet<>();
        for (int at : new int[] {
            KernelAbi.CI_SAMPLE_OFFSET,
            KernelAbi.CI_SAMPLE_OFFSET + 1,
            KernelAbi.CI_LENGTH,
            KernelAbi.CI_FRAME_OFFSET,
            KernelAbi.CI_FRAMES,
            KernelAbi.CI_OUT_OFFSET,
            KernelAbi.CI_OUT_OFFSET + 1
        }) {
            assertTrue(at >= 0 && at < KernelAbi.CI_STRIDE && used.add(at), "clip table field at int " + at);
        }
    }

    @Test
    void frameTablesAreTwoIntArrays() {
        // frame_torch, frame_kaldi, deltas and transpose_out take one int per frame in each of frameClip, frameIndex.
        Matcher m =
                Pattern.compile("GLOBAL const int\\* (frameClip|frameIndex)").matcher(KernelSourceTest.code());
        Set<String> tables = new TreeSet<>();
        while (m.find()) {
            tables.add(m.group(1));
        }
        assertEquals(KernelAbi.FRAME_TABLE_INTS, tables.size());
    }

    @Test
    void groupAndRadixLimitsMatchTheSource() {
        assertEquals(define("REDUCE_GROUP"), KernelAbi.REDUCE_GROUP);
        assertEquals(0, KernelAbi.REDUCE_GROUP & (KernelAbi.REDUCE_GROUP - 1), "clip_max's tree needs a power of 2");
        assertEquals(define("MAX_GENERIC_RADIX"), KernelAbi.MAX_GENERIC_RADIX);
        assertTrue(FftPlan.MAX_DIRECT_PRIME <= KernelAbi.MAX_GENERIC_RADIX);
    }

    @Test
    void padCodesMatchTheSource() {
        for (PadMode mode : PadMode.values()) {
            assertEquals(define("PAD_" + mode.name()), KernelAbi.padCode(mode), mode.name());
        }
    }

    @Test
    void everyLogVariantIsTheTemplateWithItsLogStage() {
        String code = KernelSourceTest.code();
        for (KernelId k : KernelId.values()) {
            if (!k.hasLogVariants()) {
                assertThrows(IllegalStateException.class, () -> k.symbol(LogKind.DB));
                continue;
            }
            for (LogKind log : LogKind.values()) {
                String instance = "DEFINE_" + k.name() + "(" + k.symbol(log) + ", LOG_STAGE_" + log.name() + ")";
                assertTrue(code.contains(instance), "spectro.kern must define " + instance);
            }
        }
        assertEquals("mel_log10", KernelId.MEL.symbol(LogKind.LOG10));
        assertEquals("spectrum_power", KernelId.SPECTRUM_POWER.symbol(LogKind.NONE));
    }

    @Test
    void everyKernelIsDefinedAndNoOther() {
        String code = KernelSourceTest.code();
        Set<String> defined = new TreeSet<>();
        Matcher k = Pattern.compile("KERNEL (\\w+)\\(").matcher(code);
        while (k.find()) {
            defined.add(k.group(1));
        }
        Matcher t = Pattern.compile("(?m)^DEFINE_\\w+\\((\\w+),").matcher(code);
        while (t.find()) {
            defined.add(t.group(1));
        }
        defined.remove("NAME"); // the templates' parameter
        List<String> names = KernelAbi.kernelNames();
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate kernel names");
        assertEquals(defined, new TreeSet<>(names));
    }

    @Test
    void radixKernels() {
        assertEquals("fft_radix2", KernelId.fftRadix(2).symbol());
        assertEquals("fft_radix5", KernelId.fftRadix(5).symbol());
        assertThrows(IllegalArgumentException.class, () -> KernelId.fftRadix(7));
    }
}
