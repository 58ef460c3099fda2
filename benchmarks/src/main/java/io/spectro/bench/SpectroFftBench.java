package io.spectro.bench;

import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
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
 * Spectro's real FFT alone, through the public API: one clip of exactly {@code frames * n} samples with the spec
 * {@link Workload#fftSpec(int)} (complex output, no centring, hop {@code n}, rectangular window), so each operation is
 * {@code frames} real FFTs of size {@code n}. The API's framing copy, window multiply and its {@code [nFreq][frames][2]}
 * output layout (a transpose of the per-frame spectra) are inside the timing; the score is operations per second,
 * frames per second is {@code score * frames}.
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

    /** Opens the backend, builds the plan, generates the frames, allocates and touches the output, checks it. */
    @Setup(Level.Trial)
    public void setUp() {
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

    /** {@code frames} real FFTs. */
    @Benchmark
    public float[][] fft() {
        plan.computeInto(input, output);
        return output;
    }

    /** Closes the plan and the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (plan != null) {
            plan.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
