package io.spectro;

import java.util.List;

/**
 * Specs that reproduce a library's defaults exactly. Flags and builder calls on top of a preset override it. {@link
 * Preset} names each one (with its aliases) once; the README has the side-by-side table of what differs between
 * them.
 */
public final class Presets {
    private Presets() {}

    /** The presets' names ({@link Preset#cliNames()}); {@link #byName(String)} also accepts their aliases. */
    public static final List<String> NAMES = Preset.cliNames();

    /**
     * {@code librosa.feature.melspectrogram} defaults: 22050 Hz, nFft 2048, hop 512, periodic hann, center with
     * constant (zero) padding, power 2, 128 mels, Slaney scale, Slaney norm, fmin 0, fmax Nyquist. No log stage.
     */
    public static SpectrogramSpec librosa() {
        return SpectrogramSpec.builder()
                .sampleRateHz(22050)
                .nFft(2048)
                .hopLength(512)
                .window(Window.periodic(WindowType.HANN))
                .center(true)
                .padMode(PadMode.CONSTANT)
                .power(2.0)
                .mel(new MelOptions(128, 0.0, MelOptions.NYQUIST, MelScale.SLANEY, MelNorm.SLANEY))
                .build();
    }

    /**
     * {@code torchaudio.transforms.MelSpectrogram} defaults: 16000 Hz, nFft 400, win 400, hop 200, periodic hann,
     * center with reflect padding, power 2, 128 mels, HTK scale, no norm, fmin 0, fmax Nyquist. No log stage.
     */
    public static SpectrogramSpec torchaudio() {
        return SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(400)
                .winLength(400)
                .hopLength(200)
                .window(Window.periodic(WindowType.HANN))
                .center(true)
                .padMode(PadMode.REFLECT)
                .power(2.0)
                .mel(new MelOptions(128, 0.0, MelOptions.NYQUIST, MelScale.HTK, MelNorm.NONE))
                .build();
    }

    /**
     * OpenAI Whisper's {@code log_mel_spectrogram}: 16000 Hz, nFft 400, hop 160, periodic hann, center reflect, power
     * 2, 80 mels Slaney/Slaney (librosa's filters), {@code log10(max(x, 1e-10))}, clamped to {@code max - 8}, then
     * {@code (x + 4) / 4}; the last STFT frame is dropped.
     */
    public static SpectrogramSpec whisper() {
        return SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(400)
                .winLength(400)
                .hopLength(160)
                .window(Window.periodic(WindowType.HANN))
                .center(true)
                .padMode(PadMode.REFLECT)
                .power(2.0)
                .mel(new MelOptions(80, 0.0, MelOptions.NYQUIST, MelScale.SLANEY, MelNorm.SLANEY))
                .log(LogScale.Log10.whisper())
                .dropLastFrames(1)
                .build();
    }

    /**
     * Kaldi {@code compute-fbank-feats} / {@code torchaudio.compliance.kaldi.fbank} defaults without dither: 16000
     * Hz, 25 ms frames (400 samples), 10 ms shift (160), snip_edges, remove DC offset, pre-emphasis 0.97 per frame,
     * symmetric Povey window, FFT size rounded up to a power of two (512), power 2, 23 mel bins 20 Hz .. Nyquist on
     * Kaldi's mel scale, {@code ln(max(x, FLT_EPSILON))}. Kaldi expects samples in 16-bit integer scale: multiply
     * normalised [-1, 1) audio by 32768 to match Kaldi's absolute values.
     */
    public static SpectrogramSpec kaldi() {
        return kaldi(16000);
    }

    /** {@link #kaldi()} at another sample rate: 25 ms / 10 ms frames, FFT size the next power of two. */
    public static SpectrogramSpec kaldi(int sampleRateHz) {
        int win = (int) (sampleRateHz * 25.0 * 0.001); // as torchaudio.compliance.kaldi
        int hop = (int) (sampleRateHz * 10.0 * 0.001);
        int nFft = Integer.highestOneBit(Math.max(2, win - 1)) << 1;
        return SpectrogramSpec.builder()
                .sampleRateHz(sampleRateHz)
                .nFft(nFft)
                .winLength(win)
                .hopLength(hop)
                .window(Window.symmetric(WindowType.POVEY))
                .center(false)
                .frameMode(FrameMode.KALDI)
                .removeDcOffset(true)
                .preemphasis(0.97)
                .power(2.0)
                .mel(new MelOptions(23, 20.0, MelOptions.NYQUIST, MelScale.KALDI, MelNorm.NONE))
                .log(LogScale.Ln.kaldi())
                .build();
    }

    /** The spec of the preset called {@code name} or an alias (case-insensitive), or an error listing the names. */
    public static SpectrogramSpec byName(String name) {
        return Preset.parse(name).spec();
    }
}
