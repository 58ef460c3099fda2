package io.spectro.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;

import io.spectro.SpectrogramSpec;
import io.spectro.cli.SpecFlags;
import io.spectro.cli.support.Choice;
import io.spectro.cli.support.CommandLines;
import io.spectro.cli.support.HelpOption;
import io.spectro.cli.support.IntRange;
import io.spectro.cli.support.NumberRange;
import io.spectro.cli.support.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The Spark job: the features of every audio file under the inputs, written as a Parquet dataset. The same class runs
 * on one machine with Spark embedded ({@code ./spectro spark --master local[2] ...}) and on a cluster ({@code
 * spark-submit --class io.spectro.spark.SpectrogramJob spectro-spark.jar ...}).
 *
 * <p>Output columns: {@code path} (the file's URI), {@code label} ({@code --labels dirs}: the file's folder name; else
 * null), {@code source_rate} (Hz), {@code duration_s}, {@code n_features}, {@code n_frames}, {@code features}
 * ({@code array<float>}, {@code [n_features][n_frames]} row-major) and {@code error} (null, or why the file has no
 * features). Each Parquet file holds the spec as {@code spec.json} text in its key-value metadata under {@value
 * SpecMetadataWriteSupport#METADATA_KEY}. Exit status 0 when every file worked, 1 when some failed (their rows say
 * why), 2 for a command line that cannot be run.
 */
@Command(
        name = "spectro spark",
        synopsisHeading = "usage: ",
        customSynopsis = {
            "spectro spark [options] --out DIR INPUT...",
            "spark-submit --class io.spectro.spark.SpectrogramJob spectro-spark.jar [options] --out DIR INPUT..."
        },
        descriptionHeading = "%n",
        parameterListHeading = "%narguments:%n",
        optionListHeading = "%noptions:%n",
        description = {
            "Computes the spectrogram of every audio file under INPUT on Spark and writes one Parquet dataset to",
            "DIR: path, label, source_rate, duration_s, n_features, n_frames, features (array<float>,",
            "[n_features][n_frames] row-major), error. The spec is stored as JSON in each Parquet file's",
            "key-value metadata (key spectro.spec). A file that cannot be decoded is a row with its error.",
            "Exit status: 0 all ok, 1 some input failed, 2 bad command line.",
            "",
            "examples:",
            "  spectro spark --master local[2] --preset whisper --labels dirs --out feats.parquet data/",
            "  spark-submit --master yarn --class io.spectro.spark.SpectrogramJob spectro-spark.jar \\",
            "      --preset kaldi --out hdfs:///feats/kaldi hdfs:///audio/"
        })
public final class SpectrogramJob implements Callable<Integer> {
    /** The file extensions read from folders (any case): those {@code spectro extract} reads. */
    static final List<String> EXTENSIONS =
            List.of("wav", "wave", "flac", "mp3", "ogg", "oga", "opus", "m4a", "aac", "aif", "aiff", "wma", "webm");

    /** The output columns, in order. */
    static final List<String> COLUMNS = List.of(
            "path",
            "label",
            SpectrogramTransformer.SOURCE_RATE,
            SpectrogramTransformer.DURATION,
            SpectrogramTransformer.N_FEATURES,
            SpectrogramTransformer.N_FRAMES,
            "features",
            SpectrogramTransformer.ERROR);

    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    HelpOption help;

    @ArgGroup(validate = false, heading = "%ninput and output:%n", order = 1)
    JobOptions job = new JobOptions();

    @Mixin
    SpecFlags spec;

    @ArgGroup(validate = false, heading = "%nengine (on each executor):%n", order = 3)
    EngineFlags engine = new EngineFlags();

    @Parameters(paramLabel = "INPUT", description = "folders (searched recursively) or audio files; any Hadoop path")
    List<String> inputs = new ArrayList<>();

    /** The flags about Spark, what is read and what is written. */
    static final class JobOptions {
        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
        String master;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "the Parquet dataset to write (a folder; any Hadoop path); required")
        String out;

        @Option(names = "--overwrite", description = "replace DIR if it exists (otherwise an existing DIR is an error)")
        boolean overwrite;

        @Option(
                names = "--labels",
                paramLabel = "dirs",
                converter = LabelsName.class,
                completionCandidates = LabelsName.class,
                description = "dirs: each file's folder name in the label column (default: no labels, null)")
        String labels;

        @Option(
                names = "--channel",
                paramLabel = "mix|N",
                converter = ChannelConverter.class,
                description = "mix channels to mono (default) or take channel N (0-based)")
        int channel = -1;

