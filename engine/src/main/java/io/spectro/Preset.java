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
    KALDI("kaldi", List.of(), Presets::kaldi, Presets::kaldi),
    /** {@link Presets#whisperHf()}: 80 mels, 30 s; at another rate 30 s at that rate. */
    WHISPER_HF("whisper-hf", List.of(), Presets::whisperHf, hz -> Presets.whisperHf(hz, 80)),
    /** {@link Presets#whisperHf(int)} with 128 mels (Whisper large-v3), also called {@code whisper-hf-128}. */
    WHISPER_LARGE_V3(
            "whisper-large-v3",
            List.of("whisper-hf-128"),
            () -> Presets.whisperHf(128),
            hz -> Presets.whisperHf(hz, 128)),
    /** {@link Presets#nemo()}: 80 mels; at another rate its 25 ms / 10 ms framing is derived again. */
    NEMO("nemo", List.of(), Presets::nemo, hz -> Presets.nemo(hz, 80)),
    /** {@link Presets#nemo(int)} with 128 mels (Parakeet TDT and the hybrid TDT-CTC configurations). */
    NEMO_128("nemo-128", List.of(), () -> Presets.nemo(128), hz -> Presets.nemo(hz, 128)),
    /** {@link Presets#ast()}; at another rate its 25 ms / 10 ms framing is derived again. */
    AST("ast", List.of(), Presets::ast, Presets::ast),
    /** {@link Presets#panns()}, also called {@code cnn14}. */
    PANNS("panns", List.of("cnn14"), Presets::panns);

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

    /** The name users type, lower case ({@code librosa}, {@code torchaudio}, {@code whisper}, {@code kaldi}, ...). */
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
     * The preset's spec for input at {@code sampleRateHz}: kaldi, ast and nemo derive their framing (25 ms / 10 ms)
     * at that rate, whisper-hf pads or trims to 30 s at that rate; the others keep their sizes in samples, and a mel
     * {@code fmax} at Nyquist follows the rate.
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
