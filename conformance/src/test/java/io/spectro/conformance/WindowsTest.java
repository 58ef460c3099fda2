package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import io.spectro.dsp.Windows;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Windows} against torch's windows ({@code torch.hann_window}, {@code hamming_window}, {@code
 * blackman_window}, ones, {@code hann ** 0.85}) in float64, periodic and symmetric, for lengths 1 .. 512: within
 * 1e-12 (both are double evaluations of the same cosine sums).
 */
class WindowsTest {
    static Stream<Window> windows() {
        return Stream.of(
                        WindowType.HANN,
                        WindowType.HAMMING,
                        WindowType.BLACKMAN,
                        WindowType.RECTANGULAR,
                        WindowType.POVEY)
                .flatMap(t -> Stream.of(Window.periodic(t), Window.symmetric(t)));
    }

    @ParameterizedTest(name = "{0} periodic={0}")
    @MethodSource("windows")
    void matchesTorch(Window w) {
        int[] lengths = Arrays.stream(GoldenFiles.properties("windows.properties")
                        .getProperty("lengths")
                        .split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        double[] golden = GoldenFiles.doubles(
                "window_" + w.type().name().toLowerCase() + "_" + (w.periodic() ? "periodic" : "symmetric") + ".npy");
        int off = 0;
        for (int n : lengths) {
            double[] c = Windows.coefficients(w, n);
            assertEquals(n, c.length);
            for (int i = 0; i < n; i++) {
                assertEquals(golden[off + i], c[i], 1e-12, w + " length " + n + " index " + i);
            }
            off += n;
        }
        assertEquals(golden.length, off);
    }

    @Test
    void frameWindowIsCentredForTorchAndAtTheStartForKaldi() {
        SpectrogramSpec torch = SpectrogramSpec.builder()
                .nFft(16)
                .winLength(9)
                .hopLength(4)
                .window(Window.periodic(WindowType.HANN))
                .build();
        float[] fw = Windows.frameWindow(torch);
        double[] c = Windows.coefficients(Window.periodic(WindowType.HANN), 9);
        float[] expected = new float[16];
        for (int i = 0; i < 9; i++) {
            expected[3 + i] = (float) c[i]; // torch.stft: left pad (16 - 9) / 2 = 3
        }
        assertArrayEquals(expected, fw);
        SpectrogramSpec kaldi =
                torch.toBuilder().frameMode(FrameMode.KALDI).center(false).build();
        float[] kw = Windows.frameWindow(kaldi);
        float[] ke = new float[16];
        for (int i = 0; i < 9; i++) {
            ke[i] = (float) c[i];
        }
        assertArrayEquals(ke, kw);
    }

    @Test
    void customWindowsAreUsedAsGiven() {
        float[] coeffs = {0.25f, 1f, 0.5f};
        assertArrayEquals(new double[] {0.25, 1, 0.5}, Windows.coefficients(Window.custom(coeffs), 3));
        assertThrows(IllegalArgumentException.class, () -> Windows.coefficients(Window.custom(coeffs), 4));
        assertThrows(IllegalArgumentException.class, () -> Windows.coefficients(Window.periodic(WindowType.HANN), 0));
    }
}
