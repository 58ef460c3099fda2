package io.spectro;

/** Normalisation of each mel filter. */
public enum MelNorm {
    /** Peak 1 for every triangle. */
    NONE,
    /** Slaney area normalisation: each triangle scaled by {@code 2 / (f[m+2] - f[m])} (constant energy per band). */
    SLANEY;

    /** Parses {@code slaney} or {@code none}, case-insensitively. */
    public static MelNorm parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "slaney" -> SLANEY;
            case "none", "null", "off" -> NONE;
            default -> throw new IllegalArgumentException("melNorm = '" + s + "' is not one of slaney, none");
        };
    }
}
