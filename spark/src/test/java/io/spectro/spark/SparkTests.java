package io.spectro.spark;

import org.apache.spark.sql.SparkSession;

/** The local[2] Spark session of a test class. */
final class SparkTests {
    private SparkTests() {}

    /** A local[2] session without the web UI, logging warnings only. */
    static SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("spectro-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.log.level", "WARN")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** Stops the session (the next test class starts its own). */
    static void stop() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
    }
}