        @Option(
                names = "--resampler",
                paramLabel = "RESAMPLER",
                converter = ResamplerName.class,
                completionCandidates = ResamplerName.class,
                description = "${COMPLETION-CANDIDATES}: kaiser is band-limited with a >= 90 dB stopband (default),"
                        + " torchaudio is its sinc_interp_hann")
        String resampler = "kaiser";

        @Option(
                names = "--batch-seconds",
                paramLabel = "S",
                converter = BatchSeconds.class,
                description = "audio per computed batch on an executor, in seconds (default 300)")
        double batchSeconds = 300;

        @Option(
                names = "--conf",
                paramLabel = "KEY=VALUE",
                description = "a Spark setting (repeatable), e.g. --conf spark.sql.files.maxPartitionBytes=64m")
        List<String> conf = new ArrayList<>();
    }

    /** {@code --backend} and {@code --threads}; the device of a task is the GPU Spark gives it, if any. */
    static final class EngineFlags {
        @Option(
                names = "--backend",
                paramLabel = "BACKEND",
                converter = BackendName.class,
                completionCandidates = BackendName.class,
                description = "${COMPLETION-CANDIDATES}: auto (default) uses a task's GPU resource when Spark gives it"
                        + " one (spark.task.resource.gpu.amount), else the best backend available")
        String backend = "auto";

        @Option(
                names = "--threads",
                paramLabel = "N",
                converter = Threads.class,
                description = "engine host threads per executor, 1 to 4096 (default: all cores)")
        int threads;
    }

    SpectrogramJob(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the job and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job with the given streams; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.execute(new CommandLine(new SpectrogramJob(out, err)), "spectro spark", out, err, args);
    }

    @Override
    public Integer call() throws UsageException {
        if (job.out == null) {
            throw new UsageException("--out DIR is required (the Parquet dataset to write)");
        }
        if (inputs.isEmpty()) {
            throw new UsageException("no INPUT given: name folders or audio files");
        }
        List<String> specArgs = spec.args();
        // The job reads each file itself (local files straight from disk, others through Hadoop): binaryFile's
        // content column would copy every file three times on its way into a row.
        SpectrogramTransformer transformer = new SpectrogramTransformer()
                .setInputCol("path")
                .setPathCol("path")
                .setSpecOptions(specArgs.toArray(String[]::new))
                .setChannel(job.channel)
                .setResampler(job.resampler)
                .setBatchSeconds(job.batchSeconds)
                .setBackend(engine.backend)
                .setThreads(engine.threads);
        ExtractSettings settings;
        try {
            settings = transformer.settings();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // A session that already runs (a notebook, a test) is used and left running; one made here is stopped.
        boolean own = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session();
        try {
            return run(spark, transformer, settings.specs(), specArgs);
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    private SparkSession session() throws UsageException {
        SparkSession.Builder b = SparkSession.builder().appName("spectro spark");
        SparkConf defaults = new SparkConf();
        if (job.master != null) {
            b.master(job.master);
        } else if (!defaults.contains("spark.master")) {
            b.master("local[*]");
        }
        String master = job.master != null ? job.master : defaults.get("spark.master", "local[*]");
        if (master.startsWith("local")) {
            // One machine: no web UI to serve, and Spark's INFO lines would bury the summary.
            setIfAbsent(b, defaults, "spark.ui.enabled", "false");
            if (System.getProperty("log4j2.configurationFile") == null) {
                setIfAbsent(b, defaults, "spark.log.level", "WARN");
            }
        }
        // Spark charges each file 4 MB of "open cost" when it packs files into partitions: for folders of short
        // clips that makes one task (and one output file) per ~30 files. 256 KB packs partitions by audio instead
        // (up to spark.sql.files.maxPartitionBytes, 128 MB, ~70 min of 16 kHz 16-bit audio per task).
        setIfAbsent(b, defaults, "spark.sql.files.openCostInBytes", "262144");
        for (String kv : job.conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--conf: '" + kv + "' is not KEY=VALUE");
            }
            b.config(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return b.getOrCreate();
    }

    private void setIfAbsent(SparkSession.Builder b, SparkConf defaults, String key, String value) {
        boolean given = defaults.contains(key) || job.conf.stream().anyMatch(kv -> kv.startsWith(key + "="));
        if (!given) {
            b.config(key, value);
        }
    }

    private int run(SparkSession spark, SpectrogramTransformer transformer, RateSpecs specs, List<String> specArgs) {
        long start = System.nanoTime();
        Dataset<Row> files;
        try {
            files = spark.read()
                    .format("binaryFile")
                    .option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", audioGlob())
                    .load(inputs.toArray(String[]::new));
        } catch (Exception e) { // AnalysisException (a checked exception to Java): e.g. an input that does not exist
            throw new IllegalArgumentException("cannot list the inputs: " + PartitionExtractor.reason(e), e);
        }
        int found = files.inputFiles().length;
        if (found == 0) {
            throw new IllegalArgumentException("no audio files found in " + String.join(", ", inputs)
                    + " (folders are searched for ." + String.join(", .", EXTENSIONS) + ", any case)");
        }
        SpectrogramSpec shown = specs.displaySpec();
        out.println("spectro spark: " + found + " input" + (found == 1 ? "" : "s") + " -> " + job.out + " (Spark "
                + spark.version() + ", " + spark.sparkContext().master() + ")");
        out.println("  spec " + shown.summary()
                + (specs.fixedRateHz() == null
                        ? " (each input at its own rate; shown at " + shown.sampleRateHz() + " Hz)"
                        : ""));
        out.flush();
        Dataset<Row> labelled = files.select("path").withColumn(
                "label",
                "dirs".equals(job.labels)
                        ? element_at(split(col("path"), "/"), -2)
                        : lit(null).cast(DataTypes.StringType));
        JobCounters counters = new JobCounters(spark.sparkContext());
        Dataset<Row> features = transformer
                .transformCounted(labelled, counters)
                .select(COLUMNS.stream()
                        .map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new));
        features.write()
                .mode(job.overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .format(SpecParquetFormat.class.getName())
                .option(SpecMetadataWriteSupport.FLAGS_OPTION, SpecMetadataWriteSupport.flagJson(specArgs))
                // Features rarely repeat: a dictionary would be built and thrown away for every page.
                .option("parquet.enable.dictionary#features.array", "false")
                // Min/max per page of the features would be compared value by value, and serve no query.
                .option("parquet.column.statistics.enabled#features.array", "false")
                .save(job.out);
        return summarise(counters, found, (System.nanoTime() - start) / 1e9);
    }

    /** Prints what was written; returns the exit status. */
    private int summarise(JobCounters counters, int found, double seconds) {
        long ok = counters.ok.value();
        long failed = found - ok;
        double audio = counters.audioSeconds.value();
        out.printf(
                Locale.ROOT,
                "done: %d ok, %d failed; %.1f s of audio in %.1f s (%.0f audio-s/s) -> %s%n",
                ok,
                failed,
                audio,
                seconds,
                audio / seconds,
                job.out);
        List<String> errors = counters.errors.value();
        for (String e : errors) {
            err.println("spectro spark: " + e);
        }
        if (failed > errors.size()) {
            err.println("spectro spark: ... and " + (failed - errors.size()) + " more (the error column says why)");
        }
        return failed == 0 ? CommandLines.OK : CommandLines.FAILED;
    }

    /** A Hadoop glob matching the audio extensions in any case, e.g. {@code *.{[wW][aA][vV],...}}. */
    static String audioGlob() {
        List<String> alternatives = new ArrayList<>();
        for (String ext : EXTENSIONS) {
            StringBuilder b = new StringBuilder();
            for (char c : ext.toCharArray()) {
                b.append('[')
                        .append(Character.toLowerCase(c))
                        .append(Character.toUpperCase(c))
                        .append(']');
            }
            alternatives.add(b.toString());
        }
        return "*.{" + String.join(",", alternatives) + "}";
    }

    static final class LabelsName extends Choice<String> {
        LabelsName() {
            super(List.of("dirs"));
        }
    }

    static final class ResamplerName extends Choice<String> {
        ResamplerName() {
            super(ExtractSettings.RESAMPLERS);
        }
    }

    static final class BackendName extends Choice<String> {
        BackendName() {
            super(ExtractSettings.BACKENDS);
        }
    }

    static final class Threads extends IntRange {
        Threads() {
            super(1, 4096);
        }
    }

    static final class BatchSeconds extends NumberRange {
        BatchSeconds() {
            super(0, true, 1e7);
        }
    }

    /** {@code mix} (-1), or a 0-based channel index. */
    static final class ChannelConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("mix")) {
                return -1;
            }
            try {
                int c = Integer.parseInt(v);
                if (c >= 0) {
                    return c;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException(
                    "'" + value + "' is not valid (valid: mix, or a channel index 0, 1, ...)");
        }
    }
}
