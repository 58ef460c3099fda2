package io.spectro.dsp;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;

/** Window coefficients, computed in double (rounded once to float by the callers that need float). */
public final class Windows {
    private Windows() {}

    /**
     * The {@code length} coefficients of {@code window}: periodic windows divide by {@code length}, symmetric ones by
     * {@code length - 1}; a window of length 1 is {@code [1]}, periodic or symmetric, as torch and scipy.
     */
    public static double[] coefficients(Window window, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("window length = " + length + " is out of range: must be >= 1");
        }
        if (window.type() == WindowType.CUSTOM) {
            float[] c = window.coefficients();
            if (c.length != length) {
                throw new IllegalArgumentException(
                        "custom window has " + c.length + " coefficients, expected " + length);
            }
            double[] d = new double[length];
            for (int i = 0; i < length; i++) {
                d[i] = c[i];
            }
            return d;
        }
        double[] w = new double[length];
        int denom = window.periodic() ? length : length - 1;
        if (length == 1) {
            w[0] = 1.0;
            return w;
        }
        for (int n = 0; n < length; n++) {
            double c1 = UnitRoots.cos(n, denom);
            double c2 = UnitRoots.cos(2L * n, denom);
            w[n] = switch (window.type()) {
                case HANN -> 0.5 - 0.5 * c1;
                case HAMMING -> 0.54 - 0.46 * c1;
                case BLACKMAN -> 0.42 - 0.5 * c1 + 0.08 * c2;
                case RECTANGULAR -> 1.0;
                case POVEY -> Math.pow(0.5 - 0.5 * c1, 0.85);
                case CUSTOM -> throw new AssertionError();
            };
        }
        return w;
    }

    /**
     * The window as applied to an {@code nFft}-sample frame, rounded to float: TORCH framing centres the {@code
     * winLength} coefficients (offset {@code (nFft - winLength) / 2}); KALDI framing puts them at the start. All other
     * entries are 0.
     */
    public static float[] frameWindow(SpectrogramSpec spec) {
        double[] w = coefficients(spec.window(), spec.winLength());
        float[] out = new float[spec.nFft()];
        int offset = spec.frameMode() == FrameMode.KALDI ? 0 : (spec.nFft() - spec.winLength()) / 2;
        for (int i = 0; i < w.length; i++) {
            out[offset + i] = (float) w[i];
        }
        return out;
    }
}
