package io.spectro.cpu;

import io.spectro.dsp.RealFftPlan;
import java.util.Random;

/**
 * Diagnostic (not a test): frames per second of the SIMD FFT kernel alone on data already in its planar lane layout
 * (the layout the spectrogram pipeline gives it), i.e. the Stockham passes plus the real post-processing, without
 * the frame-major transposes that {@link RealFftBatch} adds. Best of 10 timed repetitions after warm-up, one thread.
 *
 * <pre>
 * mvn -q -B package -pl cpu-fallback -am -DskipTests
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:cpu-fallback/target/classes:cpu-fallback/target/test-classes \
 *      io.spectro.cpu.FftKernelThroughput 400 512 2048 4096
 * </pre>
 */
public final class FftKernelThroughput {
    private FftKernelThroughput() {}

    /** Prints one line per size given (default 400 512 2048 4096). */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {400, 512, 2048, 4096} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        for (int n : sizes) {
            RealFftPlan plan = RealFftPlan.of(n);
            VectorFft fft = new VectorFft(plan.complexPlan());
            int lanes = VectorFft.LANES;
            int planes = fft.planeFloats();
            float[] ar = new float[planes];
            float[] ai = new float[planes];
            float[] br = new float[planes];
            float[] bi = new float[planes];
            float[] scratch = new float[fft.radixScratchFloats() + 2 * lanes];
            float[] xr = new float[VectorFft.planeFloats(n / 2 + 2)];
            float[] xi = new float[VectorFft.planeFloats(n / 2 + 2)];
            float[] post = plan.postTwiddles();
            Random r = new Random(1);
            for (int i = 0; i < planes; i++) {
                ar[i] = r.nextFloat();
                ai[i] = r.nextFloat();
            }
            int reps = Math.max(50, 4_000_000 / n);
            long best = Long.MAX_VALUE;
            for (int it = 0; it < 13; it++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < reps; k++) {
                    boolean inB = fft.forward(ar, ai, br, bi, scratch);
                    VectorFft.realPost(inB ? br : ar, inB ? bi : ai, xr, xi, n / 2, post);
                }
                long t = System.nanoTime() - t0;
                if (it >= 3) {
                    best = Math.min(best, t);
                }
            }
            double framesPerSecond = (double) reps * lanes / (best / 1e9);
            System.out.printf(
                    "FFT kernel n=%d: %,.0f frames/s (%d lanes, radices %s)%n",
                    n,
                    framesPerSecond,
                    lanes,
                    java.util.Arrays.toString(plan.complexPlan().radices()));
        }
    }
}
