"""Regenerates Spectro's FLAC and libsndfile test corpus (run from anywhere; commit the output):

    /usr/bin/python3 tools/audio-corpus/make_flac_corpus.py

Needs /usr/bin/python3 with numpy and soundfile, and the flac (1.4+), ffmpeg and sox commands (Debian: flac
python3-numpy python3-soundfile ffmpeg sox). The Java tests only read the committed files; they never run this.

audio/src/test/resources/flac/
    *.flac       files written by the flac CLI (libFLAC's encoder) and by flacenc.py (a tiny encoder for what the CLI
                 cannot write: variable block sizes, escape-coded and Rice2 partitions, LPC with 15-bit coefficients on
                 16-bit audio, an unknown total, a wrong MD5)
    index.tsv    name, rate, channels, bits, frames, SHA-256 of the samples as int32 little-endian interleaved, what
                 the file covers. The samples are libFLAC's decode (`flac -d`), checked against the samples that were
                 encoded, and against python-soundfile (also libFLAC) where libsndfile reads the bit depth.
    pair_*.wav   WAV files whose FLAC encodings (pair_*.flac) must decode to the same float32 bits.
audio/src/test/resources/lossy/
    MP3, Ogg Vorbis, Opus, AIFF files made by ffmpeg/sox, and index.tsv: name, rate, channels, frames, SHA-256 of
    python-soundfile's float32 decode (libsndfile's sf_readf_float) as little-endian interleaved, sample 100 of
    channel 0, and whether libsndfile's seeking gives the samples of a full decode (seek_exact).

The script checks, through `flac -a` analysis files, that each feature a file is meant to cover really occurs in it
(a stereo decorrelation mode, LPC order and precision, Rice2, wasted bits, constant/verbatim subframes, ...).
"""

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flacenc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "audio", "src", "test", "resources", "flac")
LOSSY = os.path.join(ROOT, "audio", "src", "test", "resources", "lossy")
TMP = tempfile.mkdtemp(prefix="flac-corpus-")

MASKS = {1: 0x4, 2: 0x3, 3: 0x7, 4: 0x33, 5: 0x37, 6: 0x3F, 7: 0x70F, 8: 0x63F}
rows = []


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {r.stderr}")
    return r


