package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The torchaudio modes against torchaudio 0.13.1's own output (committed fixtures), and the Kaiser mode's measured
 * frequency response.
 *
 * <p>How the Kaiser response is measured: a pure tone of amplitude 0.5 (computed in double, rounded to float32),
 * 0.5 s long, is resampled; the first and last filter lengths of output are dropped (edge transients of the zero
 * padding). For a tone inside the output band, a least-squares fit of {@code a cos(wt) + b sin(wt)} at the tone's
 * frequency gives the gain ({@code hypot(a, b) / 0.5}, in dB: the passband ripple) and the residual after removing
 * the fit (aliases, images, noise: the stopband leakage). For a tone above the output's Nyquist frequency, nothing
 * may come out: the whole output RMS is the leakage. Leakage is in dB relative to the tone's RMS.
 */
class ResamplerTest {

    record Fixture(int fromHz, int toHz, String method, String input, String output) {
        @Override
        public String toString() {
            return fromHz + "->" + toHz + " " + method + " " + input;
        }
    }

    static List<Fixture> fixtures() throws IOException {
        List<Fixture> out = new ArrayList<>();
        for (String[] r : Corpus.rows(Corpus.resampleDir().resolve("index.tsv"))) {
            out.add(new Fixture(Integer.parseInt(r[0]), Integer.parseInt(r[1]), r[2], r[3], r[4]));
        }
        return out;
    }

