package io.spectro.spark;

import io.spectro.Presets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function1;

/**
 * Spectrograms of audio files as a Spark ML {@link Transformer}: each row's audio (the bytes of a file, as {@code
 * spark.read().format("binaryFile")} gives them in {@code content}, or a path or URI to read) is decoded on the
 * executors (WAV and FLAC in Java, MP3/Ogg/Opus through libsndfile), batched per partition into the engine's {@code
 * computeBatch}, and the row comes out with these columns appended:
 *
 * <ul>
 *   <li>{@code features} ({@link #outputCol()}): {@code array<float>}, the features {@code [n_features][n_frames]}
 *       row-major (a complex spectrum: {@code [n_features][n_frames][2]}, real and imaginary parts);
 *   <li>{@code n_features}, {@code n_frames}: {@code int}, the shape;
 *   <li>{@code sample_rate}: {@code int}, the rate the features were computed at (Hz);
 *   <li>{@code source_rate}: {@code int}, the file's own rate; {@code duration_s}: {@code double}, its duration;
 *   <li>{@code error}: {@code string}, null when all is well, else why this row has no features (a broken file, a
 *       clip too short to frame); the other rows go on.
 * </ul>
 *
 * <p>The spec is a preset plus overrides given as {@code spectro extract}'s flags ({@link #setPreset(String)}, {@link
 * #setSpecOptions(String[])}, e.g. {@code --n-mels 128 --db}), or one spec as {@code spec.json} text ({@link
 * #setSpecJson(String)}). The rules are extract's: without a preset each file keeps its own rate (librosa's defaults);
 * with one, files are resampled to the preset's rate unless {@code --sample-rate} says otherwise.
 *
 * <p>Executors share one engine per JVM (opened by the first task, closed at shutdown); a task that Spark gave a
 * {@code gpu} resource computes on that device; otherwise the backend is chosen automatically (falling back to the
 * CPU). Saves and loads with {@link #write()} / {@link #load(String)}, inside a {@code Pipeline} too.
 *
 * <pre>{@code
 * Dataset<Row> files = spark.read().format("binaryFile").load("data/");
 * Dataset<Row> mel = new SpectrogramTransformer().setPreset("whisper").transform(files);
 * }</pre>
 */
