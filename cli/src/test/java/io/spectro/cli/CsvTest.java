package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesWhatNeedsQuotingAndParsesItBack() {
        List<String> fields = List.of("plain", "with,comma", "with \"quote\"", "two\nlines", "");
        String line = Csv.line(fields);
        assertEquals("plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",", line);
        assertEquals(List.of(fields, List.of("x", "y")), Csv.parse(line + "\r\n\nx,y"));
    }

    @Test
    void manifestRoundTrips() {
        ManifestRow ok = new ManifestRow(
                "a b/c,d.wav", "dog", 44100, 2, "PCM signed 24-bit", 1.5, 16000, 151, "a b/c,d.npy", "ok");
        ManifestRow bad = ManifestRow.failed("x.wav", "", "", "at byte 12: \"fmt \" chunk missing");
        String csv = ManifestRow.toCsv(List.of(ok, bad));
        var parsed = ManifestRow.parse(csv);
        assertEquals(ok, parsed.get("a b/c,d.wav"));
        assertEquals(bad.status(), parsed.get("x.wav").status());
        assertEquals(-1, parsed.get("x.wav").frames());
    }

    @Test
    void unterminatedQuoteNamesTheLine() {
        assertEquals(
                "line 2: a quoted field is not closed",
                assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,b\n\"c,d\n"))
                        .getMessage());
    }
}
