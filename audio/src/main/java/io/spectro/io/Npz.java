package io.spectro.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives: a ZIP file of {@code .npy} entries, as written by {@code numpy.savez} and read by
 * {@code numpy.load} (the key of an entry is its name without {@code .npy}).
 *
 * <p>{@link Writer} streams entries one by one, each STORED (uncompressed, so {@code numpy.load(mmap_mode=...)}-style
 * readers and fast loaders can read them in place), float32 little-endian C order, with a fixed 1980-01-01 timestamp so
 * the same arrays give the same bytes. ZIP64 is used automatically for archives over 4 GiB.
 */
public final class Npz {
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /** Writes {@code .npy} entries into a {@code .npz} stream; {@link #close()} finishes the archive. */
    public static final class Writer implements AutoCloseable {
        private final ZipOutputStream zip;
        private final Set<String> keys = new HashSet<>();

        /** Writes the archive to {@code out} (closed by {@link #close()}). */
        public Writer(OutputStream out) {
            this.zip = new ZipOutputStream(out);
        }

        /**
         * Adds the float32 array {@code data} of {@code shape} (C order) under {@code key}: entry {@code key + ".npy"}.
         *
         * @param key a non-empty name without {@code /} or {@code \}, not used before in this archive
         */
        public void add(String key, float[] data, int... shape) throws IOException {
            addNpy(key, Npy.toBytes(data, shape));
        }

        /** Adds an already-encoded {@code .npy} file under {@code key}. */
        public void addNpy(String key, byte[] npyBytes) throws IOException {
            CRC32 crc = new CRC32();
            crc.update(npyBytes);
            zip.putNextEntry(entry(key, npyBytes.length, crc.getValue()));
            zip.write(npyBytes);
            zip.closeEntry();
        }

        /**
         * Adds the {@code .npy} file {@code npyFile} under {@code key}, streamed from the file (read twice: for its CRC,
         * then into the archive), so that an entry of any size needs no memory.
         */
        public void addNpy(String key, Path npyFile) throws IOException {
            CRC32 crc = new CRC32();
            byte[] buf = new byte[1 << 16];
            long size = 0;
            try (InputStream in = Files.newInputStream(npyFile)) {
                for (int n; (n = in.read(buf)) > 0; size += n) {
                    crc.update(buf, 0, n);
                }
            }
            zip.putNextEntry(entry(key, size, crc.getValue()));
            try (InputStream in = Files.newInputStream(npyFile)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }

        private ZipEntry entry(String key, long size, long crc) {
            if (key == null || key.isEmpty() || key.contains("/") || key.contains("\\")) {
                throw new IllegalArgumentException("npz key '" + key + "' must be non-empty without '/' or '\\'");
            }
            if (!keys.add(key)) {
                throw new IllegalArgumentException("npz key '" + key + "' is already in this archive");
            }
            ZipEntry e = new ZipEntry(key + ".npy");
            e.setMethod(ZipEntry.STORED);
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(crc);
            e.setTimeLocal(FIXED_TIME);
            return e;
        }

        /** The number of entries added so far. */
        public int size() {
            return keys.size();
        }

        /** Writes the ZIP central directory and closes the stream. */
        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /**
     * Reads every {@code .npy} entry of a {@code .npz} file, keyed by entry name without {@code .npy}, in archive
     * order. Entries may be STORED or DEFLATED ({@code numpy.savez_compressed}); other entries are ignored.
     *
     * @throws IOException naming the file (and the entry) when it is not a readable {@code .npz}: a broken ZIP, an
     *     entry that is not a readable {@code .npy}, or an entry that inflates to more than it declares
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipFile zf = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                byte[] bytes = entryBytes(zf, e, file);
                String key = e.getName().substring(0, e.getName().length() - 4);
                try {
                    out.put(key, Npy.parse(bytes));
                } catch (IllegalArgumentException ex) {
                    throw new IOException(
                            file + ": entry " + e.getName() + " is not a readable .npy: " + ex.getMessage(), ex);
                }
            }
        } catch (java.nio.file.FileSystemException e) {
            throw e; // names the file already (missing, unreadable)
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            // ZipFile's own errors (ZipException, an EOFException without a message) do not name the file.
            throw new IOException(file + ": not a readable .npz (ZIP) file: " + e, e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // ZipFile reports some malformed central directories (entry names, extra fields) this way.
            throw new IOException(file + ": not a readable .npz (ZIP) file: " + e, e);
        }
        return out;
    }

    /**
     * An entry's bytes, never more than its declared size (and never more than one array can hold), so a small
     * archive cannot inflate into the whole heap.
     */
    private static byte[] entryBytes(ZipFile zf, ZipEntry e, Path file) throws IOException {
        long declared = e.getSize();
        if (declared < 0 || declared > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": entry " + e.getName() + " declares " + declared
                    + " bytes; a .npy entry must declare its size, below 2 GiB");
        }
        try (InputStream in = zf.getInputStream(e)) {
            byte[] bytes = in.readNBytes((int) declared);
            if (bytes.length < declared) {
                throw new IOException(
                        file + ": entry " + e.getName() + " declares " + declared + " bytes but holds " + bytes.length);
            }
            if (in.read() >= 0) {
                throw new IOException(
                        file + ": entry " + e.getName() + " holds more than the " + declared + " bytes it declares");
            }
            return bytes;
        } catch (IOException ex) {
            if (ex.getMessage() != null && ex.getMessage().startsWith(file.toString())) {
                throw ex;
            }
            throw new IOException(file + ": entry " + e.getName() + " cannot be read: " + ex, ex);
        }
    }

    /** Writes {@code arrays} (key to array) to {@code file} as a {@code .npz}, replacing it. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        try (Writer w = new Writer(Files.newOutputStream(file))) {
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                w.add(e.getKey(), e.getValue().data(), e.getValue().shape());
            }
        }
    }
}
