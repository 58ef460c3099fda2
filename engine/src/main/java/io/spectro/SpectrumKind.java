package io.spectro;

/** What the per-frame spectrum stage produces. */
public enum SpectrumKind {
    /** The framed and windowed signal itself, {@code nFft} values per frame (for inspection and tests). */
    FRAMES,
    /** The complex one-sided FFT, {@code nFft/2 + 1} bins, each interleaved re, im. */
    COMPLEX,
    /** {@code |X|^power} per bin: power 2 is the power spectrum, 1 the magnitude. */
    POWER
}
