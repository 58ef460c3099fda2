#!/usr/bin/python3
"""torchaudio anchor for Spectro's benchmark workloads W1-W3.

Runs torchaudio's MelSpectrogram / Spectrogram on the same shapes and configurations as Spectro's
benchmarks (io.spectro.bench.Workload; keep the two in step) and prints one JSON object on stdout:

  {"anchor": "torchaudio 0.13.1", "torch": "...", "clips": 64, "seconds": 10, "warmup": 2, "repeats": 9,
   "malloc": {"MALLOC_MMAP_MAX_": "0", ...}, "results": [
     {"workload": "W1", "threads": 1, "median_s": 0.1, "audio_seconds_per_second": 6300.0,
      "frames_per_second": 630000.0, "frames_per_clip": 1001, "runs_s": [...]}, ...]}

Workloads (batch of `clips` clips of `seconds` s of seeded uniform [-1, 1) float32 audio, shape (clips, 1, n)):
  W1  16 kHz, n_fft 400, hop 160, periodic hann, center reflect, power 2, 80 mels slaney/slaney,
      then log10(clamp(x, min=1e-10)) (no clamp to max - 8, no affine map, no dropped frame)
  W2  22.05 kHz, n_fft 2048, hop 512, periodic hann, center with CONSTANT padding (librosa's default,
      Spectro uses the same), power 2, 128 mels slaney/slaney, then AmplitudeToDB(power, top_db=80)
      (ref 1, amin 1e-10; the channel axis makes top_db apply per clip, as librosa and Spectro do)
  W3  44.1 kHz, n_fft 4096, hop 1024, periodic hann, center reflect, magnitude (power 1)
  FFT-n  (with --fft-sizes) torch.fft.rfft over a (frames, n) float32 batch: torch's pocketfft, the real FFT
      alone; reported as frames per second

With --devices cpu,cuda the same batches also run on torch's CUDA device (the GPU check's anchor): the
modules moved there, timing synchronised (torch.cuda.synchronize() before the clock starts and before it
stops), each pair timed twice: "host" (the batch starts in host memory and the features end there, as
Spectro's computeInto does) and "resident" (input already on the device, output left there: kernels only).
Their results carry "device": "cuda" and "mode"; the "cuda" key says which GPU ran, or why none did.

torch gets its best: glibc's malloc is tuned so that torch's large per-call buffers are reused
instead of being returned to the kernel and page-faulted back in (15-30x slower on the project's
VMs otherwise). If the variables below are not already set, the script re-executes itself with
them (disable with --no-malloc-tuning). torch.set_num_threads(t) is set for each thread count.
Each (workload, threads) pair is timed `repeats` times after `warmup` untimed runs; the median counts.

Exit status: 0 with the JSON on stdout; 3 when torch/torchaudio cannot be imported (the JSON then has
an "error" key and no results); 2 on bad arguments.
"""

import argparse
import json
import os
import statistics
import sys
import time

MALLOC = {
    "MALLOC_MMAP_MAX_": "0",
    "MALLOC_TRIM_THRESHOLD_": "68719476736",
    "MALLOC_TOP_PAD_": "1073741824",
}

WORKLOADS = ("W1", "W2", "W3")
SAMPLE_RATE = {"W1": 16000, "W2": 22050, "W3": 44100}


def build(name, torchaudio, torch, device="cpu"):
    """The torchaudio pipeline for a workload on `device`: a callable from (clips, 1, n) audio to features."""
    T = torchaudio.transforms
    if name == "W1":
        mel = T.MelSpectrogram(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, n_mels=80,
                               window_fn=torch.hann_window, power=2.0, center=True, pad_mode="reflect",
                               mel_scale="slaney", norm="slaney").to(device)
        return lambda x: torch.log10(torch.clamp(mel(x), min=1e-10))
    if name == "W2":
        mel = T.MelSpectrogram(sample_rate=22050, n_fft=2048, win_length=2048, hop_length=512, n_mels=128,
                               window_fn=torch.hann_window, power=2.0, center=True, pad_mode="constant",
                               mel_scale="slaney", norm="slaney").to(device)
        db = T.AmplitudeToDB(stype="power", top_db=80.0).to(device)
        return lambda x: db(mel(x))
    if name == "W3":
        spec = T.Spectrogram(n_fft=4096, win_length=4096, hop_length=1024, window_fn=torch.hann_window,
                             power=1.0, center=True, pad_mode="reflect").to(device)
        return spec
    raise ValueError(name)


def timed_runs(fn, warmup, repeats, sync):
    """`repeats` timings of fn() after `warmup` untimed calls; sync() runs before the clock starts and stops."""
    for _ in range(warmup):
        fn()
    sync()
    runs = []
    for _ in range(repeats):
        sync()
        t0 = time.perf_counter()
        y = fn()
        sync()
        runs.append(time.perf_counter() - t0)
        del y
    return runs


def cuda_modes(fn, x):
    """The two CUDA timings of fn over the host batch x: from and to host memory, and device-resident."""
    x_dev = x.to("cuda")
    return (("host", lambda: fn(x.to("cuda")).cpu()), ("resident", lambda: fn(x_dev)))


