package io.spectro.opencl;

import static io.spectro.opencl.OpenClTestSupport.bitDiff;
import static io.spectro.opencl.OpenClTestSupport.noise;
import static io.spectro.opencl.OpenClTestSupport.reference;
import static io.spectro.opencl.OpenClTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceLimits;
import io.spectro.device.DevicePlan;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deterministic mode on OpenCL: every stage, many FFT sizes (powers of two, mixed radices, generic radices, Bluestein
 * for even and odd sizes), every framing mode, ragged batches, tiny and huge values and forced chunking give exactly
 * the bits of {@link io.spectro.dsp.ReferencePipeline#compute}. Here over the default frame-level path (the fused
 * kernel, specialised per plan, for sizes up to 4096); {@link OpenClMultiPassExactnessTest} and {@link
 * OpenClGeneralFusedExactnessTest} run the same tests over the other two.
 */
class OpenClExactnessTest {
    static final int[] SIZES = {2, 3, 5, 7, 16, 97, 100, 134, 256, 400, 401, 512, 999, 1024, 2048, 4096};

    private static ResourceTracker tracker;
    private static DeviceBackend backend;

    @BeforeAll
    static void open() {
        OpenClTestSupport.assumeOpenCl();
        tracker = new ResourceTracker();
        backend = OpenClTestSupport.open(tracker);
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
            assertEquals(0, tracker.liveCount(), tracker.describeLive());
        }
    }

    /** Whether plans of sizes up to 4096 should run the fused kernel in this class. */
    boolean expectFused() {
        return true;
    }

    @Test
    void theFrameLevelPathIsTheOneThisClassTests() {
        for (SpectrogramSpec s : List.of(Presets.whisper(), Presets.kaldi(), Presets.librosa())) {
            try (DevicePlan plan = (DevicePlan) backend.plan(s.withDeterministic(true))) {
                assertEquals(expectFused(), plan.fusedLayout().isPresent(), s.summary());
            }
        }
    }

    private static void assertExact(SpectrogramSpec spec, List<float[]> clips) {
        SpectrogramSpec s = spec.withDeterministic(true);
        float[][] expected = reference(s, clips);
        try (BackendPlan plan = backend.plan(s)) {
            float[][] got = run(plan, clips);
            assertNull(bitDiff(expected, got), s.summary());
            // A second batch on the same plan reuses its buffers and gives the same bits.
            assertNull(bitDiff(expected, run(plan, clips)), "second run: " + s.summary());
        }
    }

    /** Three ragged clips of a few frames each, long enough for any padding. */
    private static List<float[]> clipsFor(SpectrogramSpec s, long seed, float amp) {
        int n = s.nFft();
        int hop = s.hopLength();
        int[] lengths = {n + 3 * hop + 1, n / 2 + 2 + hop, 2 * n + 5 * hop + 3};
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            clips.add(noise(seed + i, lengths[i], amp));
        }
        return clips;
    }

    static Stream<Arguments> sizes() {
        return java.util.Arrays.stream(SIZES).mapToObj(Arguments::of);
    }

    @ParameterizedTest(name = "nFft {0}: complex spectrum")
    @MethodSource("sizes")
    void complexSpectrumEverySize(int nFft) {
        SpectrogramSpec s = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(nFft)
                .hopLength(Math.max(1, nFft / 3))
                .padMode(PadMode.REFLECT)
                .complex()
                .build();
        assertExact(s, clipsFor(s, nFft, 0.7f));
    }

    @ParameterizedTest(name = "nFft {0}: power, mel, dB top 80")
    @MethodSource("sizes")
    void logMelEverySize(int nFft) {
        SpectrogramSpec.Builder b = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(nFft)
                .hopLength(Math.max(1, nFft / 4))
                .padMode(PadMode.CONSTANT)
                .power(2.0)
                .log(LogScale.Db.librosa());
        if (nFft >= 16) {
            b.mel(Math.min(40, nFft / 4));
        } else {
            b.noMel();
        }
        SpectrogramSpec s = b.build();
        assertExact(s, clipsFor(s, 100 + nFft, 0.5f));
    }

    static Stream<Arguments> stages() {
        SpectrogramSpec base = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(400)
                .hopLength(160)
                .padMode(PadMode.REFLECT)
                .build();
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("frames reflect", base.toBuilder().frames().build()));
        a.add(Arguments.of(
                "frames edge, win 300, preemphasis",
                base.toBuilder()
                        .frames()
                        .winLength(300)
                        .padMode(PadMode.EDGE)
                        .preemphasis(0.97)
                        .build()));
        a.add(Arguments.of(
                "frames constant, hamming",
                base.toBuilder()
                        .frames()
                        .padMode(PadMode.CONSTANT)
                        .window(WindowType.HAMMING)
                        .build()));
        a.add(Arguments.of(
                "frames no center", base.toBuilder().frames().center(false).build()));
        a.add(Arguments.of(
                "complex 401 edge",
                base.toBuilder().complex().nFft(401).padMode(PadMode.EDGE).build()));
        a.add(Arguments.of("power 1 (sqrt)", base.toBuilder().power(1.0).noMel().build()));
        a.add(Arguments.of("power 2", base.toBuilder().power(2.0).noMel().build()));
        a.add(Arguments.of("power 3 (pow)", base.toBuilder().power(3.0).noMel().build()));
        a.add(Arguments.of(
                "power 0.5 (pow), 401",
                base.toBuilder().power(0.5).nFft(401).noMel().build()));
        a.add(Arguments.of("mel slaney", base.toBuilder().power(2.0).mel(80).build()));
        a.add(Arguments.of(
                "mel htk no norm, magnitude",
                base.toBuilder()
                        .power(1.0)
                        .mel(64)
                        .melScale(MelScale.HTK)
                        .melNorm(MelNorm.NONE)
                        .fminHz(60)
                        .fmaxHz(7000)
                        .build()));
        a.add(Arguments.of(
                "dB top 80 (mel)",
                base.toBuilder().power(2.0).mel(80).log(LogScale.Db.librosa()).build()));
        a.add(Arguments.of(
                "dB no top (linear)",
                base.toBuilder().power(2.0).noMel().log(LogScale.Db.power()).build()));
        a.add(Arguments.of(
                "dB magnitude ref 2 top 40",
                base.toBuilder()
                        .power(1.0)
                        .mel(40)
                        .log(new LogScale.Db(20.0, 1e-5, 2.0, 40.0))
                        .build()));
        a.add(Arguments.of(
                "ln offset 1e-6",
                base.toBuilder()
                        .power(2.0)
                        .mel(40)
                        .log(new LogScale.Ln(1e-6, 0.0))
                        .build()));
        a.add(Arguments.of(
                "log10 plain",
                base.toBuilder()
                        .power(2.0)
                        .mel(80)
                        .log(LogScale.Log10.of(1e-10))
                        .build()));
        a.add(Arguments.of("whisper", Presets.whisper()));
        a.add(Arguments.of("kaldi fbank", Presets.kaldi()));
        a.add(Arguments.of(
                "kaldi no dc, no preemphasis, hann",
                Presets.kaldi().toBuilder()
                        .removeDcOffset(false)
                        .preemphasis(0)
                        .window(Window.periodic(WindowType.HANN))
                        .build()));
        a.add(Arguments.of("kaldi frames", Presets.kaldi().toBuilder().frames().build()));
        a.add(Arguments.of(
                "kaldi 401 odd FFT", Presets.kaldi().toBuilder().nFft(401).build()));
        a.add(Arguments.of("librosa", Presets.librosa()));
        a.add(Arguments.of("torchaudio", Presets.torchaudio()));
        a.add(Arguments.of(
                "mfcc 13 lifter 22",
                base.toBuilder().power(2.0).mel(40).mfcc(13, 22).build()));
        a.add(Arguments.of(
                "mfcc 20 no lifter",
                base.toBuilder().power(2.0).mel(40).mfcc(20, 0).build()));
        a.add(Arguments.of(
                "mfcc + deltas 2",
                base.toBuilder().power(2.0).mel(40).mfcc(13, 22).deltas(2).build()));
        a.add(Arguments.of(
                "log-mel + deltas 1 width 9",
                base.toBuilder()
                        .power(2.0)
                        .mel(40)
                        .log(LogScale.Db.librosa())
                        .deltas(1)
                        .deltaWidth(9)
                        .build()));
        a.add(Arguments.of(
                "power + deltas 2 (no log)",
                base.toBuilder().power(2.0).noMel().deltas(2).build()));
        a.add(Arguments.of(
                "whisper + deltas 2", Presets.whisper().toBuilder().deltas(2).build()));
        a.add(Arguments.of(
                "kaldi mfcc + deltas 2, drop 2",
                Presets.kaldi().toBuilder()
                        .mfcc(13, 22)
                        .deltas(2)
                        .dropLastFrames(2)
                        .build()));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void everyStage(String name, SpectrogramSpec spec) {
        List<float[]> clips = List.of(noise(1, 16000, 0.5f), noise(2, 9999, 0.3f), noise(3, 4321, 0.9f));
        assertExact(spec, clips);
    }

    /** Seven clips of different lengths, including one too short for any frame (KALDI) and a one-frame clip. */
    private static List<float[]> ragged(SpectrogramSpec s, float amp) {
        int[] lengths = s.frameMode() == FrameMode.KALDI
                ? new int[] {16000, 400, 3, 12345, 777, 8000, 999}
                : new int[] {16000, 401, 201, 12345, 777, 8000, 999};
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            clips.add(noise(40 + i, lengths[i], amp * (i + 1) / 7));
        }
        return clips;
    }

    static Stream<Arguments> raggedSpecs() {
        return Stream.of(
                Arguments.of("whisper", Presets.whisper()),
                Arguments.of(
                        "kaldi mfcc deltas",
                        Presets.kaldi().toBuilder().mfcc(13, 22).deltas(2).build()),
                Arguments.of(
                        "complex 512 constant",
                        SpectrogramSpec.builder()
                                .sampleRateHz(16000)
                                .nFft(512)
                                .hopLength(128)
                                .complex()
                                .build()),
                Arguments.of(
                        "librosa dB mfcc",
                        Presets.librosa().toBuilder()
                                .sampleRateHz(16000)
                                .nFft(400)
                                .winLength(400)
                                .hopLength(100)
                                .mfcc(20, 22)
                                .build()));
    }

    @ParameterizedTest(name = "ragged 7 clips: {0}")
    @MethodSource("raggedSpecs")
    void raggedBatch(String name, SpectrogramSpec spec) {
        assertExact(spec, ragged(spec, 0.8f));
    }

    @ParameterizedTest(name = "forced chunks and sub-batches: {0}")
    @MethodSource("raggedSpecs")
    void forcedChunkingGivesTheSameBits(String name, SpectrogramSpec spec) {
        String chunk = System.getProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY);
        String bytes = System.getProperty(DeviceLimits.BATCH_BYTES_PROPERTY);
        try {
            System.setProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY, "7");
            // Enough for the largest clip alone, so the 7 clips go in several sub-batches.
            System.setProperty(DeviceLimits.BATCH_BYTES_PROPERTY, String.valueOf(3 << 20));
            assertExact(spec, ragged(spec, 0.8f));
        } finally {
            restore(DeviceLimits.CHUNK_FRAMES_PROPERTY, chunk);
            restore(DeviceLimits.BATCH_BYTES_PROPERTY, bytes);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    static Stream<Arguments> extremes() {
        return Stream.of(
                Arguments.of("denormal samples", 1e-41f),
                Arguments.of("tiny samples", 1e-25f),
                Arguments.of("large samples", 1e15f),
                Arguments.of("power overflows to inf", 1e19f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extremes")
    void tinyAndLargeValues(String name, float amp) {
        List<float[]> clips = List.of(noise(7, 8000, amp), noise(8, 3000, amp));
        SpectrogramSpec base = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(400)
                .hopLength(160)
                .padMode(PadMode.REFLECT)
                .build();
        assertExact(base.toBuilder().complex().build(), clips);
        assertExact(base.toBuilder().power(1.0).noMel().build(), clips);
        assertExact(base.toBuilder().power(3.0).noMel().build(), clips);
        assertExact(
                base.toBuilder()
                        .power(2.0)
                        .mel(40)
                        .log(new LogScale.Ln(0.0, 0.0))
                        .build(),
                clips);
        assertExact(Presets.whisper(), clips);
        assertExact(base.toBuilder().power(2.0).mel(40).mfcc(13, 22).deltas(1).build(), clips);
        assertExact(Presets.kaldi(), clips);
    }

    @Test
    void largestGenericRadixAndAHugePrimeSize() {
        // 3904 = 2 x 1952 = 2 x 61 x 32: the half-length transform has a radix-61 (largest generic) pass.
        SpectrogramSpec r61 = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(3904)
                .hopLength(1000)
                .complex()
                .build();
        assertExact(r61, List.of(noise(70, 9000, 0.5f), noise(71, 5000, 0.5f)));
        // 999983 is prime: Bluestein of length 2^21 on the full-length complex transform, two frames.
        SpectrogramSpec prime = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(999983)
                .hopLength(400000)
                .center(false)
                .power(2.0)
                .noMel()
                .log(LogScale.Db.power())
                .build();
        assertExact(prime, List.of(noise(72, 1_400_000, 0.5f)));
    }

    @Test
    void singleFrameAndBatchOfOne() {
        SpectrogramSpec s = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(512)
                .hopLength(128)
                .center(false)
                .power(2.0)
                .mel(40)
                .log(LogScale.Db.librosa())
                .build();
        assertExact(s, List.of(noise(9, 512, 0.5f)));
        assertExact(Presets.kaldi(), List.of(noise(10, 400, 0.5f)));
    }
}
