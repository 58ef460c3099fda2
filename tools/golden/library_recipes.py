"""The front-ends of today's models, re-implemented from each library's published source, line for line, so that the
golden fixtures do not depend on Spectro (imported by make_golden.py; Debian's torch 1.13, torchaudio 0.13.1, numpy).

Each function takes a float clip as the library receives it (audio in [-1, 1), or Kaldi's 16-bit integer values) and
a torch dtype: float64 for the golden values (the library's operations, in its order, without float32 rounding), or
float32 to see how far the library's own float32 output is from them. Each returns (final, prenorm): the library's
output as (features, frames), and the features before its normalisation and pad-or-trim in frames (None when it has
neither).

Sources read (the lines reproduced are quoted in each docstring):
  - Hugging Face transformers, models/whisper/feature_extraction_whisper.py (WhisperFeatureExtractor: __call__ pads
    with padding="max_length", max_length=n_samples = chunk_length * sampling_rate, truncation=True, padding_value 0;
    _torch_extract_fbank_features) and audio_utils.py (mel_filter_bank, hertz_to_mel, mel_to_hertz,
    _create_triangular_filter_bank).
  - Hugging Face transformers, models/audio_spectrogram_transformer/feature_extraction_audio_spectrogram_transformer.py
    (ASTFeatureExtractor: ta_kaldi.fbank(window_type="hanning", num_mel_bins=128) on the waveform as given -- its
    "waveform * (2**15)" line is commented out --, zero-pad or truncate to max_length=1024 frames, then
    (x - mean) / (std * 2) with mean -4.2677393, std 4.5689974).
  - NVIDIA NeMo (2.5+), nemo/collections/asr/parts/preprocessing/features.py: FilterbankFeatures.forward and
    normalize_batch; nemo/collections/asr/modules/audio_preprocessing.py (AudioToMelSpectrogramPreprocessor:
    n_window_size = int(window_size * sample_rate)); the FastConformer / Parakeet configs (window_size 0.025,
    window_stride 0.01, window hann, n_fft 512, features 80 or 128, normalize per_feature, pad_to 0, dither applied
    only in training).
  - qiuqiangkong/audioset_tagging_cnn pytorch/models.py (Cnn14: window hann, center, reflect, ref 1.0, amin 1e-10,
    top_db None) and qiuqiangkong/torchlibrosa stft.py (STFT as a Conv1d with DFT-matrix weights, Spectrogram
    real**2 + imag**2, LogmelFilterBank with librosa.filters.mel and power_to_db).
  - librosa 0.10 filters.mel (re-implemented: librosa is not installable here), used by NeMo and torchlibrosa.
"""

import math

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi


# ---------------------------------------------------------------------------------------------------------------
# Mel filterbanks
# ---------------------------------------------------------------------------------------------------------------
def librosa_mel_numpy(sr, n_fft, n_mels, fmin, fmax, htk, norm):
    """librosa.filters.mel re-implemented (librosa 0.10): (n_mels, 1 + n_fft // 2)."""
    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        if htk:
            return 2595.0 * np.log10(1.0 + f / 700.0)
        f_sp = 200.0 / 3
        mels = f / f_sp
        min_log_hz = 1000.0
        min_log_mel = min_log_hz / f_sp
        logstep = np.log(6.4) / 27.0
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        if htk:
            return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
        f_sp = 200.0 / 3
        freqs = f_sp * m
        min_log_hz = 1000.0
        min_log_mel = min_log_hz / f_sp
        logstep = np.log(6.4) / 27.0
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)

    fftfreqs = np.linspace(0, float(sr) / 2, int(1 + n_fft // 2), endpoint=True)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if norm == "slaney":
        enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
        weights *= enorm[:, np.newaxis]
    return weights


def librosa_filters_mel(sr, n_fft, n_mels, fmin, fmax):
    """librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax) with its defaults htk=False, norm="slaney": (n_mels, 1 +
    n_fft // 2) float64 (librosa stores float32; the golden keeps float64)."""
    return librosa_mel_numpy(sr, n_fft, n_mels, fmin, fmax, False, "slaney")


def hf_mel_filter_bank(num_frequency_bins, num_mel_filters, min_frequency, max_frequency, sampling_rate):
    """transformers.audio_utils.mel_filter_bank(..., norm="slaney", mel_scale="slaney"): (num_frequency_bins,
    num_mel_filters) float64."""
    def hertz_to_mel(freq):
        min_log_hertz = 1000.0
        min_log_mel = 15.0
        logstep = 27.0 / np.log(6.4)
        mels = 3.0 * freq / 200.0
        if isinstance(freq, np.ndarray):
            log_region = freq >= min_log_hertz
            mels[log_region] = min_log_mel + np.log(freq[log_region] / min_log_hertz) * logstep
        elif freq >= min_log_hertz:
            mels = min_log_mel + np.log(freq / min_log_hertz) * logstep
        return mels

    def mel_to_hertz(mels):
        min_log_hertz = 1000.0
        min_log_mel = 15.0
        logstep = np.log(6.4) / 27.0
        freq = 200.0 * mels / 3.0
        log_region = mels >= min_log_mel
        freq[log_region] = min_log_hertz * np.exp(logstep * (mels[log_region] - min_log_mel))
        return freq

    mel_min = hertz_to_mel(min_frequency)
    mel_max = hertz_to_mel(max_frequency)
    mel_freqs = np.linspace(mel_min, mel_max, num_mel_filters + 2)
    filter_freqs = mel_to_hertz(mel_freqs)
    fft_freqs = np.linspace(0, sampling_rate // 2, num_frequency_bins)
    filter_diff = np.diff(filter_freqs)
    slopes = np.expand_dims(filter_freqs, 0) - np.expand_dims(fft_freqs, 1)
    down_slopes = -slopes[:, :-2] / filter_diff[:-1]
    up_slopes = slopes[:, 2:] / filter_diff[1:]
    mel_filters = np.maximum(np.zeros(1), np.minimum(down_slopes, up_slopes))
    enorm = 2.0 / (filter_freqs[2:num_mel_filters + 2] - filter_freqs[:num_mel_filters])
    return mel_filters * np.expand_dims(enorm, 0)


def _np(t):
    return t.detach().numpy().astype(np.float64)


# ---------------------------------------------------------------------------------------------------------------
# Hugging Face WhisperFeatureExtractor
# ---------------------------------------------------------------------------------------------------------------
def whisper_hf(x, dtype, n_mels=80, sampling_rate=16000, n_fft=400, hop_length=160, chunk_length=30):
    """WhisperFeatureExtractor(feature_size=n_mels)(x): pad with 0.0 or truncate to n_samples, then

        waveform = torch.from_numpy(waveform).to(device, torch.float32)
        window = torch.hann_window(self.n_fft, device=device)
        stft = torch.stft(waveform, self.n_fft, self.hop_length, window=window, return_complex=True)
        magnitudes = stft[..., :-1].abs() ** 2
        mel_filters = torch.from_numpy(self.mel_filters).to(device, torch.float32)
        mel_spec = mel_filters.T @ magnitudes
        log_spec = torch.clamp(mel_spec, min=1e-10).log10()
        log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
        log_spec = (log_spec + 4.0) / 4.0
    """
    n_samples = chunk_length * sampling_rate
    padded = np.zeros(n_samples)
    m = min(n_samples, len(x))
    padded[:m] = np.asarray(x, dtype=np.float64)[:m]
    waveform = torch.from_numpy(padded).to(dtype)
    window = torch.hann_window(n_fft, dtype=dtype)
    stft = torch.stft(waveform, n_fft, hop_length, window=window, return_complex=True)
    magnitudes = stft[..., :-1].abs() ** 2
    mel_filters = torch.from_numpy(hf_mel_filter_bank(1 + n_fft // 2, n_mels, 0.0, 8000.0, sampling_rate)).to(dtype)
    mel_spec = mel_filters.T @ magnitudes
    log_spec = torch.clamp(mel_spec, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    log_spec = (log_spec + 4.0) / 4.0
    return _np(log_spec), None


# ---------------------------------------------------------------------------------------------------------------
# NeMo AudioToMelSpectrogramPreprocessor (FilterbankFeatures), inference mode
# ---------------------------------------------------------------------------------------------------------------
NEMO_CONSTANT = 1e-5


def nemo_normalize_per_feature(x, seq_len):
    """normalize_batch(x, seq_len, "per_feature") for one clip, x (features, frames):

        valid_mask = time_steps < seq_len.unsqueeze(1)
        x_mean_numerator = torch.where(valid_mask.unsqueeze(1), x, 0.0).sum(axis=2)
        x_mean_denominator = valid_mask.sum(axis=1)
        x_mean = x_mean_numerator / x_mean_denominator.unsqueeze(1)
        x_std = torch.sqrt(torch.sum(torch.where(valid_mask.unsqueeze(1), x - x_mean.unsqueeze(2), 0.0) ** 2, axis=2)
                           / (x_mean_denominator.unsqueeze(1) - 1.0))
        x_std = x_std.masked_fill(x_std.isnan(), 0.0)
        x_std += CONSTANT
        return (x - x_mean.unsqueeze(2)) / x_std.unsqueeze(2), x_mean, x_std
    """
    x = x.unsqueeze(0)
    seq_len = torch.tensor([seq_len])
    max_time = x.shape[2]
    time_steps = torch.arange(max_time).unsqueeze(0).expand(1, max_time)
    valid_mask = time_steps < seq_len.unsqueeze(1)
    zero = torch.zeros((), dtype=x.dtype)
    x_mean_numerator = torch.where(valid_mask.unsqueeze(1), x, zero).sum(axis=2)
    x_mean_denominator = valid_mask.sum(axis=1)
    x_mean = x_mean_numerator / x_mean_denominator.unsqueeze(1)
    x_std = torch.sqrt(torch.sum(torch.where(valid_mask.unsqueeze(1), x - x_mean.unsqueeze(2), zero) ** 2, axis=2)
                       / (x_mean_denominator.unsqueeze(1) - 1.0))
    x_std = x_std.masked_fill(x_std.isnan(), 0.0)
    x_std += NEMO_CONSTANT
    return ((x - x_mean.unsqueeze(2)) / x_std.unsqueeze(2))[0]


def nemo(x, dtype, n_mels=80, sample_rate=16000, window_size=0.025, window_stride=0.01, n_fft=512, preemph=0.97):
    """FilterbankFeatures.forward for one clip of len(x) samples (exact_pad False, log_zero_guard "add" 2**-24,
    mag_power 2, frame_splicing 1, pad_to 0, not training so no dither):

        seq_len = torch.floor_divide((seq_len + n_fft // 2 * 2 - n_fft), hop_length)
        x = torch.cat((x[:, 0].unsqueeze(1), x[:, 1:] - self.preemph * x[:, :-1]), dim=1)
        x = torch.stft(x, n_fft, hop_length, win_length, center=True, window=hann(win_length, periodic=False),
                       return_complex=True, pad_mode="constant")
        x = torch.view_as_real(x); x = torch.sqrt(x.pow(2).sum(-1)); x = x.pow(2.0)
        x = torch.matmul(self.fb, x)       # librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, norm="slaney")
        x = torch.log(x + 2 ** -24)
        x, _, _ = normalize_batch(x, seq_len, "per_feature")
        x = x.masked_fill(time >= seq_len, pad_value)

    Returns the seq_len valid frames (the last frame NeMo computes is masked).
    """
    win_length = int(window_size * sample_rate)
    hop_length = int(window_stride * sample_rate)
    seq_len = (len(x) + n_fft // 2 * 2 - n_fft) // hop_length
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64)).to(dtype).unsqueeze(0)
    xt = torch.cat((xt[:, 0].unsqueeze(1), xt[:, 1:] - preemph * xt[:, :-1]), dim=1)
    window = torch.hann_window(win_length, periodic=False, dtype=dtype)
    s = torch.stft(xt, n_fft=n_fft, hop_length=hop_length, win_length=win_length, center=True, window=window,
                   return_complex=True, pad_mode="constant")
    s = torch.view_as_real(s)
    s = torch.sqrt(s.pow(2).sum(-1))
    s = s.pow(2.0)
    fb = torch.from_numpy(librosa_filters_mel(sample_rate, n_fft, n_mels, 0.0, sample_rate / 2)).to(dtype)
    s = torch.matmul(fb, s)
    s = torch.log(s + 2 ** -24)[0]
    normed = nemo_normalize_per_feature(s, seq_len)
    return _np(normed[:, :seq_len]), _np(s[:, :seq_len])


# ---------------------------------------------------------------------------------------------------------------
# Hugging Face ASTFeatureExtractor
# ---------------------------------------------------------------------------------------------------------------
AST_MEAN = -4.2677393
AST_STD = 4.5689974


def ast(x, dtype, sampling_rate=16000, num_mel_bins=128, max_length=1024):
    """ASTFeatureExtractor()(x) with torchaudio available:

        fbank = ta_kaldi.fbank(waveform, sample_frequency=self.sampling_rate, window_type="hanning",
                               num_mel_bins=self.num_mel_bins)
        difference = max_length - n_frames
        if difference > 0: fbank = torch.nn.ZeroPad2d((0, 0, 0, difference))(fbank)
        elif difference < 0: fbank = fbank[0:max_length, :]
        normalize: (input_values - (self.mean)) / (self.std * 2)

    Returned as (mels, frames)."""
    waveform = torch.from_numpy(np.asarray(x, dtype=np.float64)).to(dtype).unsqueeze(0)
    fbank = kaldi.fbank(waveform, sample_frequency=sampling_rate, window_type="hanning", num_mel_bins=num_mel_bins)
    prenorm = _np(fbank).T
    n_frames = fbank.shape[0]
    difference = max_length - n_frames
    if difference > 0:
        fbank = torch.nn.ZeroPad2d((0, 0, 0, difference))(fbank)
    elif difference < 0:
        fbank = fbank[0:max_length, :]
    if dtype == torch.float32:
        values = fbank.numpy()  # numpy float32 with Python-float scalars: computed in float32
        normed = (values - AST_MEAN) / (AST_STD * 2)
    else:
        normed = (_np(fbank) - AST_MEAN) / (AST_STD * 2)
    return np.asarray(normed, dtype=np.float64).T, prenorm


# ---------------------------------------------------------------------------------------------------------------
# PANNs (Cnn14) front-end: torchlibrosa Spectrogram + LogmelFilterBank
# ---------------------------------------------------------------------------------------------------------------
def panns(x, dtype, sample_rate=32000, window_size=1024, hop_size=320, mel_bins=64, fmin=50, fmax=14000):
    """Cnn14's spectrogram_extractor and logmel_extractor:

        fft_window = librosa.filters.get_window('hann', win_length, fftbins=True)   # periodic
        W = np.power(np.exp(-2 * np.pi * 1j / n), x * y)                            # DFT matrix
        conv_real.weight = real(W[:, :n_fft // 2 + 1] * fft_window[:, None]).T    (imag alike)
        x = F.pad(x, (n_fft // 2, n_fft // 2), mode='reflect'); real = conv_real(x); imag = conv_imag(x)
        spectrogram = real ** 2 + imag ** 2
        mel = torch.matmul(spectrogram, librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax).T)
        log_spec = 10.0 * torch.log10(torch.clamp(mel, min=amin)); log_spec -= 10.0 * np.log10(max(amin, ref))
    """
    n = window_size
    fft_window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n) / n)  # scipy get_window("hann", n, fftbins=True)
    xs, ys = np.meshgrid(np.arange(n), np.arange(n))
    omega = np.exp(-2 * np.pi * 1j / n)
    W = np.power(omega, xs * ys)
    out_channels = n // 2 + 1
    w_real = torch.from_numpy(np.real(W[:, :out_channels] * fft_window[:, None]).T.copy()).to(dtype)[:, None, :]
    w_imag = torch.from_numpy(np.imag(W[:, :out_channels] * fft_window[:, None]).T.copy()).to(dtype)[:, None, :]
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64)).to(dtype)[None, None, :]
    xt = torch.nn.functional.pad(xt, pad=(n // 2, n // 2), mode="reflect")
    real = torch.nn.functional.conv1d(xt, w_real, stride=hop_size)
    imag = torch.nn.functional.conv1d(xt, w_imag, stride=hop_size)
    spectrogram = (real ** 2 + imag ** 2)[0]  # (n_fft // 2 + 1, frames)
    mel_w = torch.from_numpy(librosa_filters_mel(sample_rate, n, mel_bins, fmin, fmax)).to(dtype)
    mel = mel_w @ spectrogram
    amin, ref = 1e-10, 1.0
    log_spec = 10.0 * torch.log10(torch.clamp(mel, min=amin))
    log_spec = log_spec - 10.0 * math.log10(max(amin, ref))
    return _np(log_spec), None
