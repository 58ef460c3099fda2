package io.spectro.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Positioned reads from a file channel, or from a forward-only stream (a pipe) that can re-read only the bytes still
 * in its buffer.
 */
abstract sealed class ByteSource implements Closeable {

    /** The total size in bytes, or -1 when unknown (a stream). */
    abstract long size();

    /** Whether any earlier offset can be read again. */
    abstract boolean seekable();

    /**
     * The offset past which there is known to be nothing: the size, or for a stream the offset at which it ended
     * (once a read has reached its end; {@link Long#MAX_VALUE} before).
     */
    abstract long knownEnd();

    /**
     * Fills {@code dst} from {@code offset} on; returns the bytes read, fewer than requested only at the end.
     *
     * @throws IllegalStateException when a forward-only stream is asked for bytes it has already dropped
     */
    abstract int readAt(long offset, byte[] dst, int dstOffset, int length) throws IOException;

    static ByteSource of(SeekableByteChannel channel) throws IOException {
        return new Seekable(channel);
    }

    static ByteSource forwardOnly(ReadableByteChannel channel) {
        return new Forward(channel);
    }

    static final class Seekable extends ByteSource {
        private final SeekableByteChannel channel;
        private final long size;

        Seekable(SeekableByteChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size();
        }

        @Override
        long size() {
            return size;
        }

        @Override
        boolean seekable() {
            return true;
        }

        @Override
        long knownEnd() {
            return size;
        }

        @Override
        int readAt(long offset, byte[] dst, int dstOffset, int length) throws IOException {
            if (offset >= size || length == 0) {
                return 0;
            }
            channel.position(offset);
            ByteBuffer bb = ByteBuffer.wrap(dst, dstOffset, (int) Math.min(length, size - offset));
            int total = 0;
            while (bb.hasRemaining()) {
                int n = channel.read(bb);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * A stream read through a window: each read keeps the bytes from its start offset on, so a read may re-read
     * anything at or after the start of the previous read (enough to peek at a chunk header and then decode it).
     */
    static final class Forward extends ByteSource {
        private static final int WINDOW = 1 << 16;
        private final ReadableByteChannel channel;
        private byte[] buf = new byte[WINDOW];
        private long bufStart; // stream offset of buf[0]
        private int bufLen;
        private boolean eof;

        Forward(ReadableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        boolean seekable() {
            return false;
        }

        @Override
        long knownEnd() {
            return eof ? bufStart + bufLen : Long.MAX_VALUE;
        }

        @Override
        int readAt(long offset, byte[] dst, int dstOffset, int length) throws IOException {
            if (offset < bufStart) {
                throw new IllegalStateException("stream offset " + offset + " was already passed");
            }
            if (offset >= bufStart + bufLen) {
                long skip = offset - (bufStart + bufLen);
                bufStart += bufLen;
                bufLen = 0;
                while (skip > 0 && !eof) {
                    int n = readSome(0, (int) Math.min(buf.length, skip));
                    bufStart += n;
                    skip -= n;
                }
                if (skip > 0) {
                    return 0;
                }
            } else {
                int keep = (int) (offset - bufStart);
                System.arraycopy(buf, keep, buf, 0, bufLen - keep);
                bufStart = offset;
                bufLen -= keep;
            }
            if (length > buf.length) {
                buf = java.util.Arrays.copyOf(buf, length);
            }
            while (bufLen < length && !eof) {
                bufLen += readSome(bufLen, buf.length - bufLen);
            }
            int n = Math.min(length, bufLen);
            System.arraycopy(buf, 0, dst, dstOffset, n);
            return n;
        }

        /** Reads at least one byte into buf[at..at+max) unless at the end of the stream; returns the count. */
        private int readSome(int at, int max) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(buf, at, max);
            while (true) {
                int n = channel.read(bb);
                if (n < 0) {
                    eof = true;
                    return bb.position() - at;
                }
                if (bb.position() > at || max == 0) {
                    return bb.position() - at;
                }
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() throws IOException {
            buf = new byte[0];
            bufLen = 0;
            channel.close();
        }
    }
}
