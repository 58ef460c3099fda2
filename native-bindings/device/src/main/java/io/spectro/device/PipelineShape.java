package io.spectro.device;

import io.spectro.FrameMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.dsp.FftPlan;
import io.spectro.dsp.SpecTables;

/**
 * The per-frame sizes, in floats, of a spec's device buffers. Frame-level scratch (one chunk of frames at a time):
 * {@code A} and {@code B} (FFT ping-pong, also the framing output and the power spectrum), {@code X} (Bluestein
 * input/output) and the KALDI frame means. Batch-level (every frame of a sub-batch): the frame-level features, the
 * clip-level feature rows (MFCC and deltas) and the transposed output.
 *
 * @param scratchA floats per frame of scratch buffer A
 * @param scratchB floats per frame of scratch buffer B
 * @param scratchX floats per frame of the Bluestein buffer X (0 when unused)
 * @param means floats per frame of the KALDI DC means (0 when unused)
 * @param features frame-level feature floats per frame ({@code nFft}, {@code 2 nFreq}, {@code nFreq} or {@code nMels})
 * @param rowFeatures clip-level row floats per frame ({@code featureCount}) when MFCC or deltas are on, else 0
 * @param output output floats per frame ({@code featureCount * valuesPerFeature})
 */
public record PipelineShape(
        long scratchA, long scratchB, long scratchX, long means, long features, long rowFeatures, long output) {

    /** The shape of {@code tables}' pipeline; {@code vendorFft} when a vendor FFT replaces the Stockham passes. */
    public static PipelineShape of(SpecTables tables, boolean vendorFft) {
        SpectrogramSpec spec = tables.spec();
        int nFft = spec.nFft();
        long nFreq = spec.nFreq();
        long means = spec.frameMode() == FrameMode.KALDI && spec.removeDcOffset() ? 1 : 0;
        long rows = spec.mfcc() != null || spec.deltaOrder() > 0 ? spec.featureCount() : 0;
        long output = (long) spec.featureCount() * spec.valuesPerFeature();
        if (spec.spectrum() == SpectrumKind.FRAMES) {
            return new PipelineShape(0, 0, 0, means, nFft, rows, output);
        }
        long features = spec.spectrum() == SpectrumKind.COMPLEX ? 2 * nFreq : tables.frameFeatures();
        if (vendorFft) {
            return new PipelineShape(nFft, 2 * nFreq, 0, means, features, rows, output);
        }
        FftPlan c = tables.fft().complexPlan();
        long len = 2L * c.passLength();
        long x = c.bluestein() ? 2L * c.n() : 0;
        return new PipelineShape(len, len, x, means, features, rows, output);
    }

    /**
     * The shape of the fused path ({@code fused_frames}): no frame-level scratch (the FFT runs in local memory);
     * frame-level features only when the clip-level stages need frame rows, i.e. unless the fused kernel writes the
     * output blocks itself ({@code direct}).
     */
    public static PipelineShape fused(SpecTables tables, boolean direct) {
        SpectrogramSpec spec = tables.spec();
        long rows = spec.mfcc() != null || spec.deltaOrder() > 0 ? spec.featureCount() : 0;
        long output = (long) spec.featureCount() * spec.valuesPerFeature();
        long features =
                direct ? 0 : spec.spectrum() == SpectrumKind.COMPLEX ? 2L * spec.nFreq() : tables.frameFeatures();
        return new PipelineShape(0, 0, 0, 0, features, rows, output);
    }

    /** Scratch floats per frame, all buffers together. */
    public long scratchPerFrame() {
        return scratchA + scratchB + scratchX + means;
    }

    /** The largest scratch buffer's floats per frame. */
    public long largestScratchPerFrame() {
        return Math.max(Math.max(scratchA, scratchB), Math.max(scratchX, means));
    }

    /**
     * The most work-items per frame of any kernel launch (at most one item per float of a per-frame buffer); chunks
     * are bounded so that a launch covers fewer than 2^31 items.
     */
    public long maxItemsPerFrame() {
        return Math.max(Math.max(largestScratchPerFrame(), features), Math.max(rowFeatures, output));
    }

    /** Batch-level device bytes per frame: frame tables, features, clip-level rows and output. */
    public long batchBytesPerFrame() {
        return (KernelAbi.FRAME_TABLE_INTS + features + rowFeatures + output) * 4L;
    }

    /** Batch-level device bytes per clip: the clip table and the clip maximum. */
    public long batchBytesPerClip() {
        return (KernelAbi.CI_STRIDE + 1) * 4L;
    }
}
