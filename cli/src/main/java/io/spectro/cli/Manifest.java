package io.spectro.cli;

import io.spectro.SpectrogramSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a run records beside its outputs: {@code manifest.csv}, one row per finished input in input order (see {@link
 * ManifestRow}), and {@code spec.json}, the spec of every sample rate used (see {@link SpecJson}). Rows are recorded
 * as inputs finish; the files are written at the end, or by the interrupt hook with the rows finished so far, so that a
 * re-run skips exactly those. Thread-safe.
 */
final class Manifest {
    /** The manifest's file name in the output folder. */
    static final String CSV = "manifest.csv";

    /** The spec's file name in the output folder. */
    static final String SPEC_JSON = "spec.json";

    private final Path outDir;
    private final SpecsByRate specs;
    private final ManifestRow[] rows;

    /**
     * @param outDir the output folder
     * @param inputs the run's input count (rows are indexed by {@link ExtractItem#index})
     * @param specs the run's specs, for spec.json
     */
    Manifest(Path outDir, int inputs, SpecsByRate specs) {
        this.outDir = outDir;
        this.specs = specs;
        this.rows = new ManifestRow[inputs];
    }

    /** Records the final row of {@code item}. */
    synchronized void record(ExtractItem item, ManifestRow row) {
        rows[item.index] = row;
    }

    /** The row of {@code item}, or null while it is not finished. */
    synchronized ManifestRow row(ExtractItem item) {
        return rows[item.index];
    }

    /** The rows recorded so far, in input order. */
    synchronized List<ManifestRow> finished() {
        List<ManifestRow> list = new ArrayList<>();
        for (ManifestRow r : rows) {
            if (r != null) {
                list.add(r);
            }
        }
        return list;
    }

    /** The manifest's path. */
    Path csvPath() {
        return outDir.resolve(CSV);
    }

    /** The spec's path. */
    Path specPath() {
        return outDir.resolve(SPEC_JSON);
    }

    /**
     * Writes manifest.csv with the rows finished so far, and spec.json with the spec of every rate an output was
     * computed at (or the fixed rate's when none was); returns how many rows were written.
     */
    int write() throws IOException {
        List<ManifestRow> done = finished();
        Files.createDirectories(outDir);
        AtomicFiles.write(csvPath(), ManifestRow.toCsv(done).getBytes(StandardCharsets.UTF_8));
        TreeMap<Integer, SpectrogramSpec> used = new TreeMap<>();
        for (ManifestRow r : done) {
            SpectrogramSpec s = r.ok() ? specs.specAt(r.sampleRateHz()) : null;
            if (s != null) {
                used.put(r.sampleRateHz(), s);
            }
        }
        Integer fixed = specs.recipe().fixedRateHz();
        if (used.isEmpty() && fixed != null && specs.specAt(fixed) != null) {
            used.put(fixed, specs.specAt(fixed));
        }
        if (!used.isEmpty()) {
            AtomicFiles.write(specPath(), SpecJson.write(used.values()).getBytes(StandardCharsets.UTF_8));
        }
        return done.size();
    }

    /** Writes the files from the interrupt hook and says on {@code err} what was recorded. */
    void writeInterrupted(PrintStream err) {
        try {
            int written = write();
            err.println("\nspectro: interrupted; " + written + " finished input(s) recorded in " + csvPath()
                    + " (a re-run skips them)");
        } catch (IOException | RuntimeException e) {
            err.println("\nspectro: interrupted; could not write the manifest: " + ManifestRow.reason(e));
        }
    }
}
