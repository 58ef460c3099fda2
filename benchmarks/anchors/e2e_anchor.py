#!/usr/bin/python3
"""The Python loop a user would write for Spectro's end-to-end rows E1-E4: for each file, soundfile.read,
mix to mono, torchaudio resample when the rate differs, torchaudio MelSpectrogram, the preset's log stage,
np.save. Timed as a whole process (interpreter and imports included), like `spectro extract`.

  whisper  16 kHz, n_fft 400, hop 160, periodic hann, center reflect, power 2, 80 mels slaney/slaney,
           last frame dropped, log10(clamp(x, 1e-10)), max(x, x.max() - 8), (x + 4) / 4   (openai-whisper's
           log_mel_spectrogram, with torchaudio's filterbank)
  librosa  22.05 kHz, n_fft 2048, hop 512, periodic hann, center constant, power 2, 128 mels slaney/slaney,
           AmplitudeToDB(power, top_db=80)                                               (librosa defaults)

torch gets its best: torch.set_num_threads(--threads), OpenMP threads that sleep when idle and a single-threaded
OpenBLAS (no second pool competing for the cores; see THREADING); jemalloc or tcmalloc preloaded when installed, and glibc's
malloc tuned so that torch's buffers are reused instead of page-faulted back in (the script re-executes itself with
the variables unless --no-malloc-tuning);
and the BLAS torch calls for the mel projection is reported (torch.__config__ and the libblas.so.3 alternative):
with Debian's reference BLAS the mel projection is 4-6x slower, and the JSON says so ("blas_ok": false).

Prints one JSON object: {"files": N, "audio_seconds": S, "seconds": T (wall, from process start),
"loop_seconds": ..., "blas": "...", "blas_ok": true, "threads": 2, "malloc": {...}, "threading": {...}}.

usage: e2e_anchor.py --preset whisper|librosa --threads N --out DIR FILE_OR_DIR...
"""

import argparse
import json
import os
import subprocess
import sys
import time

START = time.time()

MALLOC = {
    "MALLOC_MMAP_MAX_": "0",
    "MALLOC_TRIM_THRESHOLD_": "68719476736",
    "MALLOC_TOP_PAD_": "1073741824",
}

# Threads: torch's intra-op pool has --threads threads; OpenMP threads sleep instead of spinning when idle, and
# OpenBLAS (called from torch's threads for the mel projection) adds no pool of its own. Measured here on 200 E1
# files with 2 threads on a loaded 2-core machine, the loop took 32 s with the defaults, 2.5 s with
# OMP_WAIT_POLICY=PASSIVE and 1.2 s with both (spinning threads starve each other when cores are shared).
THREADING = {
    "OMP_WAIT_POLICY": "PASSIVE",
    "OPENBLAS_NUM_THREADS": "1",
}

# A malloc built for many threads and large short-lived buffers, preloaded when installed (the first found);
# glibc's tuning above applies otherwise (and is harmless beside a preloaded one).
PRELOADS = (
    "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
    "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
    "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4",
)

EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".opus")


def blas():
    """(description, optimised?) of the BLAS torch's mel projection runs on."""
    alt = ""
    try:
        q = subprocess.run(["update-alternatives", "--query", "libblas.so.3-x86_64-linux-gnu"],
                           capture_output=True, text=True, timeout=10).stdout
        for line in q.splitlines():
            if line.startswith("Value:"):
                alt = line.split(":", 1)[1].strip()
    except (OSError, subprocess.SubprocessError):
        pass
    import torch

    info = torch.__config__.show()
    blas_info = ""
    for part in info.replace("\n", ",").split(","):
        if "BLAS_INFO" in part:
            blas_info = part[part.index("BLAS_INFO"):].strip()
    mapped = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "blas" in path.lower() and ".so" in path:
                    mapped.add(os.path.realpath(path))
    except OSError:
        pass
    loaded = ", ".join(sorted(mapped)) or "?"
    text = "%s; libblas.so.3 -> %s; loaded: %s" % (blas_info or "BLAS_INFO unknown", alt or "?", loaded)
    # Debian's reference BLAS lives in .../blas/libblas.so.3; OpenBLAS in .../openblas-*/; MKL in libmkl_*.
    reference = any("/blas/libblas" in m for m in mapped) or (not mapped and "/blas/libblas" in alt)
    return text, not reference


def malloc_env():
    """The malloc settings that give torch its best here: LD_PRELOAD of jemalloc/tcmalloc if installed, plus
    glibc's tuning."""
    env = dict(MALLOC)
    for lib in PRELOADS:
        if os.path.exists(lib):
            env["LD_PRELOAD"] = lib
            break
    return env


def files_of(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                out += [os.path.join(root, n) for n in names if n.lower().endswith(EXTENSIONS)]
        else:
            out.append(a)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preset", choices=("whisper", "librosa"), required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-malloc-tuning", action="store_true")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    wanted = dict(THREADING)
    if not args.no_malloc_tuning:
        wanted.update(malloc_env())
    if any(os.environ.get(k) != v for k, v in wanted.items()):
        env = dict(os.environ)
        env.update(wanted)
        env["SPECTRO_ANCHOR_START"] = repr(START)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    start = float(os.environ.get("SPECTRO_ANCHOR_START", START))

    import numpy as np
    import soundfile as sf
    import torch
    import torchaudio

    torch.set_num_threads(args.threads)
    T = torchaudio.transforms
    if args.preset == "whisper":
        rate = 16000
        mel = T.MelSpectrogram(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, n_mels=80,
                               window_fn=torch.hann_window, power=2.0, center=True, pad_mode="reflect",
                               mel_scale="slaney", norm="slaney")

        def features(x):
            m = mel(x)[..., :-1]
            log = torch.clamp(m, min=1e-10).log10()
            log = torch.maximum(log, log.max() - 8.0)
            return (log + 4.0) / 4.0
    else:
        rate = 22050
        mel = T.MelSpectrogram(sample_rate=22050, n_fft=2048, win_length=2048, hop_length=512, n_mels=128,
                               window_fn=torch.hann_window, power=2.0, center=True, pad_mode="constant",
                               mel_scale="slaney", norm="slaney")
        db = T.AmplitudeToDB(stype="power", top_db=80.0)

        def features(x):
            return db(mel(x))

    files = files_of(args.inputs)
    os.makedirs(args.out, exist_ok=True)
    audio = 0.0
    loop_start = time.time()
    with torch.inference_mode():
        for i, path in enumerate(files):
            x, sr = sf.read(path, dtype="float32", always_2d=True)
            audio += x.shape[0] / sr
            y = torch.from_numpy(x.mean(axis=1) if x.shape[1] > 1 else x[:, 0])
            if sr != rate:
                y = torchaudio.functional.resample(y, sr, rate)
            np.save(os.path.join(args.out, "%05d.npy" % i), features(y).numpy())
    end = time.time()
    text, ok = blas()
    print(json.dumps({
        "preset": args.preset,
        "files": len(files),
        "audio_seconds": audio,
        "seconds": end - start,
        "loop_seconds": end - loop_start,
        "threads": args.threads,
        "torch": torch.__version__,
        "torchaudio": torchaudio.__version__,
        "blas": text,
        "blas_ok": ok,
        "malloc": {k: os.environ.get(k) for k in list(MALLOC) + ["LD_PRELOAD"]},
        "threading": {k: os.environ.get(k) for k in THREADING},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
