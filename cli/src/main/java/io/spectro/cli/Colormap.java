package io.spectro.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The colour scales of the PNG previews ({@code --colormap}); each is 256 colours from a resource {@code NAME.rgb}. */
enum Colormap {
    /** matplotlib's viridis (the default). */
    VIRIDIS,
    /** matplotlib's magma. */
    MAGMA;

    /** The 256 colours, {@code 0xRRGGBB}, from low to high. */
    int[] colours() {
        String file = name().toLowerCase(Locale.ROOT) + ".rgb";
        try (InputStream in = Colormap.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " missing from the jar");
            }
            int[] out = new int[256];
            int n = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                out[n++] = Integer.parseInt(line, 16);
            }
            if (n != 256) {
                throw new IllegalStateException(file + " has " + n + " colours, expected 256");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
