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

    /** The mel value of {@code hz} on this scale (the same formula the filterbank uses). */
    public double toMel(double hz) {
        return io.spectro.dsp.MelFilterbank.hzToMel(hz, this);
    }

    /** The frequency in Hz of the mel value {@code mel} on this scale. */
    public double toHz(double mel) {
        return io.spectro.dsp.MelFilterbank.melToHz(mel, this);
    }

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
