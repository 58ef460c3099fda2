package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.spi.Availability;
import io.spectro.spi.BackendException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real provider on a machine without the NVIDIA driver (every build machine of this project): the probe answers
 * with a one-line reason naming libcuda.so.1 and never throws, automatic and named selection fall back to another
 * backend with that reason in the notes, and strict selection fails with it. Skipped where libcuda.so.1 exists.
 */
class CudaAbsentTest {
    @BeforeAll
    static void onlyWithoutDriver() {
        boolean present;
        try (Arena a = Arena.ofConfined()) {
            SymbolLookup.libraryLookup("libcuda.so.1", a);
            present = true;
        } catch (IllegalArgumentException e) {
            present = false;
        }
        assumeTrue(!present, "libcuda.so.1 is installed here: the no-driver behaviour cannot be observed");
    }

    @Test
    void probeSaysLibcudaIsMissingOnOneLine() {
        Availability a = new CudaBackendProvider().probe();
        assertFalse(a.available());
        assertTrue(a.detail().contains("libcuda.so.1"), a.detail());
        assertFalse(a.detail().contains("\n"), a.detail());
        assertTrue(a.devices().isEmpty());
    }

    @Test
    void theJCudaLoaderPathGivesTheSameReasonWithoutThrowing() {
        // Skip the FFM pre-check so JCuda's own loader runs: UnsatisfiedLinkError on first use, NoClassDefFoundError
        // afterwards. Both must become the libcuda.so.1 reason.
        DriverApi jcudaOnly = new DriverApi() {
            final JCudaDriverApi real = new JCudaDriverApi();

            @Override
            public String libraryProblem() {
                return null;
            }

            @Override
            public int init() {
                return real.init();
            }

            @Override
            public int driverVersion() {
                return real.driverVersion();
            }

            @Override
            public int deviceCount() {
                return real.deviceCount();
            }

            @Override
            public Device device(int ordinal) {
                return real.device(ordinal);
            }
        };
        for (int attempt = 0; attempt < 2; attempt++) {
            Availability a = new CudaBackendProvider(jcudaOnly).probe();
            assertFalse(a.available());
            assertTrue(a.detail().contains("libcuda.so.1"), "attempt " + attempt + ": " + a.detail());
            assertFalse(a.detail().contains("\n"), a.detail());
        }
    }

    @Test
    void listedByTheEngineWithItsReason() {
        BackendStatus cuda = Spectro.backends().stream()
                .filter(b -> b.name().equals("cuda"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("cuda provider not found by ServiceLoader"));
        assertEquals(300, cuda.priority());
        assertTrue(cuda.describe().startsWith("cuda: unavailable: "), cuda.describe());
        assertTrue(cuda.describe().contains("libcuda.so.1"), cuda.describe());
    }

    @Test
    void namedSelectionFallsBackWithTheReason() {
        try (Spectro s = Spectro.builder().backend("cuda").build()) {
            assertNotEquals("cuda", s.backendName());
            assertTrue(
                    s.selectionNotes().stream().anyMatch(n -> n.startsWith("cuda: ") && n.contains("libcuda.so.1")),
                    s.selectionNotes().toString());
        }
    }

    @Test
    void strictSelectionThrowsTheReason() {
        BackendException e = assertThrows(
                BackendException.class,
                () -> Spectro.builder().backend("cuda").strict(true).build().close());
        assertTrue(e.getMessage().contains("cuda"), e.getMessage());
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
    }
}
