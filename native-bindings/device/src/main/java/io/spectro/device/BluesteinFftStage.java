package io.spectro.device;

import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.FftPlan;

/**
 * Bluestein's FFT for lengths with a large prime factor: frames in {@link WorkSlot#X} are multiplied by the chirp
 * ({@code bluestein_pre}), transformed by the Stockham passes of the padded length, multiplied by the chirp filter's
 * transform ({@code bluestein_mid}), transformed back, and multiplied by the chirp into {@code X} ({@code
 * bluestein_post}).
 */
final class BluesteinFftStage implements FftStage {
    private final StageContext ctx;
    private final FftPlan fft;
    private final StockhamFftStage passes;
    private final boolean even;

    BluesteinFftStage(StageContext ctx, FftPlan fft, StockhamFftStage passes) {
        this.ctx = ctx;
        this.fft = fft;
        this.passes = passes;
        this.even = ctx.spec().nFft() % 2 == 0;
    }

    @Override
    public FrameLayout input() {
        return new FrameLayout(WorkSlot.X, ctx.shape().scratchX(), even ? 1 : 2);
    }

    @Override
    public Transformed transform(int frames) {
        int m = fft.passLength();
        int n = fft.n();
        long xStride = ctx.shape().scratchX();
        DeviceBuffer a = ctx.buffer(WorkSlot.A);
        DeviceBuffer b = ctx.buffer(WorkSlot.B);
        DeviceBuffer x = ctx.buffer(WorkSlot.X);
        DeviceBuffer chirp = ctx.constants().chirp;
        long in = (long) frames * n * 2 * Float.BYTES;
        long padded = (long) frames * m * 2 * Float.BYTES;
        ctx.launch(
                KernelId.BLUESTEIN_PRE,
                frames * m,
                KernelArgs.of()
                        .buffer(x)
                        .i64(xStride)
                        .buffer(chirp)
                        .i32(n)
                        .i32(m)
                        .i32(frames * m)
                        .buffer(a),
                in + n * 2L * Float.BYTES,
                padded);
        DeviceBuffer r1 = passes.passes(a, b, frames);
        ctx.launch(
                KernelId.BLUESTEIN_MID,
                (long) frames * m,
                KernelArgs.of()
                        .buffer(r1)
                        .buffer(ctx.constants().chirpFilter)
                        .i32(m)
                        .i32(frames * m),
                padded + m * 2L * Float.BYTES,
                padded);
        DeviceBuffer r2 = passes.passes(r1, r1 == a ? b : a, frames);
        ctx.launch(
                KernelId.BLUESTEIN_POST,
                (long) frames * n,
                KernelArgs.of()
                        .buffer(r2)
                        .buffer(chirp)
                        .i32(n)
                        .i32(m)
                        .i32(frames * n)
                        .buffer(x)
                        .i64(xStride),
                in + n * 2L * Float.BYTES,
                in);
        return new Transformed(x, xStride, even, a);
    }
}
