#!/usr/bin/python3
"""Generates the corpora of Spectro's end-to-end benchmark rows E1-E5 (and the long files of the manual
bounded-memory checks) from the bundled recording cli/src/main/resources/demo/call-me.wav.

Every file is the recording (resampled with torchaudio's default resampler, looped) at its own gain and its own
start offset, so that no two files are equal and a decoder cannot take a shortcut. Nothing here is committed:
the benchmark runs this script when a corpus is missing (or was made by another version of it).

  E1  3,000 x ~7 s (6.5 .. 7.5 s), 16 kHz mono 16-bit WAV        e1-wav/NNNN.wav
  E2  the same audio as FLAC (libsndfile's encoder, level 5)      e2-flac/NNNN.flac
  E3  300 x 30 s, 44.1 kHz stereo 16-bit "music", WAV and MP3     e3/wav/NNN.wav, e3/mp3/NNN.mp3
      (the channels are the recording at two offsets and gains; MP3 at 192 kbit/s through libsndfile/LAME)
  E4  one 1 h, 48 kHz stereo 24-bit WAV (about 1 GB)              e4/long-1h.wav
  E5  one 8 s, 16 kHz mono 16-bit WAV                             e5/one-8s.wav
  --long-checks (not a bench row): a 4 GB RF64 (48 kHz stereo float32, 3.2 h) and a 3-hour FLAC
      (16 kHz mono 16-bit)                                        long/rf64-4gb.wav, long/flac-3h.flac

usage: make_e2e_corpus.py --out DIR [--rows E1,E2,E3,E4,E5] [--scale F] [--long-checks]
--scale multiplies the file counts of E1-E3 and E4's length (e.g. 0.001 for the benchmark's unit test: 3 + 3
files, 1 + 1 file and a 4 s E4). Each row's folder gets a
.complete stamp holding the generator's version and parameters; a folder whose stamp matches is kept.
Needs /usr/bin/python3 with numpy, soundfile (libsndfile >= 1.1 for MP3) and torchaudio.
"""

import argparse
import json
import os
import sys

import numpy as np
import soundfile as sf

VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
RECORDING = os.path.join(HERE, "..", "..", "cli", "src", "main", "resources", "demo", "call-me.wav")


def source_at(rate, cache={}):
    """The recording as float64 at `rate` Hz (torchaudio's default resampler), cached per rate."""
    if rate not in cache:
        x, sr = sf.read(RECORDING, dtype="float32")
        if sr != rate:
            import torch
            import torchaudio

            x = torchaudio.functional.resample(torch.from_numpy(x), sr, rate).numpy()
        cache[rate] = x.astype(np.float64)
    return cache[rate]


def looped(src, start, n):
    """n samples of src looped, from offset `start`."""
    idx = (start + np.arange(n)) % len(src)
    return src[idx]


def gain_of(i, n):
    """Distinct gains in [0.25, 0.95] for files 0 .. n-1 (no two files equal)."""
    return 0.25 + 0.7 * (i + 0.5) / n


def stamp_ok(folder, params):
    try:
        with open(os.path.join(folder, ".complete")) as f:
            return json.load(f) == params
    except (OSError, ValueError):
        return False


def write_stamp(folder, params):
    with open(os.path.join(folder, ".complete"), "w") as f:
        json.dump(params, f)


def row_e1_e2(out, count, flac):
    name = "e2-flac" if flac else "e1-wav"
    folder = os.path.join(out, name)
    params = {"version": VERSION, "row": name, "count": count}
    if stamp_ok(folder, params):
        return
    os.makedirs(folder, exist_ok=True)
    src = source_at(16000)
    rng = np.random.default_rng(1)
    for i in range(count):
        n = int(16000 * rng.uniform(6.5, 7.5))
        x = looped(src, int(rng.integers(len(src))), n) * gain_of(i, count)
        path = os.path.join(folder, "%04d.%s" % (i, "flac" if flac else "wav"))
        sf.write(path, x, 16000, subtype="PCM_16", format="FLAC" if flac else "WAV")
    write_stamp(folder, params)


