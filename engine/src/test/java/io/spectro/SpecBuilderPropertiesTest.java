package io.spectro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Property-based tests of {@link SpectrogramSpec.Builder}: any sequence of setter calls, with any values (zero,
 * negative, huge, NaN, infinite, null), either builds a spec whose invariants hold or throws an {@link
 * IllegalArgumentException} that names the field; never another exception. A spec that builds has consistent frame
 * counts (torch's formulas, computed here independently) and output sizes, survives {@code toBuilder()}, and for
 * sizes small enough to compute here, the reference pipeline writes exactly {@link SpectrogramSpec#outputFloats}
 * values.
 */
class SpecBuilderPropertiesTest {

    /** Every name a builder error may use for what is wrong: the builder's fields and the groups' components. */
    private static final Pattern FIELD = Pattern.compile("\\b(sampleRateHz|nFft|winLength|hopLength|center|padMode"
            + "|frameMode|preemphasis|removeDcOffset|dropLastFrames|window|spectrum|power|nMels|fminHz|fmaxHz"
            + "|melScale|melNorm|mel|log|dbMultiplier|amin|ref|topDb|logOffset|logFloor|clampRange|logAdd|logScale"
            + "|mfcc|nMfcc|lifter|deltas|deltaOrder|deltaWidth)\\b");

    /** A labelled builder call, so that jqwik's report of a failing case reads as the calls made. */
    record Step(String label, Consumer<SpectrogramSpec.Builder> apply) {
        @Override
        public String toString() {
            return label;
        }
    }

    @Property(tries = 2000)
    void anyBuilderInputBuildsAValidSpecOrNamesTheField(
            @ForAll("steps") List<Step> steps, @ForAll @LongRange(min = 0, max = 1 << 20) long samples) {
        SpectrogramSpec spec;
        try {
            // A setter may refuse a value at once (a null group); build() checks the rest.
            SpectrogramSpec.Builder b = SpectrogramSpec.builder();
            for (Step s : steps) {
                s.apply().accept(b);
            }
            spec = b.build();
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage(), "an error without a message");
            assertTrue(FIELD.matcher(e.getMessage()).find(), () -> "the message names no field: " + e.getMessage());
            return;
        }
        checkInvariants(spec, samples);
    }

    @Property(tries = 1000)
    void oneFieldOutOfItsRangeIsNamed(@ForAll("validSpecs") SpectrogramSpec base, @ForAll("badFields") BadField bad) {
        SpectrogramSpec.Builder b = base.toBuilder();
        bad.apply().accept(b);
        try {
            SpectrogramSpec spec = b.build();
            throw new AssertionError(bad + " was accepted: " + spec);
        } catch (IllegalArgumentException e) {
            assertTrue(
                    e.getMessage().startsWith(bad.field() + " = "),
                    () -> bad + " gave '" + e.getMessage() + "', which should start with '" + bad.field() + " = '");
        }
    }

    /** Found by the first property: {@code window(null)} then {@code window(HANN)} threw NullPointerException. */
    @Example
    void aNullWindowIsRefusedAtOnceNamingTheField() {
        SpectrogramSpec.Builder b = SpectrogramSpec.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.window((Window) null));
        assertEquals("window must not be null", e.getMessage());
        assertEquals(
                Window.periodic(WindowType.HAMMING),
                b.window(WindowType.HAMMING).build().window());
    }

    /** Found by the invariants: 715827883 mels with deltas of order 2 gave featureCount() = -2147483647. */
    @Example
    void aFeatureCountThatWouldWrapAroundIsRefusedNamingNMels() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SpectrogramSpec.builder()
                        .mel(Integer.MAX_VALUE / 3 + 1)
                        .deltas(2)
                        .build());
        assertTrue(
                e.getMessage().startsWith("nMels = 715827883 is out of range: must be at most 715827882"),
                e.getMessage());
        assertEquals(
                Integer.MAX_VALUE / 3,
                SpectrogramSpec.builder()
                                .mel(Integer.MAX_VALUE / 3)
                                .deltas(2)
                                .build()
                                .featureCount()
                        / 3);
    }

    /** What every spec that builds must satisfy, checked against formulas written out here. */
    static void checkInvariants(SpectrogramSpec spec, long samples) {
        assertEquals(spec.nFft() / 2 + 1, spec.nFreq());
        assertTrue(spec.winLength() >= 1 && spec.winLength() <= spec.nFft(), spec::toString);
        int base = spec.mfcc() != null
                ? spec.mfcc().nMfcc()
                : spec.mel() != null
                        ? spec.mel().nMels()
                        : spec.spectrum() == SpectrumKind.FRAMES ? spec.nFft() : spec.nFreq();
        assertEquals(base, spec.baseFeatureCount(), spec::toString);
        long features = (long) base * (1 + spec.deltaOrder());
        assertEquals(features, spec.featureCount(), () -> "featureCount overflows: " + spec);
        SpectrogramSpec again = spec.toBuilder().build();
        assertEquals(spec, again);
        assertEquals(spec.hashCode(), again.hashCode());
        assertNotNull(spec.summary());

        String problem = spec.clipProblem(samples);
        long expected = expectedFrames(spec, samples);
        if (problem != null) {
            assertEquals(-1, expected, () -> "clipProblem refuses " + samples + " samples: " + problem);
            try {
                spec.frameCount(samples);
                throw new AssertionError("frameCount accepted what clipProblem refuses: " + problem);
            } catch (IllegalArgumentException e) {
                assertEquals(problem, e.getMessage());
            }
            return;
        }
        assertTrue(expected >= 0, () -> "clipProblem accepts " + samples + " samples that torch refuses: " + spec);
        if (expected > Integer.MAX_VALUE) {
            return;
        }
        int frames = spec.frameCount(samples);
        assertEquals(expected, frames, () -> samples + " samples: " + spec);
        long floats = spec.outputFloats(frames);
        assertEquals(features * frames * spec.valuesPerFeature(), floats);
        long shapeProduct = 1;
        for (int d : spec.outputShape(frames)) {
            assertTrue(d >= 0);
            shapeProduct *= d;
        }
        assertEquals(floats, shapeProduct);
        if (smallEnoughToCompute(spec, samples, floats)) {
            computeAndCheckSize(spec, (int) samples, (int) floats);
        }
    }

    /**
     * torch.stft / Kaldi frame counts, written from their definitions: -1 where torch refuses the clip (empty, shorter
     * than nFft without centring, too short to reflect).
     */
    static long expectedFrames(SpectrogramSpec spec, long samples) {
        long frames;
        if (spec.frameMode() == FrameMode.KALDI) {
            frames = samples < spec.winLength() ? 0 : 1 + (samples - spec.winLength()) / spec.hopLength();
        } else {
            if (samples == 0) {
                return -1;
            }
            long pad = spec.center() ? spec.nFft() / 2 : 0;
            if (spec.center() && spec.padMode() == PadMode.REFLECT && samples <= pad) {
                return -1;
            }
            long padded = samples + 2 * pad;
            if (padded < spec.nFft()) {
                return -1;
            }
            frames = 1 + (padded - spec.nFft()) / spec.hopLength();
        }
        return Math.max(0, frames - spec.dropLastFrames());
    }

    private static boolean smallEnoughToCompute(SpectrogramSpec spec, long samples, long floats) {
        long melWork = spec.mel() == null ? 0 : (long) spec.mel().nMels() * spec.nFreq();
        return spec.nFft() <= 4096 && samples <= 1 << 15 && floats <= 1 << 20 && melWork <= 1 << 20;
    }

    /** The reference pipeline writes every one of {@code floats} values and nothing beyond them. */
    private static void computeAndCheckSize(SpectrogramSpec spec, int samples, int floats) {
        float sentinel = Float.intBitsToFloat(0x7fc0_1234); // a NaN no computation produces
        float[] out = new float[floats + 8];
        Arrays.fill(out, sentinel);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) Math.sin(i * 0.37) * 0.5f;
        }
        ReferencePipeline.compute(SpecTables.of(spec), x, samples, out);
        for (int i = 0; i < floats; i++) {
            if (Float.floatToRawIntBits(out[i]) == 0x7fc0_1234) {
                throw new AssertionError("value " + i + " of " + floats + " was never written: " + spec);
            }
        }
        for (int i = floats; i < out.length; i++) {
            assertEquals(0x7fc0_1234, Float.floatToRawIntBits(out[i]), () -> "wrote past outputFloats: " + spec);
        }
    }

    // ---- generators --------------------------------------------------------------------------------------------

    /** Ints that matter: small, around the limits, negative, and the extremes. */
    static Arbitrary<Integer> anyInt() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(-4, 600)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(600, 70_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers()),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                0,
                                -1,
                                Integer.MIN_VALUE,
                                Integer.MAX_VALUE,
                                Integer.MAX_VALUE / 2,
                                Integer.MAX_VALUE / 3 + 1,
                                SpectrogramSpec.MAX_N_FFT,
                                SpectrogramSpec.MAX_N_FFT + 1,
                                1 << 30)));
    }

    /** Mostly -1 .. 9 (orders, widths), sometimes any int. */
    static Arbitrary<Integer> smallOrAnyInt() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(-1, 9)), net.jqwik.api.Tuple.of(1, anyInt()));
    }

    /** Doubles that matter: ordinary, zero, negative zero, tiny, huge, NaN and the infinities. */
    static Arbitrary<Double> anyDouble() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        4, Arbitraries.doubles().between(-10, 30_000).ofScale(4)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                0.0,
                                -0.0,
                                1.0,
                                Double.MIN_VALUE,
                                Double.MAX_VALUE,
                                -Double.MAX_VALUE,
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                1e-10,
                                1e300)));
    }

    private static <T> Arbitrary<T> orNull(Arbitrary<T> a) {
        return a.injectNull(0.05);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.oneOf(List.of(
                anyInt().map(v -> new Step("sampleRateHz(" + v + ")", b -> b.sampleRateHz(v))),
                anyInt().map(v -> new Step("nFft(" + v + ")", b -> b.nFft(v))),
                anyInt().map(v -> new Step("winLength(" + v + ")", b -> b.winLength(v))),
                anyInt().map(v -> new Step("hopLength(" + v + ")", b -> b.hopLength(v))),
                Arbitraries.of(true, false).map(v -> new Step("center(" + v + ")", b -> b.center(v))),
                orNull(Arbitraries.of(PadMode.class)).map(v -> new Step("padMode(" + v + ")", b -> b.padMode(v))),
                orNull(Arbitraries.of(FrameMode.class)).map(v -> new Step("frameMode(" + v + ")", b -> b.frameMode(v))),
                anyDouble().map(v -> new Step("preemphasis(" + v + ")", b -> b.preemphasis(v))),
                Arbitraries.of(true, false).map(v -> new Step("removeDcOffset(" + v + ")", b -> b.removeDcOffset(v))),
                anyInt().map(v -> new Step("dropLastFrames(" + v + ")", b -> b.dropLastFrames(v))),
                windows().map(w -> new Step("window(" + w + ")", b -> b.window(w))),
                Arbitraries.of(WindowType.HANN, WindowType.HAMMING, WindowType.BLACKMAN, WindowType.POVEY)
                        .map(t -> new Step("window(" + t + ")", b -> b.window(t))),
                Arbitraries.of(true, false).map(v -> new Step("periodicWindow(" + v + ")", b -> b.periodicWindow(v))),
                Arbitraries.just(new Step("frames()", SpectrogramSpec.Builder::frames)),
                Arbitraries.just(new Step("complex()", SpectrogramSpec.Builder::complex)),
                anyDouble().map(v -> new Step("power(" + v + ")", b -> b.power(v))),
                anyInt().map(v -> new Step("mel(" + v + ")", b -> b.mel(v))),
                anyDouble().map(v -> new Step("fminHz(" + v + ")", b -> b.fminHz(v))),
                anyDouble().map(v -> new Step("fmaxHz(" + v + ")", b -> b.fmaxHz(v))),
                orNull(Arbitraries.of(MelScale.class)).map(v -> new Step("melScale(" + v + ")", b -> b.melScale(v))),
                orNull(Arbitraries.of(MelNorm.class)).map(v -> new Step("melNorm(" + v + ")", b -> b.melNorm(v))),
                Arbitraries.just(new Step("noMel()", SpectrogramSpec.Builder::noMel)),
                logs().map(l -> new Step("log(" + l + ")", b -> b.log(l))),
                Combinators.combine(anyInt(), anyDouble())
                        .as((n, l) -> new Step("mfcc(" + n + ", " + l + ")", b -> b.mfcc(n, l))),
                Arbitraries.just(new Step("noMfcc()", SpectrogramSpec.Builder::noMfcc)),
                Arbitraries.just(new Step("noLog()", SpectrogramSpec.Builder::noLog)),
                smallOrAnyInt().map(v -> new Step("deltas(" + v + ")", b -> b.deltas(v))),
                smallOrAnyInt().map(v -> new Step("deltaWidth(" + v + ")", b -> b.deltaWidth(v))),
                Arbitraries.of(true, false).map(v -> new Step("deterministic(" + v + ")", b -> b.deterministic(v))),
                Arbitraries.of(presets())
                        .map(p -> new Step(
                                "framing of " + p, b -> b.framing(p.spec().framing())))));
        return step.list().ofMaxSize(12);
    }

    private static Preset[] presets() {
        return Preset.values();
    }

    /** Windows: named, symmetric, custom (valid coefficients: the Window record refuses the others itself), null. */
    static Arbitrary<Window> windows() {
        Arbitrary<Window> custom = Arbitraries.floats()
                .between(-2, 2)
                .array(float[].class)
                .ofMinSize(1)
                .ofMaxSize(600)
                .map(Window::custom);
        return Arbitraries.oneOf(
                        Arbitraries.of(WindowType.HANN, WindowType.HAMMING, WindowType.RECTANGULAR)
                                .map(Window::symmetric),
                        custom)
                .injectNull(0.05);
    }

    /** Log stages built from any values; those a record refuses become null (no stage). */
    static Arbitrary<LogScale> logs() {
        Arbitrary<LogScale> db = Combinators.combine(anyDouble(), anyDouble(), anyDouble(), anyDouble())
                .as((m, a, r, t) -> tryOr(() -> new LogScale.Db(m, a, r, t)));
        Arbitrary<LogScale> ln =
                Combinators.combine(anyDouble(), anyDouble()).as((o, f) -> tryOr(() -> new LogScale.Ln(o, f)));
        Arbitrary<LogScale> log10 = Combinators.combine(anyDouble(), anyDouble(), anyDouble(), anyDouble())
                .as((a, c, add, s) -> tryOr(() -> new LogScale.Log10(a, c, add, s)));
        return Arbitraries.oneOf(
                db,
                ln,
                log10,
                Arbitraries.of(LogScale.Db.librosa(), LogScale.Ln.kaldi(), LogScale.Log10.whisper()),
                Arbitraries.just(null));
    }

    private static LogScale tryOr(java.util.function.Supplier<LogScale> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Specs that build: the presets, and random small ones. */
    @Provide
    Arbitrary<SpectrogramSpec> validSpecs() {
        Arbitrary<SpectrogramSpec> random = Combinators.combine(
                        Arbitraries.integers().between(8000, 48000),
                        Arbitraries.integers().between(16, 2048),
                        Arbitraries.integers().between(1, 600),
                        Arbitraries.integers().between(1, 128),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false))
                .as((rate, nFft, hop, mels, deltas, mfcc) -> {
                    SpectrogramSpec.Builder b = SpectrogramSpec.builder()
                            .sampleRateHz(rate)
                            .nFft(nFft)
                            .hopLength(hop)
                            .mel(mels)
                            .deltas(deltas);
                    return (mfcc ? b.mfcc(Math.min(13, mels), 0) : b).build();
                });
        return Arbitraries.oneOf(random, Arbitraries.of(presets()).map(Preset::spec));
    }

    /**
     * One field set outside its own range (not a range that depends on other fields), with the name its message must
     * start with.
     */
    record BadField(String field, String label, Consumer<SpectrogramSpec.Builder> apply) {
        @Override
        public String toString() {
            return label;
        }
    }

    @Provide
    Arbitrary<BadField> badFields() {
        Arbitrary<Integer> negative = Arbitraries.integers().between(Integer.MIN_VALUE, -1);
        Arbitrary<Double> notUnit = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e9, -1e-6).ofScale(6),
                Arbitraries.doubles().between(1.000001, 1e9).ofScale(6),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        Arbitrary<Double> notPositive = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e9, 0),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        return Arbitraries.oneOf(List.of(
                negative.map(v -> bad("sampleRateHz", "sampleRateHz(" + v + ")", b -> b.sampleRateHz(v))),
                Arbitraries.oneOf(
                                Arbitraries.integers().between(Integer.MIN_VALUE, 1),
                                Arbitraries.integers().between(SpectrogramSpec.MAX_N_FFT + 1, Integer.MAX_VALUE))
                        .map(v -> bad("nFft", "nFft(" + v + ")", b -> b.nFft(v))),
                Arbitraries.integers()
                        .between(Integer.MIN_VALUE, 0)
                        .map(v -> bad("winLength", "winLength(" + v + ")", b -> b.winLength(v))),
                Arbitraries.integers()
                        .between(Integer.MIN_VALUE, 0)
                        .map(v -> bad("hopLength", "hopLength(" + v + ")", b -> b.hopLength(v))),
                notUnit.map(v -> bad("preemphasis", "preemphasis(" + v + ")", b -> b.preemphasis(v))),
                negative.map(v -> bad("dropLastFrames", "dropLastFrames(" + v + ")", b -> b.dropLastFrames(v))),
                notPositive.map(v -> bad("power", "power(" + v + ")", b -> b.power(v))),
                Arbitraries.integers()
                        .between(Integer.MIN_VALUE, 0)
                        .map(v -> bad("nMels", "mel(" + v + ")", b -> b.mel(v))),
                Arbitraries.oneOf(
                                Arbitraries.integers().between(Integer.MIN_VALUE, -1),
                                Arbitraries.integers().between(3, Integer.MAX_VALUE))
                        .map(v -> bad("deltaOrder", "deltas(" + v + ")", b -> b.deltas(v))),
                Arbitraries.oneOf(
                                Arbitraries.integers().between(Integer.MIN_VALUE, 2),
                                Arbitraries.integers().between(1, 1 << 20).map(v -> 2 * v))
                        .map(v -> bad("deltaWidth", "deltaWidth(" + v + ")", b -> b.deltaWidth(v)))));
    }

    private static BadField bad(String field, String label, Consumer<SpectrogramSpec.Builder> apply) {
        return new BadField(field, label, apply);
    }
}