def parse_list(text, conv):
    return [conv(v) for v in text.split(",") if v.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", default="1,2", help="comma-separated torch thread counts")
    ap.add_argument("--workloads", default="W1,W2,W3", help="comma-separated subset of W1,W2,W3")
    ap.add_argument("--clips", type=int, default=64)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2, help="untimed runs before timing")
    ap.add_argument("--repeats", type=int, default=9, help="timed runs; the median is reported")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--fft-sizes", default="", help="comma-separated sizes for torch.fft.rfft rows (pocketfft)")
    ap.add_argument("--fft-frames", type=int, default=4096, help="frames per torch.fft.rfft batch")
    ap.add_argument("--devices", default="cpu", help="comma-separated torch devices: cpu, cuda")
    ap.add_argument("--no-malloc-tuning", action="store_true",
                    help="run with the environment as given (torch's default allocator behaviour)")
    args = ap.parse_args()
    threads = parse_list(args.threads, int)
    workloads = [w.upper() for w in parse_list(args.workloads, str)]
    fft_sizes = parse_list(args.fft_sizes, int)
    devices = parse_list(args.devices, str)
    bad = [w for w in workloads if w not in WORKLOADS] + [d for d in devices if d not in ("cpu", "cuda")]
    if bad or not devices or not threads or min(threads) < 1 or args.clips < 1 or args.seconds < 1 or args.repeats < 1 \
            or any(n < 2 for n in fft_sizes) or args.fft_frames < 1:
        ap.error("workloads must be among W1,W2,W3, devices among cpu,cuda, and threads, clips, seconds, repeats >= 1")

    if not args.no_malloc_tuning and any(os.environ.get(k) != v for k, v in MALLOC.items()):
        env = dict(os.environ)
        env.update(MALLOC)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)

    try:
        import torch
        import torchaudio
    except Exception as e:  # ImportError, or a broken native library
        print(json.dumps({"error": "torch/torchaudio cannot be imported by %s: %s" % (sys.executable, e)}))
        return 3

    out = {
        "anchor": "torchaudio " + torchaudio.__version__,
        "torch": torch.__version__,
        "python": sys.executable,
        "clips": args.clips,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "repeats": args.repeats,
        "malloc": {k: os.environ.get(k) for k in MALLOC},
        "fft_anchor": "pocketfft (torch %s torch.fft.rfft)" % torch.__version__,
        "results": [],
    }
    if "cuda" in devices:
        if torch.cuda.is_available():
            out["cuda"] = {"device": torch.cuda.get_device_name(0), "cuda": torch.version.cuda}
        else:
            out["cuda"] = {"error": "torch %s: torch.cuda.is_available() is False (CUDA build: %s)"
                                    % (torch.__version__, torch.version.cuda)}
            devices = [d for d in devices if d != "cuda"]
    no_sync = lambda: None
    gen = torch.Generator().manual_seed(args.seed)
    with torch.inference_mode():
        for name in workloads:
            n = SAMPLE_RATE[name] * args.seconds
            x = torch.rand((args.clips, 1, n), generator=gen, dtype=torch.float32) * 2.0 - 1.0
            fn = build(name, torchaudio, torch)
            frames = fn(x[:1]).shape[-1]

            def record(runs, t, extra):
                med = statistics.median(runs)
                out["results"].append(dict({
                    "workload": name,
                    "threads": t,
                    "torch_threads": torch.get_num_threads(),
                    "median_s": med,
                    "audio_seconds_per_second": args.clips * args.seconds / med,
                    "frames_per_second": args.clips * frames / med,
                    "frames_per_clip": frames,
                    "runs_s": runs,
                }, **extra))

            if "cpu" in devices:
                for t in threads:
                    torch.set_num_threads(t)
                    record(timed_runs(lambda: fn(x), args.warmup, args.repeats, no_sync), t, {})
            if "cuda" in devices:
                fn_cuda = build(name, torchaudio, torch, "cuda")
                for mode, f in cuda_modes(fn_cuda, x):
                    runs = timed_runs(f, args.warmup, args.repeats, torch.cuda.synchronize)
                    record(runs, max(threads), {"device": "cuda", "mode": mode})
                del fn_cuda
                torch.cuda.empty_cache()
            del x
        for n in fft_sizes:
            x = torch.rand((args.fft_frames, n), generator=gen, dtype=torch.float32) * 2.0 - 1.0

            def record_fft(runs, t, extra):
                med = statistics.median(runs)
                out["results"].append(dict({
                    "workload": "FFT-%d" % n,
                    "threads": t,
                    "torch_threads": torch.get_num_threads(),
                    "median_s": med,
                    "frames_per_second": args.fft_frames / med,
                    "runs_s": runs,
                }, **extra))

            if "cpu" in devices:
                for t in threads:
                    torch.set_num_threads(t)
                    record_fft(timed_runs(lambda: torch.fft.rfft(x), args.warmup, args.repeats, no_sync), t, {})
            if "cuda" in devices:
                for mode, f in cuda_modes(torch.fft.rfft, x):
                    runs = timed_runs(f, args.warmup, args.repeats, torch.cuda.synchronize)
                    record_fft(runs, max(threads), {"device": "cuda", "mode": mode})
                torch.cuda.empty_cache()
            del x
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
