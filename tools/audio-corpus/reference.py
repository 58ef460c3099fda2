"""Writes a reference decode (.npy, float32, shape (frames, channels)) next to every valid .wav in a directory, and
an index (index.tsv) of what python3-soundfile (libsndfile) reports for each file.

Usage: python3 reference.py DIR

Also writes a reference (.npy) for each .flac file, listed in index-ffmpeg.tsv, for AudioDecoder's ffmpeg path.

The reference is soundfile.read(dtype="float64") rounded once to float32. libsndfile converts integer PCM as
x / 2^(container bits - 1) (u8 as (u - 128) / 128) and G.711 through its expansion tables / 32768, exactly the
conversions Spectro's WavReader documents, so the Java test compares bit for bit. This script re-checks those
conversions independently (from the raw bytes, with numpy) for the files where it can, and stops if libsndfile
disagrees, so a changed libsndfile cannot silently change the reference.

Files that libsndfile does not read the way the data is laid out are listed in WRITER_ONLY with the reason; for them
the reference comes from the raw bytes through the same documented formulas (never from the Java code).
"""

import os
import struct
import sys

import numpy as np
import soundfile as sf

DIR = sys.argv[1]

# G.711 expansion (ITU-T G.711 tables, as in libsndfile's ulaw.c/alaw.c and Sun's g711.c), 16-bit linear.
def ulaw_table():
    t = np.zeros(256, dtype=np.int64)
    for code in range(256):
        u = ~code & 0xFF
        sign = u & 0x80
        exponent = (u >> 4) & 0x07
        mantissa = u & 0x0F
        mag = (((mantissa << 3) + 0x84) << exponent) - 0x84
        t[code] = -mag if sign else mag
    return t


def alaw_table():
    t = np.zeros(256, dtype=np.int64)
    for code in range(256):
        a = code ^ 0x55
        sign = a & 0x80
        exponent = (a >> 4) & 0x07
        mantissa = a & 0x0F
        if exponent == 0:
            mag = (mantissa << 4) + 8
        else:
            mag = ((mantissa << 4) + 0x108) << (exponent - 1)
        t[code] = mag if sign else -mag
    return t


ULAW = ulaw_table()
ALAW = alaw_table()

# Files libsndfile 1.2 reads differently from their layout (reason), referenced from the raw bytes instead.
WRITER_ONLY = {
    "fmt_after_data_s16_mono_16k.wav": "libsndfile needs fmt before data",
    "stream_size_zero_s16_mono_16k.wav": "libsndfile reads a data size of 0 as an empty file",
    "bw64_float32_mono_16k.wav": "libsndfile 1.2 does not recognise BW64",
}

# Broken files that a lenient reader still decodes (the whole frames present); they get a reference too.
LENIENT_BROKEN = {"broken_truncated_data.wav", "broken_data_size_lies.wav"}


def looks_like_chunk(b, pos):
    """Four printable ASCII characters and a size that fits in the file: the rule WavReader documents."""
    return (pos + 8 <= len(b) and all(0x20 <= c <= 0x7E for c in b[pos:pos + 4])
            and struct.unpack_from("<I", b, pos + 4)[0] <= len(b) - pos - 8)


def chunks(b):
    """(id, size, body offset) of every chunk of a RIFF/RF64/BW64 file, following pad bytes; sizes from ds64."""
    pos, out = 12, []
    ds64_data = None
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack_from("<I", b, pos + 4)[0]
        if cid == b"ds64":
            ds64_data = struct.unpack_from("<Q", b, pos + 16)[0]
        if cid == b"data" and size == 0xFFFFFFFF and ds64_data is not None:
            size = ds64_data
        elif cid == b"data" and (size == 0xFFFFFFFF or (size == 0 and pos + 8 < len(b)
                                                          and not looks_like_chunk(b, pos + 8))):
            size = len(b) - pos - 8
        out.append((cid, size, pos + 8))
        pos += 8 + size + (size & 1)
    return out


