"""Writes LibriSpeech-like FLAC files for decode-speed measurements (not committed: they are regenerated).

    /usr/bin/python3 tools/audio-corpus/make_speech_flacs.py OUT_DIR [COUNT=300] [SECONDS=7]

Each file is 16 kHz mono 16-bit, encoded by `flac -5` (block size 4096, LPC order 8), like LibriSpeech's. The
audio is synthetic speech: a glottal pulse train with a wandering pitch through moving formant resonators, syllable
envelopes, pauses, breath noise and a noise floor, tuned so that it compresses like LibriSpeech (about 140 kbit/s,
8-9 bits per sample). Deterministic for a given COUNT and SECONDS.
"""

import os
import subprocess
import sys

import numpy as np
import soundfile as sf
from scipy.signal import lfilter

RATE = 16000


def resonator(x, freq, bw):
    r = np.exp(-np.pi * bw / RATE)
    a = [1, -2 * r * np.cos(2 * np.pi * freq / RATE), r * r]
    return lfilter([1 - r], a, x)


def utterance(seconds, rng):
    n = int(seconds * RATE)
    out = np.zeros(n)
    t = 0
    while t < n:
        syl = int(rng.uniform(0.12, 0.3) * RATE)
        end = min(n, t + syl)
        m = end - t
        if rng.uniform() < 0.15:  # a pause
            t = end
            continue
        pitch = rng.uniform(90, 220) * (1 + 0.1 * np.sin(np.linspace(0, rng.uniform(1, 4), m)))
        phase = np.cumsum(pitch / RATE)
        pulses = np.diff(np.floor(phase), prepend=0.0)
        src = lfilter([1], [1, -0.97], pulses) + 0.05 * rng.standard_normal(m)
        voiced = np.zeros(m)
        for f, bw in ((rng.uniform(300, 900), 90), (rng.uniform(900, 2300), 120), (rng.uniform(2300, 3400), 180),
                      (rng.uniform(3400, 4500), 250)):
            voiced += resonator(src, f, bw)
        env = np.sin(np.linspace(0, np.pi, m)) ** 0.7
        out[t:end] = voiced * env * rng.uniform(0.3, 1.0)
        t = end
    out /= np.abs(out).max() + 1e-9
    out = 0.6 * out + 0.0025 * rng.standard_normal(n)
    return np.clip(np.round(out * 32767), -32768, 32767).astype(np.int16)


def main():
    out_dir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 7.0
    os.makedirs(out_dir, exist_ok=True)
    total_bytes = 0
    for i in range(count):
        rng = np.random.default_rng(1000 + i)
        x = utterance(seconds * rng.uniform(0.8, 1.2), rng)
        wav = os.path.join(out_dir, f"utt{i:04d}.wav")
        sf.write(wav, x, RATE, subtype="PCM_16")
        flac = os.path.join(out_dir, f"utt{i:04d}.flac")
        subprocess.run(["flac", "-s", "-f", "-5", "-o", flac, wav], check=True)
        os.remove(wav)
        total_bytes += os.path.getsize(flac)
    kbps = total_bytes * 8 / (count * seconds) / 1000
    print(f"{count} files of ~{seconds} s in {out_dir}: {total_bytes / 1e6:.1f} MB, ~{kbps:.0f} kbit/s")


if __name__ == "__main__":
    main()
