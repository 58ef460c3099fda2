package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decoder fuzzer in the test suite: a bounded run (a fixed seed, seconds) must find no crash, and the watchdog it
 * relies on must really catch hangs, exceptions and allocations (so that "no crash" is not vacuous). The 10^6-execution
 * run is on demand: see {@link DecoderFuzzer}.
 */
class DecoderFuzzTest {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aBoundedFuzzRunFindsNoCrash() throws Exception {
        DecoderFuzzer.Config config =
                DecoderFuzzer.Config.defaults(20_000, 20261205).withTimeout(20_000);
        DecoderFuzzer.Report report = new DecoderFuzzer(config, DecoderFuzzer.corpusSeeds()).run();
        System.out.print("DecoderFuzzTest: " + report.summary());
        assertEquals(20_000, report.executions());
        assertEquals(EnumSet.allOf(FuzzTarget.class), report.perTarget().keySet(), "every target ran");
        assertTrue(report.decoded() > 500 && report.rejected() > 5_000, report::summary);
        assertTrue(report.outcomes() > 150, () -> "the mutations reach few decoder paths: " + report.summary());
        assertEquals(
                java.util.List.of(),
                report.crashes().stream()
                        .map(c -> c.target() + " " + c.kind() + ": " + c.signature() + "\n" + c.detail())
                        .toList());
    }

    @Test
    void theWatchdogReportsAHangAndMovesOn() throws InterruptedException {
        try (FuzzWatchdog w = new FuzzWatchdog(200)) {
            FuzzWatchdog.Result<String> hang = w.run(() -> {
                while (true) {
                    Thread.onSpinWait(); // ignores interrupts, like a decoder stuck in a loop
                }
            });
            assertTrue(hang.timedOut());
            assertTrue(hang.stack().length > 0, "where it hung");
            FuzzWatchdog.Result<String> next = w.run(() -> "fine");
            assertEquals("fine", next.value());
            assertEquals(1, w.abandoned());
        }
    }

    @Test
    void theWatchdogCatchesExceptionsAndMeasuresAllocation() throws InterruptedException {
        try (FuzzWatchdog w = new FuzzWatchdog(10_000)) {
            FuzzWatchdog.Result<Object> thrown = w.run(() -> {
                throw new IllegalStateException("boom");
            });
            assertNotNull(thrown.failure());
            assertEquals("boom", thrown.failure().getMessage());
            FuzzWatchdog.Result<Integer> big = w.run(() -> new byte[64 << 20].length);
            assertTrue(big.allocatedBytes() >= 64 << 20, "allocated " + big.allocatedBytes());
            FuzzWatchdog.Result<Integer> small = w.run(() -> 7);
            assertTrue(small.allocatedBytes() < 1 << 20, "allocated " + small.allocatedBytes());
        }
    }

    @Test
    void aTypedErrorMustNameTheInputAndAnOffsetInsideIt() {
        String signature = DecoderFuzzer.signature(new IllegalStateException("x"));
        assertTrue(signature.startsWith("java.lang.IllegalStateException at "), signature);
        AssertionError otherName = assertThrows(
                AssertionError.class,
                () -> FuzzTarget.typed(
                        new WavFormatException("other-name", 0, WavFormatException.Kind.MALFORMED, "x"), 0, 10, "x"));
        assertTrue(otherName.getMessage().contains("does not name the input"), otherName.getMessage());
        AssertionError pastTheEnd = assertThrows(
                AssertionError.class,
                () -> FuzzTarget.typed(
                        new WavFormatException(FuzzTarget.NAME, 11, WavFormatException.Kind.MALFORMED, "x"),
                        11,
                        10,
                        "x"));
        assertTrue(pastTheEnd.getMessage().contains("past the end"), pastTheEnd.getMessage());
    }
}
