package io.spectro.conformance;

import io.spectro.BatchLayout;
import io.spectro.LogScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The work of the concurrency and leak checks: mixed specs (mel, dB with top-dB, Kaldi, complex, MFCC with deltas,
 * deterministic mode, a Bluestein size) and ragged batches, each computed through one of the engine's entry points
 * (the plan cache, a caller-owned plan, or a zero-copy off-heap batch). Everything is seeded, so a task gives the same
 * bits however many threads run it.
 */
public final class SharedEngineWorkload {
    private SharedEngineWorkload() {}

    /** How a task reaches the backend. */
    public enum Via {
        /** {@link Spectro#computeBatch} (the engine's plan cache). */
        CACHE,
        /** A caller-owned {@link SpectrogramPlan}, made and closed for the task. */
        PLAN,
        /** {@link SpectrogramPlan#execute} over a shared arena. */
        OFF_HEAP
    }

    /**
     * One batch.
     *
     * @param spec the spec
     * @param clips the ragged batch
     * @param via the entry point
     */
    public record Task(SpectrogramSpec spec, List<float[]> clips, Via via) {
        @Override
        public String toString() {
            return via + " " + spec.summary() + " x" + clips.size();
        }
    }

    /** The specs the tasks draw from: more than a small plan cache holds, so the cache evicts under load. */
    public static List<SpectrogramSpec> specs() {
        return List.of(
                Presets.whisper(),
                Presets.librosa().toBuilder().log(LogScale.Db.librosa()).build(),
                Presets.kaldi(),
                Presets.torchaudio().toBuilder().complex().build(),
                Presets.torchaudio().toBuilder()
                        .log(LogScale.Db.librosa())
                        .mfcc(13, 22)
                        .deltas(2)
                        .build(),
                Presets.whisper().withDeterministic(true),
                SpectrogramSpec.builder()
                        .sampleRateHz(16000)
                        .nFft(999)
                        .hopLength(250)
                        .padMode(PadMode.REFLECT)
                        .noMel()
                        .magnitude()
                        .build());
    }

    /** {@code count} tasks from {@code seed}: batches of 1 to 5 clips of 0.08 to 1.5 s, all entry points. */
    public static List<Task> tasks(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<SpectrogramSpec> specs = specs();
        Via[] vias = Via.values();
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SpectrogramSpec spec = specs.get(rnd.nextInt(specs.size()));
            int n = 1 + rnd.nextInt(5);
            List<float[]> clips = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                int len = (int) (spec.sampleRateHz() * (0.08 + 1.42 * rnd.nextDouble()));
                clips.add(DeterministicCases.gaussian(rnd, len, 0.05 + rnd.nextDouble()));
            }
            out.add(new Task(spec, List.copyOf(clips), vias[i % vias.length]));
        }
        return out;
    }

    /** Computes {@code task} on {@code engine}: one output array per clip. */
    public static float[][] run(Spectro engine, Task task) {
        List<float[]> clips = task.clips();
        return switch (task.via()) {
            case CACHE -> arrays(engine.computeBatch(task.spec(), clips));
            case PLAN -> {
                try (SpectrogramPlan plan = engine.plan(task.spec())) {
                    yield arrays(plan.computeBatch(clips));
                }
            }
            case OFF_HEAP -> {
                try (SpectrogramPlan plan = engine.plan(task.spec());
                        Arena arena = Arena.ofShared()) {
                    long[] lengths = clips.stream().mapToLong(c -> c.length).toArray();
                    long[] offsets = new long[clips.size()];
                    long total = 0;
                    for (int i = 0; i < clips.size(); i++) {
                        offsets[i] = total;
                        total += lengths[i];
                    }
                    MemorySegment samples = arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(1, total));
                    for (int i = 0; i < clips.size(); i++) {
                        MemorySegment.copy(
                                clips.get(i), 0, samples, ValueLayout.JAVA_FLOAT, offsets[i] * 4, clips.get(i).length);
                    }
                    BatchLayout layout = plan.layout(lengths);
                    MemorySegment out = arena.allocate(Math.max(4, layout.totalBytes()), 64);
                    plan.execute(samples, offsets, layout, out);
                    float[][] res = new float[clips.size()][];
                    for (int i = 0; i < clips.size(); i++) {
                        res[i] = out.asSlice(layout.outputOffset(i) * 4, layout.outputFloats(i) * 4)
                                .toArray(ValueLayout.JAVA_FLOAT);
                    }
                    yield res;
                }
            }
        };
    }

    /** Null when {@code a} and {@code b} hold the same bits, else where they first differ. */
    public static String bitDiff(float[][] a, float[][] b) {
        if (a.length != b.length) {
            return a.length + " clips vs " + b.length;
        }
        for (int c = 0; c < a.length; c++) {
            if (a[c].length != b[c].length) {
                return "clip " + c + ": " + a[c].length + " values vs " + b[c].length;
            }
            for (int i = 0; i < a[c].length; i++) {
                if (Float.floatToRawIntBits(a[c][i]) != Float.floatToRawIntBits(b[c][i])) {
                    return "clip " + c + " value " + i + ": " + a[c][i] + " vs " + b[c][i];
                }
            }
        }
        return null;
    }

    private static float[][] arrays(List<Spectrogram> results) {
        float[][] out = new float[results.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = results.get(i).data();
        }
        return out;
    }
}
