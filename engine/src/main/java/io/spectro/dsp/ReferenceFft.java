package io.spectro.dsp;

/**
 * The scalar, one-frame executable definition of Spectro's FFT ({@link FftPlan}) and real-input spectrum ({@link
 * RealFftPlan}). Every backend must produce the same bits as this code for every frame; vectorised and device
 * implementations are tested against it.
 *
 * <p>Butterflies (forward, {@code W = exp(-2 pi i / R)}), written component-wise in exactly this operation order:
 *
 * <ul>
 *   <li>R=2: {@code y0 = a0 + a1; y1 = a0 - a1}.
 *   <li>R=4: {@code t0 = a0 + a2; t1 = a0 - a2; t2 = a1 + a3; t3 = a1 - a3; y0 = t0 + t2; y2 = t0 - t2; y1 = (t1.re +
 *       t3.im, t1.im - t3.re); y3 = (t1.re - t3.im, t1.im + t3.re)}.
 *   <li>R=3: {@code t1 = a1 + a2; t2 = a1 - a2; y0 = a0 + t1; m = a0 + C3*t1; y1 = (m.re - S3*t2.im, m.im +
 *       S3*t2.re); y2 = (m.re + S3*t2.im, m.im - S3*t2.re)} with {@code C3 = -1/2}, {@code S3 = -sin(2pi/3)}.
 *   <li>R=5: {@code t1 = a1 + a4; t2 = a2 + a3; t3 = a1 - a4; t4 = a2 - a3; y0 = (a0 + t1) + t2; m1 = (a0 + C1*t1) +
 *       C2*t2; m2 = (a0 + C2*t1) + C1*t2; n1 = S1*t3 + S2*t4; n2 = S2*t3 - S1*t4; y1 = m1 + i n1; y4 = m1 - i n1; y2 =
 *       m2 + i n2; y3 = m2 - i n2} with {@code C1 = cos(2pi/5), C2 = cos(4pi/5), S1 = -sin(2pi/5), S2 = -sin(4pi/5)};
 *       {@code m + i n = (m.re - n.im, m.im + n.re)}.
 *   <li>Other R: {@code y[q] = a[0]; for r in 1..R-1: y[q] += a[r] * root[(q r) mod R]} (complex multiply-add as two
 *       separate operations).
 * </ul>
 */
public final class ReferenceFft {
    private ReferenceFft() {}

    /** {@code -1/2}. */
    public static final float C3 = -0.5f;
    /** {@code -sin(2 pi / 3)} rounded to float. */
    public static final float S3 = (float) -Math.sin(2 * Math.PI / 3);
    /** {@code cos(2 pi / 5)} rounded to float. */
    public static final float C51 = (float) Math.cos(2 * Math.PI / 5);
    /** {@code cos(4 pi / 5)} rounded to float. */
    public static final float C52 = (float) Math.cos(4 * Math.PI / 5);
    /** {@code -sin(2 pi / 5)} rounded to float. */
    public static final float S51 = (float) -Math.sin(2 * Math.PI / 5);
    /** {@code -sin(4 pi / 5)} rounded to float. */
    public static final float S52 = (float) -Math.sin(4 * Math.PI / 5);

    /** The butterfly constants as C {@code #define} lines for device kernel sources. */
    public static String deviceConstants() {
        return "#define FFT_C3 " + DetMath.hex(C3) + "\n#define FFT_S3 " + DetMath.hex(S3) + "\n#define FFT_C51 "
                + DetMath.hex(C51) + "\n#define FFT_C52 " + DetMath.hex(C52) + "\n#define FFT_S51 "
                + DetMath.hex(S51) + "\n#define FFT_S52 " + DetMath.hex(S52) + "\n";
    }