def stereo(src, n, i, count, rng):
    g = gain_of(i, count)
    left = looped(src, int(rng.integers(len(src))), n) * g
    right = looped(src, int(rng.integers(len(src))), n) * (0.9 * g)
    return np.stack([left, right], axis=1)


def row_e3(out, count):
    for fmt in ("wav", "mp3"):
        # One parent folder, so that one `spectro extract e3` writes wav/NNN.npy and mp3/NNN.npy (two folder inputs
        # would both map NNN to NNN.npy).
        folder = os.path.join(out, "e3", fmt)
        params = {"version": VERSION, "row": "e3-" + fmt, "count": count}
        if stamp_ok(folder, params):
            continue
        os.makedirs(folder, exist_ok=True)
        src = source_at(44100)
        rng = np.random.default_rng(3)
        for i in range(count):
            x = stereo(src, 44100 * 30, i, count, rng)
            path = os.path.join(folder, "%03d.%s" % (i, fmt))
            if fmt == "wav":
                sf.write(path, x, 44100, subtype="PCM_16")
            else:
                with sf.SoundFile(path, "w", 44100, 2, format="MP3", subtype="MPEG_LAYER_III") as f:
                    f.compression_level = 0.2  # about 192 kbit/s
                    f.write(x)
        write_stamp(folder, params)


def long_file(path, rate, channels, seconds, fmt, subtype, seed):
    """Writes a long file block by block (never held whole in memory)."""
    src = source_at(rate)
    rng = np.random.default_rng(seed)
    total = rate * seconds
    block = rate * 60
    tmp = path + ".part"
    with sf.SoundFile(tmp, "w", rate, channels, format=fmt, subtype=subtype) as f:
        done = 0
        minute = 0
        while done < total:
            n = min(block, total - done)
            g = 0.3 + 0.6 * rng.random()
            cols = [looped(src, done + 977 * c, n) * g * (1 - 0.1 * c) for c in range(channels)]
            f.write(np.stack(cols, axis=1) if channels > 1 else cols[0])
            done += n
            minute += 1
    os.replace(tmp, path)


def row_single(out, name, filename, params, make):
    folder = os.path.join(out, name)
    if stamp_ok(folder, params):
        return
    os.makedirs(folder, exist_ok=True)
    make(os.path.join(folder, filename))
    write_stamp(folder, params)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", default="E1,E2,E3,E4,E5")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--long-checks", action="store_true")
    args = ap.parse_args()
    rows = {r.strip().upper() for r in args.rows.split(",") if r.strip()}
    bad = rows - {"E1", "E2", "E3", "E4", "E5"}
    if bad or args.scale <= 0:
        ap.error("rows must be among E1..E5 and --scale > 0")
    os.makedirs(args.out, exist_ok=True)
    n12 = max(1, int(round(3000 * args.scale)))
    n3 = max(1, int(round(300 * args.scale)))
    if "E1" in rows:
        row_e1_e2(args.out, n12, flac=False)
    if "E2" in rows:
        row_e1_e2(args.out, n12, flac=True)
    if "E3" in rows:
        row_e3(args.out, n3)
    if "E4" in rows:
        e4_seconds = max(2, int(round(3600 * args.scale)))
        row_single(args.out, "e4", "long-1h.wav", {"version": VERSION, "row": "e4", "seconds": e4_seconds},
                   lambda p: long_file(p, 48000, 2, e4_seconds, "WAV", "PCM_24", 4))
    if "E5" in rows:
        def one(p):
            src = source_at(16000)
            sf.write(p, looped(src, 1234, 16000 * 8) * 0.8, 16000, subtype="PCM_16")
        row_single(args.out, "e5", "one-8s.wav", {"version": VERSION, "row": "e5"}, one)
    if args.long_checks:
        row_single(args.out, "long", "rf64-4gb.wav", {"version": VERSION, "row": "rf64"},
                   lambda p: long_file(p, 48000, 2, 11400, "RF64", "FLOAT", 5))
        row_single(args.out, "long-flac", "flac-3h.flac", {"version": VERSION, "row": "flac3h"},
                   lambda p: long_file(p, 16000, 1, 3 * 3600, "FLAC", "PCM_16", 6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
