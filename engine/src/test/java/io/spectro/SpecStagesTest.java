package io.spectro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The input scale, pad-or-trim and normalisation stages: their groups, frame counts, validation, the presets that use
 * them, and their definitions in {@link ReferencePipeline}.
 */
class SpecStagesTest {

    private static float[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() - 0.5);
        }
        return x;
    }

    private static float[] compute(SpectrogramSpec spec, float[] x) {
        float[] out = new float[(int) spec.outputFloats(spec.frameCount(x.length))];
        ReferencePipeline.compute(SpecTables.of(spec), x, x.length, out);
        return out;
    }

    @Test
    void fixedSamplesSetTheFramesAndMakeEveryClipFrameable() {
        SpectrogramSpec w = Presets.whisperHf();
        for (long n : new long[] {0, 1, 200, 16000, 480000, 480001, 10_000_000}) {
            assertNull(w.clipProblem(n), "a fixed sample count frames any clip");
            assertEquals(Presets.WHISPER_FRAMES, w.frameCount(n));
            assertEquals(480000, w.framedSamples(n));
        }
        assertEquals("clip length -1 is negative", w.clipProblem(-1));
        assertThrows(IllegalArgumentException.class, () -> w.frameCount(-1));
        assertEquals(1000 / 160, Presets.whisper().frameCount(1000), "without a fixed length, the clip's own");
    }

    @Test
    void fixedFramesSetTheOutputFramesAndKeepTheComputedCount() {
        SpectrogramSpec ast = Presets.ast();
        for (long n : new long[] {0, 399, 400, 16000, 163_840, 1_000_000}) {
            assertEquals(Presets.AST_FRAMES, ast.frameCount(n));
            assertEquals(n < 400 ? 0 : 1 + (n - 400) / 160, ast.computedFrameCount(n));
        }
        SpectrogramSpec torchFixed =
                Presets.torchaudio().toBuilder().padOrTrimFrames(10, 0).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> torchFixed.frameCount(0));
        assertTrue(e.getMessage().contains("empty"), "a fixed frame count does not frame an unframeable clip");
    }

    @Test
    void rangesAreCheckedWithTheFieldNamed() {
        assertMessage(() -> new FixedLength(-1, 0, 0), "fixedSamples = -1");
        assertMessage(() -> new FixedLength(0, -3, 0), "fixedFrames = -3");
        assertMessage(() -> new FixedLength(0, 5, Double.NaN), "framePadValue = NaN");
        assertMessage(() -> new FixedLength(100, 0, 1.5), "needs fixedFrames > 0");
        assertMessage(() -> new Normalization.PerFeature(-1e-5, true), "normEpsilon = -1.0E-5");
        assertMessage(() -> new Normalization.PerUtterance(Double.POSITIVE_INFINITY, true), "normEpsilon");
        assertMessage(() -> new Normalization.Fixed(0, 0), "normStd = 0");
        assertMessage(() -> new Normalization.Fixed(Double.NaN, 1), "normMean = NaN");
        assertMessage(() -> Presets.librosa().toBuilder().inputScale(0).build(), "inputScale = 0");
        assertMessage(() -> Presets.librosa().toBuilder().inputScale(-2).build(), "inputScale = -2");
        assertMessage(
                () -> SpectrogramSpec.builder()
                        .complex()
                        .normalization(Normalization.PerFeature.nemo())
                        .build(),
                "normalization needs spectrum POWER");
        assertMessage(
                () -> SpectrogramSpec.builder().frames().padOrTrimFrames(3, 0).build(),
                "fixed frame count needs spectrum POWER");
    }

    @Test
    void complexAndFramesDropTheStagesThatNeedPower() {
        SpectrogramSpec c = Presets.ast().toBuilder().complex().build();
        assertNull(c.normalization());
        assertEquals(FixedLength.NONE, c.fixedLength());
        SpectrogramSpec f = Presets.whisperHf().toBuilder().frames().build();
        assertEquals(FixedLength.samples(480000), f.fixedLength(), "a fixed sample count stays");
    }

    @Test
    void presetsOfTodaysModelsHaveTheirLibrariesValues() {
        SpectrogramSpec k = Presets.kaldi();
        assertEquals(32768.0, k.inputScale());

        SpectrogramSpec w = Presets.whisperHf();
        assertEquals(
                Presets.whisper().toBuilder()
                        .fmaxHz(8000)
                        .padOrTrimSamples(480000)
                        .build(),
                w);
        assertEquals(Presets.whisperHf(128), w.toBuilder().mel(128).build(), "--n-mels 128 gives large-v3's");
        assertEquals(Presets.whisperHf(128), Preset.WHISPER_LARGE_V3.spec());
        assertEquals(30 * 22050, Preset.WHISPER_HF.specAt(22050).fixedLength().samples(), "30 s at any rate");

        SpectrogramSpec n = Presets.nemo();
        assertEquals(
                List.of(16000, 512, 400, 160, 1),
                List.of(n.sampleRateHz(), n.nFft(), n.winLength(), n.hopLength(), n.dropLastFrames()));
        assertEquals(Window.symmetric(WindowType.HANN), n.window());
        assertEquals(PadMode.CONSTANT, n.padMode());
        assertEquals(0.97, n.preemphasis());
        assertEquals(new MelOptions(80, 0, MelOptions.NYQUIST, MelScale.SLANEY, MelNorm.SLANEY), n.mel());
        assertEquals(new LogScale.Ln(0x1.0p-24, 0), n.log());
        assertEquals(new Normalization.PerFeature(1e-5, true), n.normalization());
        assertEquals(128, Presets.nemo(128).mel().nMels());
        assertEquals(List.of(200, 80, 512), dims(Preset.NEMO.specAt(8000)), "25 ms / 10 ms at 8 kHz");
        assertEquals(499, n.frameCount(80_000 - 1), "NeMo's seq_len: N / hop frames");

        SpectrogramSpec a = Presets.ast();
        assertEquals(1.0, a.inputScale(), "the library's x32768 line is commented out");
        assertEquals(Window.symmetric(WindowType.HANN), a.window());
        assertEquals(FrameMode.KALDI, a.frameMode());
        assertEquals(new MelOptions(128, 20, MelOptions.NYQUIST, MelScale.KALDI, MelNorm.NONE), a.mel());
        assertEquals(new Normalization.Fixed(-4.2677393, 9.1379948), a.normalization());
        assertEquals(1024, a.fixedLength().frames());
        assertEquals(
                (float) ((0 + 4.2677393) / 9.1379948), (float) a.fixedLength().padValue(), 1e-7f);

        SpectrogramSpec p = Presets.panns();
        assertEquals(List.of(1024, 320, 1024), List.of(p.nFft(), p.hopLength(), p.winLength()));
        assertEquals(new MelOptions(64, 50, 14000, MelScale.SLANEY, MelNorm.SLANEY), p.mel());
        assertEquals(LogScale.Db.power(), p.log());
        assertEquals(32000, p.sampleRateHz());
    }

    private static List<Integer> dims(SpectrogramSpec s) {
        return List.of(s.winLength(), s.hopLength(), s.nFft());
    }

    @Test
    void inputScaleMultipliesEverySampleFirst() {
        float[] x = noise(3000, 1);
        float[] scaled = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            scaled[i] = x[i] * 3.0f;
        }
        SpectrogramSpec plain = Presets.kaldi().toBuilder().inputScale(1).build();
        assertArrayEquals(
                compute(plain, scaled), compute(plain.toBuilder().inputScale(3).build(), x));
        float[] ints = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            ints[i] = x[i] * 32768f;
        }
        assertArrayEquals(compute(plain, ints), compute(Presets.kaldi(), x), "kaldi's x32768 on [-1, 1) audio");
    }

    @Test
    void padOrTrimInSamplesIsTheClipCutOrExtendedWithZeros() {
        float[] x = noise(5000, 2);
        SpectrogramSpec w = Presets.whisper();
        float[] padded = Arrays.copyOf(x, 8000);
        assertArrayEquals(
                compute(w, padded), compute(w.toBuilder().padOrTrimSamples(8000).build(), x));
        float[] cut = Arrays.copyOf(x, 3000);
        assertArrayEquals(
                compute(w, cut), compute(w.toBuilder().padOrTrimSamples(3000).build(), x));
    }

    @Test
    void padOrTrimInFramesKeepsOrPadsEachRowLast() {
        float[] x = noise(4000, 3);
        SpectrogramSpec base = Presets.torchaudio().toBuilder().mel(8).build();
        int t = base.frameCount(x.length);
        float[] full = compute(base, x);
        float[] longer = compute(base.toBuilder().padOrTrimFrames(t + 5, -1.5).build(), x);
        float[] shorter = compute(base.toBuilder().padOrTrimFrames(t - 4, 9).build(), x);
        for (int r = 0; r < 8; r++) {
            for (int i = 0; i < t + 5; i++) {
                assertEquals(i < t ? full[r * t + i] : -1.5f, longer[r * (t + 5) + i]);
            }
            for (int i = 0; i < t - 4; i++) {
                assertEquals(full[r * t + i], shorter[r * (t - 4) + i]);
            }
        }
    }

    @Test
    void perFeatureNormalisationCentresAndScalesEachRow() {
        float[] x = noise(16000, 4);
        SpectrogramSpec spec = Presets.nemo();
        float[] y = compute(spec, x);
        int t = spec.frameCount(x.length);
        for (int r = 0; r < 80; r++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < t; i++) {
                sum += y[r * t + i];
            }
            double mean = sum / t;
            for (int i = 0; i < t; i++) {
                sq += (y[r * t + i] - mean) * (y[r * t + i] - mean);
            }
            assertEquals(0.0, mean, 1e-5, "row " + r + " mean");
            assertEquals(1.0, Math.sqrt(sq / (t - 1)), 1e-3, "row " + r + " std (Bessel)");
        }
        float[] raw = compute(spec.toBuilder().noNormalization().build(), x);
        assertNotEquals(raw[0], y[0]);
    }

    @Test
    void perUtteranceAndFixedNormalisationFollowTheirDefinitions() {
        float[] x = noise(8000, 5);
        SpectrogramSpec base = Presets.torchaudio().toBuilder()
                .mel(16)
                .log(new LogScale.Ln(1e-6, 0))
                .build();
        float[] raw = compute(base, x);
        float[] fixed = compute(
                base.toBuilder().normalization(new Normalization.Fixed(-3, 2.5)).build(), x);
        for (int i = 0; i < raw.length; i++) {
            assertEquals((raw[i] - -3.0f) / 2.5f, fixed[i]);
        }
        float[] utt = compute(
                base.toBuilder()
                        .normalization(new Normalization.PerUtterance(0, false))
                        .build(),
                x);
        double sum = 0;
        double sq = 0;
        for (float v : utt) {
            sum += v;
            sq += (double) v * v;
        }
        assertEquals(0.0, sum / utt.length, 1e-5);
        assertEquals(1.0, Math.sqrt(sq / utt.length), 1e-4, "population std without Bessel");
    }

    @Test
    void aSingleFrameHasStandardDeviationZero() {
        SpectrogramSpec spec = Presets.nemo().toBuilder().dropLastFrames(0).build();
        float[] x = noise(100, 6); // one frame: 1 + 100/160
        float[] y = compute(spec, x);
        assertEquals(80, y.length);
        for (float v : y) {
            assertEquals(0.0f, v, "(x - mean) / (0 + eps) of the only frame");
        }
    }

    @Test
    void theEightWaySumHasTheDocumentedOrder() {
        float[] a = {1e8f, 1, 1, 1, 1, 1, 1, 1, -1e8f, 1, 1};
        float[] p = new float[8];
        for (int t = 0; t < a.length; t++) {
            p[t & 7] = p[t & 7] + a[t];
        }
        float expected = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
        assertEquals(expected, ReferencePipeline.sum8(a, 0, a.length));
        assertEquals(0.0f, ReferencePipeline.sum8(a, 0, 0));
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
