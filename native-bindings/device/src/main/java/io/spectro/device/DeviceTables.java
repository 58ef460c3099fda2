package io.spectro.device;

import io.spectro.dsp.FftPlan;
import io.spectro.dsp.MelFilterbank;
import io.spectro.dsp.SpecTables;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan's constant tables on the device, uploaded once from {@link SpecTables}: the frame window, the FFT's twiddles,
 * roots and Bluestein chirps, the real-FFT post-processing twiddles, the mel bands, the DCT matrix and the lifter. A
 * table the spec does not use is the window buffer instead, so that every kernel argument is a valid buffer.
 */
final class DeviceTables implements AutoCloseable {
    private final ComputeDevice device;
    private final List<DeviceBuffer> owned = new ArrayList<>();

    final DeviceBuffer window;
    final DeviceBuffer twiddles;
    final DeviceBuffer roots;
    final DeviceBuffer chirp;
    final DeviceBuffer chirpFilter;
    final DeviceBuffer post;
    final DeviceBuffer melStarts;
    final DeviceBuffer melLengths;
    final DeviceBuffer melOffsets;
    final DeviceBuffer melWeights;
    final DeviceBuffer dct;
    final DeviceBuffer lifter;
    /** The fused kernel's pass table ({@link KernelAbi#PASS_TABLE_INTS} ints per pass), or the window. */
    final DeviceBuffer passTable;

    /**
     * Uploads the tables of {@code tables}; the FFT tables only when Spectro's passes run ({@code passes}: a complex
     * plan and no vendor FFT), the pass table only for the fused kernel ({@code fused}). On failure frees what it
     * uploaded and rethrows.
     */
    DeviceTables(ComputeDevice device, SpecTables tables, FftPlan fft, boolean passes, boolean fused) {
        this.device = device;
        try {
            window = upload(tables.frameWindow());
            twiddles = passes ? upload(fft.twiddles()) : window;
            roots = passes && fft.roots().length > 0 ? upload(fft.roots()) : window;
            chirp = passes && fft.bluestein() ? upload(fft.chirp()) : window;
            chirpFilter = passes && fft.bluestein() ? upload(fft.chirpFilter()) : window;
            post = passes && tables.fft().halfLength() ? upload(tables.fft().postTwiddles()) : window;
            MelFilterbank mel = tables.mel();
            if (mel != null) {
                melStarts = upload(mel.starts());
                melLengths = upload(mel.lengths());
                melOffsets = upload(mel.offsets());
                melWeights = mel.weightCount() > 0 ? upload(mel.weights()) : window;
            } else {
                melStarts = window;
                melLengths = window;
                melOffsets = window;
                melWeights = window;
            }
            dct = tables.dct() != null ? upload(tables.dct()) : window;
            lifter = tables.lifter() != null ? upload(tables.lifter()) : window;
            passTable = fused ? upload(passTable(fft)) : window;
        } catch (RuntimeException | Error e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Radix, span, twiddle offset and root offset of every pass of {@code fft}. */
    static int[] passTable(FftPlan fft) {
        int[] t = new int[fft.passes() * KernelAbi.PASS_TABLE_INTS];
        for (int p = 0; p < fft.passes(); p++) {
            t[4 * p] = fft.radix(p);
            t[4 * p + 1] = fft.span(p);
            t[4 * p + 2] = fft.twiddleOffset(p);
            t[4 * p + 3] = fft.rootOffset(p);
        }
        return t;
    }

    /** Bytes of the mel tables a mel stage reads: band starts, lengths, offsets and weights. */
    long melBytes() {
        return melStarts.byteSize() + melLengths.byteSize() + melOffsets.byteSize() + melWeights.byteSize();
    }

    private DeviceBuffer upload(float[] values) {
        MemorySegment host = MemorySegment.ofArray(values);
        return upload(host, Float.BYTES);
    }

    private DeviceBuffer upload(int[] values) {
        MemorySegment host = MemorySegment.ofArray(values);
        return upload(host, Integer.BYTES);
    }

    /** A buffer of at least {@code minBytes} holding {@code values}, copied through staging memory. */
    private DeviceBuffer upload(MemorySegment values, int minBytes) {
        DeviceBuffer b = device.allocate(Math.max(minBytes, values.byteSize()));
        owned.add(b);
        if (values.byteSize() > 0) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = device.stagingMemory(a, values.byteSize());
                MemorySegment.copy(values, ValueLayout.JAVA_BYTE, 0, s, ValueLayout.JAVA_BYTE, 0, values.byteSize());
                device.upload(s, b, 0);
            }
        }
        return b;
    }

    /** Frees the uploaded buffers (last first); the first failure is rethrown after the rest are freed. Idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        owned.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
