package io.spectro.dsp;

import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;

/**
 * The input stage as backends read it: clip samples multiplied by the input scale, padded with zeros or trimmed to the
 * fixed sample count ({@link ReferencePipeline#input} defines it), read straight from a {@link ClipBatch} without
 * building the whole padded clip.
 */
public final class ClipInput {
    private ClipInput() {}

    /** Samples the framing sees for clip {@code clip}: the fixed sample count, or the clip's own. */
    public static int length(SpecTables tables, ClipBatch batch, int clip) {
        return (int) tables.spec().framedSamples(batch.samples(clip));
    }

    /**
     * Input samples {@code [from, from + n)} of clip {@code clip} (scaled; zeros beyond the clip) into {@code dst[at,
     * at + n)}; {@code from + n} must not exceed {@link #length}.
     */
    public static void copy(SpecTables tables, ClipBatch batch, int clip, int from, float[] dst, int at, int n) {
        int real = Math.max(0, Math.min(n, batch.samples(clip) - from));
        if (real > 0) {
            batch.copySamples(clip, from, dst, at, real);
        }
        if (real < n) {
            java.util.Arrays.fill(dst, at + real, at + n, 0.0f);
        }
        float scale = tables.inputScale();
        if (scale != 1.0f) {
            for (int i = at; i < at + real; i++) {
                dst[i] = dst[i] * scale;
            }
        }
    }

    /**
     * Every input sample of clip {@code clip} ({@link #length} floats, float32 in native order) into {@code dst} from
     * byte {@code byteOffset}, through {@code buffer} (any length {@code > 0}) when scaling.
     */
    public static void stage(
            SpecTables tables, ClipBatch batch, int clip, MemorySegment dst, long byteOffset, float[] buffer) {
        int n = length(tables, batch, clip);
        int real = Math.min(n, batch.samples(clip));
        if (tables.inputScale() == 1.0f) {
            float[] array = batch.inputArray(clip);
            if (array != null) {
                MemorySegment.copy(array, 0, dst, ClipBatch.FLOAT, byteOffset, real);
            } else {
                MemorySegment.copy(batch.input(clip), 0, dst, byteOffset, (long) real * Float.BYTES);
            }
        } else {
            for (int from = 0; from < real; from += buffer.length) {
                int m = Math.min(buffer.length, real - from);
                copy(tables, batch, clip, from, buffer, 0, m);
                MemorySegment.copy(buffer, 0, dst, ClipBatch.FLOAT, byteOffset + (long) from * Float.BYTES, m);
            }
        }
        if (real < n) {
            dst.asSlice(byteOffset + (long) real * Float.BYTES, (long) (n - real) * Float.BYTES)
                    .fill((byte) 0);
        }
    }
}
