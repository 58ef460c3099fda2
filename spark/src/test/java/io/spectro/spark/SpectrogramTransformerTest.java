package io.spectro.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.cli.SpecFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformer on local[2]: the engine's features bit for bit, error rows, paths as input, Pipeline save/load. */
class SpectrogramTransformerTest {
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

    private static Dataset<Row> files(Path root) {
        return spark.read()
                .format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(root.toString());
    }

    /** Rows by the file name of their path. */
    private static Map<String, Row> byName(Dataset<Row> rows) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            out.put(TestCorpus.local(r.getAs("path")).getFileName().toString(), r);
        }
        return out;
    }

    private static float[] features(Row r) {
        List<Float> list = r.getList(r.fieldIndex("features"));
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** The row's features are the engine's for that file, bit for bit, with the shape and rates. */
    private static void assertSameAsEngine(Row r, SpectrogramSpec spec, boolean resample) throws Exception {
        Path file = TestCorpus.local(r.getAs("path"));
        assertNull(r.getAs("error"), file.toString());
        Spectrogram want = TestCorpus.expected(engine, file, spec, resample);
        assertEquals(want.features(), (int) r.getAs("n_features"), file.toString());
        assertEquals(want.frames(), (int) r.getAs("n_frames"), file.toString());
        float[] got = features(r);
        assertEquals(want.data().length, got.length);
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want.data()[i])) {
                throw new AssertionError(file + " value " + i + ": spark " + got[i] + ", engine " + want.data()[i]);
            }
        }
    }

    @Test
    void presetFeaturesEqualTheEnginesBitForBit() throws Exception {
        Path root = TestCorpus.labelled(Files.createDirectories(dir.resolve("bits")));
        Dataset<Row> out = new SpectrogramTransformer()
                .setPreset("whisper")
                .setBatchSeconds(2) // several batches per partition
                .transform(files(root).where("path NOT LIKE '%.txt'"));
        Map<String, Row> rows = byName(out);
        assertEquals(4, rows.size());
        for (Row r : rows.values()) {
            assertSameAsEngine(r, Presets.whisper(), true);
            assertEquals(16_000, (int) r.getAs("sample_rate"));
        }
        assertEquals(22_050, (int) rows.get("c.WAV").getAs("source_rate"));
        assertEquals(1.3, (double) rows.get("c.WAV").getAs("duration_s"), 1e-9);
        assertEquals(2.5, (double) rows.get("a.wav").getAs("duration_s"), 1e-12);
    }

    @Test
    void withoutAPresetEachFileKeepsItsRate() throws Exception {
        Path root = TestCorpus.labelled(Files.createDirectories(dir.resolve("native")));
        Dataset<Row> out = new SpectrogramTransformer()
                .setSpecOptions("--n-mels", "40", "--db")
                .transform(files(root).where("path NOT LIKE '%.txt'"));
        SpecFlags flags = SpecFlags.parse(List.of("--n-mels", "40", "--db"));
        for (Row r : byName(out).values()) {
            int rate = r.getAs("source_rate");
            assertEquals(rate, (int) r.getAs("sample_rate"));
            assertSameAsEngine(r, flags.specAt(rate), false);
        }
    }

    @Test
    void specJsonGivesTheSameFeaturesAsItsFlags() throws Exception {
        Path root = TestCorpus.labelled(Files.createDirectories(dir.resolve("json")));
        SpectrogramSpec kaldi40 =
                SpecFlags.parse(List.of("--preset", "kaldi", "--n-mels", "40")).specAt(16_000);
        Dataset<Row> out = new SpectrogramTransformer()
                .setSpecJson(SpecFlags.toJson(List.of(kaldi40)))
                .transform(files(root).where("path LIKE '%.wav'"));
        Map<String, Row> rows = byName(out);
        assertEquals(2, rows.size());
        for (Row r : rows.values()) {
            assertSameAsEngine(r, kaldi40, true);
        }
    }

    @Test
    void brokenFilesBecomeErrorRowsAndTheOthersGoOn() throws Exception {
        Path root = Files.createDirectories(dir.resolve("broken"));
        TestCorpus.writeWav(root.resolve("ok.wav"), TestCorpus.noise(8000, 1, 0.5, 9), 16_000, 1);
        TestCorpus.broken(root);
        Map<String, Row> rows =
                byName(new SpectrogramTransformer().setPreset("whisper").transform(files(root)));
        assertEquals(4, rows.size());
        assertSameAsEngine(rows.get("ok.wav"), Presets.whisper(), true);
        for (String name : List.of("text.wav", "cut.wav", "empty.wav")) {
            Row r = rows.get(name);
            String error = r.getAs("error");
            assertNotNull(error, name);
            assertTrue(!error.contains(r.<String>getAs("path") + ": "), error);
            assertNull(r.getAs("features"), name);
            assertNull(r.getAs("n_frames"), name);
        }
        assertNotNull(rows.get("empty.wav").getAs("source_rate"), "decoded, then refused: its facts are kept");
        assertNull(rows.get("text.wav").getAs("source_rate"));
    }

    @Test
    void aPathColumnIsReadThroughHadoop() throws Exception {
        Path root = TestCorpus.labelled(Files.createDirectories(dir.resolve("paths")));
        List<Row> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".wav"))
                    .forEach(p -> paths.add(RowFactory.create(p.toUri().toString())));
        }
        paths.add(RowFactory.create(root.resolve("missing.wav").toUri().toString()));
        StructType schema = new StructType().add("path", DataTypes.StringType);
        Dataset<Row> in = spark.createDataFrame(paths, schema);
        Map<String, Row> rows = byName(new SpectrogramTransformer()
                .setInputCol("path")
                .setPreset("whisper")
                .transform(in));
        assertEquals(3, rows.size());
        assertSameAsEngine(rows.get("a.wav"), Presets.whisper(), true);
        assertSameAsEngine(rows.get("b.wav"), Presets.whisper(), true);
        assertTrue(rows.get("missing.wav").<String>getAs("error").contains("not found"));
    }

    @Test
    void savesAndLoadsInsideAPipeline() throws Exception {
        Path root = TestCorpus.labelled(Files.createDirectories(dir.resolve("pipeline")));
        SpectrogramTransformer t = new SpectrogramTransformer()
                .setPreset("kaldi")
                .setSpecOptions("--n-mels", "40")
                .setOutputCol("fbank")
                .setChannel(0)
                .setBatchSeconds(7.5)
                .setMaxBatchClips(3)
                .setResampler("torchaudio");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {t});
        Path saved = dir.resolve("saved-pipeline");
        pipeline.write().overwrite().save(saved.toString());
        Pipeline loaded = Pipeline.load(saved.toString());
        SpectrogramTransformer back = (SpectrogramTransformer) loaded.getStages()[0];
        assertEquals(t.uid(), back.uid());
        assertEquals("kaldi", back.getPreset());
        assertArrayEquals(new String[] {"--n-mels", "40"}, back.getSpecOptions());
        assertEquals("fbank", back.getOutputCol());
        assertEquals(0, back.getChannel());
        assertEquals(7.5, back.getBatchSeconds());
        assertEquals(3, back.getMaxBatchClips());
        assertEquals("torchaudio", back.getResampler());

        Dataset<Row> in = files(root).where("path LIKE '%.wav'");
        PipelineModel model = loaded.fit(in);
        Path savedModel = dir.resolve("saved-model");
        model.write().overwrite().save(savedModel.toString());
        List<Row> a = t.transform(in)
                .orderBy("path")
                .select("path", "fbank", "n_frames")
                .collectAsList();
        List<Row> b = PipelineModel.load(savedModel.toString())
                .transform(in)
                .orderBy("path")
                .select("path", "fbank", "n_frames")
                .collectAsList();
        assertEquals(a, b);
        assertEquals(2, b.size());
        assertEquals(
                40 * b.get(0).<Integer>getAs("n_frames"), b.get(0).getList(1).size());

        SpectrogramTransformer alone = SpectrogramTransformer.load(
                savedModel.resolve("stages").toFile().listFiles()[0].toString());
        assertEquals("kaldi", alone.getPreset());
        SpectrogramTransformer copy = t.copy(new org.apache.spark.ml.param.ParamMap().put(t.preset(), "whisper"));
        assertEquals("whisper", copy.getPreset());
        assertEquals("kaldi", t.getPreset());
        assertEquals(t.uid(), copy.uid());
    }

    @Test
    void transformSchemaSaysWhatIsWrong() {
        StructType binary = new StructType().add("path", DataTypes.StringType).add("content", DataTypes.BinaryType);
        StructType out = new SpectrogramTransformer().transformSchema(binary);
        assertEquals(
                List.of(
                        "path",
                        "content",
                        "features",
                        "n_features",
                        "n_frames",
                        "sample_rate",
                        "source_rate",
                        "duration_s",
                        "error"),
                List.of(out.fieldNames()));
        assertEquals(
                DataTypes.createArrayType(DataTypes.FloatType, false),
                out.apply("features").dataType());

        assertMessage(
                "input column 'audio'",
                () -> new SpectrogramTransformer().setInputCol("audio").transformSchema(binary));
        StructType ints = new StructType().add("content", DataTypes.IntegerType);
        assertMessage("expected binary", () -> new SpectrogramTransformer().transformSchema(ints));
        assertMessage(
                "--n-mel",
                () -> new SpectrogramTransformer()
                        .setSpecOptions("--n-mel", "3")
                        .transformSchema(binary));
        assertMessage(
                "--fmax",
                () -> new SpectrogramTransformer()
                        .setPreset("whisper")
                        .setSpecOptions("--fmax", "9000")
                        .transformSchema(binary));
        assertMessage(
                "not both",
                () -> new SpectrogramTransformer()
                        .setPreset("whisper")
                        .setSpecJson(SpecFlags.toJson(List.of(Presets.whisper())))
                        .transformSchema(binary));
        assertMessage(
                "already exists",
                () -> new SpectrogramTransformer().transformSchema(binary.add("error", DataTypes.StringType)));
        assertThrows(IllegalArgumentException.class, () -> new SpectrogramTransformer().setPreset("whispr"));
        assertThrows(IllegalArgumentException.class, () -> new SpectrogramTransformer().setBackend("gpu"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
