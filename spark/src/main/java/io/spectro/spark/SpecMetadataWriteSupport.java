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
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet write support, adding the spectrogram spec to each file's key-value metadata ({@value
 * #METADATA_KEY}) when the file is finished: the JSON given in {@value #SPEC_OPTION}, or, from extract's spec flags in
 * {@value #FLAGS_OPTION}, {@code spec.json} for the rates the file's features were computed at (one spec at a fixed
 * rate; {@code {"sample_rate": "native", "specs": [...]}} for several). At native rates the rate of a row is its
 * {@value SpectrogramTransformer#SOURCE_RATE} and rows with an {@value SpectrogramTransformer#ERROR} are not counted;
 * a file whose rows all failed then has no spec. Created by Parquet by reflection (see {@link SpecParquetFormat}).
 *
 * <p>Rows of the job's column types (strings, ints, longs, doubles and lists of non-null floats, written in Parquet's
 * two-level list form) are written here field by field with the values of a list added in one loop; Spark's writer
 * calls a closure and boxes an index per list element, which cost more than computing the features. Other schemas go
 * through Spark's writer unchanged. The files are the same either way.
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
    private RecordConsumer consumer;
    private String[] names;
    private DataType[] types;
    private boolean direct;

    /** Parquet creates the write support by reflection. */
    public SpecMetadataWriteSupport() {}

    @Override
    public WriteContext init(Configuration conf) {
        WriteContext context = super.init(conf);
        StructType schema = (StructType) DataType.fromJson(conf.get(SPARK_ROW_SCHEMA()));
        names = schema.fieldNames();
        types = new DataType[names.length];
        direct = Boolean.parseBoolean(conf.get("spark.sql.parquet.writeLegacyFormat"));
        for (int i = 0; i < names.length; i++) {
            StructField f = schema.fields()[i];
            types[i] = f.dataType();
            direct &= writesDirectly(types[i]);
        }
        fixedJson = conf.get(SPEC_OPTION);
        String flagsJson = conf.get(FLAGS_OPTION);
        if (fixedJson == null && flagsJson != null) {
            flags = RateSpecs.ofFlags(flagList(flagsJson)).flags();
            if (flags.fixedRateHz() != null) {
                fixedJson = SpecFlags.toJson(List.of(flags.specAt(flags.fixedRateHz())));
            } else {
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

    private static boolean writesDirectly(DataType t) {
        return t.equals(DataTypes.StringType)
                || t.equals(DataTypes.IntegerType)
                || t.equals(DataTypes.LongType)
                || t.equals(DataTypes.DoubleType)
                || (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType) && !a.containsNull());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        super.prepareForWrite(recordConsumer);
        consumer = recordConsumer;
    }

    @Override
    public void write(InternalRow row) {
        if (direct) {
            writeDirectly(row);
        } else {
            super.write(row);
        }
        if (rateOrdinal >= 0 && row.isNullAt(errorOrdinal) && !row.isNullAt(rateOrdinal)) {
            rates.add(row.getInt(rateOrdinal));
        }
    }

    /** One row as Spark's writer writes it in legacy list form: null fields left out, a list as "repeated array". */
    private void writeDirectly(InternalRow row) {
        consumer.startMessage();
        for (int i = 0; i < names.length; i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            consumer.startField(names[i], i);
            DataType t = types[i];
            if (t.equals(DataTypes.StringType)) {
                consumer.addBinary(Binary.fromReusedByteArray(row.getUTF8String(i).getBytes()));
            } else if (t.equals(DataTypes.IntegerType)) {
                consumer.addInteger(row.getInt(i));
            } else if (t.equals(DataTypes.LongType)) {
                consumer.addLong(row.getLong(i));
            } else if (t.equals(DataTypes.DoubleType)) {
                consumer.addDouble(row.getDouble(i));
            } else {
                ArrayData a = row.getArray(i);
                int n = a.numElements();
                consumer.startGroup();
                if (n > 0) {
                    consumer.startField("array", 0);
                    for (int j = 0; j < n; j++) {
                        consumer.addFloat(a.getFloat(j));
                    }
                    consumer.endField("array", 0);
                }
                consumer.endGroup();
            }
            consumer.endField(names[i], i);
        }
        consumer.endMessage();
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
