package io.spectro.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An RGB raster with filled rectangles and text in a 5x8 bitmap font (no AWT, works headless). */
final class Canvas {
    /** Glyph cell width and height in pixels; text advances {@link #ADVANCE} pixels per character. */
    static final int GLYPH_W = 5, GLYPH_H = 8, ADVANCE = 6;

    private final int width;
    private final int height;
    private final byte[] rgb;

    /** A canvas filled with {@code background} (0xRRGGBB). */
    Canvas(int width, int height, int background) {
        this.width = width;
        this.height = height;
        this.rgb = new byte[width * height * 3];
        fill(0, 0, width, height, background);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Sets one pixel (ignored outside the canvas). */
    void set(int x, int y, int color) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return;
        }
        int i = (y * width + x) * 3;
        rgb[i] = (byte) (color >> 16);
        rgb[i + 1] = (byte) (color >> 8);
        rgb[i + 2] = (byte) color;
    }

    /** Fills {@code [x, x+w) x [y, y+h)}, clipped to the canvas. */
    void fill(int x, int y, int w, int h, int color) {
        for (int yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
                set(xx, yy, color);
            }
        }
    }

    /** Width in pixels of {@code text}. */
    static int textWidth(String text) {
        return text.isEmpty() ? 0 : text.length() * ADVANCE - 1;
    }

    /** Draws {@code text} with its top-left corner at (x, y); characters outside printable ASCII show as '?'. */
    void text(int x, int y, String text, int color) {
        for (int i = 0; i < text.length(); i++) {
            boolean[] g = Glyphs.MAP.get(text.charAt(i));
            if (g == null) {
                g = Glyphs.MAP.get('?');
            }
            for (int r = 0; r < GLYPH_H; r++) {
                for (int c = 0; c < GLYPH_W; c++) {
                    if (g[r * GLYPH_W + c]) {
                        set(x + i * ADVANCE + c, y + r, color);
                    }
                }
            }
        }
    }

    /** Draws {@code text} rotated 90 degrees counter-clockwise (reading upwards), its bottom-left corner at (x, y). */
    void textUp(int x, int y, String text, int color) {
        for (int i = 0; i < text.length(); i++) {
            boolean[] g = Glyphs.MAP.get(text.charAt(i));
            if (g == null) {
                g = Glyphs.MAP.get('?');
            }
            for (int r = 0; r < GLYPH_H; r++) {
                for (int c = 0; c < GLYPH_W; c++) {
                    if (g[r * GLYPH_W + c]) {
                        set(x + r, y - i * ADVANCE - c, color);
                    }
                }
            }
        }
    }

    /** The PNG encoding of the canvas. */
    byte[] toPng() {
        return Png.encodeRgb(width, height, rgb);
    }

    /** The font, loaded on first use. */
    private static final class Glyphs {
        static final Map<Character, boolean[]> MAP = loadFont();
    }

    private static Map<Character, boolean[]> loadFont() {
        Map<Character, boolean[]> font = new HashMap<>();
        try (InputStream in = Canvas.class.getResourceAsStream("font5x8.txt")) {
            if (in == null) {
                throw new IllegalStateException("font5x8.txt missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("= ")) {
                    continue;
                }
                String name = line.substring(2);
                char c = name.equals("space") ? ' ' : name.charAt(0);
                boolean[] g = new boolean[GLYPH_W * GLYPH_H];
                for (int row = 0; row < GLYPH_H; row++) {
                    String bits = r.readLine();
                    for (int col = 0; col < GLYPH_W; col++) {
                        g[row * GLYPH_W + col] = bits.charAt(col) == '#';
                    }
                }
                font.put(c, g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return font;
    }
}
