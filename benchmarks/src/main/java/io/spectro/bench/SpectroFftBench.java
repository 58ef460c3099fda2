package io.spectro.bench;

import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import io.spectro.cpu.RealFftBatch;
import io.spectro.dsp.RealFftPlan;
import io.spectro.dsp.ReferenceFft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

/**
 * Spectro's real FFT alone on {@code frames} frames of size {@code n} per operation. On the CPU backend this is {@link
 * RealFftBatch} over the frame-major input into frame-major interleaved spectra (the layout JTransforms and pocketfft
 * work in; frames split over {@code threads} contiguous ranges, one RealFftBatch per worker). Device backends go
 * through the public API instead: one clip of exactly {@code frames * n} samples with {@link Workload#fftSpec(int)}
 * (complex output, no centring, hop {@code n}, rectangular window), so their figure includes the framing, window
 * multiply and the {@code [nFreq][frames][2]} layout. The score is operations per second; frames per second is {@code
 * score * frames}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpectroFftBench {
    /** FFT size. */
    @Param({"400", "512", "2048", "4096"})
    public int n;

    /** Spectro backend name; opened strictly. */
    @Param({"cpu"})
    public String backend;

    /** Host threads given to the backend. */
    @Param({"1"})
    public int threads;

    /** Frames (FFTs) per operation. */
    @Param({"4096"})
    public int frames;

    private Spectro engine;
    private SpectrogramPlan plan;
    private float[][] input;
    private float[][] output;
    private RealFftBatch[] batches;
    private float[] spectra;
    private ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();

    /** Opens the backend, builds the plan, generates the frames, allocates and touches the output, checks it. */
    @Setup(Level.Trial)
    public void setUp() {
        if (backend.equals("cpu")) {
            setUpBatch();
            return;
        }
        SpectrogramSpec spec = Workload.fftSpec(n);
        engine =
                Spectro.builder().backend(backend).threads(threads).strict(true).build();
        plan = engine.plan(spec);
        int samples = Math.multiplyExact(frames, n);
        input = AudioClips.uniform(1, samples, AudioClips.SEED);
        if (plan.frameCount(samples) != frames) {
            throw new IllegalStateException(
                    "internal: " + samples + " samples give " + plan.frameCount(samples) + " frames, not " + frames);
        }
        output = new float[1][(int) plan.spec().outputFloats(frames)];
        plan.computeInto(input, output);
        OutputCheck.verify(plan.spec(), input[0], output[0], frames, Math.min(frames, 32));
    }

    private void setUpBatch() {
        input = AudioClips.uniform(1, Math.multiplyExact(frames, n), AudioClips.SEED);
        spectra = new float[frames * (n / 2 + 1) * 2];
        batches = new RealFftBatch[threads];
        for (int i = 0; i < threads; i++) {
            batches[i] = new RealFftBatch(n);
        }
        pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        fft();
        // The batch FFT is bit-identical to the reference real FFT: check a few frames exactly.
        RealFftPlan ref = RealFftPlan.of(n);
        float[] frame = new float[n];
        float[] expect = new float[(n / 2 + 1) * 2];
        for (int f : new int[] {0, 1, frames / 2, frames - 1}) {
            System.arraycopy(input[0], f * n, frame, 0, n);
            ReferenceFft.realForward(ref, frame, expect);
            for (int k = 0; k < expect.length; k++) {
                if (Float.floatToRawIntBits(expect[k]) != Float.floatToRawIntBits(spectra[f * expect.length + k])) {
                    throw new IllegalStateException(
                            "RealFftBatch frame " + f + " bin value " + k + " differs from the reference");
                }
            }
        }
    }

    /** {@code frames} real FFTs. */
    @Benchmark
    public Object fft() {
        if (batches == null) {
            plan.computeInto(input, output);
            return output;
        }
        if (pool == null) {
            batches[0].forward(input[0], 0, frames, spectra, 0);
            return spectra;
        }
        int per = (frames + threads - 1) / threads;
        pending.clear();
        for (int t = 0; t < threads; t++) {
            int from = t * per;
            int count = Math.min(per, frames - from);
            RealFftBatch b = batches[t];
            pending.add(pool.submit(() -> b.forward(input[0], from * n, count, spectra, from * (n / 2 + 1) * 2)));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return spectra;
    }

    /** Closes the plan and the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (plan != null) {
            plan.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
