package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files over 4 GiB without writing them: a virtual channel serves a real header followed by computed 16-bit samples
 * (sample {@code i} is {@code (short) (i * 7919)}), so any frame of the file can be checked.
 */
class WavReaderLargeFileTest {

    static final long DATA_BYTES = 5L << 30; // 5 GiB of stereo 16-bit: 1,342,177,280 frames

    /** header bytes, then DATA_BYTES of samples, then {@code trailer}. */
    static final class VirtualWav implements SeekableByteChannel {
        final byte[] header;
        final byte[] trailer;
        long position;

        VirtualWav(byte[] header, byte[] trailer) {
            this.header = header;
            this.trailer = trailer;
        }

        static byte sampleByte(long dataOffset) {
            long sample = dataOffset / 2;
            short v = (short) (sample * 7919);
            return (byte) (dataOffset % 2 == 0 ? v : v >> 8);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= size()) {
                return -1;
            }
            int n = 0;
            while (dst.hasRemaining() && position < size()) {
                long p = position++;
                byte b;
                if (p < header.length) {
                    b = header[(int) p];
                } else if (p < header.length + DATA_BYTES) {
                    b = sampleByte(p - header.length);
                } else {
                    b = trailer[(int) (p - header.length - DATA_BYTES)];
                }
                dst.put(b);
                n++;
            }
            return n;
        }

        @Override
        public long size() {
            return header.length + DATA_BYTES + trailer.length;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long p) {
            position = p;
            return this;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] fmt16Stereo() {
        ByteBuffer b = le(24);
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(48000);
        b.putInt(48000 * 4).putShort((short) 4).putShort((short) 16);
        return b.array();
    }

    static byte[] rf64Header() {
        ByteBuffer b = le(12 + 36 + 24 + 8);
        b.put("RF64".getBytes()).putInt(-1).put("WAVE".getBytes());
        b.put("ds64".getBytes())
                .putInt(28)
                .putLong(DATA_BYTES + 80)
                .putLong(DATA_BYTES)
                .putLong(0)
                .putInt(0);
        b.put(fmt16Stereo());
        b.put("data".getBytes()).putInt(-1);
        return b.array();
    }

    static byte[] wrappedRiffHeader() {
        ByteBuffer b = le(12 + 24 + 8);
        b.put("RIFF".getBytes()).putInt((int) (DATA_BYTES + 36)).put("WAVE".getBytes());
        b.put(fmt16Stereo());
        b.put("data".getBytes()).putInt((int) DATA_BYTES); // 5 GiB mod 2^32 = 1 GiB
        return b.array();
    }

    static void checkFramesAt(WavReader r, long frame) throws IOException {
        r.seekFrame(frame);
        float[] got = new float[8];
        int n = r.read(got, 0, 4, ChannelMode.ALL);
        assertEquals(Math.min(4, r.info().frameCount() - frame), n);
        for (int i = 0; i < n * 2; i++) {
            long sample = frame * 2 + i;
            assertEquals((short) (sample * 7919) / 32768f, got[i], "sample " + sample);
        }
    }

    @Test
    void rf64OverFourGiBUsesTheDs64SizesAndReadsAnyFrame() throws IOException {
        byte[] trailer = "LIST\4\0\0\0INFO".getBytes();
        try (WavReader r =
                WavReader.open(new VirtualWav(rf64Header(), trailer), "big.rf64", WavReader.Options.STRICT)) {
            WavInfo info = r.info();
            assertEquals("RF64", info.container());
            assertEquals(DATA_BYTES / 4, info.frameCount());
            assertEquals(DATA_BYTES, info.dataBytes());
            assertEquals(List.of(), info.warnings());
            assertEquals(DATA_BYTES / 4 / 48000.0, info.durationSeconds());
            for (long frame : new long[] {0, 1L << 30, (1L << 30) + 3, info.frameCount() - 2, info.frameCount()}) {
                checkFramesAt(r, frame);
            }
            r.seekFrame(0);
            IOException tooBig = assertThrows(IOException.class, () -> r.readRemaining(ChannelMode.ALL));
            assertTrue(tooBig.getMessage().contains("do not fit in one Java array"), tooBig.getMessage());
        }
    }

    @Test
    void aRiffDataSizeThatWrappedPastFourGiBIsRecognised() throws IOException {
        try (WavReader r = WavReader.open(
                new VirtualWav(wrappedRiffHeader(), new byte[0]), "big.wav", WavReader.Options.LENIENT)) {
            WavInfo info = r.info();
            assertEquals(DATA_BYTES / 4, info.frameCount());
            assertEquals(1, info.warnings().size());
            assertTrue(
                    info.warnings().get(0).contains("wrapped past 4 GiB"),
                    info.warnings().toString());
            checkFramesAt(r, info.frameCount() - 1);
        }
    }
}
