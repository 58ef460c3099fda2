"""Writes Spectro's golden fixtures into conformance/src/main/resources/io/spectro/conformance/golden/ (the folder is emptied first).

Usage: /usr/bin/python3 tools/golden/make_golden.py        (Debian's torch 1.13, torchaudio 0.13.1, numpy, scipy)

Every expected value here is computed INDEPENDENTLY of Spectro, in float64, by torch / torchaudio / numpy:
  - STFT: torch.stft (window padded to nFft and centred, as torch does; pad modes constant / reflect / replicate);
    KALDI framing: torchaudio.compliance.kaldi.fbank where it applies, else numpy framing + numpy.fft.rfft;
    the librosa preset: numpy framing + numpy.fft.rfft (librosa's own recipe), so two FFT libraries are used.
  - windows: torch.{hann,hamming,blackman}_window, ones, hann ** 0.85 (Kaldi's povey).
  - mel: torchaudio.functional.melscale_fbanks (float64 by default dtype), checked here against librosa's
    filters.mel formula re-implemented in numpy; Kaldi banks from torchaudio.compliance.kaldi.get_mel_banks.
  - log: torchaudio.functional.amplitude_to_DB (dB, top_db), numpy log / log10 for ln and log10 variants.
  - MFCC: torchaudio.functional.create_dct(norm="ortho") and librosa's lifter 1 + (L/2) sin(pi (n+1) / L).
  - deltas: torchaudio.functional.compute_deltas (replicate edges), applied twice for order 2.
  - whisper: whisper's own log_mel_spectrogram recipe (stft[..., :-1].abs()**2, librosa Slaney filters,
    clamp(min=1e-10).log10(), max(x, x.max() - 8), (x + 4) / 4).
  - pre-emphasis: torchaudio.functional.preemphasis's two lines (TORCH framing, whole clip; 0.13.1 lacks it).
  - input scale, pad-or-trim in samples, normalisation (per feature, per utterance, fixed) and pad-or-trim in frames:
    numpy in float64 (the definitions in SpectrogramSpec), and for the presets of today's models the libraries' own
    code paths re-implemented line for line in library_recipes.py (Hugging Face WhisperFeatureExtractor and
    ASTFeatureExtractor, NeMo FilterbankFeatures + normalize_batch, PANNs/torchlibrosa), cross-checked against the
    generic path. Each such recipe is also run in float32 to print how far the library's own output is from the
    float64 values (the tolerances must cover at least that).
Only the final result is rounded once to float32. Inputs are float32 clips (seeded), saved as .npy; the speech-like
clips are also written as 16-bit WAV files, which the command-line and API tests decode themselves.

Files written:
  configs.txt            one configuration name per line (the Java suite reads this list from the classpath)
  NAME.properties        the configuration: keys mirror SpectrogramSpec fields (see KEYS below), inputs, expected
  NAME.npy / NAME_i.npy  expected output per clip, float32, C order, (features, frames) or (nFreq, frames, 2)
  NAME_prenorm[_i].npy   with normalisation or a fixed frame count: the output of the same spec without them
  speech_*.wav           16-bit PCM WAV files of the speech-like clips (in_speech_*.npy holds their samples / 32768)
  in_*.npy               input clips, float32
  melfb_*.npy + melfb.tsv     reference mel filterbanks (nMels, nFreq) float32, and their parameters
  window_*.npy + windows.properties   reference windows for several lengths, concatenated, float64
  dct_*.npy, lifter_*.npy    torchaudio create_dct (nMfcc, nMels) and librosa lifters, float64
  frame_counts.tsv       frame counts torch / torchaudio.compliance.kaldi give for many clip lengths (-1: error)

Deterministic: seeded generators, single-threaded torch, no timestamps; re-running rewrites identical files.
"""

import math
import os
import shutil
import sys
import warnings

import importlib.util

import numpy as np
import soundfile as sf
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi
import torchaudio.functional as AF

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import library_recipes as recipes  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "conformance", "src", "main", "resources", "io", "spectro", "conformance", "golden")

# ---------------------------------------------------------------------------------------------------------------
# Configuration keys (java.util.Properties), with the defaults of SpectrogramSpec.builder() where it has one.
# ---------------------------------------------------------------------------------------------------------------
DEFAULTS = dict(
    sample_rate=22050,
    n_fft=2048,
    win_length=None,  # -> n_fft
    hop_length=None,  # -> win_length // 4
    window="hann",  # hann | hamming | blackman | rectangular | povey
    periodic=True,
    center=True,
    pad_mode="constant",  # constant | reflect | edge
    frame_mode="torch",  # torch | kaldi
    preemphasis=0.0,
    remove_dc=False,
    spectrum="power",  # frames | complex | power
    power=2.0,
    n_mels=0,  # 0 = no mel stage
    fmin=0.0,
    fmax="nyquist",
    mel_scale="slaney",  # slaney | htk | kaldi
    mel_norm="slaney",  # slaney | none
    log="none",  # none | db | ln | log10
    db_multiplier=10.0,
    db_amin=1e-10,
    db_ref=1.0,
    db_top_db="none",
    ln_offset=0.0,
    ln_floor=0.0,
    log10_amin=1e-10,
    log10_clamp="none",
    log10_add=0.0,
    log10_scale=1.0,
    n_mfcc=0,  # 0 = no MFCC stage
    lifter=0.0,
    delta_order=0,
    delta_width=5,
    drop_last=0,
    input_scale=1.0,
    fixed_samples=0,  # 0 = the clip's own length
    normalize="none",  # none | per_feature | per_utterance | fixed
    norm_eps=0.0,
    norm_bessel=True,
    norm_mean=0.0,
    norm_std=1.0,
    fixed_frames=0,  # 0 = the computed frame count
    frame_pad=0.0,
    preset="",
)

# Keys of a configuration that are not spec keys: the clips, and how the tests feed them.
RAW_KEYS = ("inputs", "name", "description", "batch", "wav", "input_tile")

KEY_ORDER = list(DEFAULTS.keys())

PAD_TORCH = {"constant": "constant", "reflect": "reflect", "edge": "replicate"}
PAD_NUMPY = {"constant": "constant", "reflect": "reflect", "edge": "edge"}


def full(cfg):
    c = dict(DEFAULTS)
    for k, v in cfg.items():
        if k not in c and k not in RAW_KEYS:
            raise KeyError("unknown key " + k)
        c[k] = v
    if c["win_length"] is None:
        c["win_length"] = c["n_fft"]
    if c["hop_length"] is None:
        c["hop_length"] = max(1, c["win_length"] // 4)
    return c


def fmax_of(c):
    return c["sample_rate"] / 2.0 if c["fmax"] == "nyquist" else float(c["fmax"])


# ---------------------------------------------------------------------------------------------------------------
# Signals (float32, seeded)
# ---------------------------------------------------------------------------------------------------------------
RNG = np.random.default_rng(20261107)


def f32(a):
    return np.ascontiguousarray(np.asarray(a, dtype=np.float32))


def noise(n, scale=0.1):
    return f32(RNG.standard_normal(n) * scale)


def uniform(n, amp=0.5):
    return f32(RNG.uniform(-amp, amp, n))


def chirp(sr, n, f0, f1, amp=0.8):
    t = np.arange(n) / sr
    dur = n / sr
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * dur))
    return f32(amp * np.sin(phase))


