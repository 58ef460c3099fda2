package io.spectro.device;

import io.spectro.PadMode;
import io.spectro.dsp.LogKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host side of the contract with the shared kernel source ({@code io/spectro/kernels/spectro.kern}), in one
 * place: the kernels' names, the ints they receive for Java enums, and the layouts of the index tables. Each value
 * here equals a {@code #define} or a kernel definition of the source; {@code KernelAbiTest} reads the source and
 * checks them, so the two cannot drift apart.
 */
public final class KernelAbi {
    /** Ints per clip in the clip table ({@code CI_STRIDE}); 64-bit fields are stored as (low, high) int pairs. */
    public static final int CI_STRIDE = 8;
    /** Clip table: the clip's first sample in the batch's sample buffer, 64-bit ({@code CI_SAMPLE_OFFSET}). */
    public static final int CI_SAMPLE_OFFSET = 0;
    /** Clip table: the clip's length in samples ({@code CI_LENGTH}). */
    public static final int CI_LENGTH = 2;
    /** Clip table: the clip's first frame among the sub-batch's frames ({@code CI_FRAME_OFFSET}). */
    public static final int CI_FRAME_OFFSET = 3;
    /** Clip table: the clip's frame count ({@code CI_FRAMES}). */
    public static final int CI_FRAMES = 4;
    /** Clip table: the clip's first float in the output buffer, 64-bit ({@code CI_OUT_OFFSET}). */
    public static final int CI_OUT_OFFSET = 5;
    /**
     * Clip table: the clip maximum as an atomic key ({@code CI_MAX_KEY}), staged as 0 ("no value yet"), raised by
     * {@code fused_frames} and read by {@code out_finish}.
     */
    public static final int CI_MAX_KEY = 7;
    /** Ints per pass in the fused kernel's pass table: radix, span, twiddle offset, root offset. */
    public static final int PASS_TABLE_INTS = 4;
    /** Ints per frame in the frame tables: one in the clip-index table, one in the frame-index table. */
    public static final int FRAME_TABLE_INTS = 2;
    /** Work-group size of {@code clip_max} ({@code REDUCE_GROUP}, the size of its local arrays). */
    public static final int REDUCE_GROUP = 128;
    /**
     * Largest radix {@code fft_generic} handles ({@code MAX_GENERIC_RADIX}, the size of its private arrays); {@link
     * io.spectro.dsp.FftPlan} uses no larger one.
     */
    public static final int MAX_GENERIC_RADIX = 64;

    private KernelAbi() {}

    /** Every kernel of the source. Kernels with log variants are defined once per {@link LogKind}. */
    public enum KernelId {
        /** TORCH framing (padding, pre-emphasis, window). */
        FRAME_TORCH(false),
        /** KALDI per-frame DC means. */
        KALDI_MEAN(false),
        /** KALDI framing (DC removal, pre-emphasis, window). */
        FRAME_KALDI(false),
        /** Stockham pass of radix 2. */
        FFT_RADIX2(false),
        /** Stockham pass of radix 3. */
        FFT_RADIX3(false),
        /** Stockham pass of radix 4. */
        FFT_RADIX4(false),
        /** Stockham pass of radix 5. */
        FFT_RADIX5(false),
        /** Stockham pass of any radix up to {@link #MAX_GENERIC_RADIX}. */
        FFT_GENERIC(false),
        /** Bluestein: input times chirp, zero-padded. */
        BLUESTEIN_PRE(false),
        /** Bluestein: pointwise product with the chirp filter's transform. */
        BLUESTEIN_MID(false),
        /** Bluestein: output times chirp. */
        BLUESTEIN_POST(false),
        /** Real-FFT post-processing into complex bins. */
        SPECTRUM_COMPLEX(false),
        /** Real-FFT post-processing, power and (without mel) the log stage. */
        SPECTRUM_POWER(true),
        /** Mel band sums and the log stage. */
        MEL(true),
        /** Per-clip maximum, one work-group of {@link #REDUCE_GROUP} items per clip. */
        CLIP_MAX(false),
        /** Clamp below the clip maximum and the affine map. */
        CLIP_FINISH(false),
        /** DCT and lifter. */
        MFCC(false),
        /** Deltas along time within each clip. */
        DELTAS(false),
        /** Frame-major rows into each clip's {@code [features][frames]} block. */
        TRANSPOSE_OUT(false),
        /**
         * One work-group per tile of frames: framing, the whole FFT in local memory, spectrum, mel and the log stage,
         * into each clip's output block or into feature rows.
         */
        FUSED_FRAMES(true),
        /** Clamp below the clip maximum (from the clip table) and the affine map, in place in the output blocks. */
        OUT_FINISH(false),
        /** Per-feature normalisation, one work-item per (clip, row): statistics and the division in place. */
        NORM_FEATURE(false),
        /** Per-utterance normalisation: the sum (or squared deviations) of each (clip, row). */
        NORM_SUMS(false),
        /** Per-utterance normalisation, one work-item per clip: its mean, or its standard deviation plus epsilon. */
        NORM_UTTERANCE(false),
        /** Per-utterance or fixed normalisation, element-wise: {@code (x - mean) / den}. */
        NORM_APPLY(false);

        private final boolean logVariants;

        KernelId(boolean logVariants) {
            this.logVariants = logVariants;
        }

        /** Whether the source defines one kernel per {@link LogKind} (name plus {@link #logSuffix}). */
        public boolean hasLogVariants() {
            return logVariants;
        }

        /** The kernel's name in the source, e.g. {@code frame_torch}; for log variants the {@link LogKind#NONE} one. */
        public String symbol() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The name of this kernel's variant for {@code log}; {@link IllegalStateException} if it has none. */
        public String symbol(LogKind log) {
            if (!logVariants) {
                throw new IllegalStateException(symbol() + " has no log variants");
            }
            return symbol() + logSuffix(log);
        }

        /** The Stockham pass kernel of radix 2, 3, 4 or 5. */
        public static KernelId fftRadix(int radix) {
            return switch (radix) {
                case 2 -> FFT_RADIX2;
                case 3 -> FFT_RADIX3;
                case 4 -> FFT_RADIX4;
                case 5 -> FFT_RADIX5;
                default -> throw new IllegalArgumentException("no dedicated pass kernel for radix " + radix);
            };
        }
    }

    /** The kernel-name suffix of a log stage: {@code ""}, {@code _db}, {@code _ln} or {@code _log10}. */
    public static String logSuffix(LogKind log) {
        return switch (log) {
            case NONE -> "";
            case DB -> "_db";
            case LN -> "_ln";
            case LOG10 -> "_log10";
        };
    }

    /** The {@code padMode} int of {@code frame_torch}: {@code PAD_CONSTANT}, {@code PAD_REFLECT} or {@code PAD_EDGE}. */
    public static int padCode(PadMode mode) {
        return switch (mode) {
            case CONSTANT -> 0;
            case REFLECT -> 1;
            case EDGE -> 2;
        };
    }

    /** The names of every kernel a plan may launch, log variants included. */
    public static List<String> kernelNames() {
        List<String> names = new ArrayList<>();
        for (KernelId k : KernelId.values()) {
            if (k.hasLogVariants()) {
                for (LogKind log : LogKind.values()) {
                    names.add(k.symbol(log));
                }
            } else {
                names.add(k.symbol());
            }
        }
        return names;
    }
}