    /**
     * Transforms {@code (re, im)} (length {@code plan.n()}) in place. Scratch arrays must hold {@code
     * plan.passLength()} values each.
     */
    public static void forward(FftPlan plan, float[] re, float[] im, float[] scratchRe, float[] scratchIm) {
        float[] tw = plan.twiddles();
        float[] roots = plan.roots();
        int len = plan.passLength();
        if (!plan.bluestein()) {
            runPasses(plan, tw, roots, re, im, scratchRe, scratchIm, len);
            return;
        }
        int n = plan.n();
        float[] chirp = plan.chirp();
        float[] filter = plan.chirpFilter();
        float[] ar = new float[len];
        float[] ai = new float[len];
        for (int j = 0; j < n; j++) {
            float cr = chirp[2 * j];
            float ci = chirp[2 * j + 1];
            ar[j] = re[j] * cr - im[j] * ci;
            ai[j] = re[j] * ci + im[j] * cr;
        }
        runPasses(plan, tw, roots, ar, ai, scratchRe, scratchIm, len);
        for (int k = 0; k < len; k++) {
            float fr = filter[2 * k];
            float fi = filter[2 * k + 1];
            float pr = ar[k] * fr - ai[k] * fi;
            float pi = ar[k] * fi + ai[k] * fr;
            ar[k] = pr;
            ai[k] = -pi;
        }
        runPasses(plan, tw, roots, ar, ai, scratchRe, scratchIm, len);
        for (int k = 0; k < n; k++) {
            float yr = ar[k];
            float yi = -ai[k];
            float cr = chirp[2 * k];
            float ci = chirp[2 * k + 1];
            re[k] = yr * cr - yi * ci;
            im[k] = yr * ci + yi * cr;
        }
    }

    private static void runPasses(
            FftPlan plan, float[] tw, float[] roots, float[] re, float[] im, float[] sre, float[] sim, int len) {
        float[] inR = re;
        float[] inI = im;
        float[] outR = sre;
        float[] outI = sim;
        float[] ar = new float[64];
        float[] ai = new float[64];
        float[] yr = new float[64];
        float[] yi = new float[64];
        for (int p = 0; p < plan.passes(); p++) {
            int r = plan.radix(p);
            int s = plan.span(p);
            int stride = len / r;
            int twOff = plan.twiddleOffset(p);
            int rootOff = plan.rootOffset(p);
            for (int j = 0; j < stride; j++) {
                int k = j % s;
                for (int q = 0; q < r; q++) {
                    ar[q] = inR[j + q * stride];
                    ai[q] = inI[j + q * stride];
                }
                if (s > 1) {
                    for (int q = 1; q < r; q++) {
                        int t = 2 * (twOff + k * (r - 1) + q - 1);
                        float wr = tw[t];
                        float wi = tw[t + 1];
                        float xr = ar[q] * wr - ai[q] * wi;
                        float xi = ar[q] * wi + ai[q] * wr;
                        ar[q] = xr;
                        ai[q] = xi;
                    }
                }
                butterfly(r, ar, ai, yr, yi, roots, rootOff);
                int base = (j / s) * s * r + k;
                for (int q = 0; q < r; q++) {
                    outR[base + q * s] = yr[q];
                    outI[base + q * s] = yi[q];
                }
            }
            float[] t = inR;
            inR = outR;
            outR = t;
            t = inI;
            inI = outI;
            outI = t;
        }
        if (inR != re) {
            System.arraycopy(inR, 0, re, 0, len);
            System.arraycopy(inI, 0, im, 0, len);
        }
    }

