package io.spectro.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.device.DeviceBuffer;
import io.spectro.device.KernelArgs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.ToLongFunction;
import jcuda.Pointer;
import org.junit.jupiter.api.Test;

/** {@link KernelArgs} to cuLaunchKernel parameter marshalling: offsets, alignment, values, foreign buffers. */
class KernelParamsTest {
    /** A buffer that is not a CUDA buffer, with a made-up device address for the marshalling. */
    private record FakeBuffer(long address, long byteSize) implements DeviceBuffer {
        @Override
        public void close() {}
    }

    private static final ToLongFunction<DeviceBuffer> ADDRESS = b -> ((FakeBuffer) b).address();

    @Test
    void offsetsAreAlignedToEachArgumentsSize() {
        KernelArgs args = KernelArgs.of()
                .buffer(new FakeBuffer(0x7000_0000_1000L, 64))
                .i32(7)
                .i64(1L << 40)
                .f32(0.5f)
                .i32(-3)
                .buffer(new FakeBuffer(0x7000_0000_2000L, 64))
                .f32(Float.MIN_VALUE);
        // buffer@0, int@8, long@16 (aligned from 12), float@24, int@28, buffer@32, float@40
        assertArrayEquals(new long[] {0, 8, 16, 24, 28, 32, 40}, KernelParams.offsets(args.args()));
        assertEquals(44, KernelParams.blockSize(args.args()));
        assertArrayEquals(
                new long[] {0, 8},
                KernelParams.offsets(KernelArgs.of().i32(1).i64(2).args()));
        assertArrayEquals(
                new long[] {0, 4, 8},
                KernelParams.offsets(KernelArgs.of().f32(1).i32(2).f32(3).args()));
        assertEquals(0, KernelParams.blockSize(List.of()));
    }

    @Test
    void valuesAreWrittenInNativeOrderAtTheirOffsets() {
        KernelArgs args = KernelArgs.of()
                .buffer(new FakeBuffer(0x7000_0000_1000L, 64))
                .i32(7)
                .i64(-(1L << 40))
                .f32(0.1f)
                .i32(Integer.MIN_VALUE)
                .buffer(new FakeBuffer(0x7fff_ffff_fff0L, 64))
                .f32(Float.NaN);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(64, 16);
            long[] o = KernelParams.write(args.args(), block, ADDRESS);
            assertEquals(0x7000_0000_1000L, block.get(JAVA_LONG, o[0]));
            assertEquals(7, block.get(JAVA_INT, o[1]));
            assertEquals(-(1L << 40), block.get(JAVA_LONG, o[2]));
            assertEquals(Float.floatToRawIntBits(0.1f), block.get(JAVA_INT, o[3]));
            assertEquals(0.1f, block.get(JAVA_FLOAT, o[3]));
            assertEquals(Integer.MIN_VALUE, block.get(JAVA_INT, o[4]));
            assertEquals(0x7fff_ffff_fff0L, block.get(JAVA_LONG, o[5]));
            assertEquals(Float.floatToRawIntBits(Float.NaN), block.get(JAVA_INT, o[6]));

            Pointer p = KernelParams.pointers(block, o);
            // One void* per argument, each pointing into the block at its offset.
            String s = p.toString();
            for (long off : o) {
                assertTrue(
                        s.contains("nativePointer=0x" + Long.toHexString(block.address() + off)),
                        "entry for offset " + off + " in " + s);
            }
        }
    }

    @Test
    void aBufferOfAnotherDeviceIsRejectedByTheAddressFunction() {
        KernelArgs args = KernelArgs.of().i32(1).buffer(new FakeBuffer(0, 4));
        ToLongFunction<DeviceBuffer> reject = b -> {
            throw new IllegalArgumentException(b + " is not a buffer of CUDA device X");
        };
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(16, 16);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> KernelParams.write(args.args(), block, reject));
            assertTrue(e.getMessage().contains("not a buffer of CUDA device"));
        }
    }

    @Test
    void sizesOfEachKind() {
        assertEquals(8, KernelParams.size(new KernelArgs.BufferArg(new FakeBuffer(0, 0))));
        assertEquals(4, KernelParams.size(new KernelArgs.IntArg(0)));
        assertEquals(8, KernelParams.size(new KernelArgs.LongArg(0)));
        assertEquals(4, KernelParams.size(new KernelArgs.FloatArg(0)));
    }
}
