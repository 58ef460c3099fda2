package io.spectro.audio.flac;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two checksums of a FLAC frame (RFC 9639 section 9.1): CRC-8 (polynomial x^8 + x^2 + x + 1) over the frame
 * header and CRC-16 (polynomial x^16 + x^15 + x^2 + 1) over the whole frame, both MSB-first with initial value 0.
 */
final class FlacCrc {
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int[] CRC8 = new int[256];
    /** {@code CRC16[k][v]}: the CRC-16 of byte {@code v} followed by {@code k} zero bytes (slicing by 8). */
    private static final int[][] CRC16 = new int[8][256];

    static {
        for (int v = 0; v < 256; v++) {
            int c8 = v;
            int c16 = v << 8;
            for (int bit = 0; bit < 8; bit++) {
                c8 = (c8 & 0x80) != 0 ? (c8 << 1) ^ 0x07 : c8 << 1;
                c16 = (c16 & 0x8000) != 0 ? (c16 << 1) ^ 0x8005 : c16 << 1;
            }
            CRC8[v] = c8 & 0xFF;
            CRC16[0][v] = c16 & 0xFFFF;
        }
        for (int k = 1; k < 8; k++) {
            for (int v = 0; v < 256; v++) {
                int prev = CRC16[k - 1][v];
                CRC16[k][v] = ((prev << 8) ^ CRC16[0][prev >>> 8]) & 0xFFFF;
            }
        }
    }

    private FlacCrc() {}

    /** CRC-8 of {@code b[from..to)}. */
    static int crc8(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = CRC8[crc ^ (b[i] & 0xFF)];
        }
        return crc;
    }

    /** Continues the CRC-16 {@code crc} over {@code b[from..to)}. */
    static int crc16(int crc, byte[] b, int from, int to) {
        int[] t0 = CRC16[0];
        int[] t1 = CRC16[1];
        int[] t2 = CRC16[2];
        int[] t3 = CRC16[3];
        int[] t4 = CRC16[4];
        int[] t5 = CRC16[5];
        int[] t6 = CRC16[6];
        int[] t7 = CRC16[7];
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) BE64.get(b, i);
            crc = t7[(int) ((crc >>> 8) ^ (w >>> 56)) & 0xFF]
                    ^ t6[(int) (crc ^ (w >>> 48)) & 0xFF]
                    ^ t5[(int) (w >>> 40) & 0xFF]
                    ^ t4[(int) (w >>> 32) & 0xFF]
                    ^ t3[(int) (w >>> 24) & 0xFF]
                    ^ t2[(int) (w >>> 16) & 0xFF]
                    ^ t1[(int) (w >>> 8) & 0xFF]
                    ^ t0[(int) w & 0xFF];
        }
        for (; i < to; i++) {
            crc = ((crc << 8) ^ t0[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
