package io.spectro.audio.flac;

import io.spectro.audio.AudioDecodeException;
import io.spectro.audio.AudioDecodeException.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * The bytes of a FLAC stream, read through a buffer, with a big-endian bit reader over them.
 *
 * <p>The bit reader keeps up to 64 bits in {@link #cache}, left-aligned: its top {@link #bits} bits are the next
 * bits of the stream. A refill loads 8 bytes at once and ORs them in below the valid bits; the bits below those
 * are always either zero or the stream's own next bits, so OR-ing the same bytes in again changes nothing.
 *
 * <p>The CRC-16 of the current frame is accumulated over the bytes the buffer drops when it is refilled, so a frame
 * of any size is checked without holding it whole.
 */
final class FlacInput implements Closeable {
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** The longest run of zero bits a unary code may have before the stream is called malformed. */
    private static final int MAX_UNARY = 1 << 28;

    private final String name;
    private final Source source; // null: every byte is in buf already
    private final long size;

    private byte[] buf;
    private int limit; // buf[0..limit) holds stream bytes [base, base + limit)
    private int pos; // the next byte to load into the cache
    private long base;
    private boolean eof; // no bytes after buf[limit)

    private long cache;
    private int bits;

    private int crcFrom = -1; // bytes buf[crcFrom..] are not yet in crc; -1: no CRC running
    private int crc;

    /** The first sample of the frame being decoded, for error messages; -1 outside frames. */
    long frameSample = -1;

    /** Reads {@code array[from..to)}, which holds the whole stream; no copy is made. */
    FlacInput(String name, byte[] array, int from, int to) {
        this.name = name;
        this.source = null;
        this.size = to - from;
        this.buf = array;
        this.pos = from;
        this.limit = to;
        this.base = -from;
        this.eof = true;
    }

    /** Reads {@code source} through a buffer of {@code bufferBytes} (at least 64). */
    FlacInput(String name, Source source, int bufferBytes) throws IOException {
        this.name = name;
        this.source = source;
        this.size = source.size();
        this.buf = new byte[Math.max(64, bufferBytes)];
        fill();
    }

    String name() {
        return name;
    }

    /** The stream's length in bytes, or -1 when unknown (a pipe). */
    long size() {
        return size;
    }

    /** Whether {@link #seekTo} can go back. */
    boolean seekable() {
        return source == null || source.seekable();
    }

    /** The offset in the stream of the byte holding the next unread bit. */
    long offset() {
        return base + pos - ((bits + 7) >>> 3);
    }

    // ---- byte access (only while the cache is empty, at byte boundaries) ------------------------------------------

    /** Empties the cache, putting its whole unread bytes back; call at a byte boundary. */
    void dropCache() {
        pos -= bits >>> 3;
        cache = 0;
        bits = 0;
    }

    /** Skips to the next byte boundary. */
    void alignToByte() {
        int r = bits & 7;
        cache <<= r;
        bits -= r;
    }

    /**
     * Makes at least {@code n} bytes available at {@link #pos()} (fewer only at the end of the stream) and returns how
     * many are; the cache must be empty.
     */
    int ensure(int n) throws IOException {
        if (limit - pos < n && !eof) {
            fetch();
        }
        return limit - pos;
    }

    byte[] buffer() {
        return buf;
    }

    int pos() {
        return pos;
    }

    /** Moves past {@code n} bytes that {@link #ensure} made available; the cache must be empty. */
    void skipBuffered(int n) {
        pos += n;
    }

    /** Skips {@code n} bytes (which may lie beyond the buffer); the cache must be empty. */
    void skip(long n) throws IOException {
        long target = base + pos + n;
        if (target <= base + limit) {
            pos = (int) (target - base);
        } else if (seekable()) {
            seekTo(target);
        } else {
            while (base + limit < target && !eof) {
                pos = limit;
                fetch();
            }
            pos = (int) Math.min(limit, target - base);
        }
    }

    /** Moves to {@code offset} in the stream (seekable sources only), with an empty cache and no CRC running. */
    void seekTo(long offset) throws IOException {
        cache = 0;
        bits = 0;
        crcFrom = -1;
        if (offset >= base && offset <= base + limit) {
            pos = (int) (offset - base);
            return;
        }
        if (source == null) {
            pos = limit;
            return;
        }
        base = offset;
        pos = 0;
        limit = 0;
        eof = false;
        fill();
    }

    /** Starts the CRC-16 of a frame at the current byte; the cache must be empty. */
    void startCrc() {
        crcFrom = pos;
        crc = 0;
    }

    /** Ends the CRC-16 at the current byte (the cache must be empty) and returns it. */
    int finishCrc() {
        crc = FlacCrc.crc16(crc, buf, crcFrom, pos);
        crcFrom = -1;
        return crc;
    }

    private void fetch() throws IOException {
        if (source == null || eof) {
            return;
        }
        int keep = pos - ((bits + 7) >>> 3);
        if (crcFrom >= 0) {
            crc = FlacCrc.crc16(crc, buf, crcFrom, keep);
            crcFrom = 0;
        }
        System.arraycopy(buf, keep, buf, 0, limit - keep);
        base += keep;
        limit -= keep;
        pos -= keep;
        fill();
    }

    private void fill() throws IOException {
        while (limit < buf.length) {
            int n = source.read(base + limit, buf, limit, buf.length - limit);
            if (n <= 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    // ---- bit access ---------------------------------------------------------------------------------------------

    /** Loads whole bytes into the cache: afterwards it holds at least 56 bits unless the stream ends first. */
    private void refill() throws IOException {
        if (pos + 8 <= limit) {
            cache |= (long) BE64.get(buf, pos) >>> bits;
            pos += (63 - bits) >>> 3;
            bits |= 56;
            return;
        }
        if (!eof) {
            fetch();
            if (pos + 8 <= limit) {
                cache |= (long) BE64.get(buf, pos) >>> bits;
                pos += (63 - bits) >>> 3;
                bits |= 56;
                return;
            }
        }
        while (bits <= 55 && pos < limit) {
            cache |= (buf[pos++] & 0xFFL) << (56 - bits);
            bits += 8;
        }
    }

    /** Reads {@code n} bits as an unsigned number, {@code 1 <= n <= 31} (32 gives the raw bits). */
    int readUnsigned(int n) throws IOException {
        if (bits < n) {
            refill();
            if (bits < n) {
                throw truncated();
            }
        }
        int v = (int) (cache >>> (64 - n));
        cache <<= n;
        bits -= n;
        return v;
    }

    /** Reads {@code n} bits as a two's-complement number, {@code 1 <= n <= 32}. */
    int readSigned(int n) throws IOException {
        if (bits < n) {
            refill();
            if (bits < n) {
                throw truncated();
            }
        }
        int v = (int) (cache >> (64 - n));
        cache <<= n;
        bits -= n;
        return v;
    }

    /** Reads {@code n} bits as a two's-complement number, {@code 1 <= n <= 33}. */
    long readSignedLong(int n) throws IOException {
        if (bits < n) {
            refill();
            if (bits < n) {
                throw truncated();
            }
        }
        long v = cache >> (64 - n);
        cache <<= n;
        bits -= n;
        return v;
    }

    /** Reads a unary number: the count of 0 bits before the next 1 bit (which is consumed too). */
    int readUnary() throws IOException {
        int count = 0;
        while (true) {
            if (bits == 0) {
                refill();
                if (bits == 0) {
                    throw truncated();
                }
            }
            int z = Long.numberOfLeadingZeros(cache);
            if (z < bits) {
                cache <<= z + 1;
                bits -= z + 1;
                return count + z;
            }
            count += bits;
            cache = 0;
            bits = 0;
            if (count > MAX_UNARY) {
                throw error(Kind.MALFORMED, offset(), "a unary code runs over " + MAX_UNARY + " zero bits");
            }
        }
    }

    /**
     * Reads Rice codes with parameter {@code k} (0..30) into {@code dst[from..to)}: each is a unary quotient and
     * {@code k} low bits, zigzag-mapped to a signed residual.
     */
    void readRice(int[] dst, int from, int to, int k) throws IOException {
        final byte[] b = buf;
        final int low = Math.min(56, k + 17);
        long c = cache;
        int n = bits;
        int p = pos;
        int end8 = limit - 8;
        for (int i = from; i < to; i++) {
            if (n < low && p <= end8) {
                c |= (long) BE64.get(b, p) >>> n;
                p += (63 - n) >>> 3;
                n |= 56;
            }
            int q = Long.numberOfLeadingZeros(c);
            int need = q + 1 + k;
            if (need > n) {
                cache = c;
                bits = n;
                pos = p;
                dst[i] = readRiceSlow(k);
                c = cache;
                n = bits;
                p = pos;
                end8 = limit - 8;
                continue;
            }
            // (c << q) starts with the terminating 1 bit: its top k + 1 bits are 2^k + the k low bits.
            int u = (int) ((c << q) >>> (63 - k)) + ((q - 1) << k);
            c <<= need;
            n -= need;
            dst[i] = (u >>> 1) ^ -(u & 1);
        }
        cache = c;
        bits = n;
        pos = p;
    }

    private int readRiceSlow(int k) throws IOException {
        int q = readUnary();
        int r = k == 0 ? 0 : readUnsigned(k);
        int u = (q << k) | r;
        return (u >>> 1) ^ -(u & 1);
    }

    // ---- errors -------------------------------------------------------------------------------------------------

    /** An error about this stream at {@code offset}, naming the frame being decoded if any. */
    AudioDecodeException error(Kind kind, long offset, String reason) {
        String where = frameSample < 0 ? "" : " (in the frame from sample " + frameSample + ")";
        return new AudioDecodeException(name, offset, kind, reason + where);
    }

    AudioDecodeException truncated() {
        return error(Kind.TRUNCATED, base + limit, "the file ends in the middle of a frame");
    }

    @Override
    public void close() throws IOException {
        buf = new byte[0];
        limit = 0;
        pos = 0;
        cache = 0;
        bits = 0;
        if (source != null) {
            source.close();
        }
    }

    // ---- sources ------------------------------------------------------------------------------------------------

    /** Where the bytes come from. */
    interface Source extends Closeable {
        /**
         * Reads bytes {@code [offset, offset + length)} into {@code dst[at..]}; returns how many were read, fewer than
         * {@code length} only at the end of the stream. A forward-only source is only asked for the next bytes.
         */
        int read(long offset, byte[] dst, int at, int length) throws IOException;

        /** The length in bytes, or -1 when unknown. */
        long size();

        /** Whether earlier offsets can be read again. */
        boolean seekable();
    }

    /** A seekable channel (a file), read at absolute positions. */
    static Source of(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        return new Source() {
            @Override
            public int read(long offset, byte[] dst, int at, int length) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(dst, at, (int) Math.max(0, Math.min(length, size - offset)));
                while (bb.hasRemaining()) {
                    int n;
                    if (channel instanceof FileChannel fc) {
                        n = fc.read(bb, offset + bb.position() - at);
                    } else {
                        channel.position(offset + bb.position() - at);
                        n = channel.read(bb);
                    }
                    if (n < 0) {
                        break;
                    }
                }
                return bb.position() - at;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public boolean seekable() {
                return true;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** A forward-only blocking channel (a pipe, a socket). */
    static Source forwardOnly(ReadableByteChannel channel) {
        return new Source() {
            private long next;

            @Override
            public int read(long offset, byte[] dst, int at, int length) throws IOException {
                if (offset != next) {
                    throw new IllegalStateException(
                            "a forward-only stream was asked for byte " + offset + " while at byte " + next);
                }
                ByteBuffer bb = ByteBuffer.wrap(dst, at, length);
                while (bb.hasRemaining()) {
                    if (channel.read(bb) < 0) {
                        break;
                    }
                }
                int n = bb.position() - at;
                next += n;
                return n;
            }

            @Override
            public long size() {
                return -1;
            }

            @Override
            public boolean seekable() {
                return false;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** A buffer's bytes from its position to its limit (a mapped file, a direct buffer); it is not modified. */
    static Source of(ByteBuffer buffer) {
        ByteBuffer bytes = buffer.slice();
        return new Source() {
            @Override
            public int read(long offset, byte[] dst, int at, int length) {
                int n = (int) Math.max(0, Math.min(length, bytes.limit() - offset));
                bytes.get((int) offset, dst, at, n);
                return n;
            }

            @Override
            public long size() {
                return bytes.limit();
            }

            @Override
            public boolean seekable() {
                return true;
            }

            @Override
            public void close() {}
        };
    }
}
