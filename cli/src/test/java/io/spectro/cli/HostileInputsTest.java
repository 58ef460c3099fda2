package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spectro extract} over hostile inputs: a folder of mutated WAVs (truncated, lying sizes, flipped header bytes,
 * spliced garbage) gives a manifest row per input, an output exactly for the inputs that decoded (valid {@code .npy}
 * of the spec's shape) and nothing at all for the others (no file, no partial file); and a spec whose mel filters
 * come out empty is warned about once, as librosa and torchaudio do.
 */
class HostileInputsTest {
    @TempDir
    Path tmp;

    private CliRun extract(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("extract", "--backend", "cpu", "--preset", "whisper"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString(), data.toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A valid 16 kHz mono WAV of {@code frames} frames, as bytes. */
    private static byte[] wav(int frames, long seed) throws IOException {
        Path f = Files.createTempFile("hostile-", ".wav");
        try {
            TestAudio.writeWav16(f, 16000, 1, TestAudio.pcm16(frames, 1, seed));
            return Files.readAllBytes(f);
        } finally {
            Files.delete(f);
        }
    }

    /** One of a few hostile edits of {@code b}, chosen by {@code kind}. */
    private static byte[] mutate(byte[] b, int kind, SplittableRandom rnd) {
        byte[] m = b.clone();
        ByteBuffer le = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        switch (kind) {
            case 0 -> m = Arrays.copyOf(m, rnd.nextInt(60)); // cut inside the header
            case 1 -> m = Arrays.copyOf(m, 44 + rnd.nextInt(m.length - 44)); // cut inside the data
            case 2 -> le.putInt(40, (int) (1L << 31) + rnd.nextInt(1 << 20)); // data size far past the end
            case 3 -> le.putShort(22, (short) rnd.nextInt(3)); // 0..2 channels
            case 4 -> le.putInt(24, rnd.nextBoolean() ? 0 : -1); // 0 Hz or 4 GHz
            case 5 -> le.putShort(20, (short) 2); // ADPCM
            case 6 -> le.putInt(16, rnd.nextBoolean() ? 2 : 0x7FFFFFF0); // fmt chunk size
            case 7 -> {
                for (int i = 0; i < 4; i++) {
                    m[rnd.nextInt(44)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 8 -> System.arraycopy("fLaC".getBytes(), 0, m, 0, 4); // a FLAC magic over a WAV
            default -> {
                byte[] junk = new byte[rnd.nextInt(4096)];
                rnd.nextBytes(junk);
                m = junk;
            }
        }
        return m;
    }

    @Test
    void failedInputsGetARowAndNoOutputTheOthersAValidOne() throws IOException {
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        Files.createDirectories(data);
        SplittableRandom rnd = new SplittableRandom(12);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] base = wav(4000 + 997 * i, i);
            String name = String.format("f%02d.wav", i);
            Files.write(data.resolve(name), i < 3 ? base : mutate(base, i % 10, rnd));
            names.add(name);
        }
        CliRun r = extract(data, out);
        assertTrue(r.status() == 0 || r.status() == 1, r.toString());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "a stack trace:\n" + r);

        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<List<String>> csv = Csv.parse(Files.readString(out.resolve(Manifest.CSV)));
        for (List<String> row : csv.subList(1, csv.size())) {
            rows.put(Path.of(row.get(0)).getFileName().toString(), row);
        }
        assertEquals(names, List.copyOf(new java.util.TreeMap<>(rows).keySet()), "one row per input");
        int ok = 0;
        for (String name : names) {
            List<String> row = rows.get(name);
            Path npy = out.resolve(name.replace(".wav", ".npy"));
            String status = row.get(ManifestRow.HEADER.indexOf("status"));
            if (status.equals("ok")) {
                ok++;
                NpyArray a = Npy.read(npy);
                assertEquals(80, a.dim(0), name);
                assertEquals(Integer.parseInt(row.get(ManifestRow.HEADER.indexOf("frames"))), a.dim(1), name);
            } else {
                assertFalse(status.isBlank(), name);
                assertFalse(Files.exists(npy), name + " failed (" + status + ") but has an output");
            }
        }
        assertTrue(ok >= 3 && ok < names.size(), ok + " of " + names.size() + " decoded:\n" + r);
        try (Stream<Path> all = Files.walk(out)) {
            List<String> partial = all.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(AtomicFiles.TEMP_SUFFIX) || n.startsWith("."))
                    .toList();
            assertEquals(List.of(), partial, "partial files left behind");
        }
    }

    @Test
    void aSpecWithEmptyMelFiltersIsWarnedAboutOnce() throws IOException {
        Path data = tmp.resolve("data");
        TestAudio.writeWav16(data.resolve("a.wav"), 16000, 1, TestAudio.pcm16(3200, 1, 1));
        TestAudio.writeWav16(data.resolve("b.wav"), 16000, 1, TestAudio.pcm16(3300, 1, 2));
        CliRun r = extract(data, tmp.resolve("out"), "--n-mels", "100000");
        assertEquals(0, r.status(), r.toString());
        String warning = "spectro: warning: 99601 of 100000 mel filters are empty (all weights zero; filters ";
        assertEquals(1, r.err().split(java.util.regex.Pattern.quote(warning), -1).length - 1, r.toString());
        assertTrue(
                r.err().contains("Use fewer mels, a larger nFft, or a wider band (lower fmin, higher fmax)."), r.err());
        assertEquals(100_000, Npy.read(tmp.resolve("out").resolve("a.npy")).dim(0));

        CliRun plain = extract(data, tmp.resolve("out2"));
        assertEquals(0, plain.status(), plain.toString());
        assertFalse(plain.err().contains("mel filters are empty"), plain.err());
    }
}