def write_wav(path, x, bps, rate):
    """x: int64 (frames, channels) of bps-bit values; WAVE_FORMAT_EXTENSIBLE with validBits = bps, values
    left-justified in a container of whole bytes (how flac reads bit depths that are not 8/16/24/32)."""
    frames, ch = x.shape
    cb = ((bps + 7) // 8) * 8
    w = cb // 8
    flat = (x << (cb - bps)).reshape(-1)
    if w == 1:
        data = ((flat + 128) & 0xFF).astype(np.uint8).tobytes()
    else:
        u = flat & ((1 << cb) - 1)
        b = np.zeros((flat.size, w), dtype=np.uint8)
        for i in range(w):
            b[:, i] = (u >> (8 * i)) & 0xFF
        data = b.tobytes()
    guid = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, ch, rate, rate * ch * w, ch * w, cb, 22, bps, MASKS[ch]) + guid
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    if len(data) % 2:
        body += b"\0"
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def read_wav_ints(path):
    """The integer samples of a PCM WAV (as `flac -d` writes it): (frames, channels) int64, bits."""
    b = open(path, "rb").read()
    assert b[:4] == b"RIFF" and b[8:12] == b"WAVE", path
    i, fmt, data = 12, None, None
    while i + 8 <= len(b):
        cid, size = b[i:i + 4], struct.unpack("<I", b[i + 4:i + 8])[0]
        if cid == b"fmt ":
            fmt = b[i + 8:i + 8 + size]
        elif cid == b"data":
            data = b[i + 8:i + 8 + size]
        i += 8 + size + (size & 1)
    tag, ch, rate, _, align, cb = struct.unpack("<HHIIHH", fmt[:16])
    valid = struct.unpack("<H", fmt[18:20])[0] if tag == 0xFFFE else cb
    w = cb // 8
    raw = np.frombuffer(data[:len(data) // align * align], dtype=np.uint8).reshape(-1, w)
    if w == 1:
        v = raw[:, 0].astype(np.int64) - 128
    else:
        v = np.zeros(raw.shape[0], dtype=np.int64)
        for k in range(w):
            v |= raw[:, k].astype(np.int64) << (8 * k)
        v = np.where(v >= (1 << (cb - 1)), v - (1 << cb), v)
    return (v >> (cb - valid)).reshape(-1, ch), valid


def analysis(path):
    """Frames of `flac -a`: a list of (frame fields, [subframe fields])."""
    ana = os.path.join(TMP, "x.ana")
    run("flac", "-s", "-f", "-F", "-a", "-o", ana, path)
    frames = []
    for line in open(ana):
        if line.startswith("frame="):
            frames.append((dict(kv.split("=", 1) for kv in line.split()), []))
        elif line.startswith("\tsubframe="):
            frames[-1][1].append(dict(kv.split("=", 1) for kv in line.split()))
    return frames


def subframes(path):
    return [s for _, subs in analysis(path) for s in subs]


def expect(name, ok, what):
    if not ok:
        sys.exit(f"{name}: the file does not cover what it should: {what}")


def signal(n, ch, bps, seed, kind="tone", level=0.7):
    """Deterministic test audio: int64 (n, ch) within bps bits."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    full = 2.0 ** (bps - 1)
    out = np.zeros((n, ch))
    for c in range(ch):
        if kind == "tone":
            out[:, c] = level * np.sin(2 * np.pi * (0.01 + 0.003 * c) * t + c) + 0.02 * rng.standard_normal(n)
        elif kind == "rich":
            for k in range(1, 40):
                out[:, c] += np.sin(2 * np.pi * 0.0037 * k * t + rng.uniform(0, 6)) / (k ** 0.7)
            out[:, c] = level * out[:, c] / np.abs(out[:, c]).max() + 0.001 * rng.standard_normal(n)
        elif kind == "noise":
            out[:, c] = np.clip(rng.standard_normal(n) * level / 3, -1, 1)
    x = np.round(out * (full - 1)).astype(np.int64)
    return np.clip(x, -int(full), int(full) - 1)


def flac_cli(name, x, bps, rate, *opts, padding=True):
    wav = os.path.join(TMP, name + ".wav")
    write_wav(wav, x, bps, rate)
    path = os.path.join(OUT, name + ".flac")
    extra = [] if padding else ["--no-padding", "--no-seektable"]
    run("flac", "-s", "-f", "--lax", *extra, *opts, "-o", path, wav)
    return path


def reference(name, path, expected=None, note="", *decode_opts, md5_mismatch=False):
    """libFLAC's decode of `path`: hashed into index.tsv; checked against `expected` and soundfile."""
    wav = os.path.join(TMP, name + ".dec.wav")
    if md5_mismatch:  # flac -d writes the samples, then fails on the MD5: that failure is what is expected
        r = subprocess.run(["flac", "-s", "-d", "-c", path], capture_output=True)
        if r.returncode == 0 or b"MD5 signature mismatch" not in r.stderr:
            sys.exit(f"{name}: flac -d should report an MD5 mismatch: {r.stderr}")
        with open(wav, "wb") as f:
            f.write(r.stdout)
    else:
        run("flac", "-s", "-f", "-d", *decode_opts, "-o", wav, path)
    ints, bits = read_wav_ints(wav)
    if expected is not None and not np.array_equal(ints, expected):
        sys.exit(f"{name}: flac -d does not give back the encoded samples")
    if bits in (8, 16, 24):
        try:
            d, _ = sf.read(path, dtype="int32", always_2d=True)
            if not np.array_equal(d.astype(np.int64) >> (32 - bits), ints):
                sys.exit(f"{name}: soundfile and flac -d disagree")
        except (RuntimeError, ValueError):
            pass  # libsndfile cannot read it (an unknown total, ...): flac -d alone
    rate = rate_of(path)
    digest = hashlib.sha256(ints.astype("<i4").tobytes()).hexdigest()
    rows.append((os.path.basename(path), rate, ints.shape[1], bits, ints.shape[0], digest, note))
    return ints


def rate_of(path):
    frames = analysis(path)
    return int(frames[0][0]["sample_rate"]) if frames else 0


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    if os.path.isdir(LOSSY):
        shutil.rmtree(LOSSY)
    os.makedirs(OUT)
    os.makedirs(LOSSY)
    np.random.seed(0)

    # Every bit depth 4..32 (mono, and stereo for a few, with -m so side channels get one bit more).
    for bps in range(4, 33):
        x = signal(2500, 1, bps, seed=bps)
        p = flac_cli(f"bits{bps:02d}_mono", x, bps, 16000, "-b", "1024", padding=False)
        reference(f"bits{bps:02d}_mono", p, x, f"{bps}-bit mono")
    for bps in (8, 16, 20, 24, 31, 32):
        x = signal(3000, 2, bps, seed=100 + bps)
        x[:, 1] = np.clip(x[:, 0] + signal(3000, 1, bps, seed=7, kind="noise", level=0.01)[:, 0],
                          -(1 << (bps - 1)), (1 << (bps - 1)) - 1)
        p = flac_cli(f"bits{bps:02d}_stereo", x, bps, 44100, "-m", "-b", "1152", padding=False)
        subs = analysis(p)
        expect(p, any(f["channel_assignment"] != "INDEPENDENT" for f, _ in subs), "a stereo decorrelation")
        reference(f"bits{bps:02d}_stereo", p, x, f"{bps}-bit stereo, decorrelated")

    # 1..8 channels.
    for ch in range(1, 9):
        x = signal(2000, ch, 16, seed=200 + ch)
        p = flac_cli(f"channels{ch}", x, 16, 48000, "-b", "576", padding=False)
        reference(f"channels{ch}", p, x, f"{ch} channels")

    # Each stereo decorrelation forced by the signal's structure; 16-, 24- and 32-bit (33-bit side channels).
    for bps in (16, 24, 32):
        full = (1 << (bps - 1)) - 1
        n = 4608
        smooth = signal(n, 1, bps, seed=300, level=0.45)[:, 0]
        noise = signal(n, 1, bps, seed=301, kind="noise", level=0.15)[:, 0]
        cases = {
            "LEFT_SIDE": (smooth, smooth + noise),
            "RIGHT_SIDE": (smooth + noise, smooth),
            "MID_SIDE": (smooth + noise // 4, smooth - noise // 4),
            "INDEPENDENT": (smooth, noise),
        }
        for mode, (left, right) in cases.items():
            x = np.clip(np.stack([left, right], axis=1), -full - 1, full)
            name = f"stereo_{mode.lower()}_{bps}"
            p = flac_cli(name, x, bps, 44100, "-m", "-b", "1152", "-l", "8", padding=False)
            modes = {f["channel_assignment"] for f, _ in analysis(p)}
            expect(p, mode in modes, f"{mode} frames (found {modes})")
            reference(name, p, x, f"stereo {mode}, {bps}-bit")

    # Block sizes: every header code (table, 8-bit and 16-bit explicit), the largest, and a short last block.
    low = signal(70000, 1, 8, seed=400, level=0.05)
    for bs in (16, 100, 192, 576, 1000, 1152, 2304, 4096, 4608, 8192, 16384, 32768, 65535):
        n = min(len(low), 2 * bs + bs // 3 + 7)
        x = low[:n]
        p = flac_cli(f"blocksize{bs}", x, 8, 22050, "-b", str(bs), padding=False)
        reference(f"blocksize{bs}", p, x, f"block size {bs}, short last block")

    # LPC: orders up to 32 with 15-bit coefficients (24-bit: the 64-bit sum), an exhaustive search.
    x = signal(12288, 1, 24, seed=500, kind="rich", level=0.9)
    p = flac_cli("lpc32_q15_24bit", x, 24, 96000, "-l", "32", "-q", "15", "-b", "4096", "-e", padding=False)
    subs = subframes(p)
    expect(p, any(s["type"] == "LPC" and int(s["order"]) > 16 for s in subs), "LPC orders above 16")
    expect(p, any(s["type"] == "LPC" and int(s["qlp_coeff_precision"]) == 15 for s in subs), "15-bit coefficients")
    reference("lpc32_q15_24bit", p, x, "LPC order up to 32, 15-bit coefficients, 24-bit")
    x = signal(8192, 2, 16, seed=501, kind="rich", level=0.9)
    p = flac_cli("lpc32_16bit", x, 16, 44100, "-l", "32", "-p", "-e", "-b", "4096", padding=False)
    expect(p, any(s["type"] == "LPC" and int(s["order"]) > 16 for s in subframes(p)), "LPC orders above 16")
    reference("lpc32_16bit", p, x, "LPC order up to 32, 16-bit stereo")
    for level in range(0, 9):
        x = signal(5000, 1, 16, seed=510 + level, kind="rich", level=0.8)
        p = flac_cli(f"level{level}", x, 16, 32000, f"-{level}", padding=False)
        reference(f"level{level}", p, x, f"flac -{level}")
    x = signal(4096, 1, 16, seed=520, kind="rich")
    p = flac_cli("fixed_only", x, 16, 16000, "-l", "0", "-b", "1024", padding=False)
    expect(p, all(s["type"] in ("FIXED", "CONSTANT", "VERBATIM") for s in subframes(p)), "fixed predictors only")
    reference("fixed_only", p, x, "fixed predictors (-l 0)")

    # Rice2 (5-bit parameters): loud noise at 24 bits; verbatim subframes: full-scale noise.
    x = signal(4096, 1, 24, seed=530, kind="noise", level=0.9)
    p = flac_cli("rice2_24bit", x, 24, 48000, "-b", "4096", padding=False)
    subs = subframes(p)
    expect(p, any(s.get("residual_type") == "RICE2" for s in subs) or any(s["type"] == "VERBATIM" for s in subs),
           "RICE2 residuals or verbatim subframes")
    reference("rice2_24bit", p, x, "Rice2 / verbatim, 24-bit noise")
    x = signal(2048, 1, 16, seed=531, kind="noise", level=3.0)
    p = flac_cli("verbatim_16bit", x, 16, 8000, "-b", "1024", padding=False)
    expect(p, any(s["type"] == "VERBATIM" for s in subframes(p)), "verbatim subframes")
    reference("verbatim_16bit", p, x, "verbatim subframes")

    # Wasted bits: 24-bit container, low 8 bits zero; silence and DC (constant subframes).
    x = signal(4096, 2, 16, seed=540) << 8
    p = flac_cli("wasted_bits_24", x, 24, 48000, "-b", "2048", padding=False)
    expect(p, any(int(s["wasted_bits"]) >= 8 for s in subframes(p)), "8 wasted bits")
    reference("wasted_bits_24", p, x, "24-bit with 8 wasted bits")
    x = np.zeros((3000, 2), dtype=np.int64)
    x[1000:, 1] = 1234
    p = flac_cli("silence_and_dc", x, 16, 16000, "-b", "1000", padding=False)
    expect(p, all(s["type"] == "CONSTANT" for s in subframes(p)), "constant subframes only")
    reference("silence_and_dc", p, x, "constant subframes")

    # Sample rates: table codes, the 8-bit kHz, 16-bit Hz and 16-bit 10 Hz codes, and rates only STREAMINFO has.
    for rate in (8000, 11025, 22050, 44100, 88200, 96000, 176400, 192000, 24000, 12345, 50000, 123450, 100003,
                 700000):
        x = signal(1500, 1, 16, seed=rate % 997)
        p = flac_cli(f"rate{rate}", x, 16, rate, "-b", "1024", padding=False)
        got = rate_of(p)
        expect(p, got == rate, f"sample rate {rate} (flac -a says {got})")
        reference(f"rate{rate}", p, x, f"{rate} Hz")

    # Metadata: SEEKTABLE, VORBIS_COMMENT, PICTURE, PADDING; an ID3v2 prefix; no MD5; an ID3v1 suffix.
    png = os.path.join(TMP, "cover.png")
    with open(png, "wb") as f:
        f.write(bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
                              "9c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"))
    x = signal(8000, 2, 16, seed=600)
    p = flac_cli("metadata_blocks", x, 16, 44100, "-S", "500x", "-T", "TITLE=Spectro corpus", "-T", "ARTIST=none",
                 "--picture", f"3||cover||{png}", "-P", "3000")
    reference("metadata_blocks", p, x, "SEEKTABLE, VORBIS_COMMENT, PICTURE, PADDING")
    raw = open(p, "rb").read()
    tag_body = b"TIT2" + struct.pack(">I", 8) + b"\x00\x00" + b"\x03abcdefg"
    tag_body += b"\x00" * 300  # ID3 padding
    size = len(tag_body)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    id3 = b"ID3\x03\x00\x00" + syncsafe + tag_body
    path = os.path.join(OUT, "id3v2_prefixed.flac")
    with open(path, "wb") as f:
        f.write(id3 + raw)
    reference("id3v2_prefixed", path, x, "id3v2 tag before fLaC")
    no_md5 = bytearray(raw)
    md5_at = 8 + 18  # fLaC + block header + 18 bytes into STREAMINFO
    no_md5[md5_at:md5_at + 16] = bytes(16)
    path = os.path.join(OUT, "no_md5.flac")
    with open(path, "wb") as f:
        f.write(no_md5)
    reference("no_md5", path, x, "STREAMINFO MD5 unset")
    path = os.path.join(OUT, "id3v1_suffixed.flac")
    with open(path, "wb") as f:
        f.write(raw + b"TAG" + b"Spectro".ljust(125, b"\x00"))
    # libFLAC reports lost sync at the tag (flac -d needs -F to write its output) and decodes every sample.
    reference("id3v1_suffixed", path, x, "ID3v1 tag after the last frame", "-F")

    # Longer files for seeking: with a seek table (every 4096 samples) and without any.
    t = np.arange(240000)
    x = np.round(9000 * np.sin(2 * np.pi * 0.0131 * t) * np.sin(2 * np.pi * 0.00007 * t)).astype(np.int64)[:, None]
    x = x + signal(240000, 1, 4, seed=701, kind="noise", level=0.5)
    p = flac_cli("seek_with_table", x, 16, 16000, "-S", "4096x", "-b", "4096", "-5", padding=False)
    reference("seek_with_table", p, x, "long, SEEKTABLE")
    p = flac_cli("seek_no_table", x, 16, 16000, "-b", "4608", "-5", padding=False)
    reference("seek_no_table", p, x, "long, no SEEKTABLE (bisection)")

    hand_made()
    pairs()
    lossy()

    with open(os.path.join(OUT, "index.tsv"), "w") as f:
        f.write("# name\trate_hz\tchannels\tbits\tframes\tsha256_int32le_interleaved\tcovers\n")
        f.write("# written by tools/audio-corpus/make_flac_corpus.py; samples from libFLAC (flac -d)\n")
        for r in sorted(rows):
            f.write("\t".join(str(v) for v in r) + "\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d in (OUT, LOSSY) for n in os.listdir(d))
    print(f"{len(rows)} FLAC files, {len(os.listdir(LOSSY)) - 1} lossy files, {total / 1e6:.2f} MB in all")
    shutil.rmtree(TMP)


def hand_made():
    """Files only flacenc.py writes."""
    rng = np.random.default_rng(800)

    def ramp(n, bps, seed):
        r = np.random.default_rng(seed)
        full = (1 << (bps - 1)) - 1
        v = np.cumsum(r.integers(-40, 41, n)) + (np.sin(np.arange(n) * 0.02) * full * 0.3).astype(np.int64)
        return [int(t) for t in np.clip(v, -full - 1, full)]

    # Variable block sizes; every subframe kind; escape partitions; Rice2; partition orders; wasted bits.
    n_blocks = [16, 100, 4096, 777, 1152, 2000, 64, 333]
    left = ramp(sum(n_blocks), 16, 1)
    right = [v - (v % 4) for v in ramp(sum(n_blocks), 16, 2)]
    right[:16] = [5] * 16

    def specs(i):
        plans = [
            [("verbatim",), ("constant",)],
            [("fixed", 2, {"method": 0, "porder": 2, "escape": {1}}), ("fixed", 1, {"method": 1})],
            [("fixed", 4, {"method": 1, "porder": 4, "escape": {0, 5}}), ("fixed", 3, {"porder": 3},
                                                                              {"wasted": 2})],
            [("fixed", 0, {"method": 0, "escape": {0}}), ("verbatim", {"wasted": 2})],
            [("lpc", [2, -1], 3, 0, {"porder": 2}), ("lpc", [3, -3, 1], 4, 0, {"method": 1, "porder": 1})],
            [("fixed", 1, {"porder": 4, "escape": {2, 3}}), ("fixed", 2, {"method": 1, "porder": 4})],
            [("fixed", 3, {"porder": 0}), ("verbatim",)],
            [("verbatim",), ("fixed", 4, {})],
        ]
        return plans[i]

    path = os.path.join(OUT, "variable_blocksize.flac")
    flacenc.write_flac(path, [left, right], 44100, 16, n_blocks, specs, variable=True)
    reference("variable_blocksize", path, np.array([left, right]).T,
              "variable block sizes, escape partitions, Rice2, wasted bits (flacenc.py)")
    subs = subframes(path)
    expect(path, any(s["type"] == "VERBATIM" for s in subs) and any(s["type"] == "CONSTANT" for s in subs),
           "verbatim and constant subframes")
    expect(path, any(s.get("residual_type") == "RICE2" for s in subs), "RICE2 residuals")

    # Variable block sizes with mid/side and left/side frames, and 24-bit.
    n_blocks = [1000, 1500, 17, 4096, 2222]
    left = ramp(sum(n_blocks), 24, 3)
    right = [v + int(rng.integers(-300, 300)) for v in left]
    assign = [10, 8, 9, 1, 10]

    def specs_ms(i):
        return [("fixed", 2, {"method": 1, "porder": 1}), ("fixed", 1, {"method": 1, "escape": {0}})]

    path = os.path.join(OUT, "variable_blocksize_stereo24.flac")
    flacenc.write_flac(path, [left, right], 96000, 24, n_blocks, specs_ms, variable=True, assignments=assign)
    reference("variable_blocksize_stereo24", path, np.array([left, right]).T,
              "variable block sizes, mid/side, left/side, side/right, 24-bit (flacenc.py)")

    # LPC order 32 with 15-bit coefficients on 16-bit samples (libFLAC's encoder never writes these: its 64-bit
    # restore path), and 32-bit samples with LPC.
    for bps, name in ((16, "lpc32_q15_16bit_wide"), (32, "lpc8_32bit_wide")):
        x = ramp(4096, bps, 4 + bps)
        order = 32 if bps == 16 else 8
        coefs = [16384 if j == 0 else (-1) ** j * (1 << 10) // (j + 1) for j in range(order)]
        coefs = [max(-(1 << 14), min((1 << 14) - 1, c)) for c in coefs]
        path = os.path.join(OUT, name + ".flac")
        flacenc.write_flac(path, [x], 48000, bps, [4096],
                           lambda i: [("lpc", coefs, 15, 14, {"method": 1, "porder": 3})])
        reference(name, path, np.array([x]).T, f"LPC order {order}, 15-bit coefficients, {bps}-bit (flacenc.py)")

    # Every LPC order 1..32, one per frame, summed in 32 bits (16 + 10 + log2(order) <= 32) and, at 24 bits, in 64.
    for bps in (16, 24):
        x = ramp(32 * 256, bps, 6 + bps)
        name = f"lpc_orders_{bps}bit"

        def lpc_specs(i):
            order = i + 1
            coefs = [511] + [(-1) ** j * (60 // (j + 1)) for j in range(1, order)]
            return [("lpc", coefs, 10, 9, {"method": 1, "porder": 2})]

        path = os.path.join(OUT, name + ".flac")
        flacenc.write_flac(path, [x], 16000, bps, [256] * 32, lpc_specs)
        orders = sorted({int(s["order"]) for s in subframes(path) if s["type"] == "LPC"})
        expect(path, orders == list(range(1, 33)), f"LPC orders 1..32 (found {orders})")
        reference(name, path, np.array([x]).T, f"LPC orders 1..32, 10-bit coefficients, {bps}-bit (flacenc.py)")

    # A total of 0 in STREAMINFO (a stream written without knowing its length).
    x = ramp(3000, 16, 5)
    path = os.path.join(OUT, "unknown_total.flac")
    flacenc.write_flac(path, [x], 16000, 16, [1024, 1024, 952], lambda i: [("fixed", 2, {})], total_known=False)
    reference("unknown_total", path, np.array([x]).T, "total samples 0 (unknown) (flacenc.py)")

    # A valid stream whose MD5 is that of other samples (one sample differs): only the MD5 check can see it.
    y = list(x)
    y[1500] += 1
    path = os.path.join(OUT, "md5_mismatch.flac")
    flacenc.write_flac(path, [x], 16000, 16, [1024, 1024, 952], lambda i: [("fixed", 2, {})],
                       md5=flacenc.md5_of([y], 16))
    reference("md5_mismatch", path, np.array([x]).T, "MD5 of different samples (flacenc.py)", md5_mismatch=True)


def pairs():
    """WAV files and their FLAC encodings, which must decode to the same float32 bits."""
    for name, bps, ch, rate, seed in (("pair_u8", 8, 1, 8000, 900), ("pair_s16", 16, 2, 44100, 901),
                                      ("pair_s24", 24, 2, 48000, 902), ("pair_12in16", 12, 1, 16000, 903),
                                      ("pair_20in24", 20, 2, 22050, 904), ("pair_s32", 32, 1, 16000, 905)):
        x = signal(3000, ch, bps, seed)
        wav = os.path.join(OUT, name + ".wav")
        write_wav(wav, x, bps, rate)
        if bps in (8, 16, 24) and ch <= 2:
            sf.write(wav, x.astype(np.int32) << (32 - bps), rate,
                     subtype={8: "PCM_U8", 16: "PCM_16", 24: "PCM_24"}[bps])
        p = os.path.join(OUT, name + ".flac")
        run("flac", "-s", "-f", "--lax", "--no-padding", "--no-seektable", "-o", p, wav)
        reference(name, p, x, f"pair of {name}.wav")


def lossy():
    """MP3, Ogg Vorbis, Opus and AIFF for the libsndfile path; references from python-soundfile (libsndfile)."""
    ff = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    src = os.path.join(TMP, "src.wav")
    run("sox", "-D", "-n", "-r", "44100", "-c", "2", "-b", "16", src, "synth", "0.4", "sine", "440", "sine", "660",
        "gain", "-3")
    src16 = os.path.join(TMP, "src16.wav")
    run("sox", "-D", "-n", "-r", "16000", "-c", "1", "-b", "16", src16, "synth", "0.5", "sine", "300-900", "gain",
        "-3")
    made = [
        ("mp3_stereo_44k.mp3", [*ff, "-i", src, "-c:a", "libmp3lame", "-b:a", "96k"]),
        ("mp3_mono_16k_noid3.mp3", [*ff, "-i", src16, "-c:a", "libmp3lame", "-b:a", "32k", "-id3v2_version", "0",
                                    "-write_xing", "0"]),
        ("vorbis_stereo_44k.ogg", [*ff, "-i", src, "-c:a", "libvorbis", "-q:a", "3"]),
        ("opus_mono_16k.opus", [*ff, "-i", src16, "-c:a", "libopus", "-b:a", "24k"]),
        ("opus_stereo_48k.opus", [*ff, "-i", src, "-ar", "48000", "-c:a", "libopus", "-b:a", "64k"]),
    ]
    for name, cmd in made:
        run(*cmd, "-bitexact", "-fflags", "+bitexact", os.path.join(LOSSY, name))
    pcm, _ = sf.read(src16, dtype="int16")  # written by libsndfile: sox stamps the time into AIFF files
    sf.write(os.path.join(LOSSY, "aiff_mono_16k.aiff"), pcm, 16000, format="AIFF", subtype="PCM_16")
    lines = []
    for name in sorted(os.listdir(LOSSY)):
        path = os.path.join(LOSSY, name)
        whole, rate = sf.read(path, dtype="float32", always_2d=True)
        # soundfile seeks after every read; reading in blocks therefore also tells whether libsndfile's seeking
        # is sample-exact for the file (it is not for an MP3 without a Xing/LAME header: 1-ulp differences).
        with sf.SoundFile(path) as f:
            joined = np.concatenate(list(f.blocks(blocksize=1000, dtype="float32", always_2d=True)))
        seek_exact = np.array_equal(joined, whole)
        if not seek_exact and not name.endswith(".mp3"):
            sys.exit(f"{name}: libsndfile gives different samples read whole and in blocks")
        digest = hashlib.sha256(whole.astype("<f4").tobytes()).hexdigest()
        first = whole[min(100, len(whole) - 1), 0]
        lines.append(f"{name}\t{rate}\t{whole.shape[1]}\t{whole.shape[0]}\t{digest}\t{float(first)!r}"
                     f"\t{str(seek_exact).lower()}\n")
    with open(os.path.join(LOSSY, "index.tsv"), "w") as f:
        f.write(f"# name\trate_hz\tchannels\tframes\tsha256_float32le_interleaved\tsample_100_ch0\tseek_exact\n")
        f.write(f"# written by tools/audio-corpus/make_flac_corpus.py; samples from python-soundfile "
                f"{sf.__version__} ({sf.__libsndfile_version__}), dtype float32\n")
        f.writelines(lines)


if __name__ == "__main__":
    main()
