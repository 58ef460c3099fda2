package io.spectro.cli;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import io.spectro.cli.support.Choice;
import io.spectro.cli.support.EnumChoice;
import io.spectro.cli.support.HelpOption;
import io.spectro.cli.support.IntRange;
import io.spectro.cli.support.NumberRange;
import io.spectro.cli.support.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code spectro extract}: features for every input, written as {@code .npy} files mirroring the input tree (or one
 * {@code .npz} per folder), with {@code manifest.csv} and {@code spec.json} beside them. This class holds the flags and
 * checks them; {@link OutputLayout} names the outputs, {@link UpToDateCheck} finds what a re-run can skip, and {@link
 * ExtractRun} does the work. A failing input is recorded in the manifest and the summary and the others go on; the
 * exit status is 1 when any failed.
 */
@Command(
        name = "extract",
        header = "spectrograms of audio files and folders as labelled .npy/.npz, manifest, previews",
        synopsisHeading = "usage: ",
        customSynopsis = "spectro extract [options] --out DIR INPUT...",
        descriptionHeading = "%n",
        parameterListHeading = "%narguments:%n",
        optionListHeading = "%noptions:%n",
        description = {
            "Computes a spectrogram (or mel spectrogram, MFCC, ...) of every INPUT and writes it as float32",
            "(n_features, n_frames), C order. INPUT: audio files (WAV and FLAC in Java; MP3, Ogg Vorbis and",
            "Opus through libsndfile in-process; M4A, AAC, ... through ffmpeg when it is on the PATH; spectro",
            "devices lists which decoder handles what here), folders (searched recursively for those",
            "formats, any case), and .npy files holding a 1-D waveform at --input-rate. Files of any length:",
            "long ones are streamed in bounded memory.",
            "Outputs mirror the input tree: DIR/<path below the folder, without extension>.npy.",
            "DIR/manifest.csv lists every input (source, label, rate, channels, encoding, duration, rate",
            "used, frames, output, status ok or the error) and DIR/spec.json the spec used.",
            "Re-running skips inputs whose outputs are newer and whose spec is unchanged (--force redoes).",
            "Exit status: 0 all ok, 1 some input failed, 2 bad command line.",
            "",
            "examples:",
            "  spectro extract --preset whisper --labels dirs --png --out feats data/",
            "  spectro extract --n-mels 64 --db --top-db 80 --sample-rate 16000 --out feats a.wav b.flac",
            "  spectro extract --preset kaldi --format npz --out feats corpus/"
        })
