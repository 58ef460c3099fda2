package io.spectro.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * What the job's summary reports, counted by the executors as rows are made (Spark accumulators), so that the summary
 * costs no second pass over the output. A task that Spark retries counts twice; the output itself is exact.
 */
final class JobCounters implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Failures whose path and reason are kept for the summary; the error column has them all. */
    static final int KEPT_ERRORS = 20;

    final LongAccumulator ok;
    final LongAccumulator failed;
    final DoubleAccumulator audioSeconds;
    final CollectionAccumulator<String> errors;

    JobCounters(SparkContext sc) {
        ok = sc.longAccumulator("spectro ok");
        failed = sc.longAccumulator("spectro failed");
        audioSeconds = sc.doubleAccumulator("spectro audio seconds");
        errors = sc.collectionAccumulator("spectro errors");
    }

    /** Counts one row: its duration when it has features, else its failure (the first few with path and reason). */
    void count(String source, double durationSeconds, String error) {
        if (error == null) {
            ok.add(1);
            audioSeconds.add(durationSeconds);
        } else {
            failed.add(1);
            if (errors.value().size() < KEPT_ERRORS) {
                errors.add(source + ": " + error);
            }
        }
    }
}
