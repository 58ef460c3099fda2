package io.spectro.cli;

import io.spectro.Spectro;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.AudioDecoder;
import io.spectro.dsp.MelFilterbank;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One {@code spectro extract} run over planned inputs: prints what it will do (inputs, backend, spec), records the
 * inputs decided before any work, then decodes the others ({@link DecodeStage}), checks each against its spec, batches
 * and computes them ({@link Batcher}), writes their outputs ({@link OutputWriter}), writes the manifest and spec.json
 * ({@link Manifest}; also when interrupted) and prints the summary ({@link RunSummary}).
 */
final class ExtractRun {
    private final PrintStream out;
    private final PrintStream err;
    private final Path outDir;
    private final SpecsByRate specs;
    private final InputDecoder decoder;
    private final Colormap colormap;
    private final double batchSeconds;
    private final List<ExtractItem> items;
    private final Set<SpectrogramSpec> melChecked = new HashSet<>();

    /**
     * @param outDir the output folder
     * @param specs the run's specs
     * @param decoder turns inputs into samples at the spec's rate
     * @param colormap the previews' colours
     * @param batchSeconds audio per batch, in seconds
     * @param items every input, planned ({@link OutputLayout}) and checked ({@link UpToDateCheck})
     */
    ExtractRun(
            PrintStream out,
            PrintStream err,
            Path outDir,
            SpecsByRate specs,
            InputDecoder decoder,
            Colormap colormap,
            double batchSeconds,
            List<ExtractItem> items) {
        this.out = out;
        this.err = err;
        this.outDir = outDir;
        this.specs = specs;
        this.decoder = decoder;
        this.colormap = colormap;
        this.batchSeconds = batchSeconds;
        this.items = items;
    }

    /**
     * Runs on {@code engine} with {@code computer} computing the batches; returns the exit status.
     *
     * @throws IOException when the manifest or spec cannot be written
     */
    int execute(Spectro engine, Batcher.Computer computer) throws IOException {
        long totalBytes = 0;
        int upToDate = 0;
        List<ExtractItem> work = new ArrayList<>();
        for (ExtractItem it : items) {
            totalBytes += it.in.sizeBytes();
            upToDate += it.upToDate ? 1 : 0;
            if (it.toCompute()) {
                work.add(it);
            }
        }
        items.stream()
                .map(it -> it.archive)
                .filter(a -> a != null)
                .distinct()
                .forEach(a -> a.expect(
                        (int) a.members.stream().filter(ExtractItem::toCompute).count()));
        printHeader(engine, upToDate, work);

        Progress progress = new Progress(err, Progress.isTerminal(), items.size(), totalBytes, 10);
        Manifest manifest = new Manifest(outDir, items.size(), specs);
        for (ExtractItem it : items) {
            if (!it.toCompute()) {
                manifest.record(it, it.decided);
                if (it.upToDate) {
                    progress.skipped(it.in.sizeBytes(), it.decided.durationSeconds());
                } else {
                    progress.finished(it.in.sizeBytes(), 0);
                }
            }
        }
        Runnable onInterrupt = () -> manifest.writeInterrupted(err);
        AtomicFiles.onInterrupt(onInterrupt);
        try {
            compute(work, new OutputWriter(manifest, progress, colormap), computer);
        } finally {
            progress.done();
        }
        AtomicFiles.cancel(onInterrupt);
        manifest.write();
        return RunSummary.print(out, items, manifest, progress, engine.backendName());
    }

    private void printHeader(Spectro engine, int upToDate, List<ExtractItem> work) {
        out.println("spectro extract: " + items.size() + " input" + (items.size() == 1 ? "" : "s")
                + (upToDate > 0 ? " (" + upToDate + " up to date, skipped)" : "") + " -> " + outDir);
        out.println("  backend " + engine.backendName() + " (" + engine.deviceName() + ")"
                + (engine.selectionNotes().isEmpty()
                        ? ""
                        : "; not used: " + String.join("; ", engine.selectionNotes())));
        SpecRecipe recipe = specs.recipe();
        int shownRate = recipe.displayRateHz();
        SpectrogramSpec s = specs.specAt(shownRate);
        if (s != null) {
            out.println("  spec " + s.summary()
                    + (recipe.fixedRateHz() == null
                            ? " (each input at its own rate; shown at " + shownRate + " Hz)"
                            : ""));
            warnAboutEmptyMelFilters(s);
        }
        warnAboutFfmpeg(work);
        out.flush();
    }

    /**
     * Prints, once per spec (each sample rate has its own), the warning librosa and torchaudio give for mel filters
     * that come out empty; the engine's own log line is silenced in the command line (see {@link Main#main}).
     */
    private void warnAboutEmptyMelFilters(SpectrogramSpec spec) {
        if (spec.mel() == null || !melChecked.add(spec)) {
            return;
        }
        String warning = MelFilterbank.create(spec.sampleRateHz(), spec.nFft(), spec.mel(), spec.fmaxHz())
                .emptyFiltersWarning();
        if (warning != null) {
            err.println("spectro: warning: " + warning);
        }
    }

    private void warnAboutFfmpeg(List<ExtractItem> work) {
        Map<String, Integer> needFfmpeg = new TreeMap<>();
        for (ExtractItem it : work) {
            String ext = it.in.extension();
            if (!ext.equals("wav") && !ext.equals("wave") && !ext.equals("npy")) {
                needFfmpeg.merge(ext.isEmpty() ? "(no extension)" : ext, 1, Integer::sum);
            }
        }
        if (!needFfmpeg.isEmpty() && AudioDecoder.findFfmpeg().isEmpty()) {
            int n = needFfmpeg.values().stream().mapToInt(Integer::intValue).sum();
            err.println("spectro: ffmpeg is not on the PATH, so " + n + " input" + (n == 1 ? "" : "s") + " ("
                    + String.join(", ", needFfmpeg.keySet()) + ") cannot be decoded: apt-get install ffmpeg");
        }
    }

    /** Decodes, checks, batches, computes and writes every input of {@code work}. */
    private void compute(List<ExtractItem> work, OutputWriter writer, Batcher.Computer computer) throws IOException {
        Batcher batcher = new Batcher(computer, batchSeconds, writer, err);
        try (DecodeStage decodes = new DecodeStage(decoder, work)) {
            while (decodes.hasNext()) {
                DecodeStage.Decoding d = decodes.next();
                ExtractItem it = d.item();
                if (d.error() != null) {
                    writer.failed(it, null, d.error());
                    continue;
                }
                InputDecoder.Decoded audio = d.audio();
                SpecsByRate.RateSpec spec = specs.at(audio.rateHz());
                if (spec.error() != null) {
                    writer.failed(it, audio, spec.error());
                    continue;
                }
                warnAboutEmptyMelFilters(spec.spec());
                String problem = spec.spec().clipProblem(audio.samples().length);
                if (problem != null) {
                    writer.failed(it, audio, problem);
                    continue;
                }
                batcher.add(spec.spec(), new Batcher.Ready(it, audio));
            }
            batcher.finish();
        }
    }
}
