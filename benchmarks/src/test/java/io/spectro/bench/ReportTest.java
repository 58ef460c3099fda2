package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spectro.device.BatchTraffic;
import io.spectro.device.DeviceProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    private static JsonNode parse(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void jsonHasExactlyTheEightKeysInOrder() throws IOException {
        JsonNode list = parse(Report.json(ROWS));
        assertTrue(list.isArray());
        assertEquals(ROWS.size(), list.size());
        for (JsonNode o : list) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            assertEquals(Report.JSON_KEYS, keys);
        }
        JsonNode w1 = list.get(0);
        assertEquals("W1", w1.get("workload").textValue());
        assertEquals("cpu", w1.get("backend").textValue());
        assertEquals(1, w1.get("threads").intValue());
        assertEquals(12345.7, w1.get("spectro").doubleValue());
        assertEquals("torchaudio 0.13.1", w1.get("anchor").textValue());
        assertEquals(6300.5, w1.get("anchor_value").doubleValue());
        assertEquals(1.95948, w1.get("ratio").doubleValue());
        assertEquals("audio-s/s", w1.get("unit").textValue());
    }

    @Test
    void jsonWritesMissingValuesAsNullAndIntegersWithoutFraction() throws IOException {
        String json = Report.json(ROWS);
        assertTrue(json.contains("\"threads\" : 2,"), json);
        assertTrue(json.contains("\"anchor_value\" : 34000,"), json);
        assertTrue(json.contains("\"spectro\" : 68123.4,"), json);
        JsonNode w2 = parse(json).get(1);
        assertTrue(w2.get("spectro").isNull());
        assertTrue(w2.get("anchor_value").isNull());
        assertTrue(w2.get("ratio").isNull());
        assertTrue(json.endsWith("]\n"), json);
        assertEquals(0, parse(Report.json(List.of())).size());
        assertEquals("1700000", Report.round(1.7e6).toPlainString());
        assertNull(Report.round(Double.NaN));
    }

    @Test
    void jsonEscapesStrings() throws IOException {
        ResultRow r = new ResultRow("W\"1\\", "cpu", 1, 1, "a\nb", 1, "u", 1, 1, 1);
        JsonNode m = parse(Report.json(List.of(r))).get(0);
        assertEquals("W\"1\\", m.get("workload").textValue());
        assertEquals("a\nb", m.get("anchor").textValue());
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
        // Rows without a device model end with the alloc column and three dashes.
        assertTrue(lines[2].matches(".* 312 B +- +- +-"), lines[2]);
        assertTrue(lines[3].contains("FAILED"), lines[3]);
        assertTrue(lines[3].matches(".* 0 B +- +- +-"), lines[3]);
        assertTrue(lines[4].contains("2.00x"), lines[4]);
        assertTrue(lines[4].matches(".* 67.0 MiB +- +- +-"), lines[4]);
        // Right-aligned numeric columns end at the same position: the ratio column.
        int end = lines[2].indexOf("1.96x") + "1.96x".length();
        assertEquals(end, lines[4].indexOf("2.00x") + "2.00x".length());
        assertEquals(lines[3].charAt(end - 1), '-');
        // Left-aligned text columns start at the same position: the anchor column.
        int anchor = lines[0].indexOf("anchor");
        assertEquals(anchor, lines[2].indexOf("torchaudio"));
        assertEquals(anchor, lines[4].indexOf("JTransforms"));
    }

    /** A W1 row with a device model: 5 launches, 9 MB of traffic over 6 MB unavoidable, 3e8 flops. */
    private static ResultRow modelled() {
        BatchTraffic t = new BatchTraffic(5, 6_000_000, 3_000_000, 1, 1, 1);
        ModelledBatch m = new ModelledBatch(DeviceProfile.H100, t, 6_000_000, 3e8);
        return ROWS.get(0).withDeviceModel(m);
    }

    @Test
    void jsonOfAWorkloadRowCarriesTheDeviceModel() throws IOException {
        List<ResultRow> rows = List.of(modelled(), ROWS.get(2));
        JsonNode list = parse(Report.json(rows));
        List<String> keys = new ArrayList<>();
        list.get(0).fieldNames().forEachRemaining(keys::add);
        List<String> want = new ArrayList<>(Report.JSON_KEYS);
        want.addAll(Report.MODEL_KEYS);
        assertEquals(want, keys);
        JsonNode w1 = list.get(0);
        assertEquals(5, w1.get("launches").longValue());
        assertEquals(9_000_000, w1.get("device_bytes").longValue());
        assertEquals(6_000_000, w1.get("unavoidable_bytes").longValue());
        assertEquals(1.5, w1.get("traffic_over_unavoidable").doubleValue());
        // 9 MB at 3.0 TB/s + 5 launches x 4 us = 23 us; floor max(3e8 / 60e12, 6 MB / 3.0 TB/s) = 5 us.
        assertEquals(9e6 / 3.0e12 + 5 * 4e-6, w1.get("modelled_h100_s").doubleValue(), 1e-11);
        assertEquals(5e-6, w1.get("h100_floor_s").doubleValue(), 1e-12);
        assertEquals(4.6, w1.get("modelled_h100_over_floor").doubleValue(), 1e-5);
        // A row without a model has none of the model's keys.
        List<String> fftKeys = new ArrayList<>();
        list.get(1).fieldNames().forEachRemaining(fftKeys::add);
        assertEquals(Report.JSON_KEYS, fftKeys);
    }

    @Test
    void tableShowsTheDeviceModelsColumns() {
        String[] lines = Report.table(List.of(modelled(), ROWS.get(2))).split("\n");
        for (String c : List.of("launches", "bytes/unavoid", "H100 model/floor")) {
            assertTrue(lines[0].contains(c), lines[0]);
        }
        assertTrue(lines[2].matches(".* 312 B +5 +1\\.50x +4\\.60x"), lines[2]);
        assertTrue(lines[3].matches(".* +- +- +-"), lines[3]);
        // Right-aligned: the last column ends where its header ends.
        assertEquals(lines[0].length(), lines[2].length());
        assertEquals(lines[0].length(), lines[3].length());
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
