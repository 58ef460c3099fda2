package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void plainLinesWhenNotOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(err, false, 4, 400, 0);
        p.skipped(100, 3600);
        p.finished(100, 5400);
        p.finished(100, Double.NaN);
        p.done();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, bytes.toString());
        assertTrue(lines[0].startsWith("progress: 1/4 files, 1.00 h audio"), lines[0]);
        assertTrue(lines[1].startsWith("progress: 2/4 files, 2.50 h audio, "), lines[1]);
        assertTrue(lines[1].contains(" audio-s/s, ETA "), lines[1]);
        assertTrue(lines[2].startsWith("progress: 3/4 files, 2.50 h audio"), lines[2]);
    }

    @Test
    void aBarRedrawnInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(err, true, 2, 200, 10);
        try {
            Thread.sleep(120); // the bar redraws at most every 100 ms
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        p.finished(100, 60);
        p.done();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\r[############............] 1/2 files, 1.0 min audio"), s);
        assertTrue(s.endsWith("\r\u001b[K"), "the bar is cleared at the end");
        assertTrue(!s.contains("\n"));
    }

    @Test
    void durations() {
        assertEquals("42 s", Progress.duration(42.4));
        assertEquals("3:05", Progress.duration(185));
        assertEquals("1:02:03", Progress.duration(3723));
        assertEquals("30.0 s", Progress.hours(30));
        assertEquals("2.5 min", Progress.hours(150));
        assertEquals("1.25 h", Progress.hours(4500));
    }
}
