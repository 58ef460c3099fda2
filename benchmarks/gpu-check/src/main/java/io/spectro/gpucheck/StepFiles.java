package io.spectro.gpucheck;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the steps leave in the results folder, and the one JSON mapper that writes and reads them: records with
 * snake_case keys (as the benchmark harness writes its rows), indented, non-finite numbers allowed on reading.
 */
final class StepFiles {
    /** The probe's answer: every backend with its availability ({@link io.spectro.BackendStatus} records). */
    static final String PROBE = "probe.json";

    /** The benchmark harness's rows ({@code BenchMain --json}). */
    static final String BENCH_JSON = "bench.json";

    /** The benchmark harness's table and notes (its stdout). */
    static final String BENCH_TABLE = "bench.txt";

    /** Facts the launcher gathered about the machine (GPU, driver, Python, torch), as Java properties. */
    static final String ENVIRONMENT = "environment.properties";

    /** One line per step the launcher ran or skipped ({@link StepLog}). */
    static final String STEPS = "steps.tsv";

    /** The report: every step in one JSON object. */
    static final String REPORT_JSON = "gpu-check.json";

    /** The report as a table for people. */
    static final String REPORT_TABLE = "gpu-check.txt";

    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private StepFiles() {}

    /** The file of a conformance run labelled {@code label}. */
    static String conformance(String label) {
        return "conformance-" + label + ".json";
    }

    /** The file of the exactness check of {@code backend}. */
    static String exactness(String backend) {
        return "exactness-" + backend + ".json";
    }

    /** Writes {@code value} as JSON, creating the folder. */
    static void write(Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a step's JSON file as {@code type}, or null when the step left none (it crashed or did not run). */
    static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not a valid step result: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads any JSON file as a tree, or null when absent. */
    static JsonNode readTree(Path file) {
        return read(file, JsonNode.class);
    }
}
