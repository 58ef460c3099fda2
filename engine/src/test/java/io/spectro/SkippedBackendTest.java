package io.spectro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.BackendProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backend selection records why each backend was not used as data ({@link SkippedBackend}), and the strict error
 * carries that reason. Three test providers are registered in this module's test resources: {@code absent} (its probe
 * says no), {@code broken} (its probe says yes, opening fails) and {@code working}, in that priority order.
 */
class SkippedBackendTest {

    @Test
    void automaticSelectionRecordsEveryBackendItPassedOver() {
        try (Spectro s = Spectro.builder().backend("auto").build()) {
            assertEquals("working", s.backendName());
            assertEquals(
                    List.of(new SkippedBackend("absent", Absent.REASON), new SkippedBackend("broken", Broken.REASON)),
                    s.skippedBackends());
            assertEquals(List.of("absent: " + Absent.REASON, "broken: " + Broken.REASON), s.selectionNotes());
        }
    }

    @Test
    void aNamedBackendThatFailsFallsBackOrIsAnErrorWhenStrict() {
        try (Spectro s = Spectro.builder().backend("broken").build()) {
            assertEquals("working", s.backendName());
            assertEquals(
                    new SkippedBackend("broken", Broken.REASON),
                    s.skippedBackends().get(0));
        }
        BackendException e = assertThrows(
                BackendException.class,
                () -> Spectro.builder().backend("BROKEN").strict(true).build());
        assertEquals("backend 'broken' cannot be used: " + Broken.REASON, e.getMessage());
        e = assertThrows(
                BackendException.class,
                () -> Spectro.builder().backend("absent").strict(true).build());
        assertEquals("backend 'absent' cannot be used: " + Absent.REASON, e.getMessage());
    }

    /** Probes as unavailable. */
    public static final class Absent implements BackendProvider {
        static final String REASON = "no absent device here";

        @Override
        public String name() {
            return "absent";
        }

        @Override
        public int priority() {
            return 300;
        }

        @Override
        public Availability probe() {
            return Availability.no(REASON);
        }

        @Override
        public Backend create(BackendConfig config) {
            throw new AssertionError("create() of an unavailable backend must not be called");
        }
    }

    /** Probes as available, fails to open. */
    public static final class Broken implements BackendProvider {
        static final String REASON = "driver crashed: reinstall it";

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public int priority() {
            return 200;
        }

        @Override
        public Availability probe() {
            return Availability.yes("", List.of());
        }

        @Override
        public Backend create(BackendConfig config) {
            throw new BackendException(REASON);
        }
    }

    /** Opens; these tests never plan on it. */
    public static final class Working implements BackendProvider {
        @Override
        public String name() {
            return "working";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public Availability probe() {
            return Availability.yes("", List.of());
        }

        @Override
        public Backend create(BackendConfig config) {
            return new Backend() {
                @Override
                public String name() {
                    return "working";
                }

                @Override
                public String deviceName() {
                    return "no device";
                }

                @Override
                public BackendPlan plan(SpectrogramSpec spec) {
                    throw new BackendException("the selection tests' backend computes nothing");
                }

                @Override
                public void close() {}
            };
        }
    }
}
