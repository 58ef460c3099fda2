package io.spectro.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpzTest.class.getResource("/io/npz/" + name).toURI());
    }

    @Test
    void roundTripKeepsKeysOrderShapesAndBits() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("dog_1", NpyArray.of(new float[] {1f, -2.5f, Float.MIN_VALUE, -0f, 3e38f, 7f}, 2, 3));
        arrays.put("empty", NpyArray.of(new float[0], 80, 0));
        arrays.put("vector", NpyArray.of(new float[] {0.1f, 0.2f, 0.3f}, 3));
        Path file = tmp.resolve("x.npz");
        Npz.write(file, arrays);
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) {
            assertArrayEquals(arrays.get(k).shape(), back.get(k).shape(), k);
            assertArrayEquals(arrays.get(k).data(), back.get(k).data(), k);
            assertEquals("<f4", back.get(k).dtype());
        }
    }

    @Test
    void entriesAreStoredNpyFilesWithCorrectCrcs() throws IOException {
        Path file = tmp.resolve("stored.npz");
        try (Npz.Writer w = new Npz.Writer(Files.newOutputStream(file))) {
            w.add("a", new float[] {1, 2, 3, 4}, 2, 2);
            w.add("b", new float[] {5}, 1);
            assertEquals(2, w.size());
        }
        List<String> names = new ArrayList<>();
        try (ZipFile zf = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                byte[] bytes = zf.getInputStream(e).readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(bytes);
                assertEquals(crc.getValue(), e.getCrc());
                assertEquals(bytes.length, e.getSize());
                assertEquals(0x93, bytes[0] & 0xff, "npy magic");
            }
        }
        assertEquals(List.of("a.npy", "b.npy"), names);
    }

    @Test
    void sameArraysGiveSameBytes() throws IOException {
        byte[] first = bytesOf();
        byte[] second = bytesOf();
        assertArrayEquals(first, second);
    }

    private static byte[] bytesOf() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Npz.Writer w = new Npz.Writer(out)) {
            w.add("k", new float[] {1, 2}, 2);
        }
        return out.toByteArray();
    }

    @Test
    void readsNumpySavezAndSavezCompressed() throws Exception {
        for (String name : List.of("numpy_savez.npz", "numpy_savez_compressed.npz")) {
            Map<String, NpyArray> m = Npz.read(fixture(name));
            assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()), name);
            assertArrayEquals(new int[] {2, 3}, m.get("a").shape());
            assertArrayEquals(
                    new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, m.get("a").data(), name);
            assertEquals("<f8", m.get("b").dtype());
            assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f}, m.get("b").data(), name);
            // c was saved in Fortran order; Npy converts it to C order.
            float[] c = new float[12];
            for (int i = 0; i < 12; i++) {
                c[i] = i;
            }
            assertArrayEquals(new int[] {3, 4}, m.get("c").shape());
            assertArrayEquals(c, m.get("c").data(), name);
        }
    }

    @Test
    void rejectsBadKeysAndDuplicates() throws IOException {
        try (Npz.Writer w = new Npz.Writer(new ByteArrayOutputStream())) {
            assertThrows(IllegalArgumentException.class, () -> w.add("a/b", new float[] {1}, 1));
            assertThrows(IllegalArgumentException.class, () -> w.add("", new float[] {1}, 1));
            w.add("a", new float[] {1}, 1);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> w.add("a", new float[] {1}, 1));
            assertEquals("npz key 'a' is already in this archive", e.getMessage());
        }
    }

    @Test
    void notAZipIsAClearError() throws IOException {
        Path file = tmp.resolve("bad.npz");
        Files.writeString(file, "not a zip");
        IOException e = assertThrows(IOException.class, () -> Npz.read(file));
        assertEquals(true, e.getMessage().contains("bad.npz"), e.getMessage());
    }
}
