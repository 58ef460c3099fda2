package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The stored-sample conversions, value by value, against their formulas. */
class WavSampleDecoderTest {
    static float[] decode(SampleEncoding encoding, int containerBits, byte[] bytes, int samples) {
        float[] out = new float[samples + 1];
        out[samples] = 42f;
        new WavSampleDecoder(encoding, containerBits).decode(bytes, samples, out);
        assertEquals(42f, out[samples], "nothing written past the samples");
        return out;
    }

    static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void integerPcm() {
        float[] u8 = decode(SampleEncoding.PCM_UNSIGNED, 8, new byte[] {0, (byte) 128, (byte) 255}, 3);
        assertEquals(-1f, u8[0]);
        assertEquals(0f, u8[1]);
        assertEquals(127f / 128, u8[2]);

        byte[] s16 = le(6).putShort((short) -32768)
                .putShort((short) 1)
                .putShort((short) 32767)
                .array();
        float[] v16 = decode(SampleEncoding.PCM_SIGNED, 16, s16, 3);
        assertEquals(-1f, v16[0]);
        assertEquals(1f / 32768, v16[1]);
        assertEquals(32767f / 32768, v16[2]);

        // 24-bit: -2^23 and 2^23 - 1, little-endian three bytes each.
        byte[] s24 = {0, 0, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x7F};
        float[] v24 = decode(SampleEncoding.PCM_SIGNED, 24, s24, 2);
        assertEquals(-1f, v24[0]);
        assertEquals(8388607f / 8388608, v24[1]);

        byte[] s32 = le(8).putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE).array();
        float[] v32 = decode(SampleEncoding.PCM_SIGNED, 32, s32, 2);
        assertEquals(-1f, v32[0]);
        assertEquals((float) (Integer.MAX_VALUE / 2147483648.0), v32[1], "rounded once to float32");
    }

    @Test
    void floats() {
        byte[] f32 = le(8).putFloat(-0.25f).putFloat(Float.MIN_VALUE).array();
        float[] v32 = decode(SampleEncoding.IEEE_FLOAT, 32, f32, 2);
        assertEquals(-0.25f, v32[0]);
        assertEquals(Float.MIN_VALUE, v32[1]);
        double x = 0.1;
        byte[] f64 = le(8).putDouble(x).array();
        assertEquals((float) x, decode(SampleEncoding.IEEE_FLOAT, 64, f64, 1)[0]);
    }

    @Test
    void g711() {
        // mu-law 0x00 and 0x80 are the extremes -32124 and 32124; A-law 0xD5 is +8 (the smallest positive step).
        float[] mu = decode(SampleEncoding.MU_LAW, 8, new byte[] {0, (byte) 0x80, (byte) 0xFF}, 3);
        assertEquals(-32124f / 32768, mu[0]);
        assertEquals(32124f / 32768, mu[1]);
        assertEquals(0f, mu[2]);
        float[] a = decode(SampleEncoding.A_LAW, 8, new byte[] {(byte) 0xD5, 0x55}, 2);
        assertEquals(8f / 32768, a[0]);
        assertEquals(-8f / 32768, a[1]);
    }
}
