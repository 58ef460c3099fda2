package io.spectro.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.cli.SpecFlags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job on local[2]: Parquet columns, labels from folders, the engine's features, the spec in every footer. */
class SpectrogramJobTest {
    private static SparkSession spark;
    private static Spectro engine;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTests.session();
        engine = Spectro.open();
    }

    @AfterAll
    static void stop() {
        engine.close();
        SparkTests.stop();
    }

    private record Run(int status, String out, String err) {}

    private static Run job(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SpectrogramJob.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The {@code spectro.spec} value in the footer of every Parquet file of {@code dataset}. */
    private static List<String> footerSpecs(Path dataset) throws Exception {
        List<String> specs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dataset)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .toList()) {
                try (ParquetFileReader r = ParquetFileReader.open(
                        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))) {
                    Map<String, String> kv = r.getFooter().getFileMetaData().getKeyValueMetaData();
                    specs.add(kv.get(SpecMetadataWriteSupport.METADATA_KEY));
                }
            }
        }
        return specs;
    }

    @Test
    void writesTheColumnsLabelsFeaturesAndSpecOfAFolder() throws Exception {
        Path in = TestCorpus.labelled(Files.createDirectories(dir.resolve("in")));
        TestCorpus.broken(in.resolve("bad"));
        Path out = dir.resolve("out.parquet");
        Run run = job(
                "--master",
                "local[2]",
                "--preset",
                "whisper",
                "--labels",
                "dirs",
                "--out",
                out.toString(),
                in.toString());
        assertEquals(1, run.status(), run.out() + run.err()); // the broken files
        assertTrue(run.out().contains("7 inputs"), run.out());
        assertTrue(run.out().contains("4 ok, 3 failed"), run.out());
        assertTrue(run.err().contains("text.wav"), run.err());

        List<Row> rows = spark.read().parquet(out.toString()).orderBy("path").collectAsList();
        assertEquals(SpectrogramJob.COLUMNS, List.of(rows.get(0).schema().fieldNames()));
        assertEquals(7, rows.size(), "notes.txt is not read");
        int ok = 0;
        for (Row r : rows) {
            Path file = TestCorpus.local(r.getAs("path"));
            assertEquals(file.getParent().getFileName().toString(), r.getAs("label"));
            if (r.getAs("error") != null) {
                assertEquals("bad", r.getAs("label"));
                continue;
            }
            ok++;
            Spectrogram want = TestCorpus.expected(engine, file, Presets.whisper(), true);
            List<Float> got = r.getList(r.fieldIndex("features"));
            assertEquals(want.data().length, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(
                        Float.floatToRawIntBits(want.data()[i]), Float.floatToRawIntBits(got.get(i)), file + "@" + i);
            }
            assertEquals(want.features(), (int) r.getAs("n_features"));
            assertEquals(want.frames(), (int) r.getAs("n_frames"));
        }
        assertEquals(4, ok);

        List<String> specs = footerSpecs(out);
        assertTrue(!specs.isEmpty());
        for (String json : specs) {
            assertEquals(Presets.whisper(), SpecFlags.fromJson(json), json);
        }
        Run again = job("--master", "local[2]", "--preset", "whisper", "--out", out.toString(), in.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(
                1,
                job(
                                "--master",
                                "local[2]",
                                "--preset",
                                "whisper",
                                "--overwrite",
                                "--out",
                                out.toString(),
                                in.resolve("bad").toString())
                        .status());
        assertEquals(3, spark.read().parquet(out.toString()).count(), "overwritten");
    }

    @Test
    void atNativeRatesEachFooterHoldsTheSpecsOfItsRates() throws Exception {
        Path in = TestCorpus.labelled(Files.createDirectories(dir.resolve("native")));
        Path out = dir.resolve("native.parquet");
        Run run = job("--master", "local[2]", "--n-mels", "40", "--out", out.toString(), in.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("each input at its own rate"), run.out());
        List<Integer> rates = new ArrayList<>();
        for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
            assertNull(r.getAs("label"));
            rates.add(r.getAs("source_rate"));
        }
        assertTrue(rates.contains(22_050) && rates.contains(16_000), rates.toString());
        SpecFlags flags = SpecFlags.parse(List.of("--n-mels", "40"));
        List<SpectrogramSpec> seen = new ArrayList<>();
        for (String json : footerSpecs(out)) {
            if (json == null) {
                continue; // an empty partition's file
            }
            List<SpectrogramSpec> specs =
                    json.contains("\"specs\"") ? parseSeveral(json) : List.of(SpecFlags.fromJson(json));
            for (SpectrogramSpec s : specs) {
                assertEquals(flags.specAt(s.sampleRateHz()), s);
                seen.add(s);
            }
        }
        assertTrue(seen.contains(flags.specAt(22_050)) && seen.contains(flags.specAt(16_000)), seen.toString());
    }

    /** The specs of a native-rate spec.json, through the one-spec reader (field by field). */
    private static List<SpectrogramSpec> parseSeveral(String json) throws Exception {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        List<SpectrogramSpec> out = new ArrayList<>();
        for (var s : root.get("specs")) {
            out.add(SpecFlags.fromJson(s.toString()));
        }
        return out;
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        Run noOut = job("--preset", "whisper", dir.toString());
        assertEquals(2, noOut.status());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        Run badFlag = job("--preset", "whisper", "--n-mels", "0x", "--out", "x", dir.toString());
        assertEquals(2, badFlag.status());
        assertTrue(badFlag.err().contains("--n-mels"), badFlag.err());
        Run badLabels = job("--labels", "labels.csv", "--out", "x", dir.toString());
        assertEquals(2, badLabels.status());
        assertTrue(badLabels.err().contains("dirs"), badLabels.err());
        Run empty = job(
                "--master",
                "local[2]",
                "--out",
                dir.resolve("none.parquet").toString(),
                dir.resolve("nothing-here").toString());
        assertEquals(1, empty.status());
    }
}
