package io.spectro.dsp;

/** A double-precision in-place radix-2 FFT for host tables (power-of-two lengths only). Not a hot path. */
final class HostFft {
    private HostFft() {}

    /** Forward transform ({@code exp(-2 pi i jk/n)}) of {@code re + i im}, in place; length a power of two. */
    static void forward(double[] re, double[] im) {
        int n = re.length;
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("HostFft needs a power of two, not " + n);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len / 2;
            for (int k = 0; k < half; k++) {
                double wr = UnitRoots.cos(-k, len);
                double wi = UnitRoots.sin(-k, len);
                for (int i = k; i < n; i += len) {
                    int j = i + half;
                    double xr = re[j] * wr - im[j] * wi;
                    double xi = re[j] * wi + im[j] * wr;
                    re[j] = re[i] - xr;
                    im[j] = im[i] - xi;
                    re[i] += xr;
                    im[i] += xi;
                }
            }
        }
    }
}
