package io.spectro.cli;

import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.AudioDecoder;
import io.spectro.io.Npy;
import io.spectro.io.Npz;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code spectro extract}: features for every input, written as {@code .npy} files mirroring the input tree (or one
 * {@code .npz} per folder), with {@code manifest.csv} and {@code spec.json} beside them.
 *
 * <p>Per input: decode (WAV in Java, other formats through ffmpeg, {@code .npy} waveforms as stored), choose or mix
 * channels, resample when a fixed rate is asked for, then compute in batches across files (up to {@code
 * --batch-seconds} of audio per batch and spec, so device backends get full batches). Outputs are written under a
 * temporary name and renamed; an input whose output is newer than it and whose spec is unchanged (per the previous
 * {@code manifest.csv} and {@code spec.json}) is skipped unless {@code --force}. A failing input is recorded in the
 * manifest and the summary and the others go on; the exit status is 1 when any failed.
 */
final class ExtractCommand {
    static final String MANIFEST = "manifest.csv";
    static final String SPEC_JSON = "spec.json";
    private static final int MAX_CLIPS_PER_BATCH = 512;
    private static final int LIBROSA_RATE = 22050;

    static ArgParser parser() {
        ArgParser p = new ArgParser("spectro extract", "[options] --out DIR INPUT...", """
                Computes a spectrogram (or mel spectrogram, MFCC, ...) of every INPUT and writes it as float32
                (n_features, n_frames), C order. INPUT: audio files (.wav in Java; FLAC, MP3, Ogg, ... through
                ffmpeg when it is on the PATH), folders (searched recursively for .wav and those formats, any
                case), and .npy files holding a 1-D waveform at --input-rate.
                Outputs mirror the input tree: DIR/<path below the folder, without extension>.npy.
                DIR/manifest.csv lists every input (source, label, rate, channels, encoding, duration, rate
                used, frames, output, status ok or the error) and DIR/spec.json the spec used.
                Re-running skips inputs whose outputs are newer and whose spec is unchanged (--force redoes).
                Exit status: 0 all ok, 1 some input failed, 2 bad command line.

                examples:
                  spectro extract --preset whisper --labels dirs --png --out feats data/
                  spectro extract --n-mels 64 --db --top-db 80 --sample-rate 16000 --out feats a.wav b.flac
                  spectro extract --preset kaldi --format npz --out feats corpus/""");
        p.section("input and output")
                .option("--out", "DIR", "output folder (required); created if missing")
                .option("--format", "FMT", "npy (one file per input, default) or npz (one archive per input folder)")
                .option(
                        "--labels",
                        "dirs|FILE",
                        "dirs: each file's folder name; FILE: a CSV of path,label (path below the input\n"
                                + "folder, as found, or absolute); a file without a label fails")
                .flag("--png", "also write a PNG preview per input (time x frequency, colour bar)")
                .option("--colormap", "NAME", "PNG colours: viridis (default) or magma")
                .option("--channel", "mix|N", "mix channels to mono (default) or take channel N (0-based)")
                .option(
                        "--input-rate",
                        "HZ",
                        "sample rate of .npy waveforms (default: --sample-rate, the preset's, else 22050)")
                .option(
                        "--resampler",
                        "NAME",
                        "kaiser (band-limited, >= 90 dB stopband, default) or torchaudio (its sinc_interp_hann)")
                .flag("--force", "recompute every input even if its output is up to date")
                .option("--batch-seconds", "S", "audio per computed batch, in seconds (default 300)");
        SpecRecipe.register(p);
        EngineOptions.register(p);
        return p;
    }

    /** One input and what is to become of it. */
    private static final class Item {
        final int index;
        final InputFile in;
        final String label;
        final String output;
        final Path target;
        final String npzKey;
        final Path png;
        Group group;
        boolean skip;
        ManifestRow preset;

        Item(int index, InputFile in, String label, String output, Path target, String npzKey, Path png) {
            this.index = index;
            this.in = in;
            this.label = label;
            this.output = output;
            this.target = target;
            this.npzKey = npzKey;
            this.png = png;
        }
    }

    /** The inputs of one folder written to one {@code .npz}. */
    private static final class Group {
        final Path npz;
        final String name;
        final List<Item> items = new ArrayList<>();
        final List<ManifestRow> rows = new ArrayList<>();
        final List<Integer> rowItems = new ArrayList<>();
        int remaining;
        AtomicFiles.Pending pending;
        Npz.Writer writer;

