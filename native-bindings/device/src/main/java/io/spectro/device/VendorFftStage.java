package io.spectro.device;

/**
 * The device's vendor FFT (cuFFT) as the FFT stage: real frames of {@code nFft} floats in {@link WorkSlot#A}, the
 * {@code nFreq} complex bins of each in {@link WorkSlot#B}. Used only outside deterministic mode.
 */
final class VendorFftStage implements FftStage {
    private final StageContext ctx;
    private final VendorFft vendor;

    VendorFftStage(StageContext ctx, VendorFft vendor) {
        this.ctx = ctx;
        this.vendor = vendor;
    }

    @Override
    public FrameLayout input() {
        return new FrameLayout(WorkSlot.A, ctx.spec().nFft(), 1);
    }

    /**
     * {@inheritDoc} Recorded as a host step counted as one launch (cuFFT may run more than one kernel) reading the
     * frames and writing the bins.
     */
    @Override
    public Transformed transform(int frames) {
        DeviceBuffer a = ctx.buffer(WorkSlot.A);
        DeviceBuffer b = ctx.buffer(WorkSlot.B);
        int nFft = ctx.spec().nFft();
        ctx.host(
                vendor.description(),
                () -> vendor.realForward(a, b, nFft, frames),
                1,
                (long) frames * nFft * Float.BYTES,
                (long) frames * ctx.spec().nFreq() * 2 * Float.BYTES);
        return new Transformed(b, 2L * ctx.spec().nFreq(), false, a);
    }
}
