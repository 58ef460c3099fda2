package io.spectro.gpucheck;

import java.util.List;

/**
 * What one conformance run found: counts of the tests, every failure with its message, why tests were skipped, and
 * the suite's per-configuration report lines (difference from the golden references and from the CPU reference).
 *
 * @param label the run's name ({@code cuda}, {@code cuda-ownfft})
 * @param backend the backend under test
 * @param required whether {@code spectro.require.<backend>} was set (an unusable backend then fails the suite)
 * @param classes the test classes run
 * @param tests tests that ran or were skipped
 * @param passed tests that passed
 * @param failed tests that failed
 * @param skipped tests skipped or aborted (an assumption failed: the backend cannot be used here)
 * @param failures every failed test or container, with its message
 * @param skipReasons the distinct reasons tests were skipped
 * @param goldenReport the suite's lines from {@code target/conformance-<backend>.txt}
 * @param seconds wall time of the run
 */
record SuiteResult(
        String label,
        String backend,
        boolean required,
        List<String> classes,
        int tests,
        int passed,
        int failed,
        int skipped,
        List<Problem> failures,
        List<String> skipReasons,
        List<String> goldenReport,
        double seconds) {

    /** Copies the lists. */
    SuiteResult {
        classes = List.copyOf(classes);
        failures = List.copyOf(failures);
        skipReasons = List.copyOf(skipReasons);
        goldenReport = List.copyOf(goldenReport);
    }

    /**
     * A failed test or container.
     *
     * @param test the test's path of display names ({@code CudaConformanceTest > golden(GoldenConfig) > [3] ...})
     * @param message the exception's class and message, at most {@value #MAX_MESSAGE} characters
     */
    record Problem(String test, String message) {
        static final int MAX_MESSAGE = 2000;

        /** Cuts the message to {@link #MAX_MESSAGE} characters. */
        Problem {
            if (message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + " ...";
            }
        }
    }

    /**
     * {@code PASS} (no failure and at least one test passed), {@code FAIL} (a test or container failed), {@code
     * SKIPPED} (every test skipped: the backend cannot be used here) or {@code EMPTY} (no test found: a selection that
     * names nothing is a fault of the bundle, not a pass).
     */
    String status() {
        if (!failures.isEmpty()) {
            return "FAIL";
        }
        if (passed > 0) {
            return "PASS";
        }
        return tests > 0 ? "SKIPPED" : "EMPTY";
    }

    /** One line: counts, the first skip reason when every test was skipped, and the first failures. */
    String summary() {
        String counts = tests + " tests: " + passed + " passed, " + failed + " failed, " + skipped + " skipped";
        String why = status().equals("SKIPPED") && !skipReasons.isEmpty() ? " (" + skipReasons.get(0) + ")" : "";
        String failedNames = failures.isEmpty()
                ? ""
                : "; failed: "
                        + String.join(
                                ", ",
                                failures.stream().limit(3).map(Problem::test).toList())
                        + (failures.size() > 3 ? ", ..." : "");
        return counts + why + failedNames;
    }
}
