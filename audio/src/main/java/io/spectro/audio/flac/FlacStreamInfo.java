package io.spectro.audio.flac;

/**
 * A FLAC stream's STREAMINFO block (RFC 9639 section 8.2), as stored.
 *
 * @param minBlockSize the smallest block size in samples (the last block excepted)
 * @param maxBlockSize the largest block size in samples, 16..65535 in a valid stream
 * @param minFrameSize the smallest frame in bytes, 0 when unknown
 * @param maxFrameSize the largest frame in bytes, 0 when unknown
 * @param sampleRateHz frames per second, {@code > 0}
 * @param channels 1..8
 * @param bitsPerSample 4..32
 * @param totalSamples samples per channel (interchannel samples), 0 when unknown
 * @param md5 the MD5 of the unencoded samples as 32 lowercase hex digits, or {@code ""} when the encoder left it
 *     unset (all zero)
 */
public record FlacStreamInfo(
        int minBlockSize,
        int maxBlockSize,
        int minFrameSize,
        int maxFrameSize,
        int sampleRateHz,
        int channels,
        int bitsPerSample,
        long totalSamples,
        String md5) {

    /** Whether the stream carries an MD5 of its samples. */
    public boolean hasMd5() {
        return !md5.isEmpty();
    }
}
