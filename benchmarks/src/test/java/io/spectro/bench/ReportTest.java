package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final List<ResultRow> ROWS = List.of(
            new ResultRow("W1", "cpu", 1, 12345.678, "torchaudio 0.13.1", 6300.5, "audio-s/s", 1236543.2, 63.24, 312),
            new ResultRow("W2", "opencl", 2, Double.NaN, "torchaudio", Double.NaN, "audio-s/s", Double.NaN, 1.5, 0),
            new ResultRow(
                    "FFT-4096",
                    "cpu",
                    2,
                    68_123.4,
                    "JTransforms 3.1",
                    34_000,
                    "frames/s",
                    68_123.4,
                    Double.NaN,
                    70_254_592));

    @Test
    void jsonHasExactlyTheEightKeysInOrder() {
        Object parsed = Json.parse(Report.json(ROWS));
        List<?> list = assertInstanceOf(List.class, parsed);
        assertEquals(ROWS.size(), list.size());
        for (Object o : list) {
            Map<?, ?> m = assertInstanceOf(Map.class, o);
            assertEquals(Report.JSON_KEYS, new ArrayList<>(m.keySet()));
        }
        Map<?, ?> w1 = (Map<?, ?>) list.get(0);
        assertEquals("W1", w1.get("workload"));
        assertEquals("cpu", w1.get("backend"));
        assertEquals(1.0, w1.get("threads"));
        assertEquals(12345.7, w1.get("spectro"));
        assertEquals("torchaudio 0.13.1", w1.get("anchor"));
        assertEquals(6300.5, w1.get("anchor_value"));
        assertEquals(1.95948, w1.get("ratio"));
        assertEquals("audio-s/s", w1.get("unit"));
    }

    @Test
    void jsonWritesMissingValuesAsNullAndIntegersWithoutFraction() {
        String json = Report.json(ROWS);
        assertTrue(json.contains("\"threads\": 2,"), json);
        assertTrue(json.contains("\"anchor_value\": 34000,"), json);
        Map<?, ?> w2 = (Map<?, ?>) ((List<?>) Json.parse(json)).get(1);
        assertNull(w2.get("spectro"));
        assertNull(w2.get("anchor_value"));
        assertNull(w2.get("ratio"));
        assertEquals("[]\n", Report.json(List.of()));
        assertEquals(List.of(), Json.parse(Report.json(List.of())));
    }

    @Test
    void jsonEscapesStrings() {
        ResultRow r = new ResultRow("W\"1\\", "cpu", 1, 1, "a\nb", 1, "u", 1, 1, 1);
        Map<?, ?> m = (Map<?, ?>) ((List<?>) Json.parse(Report.json(List.of(r)))).get(0);
        assertEquals("W\"1\\", m.get("workload"));
        assertEquals("a\nb", m.get("anchor"));
    }

    @Test
    void tableHasHeaderRuleAndAlignedColumns() {
        String[] lines = Report.table(ROWS).split("\n");
        assertEquals(2 + ROWS.size(), lines.length);
        for (String c : Report.COLUMNS) {
            assertTrue(lines[0].contains(c), c);
        }
        assertTrue(lines[1].matches("-+"), lines[1]);
        assertTrue(lines[2].startsWith("W1  "), lines[2]);
        assertTrue(lines[2].contains("12,346"), lines[2]);
        assertTrue(lines[2].contains("6,301"), lines[2]);
        assertTrue(lines[2].contains("1.96x"), lines[2]);
        assertTrue(lines[2].contains("1,236,543"), lines[2]);
        assertTrue(lines[2].contains("63.2"), lines[2]);
        assertTrue(lines[2].endsWith("312 B"), lines[2]);
        assertTrue(lines[3].contains("FAILED"), lines[3]);
        assertTrue(lines[3].endsWith("0 B"), lines[3]);
        assertTrue(lines[4].contains("2.00x"), lines[4]);
        assertTrue(lines[4].endsWith("67.0 MiB"), lines[4]);
        // Right-aligned numeric columns end at the same position: the ratio column.
        int end = lines[2].indexOf("1.96x") + "1.96x".length();
        assertEquals(end, lines[4].indexOf("2.00x") + "2.00x".length());
        assertEquals(lines[3].charAt(end - 1), '-');
        // Left-aligned text columns start at the same position: the anchor column.
        int anchor = lines[0].indexOf("anchor");
        assertEquals(anchor, lines[2].indexOf("torchaudio"));
        assertEquals(anchor, lines[4].indexOf("JTransforms"));
    }

    @Test
    void humanNumbers() {
        assertEquals("0 B", Report.bytes(0));
        assertEquals("1023 B", Report.bytes(1023));
        assertEquals("1.0 KiB", Report.bytes(1024));
        assertEquals("-", Report.bytes(Double.NaN));
        assertEquals("99.5", Report.throughput(99.54));
        assertEquals("100", Report.throughput(100.2));
        assertEquals("1,700,000", Report.throughput(1.7e6));
    }
}
