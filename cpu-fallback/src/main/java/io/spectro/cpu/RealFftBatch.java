package io.spectro.cpu;

import io.spectro.dsp.ReferenceFft;

/**
 * Spectro's real FFT over many frames at once, frame-major in and out (the layout of {@code numpy.fft.rfft} over the
 * last axis): {@code count} frames of {@code nFft} samples in, {@code count x (nFft/2 + 1)} complex bins out,
 * interleaved re, im. Each frame's result is bit-identical to {@link ReferenceFft#realForward} (any {@code nFft >= 2}:
 * mixed radix, Bluestein for large prime factors).
 *
 * <p>Frames are transformed one per SIMD lane. Needs the Vector API ({@code --add-modules jdk.incubator.vector});
 * without it the constructor throws {@link IllegalStateException} saying so. This class touches no Vector API type
 * itself, so it loads in any JVM. An instance holds its work buffers: use one per thread.
 */
public final class RealFftBatch {
    private final VectorRealFft fft;

    /**
     * A batch FFT for frames of {@code nFft >= 2} samples.
     *
     * @throws IllegalStateException when the JVM runs without the Vector API
     */
    public RealFftBatch(int nFft) {
        if (!Simd.available()) {
            throw new IllegalStateException(
                    Simd.modulePresent()
                            ? "RealFftBatch needs the Vector API, which -Dspectro.cpu.scalar=true turns off"
                            : "RealFftBatch needs the Vector API: start the JVM with --add-modules"
                                    + " jdk.incubator.vector");
        }
        this.fft = new VectorRealFft(nFft);
    }

    /** Samples per frame. */
    public int nFft() {
        return fft.nFft();
    }

    /** Bins per frame, {@code nFft/2 + 1}. */
    public int nFreq() {
        return fft.nFreq();
    }

    /**
     * Transforms frames {@code in[inOffset + f*nFft ..]} for {@code f < count} into {@code out[outOffset + (f*nFreq +
     * k)*2 + {0: re, 1: im}]}.
     *
     * @throws IllegalArgumentException when {@code count} or an offset is negative
     * @throws IndexOutOfBoundsException when the frames do not fit {@code in} or their bins do not fit {@code out}
     */
    public void forward(float[] in, int inOffset, int count, float[] out, int outOffset) {
        fft.forward(in, inOffset, count, out, outOffset);
    }
}
