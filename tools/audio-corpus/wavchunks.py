"""A tiny RIFF/WAVE chunk writer for building test files that sox and ffmpeg will not write.

Every function returns bytes; nothing here validates, on purpose: broken files are built with the same calls.
"""

import struct

import numpy as np

# The last 12 bytes shared by every KSDATAFORMAT_SUBTYPE_* GUID {XXXXXXXX-0000-0010-8000-00AA00389B71}, as stored.
KS_GUID_TAIL = bytes.fromhex("0000" "1000" "800000aa00389b71")

WAVE_FORMAT_PCM = 0x0001
WAVE_FORMAT_IEEE_FLOAT = 0x0003
WAVE_FORMAT_ALAW = 0x0006
WAVE_FORMAT_MULAW = 0x0007
WAVE_FORMAT_EXTENSIBLE = 0xFFFE


def chunk(cid: bytes, payload: bytes, size=None) -> bytes:
    """A chunk: 4-byte id, little-endian u32 size (default len(payload)), payload, and a pad byte if odd."""
    assert len(cid) == 4
    declared = len(payload) if size is None else size
    pad = b"\0" if len(payload) % 2 else b""
    return cid + struct.pack("<I", declared & 0xFFFFFFFF) + payload + pad


def fmt(tag, channels, rate, bits, block_align=None, byte_rate=None, extra=None) -> bytes:
    """A plain fmt chunk (16 bytes, or 18+ with a cbSize field when extra is given)."""
    if block_align is None:
        block_align = channels * ((bits + 7) // 8)
    if byte_rate is None:
        byte_rate = rate * block_align
    body = struct.pack("<HHIIHH", tag, channels, rate, byte_rate, block_align, bits)
    if extra is not None:
        body += struct.pack("<H", len(extra)) + extra
    return chunk(b"fmt ", body)


def fmt_extensible(channels, rate, container_bits, valid_bits, channel_mask, sub_tag, guid=None,
                   block_align=None) -> bytes:
    """A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with sub-format GUID {sub_tag-0000-0010-8000-00AA00389B71},
    or the 16 stored bytes given as guid."""
    if block_align is None:
        block_align = channels * container_bits // 8
    if guid is None:
        guid = struct.pack("<I", sub_tag) + KS_GUID_TAIL
    assert len(guid) == 16
    extra = struct.pack("<HI", valid_bits, channel_mask) + guid
    body = struct.pack("<HHIIHH", WAVE_FORMAT_EXTENSIBLE, channels, rate, rate * block_align, block_align,
                       container_bits)
    body += struct.pack("<H", len(extra)) + extra
    return chunk(b"fmt ", body)


def riff(chunks, form=b"RIFF", riff_size=None) -> bytes:
    """A RIFF/WAVE file around the given chunk bytes."""
    body = b"WAVE" + b"".join(chunks)
    size = len(body) if riff_size is None else riff_size
    return form + struct.pack("<I", size & 0xFFFFFFFF) + body


def rf64(chunks_before_data, data_payload, chunks_after=(), form=b"RF64") -> bytes:
    """An RF64 (or BW64) file: ds64 first, data chunk size 0xFFFFFFFF, real sizes in ds64."""
    pre = b"".join(chunks_before_data)
    post = b"".join(chunks_after)
    data = b"data" + struct.pack("<I", 0xFFFFFFFF) + data_payload + (b"\0" if len(data_payload) % 2 else b"")
    ds64_len = 8 + 28
    riff_size = 4 + ds64_len + len(pre) + len(data) + len(post)
    ds64 = chunk(b"ds64", struct.pack("<QQQI", riff_size, len(data_payload), 0, 0))
    return form + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + ds64 + pre + data + post


def list_info(text: str) -> bytes:
    """A LIST/INFO chunk holding one ISFT (software) string."""
    s = text.encode() + b"\0"
    return chunk(b"LIST", b"INFO" + chunk(b"ISFT", s))


def bext(description: str) -> bytes:
    """A minimal Broadcast Wave 'bext' chunk (602 bytes, version 1; odd content is fine)."""
    body = description.encode()[:256].ljust(256, b"\0") + b"spectro".ljust(32, b"\0") + b"ref".ljust(32, b"\0")
    body += b"2026-11-01" + b"12:00:00" + struct.pack("<QH", 0, 1) + b"\0" * 64 + b"\0" * 190
    return chunk(b"bext", body)


def cue(points) -> bytes:
    """A 'cue ' chunk with the given sample positions."""
    body = struct.pack("<I", len(points))
    for i, p in enumerate(points):
        body += struct.pack("<II", i + 1, p) + b"data" + struct.pack("<III", 0, 0, p)
    return chunk(b"cue ", body)


def fact(frames) -> bytes:
    """A 'fact' chunk with the frame count."""
    return chunk(b"fact", struct.pack("<I", frames))


# ---- sample packing -------------------------------------------------------------------------------------------

def pack_int(values: np.ndarray, container_bytes: int) -> bytes:
    """Little-endian two's-complement integers (already shifted into the container) of 1..4 bytes; 1 means u8."""
    v = np.asarray(values, dtype=np.int64).reshape(-1)
    if container_bytes == 1:
        return v.astype(np.uint8).tobytes()
    if container_bytes == 2:
        return v.astype("<i2").tobytes()
    if container_bytes == 4:
        return v.astype("<i4").tobytes()
    if container_bytes == 3:
        u = (v & 0xFFFFFF).astype(np.uint32)
        b = np.empty((u.size, 3), dtype=np.uint8)
        b[:, 0] = u & 0xFF
        b[:, 1] = (u >> 8) & 0xFF
        b[:, 2] = (u >> 16) & 0xFF
        return b.tobytes()
    raise ValueError(container_bytes)
