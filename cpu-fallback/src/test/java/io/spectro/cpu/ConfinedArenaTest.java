package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Off-heap batches from a confined arena work (the backend touches them only on the caller's thread). */
class ConfinedArenaTest {
    @Test
    void confinedSegmentsGiveTheSameResultAsArrays() {
        Random r = new Random(5);
        float[] a = new float[16000];
        float[] b = new float[9000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        try (Spectro spectro = Spectro.builder().backend("cpu").threads(2).build();
                SpectrogramPlan plan = spectro.plan(Presets.whisper());
                Arena arena = Arena.ofConfined()) {
            var expected = plan.computeBatch(List.of(a, b));
            MemorySegment in = arena.allocate((long) (a.length + b.length) * Float.BYTES);
            MemorySegment.copy(a, 0, in, ValueLayout.JAVA_FLOAT, 0, a.length);
            MemorySegment.copy(b, 0, in, ValueLayout.JAVA_FLOAT, (long) a.length * Float.BYTES, b.length);
            var layout = plan.layout(a.length, b.length);
            MemorySegment out = arena.allocate(layout.totalBytes());
            plan.execute(in, new long[] {0, a.length}, layout, out);
            float[] all = out.toArray(ValueLayout.JAVA_FLOAT);
            float[] first = java.util.Arrays.copyOfRange(all, 0, (int) layout.outputFloats(0));
            float[] second = java.util.Arrays.copyOfRange(
                    all, (int) layout.outputOffset(1), (int) (layout.outputOffset(1) + layout.outputFloats(1)));
            assertArrayEquals(expected.get(0).data(), first);
            assertArrayEquals(expected.get(1).data(), second);
        }
    }
}
