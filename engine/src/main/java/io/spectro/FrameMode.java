package io.spectro;

/**
 * How frames are cut from a clip.
 *
 * <ul>
 *   <li>{@link #TORCH}: torch.stft / librosa. A frame is {@code nFft} samples starting at {@code t * hopLength} (of the
 *       padded signal when {@code center}); the window ({@code winLength} samples) is centred in it, zeros around.
 *       Pre-emphasis, if any, is applied once to the whole clip before padding ({@code y[0] = x[0]}, {@code y[n] =
 *       x[n] - c x[n-1]}, as {@code torchaudio.functional.preemphasis}).
 *   <li>{@link #KALDI}: Kaldi / {@code torchaudio.compliance.kaldi} with {@code snip_edges=true}. A frame is {@code
 *       winLength} samples starting at {@code t * hopLength}, no padding; per frame: optional DC removal (subtract the
 *       frame mean), optional pre-emphasis ({@code y[0] = x[0] - c x[0]}, {@code y[n] = x[n] - c x[n-1]}), the window
 *       at the start of the frame, then zeros up to {@code nFft}.
 * </ul>
 */
public enum FrameMode {
    /** torch.stft / librosa framing. */
    TORCH,
    /** Kaldi framing with {@code snip_edges=true}. */
    KALDI
}
