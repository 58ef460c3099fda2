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
     * Kaldi's mel scale, {@code ln(max(x, FLT_EPSILON))}. Kaldi reads 16-bit samples as integer values, so the input
     * scale is 32768: audio decoded to {@code [-1, 1)} (as every decoder here gives it) yields Kaldi's own values.
     */
    public static SpectrogramSpec kaldi() {
        return kaldi(16000);
    }

    /** {@link #kaldi()} at another sample rate: 25 ms / 10 ms frames, FFT size the next power of two. */
    public static SpectrogramSpec kaldi(int sampleRateHz) {
        return kaldiFbank(sampleRateHz, Window.symmetric(WindowType.POVEY), 23)
                .inputScale(KALDI_INPUT_SCALE)
                .build();
    }

    /** Kaldi's 16-bit integer scale: {@code [-1, 1)} audio times 32768. */
    public static final double KALDI_INPUT_SCALE = 32768.0;

    /** Frames of 30 s at 16 kHz after Whisper's dropped frame: {@code 480000 / 160}. */
    public static final int WHISPER_FRAMES = 3000;

    /**
     * Hugging Face {@code WhisperFeatureExtractor} with its defaults ({@code padding="max_length"}, truncation on): as
     * {@link #whisper()}, but every clip is padded with zeros or trimmed to 30 s (480000 samples) first, so every
     * output has exactly 3,000 frames, and the filterbank ends at 8000 Hz as {@code mel_filter_bank(max_frequency=
     * 8000.0)} says. 80 mels; {@link #whisperHf(int)} with 128 is Whisper large-v3's.
     */
    public static SpectrogramSpec whisperHf() {
        return whisperHf(80);
    }

    /** {@link #whisperHf()} with {@code nMels} filters (80, or 128 for Whisper large-v3). */
    public static SpectrogramSpec whisperHf(int nMels) {
        return whisperHf(16000, nMels);
    }

    /**
     * {@link #whisperHf(int)} at another rate: the clip is padded or trimmed to 30 s at that rate ({@code
     * chunk_length * sampling_rate}), the filterbank still ends at 8000 Hz.
     */
    public static SpectrogramSpec whisperHf(int sampleRateHz, int nMels) {
        return whisper().toBuilder()
                .sampleRateHz(sampleRateHz)
                .mel(new MelOptions(nMels, 0.0, 8000.0, MelScale.SLANEY, MelNorm.SLANEY))
                .padOrTrimSamples(30 * sampleRateHz)
                .build();
    }

    /**
     * NeMo's {@code AudioToMelSpectrogramPreprocessor} as the FastConformer and Parakeet configurations set it (NeMo
     * 2.5 and later), at inference (dither off): 16000 Hz, 25 ms window (400 samples) in a 512-point FFT, 10 ms hop
     * (160), symmetric Hann centred in the frame, pre-emphasis 0.97 on the whole clip, centre padding with zeros,
     * power 2, 80 Slaney-scale mels with Slaney norm (librosa's filters), {@code ln(x + 2^-24)}, per-feature
     * normalisation (Bessel's correction, 1e-5 added to the standard deviation). NeMo computes {@code 1 + N/160} frames
     * but marks only the first {@code N/160} valid (its {@code seq_len}); the last, masked one is dropped here, and
     * the normalisation statistics cover the valid frames, as NeMo's do.
     */
    public static SpectrogramSpec nemo() {
        return nemo(16000, 80);
    }

    /** {@link #nemo()} with {@code nMels} filters (80, or 128 as Parakeet TDT and the hybrid TDT-CTC models use). */
    public static SpectrogramSpec nemo(int nMels) {
        return nemo(16000, nMels);
    }

    /**
     * {@link #nemo(int)} at another rate: window {@code int(0.025 * rate)}, hop {@code int(0.01 * rate)} samples (as
     * NeMo derives them from {@code window_size} and {@code window_stride}), FFT size 512, filters up to Nyquist.
     */
    public static SpectrogramSpec nemo(int sampleRateHz, int nMels) {
        return SpectrogramSpec.builder()
                .sampleRateHz(sampleRateHz)
                .nFft(512)
                .winLength((int) (0.025 * sampleRateHz))
                .hopLength((int) (0.01 * sampleRateHz))
                .window(Window.symmetric(WindowType.HANN))
                .center(true)
                .padMode(PadMode.CONSTANT)
                .preemphasis(0.97)
                .power(2.0)
                .mel(new MelOptions(nMels, 0.0, MelOptions.NYQUIST, MelScale.SLANEY, MelNorm.SLANEY))
                .log(new LogScale.Ln(NEMO_LOG_GUARD, 0.0))
                .normalization(Normalization.PerFeature.nemo())
                .dropLastFrames(1)
                .build();
    }

    /** NeMo's {@code log_zero_guard_value}, added before the log: {@code 2^-24}. */
    public static final double NEMO_LOG_GUARD = 0x1.0p-24;

    /** The Audio Spectrogram Transformer's input length in frames ({@code max_length}). */
    public static final int AST_FRAMES = 1024;

    /**
     * Hugging Face {@code ASTFeatureExtractor} (the Audio Spectrogram Transformer) with its defaults: {@code
     * torchaudio.compliance.kaldi.fbank} with a symmetric Hanning window, 128 mel bins and otherwise Kaldi's defaults
     * (25 ms / 10 ms, snip_edges, DC removal, pre-emphasis 0.97, dither 0, 20 Hz .. Nyquist), on audio in {@code [-1,
     * 1)} (its {@code waveform * 2**15} line is commented out, and the AudioSet statistics were computed that way),
     * then {@code (x - (-4.2677393)) / (2 * 4.5689974)}, padded or trimmed to 1,024 frames. The library pads the
     * fbank with zeros before normalising; padded frames here hold the normalised zero, {@code (0 + 4.2677393) /
     * 9.1379948} in float, the same value. Hugging Face returns {@code [frames][mels]}; this is {@code [mels][frames]}.
     */
    public static SpectrogramSpec ast() {
        return ast(16000);
    }

    /** {@link #ast()} at another rate: Kaldi's 25 ms / 10 ms framing derived at that rate, 1,024 frames. */
    public static SpectrogramSpec ast(int sampleRateHz) {
        Normalization.Fixed norm = Normalization.Fixed.audioSet();
        float padded = (0.0f - (float) norm.mean()) / (float) norm.std(); // the library's zero, normalised in float
        return kaldiFbank(sampleRateHz, Window.symmetric(WindowType.HANN), 128)
                .normalization(norm)
                .padOrTrimFrames(AST_FRAMES, padded)
                .build();
    }

    /**
     * PANNs (qiuqiangkong/audioset_tagging_cnn, {@code Cnn14} and relatives; CLAP models built on it use the same
     * torchlibrosa front-end): 32000 Hz, nFft 1024, hop 320, periodic Hann, centred with reflect padding, power 2, 64
     * Slaney mels with Slaney norm from 50 to 14000 Hz (librosa's filters), {@code 10 log10(max(x, 1e-10))} with ref 1
     * and no top-dB limit. The model's {@code bn0} batch norm that follows belongs to the model, not the front-end.
     */
    public static SpectrogramSpec panns() {
        return SpectrogramSpec.builder()
                .sampleRateHz(32000)
                .nFft(1024)
                .winLength(1024)
                .hopLength(320)
                .window(Window.periodic(WindowType.HANN))
                .center(true)
                .padMode(PadMode.REFLECT)
                .power(2.0)
                .mel(new MelOptions(64, 50.0, 14000.0, MelScale.SLANEY, MelNorm.SLANEY))
                .log(LogScale.Db.power())
                .build();
    }

    /** Kaldi fbank framing at a rate (25 ms / 10 ms, FFT size the next power of two) with a window and mel count. */
    private static SpectrogramSpec.Builder kaldiFbank(int sampleRateHz, Window window, int nMels) {
        int win = (int) (sampleRateHz * 25.0 * 0.001); // as torchaudio.compliance.kaldi
        int hop = (int) (sampleRateHz * 10.0 * 0.001);
        int nFft = Integer.highestOneBit(Math.max(2, win - 1)) << 1;
        return SpectrogramSpec.builder()
                .sampleRateHz(sampleRateHz)
                .nFft(nFft)
                .winLength(win)
                .hopLength(hop)
                .window(window)
                .center(false)
                .frameMode(FrameMode.KALDI)
                .removeDcOffset(true)
                .preemphasis(0.97)
                .power(2.0)
                .mel(new MelOptions(nMels, 20.0, MelOptions.NYQUIST, MelScale.KALDI, MelNorm.NONE))
                .log(LogScale.Ln.kaldi());
    }

    /** The spec of the preset called {@code name} or an alias (case-insensitive), or an error listing the names. */
    public static SpectrogramSpec byName(String name) {
        return Preset.parse(name).spec();
    }
}
