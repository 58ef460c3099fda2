/**
 * Audio input and array files for Spectro: decoding (WAV in pure Java; other formats in-process or through ffmpeg),
 * resampling, channel handling ({@code io.spectro.audio}), and {@code .npy}/{@code .npz} files ({@code io.spectro.io}).
 * Depends on {@code java.base} only.
 */
module io.spectro.audio {
    exports io.spectro.audio;
    exports io.spectro.io;
}
