package io.spectro.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest {
    /** Run through the launcher only (surefire leaves nested classes alone): one test of each outcome. */
    static class Mixed {
        @Test
        void passes() {}

        @Test
        void fails() {
            fail("boom");
        }

        @Test
        void aborts() {
            assumeTrue(false, "no device here");
        }

        @Disabled("turned off")
        @Test
        void disabled() {}
    }

    /** A class whose set-up fails: its tests never run, the container fails. */
    static class BrokenSetUp {
        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("driver gone");
        }

        @Test
        void never() {}
    }

    /** Every test skipped by an assumption, as the conformance suite is where its backend is absent. */
    static class AllSkipped {
        @Test
        void one() {
            assumeTrue(false, "backend cuda skipped: libcuda.so.1 not found");
        }

        @Test
        void two() {
            assumeTrue(false, "backend cuda skipped: libcuda.so.1 not found");
        }
    }

    private final StringWriter progress = new StringWriter();

    private SuiteResult run(Path report, Class<?>... classes) {
        return SuiteRunner.run(
                "label",
                "cpu",
                java.util.Arrays.stream(classes).map(Class::getName).toList(),
                report,
                new PrintWriter(progress, true));
    }

    @Test
    void countsEachOutcomeAndNamesTheFailure(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("conformance-cpu.txt");
        Files.writeString(report, "line one\nline two\n");
        SuiteResult r = run(report, Mixed.class);
        assertEquals(4, r.tests());
        assertEquals(1, r.passed());
        assertEquals(1, r.failed());
        assertEquals(2, r.skipped());
        assertEquals("FAIL", r.status());
        assertEquals(1, r.failures().size());
        assertTrue(
                r.failures().get(0).test().endsWith("> fails()"),
                r.failures().get(0).test());
        assertTrue(
                r.failures().get(0).message().contains("boom"),
                r.failures().get(0).message());
        assertTrue(r.skipReasons().contains("turned off"), r.skipReasons().toString());
        assertTrue(
                r.skipReasons().contains("Assumption failed: no device here"),
                r.skipReasons().toString());
        assertEquals(List.of("line one", "line two"), r.goldenReport());
        assertTrue(progress.toString().contains("FAILED"), progress.toString());
        assertTrue(r.summary().startsWith("4 tests: 1 passed, 1 failed, 2 skipped; failed: "), r.summary());
    }

    @Test
    void aFailedSetUpFailsTheRunThoughNoTestRan() {
        SuiteResult r = run(null, BrokenSetUp.class);
        assertEquals("FAIL", r.status());
        assertEquals(0, r.passed());
        assertTrue(r.failures().get(0).message().contains("IllegalStateException: driver gone"), r.toString());
    }

    @Test
    void everyTestSkippedIsSkippedWithTheReason() {
        SuiteResult r = run(null, AllSkipped.class);
        assertEquals("SKIPPED", r.status());
        assertEquals(2, r.skipped());
        assertEquals(List.of("Assumption failed: backend cuda skipped: libcuda.so.1 not found"), r.skipReasons());
        assertTrue(r.summary().contains("(Assumption failed: backend cuda skipped"), r.summary());
    }

    @Test
    void aClassMissingFromTheBundleIsAFailureNotAnEmptyPass() {
        SuiteResult r = SuiteRunner.run(
                "label", "cuda", List.of("io.spectro.cuda.NoSuchTest"), null, new PrintWriter(progress, true));
        assertEquals("FAIL", r.status());
        assertTrue(
                r.failures().get(0).message().contains("not in the bundle"),
                r.failures().toString());
    }

    @Test
    void longMessagesAreCut() {
        SuiteResult.Problem p = new SuiteResult.Problem("t", "x".repeat(5000));
        assertEquals(SuiteResult.Problem.MAX_MESSAGE + 4, p.message().length());
    }
}