def raw_decode(path):
    """Decodes a WAV from its bytes with the documented formulas (independent of libsndfile)."""
    b = open(path, "rb").read()
    cs = chunks(b)
    fmt = next((b[o:o + s] for c, s, o in cs if c == b"fmt "))
    data_size, data_off = next(((s, o) for c, s, o in cs if c == b"data"))
    tag, ch, rate, _, align, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == 0xFFFE:
        tag = struct.unpack_from("<H", fmt, 24)[0]
    cbytes = align // ch
    frames = min(data_size, len(b) - data_off) // align
    raw = np.frombuffer(b, dtype=np.uint8, count=frames * align, offset=data_off)
    if tag == 1:
        if cbytes == 1:
            x = (raw.astype(np.float64) - 128) / 128
        else:
            r = raw.reshape(-1, cbytes).astype(np.int64)
            v = sum(r[:, i] << (8 * i) for i in range(cbytes))
            v = np.where(v >= 1 << (8 * cbytes - 1), v - (1 << (8 * cbytes)), v)
            x = v / float(1 << (8 * cbytes - 1))
    elif tag == 3:
        x = np.frombuffer(raw.tobytes(), dtype="<f4" if cbytes == 4 else "<f8").astype(np.float64)
    elif tag == 7:
        x = ULAW[raw] / 32768.0
    elif tag == 6:
        x = ALAW[raw] / 32768.0
    else:
        raise ValueError(f"{path}: format tag {tag}")
    return x.reshape(frames, ch).astype(np.float32), rate, ch


def main():
    rows = []
    for name in sorted(os.listdir(DIR)):
        if not name.endswith(".wav") or (name.startswith("broken_") and name not in LENIENT_BROKEN):
            continue
        path = os.path.join(DIR, name)
        raw, rate, ch = raw_decode(path)
        if name in WRITER_ONLY:
            ref, source = raw, "raw:" + WRITER_ONLY[name]
        else:
            data, sr = sf.read(path, dtype="float64", always_2d=True)
            info = sf.info(path)
            ref = data.astype(np.float32)
            source = "soundfile:" + info.subtype
            assert sr == rate and data.shape[1] == ch, (name, sr, rate, data.shape, ch)
            if ref.shape != raw.shape or not np.array_equal(ref.view(np.uint32), raw.view(np.uint32)):
                bad = np.argwhere(ref.view(np.uint32) != raw.view(np.uint32)) if ref.shape == raw.shape else None
                sys.exit(f"{name}: libsndfile {ref.shape} disagrees with the raw decode {raw.shape}; first "
                         f"differences at {bad[:5] if bad is not None else 'shape'}")
        np.save(os.path.join(DIR, name[:-4] + ".npy"), np.ascontiguousarray(ref))
        rows.append(f"{name}\t{rate}\t{ch}\t{ref.shape[0]}\t{source}")
    # Non-WAV files (decoded by ffmpeg through AudioDecoder): libsndfile's decode, listed in index-ffmpeg.tsv.
    ff_rows = []
    for name in sorted(os.listdir(DIR)):
        if name.endswith(".flac"):
            path = os.path.join(DIR, name)
            data, sr = sf.read(path, dtype="float64", always_2d=True)
            np.save(os.path.join(DIR, name.rsplit(".", 1)[0] + ".npy"), np.ascontiguousarray(data.astype(np.float32)))
            ff_rows.append(f"{name}\t{sr}\t{data.shape[1]}\t{data.shape[0]}\tsoundfile:{sf.info(path).subtype}")
    with open(os.path.join(DIR, "index-ffmpeg.tsv"), "w") as f:
        f.write("# file\tsample_rate_hz\tchannels\tframes\treference (non-WAV, for AudioDecoder's ffmpeg path)\n")
        f.write("\n".join(ff_rows) + "\n")
    with open(os.path.join(DIR, "index.tsv"), "w") as f:
        f.write("# file\tsample_rate_hz\tchannels\tframes\treference (written by tools/audio-corpus/reference.py)\n")
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} references written")


main()
