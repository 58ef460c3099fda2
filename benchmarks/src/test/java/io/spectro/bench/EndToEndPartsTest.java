package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.bench.EndToEndBench.AnchorReport;
import io.spectro.bench.EndToEndBench.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the end-to-end rows that need no process: rows, manifest and anchor parsing, corpus folders. */
class EndToEndPartsTest {
    @Test
    void rowsCarryTheIssueTargets() {
        assertEquals(">= 5x", EndToEndRow.E1.target());
        assertEquals(">= 5x", EndToEndRow.E2.target());
        assertEquals(">= 3x", EndToEndRow.E3.target());
        assertEquals(">= 5x in 512m", EndToEndRow.E4.target());
        assertEquals("<= 0.6 s", EndToEndRow.E5.target());
        assertEquals("-Xmx512m", EndToEndRow.E4.javaOpts());
        assertNull(EndToEndRow.E1.javaOpts());
        assertEquals(List.of("e3"), EndToEndRow.E3.folders(), "wav/ and mp3/ below one folder: distinct outputs");
        assertEquals("librosa", EndToEndRow.E3.preset());
        assertEquals(ResultRow.WALL_SECONDS, EndToEndRow.E5.unit());
        assertEquals(ResultRow.AUDIO_SECONDS_PER_SECOND, EndToEndRow.E1.unit());

        assertEquals(true, EndToEndRow.E1.met(true, 9000, 5.0));
        assertEquals(false, EndToEndRow.E1.met(true, 9000, 4.99));
        assertNull(EndToEndRow.E1.met(true, 9000, Double.NaN), "no anchor: not judged");
        assertEquals(false, EndToEndRow.E4.met(false, Double.NaN, Double.NaN), "a failed run misses");
        assertEquals(true, EndToEndRow.E5.met(true, 0.6, Double.NaN));
        assertEquals(false, EndToEndRow.E5.met(true, 0.61, 10));
    }

    @Test
    void wallSecondsRatioIsAnchorOverSpectroAndReferenceBlasWithholdsIt() {
        EndToEndResult ok = new EndToEndResult("<= 0.6 s", true, 1, 8, 0.5, 2.0, -1, -1, "openblas", true);
        ResultRow e5 = new ResultRow("E5", "auto", 2, 0.5, "py", 2.0, ResultRow.WALL_SECONDS, 1, 1, 1, ok, null);
        assertEquals(4.0, e5.ratio());
        ResultRow e1 = new ResultRow("E1", "auto", 2, 9000, "py", 1800, "audio-s/s", 1, 1, 1, ok, null);
        assertEquals(5.0, e1.ratio());
        EndToEndResult reference = new EndToEndResult(">= 5x", null, 1, 8, 1, 1, -1, -1, "blas/libblas", false);
        ResultRow onReference = new ResultRow("E1", "auto", 2, 9000, "py", 1800, "audio-s/s", 1, 1, 1, reference, null);
        assertTrue(Double.isNaN(onReference.ratio()));
        assertTrue(Report.table(List.of(onReference)).contains("n/a (reference BLAS)"));
    }

    @Test
    void manifestSumsOkRowsAndKeepsTheFirstError(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("manifest.csv");
        Files.writeString(csv, """
                source,label,source_rate_hz,channels,encoding,duration_s,sample_rate_hz,frames,output,status
                a.wav,,16000,1,PCM signed 16-bit,7.000000,16000,700,a.npy,ok
                "b,c.wav",,16000,1,PCM signed 16-bit,6.500000,16000,650,"b,c.npy",ok
                d.flac,,,,,,,,,"bad ""frame"", at byte 12"
                """);
        Manifest m = Manifest.read(csv);
        assertEquals(2, m.ok());
        assertEquals(1, m.failed());
        assertEquals(13.5, m.audioSeconds(), 1e-9);
        assertEquals(1350, m.frames());
        assertEquals("d.flac: bad \"frame\", at byte 12", m.firstError());

        Manifest missing = Manifest.read(dir.resolve("none.csv"));
        assertEquals(0, missing.ok());
        assertTrue(missing.firstError().startsWith("no readable manifest"), missing.firstError());
        assertEquals(List.of(List.of("x", "y\nz", ""), List.of("1")), Manifest.parseCsv("x,\"y\nz\",\r\n1"));
    }

    @Test
    void anchorReportReadsTheLastJsonLine() {
        String out = "some warning\n{\"files\": 3, \"audio_seconds\": 21.5, \"torchaudio\": \"0.13.1\","
                + " \"blas\": \"BLAS_INFO=open; libblas.so.3 -> x\", \"blas_ok\": true,"
                + " \"malloc\": {\"MALLOC_MMAP_MAX_\": \"0\", \"LD_PRELOAD\": null},"
                + " \"threading\": {\"OMP_WAIT_POLICY\": \"PASSIVE\"}}\n";
        AnchorReport a = AnchorReport.parse(new ChildRun(0, 1.5, -1, out));
        assertNull(a.error());
        assertEquals("Python loop (torchaudio 0.13.1)", a.name());
        assertEquals(3, a.files());
        assertEquals(21.5, a.audioSeconds());
        assertEquals(true, a.blasOk());
        assertEquals("malloc MALLOC_MMAP_MAX_=0, LD_PRELOAD=unset; threading OMP_WAIT_POLICY=PASSIVE", a.settings());

        AnchorReport failed = AnchorReport.parse(new ChildRun(1, 0.2, -1, "Traceback\nImportError: no torch\n"));
        assertEquals("exit 1: Traceback | ImportError: no torch", failed.error());
        assertNull(failed.blasOk());
    }

    @Test
    void gnuTimePeakRss() {
        assertEquals(2048L * 1024, ChildRun.peakRss("2048\n"));
        assertEquals(512L * 1024, ChildRun.peakRss("Command exited with non-zero status 1\n512\n"));
        assertEquals(-1, ChildRun.peakRss(""));
        assertEquals("b | c", new ChildRun(0, 1, -1, "a\nb\nc\n").tail(2));
    }

    @Test
    void corpusFolderIsKeyedByTheScriptAndTheScale(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("gen.py");
        Files.writeString(script, "print(1)\n");
        Path cache = dir.resolve("cache");
        Path a = EndToEndCorpus.folder(cache, script, 1);
        assertEquals(cache, a.getParent().getParent());
        assertEquals("scale-1", a.getFileName().toString());
        assertEquals(12, a.getParent().getFileName().toString().length());
        assertEquals(
                "scale-0.01",
                EndToEndCorpus.folder(cache, script, 0.01).getFileName().toString());
        Files.writeString(script, "print(2)\n");
        assertNotEquals(a, EndToEndCorpus.folder(cache, script, 1), "another script, another corpus");
        assertTrue(Files.isRegularFile(EndToEndCorpus.projectRoot().resolve(EndToEndCorpus.SCRIPT)));
    }
}
