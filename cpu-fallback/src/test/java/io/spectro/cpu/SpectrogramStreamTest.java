package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.spectro.FixedLength;
import io.spectro.LogScale;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.Preset;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrogramStream;
import io.spectro.conformance.DeterministicCases;
import io.spectro.conformance.GoldenConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SpectrogramStream} gives exactly the bits of the one-shot result for every spec the project knows (the
 * deterministic cases, every golden configuration, every preset, with and without deterministic mode), whatever the
 * sizes of the pushed pieces (1 .. N samples, ragged) and of the backend blocks, with its clip-level stages applied by
 * the clip pass over the stored frame-level features.
 */
class SpectrogramStreamTest {
    private static Spectro engine;

    @BeforeAll
    static void open() {
        engine = Spectro.builder().backend("cpu").threads(2).build();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Every spec with a clip, labelled. */
    static Stream<Arguments> specs() {
        List<Arguments> out = new ArrayList<>();
        for (DeterministicCases.Case c : DeterministicCases.all()) {
            for (float[] clip : c.clips()) {
                out.add(Arguments.of(c.label() + "/" + clip.length, c.spec(), clip));
            }
        }
        for (GoldenConfig g : GoldenConfig.all()) {
            List<float[]> inputs = g.inputs();
            out.add(Arguments.of("golden " + g.name(), g.spec(), inputs.get(inputs.size() - 1)));
        }
        SplittableRandom rnd = new SplittableRandom(5);
        Set<String> names = new LinkedHashSet<>(Presets.NAMES);
        for (String name : names) {
            SpectrogramSpec s = Preset.parse(name).spec();
            float[] x = DeterministicCases.gaussian(rnd, s.sampleRateHz() * 2 + 77, 0.3);
            out.add(Arguments.of("preset " + name, s, x));
            out.add(Arguments.of(
                    "preset " + name + " deltas2", s.toBuilder().deltas(2).build(), x));
        }
        // The input and last stages: scale, pad-or-trim in samples (clips shorter and longer than the fixed count), the
        // normalisations, pad-or-trim in frames (fewer and more frames than computed), with deltas and MFCCs.
        SpectrogramSpec base = Presets.librosa();
        float[] mid = DeterministicCases.gaussian(rnd, 6001, 0.5);
        for (int fixed : new int[] {2500, 6001, 9000}) {
            out.add(Arguments.of(
                    "pad-or-trim " + fixed + " samples, scale 3",
                    base.toBuilder()
                            .inputScale(3)
                            .fixedLength(FixedLength.samples(fixed))
                            .preemphasis(0.9)
                            .build(),
                    mid));
        }
        out.add(Arguments.of(
                "fixed samples, empty clip",
                base.toBuilder().fixedLength(FixedLength.samples(3000)).build(),
                new float[0]));
        for (Normalization n : List.of(
                Normalization.PerFeature.nemo(),
                new Normalization.PerFeature(0, false),
                Normalization.PerUtterance.nemo(),
                new Normalization.PerUtterance(1e-3, false),
                new Normalization.Fixed(-4.25, 9.1))) {
            SpectrogramSpec norm = base.toBuilder().normalization(n).build();
            out.add(Arguments.of("normalization " + n, norm, mid));
            out.add(Arguments.of(
                    "normalization " + n + " deltas2",
                    norm.toBuilder().deltas(2).build(),
                    mid));
            out.add(Arguments.of(
                    "normalization " + n + " one frame",
                    norm.toBuilder().center(false).build(),
                    Arrays.copyOf(mid, base.nFft())));
        }
        for (int fixedFrames : new int[] {1, 5, 12, 13, 40}) {
            out.add(Arguments.of(
                    "pad-or-trim " + fixedFrames + " frames",
                    base.toBuilder()
                            .fixedLength(FixedLength.frames(fixedFrames, -1.5))
                            .normalization(Normalization.PerFeature.nemo())
                            .deltas(1)
                            .build(),
                    mid));
        }
        out.add(Arguments.of(
                "mfcc, per-utterance, 7 frames",
                base.toBuilder()
                        .mfcc(20, 22)
                        .normalization(Normalization.PerUtterance.nemo())
                        .fixedLength(new FixedLength(4000, 7, 0.25))
                        .build(),
                mid));
        out.add(Arguments.of(
                "top-db 0 (the clamp keeps the maximum's own bits)",
                Presets.librosa().toBuilder()
                        .log(new LogScale.Db(10, 1e-10, 1, 0))
                        .build(),
                DeterministicCases.gaussian(rnd, 5000, 1)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void streamEqualsOneShot(String label, SpectrogramSpec spec, float[] clip) throws IOException {
        String problem = spec.clipProblem(clip.length);
        if (problem != null) {
            return;
        }
        float[] expected = engine.compute(spec, clip).data();
        int frames = spec.frameCount(clip.length);
        // Chunk sizes 1 .. 9, around the hop and nFft, the whole clip at once, and ragged pieces; blocks of 1 .. 3
        // frames and the default.
        int hop = spec.hopLength();
        int[] chunks = {1, 2, 3, 4, 5, 7, 9, hop - 1, hop, hop + 1, spec.nFft() + 1, clip.length, -1};
        int[] blocks = {1, 2, 3, SpectrogramStream.DEFAULT_BLOCK_FRAMES};
        int tried = 0;
        for (int chunk : chunks) {
            for (int block : blocks) {
                if (chunk == 0 || (clip.length > 4000 && chunk > 0 && chunk < 5 && block < 3)) {
                    continue; // long clips in tiny pieces with tiny blocks: covered by the shorter clips
                }
                float[] got = streamed(spec, clip, chunk, block);
                assertBits(expected, got, frames, spec, label + " chunk " + chunk + " block " + block);
                tried++;
            }
        }
        assertTrue(tried > 10);
    }

    @Test
    void everyPresetIsStreamed() {
        Set<String> labels = new LinkedHashSet<>();
        specs().forEach(a -> labels.add((String) a.get()[0]));
        assertTrue(Presets.NAMES.containsAll(List.of("whisper", "whisper-hf", "nemo", "ast", "panns", "kaldi")));
        for (String name : Presets.NAMES) {
            assertTrue(labels.contains("preset " + name), name + " is among the streamed specs");
        }
    }

    @Test
    void deterministicEngineStreamsTheSameBits() throws IOException {
        try (Spectro det = Spectro.builder().backend("cpu").deterministic(true).build()) {
            SpectrogramSpec spec = Presets.whisper();
            float[] clip = DeterministicCases.gaussian(new SplittableRandom(3), 40_000, 0.2);
            float[] expected = det.compute(spec, clip).data();
            try (SpectrogramStream s = SpectrogramStream.open(det, spec, 64)) {
                assertTrue(s.spec().deterministic());
                float[] got = drain(s, clip, 1000);
                assertBits(expected, got, spec.frameCount(clip.length), spec, "deterministic whisper");
            }
        }
    }

    @Test
    void framesArriveWhileSamplesAreStillComing() {
        SpectrogramSpec spec = Presets.librosa(); // no clip-level stage: the frames read are final
        try (SpectrogramStream s = SpectrogramStream.open(engine, spec, 4)) {
            float[] x = DeterministicCases.gaussian(new SplittableRandom(1), 22050, 0.3);
            s.push(x, 0, 10_000);
            int ready = s.available();
            // frames whose window (nFft after the centre padding of nFft/2) lies within the first 10,000 samples
            assertEquals((10_000 + 1024 - 2048) / 512 + 1, ready);
            float[] buf = new float[ready * s.frameFloats()];
            assertEquals(ready, s.read(buf, 0, ready));
            assertEquals(0, s.read(buf, 0, 1));
            s.push(x, 10_000, x.length - 10_000);
            s.finish();
            assertEquals(spec.frameCount(x.length) - ready, s.available());
            assertThrows(IllegalStateException.class, () -> s.push(x, 0, 1));
        }
    }

    @Test
    void droppedFramesAreHeldBackUntilTheEnd() {
        SpectrogramSpec spec = Presets.whisper().toBuilder().dropLastFrames(3).build();
        try (SpectrogramStream s = SpectrogramStream.open(engine, spec, 2)) {
            float[] x = DeterministicCases.gaussian(new SplittableRandom(2), 16000, 0.3);
            s.push(x);
            // before the end: windows within 200 (padding) + 16000 samples, less the 3 that might be the last
            assertEquals((200 + 16000 - 400) / 160 + 1 - 3, s.available());
            s.finish();
            assertEquals((16000 + 400 - 400) / 160 + 1 - 3, s.frameCount());
            assertEquals(spec.frameCount(x.length), s.frameCount());
            assertEquals(s.frameCount(), s.available());
        }
    }

    @Test
    void errorsNameTheSampleAndTheReason() {
        try (SpectrogramStream s = SpectrogramStream.open(engine, Presets.whisper())) {
            float[] x = new float[500];
            x[321] = Float.NaN;
            s.push(new float[100]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.push(x));
            assertTrue(e.getMessage().startsWith("sample 421 is NaN"), e.getMessage());
        }
        try (SpectrogramStream s = SpectrogramStream.open(engine, Presets.whisper())) {
            s.push(new float[100]); // reflect padding of 200 needs more than 200 samples
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::finish);
            assertTrue(e.getMessage().contains("reflect padding"), e.getMessage());
            assertEquals(0, s.available());
        }
        try (SpectrogramStream s = SpectrogramStream.open(engine, Presets.whisper())) {
            s.push(new float[1000]);
            assertThrows(IllegalStateException.class, () -> s.clipPass((a, b, c) -> {}, (a, b, c) -> {}));
            s.finish();
            assertThrows(IllegalStateException.class, () -> s.clipPass((a, b, c) -> {}, (a, b, c) -> {}));
        }
        SpectrogramStream closed = SpectrogramStream.open(engine, Presets.librosa());
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.push(new float[1]));
    }

    @Test
    void edgePaddingOfATinyClipUsesItsOnlySamples() throws IOException {
        SpectrogramSpec spec = Presets.librosa().toBuilder()
                .padMode(PadMode.EDGE)
                .preemphasis(0.5)
                .build();
        for (int n = 1; n < 6; n++) {
            float[] clip = DeterministicCases.gaussian(new SplittableRandom(n), n, 1);
            float[] expected = engine.compute(spec, clip).data();
            assertBits(expected, streamed(spec, clip, 1, 1), spec.frameCount(n), spec, "edge tiny " + n);
        }
    }

    /** Streams {@code clip} in pieces of {@code chunk} samples (-1: ragged pieces), reading as it goes. */
    private static float[] streamed(SpectrogramSpec spec, float[] clip, int chunk, int block) throws IOException {
        try (SpectrogramStream s = SpectrogramStream.open(engine, spec, block)) {
            return drain(s, clip, chunk);
        }
    }

    /** Pushes, reads, finishes and (when needed) runs the clip pass; returns the output in one-shot layout. */
    private static float[] drain(SpectrogramStream s, float[] clip, int chunk) throws IOException {
        SplittableRandom rnd = new SplittableRandom(clip.length);
        int ff = s.frameFloats();
        float[] stored = new float[0];
        int frames = 0;
        float[] buf = new float[64 * ff];
        for (int at = 0; at < clip.length; ) {
            int n = chunk > 0 ? chunk : 1 + rnd.nextInt(Math.max(1, s.spec().nFft() * 3));
            n = Math.min(n, clip.length - at);
            s.push(clip, at, n);
            at += n;
            for (int r; (r = s.read(buf, 0, 64)) > 0; frames += r) {
                stored = Arrays.copyOf(stored, (frames + r) * ff);
                System.arraycopy(buf, 0, stored, frames * ff, r * ff);
            }
        }
        s.finish();
        for (int r; (r = s.read(buf, 0, 64)) > 0; frames += r) {
            stored = Arrays.copyOf(stored, (frames + r) * ff);
            System.arraycopy(buf, 0, stored, frames * ff, r * ff);
        }
        assertEquals(s.frameCount(), frames);
        float[] frameMajor = stored;
        int of = s.outputFloats();
        int outFrames = (int) s.outputFrameCount();
        if (s.needsClipPass()) {
            float[] in = stored;
            float[] out = new float[outFrames * of];
            long[] next = {0};
            s.clipPass(
                    (first, count, dst) -> System.arraycopy(in, (int) first * ff, dst, 0, count * ff),
                    (first, count, src) -> {
                        assertEquals(next[0], first, "frames in order");
                        next[0] += count;
                        System.arraycopy(src, 0, out, (int) first * of, count * of);
                    });
            assertEquals(outFrames, next[0]);
            frameMajor = out;
        } else {
            assertEquals(frames, outFrames);
        }
        return transpose(frameMajor, outFrames, s.spec());
    }

    /** {@code [frames][features]} to {@code [features][frames]} (complex pairs kept together). */
    private static float[] transpose(float[] frameMajor, int frames, SpectrogramSpec spec) {
        int vpf = spec.valuesPerFeature();
        int rows = spec.featureCount();
        float[] out = new float[frameMajor.length];
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rows; r++) {
                for (int v = 0; v < vpf; v++) {
                    out[(r * frames + t) * vpf + v] = frameMajor[(t * rows + r) * vpf + v];
                }
            }
        }
        return out;
    }

    private static void assertBits(float[] expected, float[] got, int frames, SpectrogramSpec spec, String what) {
        assertEquals(expected.length, got.length, what + ": length");
        int rowLength = frames * spec.valuesPerFeature();
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i])) {
                fail(what + ": feature " + (i / Math.max(1, rowLength)) + " frame "
                        + (i % Math.max(1, rowLength)) / spec.valuesPerFeature() + ": one-shot " + expected[i]
                        + ", streamed " + got[i]);
            }
        }
    }
}
