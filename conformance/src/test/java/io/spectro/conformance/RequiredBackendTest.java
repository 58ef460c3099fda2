package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A required backend that cannot be opened fails the conformance suite instead of skipping it (the CPU backend's
 * suite is required), and an optional one skips with the reason.
 */
class RequiredBackendTest {
    private static final class Suite extends AbstractBackendConformanceTest {
        private final boolean required;

        Suite(boolean required) {
            this.required = required;
        }

        @Override
        protected String backendName() {
            return "no-such-backend";
        }

        @Override
        protected boolean required() {
            return required;
        }
    }

    @Test
    void aRequiredBackendThatCannotOpenFailsTheSuite() {
        Suite suite = new Suite(true);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, suite::openBackend);
        assertTrue(
                e.getMessage().contains("backend no-such-backend is required here (Suite.required())"), e::getMessage);
        assertTrue(e.getMessage().contains("not on the class path"), e::getMessage);
    }

    @Test
    void anOptionalBackendThatCannotOpenIsSkippedWithTheReason() {
        Suite suite = new Suite(false);
        suite.openBackend();
        TestAbortedException e = assertThrows(TestAbortedException.class, suite::spectro);
        assertTrue(e.getMessage().contains("not on the class path"), e::getMessage);
    }
}
