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
 * Workloads W1-W3: one operation is one batch of {@code clips} clips of {@code seconds} s of seeded random audio,
 * computed with {@link SpectrogramPlan#computeInto(float[][], float[][])} into outputs allocated once in {@link
 * #setUp()}. The score is batches per second; audio-seconds per second is {@code score * clips * seconds}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpectrogramBench {
    /** Workload name: W1, W2 or W3 (see {@link Workload}). */
    @Param({"W1", "W2", "W3"})
    public String workload;

    /** Spectro backend name ({@code cpu}, {@code opencl}, {@code cuda}); opened strictly (no silent fallback). */
    @Param({"cpu"})
    public String backend;

    /** Host threads given to the backend. */
    @Param({"1"})
    public int threads;

    /** Clips per batch. */
    @Param({"64"})
    public int clips;

    /** Seconds of audio per clip. */
    @Param({"10"})
    public int seconds;

    private Spectro engine;
    private SpectrogramPlan plan;
    private float[][] input;
    private float[][] output;

    /** Opens the backend, builds the plan, generates the audio, allocates and touches the outputs, checks a clip. */
    @Setup(Level.Trial)
    public void setUp() {
        Workload w = Workload.parse(workload);
        SpectrogramSpec spec = w.spec();
        engine =
                Spectro.builder().backend(backend).threads(threads).strict(true).build();
        plan = engine.plan(spec);
        int samples = w.sampleRateHz() * seconds;
        input = AudioClips.uniform(clips, samples, AudioClips.SEED);
        int frames = plan.frameCount(samples);
        output = new float[clips][(int) plan.spec().outputFloats(frames)];
        plan.computeInto(input, output);
        OutputCheck.verify(plan.spec(), input[0], output[0], frames, frames);
    }

    /** One batch. */
    @Benchmark
    public float[][] batch() {
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