    @Test
    void fixturesCoverTheRequestedPairsAndBothMethods() throws IOException {
        List<String> pairs = fixtures().stream()
                .map(f -> f.fromHz() + "->" + f.toHz())
                .distinct()
                .toList();
        for (String p : List.of("44100->16000", "48000->22050", "16000->44100", "8000->16000", "22050->22050")) {
            assertTrue(pairs.contains(p), p + " missing from " + pairs);
        }
        assertEquals(2, fixtures().stream().map(Fixture::method).distinct().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void torchaudioModesMatchTorchaudioWithin1e5(Fixture f) throws IOException {
        double maxErr = maxAbsError(f);
        assertTrue(maxErr <= 1e-5, f + ": max abs error " + maxErr);
    }

    @Test
    void reportTheWorstTorchaudioError() throws IOException {
        double worst = 0;
        Fixture where = null;
        for (Fixture f : fixtures()) {
            double e = maxAbsError(f);
            if (e >= worst) {
                worst = e;
                where = f;
            }
        }
        System.out.println("torchaudio fixtures: worst max abs error " + worst + " (" + where + ")");
        assertTrue(worst <= 1e-5);
    }

    static double maxAbsError(Fixture f) throws IOException {
        Path dir = Corpus.resampleDir();
        float[] x = Npy.read(dir.resolve(f.input())).data();
        float[] expected = Npy.read(dir.resolve(f.output())).data();
        Resampler.Mode mode =
                f.method().equals("hann") ? Resampler.Mode.TORCHAUDIO_SINC_HANN : Resampler.Mode.TORCHAUDIO_SINC_KAISER;
        Resampler r = Resampler.of(f.fromHz(), f.toHz(), mode);
        float[] y = r.process(x);
        assertEquals(expected.length, y.length, "output length (torchaudio: ceil(n * to / from))");
        assertEquals(expected.length, r.outputLength(x.length));
        double maxErr = 0;
        for (int i = 0; i < y.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(y[i] - expected[i]));
        }
        return maxErr;
    }

    @Test
    void outputLengthIsTheExactCeiling() {
        int[][] pairs = {{44100, 16000}, {48000, 22050}, {16000, 44100}, {8000, 44100}, {7, 3}, {3, 7}};
        for (int[] p : pairs) {
            for (long n : new long[] {0, 1, 2, 3, 440, 441, 442, 1_000_003, Integer.MAX_VALUE, 1L << 40}) {
                java.math.BigInteger num = java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(p[1]));
                java.math.BigInteger[] qr = num.divideAndRemainder(java.math.BigInteger.valueOf(p[0]));
                long ceil = qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
                assertEquals(ceil, Resampler.outputLength(n, p[0], p[1]), n + " at " + p[0] + "->" + p[1]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Resampler.outputLength(-1, 44100, 16000));
    }

    @Test
    void equalRatesCopy() {
        float[] x = {1, -2, 3.5f, 0};
        for (Resampler.Mode mode : Resampler.Mode.values()) {
            Resampler r = Resampler.of(22050, 22050, mode);
            float[] y = r.process(x);
            assertNotSame(x, y);
            assertArrayEquals(x, y);
            assertEquals(0, r.tapsPerOutput());
        }
    }

    @Test
    void emptyAndTinyInputs() {
        for (Resampler.Mode mode : Resampler.Mode.values()) {
            Resampler r = Resampler.of(44100, 16000, mode);
            assertEquals(0, r.process(new float[0]).length);
            assertEquals(1, r.process(new float[] {1}).length);
            Resampler up = Resampler.of(8000, 44100, mode);
            assertEquals(6, up.process(new float[] {1}).length);
        }
    }

    @Test
    void interleavedChannelsAreResampledIndependently() {
        int frames = 1001;
        float[] left = tone(44100, 1000, 0.5, frames);
        float[] right = tone(44100, 3000, 0.25, frames);
        float[] stereo = new float[2 * frames];
        for (int f = 0; f < frames; f++) {
            stereo[2 * f] = left[f];
            stereo[2 * f + 1] = right[f];
        }
        Resampler r = Resampler.of(44100, 16000);
        float[] out = r.processInterleaved(stereo, 2);
        float[] l = r.process(left);
        float[] rr = r.process(right);
        assertEquals(2 * l.length, out.length);
        for (int f = 0; f < l.length; f++) {
            assertEquals(l[f], out[2 * f]);
            assertEquals(rr[f], out[2 * f + 1]);
        }
        AudioClip clip = new AudioClip(stereo, 44100, 2, WavInfoFixtures.dummy(44100, 2));
        AudioClip resampled = r.process(clip);
        assertEquals(16000, resampled.sampleRateHz());
        assertArrayEquals(out, resampled.samples());
        IllegalArgumentException wrongRate = assertThrows(
                IllegalArgumentException.class, () -> Resampler.of(48000, 16000).process(clip));
        assertTrue(wrongRate.getMessage().contains("44100 Hz"), wrongRate.getMessage());
    }

    @Test
    void badArgumentsAreRejectedWithReasons() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Resampler.of(0, 16000));
        assertTrue(zero.getMessage().contains("> 0 Hz"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resampler.of(16000, -1));
        IllegalArgumentException huge =
                assertThrows(IllegalArgumentException.class, () -> Resampler.of(192000, 176401));
        assertTrue(huge.getMessage().contains("intermediate rate"), huge.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> Resampler.of(44100, 16000).processInterleaved(new float[3], 2));
    }

    // ---- Kaiser quality ---------------------------------------------------------------------------------------

    static final int[][] QUALITY_PAIRS = {
        {44100, 16000},
        {48000, 22050},
        {16000, 44100},
        {8000, 16000},
        {44100, 48000},
        {48000, 44100},
        {22050, 8000},
        {8000, 44100}
    };

    static Stream<Arguments> qualityPairs() {
        return Stream.of(QUALITY_PAIRS).map(p -> Arguments.of(p[0], p[1]));
    }

    /** What a set of tones measured: worst passband deviation (dB) and worst leakage (dB, negative). */
    record Response(double passbandDeviationDb, double leakageDb) {}

    static Response measure(int fromHz, int toHz, Resampler.Quality quality) {
        Resampler r = Resampler.of(fromHz, toHz, quality);
        double nyquist = Math.min(fromHz, toHz) / 2.0;
        double passEdge = quality.passbandEdge() * nyquist;
        double amp = 0.5;
        int n = fromHz / 2;
        int skip = (int) Math.ceil(r.tapsPerOutput() * Math.max(1.0, (double) toHz / fromHz)) + 8;
        double worstPass = 0;
        double worstLeak = -400;
        // In-band tones (up to the passband edge) and transition-band tones (whose images, when upsampling, must
        // still be rejected).
        List<Double> inBand = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            inBand.add(passEdge * i / 24);
        }
        inBand.add(37.0);
        inBand.add((passEdge + nyquist) / 2);
        for (double f : inBand) {
            float[] y = r.process(tone(fromHz, f, amp, n));
            double[] fit = fitSine(y, skip, y.length - skip, f / toHz);
            if (f <= passEdge) {
                worstPass = Math.max(worstPass, Math.abs(20 * Math.log10(Math.hypot(fit[0], fit[1]) / amp)));
            }
            worstLeak = Math.max(worstLeak, 20 * Math.log10(fit[2] / (amp / Math.sqrt(2))));
        }
        // Tones above the output's Nyquist frequency (downsampling only): everything that comes out is aliasing.
        if (toHz < fromHz) {
            for (double rel : new double[] {1.0, 1.001, 1.01, 1.05, 1.1, 1.3, 1.6, 2.0, 2.5, 3.0, 5.0}) {
                double f = nyquist * rel;
                if (f >= fromHz / 2.0) {
                    continue;
                }
                float[] y = r.process(tone(fromHz, f, amp, n));
                double rms = rms(y, skip, y.length - skip);
                worstLeak = Math.max(worstLeak, 20 * Math.log10(rms / (amp / Math.sqrt(2))));
            }
            double f = fromHz / 2.0 * 0.999;
            float[] y = r.process(tone(fromHz, f, amp, n));
            worstLeak = Math.max(worstLeak, 20 * Math.log10(rms(y, skip, y.length - skip) / (amp / Math.sqrt(2))));
        }
        return new Response(worstPass, worstLeak);
    }

