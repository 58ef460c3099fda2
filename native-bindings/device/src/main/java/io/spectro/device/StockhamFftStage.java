package io.spectro.device;

import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.FftPlan;

/**
 * Spectro's FFT as one launch per Stockham pass of {@link FftPlan} over all frames of a chunk, ping-ponging between
 * {@link WorkSlot#A} and {@link WorkSlot#B}: {@code fft_radix2..5} for small radices, {@code fft_generic} for the rest.
 */
final class StockhamFftStage implements FftStage {
    private final StageContext ctx;
    private final FftPlan fft;
    private final boolean even;

    StockhamFftStage(StageContext ctx, FftPlan fft) {
        for (int p = 0; p < fft.passes(); p++) {
            if (fft.radix(p) > KernelAbi.MAX_GENERIC_RADIX) {
                throw new IllegalArgumentException("FFT pass " + p + " has radix " + fft.radix(p)
                        + ", above the kernels' limit of " + KernelAbi.MAX_GENERIC_RADIX);
            }
        }
        this.ctx = ctx;
        this.fft = fft;
        this.even = ctx.spec().nFft() % 2 == 0;
    }

    @Override
    public FrameLayout input() {
        return new FrameLayout(WorkSlot.A, ctx.shape().scratchA(), even ? 1 : 2);
    }

    @Override
    public Transformed transform(int frames) {
        DeviceBuffer a = ctx.buffer(WorkSlot.A);
        DeviceBuffer b = ctx.buffer(WorkSlot.B);
        DeviceBuffer z = passes(a, b, frames);
        return new Transformed(z, ctx.shape().scratchA(), even, z == a ? b : a);
    }

    /**
     * The passes over {@code frames} transforms in {@code in}, ping-ponging with {@code out}; returns the buffer
     * holding the result.
     */
    DeviceBuffer passes(DeviceBuffer in, DeviceBuffer out, int frames) {
        int len = fft.passLength();
        DeviceBuffer twiddles = ctx.constants().twiddles;
        // Each pass reads and writes every complex value of the chunk once, plus its twiddles (and roots).
        long values = (long) frames * len * 2 * Float.BYTES;
        for (int p = 0; p < fft.passes(); p++) {
            int r = fft.radix(p);
            int count = frames * (len / r);
            long tables = (long) fft.span(p) * (r - 1) * 2 * Float.BYTES;
            KernelArgs args = KernelArgs.of().buffer(in).buffer(out).buffer(twiddles);
            if (r <= 5) {
                args.i32(count).i32(len).i32(fft.span(p)).i32(fft.twiddleOffset(p));
                ctx.launch(KernelId.fftRadix(r), count, args, values + tables, values);
            } else {
                args.buffer(ctx.constants().roots)
                        .i32(count)
                        .i32(len)
                        .i32(fft.span(p))
                        .i32(fft.twiddleOffset(p))
                        .i32(r)
                        .i32(fft.rootOffset(p));
                ctx.launch(KernelId.FFT_GENERIC, count, args, values + tables + 2L * r * Float.BYTES, values);
            }
            DeviceBuffer t = in;
            in = out;
            out = t;
        }
        return in;
    }
}
