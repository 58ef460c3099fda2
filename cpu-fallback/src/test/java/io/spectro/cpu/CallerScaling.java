package io.spectro.cpu;

import io.spectro.LogScale;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Diagnostic (not a test): throughput of one shared {@link Spectro} engine (CPU backend) called by 1, 2, 4 and 16
 * threads at once, each computing batches of 10 s clips with the benchmark's W1 spec (Whisper's mel front end) for
 * a few seconds; prints audio-seconds per second per caller count (median of the repeats, which are interleaved so that
 * a change in the machine's load hits every count alike), the ratio to one caller, and the cores the process used
 * (its CPU time over the wall time): on a shared machine, the cores used show the scaling that the load hides.
 * RELIABILITY.md quotes its output.
 *
 * <pre>
 * mvn -q -B -o test-compile -pl cpu-fallback -am
 * java --add-modules jdk.incubator.vector \
 *      -cp engine/target/classes:cpu-fallback/target/classes:cpu-fallback/target/test-classes \
 *      io.spectro.cpu.CallerScaling 1 4 3      # engine threads, clips per batch, seconds per measurement
 * </pre>
 */
public final class CallerScaling {
    private CallerScaling() {}

    /** Arguments: engine threads (0 = all cores), clips per batch, seconds per measurement, repeats (default 5). */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int clips = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        SpectrogramSpec spec = Presets.whisper().toBuilder()
                .log(LogScale.Log10.of(1e-10))
                .dropLastFrames(0)
                .build();
        Random r = new Random(1);
        List<float[]> batch = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            float[] x = new float[10 * spec.sampleRateHz()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian() * 0.1f;
            }
            batch.add(x);
        }
        double audioPerBatch = clips * 10.0;
        int[] callerCounts = {1, 2, 4, 16};
        try (Spectro engine =
                Spectro.builder().backend("cpu").threads(threads).strict(true).build()) {
            System.out.println("engine: " + engine.deviceName() + "; batch of " + clips + " x 10 s, " + seconds
                    + " s per measurement, median of " + repeats);
            // Warm-up: the Vector API code is slow until C2 has compiled it (seconds on a loaded machine).
            for (double prev = 0, now = -1; Math.abs(now - prev) > 0.15 * now; ) {
                prev = now;
                now = measure(engine, spec, batch, 2, 3.0)[0];
            }
            double[][] rates = new double[callerCounts.length][repeats];
            double[][] cores = new double[callerCounts.length][repeats];
            for (int rep = 0; rep < repeats; rep++) {
                for (int k = 0; k < callerCounts.length; k++) {
                    double[] m = measure(engine, spec, batch, callerCounts[k], seconds);
                    rates[k][rep] = m[0] * audioPerBatch;
                    cores[k][rep] = m[1];
                }
            }
            double one = median(rates[0]);
            for (int k = 0; k < callerCounts.length; k++) {
                double m = median(rates[k]);
                System.out.printf(
                        Locale.ROOT,
                        "callers %2d: %7.0f audio-s/s (median; runs %s), %.2fx one caller, %.2f cores used%n",
                        callerCounts[k],
                        m,
                        Arrays.toString(
                                Arrays.stream(rates[k]).mapToLong(Math::round).toArray()),
                        m / one,
                        median(cores[k]));
            }
        }
    }

    /** {batches per second, cores used} with {@code callers} threads computing for {@code seconds}. */
    private static double[] measure(
            Spectro engine, SpectrogramSpec spec, List<float[]> batch, int callers, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong batches = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(callers + 1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    while (!stop.get()) {
                        engine.computeBatch(spec, batch);
                        batches.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        start.await();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        return new double[] {batches.get() / elapsed, cpu / elapsed};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
