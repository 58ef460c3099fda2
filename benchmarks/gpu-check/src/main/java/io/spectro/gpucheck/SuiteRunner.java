package io.spectro.gpucheck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.spectro.gpucheck.SuiteResult.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes through the JUnit Platform launcher (the bundle has no Maven) and gathers what happened into a
 * {@link SuiteResult}; each failure is printed as it happens.
 */
final class SuiteRunner {
    private SuiteRunner() {}

    /**
     * Runs {@code classNames} (binary names); a class missing from the class path is a failure of the run.
     *
     * @param goldenReport where the suite writes its per-configuration lines, read after the run (may be absent)
     */
    static SuiteResult run(
            String label, String backend, List<String> classNames, Path goldenReport, PrintWriter progress) {
        long t0 = System.nanoTime();
        Collector collector = new Collector(progress);
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String c : classNames) {
            try {
                Class.forName(c, false, SuiteRunner.class.getClassLoader());
                selectors.add(selectClass(c));
            } catch (ClassNotFoundException | LinkageError e) {
                collector.fail(c, "the test class is not in the bundle (" + e + "): rebuild the bundle");
            }
        }
        if (!selectors.isEmpty()) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectors)
                    .build();
            LauncherFactory.create().execute(request, collector);
        }
        return new SuiteResult(
                label,
                backend,
                Boolean.getBoolean("spectro.require." + backend),
                classNames,
                collector.passed + collector.failed + collector.skipped,
                collector.passed,
                collector.failed,
                collector.skipped,
                collector.failures,
                List.copyOf(collector.skipReasons),
                lines(goldenReport),
                (System.nanoTime() - t0) * 1e-9);
    }

    private static List<String> lines(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    /** Counts tests by outcome; containers count only when they fail (their tests then never run). */
    static final class Collector implements TestExecutionListener {
        private final PrintWriter progress;
        private TestPlan plan;
        int passed;
        int failed;
        int skipped;
        final List<Problem> failures = new ArrayList<>();
        final Set<String> skipReasons = new LinkedHashSet<>();

        Collector(PrintWriter progress) {
            this.progress = progress;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            skipped += id.isTest()
                    ? 1
                    : (int) plan.getDescendants(id).stream()
                            .filter(TestIdentifier::isTest)
                            .count();
            skipReasons.add(reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Optional<Throwable> t = result.getThrowable();
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed += id.isTest() ? 1 : 0;
                case ABORTED -> {
                    skipped += id.isTest() ? 1 : 0;
                    t.ifPresent(e -> skipReasons.add(String.valueOf(e.getMessage())));
                }
                case FAILED -> {
                    failed += id.isTest() ? 1 : 0;
                    fail(path(id), t.map(SuiteRunner::describe).orElse("failed without an exception"));
                }
            }
        }

        void fail(String test, String message) {
            failures.add(new Problem(test, message));
            progress.println(
                    "FAILED " + test + ": " + message.lines().findFirst().orElse(""));
        }

        /** The display names from the class down ({@code CudaConformanceTest > golden(GoldenConfig) > [3] ...}). */
        private String path(TestIdentifier id) {
            List<String> names = new ArrayList<>();
            for (TestIdentifier i = id; i != null; i = plan.getParent(i).orElse(null)) {
                if (plan.getParent(i).isPresent()) { // the engine's root is not part of the name
                    names.add(0, i.getDisplayName());
                }
            }
            return String.join(" > ", names);
        }
    }

    /** {@code AssertionFailedError: message}, with the causes' messages. */
    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getSimpleName() + ": " + t.getMessage());
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            b.append("; caused by ")
                    .append(c.getClass().getSimpleName())
                    .append(": ")
                    .append(c.getMessage());
        }
        return b.toString();
    }
}
