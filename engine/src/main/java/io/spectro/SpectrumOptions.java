package io.spectro;

import static io.spectro.Validation.notNull;
import static io.spectro.Validation.require;

/**
 * The per-frame spectrum stage of a {@link SpectrogramSpec} ({@link SpectrogramSpec#spectrumOptions()}).
 *
 * @param kind FRAMES, COMPLEX or POWER
 * @param power exponent of the magnitude for POWER, {@code > 0} and finite: 2 = power, 1 = magnitude (kept, and
 *     checked, for the other kinds too)
 */
public record SpectrumOptions(SpectrumKind kind, double power) {
    /** Checks that the kind is given and the power is {@code > 0} and finite. */
    public SpectrumOptions {
        notNull(kind, "spectrum");
        require(Double.isFinite(power) && power > 0, "power", power, "> 0 and finite (2 = power, 1 = magnitude)");
    }

    /** Floats per output value: 2 for COMPLEX (re, im), else 1. */
    public int valuesPerFeature() {
        return kind == SpectrumKind.COMPLEX ? 2 : 1;
    }
}
