package io.spectro;

/**
 * MFCCs: a type-II DCT with orthonormal scaling over the log-mel spectrum, keeping the first {@code nMfcc}
 * coefficients, then an optional sinusoidal lifter {@code 1 + (lifter/2) sin(pi (n+1) / lifter)} for {@code n = 0 ..
 * nMfcc-1} (librosa's convention).
 *
 * @param nMfcc number of coefficients, {@code 1 <= nMfcc <= nMels}
 * @param lifter lifter parameter, {@code >= 0}; 0 disables it
 */
public record MfccOptions(int nMfcc, double lifter) {
    /** Checks the lifter; {@code nMfcc} is checked against the mel stage's {@code nMels} by {@link SpectrogramSpec}. */
    public MfccOptions {
        Validation.require(Double.isFinite(lifter) && lifter >= 0, "lifter", lifter, ">= 0 (0 = off)");
    }
}
