"""A tiny FLAC encoder, for the corpus files the flac CLI cannot write: variable block sizes, escape-coded and
Rice2 partitions chosen on purpose, explicit wasted bits, LPC subframes with given coefficients, an unknown total,
and an MD5 that deliberately does not match.

It is correct rather than good: the caller chooses every subframe's coding. libFLAC decodes its output (the corpus
script checks that `flac -d` gives back the samples it was given).

    write_flac(path, frames, rate, bps, blocks, subframe=..., ...)

`frames` is a list of lists of ints, [frame][channel]. `blocks` is a list of block sizes (variable-blocksize stream
when `variable=True`, else all but the last must be equal).
"""

import hashlib
import struct


def _crc8(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


class BitWriter:
    def __init__(self):
        self.bits = []

    def u(self, value, n):
        for i in range(n - 1, -1, -1):
            self.bits.append((value >> i) & 1)

    def s(self, value, n):
        self.u(value & ((1 << n) - 1), n)

    def unary(self, q):
        self.bits.extend([0] * q)
        self.bits.append(1)

    def align(self):
        while len(self.bits) % 8:
            self.bits.append(0)

    def bytes(self):
        assert len(self.bits) % 8 == 0
        out = bytearray()
        for i in range(0, len(self.bits), 8):
            v = 0
            for b in self.bits[i:i + 8]:
                v = v << 1 | b
            out.append(v)
        return bytes(out)


def _utf8_number(n):
    if n < 0x80:
        return bytes([n])
    for extra, limit in ((1, 1 << 11), (2, 1 << 16), (3, 1 << 21), (4, 1 << 26), (5, 1 << 31), (6, 1 << 36)):
        if n < limit:
            out = []
            for _ in range(extra):
                out.append(0x80 | (n & 0x3F))
                n >>= 6
            lead = {1: 0xC0, 2: 0xE0, 3: 0xF0, 4: 0xF8, 5: 0xFC, 6: 0xFE}[extra]
            return bytes([lead | n] + out[::-1])
    raise ValueError(n)


def _zigzag(r):
    return (r << 1) if r >= 0 else ((-r) << 1) - 1


def _bits_signed(values):
    """Bits needed to store every value as a two's-complement number."""
    n = 1
    for v in values:
        while not (-(1 << (n - 1)) <= v < (1 << (n - 1))):
            n += 1
    return n


def _residual(w, res, order, blocksize, coding):
    """coding: dict(method=0|1, porder=int, escape=set of partition indices, params=None|list)."""
    method = coding.get("method", 0)
    porder = coding.get("porder", 0)
    while porder > 0 and (blocksize % (1 << porder) or (blocksize >> porder) < order):
        porder -= 1  # the partitions must divide the block and the first must hold the warm-up samples
    escapes = coding.get("escape", set())
    w.u(method, 2)
    w.u(porder, 4)
    parts = 1 << porder
    psize = blocksize >> porder
    pbits, esc = (4, 15) if method == 0 else (5, 31)
    i = 0
    for p in range(parts):
        count = psize - (order if p == 0 else 0)
        chunk = res[i:i + count]
        i += count
        if p in escapes:
            w.u(esc, pbits)
            n = 0 if all(v == 0 for v in chunk) else _bits_signed(chunk)
            w.u(n, 5)
            if n:
                for v in chunk:
                    w.s(v, n)
            continue
        params = coding.get("params")
        if params is not None:
            k = params[p]
        else:
            mean = sum(_zigzag(v) for v in chunk) / max(1, len(chunk))
            k = 0
            while (1 << (k + 1)) <= mean:
                k += 1
            k = min(k, esc - 1)
        assert 0 <= k < esc
        w.u(k, pbits)
        for v in chunk:
            u = _zigzag(v)
            w.unary(u >> k)
            if k:
                w.u(u & ((1 << k) - 1), k)


FIXED = {0: [], 1: [1], 2: [2, -1], 3: [3, -3, 1], 4: [4, -6, 4, -1]}


def _subframe(w, x, bps, spec):
    """spec: ("constant",) | ("verbatim",) | ("fixed", order, coding) | ("lpc", coefs, precision, shift, coding);
    optional trailing dict(wasted=k)."""
    extra = spec[-1] if isinstance(spec[-1], dict) and "wasted" in spec[-1] else {}
    wasted = extra.get("wasted", 0)
    if wasted:
        assert all(v % (1 << wasted) == 0 for v in x)
        x = [v >> wasted for v in x]
        bps -= wasted
    kind = spec[0]
    n = len(x)
    if kind == "constant":
        assert all(v == x[0] for v in x)
        header = 0
    elif kind == "verbatim":
        header = 1
    elif kind == "fixed":
        header = 8 + spec[1]
    elif kind == "lpc":
        header = 31 + len(spec[1])
    else:
        raise ValueError(kind)
    w.u(0, 1)
    w.u(header, 6)
    if wasted:
        w.u(1, 1)
        w.unary(wasted - 1)
    else:
        w.u(0, 1)
    if kind == "constant":
        w.s(x[0], bps)
    elif kind == "verbatim":
        for v in x:
            w.s(v, bps)
    elif kind == "fixed":
        order, coding = spec[1], spec[2]
        c = FIXED[order]
        for v in x[:order]:
            w.s(v, bps)
        res = [x[i] - sum(c[j] * x[i - 1 - j] for j in range(order)) for i in range(order, n)]
        _residual(w, res, order, n, coding)
    else:
        coefs, precision, shift, coding = spec[1], spec[2], spec[3], spec[4]
        assert all(-(1 << (precision - 1)) <= c < (1 << (precision - 1)) for c in coefs), "coefficient range"
        order = len(coefs)
        for v in x[:order]:
            w.s(v, bps)
        w.u(precision - 1, 4)
        w.s(shift, 5)
        for c in coefs:
            w.s(c, precision)
        res = [x[i] - (sum(coefs[j] * x[i - 1 - j] for j in range(order)) >> shift) for i in range(order, n)]
        _residual(w, res, order, n, coding)


RATE_CODES = {88200: 1, 176400: 2, 192000: 3, 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9,
              48000: 10, 96000: 11}
BPS_CODES = {8: 1, 12: 2, 16: 4, 20: 5, 24: 6, 32: 7}


def _frame(samples, first_sample, frame_number, variable, rate, bps, assignment, specs):
    """samples: [channel][n] (already decorrelated per `assignment`)."""
    n = len(samples[0])
    hdr = bytearray([0xFF, 0xF9 if variable else 0xF8])
    size_extra = b""
    if n == 192:
        sc = 1
    elif n in (576, 1152, 2304, 4608):
        sc = {576: 2, 1152: 3, 2304: 4, 4608: 5}[n]
    elif n in (256 << k for k in range(8)):
        sc = 8 + [256 << k for k in range(8)].index(n)
    elif n <= 256:
        sc, size_extra = 6, bytes([n - 1])
    else:
        sc, size_extra = 7, struct.pack(">H", n - 1)
    rate_extra = b""
    if rate in RATE_CODES:
        rc = RATE_CODES[rate]
    elif rate % 1000 == 0 and rate // 1000 < 256:
        rc, rate_extra = 12, bytes([rate // 1000])
    elif rate < 65536:
        rc, rate_extra = 13, struct.pack(">H", rate)
    elif rate % 10 == 0 and rate // 10 < 65536:
        rc, rate_extra = 14, struct.pack(">H", rate // 10)
    else:
        rc = 0
    hdr.append(sc << 4 | rc)
    hdr.append(assignment << 4 | BPS_CODES.get(bps, 0) << 1)
    hdr += _utf8_number(first_sample if variable else frame_number)
    hdr += size_extra + rate_extra
    hdr.append(_crc8(hdr))
    w = BitWriter()
    side = {8: 1, 9: 0, 10: 1}.get(assignment, -1)
    for c, x in enumerate(samples):
        _subframe(w, x, bps + (1 if c == side else 0), specs[c])
    w.align()
    body = bytes(hdr) + w.bytes()
    return body + struct.pack(">H", _crc16(body))


def decorrelate(left, right, assignment):
    if assignment == 8:
        return [left, [l - r for l, r in zip(left, right)]]
    if assignment == 9:
        return [[l - r for l, r in zip(left, right)], right]
    if assignment == 10:
        return [[(l + r) >> 1 for l, r in zip(left, right)], [l - r for l, r in zip(left, right)]]
    return [left, right]


def md5_of(channels, bps):
    width = (bps + 7) // 8
    out = bytearray()
    for i in range(len(channels[0])):
        for ch in channels:
            out += (ch[i] & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
    return hashlib.md5(bytes(out)).digest()


def write_flac(path, channels, rate, bps, blocks, frame_specs, variable=False, assignments=None,
               total_known=True, md5=None, prefix=b""):
    """channels: [channel][sample]; blocks: block sizes summing to the length; frame_specs(i) -> per-channel specs;
    assignments: per-frame channel assignment (default independent)."""
    nch = len(channels)
    total = len(channels[0])
    assert sum(blocks) == total
    frames = []
    pos = 0
    for i, bs in enumerate(blocks):
        chunk = [ch[pos:pos + bs] for ch in channels]
        a = assignments[i] if assignments else nch - 1
        if a >= 8:
            chunk = decorrelate(chunk[0], chunk[1], a)
        frames.append(_frame(chunk, pos, i, variable, rate, bps, a, frame_specs(i)))
        pos += bs
    digest = md5 if md5 is not None else md5_of(channels, bps)
    sizes = [len(f) for f in frames]
    inner = blocks[:-1] if len(blocks) > 1 else blocks
    info = BitWriter()
    info.u(min(inner), 16)
    info.u(max(blocks), 16)
    info.u(min(sizes), 24)
    info.u(max(sizes), 24)
    info.u(rate, 20)
    info.u(nch - 1, 3)
    info.u(bps - 1, 5)
    info.u(total if total_known else 0, 36)
    streaminfo = info.bytes() + digest
    out = prefix + b"fLaC" + bytes([0x80]) + len(streaminfo).to_bytes(3, "big") + streaminfo + b"".join(frames)
    with open(path, "wb") as f:
        f.write(out)
