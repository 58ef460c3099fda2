package io.spectro.conformance;

import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the golden fixtures written by {@code tools/golden/make_golden.py} from the class path ({@code /golden/...}),
 * so that other modules can use them through the engine's test-jar.
 */
public final class GoldenFiles {
    /** The class-path folder of the fixtures. */
    public static final String ROOT = "/io/spectro/conformance/golden/";

    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private GoldenFiles() {}

    /** The bytes of fixture {@code name}; a clear error when it is missing. */
    public static byte[] bytes(String name) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("golden fixture " + ROOT + name
                        + " is not on the class path; regenerate with python3 tools/golden/make_golden.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading golden fixture " + name, e);
        }
    }

    /** A fixture {@code .npy} as float32 (float64 files are rounded). */
    public static NpyArray npy(String name) {
        return Npy.parse(bytes(name));
    }

    /** A float64 little-endian C-order fixture {@code .npy} with its full precision. */
    public static double[] doubles(String name) {
        byte[] b = bytes(name);
        if (b[6] != 1) {
            throw new IllegalStateException(name + ": expected .npy version 1.0");
        }
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f8'") || header.contains("'fortran_order': True")) {
            throw new IllegalStateException(name + ": expected little-endian float64 in C order, header " + header);
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IllegalStateException(name + ": no shape in header " + header);
        }
        long count = 1;
        for (String d : m.group(1).split(",")) {
            if (!d.isBlank()) {
                count *= Long.parseLong(d.strip());
            }
        }
        ByteBuffer bb =
                ByteBuffer.wrap(b, 10 + headerLen, (int) count * 8).slice().order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) count];
        bb.asDoubleBuffer().get(out);
        return out;
    }

    /** A fixture {@code .properties} file. */
    public static Properties properties(String name) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes(name), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The non-empty lines of a text fixture that do not start with {@code #}. */
    public static List<String> lines(String name) {
        List<String> out = new ArrayList<>();
        for (String line : new String(bytes(name), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line);
            }
        }
        return out;
    }
}
