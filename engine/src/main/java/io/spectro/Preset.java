package io.spectro;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The named presets, defined once: each with the name users type ({@code --preset whisper}), the other names it is
 * accepted by, and the {@link Presets} method that builds it. {@link Presets#NAMES} and {@link Presets#byName(String)}
 * are derived from this enum.
 */
public enum Preset {
    /** {@link Presets#librosa()}. */
    LIBROSA("librosa", List.of(), Presets::librosa),
    /** {@link Presets#torchaudio()}, also called {@code torch}. */
    TORCHAUDIO("torchaudio", List.of("torch"), Presets::torchaudio),
    /** {@link Presets#whisper()}. */
    WHISPER("whisper", List.of(), Presets::whisper),
    /** {@link Presets#kaldi()}; at another rate its 25 ms / 10 ms framing is derived again ({@link Presets#kaldi(int)}). */
    KALDI("kaldi", List.of(), Presets::kaldi, Presets::kaldi);

    private final String cliName;
    private final List<String> aliases;
    private final Supplier<SpectrogramSpec> factory;
    private final IntFunction<SpectrogramSpec> atRate;

    Preset(String cliName, List<String> aliases, Supplier<SpectrogramSpec> factory) {
        this(cliName, aliases, factory, hz -> factory.get().withSampleRate(hz));
    }

    Preset(
            String cliName,
            List<String> aliases,
            Supplier<SpectrogramSpec> factory,
            IntFunction<SpectrogramSpec> atRate) {
        this.cliName = cliName;
        this.aliases = aliases;
        this.factory = factory;
        this.atRate = atRate;
    }

    /** The name users type, lower case ({@code librosa}, {@code torchaudio}, {@code whisper}, {@code kaldi}). */
    public String cliName() {
        return cliName;
    }

    /** Other names accepted by {@link #parse(String)} (e.g. {@code torch}), lower case. */
    public List<String> aliases() {
        return aliases;
    }

    /** The preset's spec at its own sample rate. */
    public SpectrogramSpec spec() {
        return factory.get();
    }

    /**
     * The preset's spec for input at {@code sampleRateHz}: kaldi derives its framing (25 ms / 10 ms, FFT size the next
     * power of two) at that rate; the others keep their sizes in samples, and a mel {@code fmax} at Nyquist follows
     * the rate.
     */
    public SpectrogramSpec specAt(int sampleRateHz) {
        return atRate.apply(sampleRateHz);
    }

    /** Every preset's {@link #cliName()}, in declaration order. */
    public static List<String> cliNames() {
        return Arrays.stream(values()).map(Preset::cliName).toList();
    }

    /** The preset called {@code name} or one of its aliases (case-insensitive, trimmed), or an error listing the names. */
    public static Preset parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Preset p : values()) {
            if (p.cliName.equals(n) || p.aliases.contains(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; known presets: " + cliNames());
    }
}
