package io.spectro.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian views of byte arrays, as WAV files store every field and sample. */
final class LittleEndian {
    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle F64 = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    /** The unsigned 16-bit value at byte {@code at}. */
    static int u16(byte[] b, int at) {
        return (short) I16.get(b, at) & 0xFFFF;
    }

    /** The unsigned 32-bit value at byte {@code at}. */
    static long u32(byte[] b, int at) {
        return (int) I32.get(b, at) & 0xFFFFFFFFL;
    }

    /** The signed 64-bit value at byte {@code at}. */
    static long i64(byte[] b, int at) {
        return (long) I64.get(b, at);
    }
}
