package io.spectro.cpu;

import io.spectro.LogScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Diagnostic (not a test): a quick single-process throughput check of the CPU backend on the benchmark workloads,
 * for trying an optimisation without a full JMH run. Prints the median wall-clock throughput of 12 batches and the
 * calling thread's CPU-time throughput (which is less disturbed by other processes on a shared machine). The numbers
 * in BENCHMARKS.md's table come from {@code ./spectro bench}; this tool produced the "single-thread harness" figures
 * of its optimisation log.
 *
 * <pre>
 * mvn -q -B package -pl cpu-fallback -am -DskipTests
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:cpu-fallback/target/classes:cpu-fallback/target/test-classes \
 *      io.spectro.cpu.PipelineThroughput 32 1 W3      # clips, threads, workload (W1, W2, W3)
 * </pre>
 */
public final class PipelineThroughput {
    private PipelineThroughput() {}

    /** Arguments: clips (10 s each), threads, workload. */
    public static void main(String[] args) {
        int clips = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String workload = args[2];
        SpectrogramSpec spec = switch (workload) {
            // The benchmark's workloads (io.spectro.bench.Workload): W1 whisper without clamp or dropped frame,
            // W2 librosa's melspectrogram (constant padding) in dB with top_db 80.
            case "W1" ->
                Presets.whisper().toBuilder()
                        .log(LogScale.Log10.of(1e-10))
                        .dropLastFrames(0)
                        .build();
            case "W2" ->
                Presets.librosa().toBuilder().log(LogScale.Db.librosa()).build();
            case "W3" ->
                SpectrogramSpec.builder()
                        .sampleRateHz(44100)
                        .nFft(4096)
                        .hopLength(1024)
                        .padMode(PadMode.REFLECT)
                        .noMel()
                        .magnitude()
                        .build();
            default -> throw new IllegalArgumentException("workload must be W1, W2 or W3, not " + workload);
        };
        Random r = new Random(1);
        float[][] in = new float[clips][10 * spec.sampleRateHz()];
        for (float[] x : in) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian() * 0.1f;
            }
        }
        ThreadMXBean tb = ManagementFactory.getThreadMXBean();
        try (Spectro s = Spectro.builder().backend("cpu").threads(threads).build();
                SpectrogramPlan plan = s.plan(spec)) {
            float[][] out = new float[clips][];
            for (int i = 0; i < clips; i++) {
                out[i] = new float[(int) spec.outputFloats(spec.frameCount(in[i].length))];
            }
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int it = 0; it < 12; it++) {
                long c0 = tb.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                plan.computeInto(in, out);
                long t1 = System.nanoTime();
                long c1 = tb.getCurrentThreadCpuTime();
                wall.add(clips * 10.0 / ((t1 - t0) / 1e9));
                cpu.add(clips * 10.0 / ((c1 - c0) / 1e9));
            }
            Collections.sort(wall);
            Collections.sort(cpu);
            System.out.printf(
                    "%s threads=%d wall median %.0f audio-s/s; caller-thread-CPU median %.0f audio-s/s (%s)%n",
                    workload, threads, wall.get(6), cpu.get(6), s.deviceName());
        }
    }
}
