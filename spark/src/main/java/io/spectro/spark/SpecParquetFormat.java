package io.spectro.spark;

import org.apache.hadoop.mapreduce.Job;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Map;

/**
 * Spark's Parquet writer, with the spectrogram spec stored in each file's key-value metadata under {@value
 * SpecMetadataWriteSupport#METADATA_KEY} (read it with pyarrow's {@code pq.read_metadata(f).metadata}). Spark has no
 * option for footer metadata, so this format swaps in {@link SpecMetadataWriteSupport}; everything else is Spark's
 * Parquet writer. Use it by class name with one of the options {@value SpecMetadataWriteSupport#SPEC_OPTION} (the JSON
 * to store) or {@value SpecMetadataWriteSupport#FLAGS_OPTION} (extract's spec flags, for jobs at native rates):
 *
 * <pre>{@code
 * df.write().format(SpecParquetFormat.class.getName()).option(SpecMetadataWriteSupport.SPEC_OPTION, json).save(dir);
 * }</pre>
 *
 * <p>Not registered as a short name: it would share {@code parquet} with Spark's own format.
 */
public class SpecParquetFormat extends ParquetFileFormat {
    private static final long serialVersionUID = 1L;

    /** Spark creates the format by reflection. */
    public SpecParquetFormat() {}

    @Override
    public OutputWriterFactory prepareWrite(
            SparkSession sparkSession, Job job, Map<String, String> options, StructType dataSchema) {
        OutputWriterFactory factory = super.prepareWrite(sparkSession, job, options, dataSchema);
        // Spark's prepareWrite has just named its own write support; every output writer of the job reads this.
        ParquetOutputFormat.setWriteSupportClass(job, SpecMetadataWriteSupport.class);
        // Lists of non-null floats as Parquet's two-level "repeated float array": one field per row instead of a
        // group per value, which made writing the features cost more than computing them (measured: ~60% of a
        // 3,000-file job). Readers (Spark, pyarrow, pandas) read both list forms as list<float>.
        job.getConfiguration().set("spark.sql.parquet.writeLegacyFormat", "true");
        for (String key : new String[] {SpecMetadataWriteSupport.SPEC_OPTION, SpecMetadataWriteSupport.FLAGS_OPTION}) {
            if (options.contains(key)) {
                job.getConfiguration().set(key, options.apply(key));
            }
        }
        return factory;
    }

    @Override
    public String shortName() {
        return "spectro-parquet";
    }

    @Override
    public String toString() {
        return "SpectroParquet";
    }
}