    /** One radix-{@code r} DFT of {@code (ar, ai)} into {@code (yr, yi)}, as documented on the class. */
    public static void butterfly(int r, float[] ar, float[] ai, float[] yr, float[] yi, float[] roots, int rootOff) {
        switch (r) {
            case 2 -> {
                yr[0] = ar[0] + ar[1];
                yi[0] = ai[0] + ai[1];
                yr[1] = ar[0] - ar[1];
                yi[1] = ai[0] - ai[1];
            }
            case 4 -> {
                float t0r = ar[0] + ar[2];
                float t0i = ai[0] + ai[2];
                float t1r = ar[0] - ar[2];
                float t1i = ai[0] - ai[2];
                float t2r = ar[1] + ar[3];
                float t2i = ai[1] + ai[3];
                float t3r = ar[1] - ar[3];
                float t3i = ai[1] - ai[3];
                yr[0] = t0r + t2r;
                yi[0] = t0i + t2i;
                yr[2] = t0r - t2r;
                yi[2] = t0i - t2i;
                yr[1] = t1r + t3i;
                yi[1] = t1i - t3r;
                yr[3] = t1r - t3i;
                yi[3] = t1i + t3r;
            }
            case 3 -> {
                float t1r = ar[1] + ar[2];
                float t1i = ai[1] + ai[2];
                float t2r = ar[1] - ar[2];
                float t2i = ai[1] - ai[2];
                yr[0] = ar[0] + t1r;
                yi[0] = ai[0] + t1i;
                float mr = ar[0] + C3 * t1r;
                float mi = ai[0] + C3 * t1i;
                yr[1] = mr - S3 * t2i;
                yi[1] = mi + S3 * t2r;
                yr[2] = mr + S3 * t2i;
                yi[2] = mi - S3 * t2r;
            }
            case 5 -> {
                float t1r = ar[1] + ar[4];
                float t1i = ai[1] + ai[4];
                float t2r = ar[2] + ar[3];
                float t2i = ai[2] + ai[3];
                float t3r = ar[1] - ar[4];
                float t3i = ai[1] - ai[4];
                float t4r = ar[2] - ar[3];
                float t4i = ai[2] - ai[3];
                yr[0] = ar[0] + t1r + t2r;
                yi[0] = ai[0] + t1i + t2i;
                float m1r = ar[0] + C51 * t1r + C52 * t2r;
                float m1i = ai[0] + C51 * t1i + C52 * t2i;
                float m2r = ar[0] + C52 * t1r + C51 * t2r;
                float m2i = ai[0] + C52 * t1i + C51 * t2i;
                float n1r = S51 * t3r + S52 * t4r;
                float n1i = S51 * t3i + S52 * t4i;
                float n2r = S52 * t3r - S51 * t4r;
                float n2i = S52 * t3i - S51 * t4i;
                yr[1] = m1r - n1i;
                yi[1] = m1i + n1r;
                yr[4] = m1r + n1i;
                yi[4] = m1i - n1r;
                yr[2] = m2r - n2i;
                yi[2] = m2i + n2r;
                yr[3] = m2r + n2i;
                yi[3] = m2i - n2r;
            }
            default -> {
                for (int q = 0; q < r; q++) {
                    float sr = ar[0];
                    float si = ai[0];
                    for (int t = 1; t < r; t++) {
                        int w = 2 * (rootOff + (q * t) % r);
                        float wr = roots[w];
                        float wi = roots[w + 1];
                        sr = sr + (ar[t] * wr - ai[t] * wi);
                        si = si + (ar[t] * wi + ai[t] * wr);
                    }
                    yr[q] = sr;
                    yi[q] = si;
                }
            }
        }
    }

    /**
     * The one-sided spectrum of a real frame of {@code plan.nFft()} samples into {@code out} ({@code nFreq} complex
     * values interleaved re, im), as documented on {@link RealFftPlan}.
     */
    public static void realForward(RealFftPlan plan, float[] frame, float[] out) {
        FftPlan c = plan.complexPlan();
        int len = c.passLength();
        float[] re = new float[len];
        float[] im = new float[len];
        float[] sre = new float[len];
        float[] sim = new float[len];
        int nFft = plan.nFft();
        if (plan.halfLength()) {
            int n = nFft / 2;
            for (int j = 0; j < n; j++) {
                re[j] = frame[2 * j];
                im[j] = frame[2 * j + 1];
            }
            forward(c, re, im, sre, sim);
            float[] w = plan.postTwiddles();
            for (int k = 0; k <= n; k++) {
                int a = k == n ? 0 : k;
                int b = k == 0 ? 0 : n - k;
                float er = 0.5f * (re[a] + re[b]);
                float ei = 0.5f * (im[a] - im[b]);
                float or = 0.5f * (im[a] + im[b]);
                float oi = 0.5f * (re[b] - re[a]);
                float wr = w[2 * k];
                float wi = w[2 * k + 1];
                out[2 * k] = er + (wr * or - wi * oi);
                out[2 * k + 1] = ei + (wr * oi + wi * or);
            }
        } else {
            System.arraycopy(frame, 0, re, 0, nFft);
            forward(c, re, im, sre, sim);
            for (int k = 0; k < plan.nFreq(); k++) {
                out[2 * k] = re[k];
                out[2 * k + 1] = im[k];
            }
        }
    }
}
