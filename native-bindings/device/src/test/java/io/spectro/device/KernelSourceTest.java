package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.DetMath;
import io.spectro.dsp.ReferenceFft;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shared kernel source agrees with the host's float constants and keeps to the dialect's rules (see also {@link KernelAbiTest}). */
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
    void programIsPreludeThenSource() {
        String p = KernelSource.program("opencl_prelude.h");
        assertTrue(p.startsWith(KernelSource.resource("opencl_prelude.h")));
        assertTrue(p.endsWith(KERN));
        assertTrue(KernelSource.resource("opencl_prelude.h").contains("#pragma OPENCL FP_CONTRACT OFF"));
    }
}
