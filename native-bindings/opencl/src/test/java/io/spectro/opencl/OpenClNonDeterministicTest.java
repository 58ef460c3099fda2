package io.spectro.opencl;

import static io.spectro.opencl.OpenClTestSupport.noise;
import static io.spectro.opencl.OpenClTestSupport.reference;
import static io.spectro.opencl.OpenClTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.LogScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.device.DeviceBackend;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outside deterministic mode the kernels use the built-in log/exp and may contract a*b+c into FMA; results stay
 * within tolerance of the reference. Metrics per config are printed: max abs error, max abs error relative to the
 * largest reference magnitude, and relative L2 error.
 */
class OpenClNonDeterministicTest {
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

    static double maxAbs(float[][] expected, float[][] actual) {
        double m = 0;
        for (int c = 0; c < expected.length; c++) {
            for (int i = 0; i < expected[c].length; i++) {
                m = Math.max(m, Math.abs((double) expected[c][i] - actual[c][i]));
            }
        }
        return m;
    }

    static double maxMagnitude(float[][] x) {
        double m = 0;
        for (float[] c : x) {
            for (float v : c) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    static double relL2(float[][] expected, float[][] actual) {
        double num = 0;
        double den = 0;
        for (int c = 0; c < expected.length; c++) {
            for (int i = 0; i < expected[c].length; i++) {
                double d = (double) expected[c][i] - actual[c][i];
                num += d * d;
                den += (double) expected[c][i] * expected[c][i];
            }
        }
        return Math.sqrt(num / den);
    }

    /**
     * name, spec, max abs tolerance, relative L2 tolerance. Spectra (no log) are compared relative to their peak: FMA
     * contraction changes each butterfly by at most an ulp, so errors stay near {@code log2(nFft) * 2^-24} of the
     * peak (measured on PoCL: at most 8e-7 of the peak); the bound 1e-5 leaves room for GPUs' contraction choices.
     * Log outputs are compared in their own units: the built-in log10/log are within a few ulp, and a bin far below
     * the peak carries the FFT's absolute error amplified by the log (measured on PoCL: at most 4.4e-5 on MFCCs of
     * magnitude ~300, 1.6e-5 on Kaldi log-mels); bound 5e-4. Relative L2 (measured at most 3.3e-7): 1e-5.
     */
    static Stream<Arguments> configs() {
        SpectrogramSpec base = SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(512)
                .winLength(400)
                .hopLength(128)
                .padMode(PadMode.REFLECT)
                .build();
        return Stream.of(
                Arguments.of("complex 512", base.toBuilder().complex().build(), 1e-5, 1e-5),
                Arguments.of(
                        "complex 401 (Bluestein)",
                        base.toBuilder().complex().nFft(401).build(),
                        1e-5,
                        1e-5),
                Arguments.of(
                        "magnitude 999",
                        base.toBuilder().power(1.0).nFft(999).noMel().build(),
                        1e-5,
                        1e-5),
                Arguments.of(
                        "power 3 (exp/log)", base.toBuilder().power(3.0).noMel().build(), 1e-5, 1e-5),
                Arguments.of("librosa mel power", Presets.librosa(), 1e-5, 1e-5),
                Arguments.of("torchaudio mel power", Presets.torchaudio(), 1e-5, 1e-5),
                Arguments.of("whisper log-mel", Presets.whisper(), 5e-4, 1e-5),
                Arguments.of("kaldi fbank", Presets.kaldi(), 5e-4, 1e-5),
                Arguments.of(
                        "dB mel top 80",
                        base.toBuilder()
                                .power(2.0)
                                .mel(64)
                                .log(LogScale.Db.librosa())
                                .build(),
                        5e-4,
                        1e-5),
                Arguments.of(
                        "MFCC + deltas 2",
                        base.toBuilder()
                                .power(2.0)
                                .mel(40)
                                .mfcc(13, 22)
                                .deltas(2)
                                .build(),
                        5e-4,
                        1e-5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void withinToleranceOfTheReference(String name, SpectrogramSpec spec, double maxAbsTol, double relL2Tol) {
        SpectrogramSpec s = spec.withDeterministic(false);
        List<float[]> clips = List.of(noise(51, 16000, 0.5f), noise(52, 11111, 0.2f), noise(53, 3000, 0.9f));
        float[][] expected = reference(s, clips);
        float[][] got;
        try (BackendPlan p = backend.plan(s)) {
            got = run(p, clips);
        }
        assertWithin("opencl non-deterministic", name, s, expected, got, maxAbsTol, relL2Tol);
    }

    /**
     * Prints the error metrics of {@code got} against {@code expected} under {@code tag} and checks them: max abs
     * error (relative to the peak when the spec has no log stage) within {@code maxAbsTol}, relative L2 within {@code
     * relL2Tol}.
     */
    static void assertWithin(
            String tag,
            String name,
            SpectrogramSpec s,
            float[][] expected,
            float[][] got,
            double maxAbsTol,
            double relL2Tol) {
        double abs = maxAbs(expected, got);
        double peak = maxMagnitude(expected);
        double rel = relL2(expected, got);
        double scaled = s.log() != null ? abs : abs / peak;
        System.out.println(String.format(
                Locale.ROOT,
                "[%s] %-24s max abs %.3e, max abs / peak %.3e, rel L2 %.3e",
                tag,
                name,
                abs,
                abs / peak,
                rel));
        assertTrue(scaled <= maxAbsTol, name + ": max abs error " + scaled + " > " + maxAbsTol);
        assertTrue(rel <= relL2Tol, name + ": relative L2 error " + rel + " > " + relL2Tol);
    }
}