def tones_with_silence(sr, n, freqs, amps, silence=(0.35, 0.6)):
    t = np.arange(n) / sr
    x = sum(a * np.sin(2 * np.pi * f * t + 0.3 * i) for i, (f, a) in enumerate(zip(freqs, amps)))
    x = x + 1e-3 * RNG.standard_normal(n)
    lo, hi = int(silence[0] * n), int(silence[1] * n)
    x[lo:hi] = 0.0
    return f32(x)


SIGNALS = {}


def signal(name, x):
    SIGNALS[name] = f32(x)
    return name


def make_signals():
    signal("noise_8k", noise(2000, 0.1))  # 0.25 s
    signal("tones_8k", tones_with_silence(8000, 2400, [300, 1100, 2900], [0.5, 0.25, 0.1]))
    signal("noise_16k", uniform(4801, 0.5))  # odd length
    signal("chirp_16k", chirp(16000, 8000, 60, 7600))  # 0.5 s
    signal("tones_16k", tones_with_silence(16000, 6400, [440, 1250, 3000], [0.4, 0.2, 0.05]))
    signal("short_16k_300", noise(300, 0.2))
    signal("short_16k_137", chirp(16000, 137, 500, 4000))
    signal("noise_22k", noise(6615, 0.05))
    signal("chirp_22k", chirp(22050, 6615, 100, 10000, 0.5))
    signal("chirp_44k", chirp(44100, 13230, 40, 20000, 0.7))
    signal("tones_44k", tones_with_silence(44100, 8820, [220, 3500, 12000], [0.3, 0.1, 0.02]))
    # Kaldi works on 16-bit integer scale: round to integers, stored as float32.
    signal("int16_16k", np.round(tones_with_silence(16000, 4800, [250, 900, 2500], [0.3, 0.2, 0.1]) * 32767.0))
    signal("int16_8k", np.round(noise(2400, 0.15) * 32767.0))
    # A ragged batch: several lengths (one shorter than nFft = 512 but long enough for reflect padding).
    for i, n in enumerate([3000, 300, 1601, 4097, 777]):
        signal("ragged_16k_%d" % i, chirp(16000, n, 200 + 300 * i, 6000, 0.3) + noise(n, 0.01))
    # The int16 clips as a decoder gives them, in [-1, 1): the kaldi preset scales them back by 32768 (exact).
    signal("int16norm_16k", SIGNALS["int16_16k"] / 32768.0)
    signal("int16norm_8k", SIGNALS["int16_8k"] / 32768.0)
    # Speech-like clips (tools/audio-corpus/make_speech_flacs.py's synthetic voice), 16-bit, also written as WAV.
    for rate, seconds, seed in ((16000, 2.5, 7), (32000, 2.0, 8)):
        pcm = speech_int16(rate, seconds, seed)
        SPEECH[rate] = pcm
        signal("speech_%dk" % (rate // 1000), pcm / 32768.0)


SPEECH = {}


def speech_int16(rate, seconds, seed):
    """An utterance from tools/audio-corpus/make_speech_flacs.py at `rate` (its RATE set for the call)."""
    path = os.path.join(ROOT, "tools", "audio-corpus", "make_speech_flacs.py")
    spec = importlib.util.spec_from_file_location("make_speech_flacs", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.RATE = rate
    return mod.utterance(seconds, np.random.default_rng(seed))


# ---------------------------------------------------------------------------------------------------------------
# Independent references (float64)
# ---------------------------------------------------------------------------------------------------------------
def torch_window(kind, periodic, length):
    if kind == "hann":
        return torch.hann_window(length, periodic=periodic)
    if kind == "hamming":
        return torch.hamming_window(length, periodic=periodic)
    if kind == "blackman":
        return torch.blackman_window(length, periodic=periodic)
    if kind == "rectangular":
        return torch.ones(length)
    if kind == "povey":
        return torch.hann_window(length, periodic=periodic).pow(0.85)
    raise ValueError(kind)


def kaldi_window_type(kind, periodic):
    """The torchaudio.compliance.kaldi window name for a symmetric window, or None when kaldi has no such window."""
    if periodic:
        return None
    return {"hann": "hanning", "hamming": "hamming", "povey": "povey", "rectangular": "rectangular",
            "blackman": "blackman"}[kind]


def preemphasis(waveform, coeff):
    """torchaudio.functional.preemphasis (torchaudio >= 2.0; not in 0.13.1), copied: y[0] = x[0], y[n] = x[n] -
    coeff * x[n-1]."""
    waveform = waveform.clone()
    waveform[..., 1:] -= coeff * waveform[..., :-1]
    return waveform


def torch_stft(c, x):
    """torch.stft of a float64 clip; returns complex (nFreq, frames)."""
    xt = torch.from_numpy(x.astype(np.float64))
    if c["preemphasis"]:
        xt = preemphasis(xt, c["preemphasis"])
    w = torch_window(c["window"], c["periodic"], c["win_length"])
    return torch.stft(xt, c["n_fft"], hop_length=c["hop_length"], win_length=c["win_length"], window=w,
                      center=c["center"], pad_mode=PAD_TORCH[c["pad_mode"]], normalized=False, onesided=True,
                      return_complex=True).numpy()


def numpy_torch_frames(c, x):
    """TORCH framing in numpy: pre-emphasis, pad, cut nFft frames, multiply by the centred window. (nFft, frames)."""
    y = x.astype(np.float64)
    if c["preemphasis"]:
        y = np.concatenate([y[:1], y[1:] - c["preemphasis"] * y[:-1]])
    n_fft, hop = c["n_fft"], c["hop_length"]
    if c["center"]:
        y = np.pad(y, n_fft // 2, mode=PAD_NUMPY[c["pad_mode"]])
    frames = 1 + (len(y) - n_fft) // hop
    w = torch_window(c["window"], c["periodic"], c["win_length"]).numpy()
    wp = np.zeros(n_fft)
    left = (n_fft - c["win_length"]) // 2
    wp[left:left + len(w)] = w
    out = np.stack([y[t * hop:t * hop + n_fft] * wp for t in range(frames)], axis=1)
    return out


def numpy_kaldi_frames(c, x):
    """KALDI framing (snip_edges) in numpy: DC removal, per-frame pre-emphasis, window at the start, zero pad."""
    y = x.astype(np.float64)
    win, hop, n_fft = c["win_length"], c["hop_length"], c["n_fft"]
    frames = 0 if len(y) < win else 1 + (len(y) - win) // hop
    w = torch_window(c["window"], c["periodic"], win).numpy()
    out = np.zeros((n_fft, frames))
    for t in range(frames):
        f = y[t * hop:t * hop + win].copy()
        if c["remove_dc"]:
            f = f - f.mean()
        if c["preemphasis"]:
            f = f - c["preemphasis"] * np.concatenate([f[:1], f[:-1]])
        out[:win, t] = f * w
    return out


librosa_mel_numpy = recipes.librosa_mel_numpy


def mel_filterbank(sr, n_fft, n_mels, fmin, fmax, scale, norm):
    """(n_mels, nFreq) float64 from torchaudio, cross-checked against the numpy librosa formula."""
    n_freq = n_fft // 2 + 1
    if scale == "kaldi":
        banks, _ = kaldi.get_mel_banks(n_mels, n_fft, float(sr), float(fmin), float(fmax), 100.0, -500.0, 1.0)
        fb = np.zeros((n_mels, n_freq))
        fb[:, :n_fft // 2] = banks.numpy()
        return fb
    if sr % 2 != 0:
        raise ValueError("torchaudio's melscale_fbanks uses sr // 2: use an even sample rate")
    fb = AF.melscale_fbanks(n_freq, float(fmin), float(fmax), n_mels, sr,
                            norm=None if norm == "none" else "slaney", mel_scale=scale).numpy().T
    ref = librosa_mel_numpy(sr, n_fft, n_mels, fmin, fmax, scale == "htk", norm)
    err = np.abs(fb - ref).max() / np.abs(ref).max()
    if err > 1e-12:
        raise AssertionError("torchaudio and librosa formula filterbanks differ by %g" % err)
    return fb


def apply_log(c, s):
    """The log stage on a float64 (features, frames) array (None = no log)."""
    kind = c["log"]
    if kind == "none":
        return s
    if kind == "db":
        top = None if c["db_top_db"] == "none" else float(c["db_top_db"])
        db_mult = math.log10(max(c["db_amin"], c["db_ref"]))
        return AF.amplitude_to_DB(torch.from_numpy(s), c["db_multiplier"], c["db_amin"], db_mult, top).numpy()
    if kind == "ln":
        return np.log(np.maximum(s + c["ln_offset"], c["ln_floor"]))
    if kind == "log10":
        y = np.log10(np.maximum(s, c["log10_amin"]))
        if c["log10_clamp"] != "none":
            y = np.maximum(y, y.max() - float(c["log10_clamp"]))
        return (y + c["log10_add"]) * c["log10_scale"]
    raise ValueError(kind)


def lifter_of(n_mfcc, lifter):
    return 1.0 + (lifter / 2.0) * np.sin(np.pi * np.arange(1, 1 + n_mfcc) / lifter)


def deltas(c, base):
    out = [base]
    cur = torch.from_numpy(base)
    for _ in range(c["delta_order"]):
        cur = AF.compute_deltas(cur, win_length=c["delta_width"], mode="replicate")
        out.append(cur.numpy())
    return np.concatenate(out, axis=0)


def generic_features(c, x):
    """Any configuration up to the MFCC: framing + FFT (torch or numpy), power, mel, log, MFCC, in float64."""
    if c["frame_mode"] == "torch":
        if c["spectrum"] == "frames":
            return numpy_torch_frames(c, x)
        X = torch_stft(c, x)
    else:
        fr = numpy_kaldi_frames(c, x)
        if c["spectrum"] == "frames":
            return fr
        X = np.fft.rfft(fr, axis=0)
    if c["drop_last"]:
        X = X[:, :max(0, X.shape[1] - c["drop_last"])]
    if c["spectrum"] == "complex":
        return np.stack([X.real, X.imag], axis=-1)
    s = np.abs(X) ** c["power"]
    if c["n_mels"]:
        fb = mel_filterbank(c["sample_rate"], c["n_fft"], c["n_mels"], c["fmin"], fmax_of(c), c["mel_scale"],
                            c["mel_norm"])
        s = fb @ s
    s = apply_log(c, s)
    if c["n_mfcc"]:
        dct = AF.create_dct(c["n_mfcc"], c["n_mels"], "ortho").numpy()  # (n_mels, n_mfcc)
        s = dct.T @ s
        if c["lifter"]:
            s = s * lifter_of(c["n_mfcc"], c["lifter"])[:, None]
    return s


def staged_input(c, x):
    """The input stage: x * input_scale (exact in float64), padded with zeros or trimmed to fixed_samples."""
    y = x.astype(np.float64) * c["input_scale"]
    n = c["fixed_samples"]
    if n:
        z = np.zeros(n)
        z[:min(n, len(y))] = y[:n]
        y = z
    return y


def normalize(c, s):
    """The normalisation stage on (features, frames) in float64: (x - mean) / (std + eps), or the fixed map."""
    kind = c["normalize"]
    if kind == "fixed":
        return (s - c["norm_mean"]) / c["norm_std"]
    b = 1 if c["norm_bessel"] else 0
    if kind == "per_feature":
        n = s.shape[1]
        mean = s.mean(axis=1, keepdims=True)
        q = ((s - mean) ** 2).sum(axis=1, keepdims=True)
    elif kind == "per_utterance":
        n = s.size
        mean = s.mean()
        q = ((s - mean) ** 2).sum()
    else:
        raise ValueError(kind)
    std = np.sqrt(q / (n - b)) if n - b > 0 else np.zeros_like(q)
    return (s - mean) / (std + c["norm_eps"])


def fit_frames(c, s):
    """Pad-or-trim in frames: the first fixed_frames frames of each row, then frame_pad."""
    n = c["fixed_frames"]
    if not n:
        return s
    out = np.full((s.shape[0], n), c["frame_pad"])
    k = min(n, s.shape[1])
    out[:, :k] = s[:, :k]
    return out


def finish(c, s):
    """The stages after the MFCC: normalisation, deltas, pad-or-trim in frames. Returns (final, prenorm), prenorm
    being the output of the spec without normalisation and fixed frame count (None when it has neither)."""
    staged = c["normalize"] != "none" or c["fixed_frames"]
    prenorm = deltas(c, s) if c["delta_order"] else s
    if c["normalize"] != "none":
        assert not c["delta_order"], "golden checks of normalised outputs do not cover deltas"
        s = normalize(c, s)
    if c["delta_order"]:
        s = deltas(c, s)
    return fit_frames(c, s), prenorm if staged else None


def generic_reference(c, x):
    """generic_features (x already through the input stage), then finish: (final, prenorm)."""
    s = generic_features(c, x)
    if c["spectrum"] != "power":
        return s, None
    return finish(c, s)


def kaldi_fbank_features(c, x):
    """torchaudio.compliance.kaldi.fbank for a KALDI-framed mel configuration (symmetric window, kaldi mel)."""
    assert c["frame_mode"] == "kaldi" and c["mel_scale"] == "kaldi" and c["spectrum"] == "power"
    assert c["power"] in (1.0, 2.0) and c["log"] in ("none", "ln") and c["n_mfcc"] == 0 and c["delta_order"] == 0
    if c["log"] == "ln":
        assert c["ln_offset"] == 0.0 and c["ln_floor"] == float(np.finfo(np.float32).eps)
    sr = c["sample_rate"]
    frame_ms = c["win_length"] * 1000.0 / sr
    shift_ms = c["hop_length"] * 1000.0 / sr
    wt = kaldi_window_type(c["window"], c["periodic"])
    pow2 = 1 << (c["win_length"] - 1).bit_length()
    assert c["n_fft"] == pow2, "kaldi.fbank rounds the FFT size to a power of two"
    fb = kaldi.fbank(torch.from_numpy(x.astype(np.float64))[None, :], dither=0.0, frame_length=frame_ms,
                     frame_shift=shift_ms, sample_frequency=float(sr), window_type=wt,
                     preemphasis_coefficient=c["preemphasis"], remove_dc_offset=c["remove_dc"],
                     num_mel_bins=c["n_mels"], low_freq=float(c["fmin"]), high_freq=fmax_of(c),
                     use_power=c["power"] == 2.0, use_log_fbank=c["log"] == "ln", use_energy=False,
                     round_to_power_of_two=True, snip_edges=True).numpy().T
    assert fb.shape[1] == 1 + (len(x) - c["win_length"]) // c["hop_length"], "window/shift ms round trip"
    # Cross-check against the generic numpy path (a different implementation of the same definition).
    g = generic_features(c, x)
    assert np.abs(g - fb).max() <= 1e-9 * max(1.0, np.abs(fb).max()), "kaldi.fbank vs numpy framing"
    return fb


def whisper_reference(c, x):
    """OpenAI whisper's log_mel_spectrogram (whisper/audio.py), with librosa's Slaney filters, in float64."""
    audio = torch.from_numpy(x.astype(np.float64))
    window = torch.hann_window(400)
    stft = torch.stft(audio, 400, 160, window=window, return_complex=True)  # center=True, reflect
    magnitudes = stft[..., :-1].abs() ** 2
    filters = torch.from_numpy(librosa_mel_numpy(16000, 400, 80, 0.0, 8000.0, False, "slaney"))
    mel_spec = filters @ magnitudes
    log_spec = torch.clamp(mel_spec, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    log_spec = (log_spec + 4.0) / 4.0
    return log_spec.numpy()


def librosa_reference(c, x):
    """librosa.feature.melspectrogram(y, sr=22050) defaults, re-implemented in numpy (numpy's FFT, not torch's)."""
    n_fft, hop = 2048, 512
    y = np.pad(x.astype(np.float64), n_fft // 2, mode="constant")
    frames = 1 + (len(y) - n_fft) // hop
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)  # scipy get_window("hann", fftbins=True)
    fr = np.stack([y[t * hop:t * hop + n_fft] * w for t in range(frames)], axis=1)
    S = np.abs(np.fft.rfft(fr, axis=0)) ** 2
    return librosa_mel_numpy(22050, n_fft, 128, 0.0, 11025.0, False, "slaney") @ S


def torchaudio_reference(c, x):
    """torchaudio.transforms.MelSpectrogram(sample_rate=16000) with its defaults, in float64."""
    t = torchaudio.transforms.MelSpectrogram(sample_rate=16000).to(torch.float64)
    return t(torch.from_numpy(x.astype(np.float64))).numpy()


PRESET_REFS = {"whisper": whisper_reference, "librosa": librosa_reference, "torchaudio": torchaudio_reference}

# The preset values as keys (must equal Presets.* in Java; the Java loader checks it).
PRESETS = {
    "librosa": dict(sample_rate=22050, n_fft=2048, hop_length=512, pad_mode="constant", n_mels=128,
                    mel_scale="slaney", mel_norm="slaney"),
    "torchaudio": dict(sample_rate=16000, n_fft=400, hop_length=200, pad_mode="reflect", n_mels=128,
                       mel_scale="htk", mel_norm="none"),
    "whisper": dict(sample_rate=16000, n_fft=400, hop_length=160, pad_mode="reflect", n_mels=80,
                    mel_scale="slaney", mel_norm="slaney", log="log10", log10_amin=1e-10, log10_clamp=8.0,
                    log10_add=4.0, log10_scale=0.25, drop_last=1),
}


def kaldi_preset(sr):
    win = int(sr * 25.0 * 0.001)
    hop = int(sr * 10.0 * 0.001)
    return dict(sample_rate=sr, n_fft=1 << (win - 1).bit_length(), win_length=win, hop_length=hop, window="povey",
                periodic=False, center=False, frame_mode="kaldi", remove_dc=True, preemphasis=0.97, n_mels=23,
                fmin=20.0, mel_scale="kaldi", mel_norm="none", log="ln", ln_offset=0.0,
                ln_floor=float(np.finfo(np.float32).eps), input_scale=32768.0)


def whisper_hf_preset(n_mels):
    k = dict(PRESETS["whisper"])
    k.update(n_mels=n_mels, fmax=8000.0, fixed_samples=480000)
    return k


def nemo_preset(n_mels):
    return dict(sample_rate=16000, n_fft=512, win_length=400, hop_length=160, window="hann", periodic=False,
                pad_mode="constant", preemphasis=0.97, n_mels=n_mels, log="ln", ln_offset=2.0 ** -24, drop_last=1,
                normalize="per_feature", norm_eps=1e-5, norm_bessel=True)


def ast_preset():
    k = kaldi_preset(16000)
    mean, std = recipes.AST_MEAN, recipes.AST_STD * 2
    pad = (np.float32(0.0) - np.float32(mean)) / np.float32(std)  # the spec's float32 pad value, as Java has it
    k.update(window="hann", n_mels=128, input_scale=1.0, normalize="fixed", norm_mean=mean, norm_std=std,
             fixed_frames=1024, frame_pad=float(pad))
    return k


PANNS_PRESET = dict(sample_rate=32000, n_fft=1024, hop_length=320, pad_mode="reflect", n_mels=64, fmin=50.0,
                    fmax=14000.0, log="db")


# ---------------------------------------------------------------------------------------------------------------
# The configurations
# ---------------------------------------------------------------------------------------------------------------
CONFIGS = []


def config(name, inputs, description, **kw):
    CONFIGS.append(dict(name=name, inputs=inputs if isinstance(inputs, list) else [inputs],
                        description=description, **kw))


def define_configs():
    # --- STFT sizes, windows, pad modes, powers ---------------------------------------------------------------
    config("stft_n512_hann_reflect_power", "chirp_16k", "nFft 512 (2^k), periodic hann, reflect, power 2",
           sample_rate=16000, n_fft=512, hop_length=128, pad_mode="reflect")
    config("stft_n400_hamming_constant_mag", "tones_16k", "nFft 400 (whisper size), periodic hamming, magnitude",
           sample_rate=16000, n_fft=400, hop_length=160, window="hamming", power=1.0)
    config("stft_n1000_blackman_edge_pow05", "noise_8k", "nFft 1000, periodic blackman, edge padding, power 0.5",
           sample_rate=8000, n_fft=1000, hop_length=250, window="blackman", pad_mode="edge", power=0.5)
    config("stft_n1024_win800_hop300_hannsym_pow3", "noise_22k",
           "nFft 1024, winLength 800 < nFft, hop 300 not dividing nFft, symmetric hann, power 3",
           sample_rate=22050, n_fft=1024, win_length=800, hop_length=300, periodic=False, pad_mode="reflect",
           power=3.0)
    config("stft_n2048_hop512_constant", "chirp_22k", "nFft 2048 hop 512, constant padding (librosa framing)",
           sample_rate=22050, n_fft=2048, hop_length=512)
    config("stft_n4096_hop1024_reflect", "chirp_44k", "nFft 4096 hop 1024 at 44.1 kHz, reflect",
           sample_rate=44100, n_fft=4096, hop_length=1024, pad_mode="reflect")
    config("stft_n999_odd_rect", "noise_16k", "odd nFft 999, periodic rectangular window",
           sample_rate=16000, n_fft=999, hop_length=333, window="rectangular")
    config("stft_n401_prime_hann", "tones_16k", "prime nFft 401 (Bluestein), hann, reflect",
           sample_rate=16000, n_fft=401, hop_length=100, pad_mode="reflect")
    config("stft_n1009_prime_bluestein_edge", "noise_8k", "prime nFft 1009 (Bluestein), edge padding",
           sample_rate=8000, n_fft=1009, hop_length=256, pad_mode="edge")
    config("stft_n134_bluestein_hammingsym", "tones_8k",
           "nFft 134 = 2*67 (half-length 67 needs Bluestein), symmetric hamming",
           sample_rate=8000, n_fft=134, hop_length=67, window="hamming", periodic=False)
    config("stft_n254_bluestein_blackmansym", "tones_44k", "nFft 254 = 2*127 (Bluestein), symmetric blackman",
           sample_rate=44100, n_fft=254, hop_length=200, window="blackman", periodic=False, pad_mode="reflect")
    config("stft_n61_smallprime_rectsym", "short_16k_300", "small prime nFft 61 (direct generic radix), "
           "symmetric rectangular window, win 50", sample_rate=16000, n_fft=61, win_length=50, hop_length=23,
           window="rectangular", periodic=False, pad_mode="edge")
    config("stft_n512_nocenter", "chirp_16k", "center = false (no padding)",
           sample_rate=16000, n_fft=512, hop_length=256, center=False)
    config("stft_n600_povey_periodic_nocenter", "noise_16k", "nFft 600, winLength 550, periodic povey, no centre",
           sample_rate=16000, n_fft=600, win_length=550, hop_length=275, window="povey", center=False)
    config("stft_n512_poveysym_edge", "tones_16k", "symmetric povey, edge padding, magnitude",
           sample_rate=16000, n_fft=512, hop_length=160, window="povey", periodic=False, pad_mode="edge", power=1.0)
    config("stft_n512_preemphasis_reflect", "noise_16k", "pre-emphasis 0.97 on the clip (torchaudio), reflect",
           sample_rate=16000, n_fft=512, hop_length=160, preemphasis=0.97, pad_mode="reflect")
    config("stft_short_n512_constant", "short_16k_137", "clip of 137 samples, shorter than nFft 512, centre "
           "constant padding", sample_rate=16000, n_fft=512, hop_length=64)
    config("stft_short_n512_reflect", "short_16k_300", "clip of 300 samples < nFft 512, reflect (needs > 256)",
           sample_rate=16000, n_fft=512, hop_length=100, pad_mode="reflect")
    # --- complex and frames -----------------------------------------------------------------------------------
    config("complex_n512_reflect", "chirp_16k", "complex output (nFreq, frames, 2)",
           sample_rate=16000, n_fft=512, hop_length=256, pad_mode="reflect", spectrum="complex")
    config("complex_n999_odd_hamming", "noise_8k", "complex output, odd nFft 999",
           sample_rate=8000, n_fft=999, hop_length=400, window="hamming", spectrum="complex")
    config("frames_n400_povey_preemph_edge", "tones_16k", "FRAMES output: windowed frames (numpy framing), "
           "periodic povey, pre-emphasis, edge padding", sample_rate=16000, n_fft=400, win_length=300,
           hop_length=480, window="povey", preemphasis=0.97, pad_mode="edge", spectrum="frames")
    config("frames_kaldi_n512_dc_preemph", "int16_16k", "FRAMES output in KALDI framing: DC removal, per-frame "
           "pre-emphasis, povey at the frame start, zero pad to 512", sample_rate=16000, n_fft=512, win_length=400,
           hop_length=400, window="povey", periodic=False, center=False, frame_mode="kaldi", remove_dc=True,
           preemphasis=0.97, spectrum="frames")
    config("power_kaldi_n256_hammingsym", "noise_8k", "KALDI framing power spectrum (numpy), symmetric hamming, "
           "no DC removal", sample_rate=8000, n_fft=256, win_length=200, hop_length=80, window="hamming",
           periodic=False, center=False, frame_mode="kaldi")
    # --- mel ----------------------------------------------------------------------------------------------------
    config("mel_htk_none_n512", "chirp_16k", "40 mels, HTK scale, no norm",
           sample_rate=16000, n_fft=512, hop_length=160, pad_mode="reflect", n_mels=40, mel_scale="htk",
           mel_norm="none")
    config("mel_htk_slaney_n1024", "noise_22k", "64 mels, HTK scale, Slaney norm",
           sample_rate=22050, n_fft=1024, hop_length=256, n_mels=64, mel_scale="htk", mel_norm="slaney")
    config("mel_slaney_none_fmin_fmax_n2048", "tones_44k", "64 mels, Slaney scale, no norm, fmin 50, fmax 14000",
           sample_rate=44100, n_fft=2048, hop_length=1000, n_mels=64, fmin=50.0, fmax=14000.0,
           mel_norm="none")
    config("mel_slaney_slaney_fmin_fmax_n400_8k", "tones_8k", "40 mels Slaney/Slaney, fmin 100, fmax 3500, 8 kHz",
           sample_rate=8000, n_fft=400, hop_length=100, n_mels=40, fmin=100.0, fmax=3500.0)
    config("mel_magnitude_n999_odd", "noise_16k", "mel on the magnitude (power 1), odd nFft 999",
           sample_rate=16000, n_fft=999, hop_length=500, power=1.0, n_mels=48, pad_mode="reflect")
    config("mel_kaldi_torchframes_n512", "chirp_16k", "Kaldi mel scale on TORCH framing (numpy + kaldi banks)",
           sample_rate=16000, n_fft=512, hop_length=256, n_mels=30, fmin=64.0, fmax=7600.0, mel_scale="kaldi",
           mel_norm="none")
    # --- log ----------------------------------------------------------------------------------------------------
    config("db_top80_mel_n512", "tones_16k", "mel power to dB, top_db 80 (librosa power_to_db)",
           sample_rate=16000, n_fft=512, hop_length=128, n_mels=64, log="db", db_top_db=80.0)
    config("db_notop_stft_n256", "chirp_16k", "power spectrum to dB, no top_db (torchaudio AmplitudeToDB)",
           sample_rate=16000, n_fft=256, hop_length=128, pad_mode="reflect", log="db")
    config("db_magnitude_mult20_top60", "noise_22k", "magnitude to dB (multiplier 20, amin 1e-5, ref 0.5), "
           "top_db 60", sample_rate=22050, n_fft=1024, hop_length=512, power=1.0, n_mels=50, mel_scale="htk",
           log="db", db_multiplier=20.0, db_amin=1e-5, db_ref=0.5, db_top_db=60.0)
    config("ln_offset_mel_n400", "tones_16k", "ln(mel + 1e-6)", sample_rate=16000, n_fft=400,
           hop_length=160, pad_mode="reflect", n_mels=80, log="ln", ln_offset=1e-6)
    config("ln_floor_stft_n512", "noise_8k", "ln(max(power, 1e-8)) on the linear spectrum",
           sample_rate=8000, n_fft=512, hop_length=200, log="ln", ln_floor=1e-8)
    config("log10_clamp_mel_n1024", "chirp_44k", "log10 with clamp 6 below the clip max, then (y + 2) * 0.5",
           sample_rate=44100, n_fft=1024, hop_length=882, n_mels=64, log="log10", log10_amin=1e-9,
           log10_clamp=6.0, log10_add=2.0, log10_scale=0.5)
    config("log10_plain_stft_n300", "tones_8k", "log10(max(x, 1e-10)) without clamp, nFft 300",
           sample_rate=8000, n_fft=300, hop_length=150, log="log10")
    # --- MFCC and deltas ----------------------------------------------------------------------------------------
    config("mfcc13_nolifter_n512", "chirp_16k", "13 MFCC from 40 mels, dB top 80, no lifter",
           sample_rate=16000, n_fft=512, hop_length=160, n_mels=40, log="db", db_top_db=80.0, n_mfcc=13)
    config("mfcc20_lifter22_n1024", "noise_22k", "20 MFCC from 64 HTK mels, dB top 80, lifter 22",
           sample_rate=22050, n_fft=1024, hop_length=441, n_mels=64, mel_scale="htk", log="db", db_top_db=80.0,
           n_mfcc=20, lifter=22.0)
    config("delta1_logmel_n400", "tones_16k", "ln-mel with order-1 deltas (width 5)",
           sample_rate=16000, n_fft=400, hop_length=160, n_mels=40, log="ln", ln_offset=1e-6, delta_order=1)
    config("delta2_mel_power_n512", "chirp_16k", "mel power with order-2 deltas (width 5)",
           sample_rate=16000, n_fft=512, hop_length=256, n_mels=32, delta_order=2)
    config("delta2_mfcc_width9_n512", "noise_16k", "13 MFCC + deltas + delta-deltas, width 9",
           sample_rate=16000, n_fft=512, hop_length=200, n_mels=40, log="db", db_top_db=80.0, n_mfcc=13,
           lifter=22.0, delta_order=2, delta_width=9)
    # --- presets ------------------------------------------------------------------------------------------------
    config("preset_librosa", "chirp_22k", "librosa melspectrogram defaults (numpy recipe)", preset="librosa",
           **PRESETS["librosa"])
    config("preset_torchaudio", "tones_16k", "torchaudio MelSpectrogram defaults", preset="torchaudio",
           **PRESETS["torchaudio"])
    config("preset_whisper", "chirp_16k", "whisper log_mel_spectrogram recipe", preset="whisper",
           **PRESETS["whisper"])
    config("preset_kaldi", "int16norm_16k", "torchaudio.compliance.kaldi.fbank defaults (no dither) on the 16-bit "
           "values, from audio in [-1, 1) (input scale 32768)", preset="kaldi", **kaldi_preset(16000))
    config("preset_kaldi_8k", "int16norm_8k", "Presets.kaldi(8000): kaldi.fbank at 8 kHz (200/80, nFft 256)",
           preset="kaldi", **kaldi_preset(8000))
    k = kaldi_preset(16000)
    k.update(window="hamming", remove_dc=False, preemphasis=0.0, n_mels=40, fmin=0.0, log="none", power=1.0,
             input_scale=1.0)
    config("kaldi_fbank_hamming_magnitude", "int16_16k", "kaldi.fbank: hamming, no DC removal, no pre-emphasis, "
           "magnitude, 40 bins, no log", **k)
    # --- batches ------------------------------------------------------------------------------------------------
    config("batch_of_one_whisper", ["ragged_16k_0"], "whisper preset, a batch of one clip", preset="whisper",
           batch=True, **PRESETS["whisper"])
    config("ragged_batch_n512_reflect_db", ["ragged_16k_%d" % i for i in range(5)],
           "ragged batch of 5 clips (300 .. 4097 samples), mel dB top 80 per clip", batch=True,
           sample_rate=16000, n_fft=512, hop_length=160, pad_mode="reflect", n_mels=40, log="db", db_top_db=80.0)
    config("ragged_batch_whisper", ["ragged_16k_%d" % i for i in range(5)],
           "ragged batch of 5 clips through the whisper preset (clamp per clip)", preset="whisper", batch=True,
           **PRESETS["whisper"])
    # --- input scale, pad-or-trim, normalisation ---------------------------------------------------------------
    config("input_scale_1000_ln_mel", "chirp_16k", "input scale 1000 (not a power of two), ln mel",
           sample_rate=16000, n_fft=512, hop_length=160, pad_mode="reflect", n_mels=40, log="ln", ln_offset=1e-6,
           input_scale=1000.0)
    config("pad_samples_reflect_log10", "short_16k_300", "300 samples padded with zeros to 2000 before reflect "
           "framing, log10 with clamp", sample_rate=16000, n_fft=400, hop_length=160, pad_mode="reflect", n_mels=40,
           log="log10", log10_clamp=8.0, log10_add=4.0, log10_scale=0.25, fixed_samples=2000)
    config("trim_samples_power", "tones_16k", "6400 samples trimmed to 4000 (a whole silence-free part)",
           sample_rate=16000, n_fft=512, hop_length=256, pad_mode="reflect", fixed_samples=4000)
    config("per_feature_ln_mel", "tones_16k", "ln mel, per-feature normalisation (Bessel, eps 1e-5)",
           sample_rate=16000, n_fft=400, hop_length=160, pad_mode="reflect", n_mels=40, log="ln", ln_offset=1e-6,
           normalize="per_feature", norm_eps=1e-5)
    config("per_feature_nobessel_mfcc", "noise_22k", "13 MFCC, per-feature normalisation without Bessel, eps 0",
           sample_rate=22050, n_fft=1024, hop_length=441, n_mels=40, log="db", db_top_db=80.0, n_mfcc=13,
           normalize="per_feature", norm_bessel=False)
    config("per_utterance_db_mel", "chirp_22k", "dB mel, per-utterance normalisation (Bessel, eps 1e-5)",
           sample_rate=22050, n_fft=1024, hop_length=512, n_mels=64, log="db", normalize="per_utterance",
           norm_eps=1e-5)
    config("fixed_norm_pad_frames", "tones_8k", "ln mel, fixed normalisation (x + 3) / 2.5, padded to 40 frames of "
           "-7.5", sample_rate=8000, n_fft=256, hop_length=100, n_mels=20, log="ln", ln_offset=1e-6,
           normalize="fixed", norm_mean=-3.0, norm_std=2.5, fixed_frames=40, frame_pad=-7.5)
    config("trim_frames_whisper_like", "chirp_16k", "whisper's log10 recipe trimmed to 30 frames",
           fixed_frames=30, **PRESETS["whisper"])
    # --- presets of today's models (speech-like clips, also as WAV files) ---------------------------------------
    config("preset_kaldi_wav", "speech_16k", "kaldi preset on speech_16k.wav: kaldi.fbank on its 16-bit values",
           preset="kaldi", wav="speech_16k.wav", **kaldi_preset(16000))
    config("preset_whisper_hf", "speech_16k", "Hugging Face WhisperFeatureExtractor (80 mels): 2.5 s padded to "
           "30 s, 3000 frames", preset="whisper-hf", wav="speech_16k.wav", **whisper_hf_preset(80))
    config("preset_whisper_large_v3", "speech_16k", "WhisperFeatureExtractor(feature_size=128), Whisper "
           "large-v3", preset="whisper-large-v3", wav="speech_16k.wav", **whisper_hf_preset(128))
    config("preset_whisper_hf_trim", "speech_16k", "WhisperFeatureExtractor on 31 s (the clip repeated), "
           "truncated to 30 s", preset="whisper-hf", input_tile=496000, **whisper_hf_preset(80))
    config("preset_nemo", "speech_16k", "NeMo AudioToMelSpectrogramPreprocessor (FastConformer config, 80 mels, "
           "per-feature normalisation)", preset="nemo", wav="speech_16k.wav", **nemo_preset(80))
    config("preset_nemo_128", "speech_16k", "NeMo preprocessor with 128 mels (Parakeet TDT config)",
           preset="nemo-128", wav="speech_16k.wav", **nemo_preset(128))
    config("preset_ast", "speech_16k", "Hugging Face ASTFeatureExtractor: kaldi fbank (hanning, 128), AudioSet "
           "normalisation, padded to 1024 frames", preset="ast", wav="speech_16k.wav", **ast_preset())
    config("preset_ast_trim", "speech_16k", "ASTFeatureExtractor on 11 s (the clip repeated), truncated to 1024 "
           "frames", preset="ast", input_tile=176000, **ast_preset())
    config("preset_panns", "speech_32k", "PANNs Cnn14 front-end (torchlibrosa): 32 kHz, 1024/320, 64 mels "
           "50-14000 Hz, dB", preset="panns", wav="speech_32k.wav", **PANNS_PRESET)


def cross_check(c, what, ref, g, tol):
    """The library recipe and the generic path must agree (a check of the preset's keys and of both paths)."""
    if ref is None and g is None:
        return
    assert ref.shape == g.shape, "%s %s: shapes %s vs %s" % (c["name"], what, ref.shape, g.shape)
    scale = max(1.0, np.abs(ref).max())
    err = np.abs(g - ref).max()
    assert err <= tol * scale, "%s %s: library recipe vs generic path differ by %g" % (c["name"], what, err)


# The presets of today's models: (recipe, its arguments from the configuration, cross-check tolerance). The
# tolerance is 1e-9 (float64 rounding) except where the two paths legitimately differ: PANNs' DFT-as-convolution
# against an FFT (weak bins, in dB), the AST pad value (the library normalises its zero in float64 here, the spec
# holds it as float32).
LIBRARY_PRESETS = {
    "whisper-hf": (recipes.whisper_hf, lambda c: dict(n_mels=c["n_mels"]), 1e-9),
    "whisper-large-v3": (recipes.whisper_hf, lambda c: dict(n_mels=c["n_mels"]), 1e-9),
    "nemo": (recipes.nemo, lambda c: dict(n_mels=c["n_mels"]), 1e-9),
    "nemo-128": (recipes.nemo, lambda c: dict(n_mels=c["n_mels"]), 1e-9),
    "ast": (recipes.ast, lambda c: dict(), 1e-7),
    "panns": (recipes.panns, lambda c: dict(), 1e-6),
}

# How far each library's own float32 output is from the float64 golden values (printed by main()).
LIBRARY_FLOAT32 = []


def library_reference(c, x):
    recipe, args, tol = LIBRARY_PRESETS[c["preset"]]
    final, prenorm = recipe(x, torch.float64, **args(c))
    g_final, g_prenorm = library_generic(c, staged_input(c, x))
    if c["preset"] == "panns":
        # Bins far below the clip maximum carry the absolute error of the DFT sums; compare the top 100 dB.
        keep = final >= final.max() - 100.0
        g_final = np.where(keep, g_final, final)
    cross_check(c, "output", final, g_final, tol)
    cross_check(c, "prenorm", prenorm, g_prenorm, 1e-9)
    f32_final, _ = recipe(x, torch.float32, **args(c))
    LIBRARY_FLOAT32.append((c["name"], float(np.abs(f32_final - final).max()), float(np.abs(final).max())))
    return final, prenorm


def library_generic(c, xs):
    if c["frame_mode"] == "kaldi":
        return finish(c, kaldi_fbank_features(c, xs))
    return generic_reference(c, xs)


def reference(c, x):
    """(final, prenorm) for a configuration and one clip (prenorm None without normalisation or fixed frames)."""
    if c["preset"] in LIBRARY_PRESETS:
        return library_reference(c, x)
    xs = staged_input(c, x)
    if c["preset"] in ("whisper", "librosa", "torchaudio"):
        ref = PRESET_REFS[c["preset"]](c, xs)
        g, _ = generic_reference(c, xs)  # the generic torch path must agree with the library recipe
        scale = max(1.0, np.abs(ref).max())
        assert np.abs(g - ref).max() <= 1e-9 * scale, "%s: preset recipe vs generic %g" % (
            c["name"], np.abs(g - ref).max())
        return ref, None
    if c["frame_mode"] == "kaldi" and c["mel_scale"] == "kaldi" and c["n_mels"] and c["spectrum"] == "power":
        return finish(c, kaldi_fbank_features(c, xs))
    return generic_reference(c, xs)


# ---------------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------------
def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def clip_of(raw, inp):
    """The clip a configuration feeds: the signal, repeated end to end to input_tile samples when given."""
    x = SIGNALS[inp]
    if raw.get("input_tile"):
        x = f32(np.resize(x, raw["input_tile"]))
    return x


def write_config(c, raw):
    name = c["name"]
    expected = []
    prenorms = []
    shapes = []
    for i, inp in enumerate(raw["inputs"]):
        y, pre = reference(c, clip_of(raw, inp))
        if not np.all(np.isfinite(y)):
            raise AssertionError(name + ": non-finite reference")
        suffix = ".npy" if len(raw["inputs"]) == 1 and not raw.get("batch") else "_%d.npy" % i
        fname = name + suffix
        np.save(os.path.join(OUT, fname), f32(y))
        expected.append(fname)
        shapes.append("x".join(str(d) for d in y.shape))
        if pre is not None:
            pname = name + "_prenorm" + suffix
            np.save(os.path.join(OUT, pname), f32(pre))
            prenorms.append(pname)
    lines = ["# " + raw["description"], "# generated by tools/golden/make_golden.py; do not edit", "name=" + name]
    for k in KEY_ORDER:
        lines.append("%s=%s" % (k, fmt(c[k])))
    lines.append("batch=" + fmt(bool(raw.get("batch"))))
    lines.append("inputs=" + ",".join("in_%s.npy" % i for i in raw["inputs"]))
    lines.append("expected=" + ",".join(expected))
    if prenorms:
        lines.append("prenorm=" + ",".join(prenorms))
    if raw.get("input_tile"):
        lines.append("input_tile=%d" % raw["input_tile"])
    if raw.get("wav"):
        lines.append("wav=" + raw["wav"])
    lines.append("shapes=" + ",".join(shapes))
    lines.append("description=" + raw["description"])
    with open(os.path.join(OUT, name + ".properties"), "w") as f:
        f.write("\n".join(lines) + "\n")


MELFB = [
    # name, sr, n_fft, n_mels, fmin, fmax, scale, norm
    ("htk_none_16k_512_40", 16000, 512, 40, 0.0, 8000.0, "htk", "none"),
    ("htk_slaney_22051_1024_64", 22051, 1024, 64, 0.0, 11025.0, "htk", "slaney"),  # odd sr: numpy formula
    ("slaney_slaney_22k_1024_64", 22050, 1024, 64, 0.0, 11025.0, "slaney", "slaney"),
    ("slaney_none_44k_1024_64_fmin50_fmax14k", 44100, 1024, 64, 50.0, 14000.0, "slaney", "none"),
    ("slaney_slaney_16k_400_80", 16000, 400, 80, 0.0, 8000.0, "slaney", "slaney"),
    ("htk_none_16k_400_128", 16000, 400, 128, 0.0, 8000.0, "htk", "none"),
    ("slaney_slaney_16k_999_40_fmin30_fmax7k", 16000, 999, 40, 30.0, 7000.0, "slaney", "slaney"),
    ("htk_slaney_8k_256_20_fmin100_fmax3500", 8000, 256, 20, 100.0, 3500.0, "htk", "slaney"),
    ("slaney_slaney_16k_64_40_empty", 16000, 64, 40, 0.0, 8000.0, "slaney", "slaney"),
    ("kaldi_16k_512_23_fmin20", 16000, 512, 23, 20.0, 8000.0, "kaldi", "none"),
    ("kaldi_8k_256_23_fmin20", 8000, 256, 23, 20.0, 4000.0, "kaldi", "none"),
    ("kaldi_16k_512_40_fmin64_fmax7600", 16000, 512, 40, 64.0, 7600.0, "kaldi", "none"),
]


def write_filterbanks():
    rows = ["# name\tsample_rate\tn_fft\tn_mels\tfmin\tfmax\tscale\tnorm"]
    for name, sr, n_fft, n_mels, fmin, fmax, scale, norm in MELFB:
        if scale != "kaldi" and sr % 2 == 1:
            fb = librosa_mel_numpy(sr, n_fft, n_mels, fmin, fmax, scale == "htk", norm)
        else:
            fb = mel_filterbank(sr, n_fft, n_mels, fmin, fmax, scale, norm)
        np.save(os.path.join(OUT, "melfb_%s.npy" % name), f32(fb))
        rows.append("\t".join(str(v) for v in (name, sr, n_fft, n_mels, repr(float(fmin)), repr(float(fmax)),
                                                 scale, norm)))
    with open(os.path.join(OUT, "melfb.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


WINDOW_LENGTHS = [1, 2, 3, 4, 7, 16, 400, 401, 512]


def write_windows():
    for kind in ("hann", "hamming", "blackman", "rectangular", "povey"):
        for periodic in (True, False):
            w = np.concatenate([torch_window(kind, periodic, n).numpy() for n in WINDOW_LENGTHS])
            np.save(os.path.join(OUT, "window_%s_%s.npy" % (kind, "periodic" if periodic else "symmetric")),
                    w.astype(np.float64))
    with open(os.path.join(OUT, "windows.properties"), "w") as f:
        f.write("# torch windows (float64), lengths concatenated in this order\nlengths=%s\n"
                % ",".join(str(n) for n in WINDOW_LENGTHS))


DCTS = [(13, 40), (20, 128), (1, 1), (40, 40), (5, 7)]
LIFTERS = [(13, 22.0), (20, 22.0), (12, 3.0), (40, 1.5)]


def write_dct():
    for n_mfcc, n_mels in DCTS:
        d = AF.create_dct(n_mfcc, n_mels, "ortho").numpy().T  # (n_mfcc, n_mels)
        np.save(os.path.join(OUT, "dct_%dx%d.npy" % (n_mfcc, n_mels)), d.astype(np.float64))
    for n_mfcc, lifter in LIFTERS:
        np.save(os.path.join(OUT, "lifter_%d_%s.npy" % (n_mfcc, repr(lifter))), lifter_of(n_mfcc, lifter))


def torch_frames(n_fft, win, hop, center, pad, length):
    try:
        x = torch.zeros(length) if length > 0 else torch.zeros(0)
        y = torch.stft(x, n_fft, hop, win, window=torch.ones(win), center=center, pad_mode=PAD_TORCH[pad],
                       return_complex=True)
        return y.shape[1]
    except RuntimeError:
        return -1


def kaldi_frames(sr, win, hop, length):
    try:
        y = kaldi.fbank(torch.ones(1, length), dither=0.0, sample_frequency=float(sr),
                        frame_length=win * 1000.0 / sr, frame_shift=hop * 1000.0 / sr, num_mel_bins=10,
                        snip_edges=True)
        return y.shape[0]
    except (RuntimeError, AssertionError):
        return -1


def write_frame_counts():
    rows = ["# frame_mode\tn_fft\twin_length\thop_length\tcenter\tpad_mode\tsamples\tframes (-1: torch raises)"]
    cases = [(512, 512, 128), (400, 400, 160), (401, 300, 100), (1024, 800, 300), (2048, 2048, 512), (16, 16, 5)]
    lengths = [1, 2, 7, 8, 9, 15, 16, 17, 199, 200, 201, 256, 257, 300, 399, 400, 401, 511, 512, 513, 640, 1023,
               1024, 1025, 2047, 2048, 2049, 5000, 16000]
    for n_fft, win, hop in cases:
        for center, pads in ((True, ("constant", "reflect", "edge")), (False, ("constant",))):
            for pad in pads:
                for n in lengths:
                    rows.append("torch\t%d\t%d\t%d\t%s\t%s\t%d\t%d" % (
                        n_fft, win, hop, fmt(center), pad, n, torch_frames(n_fft, win, hop, center, pad, n)))
    for sr, win, hop in ((16000, 400, 160), (8000, 200, 80), (16000, 320, 160)):
        n_fft = 1 << (win - 1).bit_length()
        for n in [win, win + 1, win + hop - 1, win + hop, 1000, 4799, 4800, 16000]:
            rows.append("kaldi\t%d\t%d\t%d\tfalse\tconstant\t%d\t%d" % (n_fft, win, hop, n,
                                                                        kaldi_frames(sr, win, hop, n)))
    with open(os.path.join(OUT, "frame_counts.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    make_signals()
    define_configs()
    names = [c["name"] for c in CONFIGS]
    assert len(names) == len(set(names))
    for raw in CONFIGS:
        c = full({k: v for k, v in raw.items() if k not in RAW_KEYS})
        c["name"] = raw["name"]
        if c["preset"] == "kaldi":
            assert {k: c[k] for k in kaldi_preset(c["sample_rate"])} == kaldi_preset(c["sample_rate"])
        write_config(c, raw)
    used = sorted({i for raw in CONFIGS for i in raw["inputs"]})
    for name in used:
        np.save(os.path.join(OUT, "in_%s.npy" % name), SIGNALS[name])
    with open(os.path.join(OUT, "configs.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    for rate, pcm in SPEECH.items():
        sf.write(os.path.join(OUT, "speech_%dk.wav" % (rate // 1000)), pcm, rate, subtype="PCM_16")
    for name, err, top in LIBRARY_FLOAT32:
        print("%-28s the library in float32 vs these float64 values: max |diff| %.3g (max |value| %.3g)"
              % (name, err, top))
    write_filterbanks()
    write_windows()
    write_dct()
    write_frame_counts()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("%d configurations, %d files, %.2f MB in %s" % (len(names), len(os.listdir(OUT)), total / 1e6, OUT))


if __name__ == "__main__":
    sys.exit(main())
