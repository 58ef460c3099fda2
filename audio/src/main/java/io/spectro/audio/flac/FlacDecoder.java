package io.spectro.audio.flac;

import io.spectro.audio.AudioDecodeException;
import io.spectro.audio.AudioDecodeException.Kind;
import io.spectro.audio.AudioFileType;
import io.spectro.audio.AudioStream;
import io.spectro.audio.AudioStreamInfo;
import io.spectro.audio.DecoderBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A streaming FLAC decoder in pure Java (RFC 9639): every bit depth from 4 to 32, 1 to 8 channels, fixed and variable
 * block sizes, constant, verbatim, fixed and LPC subframes (orders up to 32), Rice and Rice2 partitions with escape
 * codes, wasted bits and the three stereo decorrelations. Its integer samples are libFLAC's bit for bit.
 *
 * <p>It reads the file through a buffer of at most 64 KiB (or straight from a byte array), decodes one frame at a
 * time and keeps only that frame's samples, so memory does not grow with the file. It checks every frame header's
 * CRC-8 and every frame's CRC-16, and on request ({@link Options#verifyMd5}) the STREAMINFO MD5 of all the samples
 * when the stream has been read from start to end.
 *
 * <p>Float samples are {@code x / 2^(bits - 1)}, rounded once to float32 (exact up to 24 bits), which is what the
 * WAV decoder gives for the same PCM: a WAV file and its FLAC encoding decode to the same float bits. {@link
 * #readInts} gives the integers themselves.
 *
 * <p>Seeking ({@link #seekFrame}) bisects the file on frame headers (narrowed by the SEEKTABLE when there is one)
 * and then decodes forward, so the samples after a seek are those of a full decode. In a stream whose length is
 * unknown (a total of 0 in STREAMINFO), a seek past the end lands at the end.
 *
 * <p>Anything malformed throws {@link AudioDecodeException} naming the file, the byte offset and the frame, e.g.
 * {@code "a.flac: at byte 1234: frame CRC-16 mismatch: stored 0x1a2b, computed 0x3c4d (in the frame from sample
 * 12288)"}; a file that ends early is {@link Kind#TRUNCATED}. No allocation is sized from a header field beyond
 * the format's own limits (65536 samples per block, 8 channels).
 */
public final class FlacDecoder implements AudioStream {

    /**
     * Decoding options.
     *
     * @param verifyMd5 when true, the samples are hashed as they are decoded and, once the whole stream has been read
     *     from its start, compared with the STREAMINFO MD5; a mismatch throws {@link AudioDecodeException} of kind
     *     {@link Kind#CHECKSUM}. A stream without an MD5, or one that was repositioned, is reported in {@link
     *     #warnings()} instead.
     */
    public record Options(boolean verifyMd5) {
        /** No MD5 check (frames are still CRC-checked). */
        public static final Options DEFAULT = new Options(false);

        /** Check the STREAMINFO MD5 at the end of the stream. */
        public static final Options VERIFY_MD5 = new Options(true);
    }

    private static final int MAX_BUFFER = 1 << 16;
    private static final int MAX_SEEK_POINTS = 1 << 16;
    private static final long BISECT_STOP_BYTES = 1 << 16;
    private static final int[] RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000
    };
    private static final int[] SAMPLE_SIZES = {0, 8, 12, -1, 16, 20, 24, 32};
    private static final int LEFT_SIDE = 8;
    private static final int SIDE_RIGHT = 9;
    private static final int MID_SIDE = 10;

    private final FlacInput in;
    private final FlacStreamInfo streamInfo;
    private final AudioStreamInfo info;
    private final long firstFrameOffset;
    private final long md5Offset;
    private final long[] seekSamples;
    private final long[] seekOffsets;
    private final int channels;
    private final int bps;
    private final float scale;
    private final int strategy; // blocking strategy of the stream: 0 fixed, 1 variable, -1 no frames
    private final int fixedBlockSize; // samples per frame number in a fixed-blocksize stream
    private final List<String> warnings = new ArrayList<>();

    private int[][] chan;
    private long[] wide; // a 32-bit stream's 33-bit side channel
    private int[] residual; // residuals of the wide channel
    private final int[] coefs = new int[32];

    private long blockStart; // sample number of the block in chan
    private int blockLen;
    private int blockPos;
    private long nextFrameSample;
    private boolean ended;
    private boolean closed;

    private MessageDigest md5;
    private byte[] md5Bytes;

    // the frame header being decoded
    private int hStrategy;
    private int hBlockSize;
    private int hAssignment;
    private int hChannels;
    private int hBps;
    private int hRate;
    private long hNumber;
    private int hLength;
    private Kind hErrorKind;

    private FlacDecoder(FlacInput in, Options options) throws IOException {
        this.in = in;
        skipId3v2();
        if (in.ensure(4) < 4 || !startsWith(in, "fLaC")) {
            byte[] b = in.buffer();
            int n = Math.min(4, in.ensure(4));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < n; i++) {
                hex.append(String.format(" %02x", b[in.pos() + i] & 0xFF));
            }
            throw in.error(
                    Kind.MALFORMED,
                    in.offset(),
                    "not a FLAC stream: expected the marker fLaC, found" + (n == 0 ? " the end of the file" : hex));
        }
        in.skipBuffered(4);
        FlacStreamInfo si = null;
        long md5At = -1;
        List<long[]> points = new ArrayList<>();
        boolean last = false;
        while (!last) {
            long blockOffset = in.offset();
            if (in.ensure(4) < 4) {
                throw in.error(Kind.TRUNCATED, blockOffset, "the file ends in the metadata blocks");
            }
            byte[] b = in.buffer();
            int p = in.pos();
            last = (b[p] & 0x80) != 0;
            int type = b[p] & 0x7F;
            int length = u24(b, p + 1);
            in.skipBuffered(4);
            if (si == null && type != 0) {
                throw in.error(
                        Kind.MALFORMED,
                        blockOffset,
                        "the first metadata block is of type " + type + ", not STREAMINFO (type 0)");
            }
            if (in.size() >= 0 && blockOffset + 4 + length > in.size()) {
                throw in.error(
                        Kind.TRUNCATED,
                        blockOffset,
                        "a metadata block of type " + type + " declares " + length + " bytes but the file ends at byte "
                                + in.size());
            }
            switch (type) {
                case 0 -> {
                    if (si != null) {
                        throw in.error(Kind.MALFORMED, blockOffset, "a second STREAMINFO block");
                    }
                    if (length != 34) {
                        throw in.error(Kind.MALFORMED, blockOffset, "STREAMINFO is " + length + " bytes long, not 34");
                    }
                    if (in.ensure(34) < 34) {
                        throw in.error(Kind.TRUNCATED, blockOffset, "the file ends in STREAMINFO");
                    }
                    si = parseStreamInfo(in.buffer(), in.pos(), blockOffset);
                    md5At = in.offset() + 18;
                    in.skipBuffered(34);
                }
                case 3 -> readSeekTable(length, points);
                case 127 -> throw in.error(Kind.MALFORMED, blockOffset, "metadata block type 127 is invalid");
                default -> in.skip(length);
            }
        }
        this.streamInfo = si;
        this.md5Offset = md5At;
        this.firstFrameOffset = in.offset();
        this.channels = si.channels();
        this.bps = si.bitsPerSample();
        this.scale = Math.scalb(1f, -(bps - 1));
        this.seekSamples = new long[points.size()];
        this.seekOffsets = new long[points.size()];
        for (int i = 0; i < points.size(); i++) {
            seekSamples[i] = points.get(i)[0];
            seekOffsets[i] = points.get(i)[1];
        }
        int capacity = Math.max(16, si.maxBlockSize());
        this.chan = new int[channels][capacity];
        // The first frame fixes the blocking strategy and, for fixed block sizes, what a frame number counts.
        int avail = in.ensure(16);
        if (avail >= 2 && parseHeader(in.buffer(), in.pos(), avail) == null) {
            strategy = hStrategy;
            fixedBlockSize =
                    si.minBlockSize() == si.maxBlockSize() && si.maxBlockSize() > 0 ? si.maxBlockSize() : hBlockSize;
        } else {
            strategy = -1;
            fixedBlockSize = Math.max(1, si.maxBlockSize());
        }
        long total = si.totalSamples();
        this.info = new AudioStreamInfo(
                in.name(),
                AudioFileType.FLAC,
                DecoderBackend.FLAC_JAVA,
                "FLAC " + bps + "-bit",
                si.sampleRateHz(),
                channels,
                bps,
                total > 0 ? total : -1,
                in.seekable());
        if (options.verifyMd5()) {
            if (si.hasMd5()) {
                try {
                    md5 = MessageDigest.getInstance("MD5");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("MD5 is a required algorithm of every Java platform", e);
                }
            } else {
                warnings.add("STREAMINFO has no MD5 (the encoder left it unset): the samples were not checked");
            }
        }
    }

    // ---- opening ------------------------------------------------------------------------------------------------

    /** Opens a FLAC file without the MD5 check; see {@link #open(Path, Options)}. */
    public static FlacDecoder open(Path file) throws IOException {
        return open(file, Options.DEFAULT);
    }

    /**
     * Opens a FLAC file and reads its metadata.
     *
     * @throws AudioDecodeException if it is not FLAC, or its metadata is malformed or truncated
     * @throws IOException if the file cannot be opened or read
     */
    public static FlacDecoder open(Path file, Options options) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return open(channel, file.toString(), options);
    }

    /**
     * Reads a FLAC stream from a seekable channel (positioned reads from offset 0 to {@code size()}). The decoder owns
     * the channel and closes it.
     *
     * @param sourceName the name used in messages and {@link AudioStreamInfo#sourceName()}
     */
    public static FlacDecoder open(SeekableByteChannel channel, String sourceName, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        try {
            FlacInput.Source source = FlacInput.of(channel);
            int buffer = (int) Math.min(MAX_BUFFER, Math.max(64, source.size()));
            return new FlacDecoder(new FlacInput(sourceName, source, buffer), options);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /**
     * Reads a FLAC stream from a forward-only blocking channel (a pipe); it cannot seek. The decoder owns the channel
     * and closes it.
     */
    public static FlacDecoder openStream(ReadableByteChannel channel, String sourceName, Options options)
            throws IOException {
        Objects.requireNonNull(options, "options");
        try {
            return new FlacDecoder(new FlacInput(sourceName, FlacInput.forwardOnly(channel), MAX_BUFFER), options);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /**
     * Reads a FLAC stream held in memory: {@code bytes} from its position to its limit (not modified). A heap
     * buffer is decoded in place, without a copy; a direct or mapped one through a buffer of at most 64 KiB.
     */
    public static FlacDecoder open(ByteBuffer bytes, String sourceName, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (bytes.hasArray()) {
            int from = bytes.arrayOffset() + bytes.position();
            return new FlacDecoder(new FlacInput(sourceName, bytes.array(), from, from + bytes.remaining()), options);
        }
        FlacInput.Source source = FlacInput.of(bytes);
        int buffer = (int) Math.min(MAX_BUFFER, Math.max(64, source.size()));
        return new FlacDecoder(new FlacInput(sourceName, source, buffer), options);
    }

    private static void closeQuietly(AutoCloseable c, Throwable failure) {
        try {
            c.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    // ---- metadata -----------------------------------------------------------------------------------------------

    private void skipId3v2() throws IOException {
        while (in.ensure(10) >= 10 && startsWith(in, "ID3")) {
            byte[] b = in.buffer();
            int p = in.pos();
            int size = 0;
            for (int i = 6; i < 10; i++) {
                if ((b[p + i] & 0x80) != 0) {
                    throw in.error(Kind.MALFORMED, in.offset() + i, "the ID3v2 tag's size is not a synchsafe integer");
                }
                size = size << 7 | b[p + i];
            }
            long tagLength = 10L + size + ((b[p + 5] & 0x10) != 0 ? 10 : 0);
            if (in.size() >= 0 && in.offset() + tagLength > in.size()) {
                throw in.error(
                        Kind.TRUNCATED,
                        in.offset(),
                        "the ID3v2 tag declares " + tagLength + " bytes but the file ends at byte " + in.size());
            }
            in.skip(tagLength);
        }
    }

    private static boolean startsWith(FlacInput in, String ascii) {
        byte[] b = in.buffer();
        for (int i = 0; i < ascii.length(); i++) {
            if (b[in.pos() + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private FlacStreamInfo parseStreamInfo(byte[] b, int p, long blockOffset) throws AudioDecodeException {
        int minBlock = u16(b, p);
        int maxBlock = u16(b, p + 2);
        int minFrame = u24(b, p + 4);
        int maxFrame = u24(b, p + 7);
        long packed = 0;
        for (int i = 10; i < 18; i++) {
            packed = packed << 8 | (b[p + i] & 0xFF);
        }
        int rate = (int) (packed >>> 44);
        int channelCount = (int) (packed >>> 41 & 7) + 1;
        int bits = (int) (packed >>> 36 & 31) + 1;
        long total = packed & 0xFFFFFFFFFL;
        byte[] digest = Arrays.copyOfRange(b, p + 18, p + 34);
        boolean hasMd5 = false;
        for (byte x : digest) {
            hasMd5 |= x != 0;
        }
        if (rate == 0) {
            throw in.error(Kind.MALFORMED, blockOffset + 14, "STREAMINFO gives a sample rate of 0 Hz");
        }
        if (bits < 4) {
            throw in.error(
                    Kind.MALFORMED,
                    blockOffset + 16,
                    "STREAMINFO gives " + bits + " bits per sample (FLAC allows 4 to 32)");
        }
        return new FlacStreamInfo(
                minBlock,
                maxBlock,
                minFrame,
                maxFrame,
                rate,
                channelCount,
                bits,
                total,
                hasMd5 ? HexFormat.of().formatHex(digest) : "");
    }

    private void readSeekTable(int length, List<long[]> points) throws IOException {
        int count = length / 18;
        int stride = Math.max(1, (count + MAX_SEEK_POINTS - 1) / MAX_SEEK_POINTS);
        for (int i = 0; i < count; i++) {
            if (in.ensure(18) < 18) {
                throw in.error(Kind.TRUNCATED, in.offset(), "the file ends in the SEEKTABLE");
            }
            byte[] b = in.buffer();
            int p = in.pos();
            long sample = u64(b, p);
            long offset = u64(b, p + 8);
            in.skipBuffered(18);
            if (sample != -1 && offset >= 0 && i % stride == 0) {
                points.add(new long[] {sample, offset});
            }
        }
        in.skip(length - 18L * count);
    }

    /** The STREAMINFO block. */
    public FlacStreamInfo streamInfo() {
        return streamInfo;
    }

    @Override
    public AudioStreamInfo info() {
        return info;
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public long framePosition() {
        return blockStart + blockPos;
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    @Override
    public int read(float[] dst, int offset, int maxFrames) throws IOException {
        ensureOpen();
        checkRoom(dst.length, offset, maxFrames);
        final float s = scale;
        int done = 0;
        while (done < maxFrames) {
            if (blockPos == blockLen && !nextBlock()) {
                break;
            }
            int n = Math.min(blockLen - blockPos, maxFrames - done);
            int out = offset + done * channels;
            if (channels == 1) {
                int[] x = chan[0];
                for (int f = 0, i = blockPos; f < n; f++, i++) {
                    dst[out + f] = (float) x[i] * s;
                }
            } else {
                for (int c = 0; c < channels; c++) {
                    int[] x = chan[c];
                    for (int f = 0, i = blockPos, o = out + c; f < n; f++, i++, o += channels) {
                        dst[o] = (float) x[i] * s;
                    }
                }
            }
            blockPos += n;
            done += n;
        }
        return done;
    }

    /**
     * Decodes up to {@code maxFrames} frames as the stream's integers ({@code bitsPerSample}-bit values, not scaled),
     * every channel, interleaved frame by frame.
     *
     * @param dst receives {@code frames * channels} values from {@code offset} on
     * @return the frames decoded: fewer than {@code maxFrames} only at the end of the stream, 0 once it is reached
     */
    public int readInts(int[] dst, int offset, int maxFrames) throws IOException {
        ensureOpen();
        checkRoom(dst.length, offset, maxFrames);
        int done = 0;
        while (done < maxFrames) {
            if (blockPos == blockLen && !nextBlock()) {
                break;
            }
            int n = Math.min(blockLen - blockPos, maxFrames - done);
            int out = offset + done * channels;
            for (int c = 0; c < channels; c++) {
                int[] x = chan[c];
                for (int f = 0, i = blockPos, o = out + c; f < n; f++, i++, o += channels) {
                    dst[o] = x[i];
                }
            }
            blockPos += n;
            done += n;
        }
        return done;
    }

    private void checkRoom(int length, int offset, int maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
        }
        if (offset < 0 || offset > length || (long) maxFrames * channels > length - offset) {
            throw new IndexOutOfBoundsException("destination of length " + length + " has no room for " + maxFrames
                    + " frames x " + channels + " channels at offset " + offset);
        }
    }

    private boolean nextBlock() throws IOException {
        if (ended) {
            return false;
        }
        blockStart += blockLen;
        blockLen = 0;
        blockPos = 0;
        if (!decodeFrame()) {
            ended = true;
            blockStart = nextFrameSample;
            finishMd5();
            return false;
        }
        return true;
    }

    private void finishMd5() throws AudioDecodeException {
        if (md5 == null) {
            return;
        }
        String computed = HexFormat.of().formatHex(md5.digest());
        md5 = null;
        if (!computed.equals(streamInfo.md5())) {
            throw new AudioDecodeException(
                    in.name(),
                    md5Offset,
                    Kind.CHECKSUM,
                    "the MD5 of the decoded samples is " + computed + " but STREAMINFO says " + streamInfo.md5()
                            + ": the audio data is corrupt");
        }
    }

    private void stopMd5(String why) {
        if (md5 != null) {
            md5 = null;
            warnings.add("the STREAMINFO MD5 was not checked: " + why);
        }
    }

    // ---- seeking ------------------------------------------------------------------------------------------------

    @Override
    public void seekFrame(long frame) throws IOException {
        ensureOpen();
        if (!info.seekable()) {
            throw new IllegalStateException(in.name() + ": cannot seek in a forward-only stream");
        }
        long total = info.frameCount();
        if (frame < 0 || (total >= 0 && frame > total)) {
            throw new IllegalArgumentException("frame " + frame + " is outside 0.."
                    + (total >= 0 ? String.valueOf(total) : "(end)") + " of " + in.name());
        }
        if (frame == framePosition()) {
            return;
        }
        stopMd5("the stream was repositioned");
        if (frame >= blockStart && frame < blockStart + blockLen) {
            blockPos = (int) (frame - blockStart);
            return;
        }
        long ahead = frame - (blockStart + blockLen);
        boolean nearAhead = !ended && ahead >= 0 && ahead < 8L * fixedBlockSize;
        if (!nearAhead) {
            locate(frame);
        } else {
            nextFrameSample = blockStart + blockLen;
        }
        ended = false;
        while (true) {
            blockStart = nextFrameSample;
            blockLen = 0;
            blockPos = 0;
            if (!decodeFrame()) {
                ended = true;
                blockStart = nextFrameSample;
                return;
            }
            if (frame < blockStart + blockLen) {
                blockPos = (int) (frame - blockStart);
                return;
            }
        }
    }

    /**
     * Positions the input at the start of a frame whose first sample is at most {@code target}, as close to it as a
     * bisection over frame headers finds cheaply, and sets {@link #nextFrameSample} to that frame's first sample.
     */
    private void locate(long target) throws IOException {
        long lo = firstFrameOffset;
        long loSample = 0;
        long hi = in.size();
        int best = -1;
        for (int i = 0; i < seekSamples.length; i++) {
            long at = firstFrameOffset + seekOffsets[i];
            if (at < firstFrameOffset || at >= hi) {
                continue;
            }
            if (seekSamples[i] <= target && (best < 0 || seekSamples[i] > seekSamples[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            long at = firstFrameOffset + seekOffsets[best];
            if (findFrame(at, at + 1) == at && foundSample == seekSamples[best]) {
                lo = at;
                loSample = foundSample;
            }
        }
        while (hi - lo > BISECT_STOP_BYTES) {
            long mid = lo + (hi - lo) / 2;
            long found = findFrame(mid, hi);
            if (found < 0 || foundSample > target) {
                hi = mid;
            } else {
                lo = found;
                loSample = foundSample;
                if (target < foundSample + blockLen) {
                    break;
                }
            }
        }
        in.seekTo(lo);
        nextFrameSample = loSample;
    }

    private long foundSample;

    /**
     * The offset of the first frame that starts in {@code [from, to)} and decodes with good checksums, or -1; sets
     * {@link #foundSample} to its first sample and leaves its samples in the block buffers.
     */
    private long findFrame(long from, long to) throws IOException {
        in.seekTo(from);
        while (true) {
            long at = in.offset();
            if (at >= to) {
                return -1;
            }
            int avail = in.ensure(16);
            if (avail < 2) {
                return -1;
            }
            byte[] b = in.buffer();
            int p = in.pos();
            int end = p + avail - 1;
            int q = p;
            while (q < end && !(b[q] == (byte) 0xFF && (b[q + 1] & 0xFE) == 0xF8)) {
                q++;
            }
            if (q == end) {
                in.skipBuffered(end - p);
                continue;
            }
            in.skipBuffered(q - p);
            long candidate = in.offset();
            if (candidate >= to) {
                return -1;
            }
            avail = in.ensure(16);
            if (parseHeader(in.buffer(), in.pos(), avail) == null && consistentHeader()) {
                long sample = hStrategy == 1 ? hNumber : hNumber * fixedBlockSize;
                nextFrameSample = sample;
                blockStart = sample;
                try {
                    if (decodeFrame()) {
                        foundSample = sample;
                        return candidate;
                    }
                } catch (AudioDecodeException falseSync) {
                    // a sync code inside audio data that happened to pass the header checks: search on
                }
                in.seekTo(candidate + 1);
            } else {
                in.skipBuffered(1);
            }
        }
    }

    // ---- frames -------------------------------------------------------------------------------------------------

    /**
     * Decodes the frame at the input's position into the block buffers and sets {@link #blockLen}; returns false at
     * the end of the stream.
     */
    private boolean decodeFrame() throws IOException {
        in.alignToByte();
        in.dropCache();
        long frameOffset = in.offset();
        long total = streamInfo.totalSamples();
        int avail = in.ensure(16);
        if (total > 0 && nextFrameSample >= total) {
            if (avail > 0 && !isId3v1(avail)) {
                warnOnce("ignored " + (in.size() >= 0 ? (in.size() - frameOffset) + " " : "") + "bytes after the last"
                        + " frame (from byte " + frameOffset + ")");
            }
            return false;
        }
        if (avail == 0) {
            if (total > 0) {
                throw in.error(
                        Kind.TRUNCATED,
                        frameOffset,
                        "the file ends after sample " + nextFrameSample + " of the " + total
                                + " that STREAMINFO declares");
            }
            return false;
        }
        if (total == 0 && isId3v1(avail)) {
            return false;
        }
        in.frameSample = nextFrameSample;
        String why = parseHeader(in.buffer(), in.pos(), avail);
        if (why != null) {
            throw in.error(hErrorKind, frameOffset, why);
        }
        checkHeader(frameOffset);
        int bs = hBlockSize;
        if (bs > chan[0].length) {
            for (int c = 0; c < channels; c++) {
                chan[c] = new int[bs];
            }
        }
        in.startCrc();
        in.skipBuffered(hLength);
        int assignment = hAssignment;
        int sideChannel = assignment == LEFT_SIDE || assignment == MID_SIDE ? 1 : assignment == SIDE_RIGHT ? 0 : -1;
        boolean wideSide = false;
        for (int c = 0; c < channels; c++) {
            int sbps = bps + (c == sideChannel ? 1 : 0);
            if (sbps > 32) {
                decodeWideSubframe(bs);
                wideSide = true;
            } else {
                decodeSubframe(chan[c], bs, sbps);
            }
        }
        in.alignToByte();
        in.dropCache();
        long crcOffset = in.offset();
        int computed = in.finishCrc();
        if (in.ensure(2) < 2) {
            throw in.truncated();
        }
        int stored = u16(in.buffer(), in.pos());
        in.skipBuffered(2);
        if (stored != computed) {
            throw in.error(
                    Kind.CHECKSUM,
                    crcOffset,
                    String.format("frame CRC-16 mismatch: stored 0x%04x, computed 0x%04x", stored, computed));
        }
        if (sideChannel >= 0) {
            decorrelate(assignment, bs, wideSide);
        }
        if (md5 != null) {
            hashBlock(bs);
        }
        in.frameSample = -1;
        blockStart = nextFrameSample;
        blockLen = bs;
        blockPos = 0;
        nextFrameSample += bs;
        return true;
    }

    private boolean isId3v1(int avail) {
        // An ID3v1 tag ("TAG" + 125 bytes) that some tools append to any audio file.
        return avail >= 3 && startsWith(in, "TAG") && (in.size() < 0 || in.size() - in.offset() == 128);
    }

    private void warnOnce(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    /**
     * Parses a frame header at {@code b[p..p+avail)} into the {@code h*} fields; returns null when it is valid, else
     * why not (and sets {@link #hErrorKind}).
     */
    private String parseHeader(byte[] b, int p, int avail) {
        hErrorKind = Kind.MALFORMED;
        if (avail < 2 || (b[p] & 0xFF) != 0xFF || (b[p + 1] & 0xFE) != 0xF8) {
            if (avail < 2) {
                hErrorKind = Kind.TRUNCATED;
                return "the file ends in a frame header";
            }
            return String.format(
                    "expected a frame header (sync code 0xfff8 or 0xfff9), found 0x%02x%02x",
                    b[p] & 0xFF, b[p + 1] & 0xFF);
        }
        if (avail < 5) {
            hErrorKind = Kind.TRUNCATED;
            return "the file ends in a frame header";
        }
        hStrategy = b[p + 1] & 1;
        int b2 = b[p + 2] & 0xFF;
        int b3 = b[p + 3] & 0xFF;
        int sizeCode = b2 >>> 4;
        int rateCode = b2 & 15;
        hAssignment = b3 >>> 4;
        int sizeBitsCode = (b3 >>> 1) & 7;
        if (sizeCode == 0) {
            return "reserved block size code 0 in a frame header";
        }
        if (rateCode == 15) {
            return "invalid sample rate code 15 in a frame header";
        }
        if (hAssignment > MID_SIDE) {
            return "reserved channel assignment " + hAssignment + " in a frame header";
        }
        if (sizeBitsCode == 3) {
            return "reserved sample size code 3 in a frame header";
        }
        if ((b3 & 1) != 0) {
            return "the reserved bit of a frame header is set";
        }
        int q = p + 4;
        int first = b[q++] & 0xFF;
        int extra;
        long number;
        if (first < 0x80) {
            extra = 0;
            number = first;
        } else if (first >= 0xC0 && first < 0xFE) {
            extra = Integer.numberOfLeadingZeros(~first << 24) - 1;
            number = first & (0x3F >>> extra);
        } else if (first == 0xFE) {
            extra = 6;
            number = 0;
        } else {
            return String.format("bad first byte 0x%02x of the frame/sample number in a frame header", first);
        }
        if (hStrategy == 0 && extra > 5) {
            return "a frame number longer than 31 bits in a frame header";
        }
        int needed = 4
                + 1
                + extra
                + (sizeCode == 6 ? 1 : sizeCode == 7 ? 2 : 0)
                + (rateCode == 12 ? 1 : rateCode > 12 ? 2 : 0)
                + 1;
        if (avail < needed) {
            hErrorKind = Kind.TRUNCATED;
            return "the file ends in a frame header";
        }
        for (int i = 0; i < extra; i++) {
            int c = b[q++] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return String.format("bad continuation byte 0x%02x of the frame/sample number in a frame header", c);
            }
            number = number << 6 | (c & 0x3F);
        }
        hNumber = number;
        if (sizeCode == 1) {
            hBlockSize = 192;
        } else if (sizeCode <= 5) {
            hBlockSize = 576 << (sizeCode - 2);
        } else if (sizeCode == 6) {
            hBlockSize = (b[q++] & 0xFF) + 1;
        } else if (sizeCode == 7) {
            hBlockSize = u16(b, q) + 1;
            q += 2;
        } else {
            hBlockSize = 256 << (sizeCode - 8);
        }
        if (rateCode == 0) {
            hRate = streamInfo.sampleRateHz();
        } else if (rateCode < 12) {
            hRate = RATES[rateCode];
        } else if (rateCode == 12) {
            hRate = (b[q++] & 0xFF) * 1000;
        } else if (rateCode == 13) {
            hRate = u16(b, q);
            q += 2;
        } else {
            hRate = u16(b, q) * 10;
            q += 2;
        }
        hBps = sizeBitsCode == 0 ? streamInfo.bitsPerSample() : SAMPLE_SIZES[sizeBitsCode];
        hChannels = hAssignment < 8 ? hAssignment + 1 : 2;
        int crc = FlacCrc.crc8(b, p, q);
        if (crc != (b[q] & 0xFF)) {
            hErrorKind = Kind.CHECKSUM;
            return String.format("frame header CRC-8 mismatch: stored 0x%02x, computed 0x%02x", b[q] & 0xFF, crc);
        }
        hLength = q + 1 - p;
        return null;
    }

    private boolean consistentHeader() {
        return hStrategy == strategy && hChannels == channels && hBps == bps && hRate == streamInfo.sampleRateHz();
    }

    private void checkHeader(long frameOffset) throws AudioDecodeException {
        if (hStrategy != strategy) {
            throw in.error(
                    Kind.MALFORMED,
                    frameOffset,
                    "the blocking strategy changes from " + (strategy == 0 ? "fixed" : "variable") + " to "
                            + (hStrategy == 0 ? "fixed" : "variable"));
        }
        if (hChannels != channels) {
            throw in.error(
                    Kind.MALFORMED,
                    frameOffset,
                    "the frame has " + hChannels + " channels but STREAMINFO says " + channels);
        }
        if (hBps != bps) {
            throw in.error(
                    Kind.MALFORMED, frameOffset, "the frame has " + hBps + "-bit samples but STREAMINFO says " + bps);
        }
        if (hRate != streamInfo.sampleRateHz()) {
            throw in.error(
                    Kind.MALFORMED,
                    frameOffset,
                    "the frame's sample rate is " + hRate + " Hz but STREAMINFO says " + streamInfo.sampleRateHz());
        }
    }

    /** Reads a subframe header; returns its type in the low 6 bits and its wasted bits above. */
    private int subframeHeader(int sbps) throws IOException {
        long at = in.offset();
        int header = in.readUnsigned(8);
        if ((header & 0x80) != 0) {
            throw in.error(Kind.MALFORMED, at, "the padding bit of a subframe header is set");
        }
        int type = header >>> 1;
        int wasted = 0;
        if ((header & 1) != 0) {
            wasted = in.readUnary() + 1;
            if (wasted >= sbps) {
                throw in.error(
                        Kind.MALFORMED,
                        at,
                        "a subframe has " + wasted + " wasted bits of its " + sbps + "-bit samples");
            }
        }
        boolean valid = type <= 1 || (type >= 8 && type <= 12) || type >= 32;
        if (!valid) {
            throw in.error(Kind.MALFORMED, at, "reserved subframe type " + type);
        }
        return wasted << 6 | type;
    }

    private int predictorOrder(int type, int bs, long at) throws AudioDecodeException {
        int order = type >= 32 ? type - 31 : type - 8;
        if (order > bs) {
            throw in.error(Kind.MALFORMED, at, "a predictor of order " + order + " in a block of " + bs + " samples");
        }
        return order;
    }

    /** Reads an LPC subframe's precision, shift and coefficients into {@link #coefs}; returns precision << 8 | shift. */
    private int readCoefficients(int order) throws IOException {
        long at = in.offset();
        int precision = in.readUnsigned(4) + 1;
        if (precision == 16) {
            throw in.error(Kind.MALFORMED, at, "invalid LPC coefficient precision code 15");
        }
        int shift = in.readSigned(5);
        if (shift < 0) {
            throw in.error(Kind.MALFORMED, at, "negative LPC shift " + shift);
        }
        for (int j = 0; j < order; j++) {
            coefs[j] = in.readSigned(precision);
        }
        return precision << 8 | shift;
    }

    private void decodeSubframe(int[] out, int bs, int sbps) throws IOException {
        long at = in.offset();
        int header = subframeHeader(sbps);
        int type = header & 63;
        int wasted = header >>> 6;
        int bits = sbps - wasted;
        if (type == 0) {
            Arrays.fill(out, 0, bs, in.readSigned(bits));
        } else if (type == 1) {
            for (int i = 0; i < bs; i++) {
                out[i] = in.readSigned(bits);
            }
        } else {
            int order = predictorOrder(type, bs, at);
            for (int i = 0; i < order; i++) {
                out[i] = in.readSigned(bits);
            }
            if (type < 32) {
                readResidual(out, bs, order);
                FlacPrediction.fixed(out, bs, order);
            } else {
                int ps = readCoefficients(order);
                int precision = ps >>> 8;
                readResidual(out, bs, order);
                FlacPrediction.lpc(out, bs, coefs, order, ps & 0xFF, FlacPrediction.lpcFitsInt(bits, precision, order));
            }
        }
        if (wasted > 0) {
            for (int i = 0; i < bs; i++) {
                out[i] <<= wasted;
            }
        }
    }

    /** A 33-bit side channel (of a 32-bit stereo stream) into {@link #wide}. */
    private void decodeWideSubframe(int bs) throws IOException {
        if (wide == null || wide.length < bs) {
            wide = new long[Math.max(bs, chan[0].length)];
            residual = new int[wide.length];
        }
        long[] out = wide;
        long at = in.offset();
        int header = subframeHeader(33);
        int type = header & 63;
        int wasted = header >>> 6;
        int bits = 33 - wasted;
        if (type == 0) {
            Arrays.fill(out, 0, bs, in.readSignedLong(bits));
        } else if (type == 1) {
            for (int i = 0; i < bs; i++) {
                out[i] = in.readSignedLong(bits);
            }
        } else {
            int order = predictorOrder(type, bs, at);
            for (int i = 0; i < order; i++) {
                out[i] = in.readSignedLong(bits);
            }
            if (type < 32) {
                readResidual(residual, bs, order);
                FlacPrediction.fixedWide(out, residual, bs, order);
            } else {
                int ps = readCoefficients(order);
                readResidual(residual, bs, order);
                FlacPrediction.lpcWide(out, residual, bs, coefs, order, ps & 0xFF);
            }
        }
        if (wasted > 0) {
            for (int i = 0; i < bs; i++) {
                out[i] <<= wasted;
            }
        }
    }

    /** Partitioned Rice residuals (RFC 9639 section 9.2.7) into {@code out[order..bs)}. */
    private void readResidual(int[] out, int bs, int order) throws IOException {
        long at = in.offset();
        int method = in.readUnsigned(2);
        if (method > 1) {
            throw in.error(Kind.MALFORMED, at, "reserved residual coding method " + method);
        }
        int paramBits = method == 0 ? 4 : 5;
        int escape = method == 0 ? 15 : 31;
        int partitionOrder = in.readUnsigned(4);
        int partitions = 1 << partitionOrder;
        int partitionSize = bs >> partitionOrder;
        if ((bs & (partitions - 1)) != 0 || partitionSize < order) {
            throw in.error(
                    Kind.MALFORMED,
                    at,
                    "partition order " + partitionOrder + " does not fit a block of " + bs
                            + " samples with a predictor of order " + order);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int end = (p + 1) * partitionSize;
            int k = in.readUnsigned(paramBits);
            if (k == escape) {
                int n = in.readUnsigned(5);
                if (n == 0) {
                    Arrays.fill(out, i, end, 0);
                } else {
                    for (int j = i; j < end; j++) {
                        out[j] = in.readSigned(n);
                    }
                }
            } else {
                in.readRice(out, i, end, k);
            }
            i = end;
        }
    }

    /** Undoes left/side, side/right or mid/side stereo (RFC 9639 section 4.2). */
    private void decorrelate(int assignment, int bs, boolean wideSide) {
        int[] a = chan[0];
        int[] b = chan[1];
        long[] w = wide;
        switch (assignment) {
            case LEFT_SIDE -> {
                // right = left - side; the int result wraps to the exact value, which fits
                if (wideSide) {
                    for (int i = 0; i < bs; i++) {
                        b[i] = (int) (a[i] - w[i]);
                    }
                } else {
                    for (int i = 0; i < bs; i++) {
                        b[i] = a[i] - b[i];
                    }
                }
            }
            case SIDE_RIGHT -> {
                if (wideSide) {
                    for (int i = 0; i < bs; i++) {
                        a[i] = (int) (w[i] + b[i]);
                    }
                } else {
                    for (int i = 0; i < bs; i++) {
                        a[i] += b[i];
                    }
                }
            }
            case MID_SIDE -> {
                for (int i = 0; i < bs; i++) {
                    long side = wideSide ? w[i] : b[i];
                    long mid = ((long) a[i] << 1) | (side & 1);
                    a[i] = (int) ((mid + side) >> 1);
                    b[i] = (int) ((mid - side) >> 1);
                }
            }
            default -> throw new IllegalStateException("not a stereo assignment: " + assignment);
        }
    }

    /** Adds a block to the MD5: interleaved, little-endian, (bits + 7) / 8 bytes per sample (libFLAC's layout). */
    private void hashBlock(int bs) {
        int width = (bps + 7) >>> 3;
        int need = bs * channels * width;
        if (md5Bytes == null || md5Bytes.length < need) {
            md5Bytes = new byte[need];
        }
        byte[] out = md5Bytes;
        int o = 0;
        for (int i = 0; i < bs; i++) {
            for (int c = 0; c < channels; c++) {
                int v = chan[c][i];
                for (int k = 0; k < width; k++) {
                    out[o++] = (byte) (v >>> (8 * k));
                }
            }
        }
        md5.update(out, 0, need);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(in.name() + ": the FLAC decoder is closed");
        }
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static int u24(byte[] b, int p) {
        return (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF);
    }

    private static long u64(byte[] b, int p) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[p + i] & 0xFF);
        }
        return v;
    }

    /** Closes the file; later calls other than {@code close()}, {@link #info()} and {@link #streamInfo()} throw. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
