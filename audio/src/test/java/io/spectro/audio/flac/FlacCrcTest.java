package io.spectro.audio.flac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table-driven CRCs against their bit-by-bit definitions (RFC 9639 section 9.1). */
class FlacCrcTest {

    private static int crc8Bitwise(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16Bitwise(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    @Test
    void tablesMatchTheBitwiseDefinitionsAtEveryLengthAndSplit() {
        Random random = new Random(1);
        for (int length = 0; length < 70; length++) {
            byte[] b = new byte[length + 3];
            random.nextBytes(b);
            assertEquals(crc8Bitwise(b, 3, b.length), FlacCrc.crc8(b, 3, b.length), "length " + length);
            int expected = crc16Bitwise(b, 3, b.length);
            assertEquals(expected, FlacCrc.crc16(0, b, 3, b.length), "length " + length);
            for (int split = 3; split <= b.length; split++) {
                // continuing a CRC over a second range is what the decoder does when its buffer is refilled
                assertEquals(expected, FlacCrc.crc16(FlacCrc.crc16(0, b, 3, split), b, split, b.length));
            }
        }
    }

    @Test
    void knownValues() {
        byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0xF4, FlacCrc.crc8(check, 0, 9)); // CRC-8 (poly 0x07, init 0) check value
        assertEquals(0xFEE8, FlacCrc.crc16(0, check, 0, 9)); // CRC-16/BUYPASS (UMTS) check value
    }
}
