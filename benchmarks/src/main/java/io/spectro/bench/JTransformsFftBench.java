package io.spectro.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.FloatFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The FFT anchor: JTransforms 3.1 {@code FloatFFT_1D.realForward} on the same {@code frames} frames of size {@code n}
 * as {@link SpectroFftBench}. Each frame is copied from the input into a work array and transformed there in place
 * (so every operation reads the same input and writes the spectra out of place, as Spectro does). With {@code threads
 * > 1} the frames are split into {@code threads} contiguous ranges run on a fixed pool, one {@code FloatFFT_1D} per
 * worker; JTransforms' own threading is off. Benchmark-only: JTransforms is never a dependency of the engine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JTransformsFftBench {
    /** FFT size. */
    @Param({"400", "512", "2048", "4096"})
    public int n;

    /** Worker threads over which the frames are split. */
    @Param({"1"})
    public int threads;

    /** Frames (FFTs) per operation. */
    @Param({"4096"})
    public int frames;

    private float[] input;
    private float[] work;
    private FloatFFT_1D[] ffts;
    private ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();

    /** Plans one FFT per worker, generates the frames, allocates and touches the work array, checks one frame. */
    @Setup(Level.Trial)
    public void setUp() {
        ConcurrencyUtils.setNumberOfThreads(1);
        input = AudioClips.uniform(1, Math.multiplyExact(frames, n), AudioClips.SEED)[0];
        work = new float[input.length];
        ffts = new FloatFFT_1D[threads];
        for (int i = 0; i < threads; i++) {
            ffts[i] = new FloatFFT_1D(n);
        }
        pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        fft();
        checkFirstFrame();
    }

    private void checkFirstFrame() {
        // Spot-check bins 0, 1 and n/2 of frame 0 against a double-precision DFT.
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale += Math.abs(input[i]);
        }
        for (int k : new int[] {1, 2, n / 4}) {
            double re = 0, im = 0;
            for (int i = 0; i < n; i++) {
                double a = -2 * Math.PI * (double) k * i / n;
                re += input[i] * Math.cos(a);
                im += input[i] * Math.sin(a);
            }
            if (Math.abs(work[2 * k] - re) > 1e-4 * scale || Math.abs(work[2 * k + 1] - im) > 1e-4 * scale) {
                throw new IllegalStateException("JTransforms bin " + k + " of n = " + n + " is (" + work[2 * k] + ", "
                        + work[2 * k + 1] + "), DFT (" + re + ", " + im + ")");
            }
        }
    }

    private void range(FloatFFT_1D fft, int from, int to) {
        for (int f = from; f < to; f++) {
            int off = f * n;
            System.arraycopy(input, off, work, off, n);
            fft.realForward(work, off);
        }
    }

    /** {@code frames} real FFTs. */
    @Benchmark
    public float[] fft() {
        if (pool == null) {
            range(ffts[0], 0, frames);
            return work;
        }
        pending.clear();
        for (int i = 0; i < threads; i++) {
            int from = (int) ((long) frames * i / threads);
            int to = (int) ((long) frames * (i + 1) / threads);
            FloatFFT_1D fft = ffts[i];
            pending.add(pool.submit(() -> range(fft, from, to)));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return work;
    }

    /** Stops the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
