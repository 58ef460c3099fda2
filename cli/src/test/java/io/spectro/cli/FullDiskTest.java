package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spectro extract} whose outputs cannot be written whole: a child JVM under {@code ulimit -f} (a file size
 * limit, which needs no root: writes past it fail with {@code EFBIG}, "File too large", as they fail with {@code
 * ENOSPC} on a full disk; HotSpot ignores the {@code SIGXFSZ} the kernel also sends, so the JVM is not killed). The
 * inputs whose outputs do not fit are named with the reason in the summary and the manifest, no partial or temporary
 * file is kept, the exit status is 1, and a re-run without the limit computes exactly those and ends with the bits and
 * manifest of a run that never hit the limit.
 */
@EnabledOnOs(OS.LINUX)
class FullDiskTest {
    private static final int RATE = 16000;
    private static final int SHORT = 8;
    private static final int LONG = 4;

    /** 48 KiB: a 0.5 s Whisper output (80 x 51 float32, 16 KiB) fits, a 3 s one (80 x 301, 94 KiB) does not. */
    private static final int LIMIT_KIB = 48;

    @TempDir
    Path tmp;

    @Test
    void outputsThatDoNotFitFailClearlyLeaveNothingAndAreResumed() throws Exception {
        Path data = tmp.resolve("data");
        List<String> longSources = new ArrayList<>();
        for (int i = 0; i < SHORT + LONG; i++) {
            boolean isLong = i % 3 == 2;
            Path f = data.resolve(String.format("%s%02d.wav", isLong ? "long" : "short", i));
            TestAudio.writeWav16(f, RATE, 1, TestAudio.pcm16(isLong ? 3 * RATE : RATE / 2, 1, i));
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            if (isLong) {
                longSources.add(f.toString());
            }
        }
        assertEquals(LONG, longSources.size());
        Path ref = tmp.resolve("ref");
        Path out = tmp.resolve("out");
        CliRun reference = CliRun.of(args(ref, data));
        assertEquals(0, reference.status(), reference.toString());

        ChildJvm.Result limited = ChildJvm.run(
                ChildJvm.throughBash("ulimit -f " + LIMIT_KIB + ";", ChildJvm.spectro(List.of(args(out, data)))),
                Map.of(),
                tmp.resolve("logs"),
                "limited",
                180);
        assertEquals(1, limited.status(), "some inputs failed: exit status 1\n" + limited);
        assertTrue(
                limited.out().contains("done: " + SHORT + " of " + (SHORT + LONG) + " ok, " + LONG + " failed"),
                limited.toString());
        for (String source : longSources) {
            String line = limited.out()
                    .lines()
                    .filter(l -> l.strip().startsWith("FAILED " + source + ": could not write"))
                    .findFirst()
                    .orElse("");
            assertTrue(line.contains("File too large"), source + " is not named with the reason:\n" + limited);
        }
        assertEquals(List.of(), ChildJvm.filesEndingWith(tmp, AtomicFiles.TEMP_SUFFIX), "temporary files left");
        for (Path f : ChildJvm.filesEndingWith(ref, ".npy")) {
            Path written = out.resolve(f.getFileName());
            boolean isLong = f.getFileName().toString().startsWith("long");
            assertEquals(!isLong, Files.exists(written), written + (isLong ? " is kept partial" : " is missing"));
            if (!isLong) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(written), written.toString());
            }
        }
        List<List<String>> rows = Csv.parse(Files.readString(out.resolve(Manifest.CSV)));
        assertEquals(SHORT + LONG + 1, rows.size());
        for (List<String> row : rows.subList(1, rows.size())) {
            boolean isLong = longSources.contains(row.get(0));
            assertTrue(
                    isLong ? row.get(9).contains("File too large") : row.get(9).equals("ok"), row.toString());
            assertEquals(isLong, row.get(8).isEmpty(), "a failed input has no output: " + row);
        }

        CliRun resumed = CliRun.of(args(out, data));
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.out().contains("(" + SHORT + " up to date, skipped)"), resumed.toString());
        assertFalse(resumed.out().contains("FAILED"), resumed.toString());
        for (Path f : ChildJvm.filesEndingWith(ref, ".npy")) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(out.resolve(f.getFileName())), f.toString());
        }
        assertEquals(Files.readString(ref.resolve(Manifest.CSV)), Files.readString(out.resolve(Manifest.CSV)));
        assertEquals(List.of(), ChildJvm.filesEndingWith(tmp, AtomicFiles.TEMP_SUFFIX), "temporary files left");
    }

    private static String[] args(Path out, Path data) {
        return new String[] {
            "extract", "--backend", "cpu", "--preset", "whisper", "--out", out.toString(), data.toString()
        };
    }
}
