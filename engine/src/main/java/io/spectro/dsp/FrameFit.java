package io.spectro.dsp;

import io.spectro.SpectrogramSpec;
import io.spectro.spi.ClipBatch;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The last stage, pad-or-trim in frames ({@link io.spectro.FixedLength#frames()}), and the delivery of a clip's result
 * into its output: every backend computes a clip's {@code [features][T]} result and hands it here, which copies it
 * whole or, with a fixed frame count {@code N}, row by row ({@code min(N, T)} values per row, then the pad value).
 */
public final class FrameFit {
    private FrameFit() {}

    /**
     * Copies {@code rows} rows of {@code srcFrames} values from {@code src} into rows of {@code dstFrames} values of
     * {@code dst}: the first {@code min(srcFrames, dstFrames)} values of each row, then {@code pad}.
     */
    public static void rows(float[] src, int rows, int srcFrames, float[] dst, int dstFrames, float pad) {
        int keep = Math.min(srcFrames, dstFrames);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcFrames, dst, r * dstFrames, keep);
            Arrays.fill(dst, r * dstFrames + keep, (r + 1) * dstFrames, pad);
        }
    }

    /**
     * Writes clip {@code clip}'s result, {@code src[0, outputFloats(srcFrames))} in layout {@code [features][srcFrames]}
     * (or {@code [nFreq][srcFrames][2]}), into the clip's output of {@code batch.frames(clip)} frames.
     */
    public static void deliver(SpecTables tables, ClipBatch batch, int clip, float[] src, int srcFrames) {
        SpectrogramSpec spec = tables.spec();
        if (!tables.fitsFrames()) {
            batch.writeOutput(clip, 0, src, 0, (int) spec.outputFloats(srcFrames));
            return;
        }
        int rows = spec.featureCount();
        int outFrames = batch.frames(clip);
        int keep = Math.min(srcFrames, outFrames);
        float[] array = batch.outputArray(clip);
        for (int r = 0; r < rows; r++) {
            long at = (long) r * outFrames;
            batch.writeOutput(clip, at, src, r * srcFrames, keep);
            pad(batch, clip, array, at + keep, outFrames - keep, tables.framePad());
        }
    }

    /**
     * As {@link #deliver(SpecTables, ClipBatch, int, float[], int)} from a segment: the result starts at byte {@code
     * srcByteOffset} of {@code src} (float32, native order).
     */
    public static void deliver(
            SpecTables tables, ClipBatch batch, int clip, MemorySegment src, long srcByteOffset, int srcFrames) {
        SpectrogramSpec spec = tables.spec();
        float[] array = batch.outputArray(clip);
        long rowFloats = tables.fitsFrames() ? srcFrames : spec.outputFloats(srcFrames);
        int rows = tables.fitsFrames() ? spec.featureCount() : 1;
        int outFrames = batch.frames(clip);
        long keep = tables.fitsFrames() ? Math.min(srcFrames, outFrames) : rowFloats;
        long outRow = tables.fitsFrames() ? outFrames : rowFloats;
        for (int r = 0; r < rows; r++) {
            long from = srcByteOffset + r * rowFloats * Float.BYTES;
            long at = r * outRow;
            if (array != null) {
                MemorySegment.copy(src, ClipBatch.FLOAT, from, array, (int) at, (int) keep);
            } else {
                MemorySegment.copy(
                        src,
                        from,
                        batch.outputSegment(clip),
                        batch.outputByteOffset(clip) + at * Float.BYTES,
                        keep * Float.BYTES);
            }
            if (tables.fitsFrames()) {
                pad(batch, clip, array, at + keep, outFrames - keep, tables.framePad());
            }
        }
    }

    /** Writes {@code count} copies of {@code value} at float index {@code at} of clip {@code clip}'s output. */
    private static void pad(ClipBatch batch, int clip, float[] array, long at, long count, float value) {
        if (count <= 0) {
            return;
        }
        if (array != null) {
            Arrays.fill(array, (int) at, (int) (at + count), value);
            return;
        }
        MemorySegment seg = batch.outputSegment(clip);
        long base = batch.outputByteOffset(clip) + at * Float.BYTES;
        for (long i = 0; i < count; i++) {
            seg.set(ClipBatch.FLOAT, base + i * Float.BYTES, value);
        }
    }
}
