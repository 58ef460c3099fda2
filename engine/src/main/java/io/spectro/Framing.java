package io.spectro;

import static io.spectro.Validation.notNull;
import static io.spectro.Validation.require;

/**
 * How a clip is cut into frames and prepared for the FFT: the sample rate, FFT and window sizes, the hop, centre
 * padding, the framing convention, pre-emphasis, DC removal and the frames dropped at the end. Part of a {@link
 * SpectrogramSpec} ({@link SpectrogramSpec#framing()}); every range is checked here, on construction.
 *
 * <p>To add an option, add a component and keep the previous constructor as an overload that supplies the new
 * option's default, so that code constructing a {@code Framing} keeps compiling.
 *
 * @param sampleRateHz sample rate of the input in Hz, {@code >= 1}
 * @param nFft FFT size, {@code 2 <= nFft <= } {@link #MAX_N_FFT}, any integer (primes too)
 * @param winLength window length in samples, {@code 1 <= winLength <= nFft}
 * @param hopLength frame step in samples, {@code >= 1}
 * @param center pad {@code nFft/2} samples at both ends so frame {@code t} is centred at sample {@code t*hop} (TORCH
 *     frame mode only)
 * @param padMode how {@code center} pads
 * @param frameMode TORCH (torch.stft/librosa) or KALDI (snip_edges) framing
 * @param preemphasis pre-emphasis coefficient in {@code [0, 1]}; 0 disables it
 * @param removeDcOffset subtract each frame's mean before pre-emphasis and windowing (KALDI frame mode only)
 * @param dropLastFrames frames removed from the end of each clip before any clip-level stage, {@code >= 0} (Whisper
 *     drops 1)
 */
public record Framing(
        int sampleRateHz,
        int nFft,
        int winLength,
        int hopLength,
        boolean center,
        PadMode padMode,
        FrameMode frameMode,
        double preemphasis,
        boolean removeDcOffset,
        int dropLastFrames) {

    /** Largest supported {@code nFft}. */
    public static final int MAX_N_FFT = 1 << 22;

    /** Checks every range; see the record description. */
    public Framing {
        require(sampleRateHz >= 1, "sampleRateHz", sampleRateHz, ">= 1");
        require(nFft >= 2 && nFft <= MAX_N_FFT, "nFft", nFft, "2 .. " + MAX_N_FFT);
        require(winLength >= 1 && winLength <= nFft, "winLength", winLength, "1 .. nFft (" + nFft + ")");
        require(hopLength >= 1, "hopLength", hopLength, ">= 1");
        notNull(padMode, "padMode");
        notNull(frameMode, "frameMode");
        if (frameMode == FrameMode.KALDI && center) {
            throw new IllegalArgumentException(
                    "center = true is not available with frameMode KALDI (only snip_edges=true framing is implemented)");
        }
        if (frameMode == FrameMode.TORCH && removeDcOffset) {
            throw new IllegalArgumentException("removeDcOffset = true needs frameMode KALDI (per-frame processing)");
        }
        require(
                Double.isFinite(preemphasis) && preemphasis >= 0 && preemphasis <= 1,
                "preemphasis",
                preemphasis,
                "0 .. 1 (0 = off)");
        require(dropLastFrames >= 0, "dropLastFrames", dropLastFrames, ">= 0");
    }

    /** The Nyquist frequency in Hz, {@code sampleRateHz / 2}. */
    public double nyquistHz() {
        return sampleRateHz / 2.0;
    }

    /** Number of one-sided frequency bins, {@code nFft/2 + 1}. */
    public int nFreq() {
        return nFft / 2 + 1;
    }

    /** Samples of padding at each end: {@code nFft/2} when centred, else 0. */
    public int padding() {
        return center ? nFft / 2 : 0;
    }

    /** Samples per frame before zero padding to nFft: {@code winLength} for KALDI, {@code nFft} for TORCH. */
    public int frameLength() {
        return frameMode == FrameMode.KALDI ? winLength : nFft;
    }

    /**
     * The number of frames for a clip of {@code samples} samples, or a clear {@link IllegalArgumentException} when the
     * clip cannot be framed. TORCH with center: {@code 1 + (samples + 2*(nFft/2) - nFft) / hop}; TORCH without center:
     * {@code 1 + (samples - nFft) / hop}, needs {@code samples >= nFft}; KALDI: {@code 1 + (samples - winLength) /
     * hop}, 0 when shorter than {@code winLength}; then minus {@code dropLastFrames} (never below 0). Empty clips are
     * an error in TORCH mode; reflect padding needs {@code samples > nFft/2} (as torch).
     */
    public int frameCount(long samples) {
        String problem = clipProblem(samples);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        long frames;
        if (frameMode == FrameMode.KALDI) {
            frames = samples < winLength ? 0 : 1 + (samples - winLength) / hopLength;
        } else {
            long padded = samples + 2L * padding();
            frames = 1 + (padded - nFft) / hopLength;
        }
        frames = Math.max(0, frames - dropLastFrames);
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("clip of " + samples + " samples gives too many frames");
        }
        return (int) frames;
    }

    /** Why a clip of {@code samples} samples cannot be framed, or null when it can. */
    public String clipProblem(long samples) {
        if (samples < 0) {
            return "clip length " + samples + " is negative";
        }
        if (frameMode == FrameMode.KALDI) {
            return null;
        }
        if (samples == 0) {
            return "clip is empty (0 samples)";
        }
        if (!center && samples < nFft) {
            return "clip has " + samples + " samples, fewer than nFft = " + nFft
                    + " without centre padding; use center=true or a smaller nFft";
        }
        if (center && padMode == PadMode.REFLECT && samples <= nFft / 2) {
            return "clip has " + samples + " samples; reflect padding of nFft/2 = " + (nFft / 2) + " needs more than "
                    + (nFft / 2) + " (as torch.stft); use padMode edge or constant, or a smaller nFft";
        }
        return null;
    }
}
