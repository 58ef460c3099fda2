package io.spectro.spark;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spectro.SpectrogramSpec;
import io.spectro.cli.SpecFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet write support, adding the spectrogram spec to each file's key-value metadata ({@value
 * #METADATA_KEY}) when the file is finished: the JSON given in {@value #SPEC_OPTION}, or, from extract's spec flags in
 * {@value #FLAGS_OPTION}, {@code spec.json} for the rates the file's features were computed at (one spec at a fixed
 * rate; {@code {"sample_rate": "native", "specs": [...]}} for several). At native rates the rate of a row is its
 * {@value SpectrogramTransformer#SOURCE_RATE} and rows with an {@value SpectrogramTransformer#ERROR} are not counted;
 * a file whose rows all failed then has no spec. Created by Parquet by reflection (see {@link SpecParquetFormat}).
 */
public class SpecMetadataWriteSupport extends ParquetWriteSupport {
    /** The key of the spec in the Parquet key-value metadata. */
    public static final String METADATA_KEY = "spectro.spec";

    /** Write option: the spec JSON to store as it is. */
    public static final String SPEC_OPTION = "spectro.spec.json";

    /** Write option: extract's spec flags as a JSON array of strings; the spec is made per rate written. */
    public static final String FLAGS_OPTION = "spectro.spec.flags";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String fixedJson;
    private SpecFlags flags;
    private int rateOrdinal = -1;
    private int errorOrdinal = -1;
    private final TreeSet<Integer> rates = new TreeSet<>();

    /** Parquet creates the write support by reflection. */
    public SpecMetadataWriteSupport() {}

    @Override
    public WriteContext init(Configuration conf) {
        WriteContext context = super.init(conf);
        fixedJson = conf.get(SPEC_OPTION);
        String flagsJson = conf.get(FLAGS_OPTION);
        if (fixedJson == null && flagsJson != null) {
            flags = SpecFlags.parse(flagList(flagsJson));
            if (flags.fixedRateHz() != null) {
                fixedJson = SpecFlags.toJson(List.of(flags.specAt(flags.fixedRateHz())));
            } else {
                StructType schema = (StructType) DataType.fromJson(conf.get(SPARK_ROW_SCHEMA()));
                rateOrdinal = schema.fieldIndex(SpectrogramTransformer.SOURCE_RATE);
                errorOrdinal = schema.fieldIndex(SpectrogramTransformer.ERROR);
            }
        }
        return context;
    }

    /** The flags in a JSON array of strings. */
    static List<String> flagList(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JacksonException e) {
            throw new IllegalArgumentException(FLAGS_OPTION + ": not a JSON array of strings: " + json, e);
        }
    }

    /** {@code flags} as the JSON array {@value #FLAGS_OPTION} takes. */
    static String flagJson(List<String> flags) {
        try {
            return JSON.writeValueAsString(flags);
        } catch (JacksonException e) {
            throw new IllegalStateException("a list of strings could not be written as JSON", e);
        }
    }

    @Override
    public void write(InternalRow row) {
        super.write(row);
        if (rateOrdinal >= 0 && row.isNullAt(errorOrdinal) && !row.isNullAt(rateOrdinal)) {
            rates.add(row.getInt(rateOrdinal));
        }
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
        Map<String, String> extra = new HashMap<>();
        if (fixedJson != null) {
            extra.put(METADATA_KEY, fixedJson);
        } else if (flags != null && !rates.isEmpty()) {
            List<SpectrogramSpec> specs = new ArrayList<>();
            for (int rate : rates) {
                specs.add(flags.specAt(rate));
            }
            extra.put(METADATA_KEY, SpecFlags.toJson(specs));
        }
        return new FinalizedWriteContext(extra);
    }
}
