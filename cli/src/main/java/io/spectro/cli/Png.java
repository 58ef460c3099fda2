package io.spectro.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A minimal PNG encoder: 8-bit RGB, no interlace, zlib-compressed rows (filter Sub), CRC-checked chunks. */
final class Png {
    /** The eight-byte PNG signature. */
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /**
     * Encodes an RGB image.
     *
     * @param width pixels per row, {@code >= 1}
     * @param height rows, {@code >= 1}
     * @param rgb {@code width * height * 3} bytes, row-major from the top, R G B per pixel
     * @return the bytes of a PNG file
     */
    static byte[] encodeRgb(int width, int height, byte[] rgb) {
        if (width < 1 || height < 1 || (long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("image " + width + "x" + height + " needs " + (long) width * height * 3
                    + " bytes, got " + rgb.length);
        }
        int stride = width * 3;
        byte[] raw = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++) {
            int o = y * (stride + 1);
            raw[o] = 1; // filter type Sub: each byte minus the same channel of the pixel to its left
            int row = y * stride;
            for (int i = 0; i < stride; i++) {
                int left = i >= 3 ? rgb[row + i - 3] : 0;
                raw[o + 1 + i] = (byte) (rgb[row + i] - left);
            }
        }
        Deflater deflater = new Deflater(6);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 4 + 64);
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            z.write(buf, 0, n);
        }
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height);
        ihdr.put((byte) 8); // bit depth
        ihdr.put((byte) 2); // colour type: truecolour
        ihdr.put((byte) 0); // compression: deflate
        ihdr.put((byte) 0); // filter method 0
        ihdr.put((byte) 0); // no interlace
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
