package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.DetMath;
import io.spectro.dsp.ReferenceFft;
import io.spectro.dsp.SpecTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shared kernel source agrees with the host: float constants, table layouts, and the dialect's rules. */
class KernelSourceTest {
    static final String KERN = KernelSource.resource("spectro.kern");
    static final Pattern DEFINE = Pattern.compile("(?m)^#define (\\w+) (.+?)\\s*$");

    static Map<String, String> defines(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher d = DEFINE.matcher(text);
        while (d.find()) {
            m.put(d.group(1), d.group(2));
        }
        return m;
    }

    /** The source without comments. */
    static String code() {
        return KERN.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    @Test
    void floatConstantsAreTheHostsExactHexLiterals() {
        Map<String, String> kern = defines(KERN);
        Map<String, String> host = defines(DetMath.deviceConstants() + ReferenceFft.deviceConstants());
        assertEquals(24, host.size());
        for (Map.Entry<String, String> e : host.entrySet()) {
            assertEquals(e.getValue(), kern.get(e.getKey()), e.getKey() + " in spectro.kern");
        }
    }

    @Test
    void tableLayoutsMatchTheHost() {
        Map<String, String> k = defines(KERN);
        assertEquals(String.valueOf(DevicePlan.REDUCE_GROUP), k.get("REDUCE_GROUP"));
        assertEquals(String.valueOf(DevicePlan.CI_STRIDE), k.get("CI_STRIDE"));
        assertEquals(String.valueOf(SpecTables.LOG_NONE), k.get("LOG_NONE"));
        assertEquals(String.valueOf(SpecTables.LOG_DB), k.get("LOG_DB"));
        assertEquals(String.valueOf(SpecTables.LOG_LN), k.get("LOG_LN"));
        assertEquals(String.valueOf(SpecTables.LOG_LOG10), k.get("LOG_LOG10"));
        assertEquals(String.valueOf(io.spectro.dsp.FftPlan.MAX_DIRECT_PRIME), k.get("MAX_GENERIC_RADIX"));
        // DevicePlan writes (sampleOffset lo, hi, length, frameOffset, frames, outOffset lo, hi, 0).
        assertEquals("0", k.get("CI_SAMPLE_OFFSET"));
        assertEquals("2", k.get("CI_LENGTH"));
        assertEquals("3", k.get("CI_FRAME_OFFSET"));
        assertEquals("4", k.get("CI_FRAMES"));
        assertEquals("5", k.get("CI_OUT_OFFSET"));
    }

    @Test
    void sourceKeepsToTheDialect() {
        String code = code();
        for (String banned : List.of(
                "float2",
                "float4",
                "__constant",
                "printf",
                "double",
                "__kernel",
                "__global",
                "__local",
                "get_global_id",
                "threadIdx",
                "fma(",
                "mad(",
                "native_")) {
            assertFalse(code.contains(banned), "spectro.kern must not use " + banned + " (see DIALECT.md)");
        }
        Matcher ident =
                Pattern.compile("\\b(half|or|and|not|xor|floor|min|max)\\b").matcher(code);
        assertFalse(ident.find(), () -> "identifier reserved in a dialect: " + ident.group());
        // Every kernel (and kernel template) bound-checks its work-item index (clip_max checks its group).
        Matcher k = Pattern.compile("KERNEL (\\w+)\\(").matcher(code);
        while (k.find()) {
            String body = code.substring(k.end(), Math.min(code.length(), k.end() + 1200));
            assertTrue(
                    body.contains(">= count") || body.contains("FFT_PASS_BEGIN") || body.contains("< nClips"),
                    k.group(1) + " must bound-check GID()");
        }
    }

    @Test
    void everyKernelTheHostLaunchesIsDefined() {
        String code = code();
        java.util.Set<String> defined = new java.util.TreeSet<>();
        Matcher k = Pattern.compile("KERNEL (\\w+)\\(").matcher(code);
        while (k.find()) {
            defined.add(k.group(1));
        }
        Matcher t = Pattern.compile("(?m)^DEFINE_\\w+\\((\\w+),").matcher(code);
        while (t.find()) {
            defined.add(t.group(1));
        }
        defined.remove("NAME"); // the templates' parameter
        assertEquals(new java.util.TreeSet<>(DevicePlan.kernelNames()), defined);
    }

    @Test
    void programIsPreludeThenSource() {
        String p = KernelSource.program("opencl_prelude.h");
        assertTrue(p.startsWith(KernelSource.resource("opencl_prelude.h")));
        assertTrue(p.endsWith(KERN));
        assertTrue(KernelSource.resource("opencl_prelude.h").contains("#pragma OPENCL FP_CONTRACT OFF"));
    }
}