public final class SpectrogramTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** {@code n_features}: rows of {@code features}. */
    public static final String N_FEATURES = "n_features";

    /** {@code n_frames}: columns of {@code features}. */
    public static final String N_FRAMES = "n_frames";

    /** {@code sample_rate}: the rate the features were computed at, in Hz. */
    public static final String SAMPLE_RATE = "sample_rate";

    /** {@code source_rate}: the file's own rate, in Hz. */
    public static final String SOURCE_RATE = "source_rate";

    /** {@code duration_s}: the file's duration in seconds. */
    public static final String DURATION = "duration_s";

    /** {@code error}: null, or why the row has no features. */
    public static final String ERROR = "error";

    /** The columns appended, in order: {@code features} ({@link #outputCol()}) first, then the fixed names. */
    static final List<String> OUTPUT_COLUMNS =
            List.of("features", N_FEATURES, N_FRAMES, SAMPLE_RATE, SOURCE_RATE, DURATION, ERROR);

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> pathCol;
    private final Param<String> outputCol;
    private final Param<String> preset;
    private final StringArrayParam specOptions;
    private final Param<String> specJson;
    private final IntParam channel;
    private final Param<String> resampler;
    private final DoubleParam batchSeconds;
    private final IntParam maxBatchClips;
    private final Param<String> backend;
    private final IntParam threads;

    /** A transformer with a new uid and the defaults (see each parameter). */
    public SpectrogramTransformer() {
        this(Identifiable.randomUID("spectrogram"));
    }

    /** A transformer with the given uid and the defaults (used when loading a saved one). */
    public SpectrogramTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(
                this,
                "inputCol",
                "the audio: a binary column of file bytes (binaryFile's content) or a string column of paths/URIs",
                nonEmpty());
        pathCol = new Param<>(
                this,
                "pathCol",
                "the string column naming each file (messages, format hint); ignored when absent",
                nonEmpty());
        outputCol = new Param<>(this, "outputCol", "the features column, array<float>", nonEmpty());
        List<String> presetNames = new ArrayList<>(Presets.NAMES);
        presetNames.add("");
        preset = new Param<>(
                this,
                "preset",
                "a preset (" + String.join(", ", Presets.NAMES) + "), or empty for librosa's defaults at each"
                        + " file's own rate",
                ParamValidators.inArray(presetNames.toArray(String[]::new)));
        specOptions = new StringArrayParam(
                this, "specOptions", "spectro extract's spec flags overriding the preset, e.g. [--n-mels, 128, --db]");
        specJson = new Param<>(
                this, "specJson", "one spec as spec.json text; replaces preset and specOptions when not empty");
        channel = new IntParam(
                this, "channel", "the channel to keep (0-based), or -1 to mix all to mono", ParamValidators.gtEq(-1));
        resampler = new Param<>(
                this,
                "resampler",
                "how files are resampled to the spec's rate: kaiser (>= 90 dB stopband) or torchaudio (sinc_interp_hann)",
                ParamValidators.inArray(ExtractSettings.RESAMPLERS.toArray(String[]::new)));
        batchSeconds = new DoubleParam(
                this, "batchSeconds", "audio per computeBatch call, in seconds (> 0)", ParamValidators.gt(0));
        maxBatchClips = new IntParam(
                this, "maxBatchClips", "clips per computeBatch call at most (>= 1)", ParamValidators.gtEq(1));
        backend = new Param<>(
                this,
                "backend",
                "auto (a task's GPU resource, else the best available), cpu, opencl or cuda",
                ParamValidators.inArray(ExtractSettings.BACKENDS.toArray(String[]::new)));
        threads = new IntParam(
                this, "threads", "engine host threads per executor, 0 for one per core", ParamValidators.gtEq(0));
        setDefault(inputCol, "content");
        setDefault(pathCol, "path");
        setDefault(outputCol, "features");
        setDefault(preset, "");
        setDefault(specOptions, new String[0]);
        setDefault(specJson, "");
        setDefault(channel, -1);
        setDefault(resampler, "kaiser");
        setDefault(batchSeconds, 300.0);
        setDefault(maxBatchClips, 1024);
        setDefault(backend, "auto");
        setDefault(threads, 0);
    }

    private static Function1<String, Object> nonEmpty() {
        return v -> v != null && !v.isEmpty();
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- parameters ------------------------------------------------------------------------------------------------

    /** The audio column: binary (file bytes; default {@code content}) or string (a path or URI per row). */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The string column naming each file, used in messages and as a format hint (default {@code path}). */
    public Param<String> pathCol() {
        return pathCol;
    }

    /** The features column (default {@code features}). */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** A preset name ({@code whisper}, {@code kaldi}, ...), or empty (default) for librosa's defaults at native rate. */
    public Param<String> preset() {
        return preset;
    }

    /** {@code spectro extract}'s spec flags overriding the preset (default none). */
    public StringArrayParam specOptions() {
        return specOptions;
    }

    /** One spec as {@code spec.json} text; when set, the preset and spec options must be left empty. */
    public Param<String> specJson() {
        return specJson;
    }

    /** The channel kept: -1 (default) mixes all channels to mono, 0, 1, ... keep that one. */
    public IntParam channel() {
        return channel;
    }

    /** {@code kaiser} (default) or {@code torchaudio}: the filter used when files are resampled. */
    public Param<String> resampler() {
        return resampler;
    }

    /** Seconds of audio per {@code computeBatch} call on an executor (default 300). */
    public DoubleParam batchSeconds() {
        return batchSeconds;
    }

    /** Clips per {@code computeBatch} call at most (default 1024). */
    public IntParam maxBatchClips() {
        return maxBatchClips;
    }

    /** {@code auto} (default), {@code cpu}, {@code opencl} or {@code cuda}. */
    public Param<String> backend() {
        return backend;
    }

    /** Engine host threads per executor JVM; 0 (default) for one per processor. */
    public IntParam threads() {
        return threads;
    }

    /** Sets {@link #inputCol()}. */
    public SpectrogramTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /** Sets {@link #pathCol()}. */
    public SpectrogramTransformer setPathCol(String value) {
        set(pathCol, value);
        return this;
    }

    /** Sets {@link #outputCol()}. */
    public SpectrogramTransformer setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /** Sets {@link #preset()}. */
    public SpectrogramTransformer setPreset(String value) {
        set(preset, value);
        return this;
    }

    /** Sets {@link #specOptions()}, e.g. {@code "--n-mels", "128", "--db"}. */
    public SpectrogramTransformer setSpecOptions(String... value) {
        set(specOptions, value.clone());
        return this;
    }

    /** Sets {@link #specJson()}. */
    public SpectrogramTransformer setSpecJson(String value) {
        set(specJson, value);
        return this;
    }

    /** Sets {@link #channel()}. */
    public SpectrogramTransformer setChannel(int value) {
        set(channel, value);
        return this;
    }

    /** Sets {@link #resampler()}. */
    public SpectrogramTransformer setResampler(String value) {
        set(resampler, value);
        return this;
    }

    /** Sets {@link #batchSeconds()}. */
    public SpectrogramTransformer setBatchSeconds(double value) {
        set(batchSeconds, value);
        return this;
    }

    /** Sets {@link #maxBatchClips()}. */
    public SpectrogramTransformer setMaxBatchClips(int value) {
        set(maxBatchClips, value);
        return this;
    }

    /** Sets {@link #backend()}. */
    public SpectrogramTransformer setBackend(String value) {
        set(backend, value);
        return this;
    }

    /** Sets {@link #threads()}. */
    public SpectrogramTransformer setThreads(int value) {
        set(threads, value);
        return this;
    }

    /** The value of {@link #inputCol()}. */
    public String getInputCol() {
        return $(inputCol);
    }

    /** The value of {@link #pathCol()}. */
    public String getPathCol() {
        return $(pathCol);
    }

    /** The value of {@link #outputCol()}. */
    public String getOutputCol() {
        return $(outputCol);
    }

    /** The value of {@link #preset()}. */
    public String getPreset() {
        return $(preset);
    }

    /** The value of {@link #specOptions()} (a copy). */
    public String[] getSpecOptions() {
        return $(specOptions).clone();
    }

    /** The value of {@link #specJson()}. */
    public String getSpecJson() {
        return $(specJson);
    }

    /** The value of {@link #channel()}. */
    public int getChannel() {
        return (Integer) $(channel);
    }

    /** The value of {@link #resampler()}. */
    public String getResampler() {
        return $(resampler);
    }

    /** The value of {@link #batchSeconds()}. */
    public double getBatchSeconds() {
        return (Double) $(batchSeconds);
    }

    /** The value of {@link #maxBatchClips()}. */
    public int getMaxBatchClips() {
        return (Integer) $(maxBatchClips);
    }

    /** The value of {@link #backend()}. */
    public String getBackend() {
        return $(backend);
    }

    /** The value of {@link #threads()}. */
    public int getThreads() {
        return (Integer) $(threads);
    }

    // ---- the work --------------------------------------------------------------------------------------------------

    /**
     * The executor settings the parameters describe, checked: the spec flags or JSON parse and combine.
     *
     * @throws IllegalArgumentException naming the parameter, flag or JSON field that is wrong
     */
    ExtractSettings settings() {
        String json = getSpecJson();
        List<String> flags = null;
        if (json.isEmpty()) {
            json = null;
            flags = new ArrayList<>();
            if (!getPreset().isEmpty()) {
                flags.add("--preset");
                flags.add(getPreset());
            }
            flags.addAll(Arrays.asList(getSpecOptions()));
        } else if (!getPreset().isEmpty() || getSpecOptions().length > 0) {
            throw new IllegalArgumentException(
                    "specJson is set together with preset/specOptions: give the spec one way, not both");
        }
        ExtractSettings s = new ExtractSettings(
                flags,
                json,
                getChannel(),
                getResampler(),
                getBatchSeconds(),
                getMaxBatchClips(),
                getBackend(),
                getThreads());
        try {
            s.specs().displaySpec();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    uid + ": invalid spec (" + (json != null ? "specJson" : "preset/specOptions") + "): "
                            + e.getMessage(),
                    e);
        }
        return s;
    }

    /**
     * The input schema with the output columns appended; checks that the input column exists and holds bytes or
     * paths, that no output column exists yet, and that the spec is valid.
     *
     * @throws IllegalArgumentException saying which of these fails
     */
    @Override
    public StructType transformSchema(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        String in = getInputCol();
        if (!names.contains(in)) {
            throw new IllegalArgumentException("input column '" + in + "' is not in the dataset (columns: " + names
                    + "); set inputCol, e.g. to binaryFile's content");
        }
        DataType inType = schema.apply(in).dataType();
        if (!inType.equals(DataTypes.BinaryType) && !inType.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("input column '" + in + "' is " + inType.simpleString()
                    + "; expected binary (file bytes) or string (paths)");
        }
        String path = getPathCol();
        if (names.contains(path) && !schema.apply(path).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("path column '" + path + "' is "
                    + schema.apply(path).dataType().simpleString() + "; expected string");
        }
        settings();
        StructType out = schema;
        for (StructField f : outputFields()) {
            if (names.contains(f.name())) {
                throw new IllegalArgumentException(
                        "output column '" + f.name() + "' already exists; drop or rename it first");
            }
            out = out.add(f);
        }
        return out;
    }

    private List<StructField> outputFields() {
        return List.of(
                DataTypes.createStructField(
                        getOutputCol(), DataTypes.createArrayType(DataTypes.FloatType, false), true),
                DataTypes.createStructField(N_FEATURES, DataTypes.IntegerType, true),
                DataTypes.createStructField(N_FRAMES, DataTypes.IntegerType, true),
                DataTypes.createStructField(SAMPLE_RATE, DataTypes.IntegerType, true),
                DataTypes.createStructField(SOURCE_RATE, DataTypes.IntegerType, true),
                DataTypes.createStructField(DURATION, DataTypes.DoubleType, true),
                DataTypes.createStructField(ERROR, DataTypes.StringType, true));
    }

    /** Each row with its features appended (lazily, as Spark transformations are). */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return transformCounted(dataset, null);
    }

    /** {@link #transform(Dataset)}, counting rows, failures and audio in {@code counters} (null: not counted). */
    Dataset<Row> transformCounted(Dataset<?> dataset, JobCounters counters) {
        StructType outSchema = transformSchema(dataset.schema(), true);
        StructType inSchema = dataset.schema();
        int input = inSchema.fieldIndex(getInputCol());
        boolean paths = inSchema.apply(input).dataType().equals(DataTypes.StringType);
        int path = Arrays.asList(inSchema.fieldNames()).indexOf(getPathCol());
        SerializableConfiguration conf = paths
                ? new SerializableConfiguration(
                        dataset.sparkSession().sparkContext().hadoopConfiguration())
                : null;
        return dataset.toDF()
                .mapPartitions(new PartitionExtractor(settings(), input, path, conf, counters), Encoders.row(outSchema));
    }

    @Override
    public SpectrogramTransformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** A reader for transformers saved with {@code write().save(path)}. */
    public static MLReader<SpectrogramTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /** The transformer saved at {@code path} (with {@code write().save(path)}). */
    public static SpectrogramTransformer load(String path) {
        return read().load(path);
    }
}
