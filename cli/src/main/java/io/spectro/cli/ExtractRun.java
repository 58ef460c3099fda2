package io.spectro.cli;

import io.spectro.Spectro;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.AudioDecoder;
import io.spectro.dsp.MelFilterbank;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
            compute(work, new OutputWriter(manifest, progress, colormap), computer, engine);
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
        warnAboutDecoders(work);
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

    /** Memory for decoded audio and features in flight: a quarter of the heap. */
    private static long memoryBudget() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * Inputs that would hold more floats than this when read whole are streamed: the budget shared by the inputs
     * decoded ahead and the one being batched ({@code -Dspectro.extract.streamAboveFloats=N} overrides it).
     */
    static long streamAboveFloats() {
        long fallback = Math.max(1 << 20, memoryBudget() / Float.BYTES / (DecodeStage.lookahead() + 2));
        return Long.getLong("spectro.extract.streamAboveFloats", fallback);
    }

    /** The facts of an opened input as a manifest row takes them (its samples are not held). */
    private static InputDecoder.Decoded facts(InputDecoder.Opened in, double durationSeconds) {
        return new InputDecoder.Decoded(
                new float[0],
                in.rateHz(),
                in.sourceRateHz,
                in.sourceChannels,
                in.encoding,
                durationSeconds,
                in.warnings());
    }

    /** Extensions of formats libsndfile decodes in-process when it is installed (else ffmpeg does). */
    private static final Set<String> LIBSNDFILE_EXTENSIONS = Set.of("mp3", "ogg", "oga", "opus", "aif", "aiff");

    /** Extensions decoded in Java whatever is installed. */
    private static final Set<String> JAVA_EXTENSIONS = Set.of("wav", "wave", "flac", "npy");

    /**
     * One line each when inputs will be slow or impossible to decode here: MP3/Ogg/Opus without libsndfile (ffmpeg
     * then decodes them, one process per file, and {@link AudioDecoder#fallbackNote()} says why), and formats only
     * ffmpeg reads without ffmpeg.
     */
    private void warnAboutDecoders(List<ExtractItem> work) {
        Map<String, Integer> viaLibsndfile = new TreeMap<>();
        Map<String, Integer> viaFfmpeg = new TreeMap<>();
        for (ExtractItem it : work) {
            String ext = it.in.extension();
            if (JAVA_EXTENSIONS.contains(ext)) {
                continue;
            }
            (LIBSNDFILE_EXTENSIONS.contains(ext) ? viaLibsndfile : viaFfmpeg)
                    .merge(ext.isEmpty() ? "(no extension)" : ext, 1, Integer::sum);
        }
        if (!viaLibsndfile.isEmpty()) {
            String note = AudioDecoder.fallbackNote();
            if (!note.isEmpty()) {
                err.println("spectro: " + count(viaLibsndfile) + " (" + String.join(", ", viaLibsndfile.keySet())
                        + "): " + note);
            }
        }
        if (!viaFfmpeg.isEmpty() && AudioDecoder.findFfmpeg().isEmpty()) {
            err.println("spectro: ffmpeg is not on the PATH, so " + count(viaFfmpeg) + " ("
                    + String.join(", ", viaFfmpeg.keySet()) + ") cannot be decoded: apt-get install ffmpeg");
        }
    }

    private static String count(Map<String, Integer> byExtension) {
        int n = byExtension.values().stream().mapToInt(Integer::intValue).sum();
        return n + " input" + (n == 1 ? "" : "s");
    }

    /**
     * Decodes, checks, batches, computes and writes every input of {@code work}: short inputs whole and in batches
     * across files, long ones streamed ({@link StreamedExtract}); outputs are written on their own thread ({@link
     * WriteQueue}) while the next inputs are decoded and computed.
     */
    private void compute(List<ExtractItem> work, OutputWriter writer, Batcher.Computer computer, Spectro engine)
            throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spectro-resample");
            t.setDaemon(true);
            return t;
        });
        try (WriteQueue writes = new WriteQueue(writer, memoryBudget() / 2);
                DecodeStage decodes = new DecodeStage(decoder, work, streamAboveFloats())) {
            Batcher batcher = new Batcher(computer, batchSeconds, writes, err);
            StreamedExtract streamed = new StreamedExtract(engine, pool, threads);
            while (decodes.hasNext()) {
                DecodeStage.Decoding d = decodes.next();
                ExtractItem it = d.item();
                if (d.error() != null) {
                    writes.failed(it, null, d.error());
                } else if (d.streamed() != null) {
                    stream(it, d.streamed(), streamed, writer, writes);
                } else {
                    InputDecoder.Decoded audio = d.audio();
                    SpecsByRate.RateSpec spec = specs.at(audio.rateHz());
                    String problem =
                            spec.error() != null ? spec.error() : spec.spec().clipProblem(audio.samples().length);
                    if (problem != null) {
                        writes.failed(it, audio, problem);
                    } else {
                        warnAboutEmptyMelFilters(spec.spec());
                        batcher.add(spec.spec(), new Batcher.Ready(it, audio));
                    }
                }
            }
            batcher.finish();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Streams one long input into its output, recording it (on the writing thread) as written or failed. */
    private void stream(
            ExtractItem it, InputDecoder.Opened in, StreamedExtract streamed, OutputWriter writer, WriteQueue writes)
            throws IOException {
        InputDecoder.Decoded facts = null;
        try (in) {
            SpecsByRate.RateSpec spec = specs.at(in.rateHz());
            facts = facts(in, Double.NaN);
            if (spec.error() != null) {
                writes.failed(it, facts, spec.error());
                return;
            }
            Path target = it.archive == null
                    ? it.target
                    : it.target.resolveSibling("." + it.target.getFileName() + "." + it.index + ".member.npy");
            StreamedExtract.Preview preview = it.png == null
                    ? null
                    : (s, data, frames) -> SpectrogramImage.render(s, data, frames, it.in.relative(), colormap);
            StreamedExtract.Result r = streamed.run(in, spec.spec(), target, preview);
            InputDecoder.Decoded done = facts(in, r.durationSeconds());
            Path member = it.archive == null ? null : target;
            writes.submit(0, () -> writer.streamed(it, done, r.frames(), r.preview(), member));
        } catch (AtomicFiles.Interrupted e) {
            // shutting down: the input is simply not finished
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            writes.failed(it, facts, DecodeStage.withoutPath(ManifestRow.reason(e), it.in.path()));
        } catch (OutOfMemoryError e) {
            writes.failed(it, facts, ManifestRow.reason(e));
        }
    }
}
