package io.spectro.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH output split in two: everything JMH says (including the forked JVMs' output) goes to the full log, and one short
 * progress line per benchmark goes to {@code progress}.
 */
final class ProgressFormat implements OutputFormat {
    private final OutputFormat log;
    private final PrintStream progress;
    private final int total;
    private int done;

    ProgressFormat(OutputFormat log, PrintStream progress, int total, int alreadyDone) {
        this.log = log;
        this.progress = progress;
        this.total = total;
        this.done = alreadyDone;
    }

    int done() {
        return done;
    }

    static String label(BenchmarkParams p) {
        String name = p.getBenchmark();
        name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        StringBuilder b = new StringBuilder(name);
        for (String k : p.getParamsKeys()) {
            b.append(' ').append(k).append('=').append(p.getParam(k));
        }
        return b.toString();
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        log.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(
            BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        log.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        log.startBenchmark(benchParams);
        done++;
        progress.printf(Locale.ROOT, "[%d/%d] %s%n", done, total, label(benchParams));
        progress.flush();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        log.endBenchmark(result);
        if (result != null && result.getPrimaryResult() != null) {
            progress.printf(
                    Locale.ROOT, "        %.4g %s%n", result.getPrimaryResult().getScore(), result.getScoreUnit());
        } else {
            progress.println("        failed (see the JMH log)");
        }
        progress.flush();
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        log.endRun(result);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
    }

    @Override
    public void flush() {
        log.flush();
    }

    @Override
    public void close() {
        log.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
