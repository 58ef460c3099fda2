package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run terminated part-way (SIGTERM, as Ctrl-C) in a separate JVM leaves no temporary or partial file, records what
 * it finished in the manifest, and a re-run skips exactly that.
 */
class InterruptTest {
    private static final int FILES = 120;
    private static final int FRAMES = 16000 * 8;

    @TempDir
    Path tmp;

    @Test
    void terminatedRunLeavesOnlyCompleteFilesAndAResumableManifest() throws Exception {
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        short[] pcm = TestAudio.pcm16(FRAMES, 1, 7);
        for (int i = 0; i < FILES; i++) {
            TestAudio.writeWav16(data.resolve(String.format("f%03d.wav", i)), 16000, 1, pcm);
        }
        try (Stream<Path> s = Files.list(data)) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "extract",
                "--backend",
                "cpu",
                "--threads",
                "1",
                "--preset",
                "whisper",
                "--batch-seconds",
                "8",
                "--out",
                out.toString(),
                data.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (countNpy(out) == 0 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(
                p.isAlive(),
                "the run ended before it could be interrupted: " + Files.readString(tmp.resolve("stderr.txt")));
        p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as for Ctrl-C
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(tmp.resolve("stderr.txt"));
        assertNotEquals(0, p.exitValue(), stderr);
        assertTrue(stderr.contains("spectro: interrupted;"), stderr);

        try (Stream<Path> s = Files.walk(out)) {
            List<Path> all = s.filter(Files::isRegularFile).toList();
            for (Path f : all) {
                String name = f.getFileName().toString();
                assertTrue(!name.endsWith(AtomicFiles.TEMP_SUFFIX), "temporary file left: " + f);
                if (name.endsWith(".npy")) {
                    NpyArray a = Npy.read(f); // a partial file would not parse
                    assertEquals(80, a.dim(0));
                    assertEquals(Presets.whisper().frameCount(FRAMES), a.dim(1));
                }
            }
        }
        List<List<String>> manifest = Csv.parse(Files.readString(out.resolve("manifest.csv")));
        int recorded = manifest.size() - 1;
        assertTrue(recorded > 0 && recorded < FILES, "rows: " + recorded);
        for (List<String> row : manifest.subList(1, manifest.size())) {
            assertEquals("ok", row.get(9));
            assertTrue(Files.exists(out.resolve(row.get(8))), row.toString());
        }

        CliRun resumed = CliRun.of(
                "extract", "--backend", "cpu", "--preset", "whisper", "--out", out.toString(), data.toString());
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.out().contains("(" + recorded + " up to date, skipped)"), resumed.toString());
        assertEquals(FILES, countNpy(out));
    }

    private static long countNpy(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".npy")).count();
        }
    }
}