    @ParameterizedTest(name = "{0}->{1}")
    @MethodSource("qualityPairs")
    void defaultKaiserHasUnder001DbRippleAndOver90DbRejection(int fromHz, int toHz) {
        Response resp = measure(fromHz, toHz, Resampler.Quality.DEFAULT);
        String report = String.format(
                Locale.ROOT,
                "%d->%d DEFAULT: passband deviation %.5f dB, worst leakage %.1f dB",
                fromHz,
                toHz,
                resp.passbandDeviationDb(),
                resp.leakageDb());
        System.out.println(report);
        assertTrue(resp.passbandDeviationDb() <= 0.01, report);
        assertTrue(resp.leakageDb() <= -90, report);
    }

    @Test
    void qualitiesAreOrdered() {
        Response fast = measure(44100, 16000, Resampler.Quality.FAST);
        Response def = measure(44100, 16000, Resampler.Quality.DEFAULT);
        Response best = measure(44100, 16000, Resampler.Quality.BEST);
        String report = "FAST " + fast + ", DEFAULT " + def + ", BEST " + best;
        System.out.println("44100->16000 " + report);
        assertTrue(fast.leakageDb() <= -70, report);
        assertTrue(best.leakageDb() <= def.leakageDb() && def.leakageDb() <= fast.leakageDb(), report);
        assertTrue(best.leakageDb() <= -105, report);
        assertTrue(Resampler.of(44100, 16000, Resampler.Quality.FAST).tapsPerOutput()
                < Resampler.of(44100, 16000, Resampler.Quality.BEST).tapsPerOutput());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static float[] tone(int rateHz, double freqHz, double amp, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * freqHz * i / rateHz + 0.25));
        }
        return x;
    }

    static double rms(float[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) y[i] * y[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /**
     * Least-squares fit of {@code a cos(2 pi c j) + b sin(2 pi c j)} to {@code y[from, to)}, {@code c} in cycles per
     * sample; returns {a, b, rms of the residual}.
     */
    static double[] fitSine(float[] y, int from, int to, double c) {
        double cc = 0;
        double ss = 0;
        double cs = 0;
        double yc = 0;
        double ys = 0;
        for (int j = from; j < to; j++) {
            double w = 2 * Math.PI * c * j;
            double cj = Math.cos(w);
            double sj = Math.sin(w);
            cc += cj * cj;
            ss += sj * sj;
            cs += cj * sj;
            yc += y[j] * cj;
            ys += y[j] * sj;
        }
        double det = cc * ss - cs * cs;
        double a = (yc * ss - ys * cs) / det;
        double b = (ys * cc - yc * cs) / det;
        double res = 0;
        for (int j = from; j < to; j++) {
            double w = 2 * Math.PI * c * j;
            double e = y[j] - (a * Math.cos(w) + b * Math.sin(w));
            res += e * e;
        }
        return new double[] {a, b, Math.sqrt(res / (to - from))};
    }
}
