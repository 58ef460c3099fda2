package io.spectro.opencl;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.Kernel;
import io.spectro.device.KernelArgs;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A quick throughput check (not a unit test, not a benchmark suite): the whisper preset on a batch of 16 random
 * 10-second clips, median of 5 timed runs after 3 warm-up runs, per backend, in audio-seconds per second.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp <test classpath> io.spectro.opencl.OpenClThroughput
 * [backend ...] [--deterministic] [--profile]} (default backends: opencl cpu). {@code --profile} also times every
 * kernel of one OpenCL batch separately (finishing the queue after each launch).
 */
public final class OpenClThroughput {
    private OpenClThroughput() {}

    /** Entry point; arguments are backend names and optionally {@code --deterministic}. */
    public static void main(String[] args) {
        List<String> backends = new ArrayList<>();
        boolean det = false;
        boolean profile = false;
        for (String a : args) {
            if (a.equals("--profile")) {
                profile = true;
            } else if (a.equals("--deterministic")) {
                det = true;
            } else {
                backends.add(a);
            }
        }
        if (backends.isEmpty()) {
            backends = List.of("opencl", "cpu");
        }
        SpectrogramSpec spec = Presets.whisper().withDeterministic(det);
        int clips = 16;
        int seconds = 10;
        List<float[]> batch = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            batch.add(OpenClTestSupport.noise(i, seconds * spec.sampleRateHz(), 0.5f));
        }
        double audioSeconds = (double) clips * seconds;
        for (String b : backends) {
            try (Spectro s = Spectro.builder().backend(b).strict(true).build();
                    SpectrogramPlan plan = s.plan(spec)) {
                for (int i = 0; i < 3; i++) {
                    plan.computeBatch(batch);
                }
                double[] t = new double[5];
                for (int i = 0; i < t.length; i++) {
                    long t0 = System.nanoTime();
                    plan.computeBatch(batch);
                    t[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(t);
                System.out.println(String.format(
                        Locale.ROOT,
                        "%-7s %-60s median %.1f ms -> %.0f audio-s/s (runs %s)",
                        b,
                        s.deviceName(),
                        t[2] * 1e3,
                        audioSeconds / t[2],
                        Arrays.toString(Arrays.stream(t)
                                .map(x -> Math.round(x * 1e4) / 10.0)
                                .toArray())));
            }
        }
        if (profile) {
            profile(spec, batch);
        }
    }

    /** CPU time of the whole process (all threads, PoCL's workers included) in ns. */
    private static long cpuTime() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Times each kernel (and copy) of one batch on the default OpenCL device, after a warm-up batch. */
    private static void profile(SpectrogramSpec spec, List<float[]> batch) {
        Map<String, long[]> times = new TreeMap<>();
        ResourceTracker tr = new ResourceTracker();
        OpenClDevice dev = new OpenClDevice(OpenClProbe.get().devices().get(0), tr);
        boolean[] on = {false};
        ComputeDevice timed = new DelegatingDevice(dev) {
            private void time(String name, Runnable r) {
                if (!on[0]) {
                    r.run();
                    return;
                }
                long t0 = System.nanoTime();
                long c0 = cpuTime();
                r.run();
                dev.finish();
                long[] a = times.computeIfAbsent(name, k -> new long[3]);
                a[0] += System.nanoTime() - t0;
                a[1]++;
                a[2] += cpuTime() - c0;
            }

            @Override
            public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
                time(kernel.name(), () -> super.launch(kernel, globalSize, groupSize, args));
            }

            @Override
            public void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {
                time("(upload)", () -> super.upload(src, dst, dstOffset));
            }

            @Override
            public void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {
                time("(download)", () -> super.download(src, srcOffset, dst));
            }
        };
        try (DeviceBackend b = new DeviceBackend("opencl", timed, tr);
                BackendPlan p = b.plan(spec)) {
            OpenClTestSupport.run(p, batch);
            Map<String, long[]> best = new TreeMap<>();
            long bestTotal = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                times.clear();
                on[0] = true;
                long t0 = System.nanoTime();
                OpenClTestSupport.run(p, batch);
                bestTotal = Math.min(bestTotal, System.nanoTime() - t0);
                on[0] = false;
                times.forEach((k, v) -> best.merge(k, v.clone(), (a, c) -> a[0] <= c[0] ? a : c));
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "profile (best of 5 per kernel, queue finished after each): %.1f ms",
                    bestTotal / 1e6));
            best.forEach((k, v) -> System.out.println(String.format(
                    Locale.ROOT, "  %-16s %4d calls %8.2f ms wall %8.2f ms cpu", k, v[1], v[0] / 1e6, v[2] / 1e6)));
        }
    }
}
