package io.spectro;

/** The mel scale and the shape of the triangular filters. */
public enum MelScale {
    /** HTK: {@code mel = 2595 log10(1 + f/700)}; triangles linear in Hz (torchaudio's default). */
    HTK,
    /**
     * Slaney (Auditory Toolbox): linear below 1 kHz ({@code f / (200/3)}), logarithmic above (step {@code ln(6.4)/27});
     * triangles linear in Hz (librosa's default).
     */
    SLANEY,
    /**
     * Kaldi: {@code mel = 1127 ln(1 + f/700)} with triangles linear in mel, over the {@code nFft/2} bins below Nyquist;
     * the Nyquist bin gets weight 0 ({@code torchaudio.compliance.kaldi.get_mel_banks}).
     */
    KALDI;

    /** Parses {@code htk}, {@code slaney} or {@code kaldi}, case-insensitively. */
    public static MelScale parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "htk" -> HTK;
            case "slaney" -> SLANEY;
            case "kaldi" -> KALDI;
            default -> throw new IllegalArgumentException("melScale = '" + s + "' is not one of slaney, htk, kaldi");
        };
    }
}