final class ExtractCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final Function<Spectro, Batcher.Computer> computers;

    @Mixin
    HelpOption help;

    @ArgGroup(validate = false, heading = "%ninput and output:%n", order = 1)
    IoOptions io = new IoOptions();

    @ArgGroup(validate = false, heading = SpecOptions.HEADING, order = 2)
    SpecOptions spec = new SpecOptions();

    @ArgGroup(validate = false, heading = EngineOptions.HEADING, order = 3)
    EngineOptions engine = new EngineOptions();

    @Parameters(paramLabel = "INPUT", description = "audio files, folders, .npy waveforms")
    List<String> inputs = new ArrayList<>();

    /** The flags about what is read and written. */
    static final class IoOptions {
        @Option(names = "--out", paramLabel = "DIR", description = "output folder (required); created if missing")
        Path out;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                converter = FormatName.class,
                completionCandidates = FormatName.class,
                description = "${COMPLETION-CANDIDATES}: npy writes one file per input (default), npz one archive"
                        + " per input folder")
        OutputLayout.Format format = OutputLayout.Format.NPY;

        @Option(
                names = "--labels",
                paramLabel = "dirs|FILE",
                description = "dirs: each file's folder name; FILE: a CSV of path,label (path below the input"
                        + " folder, as found, or absolute); a file without a label fails")
        String labels;

        @Option(names = "--png", description = "also write a PNG preview per input (time x frequency, colour bar)")
        boolean png;

        @Option(
                names = "--colormap",
                paramLabel = "COLORMAP",
                converter = ColormapName.class,
                completionCandidates = ColormapName.class,
                description = "PNG colours: ${COMPLETION-CANDIDATES} (default viridis)")
        Colormap colormap;

        @Option(
                names = "--channel",
                paramLabel = "mix|N",
                converter = ChannelConverter.class,
                description = "mix channels to mono (default) or take channel N (0-based)")
        ChannelMode channel = ChannelMode.MIX_TO_MONO;

        @Option(
                names = "--input-rate",
                paramLabel = "HZ",
                converter = Rate.class,
                description = "sample rate of .npy waveforms (default: --sample-rate, the preset's, else 22050)")
        Integer inputRate;

        @Option(
                names = "--resampler",
                paramLabel = "RESAMPLER",
                converter = ResamplerName.class,
                completionCandidates = ResamplerName.class,
                description = "${COMPLETION-CANDIDATES}: kaiser is band-limited with a >= 90 dB stopband (default),"
                        + " torchaudio is its sinc_interp_hann")
        Resampler.Mode resampler = Resampler.Mode.KAISER;

        @Option(names = "--force", description = "recompute every input even if its output is up to date")
        boolean force;

        @Option(
                names = "--batch-seconds",
                paramLabel = "S",
                converter = BatchSeconds.class,
                description = "audio per computed batch, in seconds (default 300)")
        double batchSeconds = 300;
    }

    ExtractCommand(PrintStream out, PrintStream err) {
        this(out, err, Batcher.Computer::of);
    }

    /** With {@code computers} making what computes the batches from the engine (tests inject failures here). */
    ExtractCommand(PrintStream out, PrintStream err, Function<Spectro, Batcher.Computer> computers) {
        this.out = out;
        this.err = err;
        this.computers = computers;
    }

    @Override
    public Integer call() throws UsageException, IOException {
        if (io.out == null) {
            throw new UsageException("--out DIR is required (the folder the features are written to)");
        }
        if (inputs.isEmpty()) {
            throw new UsageException("no INPUT given: name audio files, folders or .npy waveforms");
        }
        Path outDir = io.out;
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out: " + outDir + " exists and is not a folder");
        }
        SpecRecipe recipe = spec.recipe();
        Labels labels = Labels.of(io.labels);
        if (io.colormap != null && !io.png) {
            throw new UsageException("--colormap applies to the previews: add --png");
        }
        int npyRate = io.inputRate != null
                ? io.inputRate
                : recipe.fixedRateHz() != null
                        ? recipe.fixedRateHz()
                        : Presets.librosa().sampleRateHz();
        InputDecoder decoder = new InputDecoder(recipe.fixedRateHz(), npyRate, io.channel, io.resampler);
        List<InputFile> found = InputFile.scan(inputs, outDir);
        if (found.isEmpty()) {
            throw new UsageException("no inputs found in " + String.join(", ", inputs) + " (folders are searched for ."
                    + String.join(", .", InputFile.FOLDER_EXTENSIONS) + ")");
        }
        List<ExtractItem> items = OutputLayout.plan(found, outDir, io.format, io.png, labels);
        SpecsByRate specs = new SpecsByRate(recipe);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            String why =
                    e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : ManifestRow.reason(e);
            throw new UsageException("--out: cannot create the folder " + outDir + " (" + why + ")");
        }
        if (!Files.isWritable(outDir)) {
            throw new UsageException("--out: " + outDir + " is not writable (permission denied)");
        }
        int leftovers = AtomicFiles.removeLeftovers(outDir);
        if (leftovers > 0) {
            err.println("spectro: removed " + leftovers + " temporary file(s) left in " + outDir
                    + " by an earlier run that was killed");
        }
        if (!io.force) {
            UpToDateCheck.mark(items, outDir, specs, err);
        }
        Colormap colormap = io.colormap != null ? io.colormap : Colormap.VIRIDIS;
        ExtractRun run = new ExtractRun(out, err, outDir, specs, decoder, colormap, io.batchSeconds, items);
        try (Spectro e = engine.open(recipe.deterministic(), err)) {
            return run.execute(e, computers.apply(e));
        }
    }

    static final class FormatName extends EnumChoice<OutputLayout.Format> {
        FormatName() {
            super(OutputLayout.Format.class);
        }
    }

    static final class ColormapName extends EnumChoice<Colormap> {
        ColormapName() {
            super(Colormap.class);
        }
    }

    static final class ResamplerName extends Choice<Resampler.Mode> {
        ResamplerName() {
            super(modes());
        }

        private static SequencedMap<String, Resampler.Mode> modes() {
            SequencedMap<String, Resampler.Mode> m = new LinkedHashMap<>();
            m.put("kaiser", Resampler.Mode.KAISER);
            m.put("torchaudio", Resampler.Mode.TORCHAUDIO_SINC_HANN);
            return m;
        }
    }

    static final class Rate extends IntRange {
        Rate() {
            super(1, SpecOptions.MAX_RATE_HZ);
        }
    }

    static final class BatchSeconds extends NumberRange {
        BatchSeconds() {
            super(0, true, 1e7);
        }
    }

    /** {@code mix}, or a 0-based channel index. */
    static final class ChannelConverter implements ITypeConverter<ChannelMode> {
        @Override
        public ChannelMode convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("mix")) {
                return ChannelMode.MIX_TO_MONO;
            }
            try {
                int c = Integer.parseInt(v);
                if (c >= 0) {
                    return ChannelMode.select(c);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException(
                    "'" + value + "' is not valid (valid: mix, or a channel index 0, 1, ...)");
        }
    }
}
