package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spectro extract} killed with SIGKILL (no shutdown hook, no manifest written) at seeded random points, then
 * run again until a run completes: every output is then a complete {@code .npy} with the same bits as an uninterrupted
 * run's, no temporary file is left, and manifest.csv and spec.json equal the uninterrupted run's (each input exactly
 * once, ok). Between kills, every {@code .npy} that exists is already complete (outputs appear only whole).
 *
 * <p>Kill points: the first run is killed at a random moment of its first 0.6 s (JVM start, scanning), the second as
 * soon as a temporary file appears (during a write), the others once a random number of outputs have been (re)written.
 * More with {@code -Dspectro.killPoints=N} (default 4) and another seed with {@code -Dspectro.killSeed=S}, both in
 * {@code spectro.test.flags}. A run that exits with any status other than 0 or SIGKILL's 137 (e.g. 139, SIGSEGV) fails
 * the test.
 */
@EnabledOnOs(OS.LINUX)
class KilledRunTest {
    private static final int FILES = 40;
    private static final String[] LABELS = {"cat", "dog", "owl"};
    private static final int RATE = 16000;
    private static final int SIGKILL_STATUS = 128 + 9;
    private static final long RUN_SECONDS = 180;

    @TempDir
    Path tmp;

    /** One killed run, for the figures. */
    private record Kill(String point, long afterMillis, int status, int outputs, int temporaryFiles) {}

    @Test
    void killedRunsRerunToTheUninterruptedRunsBitsAndManifest() throws Exception {
        long t0 = System.nanoTime();
        int points = Integer.getInteger("spectro.killPoints", 4);
        SplittableRandom rnd = new SplittableRandom(Long.getLong("spectro.killSeed", 12));
        Path data = tmp.resolve("data");
        Map<String, Integer> framesByOutput = corpus(data, rnd);
        Path ref = tmp.resolve("ref");
        Path out = tmp.resolve("out");
        Path logs = tmp.resolve("logs");

        CliRun reference = CliRun.of(args(ref, data).toArray(String[]::new));
        assertEquals(0, reference.status(), reference.toString());
        Map<String, byte[]> refBits = contents(ref);
        assertEquals(framesByOutput.keySet(), refBits.keySet());
        for (Map.Entry<String, byte[]> e : refBits.entrySet()) {
            NpyArray a = Npy.read(ref.resolve(e.getKey()));
            assertArrayEquals(new int[] {80, framesByOutput.get(e.getKey())}, a.shape(), e.getKey());
        }

        List<Kill> kills = new ArrayList<>();
        int checkedAfterKills = 0;
        StringBuilder laterErrors = new StringBuilder();
        for (int i = 0; i < points; i++) {
            Map<Path, FileTime> before = modified(out);
            String name = "run" + i;
            Process p = ChildJvm.start(ChildJvm.spectro(args(out, data)), Map.of(), logs, name);
            long start = System.nanoTime();
            String point;
            if (i == 0) {
                long delay = rnd.nextLong(600);
                point = "at " + delay + " ms";
                p.waitFor(delay, TimeUnit.MILLISECONDS);
            } else if (i == 1) {
                point = "first temporary file";
                while (p.isAlive()
                        && ChildJvm.filesEndingWith(out, AtomicFiles.TEMP_SUFFIX)
                                .isEmpty()) {
                    Thread.sleep(2);
                }
            } else {
                int k = 1 + rnd.nextInt(FILES * 3 / 4);
                point = "after " + k + " outputs";
                while (p.isAlive() && written(out, before) < k) {
                    Thread.sleep(5);
                }
            }
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            p.destroyForcibly();
            ChildJvm.Result r = ChildJvm.finish(p, logs, name, RUN_SECONDS);
            laterErrors.append(r.err());
            assertTrue(
                    r.status() == SIGKILL_STATUS || r.status() == 0,
                    "run " + i + " (killed " + point + ") exited with " + r.status() + ", not 137 (SIGKILL) or 0\n"
                            + r);
            int temps = ChildJvm.filesEndingWith(out, AtomicFiles.TEMP_SUFFIX).size();
            checkedAfterKills += assertEveryOutputComplete(out, refBits);
            kills.add(new Kill(
                    r.status() == 0 ? point + " (finished first)" : point,
                    after,
                    r.status(),
                    ChildJvm.filesEndingWith(out, ".npy").size(),
                    temps));
        }

        ChildJvm.Result last = ChildJvm.run(ChildJvm.spectro(args(out, data)), Map.of(), logs, "final", RUN_SECONDS);
        assertEquals(0, last.status(), last.toString());
        assertTrue(last.out().contains("done: " + FILES + " of " + FILES + " ok"), last.toString());
        laterErrors.append(last.err());
        if (kills.stream().anyMatch(k -> k.temporaryFiles() > 0)) {
            assertTrue(
                    laterErrors.toString().contains("by an earlier run that was killed"),
                    "no run said it removed the killed runs' temporary files:\n" + laterErrors);
        }

        assertEquals(List.of(), ChildJvm.filesEndingWith(tmp, AtomicFiles.TEMP_SUFFIX), "temporary files left");
        Map<String, byte[]> outBits = contents(out);
        assertEquals(refBits.keySet(), outBits.keySet(), "the outputs");
        for (String f : refBits.keySet()) {
            assertArrayEquals(refBits.get(f), outBits.get(f), f + " differs from the uninterrupted run's");
        }
        String manifest = Files.readString(out.resolve(Manifest.CSV));
        assertEquals(Files.readString(ref.resolve(Manifest.CSV)), manifest, "manifest.csv");
        assertEquals(
                Files.readString(ref.resolve(Manifest.SPEC_JSON)), Files.readString(out.resolve(Manifest.SPEC_JSON)));
        assertManifestListsEachInputOnce(manifest, data, framesByOutput);

        CliRun again = CliRun.of(args(out, data).toArray(String[]::new));
        assertEquals(0, again.status(), again.toString());
        assertTrue(again.out().contains("(" + FILES + " up to date, skipped)"), again.toString());

        System.out.printf(
                "KilledRunTest: %d kill points, %d runs (%d killed), %d outputs checked after kills, %d at the end,"
                        + " %d temporary files left by kills, %.1f s%n",
                points,
                points + 1,
                kills.stream().filter(k -> k.status() == SIGKILL_STATUS).count(),
                checkedAfterKills,
                outBits.size(),
                kills.stream().mapToInt(Kill::temporaryFiles).sum(),
                (System.nanoTime() - t0) / 1e9);
        kills.forEach(k -> System.out.println("  killed " + k));
    }

