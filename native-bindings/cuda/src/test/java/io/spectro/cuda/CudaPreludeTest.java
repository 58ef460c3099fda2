package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.device.KernelSource;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The two dialect preludes define the same names, so that spectro.kern means the same on both APIs. (Compiling
 * spectro.kern with nvcc checks the CUDA side fully; this check also runs where nvcc is absent.)
 */
class CudaPreludeTest {
    private static final Pattern DEFINE = Pattern.compile("(?m)^\\s*#\\s*define\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TYPEDEF =
            Pattern.compile("(?m)^\\s*typedef\\s+[^;]*?\\b([A-Za-z_][A-Za-z0-9_]*)\\s*;");

    static Set<String> names(String source) {
        Set<String> out = new TreeSet<>();
        for (Pattern p : new Pattern[] {DEFINE, TYPEDEF}) {
            Matcher m = p.matcher(source);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        out.removeIf(n -> n.startsWith("SPECTRO_") && n.endsWith("_H")); // include guards
        return out;
    }

    @Test
    void bothPreludesDefineTheSameDialect() {
        Set<String> cuda = names(KernelSource.resource("cuda_prelude.h"));
        Set<String> opencl = names(KernelSource.resource("opencl_prelude.h"));
        assertEquals(opencl, cuda, "opencl_prelude.h and cuda_prelude.h must define the same macros and types");
        assertEquals(
                true, cuda.containsAll(Set.of("KERNEL", "DEVFN", "GLOBAL", "GID", "SQRT_RN", "i64")), cuda.toString());
    }
}
