package io.spectro.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Reading accepts little- and big-endian {@code f4}, {@code f8}, {@code i1/i2/i4/i8}, {@code u1/u2/u4} and {@code
 * b1} in C order, converted to float32. Writing always produces version 1.0, little-endian float32, C order: the
 * layout that {@code numpy.load} and PyTorch read without copies.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Reads a {@code .npy} file; errors name the file and what is wrong. */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a readable .npy file: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the bytes of a {@code .npy} file.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything that is not a readable {@code .npy} file
     *     (no other exception, whatever the bytes; nothing is allocated beyond what the bytes hold)
     */
    public static NpyArray parse(byte[] bytes) {
        if (bytes.length < 10) {
            throw new IllegalArgumentException("too short for a .npy header (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException("missing the \\x93NUMPY magic");
            }
        }
        int major = bytes[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if ((major == 2 || major == 3) && bytes.length >= 12) {
            headerLen = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else if (major == 2 || major == 3) {
            throw new IllegalArgumentException("too short for a version " + major + " .npy header");
        } else {
            throw new IllegalArgumentException("unsupported .npy format version " + major);
        }
        if (headerStart + headerLen > bytes.length) {
            throw new IllegalArgumentException("header length " + headerLen + " runs past the end of the file");
        }
        String header = new String(
                bytes, headerStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        boolean fortran = group(FORTRAN, header, "fortran_order").equals("True");
        int[] shape = parseShape(group(SHAPE, header, "shape"));
        long count = 1;
        for (int d : shape) {
            count *= d; // each d <= Integer.MAX_VALUE: stop before the product can overflow
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape)
                        + " holds more elements than a Java array can (" + (Integer.MAX_VALUE - 8) + ")");
            }
        }
        if (descr.length() < 2) {
            throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
        }
        ByteOrder order = switch (descr.charAt(0)) {
            case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw new IllegalArgumentException("unsupported dtype " + descr);
        };
        String kind = descr.substring(1);
        int width = elementWidth(kind, descr);
        int dataStart = (int) (headerStart + headerLen);
        long need = count * width;
        if (bytes.length - dataStart < need) {
            throw new IllegalArgumentException("data holds " + (bytes.length - dataStart) + " bytes but shape "
                    + java.util.Arrays.toString(shape) + " of " + descr + " needs " + need);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) need).slice().order(order);
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (kind) {
                case "f4" -> data.getFloat(i * 4);
                case "f8" -> (float) data.getDouble(i * 8);
                case "i1" -> data.get(i);
                case "u1", "b1" -> data.get(i) & 0xff;
                case "i2" -> data.getShort(i * 2);
                case "u2" -> data.getShort(i * 2) & 0xffff;
                case "i4" -> data.getInt(i * 4);
                case "u4" -> data.getInt(i * 4) & 0xffffffffL;
                case "i8" -> data.getLong(i * 8);
                default -> throw new IllegalArgumentException("unsupported dtype " + descr);
            };
        }
        if (fortran && shape.length > 1) {
            out = fortranToC(out, shape);
        }
        return new NpyArray(shape, out, descr);
    }

    private static int elementWidth(String kind, String descr) {
        return switch (kind) {
            case "f4", "i4", "u4" -> 4;
            case "f8", "i8" -> 8;
            case "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> throw new IllegalArgumentException("unsupported dtype " + descr);
        };
    }

    private static float[] fortranToC(float[] f, int[] shape) {
        float[] c = new float[f.length];
        int rank = shape.length;
        int[] idx = new int[rank];
        for (int flat = 0; flat < f.length; flat++) {
            // flat is the Fortran-order position; compute its C-order position.
            int rem = flat;
            for (int d = 0; d < rank; d++) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            int cPos = 0;
            for (int d = 0; d < rank; d++) {
                cPos = cPos * shape[d] + idx[d];
            }
            c[cPos] = f[flat];
        }
        return c;
    }

    private static String group(Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no '" + key + "': " + printable(header.strip(), 120));
        }
        return m.group(1);
    }

    /** {@code s} cut to {@code max} characters, with characters outside printable ASCII written as {@code ?}. */
    private static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), max); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return s.length() > max ? b + "..." : b.toString();
    }

    /** The dimensions of a shape tuple's inside, e.g. {@code "3, 4"} or {@code "5L,"}: non-negative ints only. */
    private static int[] parseShape(String s) {
        List<Integer> dims = new ArrayList<>();
        String[] parts = s.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String t = parts[i].strip();
            if (t.isEmpty() && i == parts.length - 1 && (i > 0 || parts.length == 1)) {
                continue; // the trailing comma of (3,) or the empty tuple ()
            }
            String digits = t.endsWith("L") ? t.substring(0, t.length() - 1) : t;
            if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException(
                        "shape (" + s + ") is not a tuple of non-negative integers: '" + t + "'");
            }
            long d = Long.parseLong(digits);
            if (d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape (" + s + ") has a dimension of " + d
                        + ", more than a Java array can hold (" + Integer.MAX_VALUE + ")");
            }
            dims.add((int) d);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The complete bytes of a version-1.0 little-endian float32 C-order {@code .npy} file. */
    public static byte[] toBytes(float[] data, int... shape) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4 + 128);
        try {
            write(out, data, 0, data.length, shape);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** The header (magic, version, length, dictionary, padding) for float32 data of {@code shape}. */
    public static byte[] header(int... shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape");
            }
            count *= d;
        }
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dict.append(shape.length == 1 ? "," : ", ");
            }
        }
        dict.append("), }");
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        while (dict.length() + 11 < padded) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] h = new byte[10 + dict.length()];
        System.arraycopy(MAGIC, 0, h, 0, 6);
        h[6] = 1;
        h[7] = 0;
        h[8] = (byte) (dict.length() & 0xff);
        h[9] = (byte) ((dict.length() >>> 8) & 0xff);
        byte[] d = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(d, 0, h, 10, d.length);
        return h;
    }

    /** Writes {@code data[offset, offset+length)} as a float32 array of {@code shape} to {@code out}. */
    public static void write(OutputStream out, float[] data, int offset, int length, int... shape) throws IOException {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count != length) {
            throw new IllegalArgumentException(
                    "shape " + java.util.Arrays.toString(shape) + " holds " + count + " values, not " + length);
        }
        out.write(header(shape));
        byte[] buf = new byte[Math.min(length, 1 << 16) * 4];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < length) {
            int n = Math.min(length - done, buf.length / 4);
            bb.clear();
            bb.asFloatBuffer().put(data, offset + done, n);
            out.write(buf, 0, n * 4);
            done += n;
        }
    }
}
