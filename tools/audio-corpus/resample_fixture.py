"""Writes torchaudio resampling fixtures for Spectro's Resampler into audio/src/test/resources/resample/.

Usage: /usr/bin/python3 resample_fixture.py [OUT_DIR]

For each case: the float32 input (in_<from>_<n>.npy, shared by the cases that use it), and
torchaudio.functional.resample(x, from, to, resampling_method=M) with its defaults (lowpass_filter_width=6,
rolloff=0.99) as out_<from>_<to>_<method>_<n>.npy; index.tsv lists them. Methods are torchaudio 0.13's names:
"sinc_interpolation" (2.x: "sinc_interp_hann") and "kaiser_window" (2.x: "sinc_interp_kaiser").
"""

import os
import sys

import numpy as np
import torch
import torchaudio

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "audio/src/test/resources/resample")
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    if f.endswith(".npy") or f == "index.tsv":
        os.remove(os.path.join(OUT, f))

PAIRS = [(44100, 16000), (48000, 22050), (16000, 44100), (8000, 16000), (22050, 22050), (44100, 48000),
         (48000, 44100), (16000, 8000), (11025, 16000), (22050, 16000)]
METHODS = {"sinc_interpolation": "hann", "kaiser_window": "kaiser"}
rng = np.random.default_rng(5)


def signal(rate, n):
    """Tones across the band (some above the lower Nyquist of the pairs), noise, a click, full-scale edges."""
    t = np.arange(n) / rate
    x = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 0.45 * rate * t + 0.3)
    x += 0.15 * np.sin(2 * np.pi * 0.3 * rate * t) + 0.1 * rng.standard_normal(n)
    x[n // 3] += 0.9
    x[0] = 0.95
    x[-1] = -0.95
    return np.clip(x, -1, 1).astype(np.float32)


rows = []
inputs = {}
for frm, to in PAIRS:
    for n in (int(frm * 0.05), 7, 1):
        key = (frm, n)
        if key not in inputs:
            inputs[key] = signal(frm, n)
            np.save(os.path.join(OUT, f"in_{frm}_{n}.npy"), inputs[key])
        x = torch.from_numpy(inputs[key])[None, :]
        for method, short in METHODS.items():
            y = torchaudio.functional.resample(x, frm, to, resampling_method=method)[0].numpy()
            assert y.dtype == np.float32 and y.shape[0] == -(-n * to // frm), (frm, to, n, y.shape)
            name = f"out_{frm}_{to}_{short}_{n}.npy"
            np.save(os.path.join(OUT, name), y)
            rows.append(f"{frm}\t{to}\t{short}\tin_{frm}_{n}.npy\t{name}")
with open(os.path.join(OUT, "index.tsv"), "w") as f:
    f.write(f"# from_hz\tto_hz\tmethod\tinput\toutput (torchaudio {torchaudio.__version__}, torch {torch.__version__})\n")
    f.write("\n".join(rows) + "\n")
print(f"{len(rows)} cases written to {OUT}")