        Group(Path npz, String name) {
            this.npz = npz;
            this.name = name;
        }
    }

    /** A decoded input waiting for its batch. */
    private record Ready(Item item, InputDecoder.Decoded audio) {}

    /** The spec at one sample rate, or why the flags give none there. */
    private record RateSpec(SpectrogramSpec spec, String error) {}

    /** A decoded input, or why it could not be decoded. */
    private record Decoding(InputDecoder.Decoded audio, String error) {}

    private final PrintStream out;
    private final PrintStream err;
    private final Path outDir;
    private final SpecRecipe recipe;
    private final InputDecoder decoder;
    private final boolean png;
    private final String colormap;
    private final double batchSeconds;
    private final Map<Integer, RateSpec> specs = new HashMap<>();
    private final ManifestRow[] rows;
    private final List<Item> items;
    private Progress progress;

    private ExtractCommand(
            PrintStream out,
            PrintStream err,
            Path outDir,
            SpecRecipe recipe,
            InputDecoder decoder,
            boolean png,
            String colormap,
            double batchSeconds,
            List<Item> items) {
        this.out = out;
        this.err = err;
        this.outDir = outDir;
        this.recipe = recipe;
        this.decoder = decoder;
        this.png = png;
        this.colormap = colormap;
        this.batchSeconds = batchSeconds;
        this.items = items;
        this.rows = new ManifestRow[items.size()];
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        ArgParser parser = parser();
        ParsedArgs a = parser.parse(args);
        if (a.has("--help")) {
            out.print(parser.help());
            return 0;
        }
        if (!a.has("--out")) {
            throw new UsageException("--out DIR is required (the folder the features are written to)");
        }
        if (a.positional().isEmpty()) {
            throw new UsageException("no INPUT given: name audio files, folders or .npy waveforms");
        }
        Path outDir = Path.of(a.string("--out", null));
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out: " + outDir + " exists and is not a folder");
        }
        SpecRecipe recipe = SpecRecipe.from(a);
        String format = a.choice("--format", "npy", List.of("npy", "npz"));
        Labels labels = Labels.of(a.string("--labels", null));
        boolean png = a.has("--png");
        String colormap = a.choice("--colormap", "viridis", SpectrogramImage.COLORMAPS);
        if (a.has("--colormap") && !png) {
            throw new UsageException("--colormap applies to the previews: add --png");
        }
        int npyRate = a.integer(
                "--input-rate", recipe.fixedRateHz() != null ? recipe.fixedRateHz() : LIBROSA_RATE, 1, 1_536_000);
        String resampler = a.choice("--resampler", "kaiser", InputDecoder.RESAMPLERS);
        double batchSeconds = a.number("--batch-seconds", 300, 0, true, 1e7);
        InputDecoder decoder = new InputDecoder(
                recipe.fixedRateHz(), npyRate, InputDecoder.channelMode(a.string("--channel", null)), resampler);
        boolean force = a.has("--force");
        EngineOptions.validate(a);
        List<InputFile> inputs = InputFile.scan(a.positional(), outDir);
        if (inputs.isEmpty()) {
            throw new UsageException("no inputs found in " + String.join(", ", a.positional())
                    + " (folders are searched for ." + String.join(", .", InputFile.FOLDER_EXTENSIONS) + ")");
        }
        List<Item> items = plan(inputs, outDir, format.equals("npz"), png, labels);
        ExtractCommand cmd = new ExtractCommand(out, err, outDir, recipe, decoder, png, colormap, batchSeconds, items);
        cmd.markSkips(force);
        try (Spectro engine = EngineOptions.open(a, recipe.deterministic(), err)) {
            return cmd.execute(engine);
        }
    }

    /** Output names, labels and npz groups for every input; duplicate outputs become failures. */
    private static List<Item> plan(List<InputFile> inputs, Path outDir, boolean npz, boolean png, Labels labels) {
        List<Item> items = new ArrayList<>();
        Map<String, String> outputOwner = new HashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputFile in = inputs.get(i);
            String label = labels.labelOf(in);
            String output;
            Path target;
            String key = null;
            Group group = null;
            if (npz) {
                String folder = in.relativeFolder().isEmpty() ? in.rootName() : in.relativeFolder();
                String npzName = folder + ".npz";
                key = in.stem();
                output = npzName + ":" + key;
                target = outDir.resolve(npzName);
                group = groups.computeIfAbsent(npzName, n -> new Group(outDir.resolve(n), n));
            } else {
                output = in.relativeStem() + ".npy";
                target = outDir.resolve(output);
            }
            Path pngPath = png ? outDir.resolve(in.relativeStem() + ".png") : null;
            Item item = new Item(i, in, label == null ? "" : label, output, target, key, pngPath);
            String owner = outputOwner.putIfAbsent(output, in.source());
            if (owner != null) {
                item.preset = ManifestRow.failed(
                        in.source(),
                        item.label,
                        output,
                        "output " + output + " is already written for " + owner
                                + "; rename one of them (they differ only in extension)");
            } else if (label == null) {
                item.preset =
                        ManifestRow.failed(in.source(), "", output, "no label for this file in " + labels.csvName());
            } else if (group != null) {
                item.group = group;
                group.items.add(item);
            }
            items.add(item);
        }
        return items;
    }

    /** Marks inputs whose outputs are up to date (skipped unless {@code force}). */
    private void markSkips(boolean force) throws IOException {
        Path manifest = outDir.resolve(MANIFEST);
        Path specJson = outDir.resolve(SPEC_JSON);
        if (force || !Files.isRegularFile(manifest) || !Files.isRegularFile(specJson)) {
            return;
        }
        Map<String, ManifestRow> old = ManifestRow.parse(Files.readString(manifest, StandardCharsets.UTF_8));
        String oldSpecs = compact(Files.readString(specJson, StandardCharsets.UTF_8));
        Map<String, Set<String>> oldNpzMembers = new HashMap<>();
        for (ManifestRow r : old.values()) {
            int colon = r.output().indexOf(".npz:");
            if (r.ok() && colon > 0) {
                oldNpzMembers
                        .computeIfAbsent(r.output().substring(0, colon + 4), k -> new HashSet<>())
                        .add(r.source());
            }
        }
        Set<Group> groups = new java.util.LinkedHashSet<>();
        for (Item it : items) {
            if (it.preset != null) {
                continue;
            }
            ManifestRow r = old.get(it.in.source());
            it.skip = r != null && upToDate(it, r, oldSpecs);
            if (it.skip) {
                it.preset = r.withLabel(it.label);
            }
            if (it.group != null) {
                groups.add(it.group);
            }
        }
        for (Group g : groups) {
            Set<String> members = new HashSet<>();
            boolean all = true;
            for (Item it : g.items) {
                members.add(it.in.source());
                all &= it.skip;
            }
            if (!all || !members.equals(oldNpzMembers.getOrDefault(g.name, Set.of()))) {
                for (Item it : g.items) {
                    it.skip = false;
                    it.preset = null;
                }
            }
        }
    }

    private boolean upToDate(Item it, ManifestRow r, String oldSpecs) {
        if (!r.ok() || !r.output().equals(it.output) || r.sampleRateHz() <= 0) {
            return false;
        }
        if (recipe.fixedRateHz() != null && recipe.fixedRateHz() != r.sampleRateHz()) {
            return false;
        }
        SpectrogramSpec s = specFor(r.sampleRateHz()).spec();
        if (s == null || !oldSpecs.contains(compact(SpecJson.toJson(s)))) {
            return false;
        }
        return newer(it.target, it.in.modifiedMillis()) && (it.png == null || newer(it.png, it.in.modifiedMillis()));
    }

    private static boolean newer(Path output, long inputMillis) {
        try {
            return Files.isRegularFile(output)
                    && Files.getLastModifiedTime(output).toMillis() >= inputMillis;
        } catch (IOException e) {
            return false;
        }
    }

    private static String compact(String json) {
        return json.replaceAll("\\s+", "");
    }

    /** The spec at {@code rateHz}, or the message saying why the flags give none there. */
    private synchronized RateSpec specFor(int rateHz) {
        return specs.computeIfAbsent(rateHz, r -> {
            try {
                return new RateSpec(recipe.build(r), null);
            } catch (IllegalArgumentException e) {
                return new RateSpec(
                        null, "no valid spectrogram at " + r + " Hz: " + SpecRecipe.withFlag(e.getMessage()));
            }
        });
    }

    private int execute(Spectro engine) throws IOException {
        long totalBytes = 0;
        int skipped = 0;
        List<Item> work = new ArrayList<>();
        for (Item it : items) {
            totalBytes += it.in.sizeBytes();
            if (it.skip) {
                skipped++;
            } else if (it.preset == null) {
                work.add(it);
            }
            if (it.group != null) {
                it.group.remaining += it.skip ? 0 : 1;
            }
        }
        out.println("spectro extract: " + items.size() + " input" + (items.size() == 1 ? "" : "s")
                + (skipped > 0 ? " (" + skipped + " up to date, skipped)" : "") + " -> " + outDir);
        out.println("  backend " + engine.backendName() + " (" + engine.deviceName() + ")"
                + (engine.selectionNotes().isEmpty()
                        ? ""
                        : "; not used: " + String.join("; ", engine.selectionNotes())));
        int shownRate = recipe.fixedRateHz() != null
                ? recipe.fixedRateHz()
                : recipe.preset() != null
                        ? io.spectro.Presets.byName(recipe.preset()).sampleRateHz()
                        : LIBROSA_RATE;
        SpectrogramSpec s = specFor(shownRate).spec();
        if (s != null) {
            out.println("  spec " + s.summary()
                    + (recipe.fixedRateHz() == null
                            ? " (each input at its own rate; shown at " + shownRate + " Hz)"
                            : ""));
        }
        warnAboutFfmpeg(work);
        out.flush();

        progress = new Progress(err, Progress.isTerminal(), items.size(), totalBytes, 10);
        for (Item it : items) {
            if (it.preset != null) {
                record(it, it.preset);
                if (it.skip) {
                    progress.skipped(it.in.sizeBytes(), it.preset.durationSeconds());
                } else {
                    progress.finished(it.in.sizeBytes(), 0);
                }
            }
        }
        Runnable onInterrupt = this::writeInterrupted;
        AtomicFiles.onInterrupt(onInterrupt);
        try {
            process(engine, work);
        } finally {
            progress.done();
        }
        AtomicFiles.cancel(onInterrupt);
        writeManifestAndSpec();
        return summarise(engine);
    }

    private void warnAboutFfmpeg(List<Item> work) {
        Map<String, Integer> needFfmpeg = new TreeMap<>();
        for (Item it : work) {
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

    private void process(Spectro engine, List<Item> work) throws IOException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        int lookahead = threads * 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spectro-decode");
            t.setDaemon(true);
            return t;
        });
        Map<SpectrogramSpec, List<Ready>> pending = new LinkedHashMap<>();
        Map<SpectrogramSpec, Long> pendingSamples = new HashMap<>();
        try {
            List<Future<Decoding>> futures = new ArrayList<>();
            int submitted = 0;
            for (int i = 0; i < work.size(); i++) {
                while (submitted < work.size() && submitted <= i + lookahead) {
                    Item it = work.get(submitted++);
                    futures.add(pool.submit(() -> decode(it)));
                }
                Item it = work.get(i);
                Decoding d;
                try {
                    d = futures.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                } catch (ExecutionException e) {
                    d = new Decoding(null, message(e.getCause()));
                }
                futures.set(i, null);
                if (d.error() != null) {
                    fail(it, null, d.error());
                    continue;
                }
                InputDecoder.Decoded audio = d.audio();
                RateSpec spec = specFor(audio.rateHz());
                if (spec.error() != null) {
                    fail(it, audio, spec.error());
                    continue;
                }
                SpectrogramSpec s = spec.spec();
                String problem = s.clipProblem(audio.samples().length);
                if (problem != null) {
                    fail(it, audio, problem);
                    continue;
                }
                List<Ready> batch = pending.computeIfAbsent(s, k -> new ArrayList<>());
                batch.add(new Ready(it, audio));
                long samples = pendingSamples.merge(s, (long) audio.samples().length, Long::sum);
                if (samples >= batchSeconds * s.sampleRateHz() || batch.size() >= MAX_CLIPS_PER_BATCH) {
                    flush(engine, s, batch);
                    pendingSamples.put(s, 0L);
                }
            }
            for (Map.Entry<SpectrogramSpec, List<Ready>> e : pending.entrySet()) {
                flush(engine, e.getKey(), e.getValue());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Decoding decode(Item it) {
        try {
            return new Decoding(decoder.decode(it.in.path()), null);
        } catch (IOException | RuntimeException e) {
            // The manifest names the file already: drop the decoder's "path: " prefix.
            String m = message(e);
            for (String prefix : List.of(
                    it.in.path().toString(), it.in.path().toAbsolutePath().toString())) {
                if (m.startsWith(prefix + ": ")) {
                    return new Decoding(null, m.substring(prefix.length() + 2));
                }
            }
            return new Decoding(null, m);
        } catch (OutOfMemoryError e) {
            return new Decoding(
                    null,
                    "too large to decode in memory (" + it.in.sizeBytes() + " bytes); give Java more with "
                            + "SPECTRO_JAVA_OPTS=-Xmx...");
        }
    }

    private static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "file not found (removed while running?)";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    private void flush(Spectro engine, SpectrogramSpec spec, List<Ready> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<float[]> clips = new ArrayList<>(batch.size());
        for (Ready r : batch) {
            clips.add(r.audio().samples());
        }
        List<Spectrogram> results = null;
        try {
            results = engine.computeBatch(spec, clips);
        } catch (RuntimeException e) {
            // One clip may be at fault: compute them one by one so only that one fails.
        }
        for (int j = 0; j < batch.size(); j++) {
            Ready r = batch.get(j);
            Spectrogram s;
            if (results != null) {
                s = results.get(j);
            } else {
                try {
                    s = engine.compute(spec, clips.get(j));
                } catch (RuntimeException e) {
                    fail(r.item(), r.audio(), message(e));
                    continue;
                }
            }
            write(r.item(), r.audio(), s);
        }
        batch.clear();
    }

    private void write(Item it, InputDecoder.Decoded audio, Spectrogram s) throws IOException {
        ManifestRow row = new ManifestRow(
                it.in.source(),
                it.label,
                audio.sourceRateHz(),
                audio.channels(),
                audio.encoding(),
                audio.durationSeconds(),
                audio.rateHz(),
                s.frames(),
                it.output,
                "ok");
        try {
            float[] data = s.data();
            int[] shape = s.shape();
            if (it.png != null && s.frames() > 0) {
                byte[] image = SpectrogramImage.render(s.spec(), data, s.frames(), it.in.relative(), colormap);
                AtomicFiles.write(it.png, image);
            }
            if (it.group == null) {
                AtomicFiles.write(it.target, o -> Npy.write(o, data, 0, data.length, shape));
                record(it, row);
            } else {
                Group g = it.group;
                if (g.writer == null) {
                    g.pending = AtomicFiles.begin(g.npz);
                    g.writer = new Npz.Writer(g.pending.out());
                }
                g.writer.add(it.npzKey, data, shape);
                g.rows.add(row);
                g.rowItems.add(it.index);
                groupItemDone(g);
            }
        } catch (AtomicFiles.Interrupted e) {
            return; // shutting down: the input is simply not finished
        } catch (IOException | UncheckedIOException e) {
            if (it.group == null) {
                record(it, failedRow(it, audio, "could not write: " + message(e)));
            } else {
                fail(it, audio, "could not write: " + message(e));
                return;
            }
        }
        progress.finished(it.in.sizeBytes(), audio.durationSeconds());
    }

    private void fail(Item it, InputDecoder.Decoded audio, String message) throws IOException {
        if (audio != null && !audio.warnings().isEmpty()) {
            // The decoder's warnings (e.g. truncated data) usually explain a later failure.
            message = message + " (decoder: " + String.join("; ", audio.warnings()) + ")";
        }
        record(it, failedRow(it, audio, message));
        if (it.group != null) {
            groupItemDone(it.group);
        }
        progress.finished(it.in.sizeBytes(), audio == null ? 0 : audio.durationSeconds());
    }

    private static ManifestRow failedRow(Item it, InputDecoder.Decoded audio, String message) {
        if (audio == null) {
            return ManifestRow.failed(it.in.source(), it.label, "", message);
        }
        return new ManifestRow(
                it.in.source(),
                it.label,
                audio.sourceRateHz(),
                audio.channels(),
                audio.encoding(),
                audio.durationSeconds(),
                0,
                -1,
                "",
                message);
    }

    /** One more input of {@code g} is finished; the last one commits the archive. */
    private void groupItemDone(Group g) throws IOException {
        if (--g.remaining > 0) {
            return;
        }
        if (g.writer == null) {
            return;
        }
        try {
            g.writer.close();
            g.pending.commit();
            for (int k = 0; k < g.rows.size(); k++) {
                record(items.get(g.rowItems.get(k)), g.rows.get(k));
            }
        } catch (AtomicFiles.Interrupted e) {
            return; // shutting down: the folder's inputs are simply not finished
        } catch (IOException e) {
            g.pending.close();
            for (int k = 0; k < g.rows.size(); k++) {
                ManifestRow r = g.rows.get(k);
                record(
                        items.get(g.rowItems.get(k)),
                        new ManifestRow(
                                r.source(),
                                r.label(),
                                r.sourceRateHz(),
                                r.channels(),
                                r.encoding(),
                                r.durationSeconds(),
                                0,
                                -1,
                                "",
                                "could not write " + g.name + ": " + message(e)));
            }
        }
    }

    private void record(Item it, ManifestRow row) {
        synchronized (rows) {
            rows[it.index] = row;
        }
    }

    private List<ManifestRow> finishedRows() {
        synchronized (rows) {
            List<ManifestRow> list = new ArrayList<>();
            for (ManifestRow r : rows) {
                if (r != null) {
                    list.add(r);
                }
            }
            return list;
        }
    }

    /** Writes manifest.csv and spec.json for the inputs finished so far; returns how many rows were written. */
    private int writeManifestAndSpec() throws IOException {
        List<ManifestRow> done = finishedRows();
        Files.createDirectories(outDir);
        AtomicFiles.write(outDir.resolve(MANIFEST), ManifestRow.toCsv(done).getBytes(StandardCharsets.UTF_8));
        TreeMap<Integer, SpectrogramSpec> used = new TreeMap<>();
        for (ManifestRow r : done) {
            SpectrogramSpec s = r.ok() ? specFor(r.sampleRateHz()).spec() : null;
            if (s != null) {
                used.put(r.sampleRateHz(), s);
            }
        }
        if (used.isEmpty()
                && recipe.fixedRateHz() != null
                && specFor(recipe.fixedRateHz()).spec() != null) {
            used.put(recipe.fixedRateHz(), specFor(recipe.fixedRateHz()).spec());
        }
        if (used.isEmpty()) {
            return done.size();
        }
        String json;
        if (used.size() == 1) {
            json = SpecJson.toJson(used.firstEntry().getValue());
        } else {
            StringBuilder b = new StringBuilder("{\n  \"sample_rate\": \"native\",\n  \"specs\": [\n");
            int k = 0;
            for (SpectrogramSpec s : used.values()) {
                b.append("    ").append(SpecJson.toJson(s).strip().replace("\n", "\n    "));
                b.append(++k < used.size() ? ",\n" : "\n");
            }
            json = b.append("  ]\n}\n").toString();
        }
        AtomicFiles.write(outDir.resolve(SPEC_JSON), json.getBytes(StandardCharsets.UTF_8));
        return done.size();
    }

    private void writeInterrupted() {
        try {
            int written = writeManifestAndSpec();
            err.println("\nspectro: interrupted; " + written + " finished input(s) recorded in "
                    + outDir.resolve(MANIFEST) + " (a re-run skips them)");
        } catch (IOException e) {
            err.println("\nspectro: interrupted; could not write the manifest: " + e.getMessage());
        }
    }

    private int summarise(Spectro engine) {
        List<ManifestRow> done = finishedRows();
        int ok = 0;
        int skipped = 0;
        List<ManifestRow> failed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ManifestRow r = rows[i];
            if (r != null && r.ok()) {
                ok++;
                skipped += items.get(i).skip ? 1 : 0;
            } else if (r != null) {
                failed.add(r);
            }
        }
        double seconds = progress.elapsedSeconds();
        double audio = progress.computedAudioSeconds();
        out.println("done: " + ok + " of " + items.size() + " ok"
                + (skipped > 0 ? " (" + skipped + " up to date)" : "")
                + (failed.isEmpty() ? "" : ", " + failed.size() + " failed")
                + "; computed " + Progress.hours(audio) + " of audio in "
                + String.format(Locale.ROOT, "%.1f s", seconds)
                + (audio > 0 && seconds > 0
                        ? String.format(Locale.ROOT, " (%.0f audio-s/s on %s)", audio / seconds, engine.backendName())
                        : ""));
        int shown = 0;
        for (ManifestRow r : failed) {
            if (shown++ == 20) {
                out.println("  ... and " + (failed.size() - 20) + " more (see the manifest)");
                break;
            }
            out.println("  FAILED " + r.source() + ": " + r.status());
        }
        out.println("  manifest " + outDir.resolve(MANIFEST) + ", spec " + outDir.resolve(SPEC_JSON));
        return failed.isEmpty() && done.size() == items.size() ? 0 : 1;
    }
}