    private static List<String> args(Path out, Path data) {
        return List.of(
                "extract",
                "--backend",
                "cpu",
                "--threads",
                "2",
                "--preset",
                "whisper",
                "--labels",
                "dirs",
                "--batch-seconds",
                "2",
                "--out",
                out.toString(),
                data.toString());
    }

    /** Writes the WAVs (0.2-0.7 s each, mono and stereo, dated an hour ago); returns each output's name and frame count. */
    private static Map<String, Integer> corpus(Path data, SplittableRandom rnd) throws IOException {
        Map<String, Integer> frames = new HashMap<>();
        for (int i = 0; i < FILES; i++) {
            String label = LABELS[i % LABELS.length];
            int n = RATE / 5 + rnd.nextInt(RATE / 2);
            Path f = data.resolve(label).resolve(String.format("clip%03d.wav", i));
            TestAudio.writeWav16(f, RATE, 1 + i % 2, TestAudio.pcm16(n, 1 + i % 2, i));
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            frames.put(
                    label + "/" + String.format("clip%03d.npy", i),
                    Presets.whisper().frameCount(n));
        }
        return frames;
    }

    /** The {@code .npy} files below {@code dir} by relative name ({@code /} separated), with their bytes. */
    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        for (Path f : ChildJvm.filesEndingWith(dir, ".npy")) {
            out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
        return out;
    }

    private static Map<Path, FileTime> modified(Path dir) throws IOException {
        Map<Path, FileTime> m = new HashMap<>();
        for (Path f : ChildJvm.filesEndingWith(dir, ".npy")) {
            m.put(f, Files.getLastModifiedTime(f));
        }
        return m;
    }

    /** How many outputs are new or rewritten since {@code before}. */
    private static int written(Path dir, Map<Path, FileTime> before) throws IOException {
        int n = 0;
        for (Map.Entry<Path, FileTime> e : modified(dir).entrySet()) {
            n += e.getValue().equals(before.get(e.getKey())) ? 0 : 1;
        }
        return n;
    }

    /** Every {@code .npy} present is complete and has the uninterrupted run's bits; returns how many there are. */
    private static int assertEveryOutputComplete(Path out, Map<String, byte[]> refBits) throws IOException {
        Map<String, byte[]> now = contents(out);
        for (Map.Entry<String, byte[]> e : now.entrySet()) {
            assertTrue(refBits.containsKey(e.getKey()), "unexpected output " + e.getKey());
            assertArrayEquals(refBits.get(e.getKey()), e.getValue(), e.getKey() + " is partial or differs");
        }
        return now.size();
    }

    private static void assertManifestListsEachInputOnce(String manifest, Path data, Map<String, Integer> frames) {
        List<List<String>> rows = Csv.parse(manifest);
        assertEquals(ManifestRow.HEADER, rows.get(0));
        assertEquals(FILES, rows.size() - 1, "rows");
        HashSet<String> sources = new HashSet<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertTrue(sources.add(row.get(0)), "listed twice: " + row.get(0));
            Path source = Path.of(row.get(0));
            assertTrue(source.startsWith(data) && Files.isRegularFile(source), row.toString());
            String label = source.getParent().getFileName().toString();
            String output = label + "/" + source.getFileName().toString().replace(".wav", ".npy");
            assertEquals(
                    List.of(label, output, Integer.toString(frames.get(output)), "ok"),
                    List.of(row.get(1), row.get(8), row.get(7), row.get(9)),
                    row.toString());
        }
    }
}
