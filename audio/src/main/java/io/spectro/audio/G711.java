package io.spectro.audio;

/** ITU-T G.711 expansion of mu-law and A-law code bytes to 16-bit linear PCM (the standard tables). */
final class G711 {
    private G711() {}

    /** The 16-bit linear value of a mu-law code byte (range -32124..32124). */
    static int ulawToLinear(int code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** The 16-bit linear value of an A-law code byte (range -32256..32256). */
    static int alawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    /** The 256 decoded float values ({@code linear / 32768}) of mu-law (when {@code mu}) or A-law code bytes. */
    static float[] table(boolean mu) {
        float[] t = new float[256];
        for (int code = 0; code < 256; code++) {
            t[code] = (mu ? ulawToLinear(code) : alawToLinear(code)) / 32768f;
        }
        return t;
    }
}
