package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The E1-E5 row machinery end to end on a tiny corpus (scale 0.001): generator, real {@code spectro extract} processes, the Python anchor, the table and the JSON. No timing is
 * asserted. Needs /usr/bin/python3 with numpy, soundfile and torchaudio (the project's fixture interpreter).
 */
class EndToEndRunTest {
    private static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void pythonHasTheModules() throws Exception {
        ChildRun r = ChildRun.run(
                List.of(PYTHON, "-c", "import numpy, soundfile, torchaudio"),
                Map.of(),
                Files.createTempFile("spectro-e2e-probe", ".log"),
                120);
        assumeTrue(r.ok(), "no " + PYTHON + " with numpy, soundfile and torchaudio: " + r.tail(1));
    }

    /** A launcher running the CLI from this test's class path (the real one would build the jar with Maven). */
    private static Path launcher(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED --add-modules"
                + " jdk.incubator.vector $SPECTRO_JAVA_OPTS -cp '" + System.getProperty("java.class.path")
                + "' io.spectro.cli.Main \"$@\"\n";
        Path p = dir.resolve("spectro");
        Files.writeString(p, script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void everyRowRunsOnATinyCorpus(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EndToEndBench bench = new EndToEndBench(
                PYTHON, dir.resolve("cache"), 0.001, launcher(dir), new PrintStream(log, true, StandardCharsets.UTF_8));
        // E1 and E2 run the same code as E3 (a folder of files); E3 has two formats, E4 the heap limit, E5 seconds.
        List<EndToEndRow> chosen = List.of(EndToEndRow.E3, EndToEndRow.E4, EndToEndRow.E5);
        List<ResultRow> rows = bench.run(chosen, 1);
        String progress = log.toString(StandardCharsets.UTF_8);
        assertFalse(bench.failures(), progress + bench.notes());
        assertEquals(
                List.of("E3", "E4", "E5"),
                rows.stream().map(ResultRow::workload).toList());
        int[] files = {2, 1, 1};
        for (int i = 0; i < rows.size(); i++) {
            ResultRow r = rows.get(i);
            EndToEndResult e = r.endToEnd();
            assertNotNull(e, r.workload());
            assertEquals(files[i], e.files(), r.workload());
            assertTrue(r.spectro() > 0, r.toString());
            assertTrue(r.anchorValue() > 0, r.toString());
            assertTrue(e.audioSeconds() > 0 && e.spectroSeconds() > 0 && e.anchorSeconds() > 0, r.toString());
            assertTrue(r.framesPerSecond() > 0, r.toString());
            assertNotNull(e.blasOk(), r.toString());
            assertTrue(r.anchor().startsWith("Python loop (torchaudio "), r.anchor());
        }
        assertEquals(60.0, rows.get(0).endToEnd().audioSeconds(), 1e-6, "E3: one 30 s WAV and one 30 s MP3");
        assertEquals(4.0, rows.get(1).endToEnd().audioSeconds(), 1e-6, "E4 at scale 0.001: 4 s");
        assertEquals(8.0, rows.get(2).endToEnd().audioSeconds(), 1e-6);
        assertEquals(rows.get(2).endToEnd().spectroSeconds(), rows.get(2).spectro());
        assertTrue(bench.notes().stream().anyMatch(n -> n.startsWith("E4: ") && n.contains("-Xmx512m")));

        // The generator keeps a complete corpus (its stamps match): nothing is rewritten.
        Path root = EndToEndCorpus.projectRoot();
        Path folder = EndToEndCorpus.folder(dir.resolve("cache"), root.resolve(EndToEndCorpus.SCRIPT), 0.001);
        long stamp = Files.getLastModifiedTime(folder.resolve("e5/.complete")).toMillis();
        ChildRun again = EndToEndCorpus.generate(PYTHON, root, folder, 0.001, chosen, dir.resolve("gen.log"));
        assertTrue(again.ok(), again.output());
        assertEquals(
                stamp, Files.getLastModifiedTime(folder.resolve("e5/.complete")).toMillis());

        String table = Report.table(rows);
        assertTrue(table.contains(">= 5x in 512m"), table);
        assertTrue(table.contains("<= 0.6 s"), table);
        JsonNode json = new ObjectMapper().readTree(Report.json(rows));
        for (JsonNode o : json) {
            List<String> keys = new ArrayList<>();
            o.path(Report.E2E_KEY).fieldNames().forEachRemaining(keys::add);
            assertEquals(Report.E2E_KEYS, keys);
        }
    }

    @Test
    void aMissingLauncherFailsEveryRowSayingWhatToDo(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EndToEndBench bench = new EndToEndBench(
                PYTHON,
                dir.resolve("cache"),
                0.001,
                dir.resolve("no-such-spectro"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        List<ResultRow> rows = bench.run(List.of(EndToEndRow.E1, EndToEndRow.E5), 2);
        assertTrue(bench.failures());
        assertEquals(2, rows.size());
        assertTrue(rows.stream().allMatch(r -> Double.isNaN(r.spectro()) && r.threads() == 2));
        String note = bench.notes().get(0);
        assertTrue(
                note.contains("no-such-spectro is missing or not executable") && note.contains("--spectro PATH"), note);
        assertTrue(Report.table(rows).contains("FAILED"));
        assertFalse(Files.exists(dir.resolve("cache")), "nothing generated for rows that cannot run");
    }
}
