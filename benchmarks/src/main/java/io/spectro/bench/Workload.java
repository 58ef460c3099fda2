package io.spectro.bench;

import io.spectro.LogScale;
import io.spectro.PadMode;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import java.util.Locale;

/**
 * The benchmark workloads W1-W3 as Spectro specs. The torchaudio anchor ({@code benchmarks/anchors/torch_anchor.py})
 * builds the same configurations; keep the two in step.
 */
public enum Workload {
    /**
     * Whisper-style log-mel: 16 kHz, nFft 400, hop 160, periodic Hann, center reflect, power 2, 80 mels Slaney/Slaney,
     * {@code log10(max(x, 1e-10))} (no clamp, no affine map, no dropped frame).
     */
    W1(
            16000,
            Presets.whisper().toBuilder()
                    .log(LogScale.Log10.of(1e-10))
                    .dropLastFrames(0)
                    .build()),
    /**
     * librosa-style music dB mel: 22050 Hz, nFft 2048, hop 512, periodic Hann, center with CONSTANT (zero) padding
     * (librosa's default; the torch anchor is given {@code pad_mode="constant"} too), power 2, 128 mels Slaney/Slaney,
     * {@code power_to_db} (ref 1, amin 1e-10, top_db 80, per clip).
     */
    W2(22050, Presets.librosa().toBuilder().log(LogScale.Db.librosa()).build()),
    /**
     * STFT magnitude only: 44.1 kHz, nFft 4096, hop 1024, periodic Hann, center reflect (torchaudio's {@code
     * Spectrogram} default, given to both sides), {@code |X|}.
     */
    W3(
            44100,
            SpectrogramSpec.builder()
                    .sampleRateHz(44100)
                    .nFft(4096)
                    .winLength(4096)
                    .hopLength(1024)
                    .window(Window.periodic(WindowType.HANN))
                    .center(true)
                    .padMode(PadMode.REFLECT)
                    .noMel()
                    .noLog()
                    .magnitude()
                    .build());

    /** One line for the table notes: the configuration both Spectro and the torch anchor run. */
    public String describe() {
        return switch (this) {
            case W1 ->
                "16 kHz, nFft 400, hop 160, periodic hann, center reflect, power 2, 80 mels slaney/slaney,"
                        + " log10(max(x, 1e-10)), no clamp, no dropped frame";
            case W2 ->
                "22.05 kHz, nFft 2048, hop 512, periodic hann, center with CONSTANT (zero) padding on both sides"
                        + " (librosa's default), power 2, 128 mels slaney/slaney, power_to_db ref 1, amin 1e-10,"
                        + " top_db 80 per clip";
            case W3 -> "44.1 kHz, nFft 4096, hop 1024, periodic hann, center reflect on both sides, magnitude";
        };
    }

    /** FFT sizes of the FFT-alone rows. */
    public static final int[] FFT_SIZES = {400, 512, 2048, 4096};

    private final int sampleRateHz;
    private final SpectrogramSpec spec;

    Workload(int sampleRateHz, SpectrogramSpec spec) {
        this.sampleRateHz = sampleRateHz;
        this.spec = spec;
    }

    /** Sample rate of the workload's audio in Hz. */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** The spec Spectro runs. */
    public SpectrogramSpec spec() {
        return spec;
    }

    /**
     * The spec of the FFT-alone rows for size {@code n}: complex output, no centring, hop {@code n}, rectangular window
     * (frames are cut back to back from one clip of {@code frames * n} samples).
     */
    public static SpectrogramSpec fftSpec(int n) {
        return SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(n)
                .winLength(n)
                .hopLength(n)
                .window(Window.periodic(WindowType.RECTANGULAR))
                .center(false)
                .complex()
                .build();
    }

    /** The workload called {@code name} (case-insensitive), or an error listing the names. */
    public static Workload parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown workload '" + name + "'; known: W1, W2, W3, FFT", e);
        }
    }
}
