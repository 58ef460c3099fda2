package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.CollatedBatch;
import io.spectro.CollatedBatch.Order;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Collated batches against the engine's own ragged results, element by element: both axis orders, padding values,
 * a fixed minimum length, the heap and segment forms, lengths and masks.
 */
class CollatedBatchTest {
    private static Spectro spectro;

    @BeforeAll
    static void open() {
        spectro = Spectro.builder().backend("cpu").strict(true).build();
    }

    @AfterAll
    static void close() {
        spectro.close();
    }

    private static List<float[]> clips(long seed, int... lengths) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (int n : lengths) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() - 0.5);
            }
            out.add(x);
        }
        return out;
    }

    /** Every element of {@code c} is the clip's value (bit for bit) or, past its length, the pad value. */
    private static void assertCollates(List<Spectrogram> ragged, CollatedBatch c, float pad, int minFrames) {
        int longest = ragged.stream().mapToInt(Spectrogram::frames).max().orElseThrow();
        assertEquals(Math.max(longest, minFrames), c.frames());
        assertEquals(ragged.size(), c.size());
        boolean[][] mask = c.mask();
        for (int b = 0; b < ragged.size(); b++) {
            Spectrogram s = ragged.get(b);
            assertEquals(s.frames(), c.length(b));
            for (int f = 0; f < c.features(); f++) {
                for (int t = 0; t < c.frames(); t++) {
                    float want = t < s.frames() ? s.get(f, t) : pad;
                    float got = c.get(b, f, t);
                    if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
                        throw new AssertionError("(" + b + ", " + f + ", " + t + "): " + got + ", expected " + want);
                    }
                    assertEquals(got, c.segment().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, c.index(b, f, t)));
                    assertEquals(t < s.frames(), mask[b][t]);
                }
            }
        }
    }

    @Test
    void raggedBatchesCollateInBothOrders() {
        SpectrogramSpec whisper = Presets.whisper();
        // Lengths in frames (whisper drops the last): 1 (barely long enough for reflect padding), 3, 100, 39, and 100.
        List<float[]> clips = clips(1, 201, 480, 16_000, 6_399, 16_000);
        try (SpectrogramPlan plan = spectro.plan(whisper)) {
            List<Spectrogram> ragged = plan.computeBatch(clips);
            for (Order order : Order.values()) {
                for (float pad : new float[] {0f, -1.5f, Float.NEGATIVE_INFINITY}) {
                    CollatedBatch c = CollatedBatch.compute(plan, clips, order, pad);
                    assertCollates(ragged, c, pad, 0);
                    assertTrue(c.hasArray());
                    assertEquals(c.array().length, c.size() * c.features() * c.frames());
                    assertCollates(ragged, CollatedBatch.of(ragged, order, pad), pad, 0);
                    assertArrayEquals(
                            c.array(), CollatedBatch.of(ragged, order, pad).array());
                }
            }
            CollatedBatch fm = CollatedBatch.compute(plan, clips, Order.FEATURES_FIRST, 0f);
            assertArrayEquals(new long[] {5, 80, 100}, fm.shape());
            assertArrayEquals(new int[] {1, 3, 100, 39, 100}, fm.lengths());
            CollatedBatch tm = CollatedBatch.compute(plan, clips, Order.TIME_MAJOR, 0f);
            assertArrayEquals(new long[] {5, 100, 80}, tm.shape());
            // Time-major is the transpose of each clip: element (b, f, t) sits at (b * T + t) * F + f.
            assertEquals(ragged.get(2).get(7, 33), tm.array()[(2 * 100 + 33) * 80 + 7]);
            assertEquals(ragged.get(2).get(7, 33), fm.array()[(2 * 80 + 7) * 100 + 33]);
        }
    }

    @Test
    void aMinimumLengthPadsEveryClip() {
        SpectrogramSpec kaldi = Presets.kaldi();
        List<float[]> clips = clips(2, 400, 1_000, 3_210);
        try (SpectrogramPlan plan = spectro.plan(kaldi)) {
            List<Spectrogram> ragged = plan.computeBatch(clips);
            for (Order order : Order.values()) {
                CollatedBatch c = CollatedBatch.compute(plan, clips, order, 0f, 50);
                assertEquals(50, c.frames());
                assertCollates(ragged, c, 0f, 50);
                assertCollates(ragged, CollatedBatch.of(ragged, order, 0f, 50), 0f, 50);
            }
            // Longer than the minimum: kept whole.
            assertEquals(
                    ragged.get(2).frames(),
                    CollatedBatch.compute(plan, clips, Order.TIME_MAJOR, 0f, 2).frames());
        }
    }

    @Test
    void equalLengthsAndASingleClip() {
        try (SpectrogramPlan plan = spectro.plan(Presets.librosa())) {
            for (List<float[]> clips : List.of(clips(3, 22_050, 22_050, 22_050), clips(4, 5_000))) {
                List<Spectrogram> ragged = plan.computeBatch(clips);
                for (Order order : Order.values()) {
                    assertCollates(ragged, CollatedBatch.compute(plan, clips, order, 7f), 7f, 0);
                }
            }
        }
    }

    @Test
    void theSegmentFormWritesIntoTheCallersMemory() {
        SpectrogramSpec whisper = Presets.whisper();
        List<float[]> clips = clips(5, 3_000, 16_000, 9_999);
        long[] counts = {3_000, 16_000, 9_999};
        long[] offsets = {0, 3_000, 19_000};
        try (SpectrogramPlan plan = spectro.plan(whisper);
                Arena arena = Arena.ofConfined()) {
            List<Spectrogram> ragged = plan.computeBatch(clips);
            MemorySegment samples = arena.allocate(ValueLayout.JAVA_FLOAT, 28_999);
            for (int i = 0; i < clips.size(); i++) {
                MemorySegment.copy(
                        clips.get(i), 0, samples, ValueLayout.JAVA_FLOAT, offsets[i] * 4, clips.get(i).length);
            }
            long floats = CollatedBatch.floats(whisper, 120, counts);
            assertEquals(3L * 80 * 120, floats);
            for (Order order : Order.values()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, floats);
                CollatedBatch c = CollatedBatch.compute(plan, samples, offsets, counts, order, -3f, 120, out);
                assertFalse(c.hasArray());
                assertThrows(IllegalStateException.class, c::array);
                assertEquals(out.address(), c.segment().address());
                assertCollates(ragged, c, -3f, 120);
                MemorySegment mask = arena.allocate(3 * 120);
                c.writeMask(mask);
                for (int b = 0; b < 3; b++) {
                    for (int t = 0; t < 120; t++) {
                        assertEquals(t < c.length(b) ? 1 : 0, mask.get(ValueLayout.JAVA_BYTE, b * 120L + t));
                    }
                }
            }
            MemorySegment small = arena.allocate(ValueLayout.JAVA_FLOAT, floats - 1);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> CollatedBatch.compute(plan, samples, offsets, counts, Order.TIME_MAJOR, 0f, 120, small));
            assertTrue(e.getMessage().contains("needs"), e.getMessage());
        }
    }

    @Test
    void refusesWhatDoesNotCollate() {
        try (SpectrogramPlan plan = spectro.plan(Presets.whisper());
                SpectrogramPlan complex = spectro.plan(
                        Presets.whisper().toBuilder().noMel().noLog().complex().build())) {
            assertThrows(
                    IllegalArgumentException.class, () -> CollatedBatch.compute(plan, List.of(), Order.TIME_MAJOR, 0f));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> CollatedBatch.compute(complex, clips(6, 1000), Order.TIME_MAJOR, 0f));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> CollatedBatch.compute(plan, clips(7, 1000), Order.TIME_MAJOR, 0f, -1));
            List<Spectrogram> mixed = new ArrayList<>(plan.computeBatch(clips(8, 1000)));
            mixed.add(spectro.compute(Presets.kaldi(), clips(9, 1000).getFirst()));
            assertThrows(IllegalArgumentException.class, () -> CollatedBatch.of(mixed, Order.FEATURES_FIRST, 0f));
            float[] bad = clips(10, 1000).getFirst();
            bad[17] = Float.NaN;
            assertThrows(
                    IllegalArgumentException.class,
                    () -> CollatedBatch.compute(plan, List.of(bad), Order.FEATURES_FIRST, 0f));
        }
    }
}
