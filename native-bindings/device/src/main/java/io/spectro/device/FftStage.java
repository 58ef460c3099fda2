package io.spectro.device;

import io.spectro.dsp.FftPlan;

/**
 * The FFT of one chunk of frames on the device. A plan picks one implementation for its spec: Spectro's Stockham
 * passes ({@link StockhamFftStage}), Bluestein around them for sizes with large prime factors ({@link
 * BluesteinFftStage}), or the device's vendor FFT ({@link VendorFftStage}, never in deterministic mode).
 */
sealed interface FftStage permits StockhamFftStage, BluesteinFftStage, VendorFftStage {

    /**
     * Where the framing stage writes a chunk's frames for this FFT: frame {@code f} value {@code i} at float {@code f
     * * stride + i * step} of {@code slot}.
     *
     * @param slot the work buffer
     * @param stride floats per frame
     * @param step 1: values consecutive (a real input, or an even length packed as complex pairs); 2: complex values
     *     with a zero imaginary part written after each
     */
    record FrameLayout(WorkSlot slot, long stride, int step) {}

    /**
     * Where a transform left its result.
     *
     * @param z the buffer holding the complex result, interleaved re, im
     * @param zStride floats per frame in {@code z}
     * @param halfLength whether {@code z} holds the half-length transform of an even-length real input (the spectrum
     *     stage applies the real-FFT post-processing), rather than the bins themselves
     * @param free a scratch buffer the spectrum stage may overwrite (holds at least {@code nFreq} floats per frame)
     */
    record Transformed(DeviceBuffer z, long zStride, boolean halfLength, DeviceBuffer free) {}

    /** Where the framing stage must write. */
    FrameLayout input();

    /** Transforms the first {@code frames} frames of {@link #input()}. */
    Transformed transform(int frames);

    /**
     * The stage for {@code fft} (the complex plan of the spec's real FFT): the vendor FFT when given, else Stockham
     * passes, with Bluestein when the plan needs it.
     */
    static FftStage of(StageContext ctx, FftPlan fft, VendorFft vendor) {
        if (vendor != null) {
            return new VendorFftStage(ctx, vendor);
        }
        StockhamFftStage passes = new StockhamFftStage(ctx, fft);
        return fft.bluestein() ? new BluesteinFftStage(ctx, fft, passes) : passes;
    }
}
