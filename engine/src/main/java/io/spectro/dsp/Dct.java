package io.spectro.dsp;

/** DCT matrices and lifters for MFCCs, computed in double and rounded once to float. */
public final class Dct {
    private Dct() {}

    /**
     * The orthonormal type-II DCT, {@code [nMfcc][nMels]} row-major: {@code D[c][m] = s(c) cos(pi (m + 0.5) c /
     * nMels)} with {@code s(0) = sqrt(1/nMels)}, {@code s(c) = sqrt(2/nMels)} (torchaudio {@code create_dct(norm="ortho")},
     * scipy {@code dct(type=2, norm="ortho")}).
     */
    public static float[] orthoMatrix(int nMfcc, int nMels) {
        if (nMfcc < 1 || nMels < 1 || nMfcc > nMels) {
            throw new IllegalArgumentException("nMfcc = " + nMfcc + " must be in 1 .. nMels (" + nMels + ")");
        }
        float[] d = new float[nMfcc * nMels];
        double s0 = Math.sqrt(1.0 / nMels);
        double s = Math.sqrt(2.0 / nMels);
        for (int c = 0; c < nMfcc; c++) {
            for (int m = 0; m < nMels; m++) {
                double v = UnitRoots.cos((2L * m + 1) * c, 4L * nMels);
                d[c * nMels + m] = (float) ((c == 0 ? s0 : s) * v);
            }
        }
        return d;
    }

    /**
     * librosa's sinusoidal lifter, {@code 1 + (lifter/2) sin(pi (c+1) / lifter)} for {@code c = 0 .. nMfcc-1}; all
     * ones when {@code lifter == 0}.
     */
    public static float[] lifter(int nMfcc, double lifter) {
        float[] l = new float[nMfcc];
        for (int c = 0; c < nMfcc; c++) {
            l[c] = lifter > 0 ? (float) (1.0 + (lifter / 2.0) * Math.sin(Math.PI * (c + 1) / lifter)) : 1.0f;
        }
        return l;
    }
}
