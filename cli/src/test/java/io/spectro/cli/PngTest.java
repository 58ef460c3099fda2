package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngTest {
    /** Checks the signature, that chunks are IHDR ... IDAT ... IEND with correct CRCs, and returns {width, height}. */
    static int[] assertValidPng(byte[] png) {
        assertArrayEquals(Png.SIGNATURE, Arrays.copyOf(png, 8), "PNG signature");
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        List<String> types = new ArrayList<>();
        int width = -1;
        int height = -1;
        while (b.remaining() > 0) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            int crc = b.getInt();
            CRC32 c = new CRC32();
            c.update(type);
            c.update(data);
            String t = new String(type, StandardCharsets.US_ASCII);
            assertEquals((int) c.getValue(), crc, "CRC of " + t);
            types.add(t);
            if (t.equals("IHDR")) {
                ByteBuffer h = ByteBuffer.wrap(data);
                width = h.getInt();
                height = h.getInt();
                assertEquals(8, h.get(), "bit depth");
                assertEquals(2, h.get(), "colour type RGB");
            }
        }
        assertEquals("IHDR", types.get(0));
        assertEquals("IEND", types.get(types.size() - 1));
        assertTrue(types.contains("IDAT"));
        return new int[] {width, height};
    }

    @Test
    void encodesPixelsExactly() throws IOException {
        int w = 37;
        int h = 11;
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 + (i / 3) * 7);
        }
        byte[] png = Png.encodeRgb(w, h, rgb);
        assertArrayEquals(new int[] {w, h}, assertValidPng(png));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int expected = ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
                assertEquals(expected, img.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void spectrogramPreviewHasAxesColourBarAndTheDataColours() throws IOException {
        SpectrogramSpec spec = Presets.whisper();
        int frames = 300;
        float[] data = new float[spec.featureCount() * frames];
        for (int f = 0; f < spec.featureCount(); f++) {
            for (int t = 0; t < frames; t++) {
                data[f * frames + t] = f < 40 ? 1.0f : -0.5f; // low bands bright, high bands dark
            }
        }
        byte[] png = SpectrogramImage.render(spec, data, frames, "test.wav", Colormap.VIRIDIS);
        int[] size = assertValidPng(png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(size[0], img.getWidth());
        // Plot origin: left margin 44, top margin 16; frames 300 are magnified x2, 80 bands x3.
        assertEquals(44 + 600 + 62, img.getWidth());
        assertEquals(16 + 240 + 30, img.getHeight());
        int top = img.getRGB(44 + 300, 16 + 10) & 0xffffff; // a high band: the lowest value
        int bottom = img.getRGB(44 + 300, 16 + 230) & 0xffffff; // a low band: the highest value
        assertEquals(0x440154, top, "viridis low end");
        assertEquals(0xfde725, bottom, "viridis high end");
    }

    @Test
    void rejectsWrongSizes() {
        assertEquals(
                "image 2x2 needs 12 bytes, got 3",
                org.junit.jupiter.api.Assertions.assertThrows(
                                IllegalArgumentException.class, () -> Png.encodeRgb(2, 2, new byte[3]))
                        .getMessage());
    }
}
