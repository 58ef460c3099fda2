package io.spectro.cli;

import io.spectro.BackendStatus;
import io.spectro.LogScale;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.AudioClip;
import io.spectro.audio.AudioDecoder;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import io.spectro.cli.support.CommandLines;
import io.spectro.cli.support.HelpOption;
import io.spectro.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spectro demo}: log-mel spectrograms of a bundled 6-second CC0 recording with three presets, written as
 * {@code .npy} and {@code .png} under {@code out/demo/}, and a summary: the backend used and why the others were not,
 * shapes, value ranges, the time of the first call and the steady throughput in audio-seconds per second.
 */
@Command(
        name = "demo",
        header = "log-mel spectrograms of a bundled recording, written to out/demo/, with a summary",
        synopsisHeading = "usage: ",
        customSynopsis = "spectro demo [options]",
        optionListHeading = "%noptions:%n",
        description = {
            "Computes log-mel spectrograms of a bundled 6-second recording (CC0, from Debian's lomiri-sounds)",
            "with the librosa (+ dB), whisper and kaldi presets, writes them as .npy and .png, and prints the",
            "backend used (and why the others were not), shapes, value ranges and speed."
        })
final class DemoCommand implements Callable<Integer> {
    /** The bundled recording (see {@code demo/SOURCE.md}). */
    static final String RECORDING = "call-me.wav";

    private static final int TIMED_COPIES = 32;
    private static final int TIMED_RUNS = 5;

    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    HelpOption help;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default out/demo)")
    Path dir = Path.of("out/demo");

    @ArgGroup(validate = false, heading = EngineOptions.HEADING)
    EngineOptions engineOptions = new EngineOptions();

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One computation the demo shows. */
    private record Case(String name, SpectrogramSpec spec, String note) {}

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        Path wav = dir.resolve(RECORDING);
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + RECORDING)) {
            if (in == null) {
                throw new IOException("the demo recording is missing from the jar (/demo/" + RECORDING + ")");
            }
            byte[] bytes = in.readAllBytes();
            AtomicFiles.write(wav, bytes);
        }
        AudioClip clip = AudioDecoder.decode(wav, ChannelMode.MIX_TO_MONO);
        out.println("recording: " + wav + " (" + clip.source().encodingName() + ", " + clip.sampleRateHz() + " Hz, "
                + String.format(Locale.ROOT, "%.2f s", clip.durationSeconds()) + "; CC0, Debian lomiri-sounds)");

        List<Case> cases = List.of(
                new Case(
                        "librosa_db",
                        Presets.librosa().toBuilder().log(LogScale.Db.librosa()).build(),
                        "librosa melspectrogram + power_to_db(top_db=80)"),
                new Case("whisper", Presets.whisper(), "resampled to 16 kHz"),
                new Case("kaldi", Presets.kaldi(), "resampled to 16 kHz; the preset scales by 32768 as Kaldi reads"));

        try (Spectro engine = engineOptions.open(false, err)) {
            printBackends(out, engine);
            out.println();
            out.println(String.format(
                    Locale.ROOT,
                    "%-11s %6s %11s  %-22s %10s %10s %12s",
                    "preset",
                    "rate",
                    "shape",
                    "value range",
                    "first call",
                    "steady",
                    "audio-s/s"));
            List<String> written = new ArrayList<>();
            for (Case c : cases) {
                float[] samples = clip.samples();
                int rate = c.spec().sampleRateHz();
                if (rate != clip.sampleRateHz()) {
                    samples = Resampler.of(clip.sampleRateHz(), rate).process(samples);
                }
                long t0 = System.nanoTime();
                Spectrogram s = engine.compute(c.spec(), samples);
                double firstMs = (System.nanoTime() - t0) / 1e6;
                double steady = steadySeconds(engine, c.spec(), samples);
                double audioSeconds = (double) samples.length / rate;
                out.println(String.format(
                        Locale.ROOT,
                        "%-11s %6d %11s  %-22s %8.1f ms %7.2f ms %12.0f",
                        c.name(),
                        rate,
                        s.features() + " x " + s.frames(),
                        String.format(Locale.ROOT, "%.2f .. %.2f", s.min(), s.max()) + unit(c.spec()),
                        firstMs,
                        steady * 1e3 / TIMED_COPIES,
                        audioSeconds * TIMED_COPIES / steady));
                Path npy = dir.resolve(c.name() + ".npy");
                AtomicFiles.write(npy, o -> Npy.write(o, s.data(), 0, s.data().length, s.shape()));
                Path png = dir.resolve(c.name() + ".png");
                AtomicFiles.write(
                        png,
                        SpectrogramImage.render(
                                s.spec(), s.data(), s.frames(), RECORDING + " - " + c.name(), Colormap.VIRIDIS));
                written.add(npy.getFileName() + ", " + png.getFileName() + "  (" + c.note() + ")");
            }
            out.println();
            out.println("first call: plan set-up and JIT warm-up included; steady: median of " + TIMED_RUNS
                    + " batches of " + TIMED_COPIES + " copies, per clip");
            out.println("wrote " + dir + "/:");
            for (String w : written) {
                out.println("  " + w);
            }
            out.println("next: spectro extract --preset whisper --png --out out/feats " + wav
                    + "   (spectro extract --help)");
        }
        return CommandLines.OK;
    }

    private static String unit(SpectrogramSpec spec) {
        return switch (spec.log()) {
            case LogScale.Db d -> " dB";
            case LogScale.Ln l -> " ln";
            case LogScale.Log10 l -> " log10";
            case null -> "";
        };
    }

    /** Median seconds to compute a batch of {@link #TIMED_COPIES} copies of {@code samples}. */
    private static double steadySeconds(Spectro engine, SpectrogramSpec spec, float[] samples) {
        List<float[]> batch = Collections.nCopies(TIMED_COPIES, samples);
        engine.computeBatch(spec, batch); // warm-up
        double[] t = new double[TIMED_RUNS];
        for (int r = 0; r < TIMED_RUNS; r++) {
            long t0 = System.nanoTime();
            engine.computeBatch(spec, batch);
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(t);
        return t[TIMED_RUNS / 2];
    }

    /** Prints the backend in use and, for every other backend, why it was not used. */
    static void printBackends(PrintStream out, Spectro engine) {
        out.println("backend: " + engine.backendName() + " (" + engine.deviceName() + ")");
        List<String> notes = engine.selectionNotes();
        for (String n : notes) {
            out.println("  not used: " + n);
        }
        List<BackendStatus> all = Spectro.backends();
        int usedPriority = all.stream()
                .filter(b -> b.name().equals(engine.backendName()))
                .mapToInt(BackendStatus::priority)
                .findFirst()
                .orElse(Integer.MIN_VALUE);
        for (BackendStatus b : all) {
            if (b.name().equals(engine.backendName())) {
                continue;
            }
            boolean mentioned = notes.stream().anyMatch(n -> n.startsWith(b.name() + ":"));
            if (!mentioned) {
                String why = !b.availability().available()
                        ? b.availability().detail()
                        : b.priority() < usedPriority
                                ? "available, lower priority than " + engine.backendName()
                                : "available, not selected (" + engine.backendName() + " was asked for)";
                out.println("  not used: " + b.name() + ": " + why);
            }
        }
    }
}
