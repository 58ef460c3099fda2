package io.spectro.spark;

import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The executor side of {@link SpectrogramTransformer}: for each partition, decodes the rows' audio, batches the clips
 * (ragged) into {@link Spectro#computeBatch} calls on the executor's shared engine, and emits each input row with the
 * output columns appended ({@link SpectrogramTransformer#OUTPUT_COLUMNS} order). A clip that cannot be decoded or
 * computed becomes a row whose {@code error} says why; the others go on.
 */
final class PartitionExtractor implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ExtractSettings settings;
    private final int inputIndex;
    private final int pathIndex;
    private final SerializableConfiguration hadoopConf;
    private final JobCounters counters;

    /**
     * @param settings the spec, decoding and engine settings
     * @param inputIndex the input column: a file's bytes ({@code binary}), or a path or URI to read ({@code string})
     * @param pathIndex the column naming the file (messages, format hint), or -1
     * @param hadoopConf the configuration paths are read with, or null when the input column holds bytes
     * @param counters what the job's summary counts, or null
     */
    PartitionExtractor(
            ExtractSettings settings,
            int inputIndex,
            int pathIndex,
            SerializableConfiguration hadoopConf,
            JobCounters counters) {
        this.settings = settings;
        this.inputIndex = inputIndex;
        this.pathIndex = pathIndex;
        this.hadoopConf = hadoopConf;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Batches(rows, settings.specs(), settings.decoder());
    }

    /** A row on its way through: its audio and spec, or why it has none. */
    private static final class Pending {
        final Row row;
        ClipDecoder.Decoded audio;
        SpectrogramSpec spec;
        Spectrogram result;
        String error;

        Pending(Row row) {
            this.row = row;
        }
    }

    /** Reads a batch of rows, computes it, hands the rows out, and reads the next. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final RateSpecs specs;
        private final ClipDecoder decoder;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();

        Batches(Iterator<Row> rows, RateSpecs specs, ClipDecoder decoder) {
            this.rows = rows;
            this.specs = specs;
            this.decoder = decoder;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && rows.hasNext()) {
                nextBatch();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void nextBatch() {
            List<Pending> batch = new ArrayList<>();
            double seconds = 0;
            while (rows.hasNext() && seconds < settings.batchSeconds() && batch.size() < settings.maxBatchClips()) {
                Pending p = prepare(rows.next());
                batch.add(p);
                if (p.audio != null) {
                    seconds += p.audio.durationSeconds();
                }
            }
            compute(batch);
            for (Pending p : batch) {
                ready.add(output(p));
            }
        }

        private Pending prepare(Row row) {
            Pending p = new Pending(row);
            String name = sourceName(row);
            try {
                java.nio.file.Path local = hadoopConf == null ? null : localPath(row.getString(inputIndex));
                p.audio = local != null
                        ? decoder.decode(local, specs.fixedRateHz())
                        : decoder.decode(bytes(row, name), name, specs.fixedRateHz());
            } catch (IOException | RuntimeException e) {
                p.error = withoutName(reason(e), name);
                return p;
            } catch (OutOfMemoryError e) {
                p.error = "too large to decode in memory; give the executors more (spark.executor.memory)";
                return p;
            }
            try {
                p.spec = specs.specAt(p.audio.rateHz());
            } catch (IllegalArgumentException e) {
                p.error = reason(e);
                return p;
            }
            String problem = p.spec.clipProblem(p.audio.samples().length);
            if (problem != null) {
                p.error = problem;
                p.spec = null;
            }
            return p;
        }

        private void compute(List<Pending> batch) {
            Map<SpectrogramSpec, List<Pending>> bySpec = new LinkedHashMap<>();
            for (Pending p : batch) {
                if (p.spec != null) {
                    bySpec.computeIfAbsent(p.spec, s -> new ArrayList<>()).add(p);
                }
            }
            if (bySpec.isEmpty()) {
                return;
            }
            Spectro engine = ExecutorEngines.forTask(settings.backend(), settings.threads());
            for (Map.Entry<SpectrogramSpec, List<Pending>> group : bySpec.entrySet()) {
                List<Pending> clips = group.getValue();
                List<float[]> samples = new ArrayList<>(clips.size());
                for (Pending p : clips) {
                    samples.add(p.audio.samples());
                }
                try {
                    List<Spectrogram> out = engine.computeBatch(group.getKey(), samples);
                    for (int i = 0; i < clips.size(); i++) {
                        clips.get(i).result = out.get(i);
                    }
                } catch (RuntimeException batchFailure) {
                    // One clip must not fail its neighbours: compute them one by one and keep each one's reason.
                    for (Pending p : clips) {
                        try {
                            p.result = engine.compute(group.getKey(), p.audio.samples());
                        } catch (RuntimeException e) {
                            p.error = reason(e);
                        }
                    }
                }
            }
        }

        private Row output(Pending p) {
            int width = p.row.length();
            Object[] values = new Object[width + SpectrogramTransformer.OUTPUT_COLUMNS.size()];
            for (int i = 0; i < width; i++) {
                values[i] = p.row.get(i);
            }
            int o = width;
            if (p.result != null) {
                values[o] = p.result.data();
                values[o + 1] = p.result.features();
                values[o + 2] = p.result.frames();
            }
            if (p.audio != null) {
                values[o + 3] = p.audio.rateHz();
                values[o + 4] = p.audio.sourceRateHz();
                values[o + 5] = p.audio.durationSeconds();
            }
            values[o + 6] = p.result != null ? null : p.error;
            if (counters != null) {
                counters.count(sourceName(p.row), p.audio != null ? p.audio.durationSeconds() : 0, (String) values[o + 6]);
            }
            return RowFactory.create(values);
        }
    }

    private String sourceName(Row row) {
        if (pathIndex >= 0 && !row.isNullAt(pathIndex)) {
            return row.getString(pathIndex);
        }
        if (hadoopConf != null && !row.isNullAt(inputIndex)) {
            return row.getString(inputIndex);
        }
        return "audio";
    }

    /** The file's bytes: the binary column as it is, or the file the string column names, read whole. */
    private ByteBuffer bytes(Row row, String name) throws IOException {
        if (row.isNullAt(inputIndex)) {
            throw new IllegalArgumentException("no audio: the input column is null");
        }
        if (hadoopConf == null) {
            return ByteBuffer.wrap((byte[]) row.get(inputIndex));
        }
        Path path = new Path(row.getString(inputIndex));
        FileSystem fs = path.getFileSystem(hadoopConf.value());
        long length = fs.getFileStatus(path).getLen();
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException(length + " bytes is too large to read into memory whole; split the file");
        }
        byte[] content = new byte[(int) length];
        try (FSDataInputStream in = fs.open(path)) {
            in.readFully(0, content);
        }
        return ByteBuffer.wrap(content);
    }

    /**
     * The local file a path or {@code file:} URI names (read straight from disk, without Hadoop or a copy in memory),
     * or null for other file systems (and null paths).
     */
    static java.nio.file.Path localPath(String path) {
        if (path == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(path);
        } catch (URISyntaxException e) {
            uri = new Path(path).toUri(); // a plain path with characters a URI must escape
        }
        if (uri.getScheme() == null) {
            return java.nio.file.Path.of(uri.getPath());
        }
        return uri.getScheme().equals("file") ? java.nio.file.Path.of(uri.getPath()) : null;
    }

    /** An exception's message for the error column (its class when it has none). */
    static String reason(Throwable e) {
        if (e instanceof java.io.FileNotFoundException || e instanceof java.nio.file.NoSuchFileException) {
            return "file not found: " + e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /** {@code message} without the decoder's {@code "NAME: "} prefix (the path column names the file already). */
    private static String withoutName(String message, String name) {
        return message.startsWith(name + ": ") ? message.substring(name.length() + 2) : message;
    }
}
