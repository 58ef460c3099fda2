"""Writes the hand-built part of Spectro's WAV test corpus (valid files and broken ones) into a directory.

Usage: python3 make_wavs.py OUT_DIR

Deterministic: every signal comes from a seeded generator. The files sox and ffmpeg write (real encoders' output)
are made by make_corpus.sh; this script builds what they will not: odd chunk layouts, RF64/BW64, 12/20-bit
containers, streaming sizes and broken headers.
"""

import os
import struct
import sys

import numpy as np

from wavchunks import (WAVE_FORMAT_ALAW, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_MULAW, WAVE_FORMAT_PCM, bext, chunk,
                       cue, fact, fmt, fmt_extensible, list_info, pack_int, rf64, riff)

OUT = sys.argv[1]
RNG = np.random.default_rng(20261105)


def write(name, data: bytes):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def int_signal(frames, channels, valid_bits):
    """Integers in [-2^(v-1), 2^(v-1)-1]: a sine per channel plus noise, with both extremes present."""
    lo, hi = -(1 << (valid_bits - 1)), (1 << (valid_bits - 1)) - 1
    t = np.arange(frames)[:, None]
    sine = np.sin(2 * np.pi * (0.01 + 0.013 * np.arange(channels))[None, :] * t) * hi * 0.7
    noise = RNG.integers(lo // 4, hi // 4 + 1, size=(frames, channels))
    v = np.clip(np.round(sine) + noise, lo, hi).astype(np.int64)
    v[0, :] = lo
    v[1, :] = hi
    v[2, :] = 0
    v[3, :] = -1
    return v


def pcm_bytes(v, valid_bits, container_bytes):
    """Packs signed values of valid_bits into the high bits of the container (u8 for 1 byte)."""
    shift = container_bytes * 8 - valid_bits
    if container_bytes == 1:
        return pack_int((v << shift) + 128, 1)
    return pack_int(v << shift, container_bytes)


def float_signal(frames, channels):
    v = RNG.normal(0, 0.4, size=(frames, channels))
    specials = [1.0, -1.0, 1.5, -2.0, 1e-30, -0.0, 0.0, 1.401298464324817e-45, 0.1, 1.0 / 3.0, 65504.0]
    for i, s in enumerate(specials):
        v[i % frames, i % channels] = s
    return v


def codes(frames, channels):
    """G.711 code bytes: every code 0..255 once, then random codes."""
    c = RNG.integers(0, 256, size=(frames, channels))
    flat = c.reshape(-1)
    flat[:256] = np.arange(256)
    return c.astype(np.uint8)


# ---- valid files ------------------------------------------------------------------------------------------------

def plain_pcm(name, rate, channels, frames, bits, container_bytes=None, extra_before=(), extra_after=()):
    container_bytes = container_bytes or (bits + 7) // 8
    v = int_signal(frames, channels, bits) if container_bytes > 1 else int_signal(frames, channels, bits)
    payload = pcm_bytes(v, bits, container_bytes)
    f = fmt(WAVE_FORMAT_PCM, channels, rate, bits, block_align=channels * container_bytes)
    write(name, riff([f, *extra_before, chunk(b"data", payload), *extra_after]))


plain_pcm("pcm_u8_mono_8k.wav", 8000, 1, 401, 8, extra_after=[list_info("odd data, pad byte, then LIST")])
plain_pcm("pcm_s16_mono_16k.wav", 16000, 1, 800, 16)
plain_pcm("pcm_s16_stereo_44k.wav", 44100, 2, 2205, 16)
plain_pcm("pcm_s24_stereo_48k.wav", 48000, 2, 2400, 24)
plain_pcm("pcm_s32_mono_22k.wav", 22050, 1, 1103, 32)
plain_pcm("pcm_12in16_mono_16k.wav", 16000, 1, 800, 12)
plain_pcm("pcm_20in24_stereo_22k.wav", 22050, 2, 1103, 20)

fl = float_signal(2205, 2).astype("<f4")
write("float32_stereo_44k.wav", riff([fmt(WAVE_FORMAT_IEEE_FLOAT, 2, 44100, 32, extra=b""), fact(2205),
                                      chunk(b"data", fl.tobytes())]))
fd = float_signal(2400, 1).astype("<f8")
fd[20, 0] = 1e-50  # underflows to 0 in float32
fd[21, 0] = 1e10
fd[22, 0] = 0.30000000000000004
write("float64_mono_48k.wav", riff([fmt(WAVE_FORMAT_IEEE_FLOAT, 1, 48000, 64, extra=b""), fact(2400),
                                    chunk(b"data", fd.tobytes())]))

mu = codes(800, 1)
write("mulaw_mono_8k.wav", riff([fmt(WAVE_FORMAT_MULAW, 1, 8000, 8, extra=b""), fact(800),
                                 chunk(b"data", mu.tobytes())]))
al = codes(400, 2)
write("alaw_stereo_8k.wav", riff([fmt(WAVE_FORMAT_ALAW, 2, 8000, 8, extra=b""), fact(400),
                                  chunk(b"data", al.tobytes())]))


def ext_pcm(name, rate, channels, frames, container_bits, valid_bits, mask):
    v = int_signal(frames, channels, valid_bits)
    payload = pcm_bytes(v, valid_bits, container_bits // 8)
    write(name, riff([fmt_extensible(channels, rate, container_bits, valid_bits, mask, WAVE_FORMAT_PCM),
                      chunk(b"data", payload)]))


ext_pcm("ext_pcm_u8_stereo_22k.wav", 22050, 2, 1103, 8, 8, 0x3)
ext_pcm("ext_pcm_s16_stereo_48k.wav", 48000, 2, 2400, 16, 16, 0x3)
ext_pcm("ext_pcm_24in32_stereo_48k.wav", 48000, 2, 2400, 32, 24, 0x3)
ext_pcm("ext_pcm_s24_6ch_48k.wav", 48000, 6, 480, 24, 24, 0x3F)

ef = float_signal(800, 1).astype("<f4")
write("ext_float32_mono_16k.wav", riff([fmt_extensible(1, 16000, 32, 32, 0x4, WAVE_FORMAT_IEEE_FLOAT), fact(800),
                                        chunk(b"data", ef.tobytes())]))
ed = float_signal(400, 1).astype("<f8")
write("ext_float64_mono_8k.wav", riff([fmt_extensible(1, 8000, 64, 64, 0x4, WAVE_FORMAT_IEEE_FLOAT), fact(400),
                                       chunk(b"data", ed.tobytes())]))
emu = codes(400, 1)
write("ext_mulaw_mono_8k.wav", riff([fmt_extensible(1, 8000, 8, 8, 0x4, WAVE_FORMAT_MULAW), fact(400),
                                     chunk(b"data", emu.tobytes())]))
eal = codes(400, 1)
write("ext_alaw_mono_8k.wav", riff([fmt_extensible(1, 8000, 8, 8, 0x4, WAVE_FORMAT_ALAW), fact(400),
                                    chunk(b"data", eal.tobytes())]))

# RF64 and BW64: ds64 first, 0xFFFFFFFF in the RIFF and data sizes.
v = int_signal(2400, 2, 16)
write("rf64_s16_stereo_48k.wav", rf64([fmt(WAVE_FORMAT_PCM, 2, 48000, 16)], pcm_bytes(v, 16, 2),
                                      [list_info("after data")]))
bw = float_signal(800, 1).astype("<f4")
write("bw64_float32_mono_16k.wav", rf64([fmt(WAVE_FORMAT_IEEE_FLOAT, 1, 16000, 32, extra=b"")], bw.tobytes(),
                                        form=b"BW64"))

# Chunks everywhere: LIST, bext, an odd-sized unknown chunk, cue before data; LIST, cue, odd chunk after it.
v = int_signal(1103, 2, 16)
write("chunks_everywhere_s16_stereo_22k.wav", riff([
    list_info("before"), bext("a broadcast wave description"), chunk(b"junk", b"abc"),
    fmt(WAVE_FORMAT_PCM, 2, 22050, 16), cue([0, 100]), chunk(b"data", pcm_bytes(v, 16, 2)),
    list_info("after"), cue([500]), chunk(b"xtra", b"12345"), chunk(b"id3 ", b"ID3\x03\x00\x00\x00\x00\x00\x00")]))

# fmt after data (legal RIFF; readers that cannot seek must fail on it).
v = int_signal(800, 1, 16)
write("fmt_after_data_s16_mono_16k.wav", riff([chunk(b"data", pcm_bytes(v, 16, 2)), fmt(WAVE_FORMAT_PCM, 1, 16000,
                                                                                         16)]))

# Streaming encoders: data size 0 or 0xFFFFFFFF with data the last chunk: the data runs to the end of the file.
v = int_signal(800, 1, 16)
write("stream_size_zero_s16_mono_16k.wav", riff([fmt(WAVE_FORMAT_PCM, 1, 16000, 16),
                                                  chunk(b"data", pcm_bytes(v, 16, 2), size=0)], riff_size=0))
v = int_signal(1103, 2, 16)
write("stream_size_ffffffff_s16_stereo_22k.wav", riff([fmt(WAVE_FORMAT_PCM, 2, 22050, 16),
                                                        chunk(b"data", pcm_bytes(v, 16, 2), size=0xFFFFFFFF)],
                                                       riff_size=0xFFFFFFFF))
# A genuinely empty data chunk followed by another chunk: zero frames.
write("empty_data_s16_mono_16k.wav", riff([fmt(WAVE_FORMAT_PCM, 1, 16000, 16), chunk(b"data", b""),
                                            list_info("nothing recorded")]))

# ---- broken files -----------------------------------------------------------------------------------------------

good = riff([fmt(WAVE_FORMAT_PCM, 1, 16000, 16), chunk(b"data", pcm_bytes(int_signal(800, 1, 16), 16, 2))])
write("broken_empty.wav", b"")
write("broken_header_10_bytes.wav", good[:10])
write("broken_truncated_fmt.wav", good[:30])  # inside the fmt chunk (it starts at 12, its body at 20)
# Truncated data: the header says 800 frames, the file holds 300 and a half.
write("broken_truncated_data.wav", good[:44 + 601])
# A header claiming far more data than the file holds (what sox writes when piping: 0x7FFFF000).
small = pcm_bytes(int_signal(100, 1, 16), 16, 2)
write("broken_data_size_lies.wav", riff([fmt(WAVE_FORMAT_PCM, 1, 16000, 16), chunk(b"data", small,
                                                                                   size=0x7FFFF000)]))
data_ok = chunk(b"data", pcm_bytes(int_signal(100, 1, 16), 16, 2))
write("broken_zero_channels.wav", riff([fmt(WAVE_FORMAT_PCM, 0, 16000, 16, block_align=2), data_ok]))
write("broken_zero_rate.wav", riff([fmt(WAVE_FORMAT_PCM, 1, 0, 16), data_ok]))
write("broken_block_align.wav", riff([fmt(WAVE_FORMAT_PCM, 2, 16000, 16, block_align=3), data_ok]))
write("broken_no_data.wav", riff([fmt(WAVE_FORMAT_PCM, 1, 16000, 16), list_info("no data here")]))
write("broken_no_fmt.wav", riff([list_info("no fmt here"), data_ok]))
write("broken_fmt_too_short.wav", riff([chunk(b"fmt ", struct.pack("<HHII", 1, 1, 16000, 32000)), data_ok]))
write("broken_float16.wav", riff([fmt(WAVE_FORMAT_IEEE_FLOAT, 1, 16000, 16, extra=b""), data_ok]))
write("broken_ext_unknown_guid.wav", riff([fmt_extensible(1, 16000, 16, 16, 0x4, 0,
                                                          guid=bytes.fromhex("00112233445566778899aabbccddeeff")),
                                           data_ok]))
write("broken_rf64_no_ds64.wav", b"RF64" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + fmt(WAVE_FORMAT_PCM, 1, 16000, 16)
      + chunk(b"data", pcm_bytes(int_signal(100, 1, 16), 16, 2), size=0xFFFFFFFF))
write("broken_chunk_past_eof.wav", riff([fmt(WAVE_FORMAT_PCM, 1, 16000, 16),
                                         chunk(b"LIST", b"INFO", size=1 << 30), data_ok]))
write("broken_text.wav", b"<html><body>404 Not Found</body></html>\n")
write("broken_avi.wav", b"RIFF" + struct.pack("<I", 28) + b"AVI LIST" + struct.pack("<I", 16) + b"hdrl" + b"\0" * 12)
