package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.WindowType;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD CPU path must give exactly the bits of {@link ReferencePipeline} (the definition every backend follows),
 * for every stage, size and framing, at 1 and 2 threads, for batches of many clips and for a single clip split across
 * threads.
 */
class VectorPipelineExactTest {

    static Stream<SpectrogramSpec> specs() {
        List<SpectrogramSpec> specs = new ArrayList<>();
        int[] sizes = {
            2, 3, 4, 5, 7, 8, 16, 30, 64, 97, 100, 128, 134, 256, 257, 400, 401, 512, 600, 999, 1000, 1024, 2048, 4096
        };
        PadMode[] pads = PadMode.values();
        WindowType[] windows = {
            WindowType.HANN, WindowType.HAMMING, WindowType.BLACKMAN, WindowType.RECTANGULAR, WindowType.POVEY
        };
        int i = 0;
        for (int n : sizes) {
            var b = SpectrogramSpec.builder()
                    .sampleRateHz(16000)
                    .nFft(n)
                    .hopLength(Math.max(1, n / 3 + (i % 3)))
                    .winLength(Math.max(1, n - (i % 4) * n / 8))
                    .window(windows[i % windows.length])
                    .periodicWindow(i % 2 == 0)
                    .padMode(pads[i % pads.length])
                    .mel(Math.min(40, n / 2 + 1))
                    .melScale(i % 2 == 0 ? MelScale.SLANEY : MelScale.HTK)
                    .melNorm(i % 3 == 0 ? MelNorm.NONE : MelNorm.SLANEY);
            switch (i % 6) {
                case 0 -> b.log(LogScale.Db.librosa());
                case 1 -> b.log(LogScale.Log10.whisper()).dropLastFrames(1);
                case 2 -> b.log(new LogScale.Ln(1e-6, 0));
                case 3 -> b.noMel().power(1.0);
                case 4 -> b.noMel().complex();
                default -> b.noMel().frames();
            }
            specs.add(b.build());
            i++;
        }
        specs.add(SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(512)
                .power(3.0)
                .mel(64)
                .log(LogScale.Db.power())
                .build());
        specs.add(SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(400)
                .hopLength(160)
                .mel(40)
                .mfcc(13, 22)
                .deltas(2)
                .build());
        specs.add(SpectrogramSpec.builder()
                .sampleRateHz(22050)
                .nFft(1024)
                .hopLength(256)
                .mel(64)
                .log(LogScale.Db.librosa())
                .deltas(1)
                .build());
        specs.add(SpectrogramSpec.builder()
                .sampleRateHz(8000)
                .nFft(256)
                .preemphasis(0.97)
                .padMode(PadMode.REFLECT)
                .mel(32)
                .build());
        specs.add(SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(400)
                .center(false)
                .hopLength(100)
                .mel(40)
                .build());
        specs.add(Presets.whisper());
        specs.add(Presets.kaldi());
        specs.add(
                Presets.kaldi().toBuilder().preemphasis(0).removeDcOffset(false).build());
        specs.add(
                Presets.kaldi().toBuilder().frameMode(FrameMode.KALDI).nFft(401).build());
        specs.add(Presets.librosa().withSampleRate(16000));
        specs.add(Presets.torchaudio());
        return specs.stream();
    }

    static float[] signal(SplittableRandom r, int n, int kind) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (kind) {
                case 0 -> (float) (r.nextDouble() * 2 - 1);
                case 1 -> (float) ((r.nextDouble() * 2 - 1) * 1e-39); // denormal
                case 2 -> (float) ((r.nextDouble() * 2 - 1) * 3e4); // int16 scale
                default -> (float) Math.sin(i * 0.01 * (1 + i * 1e-4)) * 0.5f;
            };
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void bitIdenticalToReference(SpectrogramSpec spec) {
        SplittableRandom r = new SplittableRandom(spec.hashCode());
        int minLen = Math.max(
                spec.nFft() / 2 + 1,
                spec.frameMode() == FrameMode.KALDI ? spec.winLength() : spec.center() ? 1 : spec.nFft());
        int[] lengths = {
            minLen,
            minLen + 1,
            3 * spec.nFft() + 17,
            5000 + r.nextInt(3000),
            16 * spec.hopLength() + spec.nFft(),
            37 * spec.hopLength() + 5,
            1200
        };
        for (int threads : new int[] {1, 2}) {
            CpuBackend backend = new CpuBackend(new BackendConfig(null, threads, new ResourceTracker()));
            try (CpuPlan plan = (CpuPlan) backend.plan(spec)) {
                // Many clips (one per participant) and one clip at a time (split over participants).
                List<float[]> clips = new ArrayList<>();
                for (int k = 0; k < lengths.length; k++) {
                    clips.add(signal(r, lengths[k], k % 4));
                }
                check(spec, plan, clips);
                check(spec, plan, List.of(clips.get(3)));
            } finally {
                backend.close();
            }
        }
    }

    private static void check(SpectrogramSpec spec, CpuPlan plan, List<float[]> clips) {
        SpecTables tables = SpecTables.of(spec);
        int n = clips.size();
        float[][] in = clips.toArray(new float[0][]);
        int[] frames = new int[n];
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = spec.frameCount(in[i].length);
            out[i] = new float[(int) spec.outputFloats(frames[i])];
        }
        plan.execute(ClipBatch.ofArrays(in, frames, out));
        for (int i = 0; i < n; i++) {
            float[] ref = new float[out[i].length];
            ReferencePipeline.compute(tables, in[i], in[i].length, ref);
            for (int k = 0; k < ref.length; k++) {
                if (Float.floatToRawIntBits(ref[k]) != Float.floatToRawIntBits(out[i][k])) {
                    fail(spec.summary() + ": clip " + i + " (" + in[i].length + " samples) value " + k + " of "
                            + ref.length + ": reference " + ref[k] + " but SIMD " + out[i][k]);
                }
            }
        }
    }

    @Test
    void simdIsActiveInTests() {
        assertTrue(Simd.available(), "tests run with --add-modules jdk.incubator.vector");
        assertEquals(VectorFft.LANES, Simd.lanes());
    }
}
