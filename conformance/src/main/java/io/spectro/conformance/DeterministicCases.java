package io.spectro.conformance;

import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Specs generated programmatically, with seeded random clips, for the deterministic bit-exactness checks: every
 * {@link #N_FFTS} size twice (with two different stage outputs), every pad mode and window, every log kind, MFCC,
 * deltas, KALDI framing; clips of ordinary, tiny (subnormal), large and mixed magnitudes, clips shorter than nFft,
 * and a ragged batch of 7 clips.
 */
public final class DeterministicCases {
    /** The FFT sizes covered: powers of two, primes, odd, Bluestein sizes (134 = 2*67, 97, 257, 401). */
    public static final int[] N_FFTS = {
        2, 3, 4, 5, 7, 8, 16, 30, 64, 97, 100, 128, 134, 256, 257, 400, 401, 512, 600, 999, 1000, 1024, 2048, 4096
    };

    private static final String[] STAGES = {
        "frames",
        "complex",
        "power",
        "magnitude",
        "power0.5",
        "mel",
        "mel-dB-top80",
        "mel-ln",
        "mel-log10-whisper",
        "mfcc-lifter",
        "mel-ln-deltas2",
        "mfcc-deltas1",
        "dB-linear",
        "kaldi-fbank"
    };

    private static final Window[] WINDOWS = {
        Window.periodic(WindowType.HANN),
        Window.symmetric(WindowType.HAMMING),
        Window.periodic(WindowType.BLACKMAN),
        Window.symmetric(WindowType.RECTANGULAR),
        Window.symmetric(WindowType.POVEY),
        Window.symmetric(WindowType.HANN),
        Window.periodic(WindowType.POVEY),
        null // a custom window
    };

    private DeterministicCases() {}

    /**
     * One case: a spec (deterministic) and the clips of one batch.
     *
     * @param label a readable name
     * @param spec the spec, with deterministic mode on
     * @param clips the batch
     */
    public record Case(String label, SpectrogramSpec spec, List<float[]> clips) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** Every case (at least 50). */
    public static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < N_FFTS.length; i++) {
            out.add(sized(N_FFTS[i], i, i % STAGES.length));
            out.add(sized(N_FFTS[i], i + 3, (i + 7) % STAGES.length));
        }
        SplittableRandom rnd = new SplittableRandom(77);
        int[] lengths = {1601, 401, 201, 3200, 999, 2048, 4800};
        List<float[]> ragged = new ArrayList<>();
        for (int n : lengths) {
            ragged.add(gaussian(rnd, n, 0.2));
        }
        out.add(new Case("ragged7-whisper", Presets.whisper().withDeterministic(true), ragged));
        out.add(new Case(
                "ragged7-mfcc-deltas2-edge",
                Presets.torchaudio().toBuilder()
                        .padMode(PadMode.EDGE)
                        .mel(40)
                        .log(LogScale.Db.librosa())
                        .mfcc(13, 22)
                        .deltas(2)
                        .deterministic(true)
                        .build(),
                ragged));
        List<float[]> kaldiClips = new ArrayList<>();
        for (int n : new int[] {4000, 399, 400, 1234, 0, 560}) {
            kaldiClips.add(gaussian(rnd, n, 3000));
        }
        out.add(new Case("ragged6-kaldi-preset-with-short", Presets.kaldi().withDeterministic(true), kaldiClips));
        out.addAll(stageCases(rnd));
        return out;
    }

    /**
     * The input scale, pad-or-trim and normalisation stages, each over a ragged batch: clips shorter and longer than a
     * fixed length, a clip of one frame (standard deviation 0), a clip of no frames (padding only), normalisation
     * with a clamp before it (the clip maxima and the per-utterance means share a buffer on devices) and deltas after
     * it.
     */
    private static List<Case> stageCases(SplittableRandom rnd) {
        List<float[]> clips = new ArrayList<>();
        for (int n : new int[] {3210, 200, 0, 4001, 450, 2500}) {
            clips.add(gaussian(rnd, n, 0.2));
        }
        List<float[]> framed = clips.subList(3, 6);
        List<float[]> nonEmpty = new ArrayList<>(clips);
        nonEmpty.remove(2);
        Normalization.Fixed audioSet = Normalization.Fixed.audioSet();
        List<Case> out = new ArrayList<>();
        out.add(new Case(
                "stage-input-scale-0.37-kaldi",
                Presets.kaldi().toBuilder().inputScale(0.37).deterministic(true).build(),
                clips));
        out.add(new Case(
                "stage-pad-trim-samples-whisper",
                Presets.whisper().toBuilder()
                        .padOrTrimSamples(2000)
                        .deterministic(true)
                        .build(),
                clips));
        out.add(new Case("stage-per-feature-nemo", Presets.nemo().withDeterministic(true), nonEmpty));
        out.add(new Case(
                "stage-per-utterance-mfcc-clamp-deltas2",
                Presets.torchaudio().toBuilder()
                        .mel(40)
                        .log(LogScale.Db.librosa())
                        .mfcc(13, 22)
                        .normalization(new Normalization.PerUtterance(1e-5, true))
                        .deltas(2)
                        .deterministic(true)
                        .build(),
                framed));
        out.add(new Case(
                "stage-fixed-norm-pad-trim-frames-ast",
                Presets.ast().toBuilder()
                        .padOrTrimFrames(12, (0f - (float) audioSet.mean()) / (float) audioSet.std())
                        .deterministic(true)
                        .build(),
                clips));
        out.add(new Case(
                "stage-per-feature-linear-deltas-fit-scale",
                Presets.torchaudio().toBuilder()
                        .noMel()
                        .log(new LogScale.Ln(1e-6, 0))
                        .normalization(new Normalization.PerFeature(0, false))
                        .deltas(1)
                        .padOrTrimFrames(15, -3.5)
                        .inputScale(3)
                        .deterministic(true)
                        .build(),
                framed));
        out.add(new Case(
                "stage-per-utterance-power-whisper-hf-like",
                Presets.whisper().toBuilder()
                        .noLog()
                        .padOrTrimSamples(5000)
                        .normalization(new Normalization.PerUtterance(0, true))
                        .deterministic(true)
                        .build(),
                clips));
        return out;
    }

    private static Case sized(int nFft, int variant, int stage) {
        SplittableRandom rnd = new SplittableRandom(1000L * nFft + variant);
        int nFreq = nFft / 2 + 1;
        int nMels = Math.max(1, Math.min(40, nFreq - 1));
        Window w = WINDOWS[variant % WINDOWS.length];
        int win = variant % 3 == 1 ? Math.max(1, nFft * 3 / 4) : nFft;
        if (w == null) {
            float[] c = new float[win];
            for (int i = 0; i < win; i++) {
                c[i] = (float) (0.3 + 0.7 * rnd.nextDouble());
            }
            w = Window.custom(c);
        }
        int hop = variant % 2 == 0 ? Math.max(1, nFft / 3) : Math.max(1, nFft / 4 + 1);
        PadMode pad = PadMode.values()[variant % 3];
        boolean center = variant % 4 != 3;
        SpectrogramSpec.Builder b = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(nFft)
                .winLength(win)
                .hopLength(hop)
                .window(w)
                .center(center)
                .padMode(pad)
                .preemphasis(variant % 5 == 2 ? 0.97 : 0.0)
                .deterministic(true);
        MelOptions mel = new MelOptions(
                nMels,
                0.0,
                MelOptions.NYQUIST,
                variant % 2 == 0 ? MelScale.SLANEY : MelScale.HTK,
                MelNorm.values()[variant % 2]);
        int nMfcc = Math.min(13, nMels);
        String name = STAGES[stage];
        switch (name) {
            case "frames" -> b.frames();
            case "complex" -> b.complex();
            case "power" -> b.power(2).noMel();
            case "magnitude" -> b.magnitude().noMel();
            case "power0.5" -> b.power(0.5).noMel();
            case "mel" -> b.power(2).mel(mel);
            case "mel-dB-top80" -> b.mel(mel).log(LogScale.Db.librosa());
            case "mel-ln" -> b.mel(mel).log(new LogScale.Ln(1e-6, 0));
            case "mel-log10-whisper" -> b.mel(mel).log(LogScale.Log10.whisper());
            case "mfcc-lifter" -> b.mel(mel).log(LogScale.Db.librosa()).mfcc(nMfcc, 22);
            case "mel-ln-deltas2" -> b.mel(mel).log(new LogScale.Ln(1e-6, 0)).deltas(2);
            case "mfcc-deltas1" ->
                b.mel(mel).log(LogScale.Db.power()).mfcc(nMfcc, 0).deltas(1).deltaWidth(7);
            case "dB-linear" -> b.noMel().log(new LogScale.Db(20, 1e-5, 1, 60)).magnitude();
            case "kaldi-fbank" ->
                b.frameMode(FrameMode.KALDI)
                        .center(false)
                        .winLength(Math.max(1, nFft * 3 / 4))
                        .window(Window.symmetric(WindowType.POVEY))
                        .removeDcOffset(true)
                        .preemphasis(0.97)
                        .mel(new MelOptions(nMels, 0.0, MelOptions.NYQUIST, MelScale.KALDI, MelNorm.NONE))
                        .log(LogScale.Ln.kaldi());
            default -> throw new AssertionError(name);
        }
        SpectrogramSpec spec = b.build();
        List<float[]> clips = new ArrayList<>();
        int len = 2 * nFft + 37;
        clips.add(gaussian(rnd, len, 0.3));
        String kind;
        switch (variant % 4) {
            case 0 -> {
                clips.add(gaussian(rnd, len + 5, 1e-39)); // subnormal samples
                kind = "tiny";
            }
            case 1 -> {
                clips.add(gaussian(rnd, len + 1, 1e15));
                kind = "large";
            }
            case 2 -> {
                clips.add(gaussian(rnd, shortLength(spec), 0.5));
                kind = "short";
            }
            default -> {
                float[] x = gaussian(rnd, len + 11, 1);
                for (int i = 0; i < x.length; i++) {
                    x[i] = i % 7 < 2 ? 0.0f : (float) (x[i] * Math.pow(10, -30 + 40 * rnd.nextDouble()));
                }
                clips.add(x);
                kind = "mixed";
            }
        }
        String label =
                "n" + nFft + "-" + name + "-" + w + "-" + (center ? pad.name().toLowerCase() : "nocenter") + "-" + kind;
        return new Case(label.replace(' ', '_'), spec, clips);
    }

    /** A clip length the spec accepts that is shorter than nFft (or the window, for KALDI: 0 frames). */
    private static int shortLength(SpectrogramSpec spec) {
        if (spec.frameMode() == FrameMode.KALDI) {
            return Math.max(0, spec.winLength() - 1);
        }
        if (!spec.center()) {
            return spec.nFft();
        }
        if (spec.padMode() == PadMode.REFLECT) {
            return Math.min(spec.nFft(), spec.nFft() / 2 + 1);
        }
        return Math.max(1, spec.nFft() / 3);
    }

    /** {@code n} Gaussian samples times {@code scale}, rounded to float. */
    public static float[] gaussian(SplittableRandom rnd, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = rnd.nextDouble();
            double u2 = rnd.nextDouble();
            x[i] = (float) (scale * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return x;
    }
}
