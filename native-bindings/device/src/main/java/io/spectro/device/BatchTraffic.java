package io.spectro.device;

/**
 * What one batch asked of a device, as the orchestration counted it: kernel launches and the global-memory bytes the
 * launches declared (see {@link CommandList}), the bytes copied in and out, and the pieces the batch was split into
 * for overlapping transfers with kernels.
 *
 * @param launches kernel launches (a vendor FFT counts as one)
 * @param readBytes global-memory bytes read by the kernels
 * @param writtenBytes global-memory bytes written by the kernels
 * @param uploadBytes host-to-device bytes
 * @param downloadBytes device-to-host bytes
 * @param pieces pieces of the batch (each uploaded, computed and downloaded in turn)
 */
public record BatchTraffic(
        long launches, long readBytes, long writtenBytes, long uploadBytes, long downloadBytes, int pieces) {
    /** No work. */
    public static final BatchTraffic NONE = new BatchTraffic(0, 0, 0, 0, 0, 0);

    /** Global-memory bytes of the kernels, read plus written. */
    public long deviceBytes() {
        return readBytes + writtenBytes;
    }

    /** This batch's counts plus one piece's launch list and copies. */
    BatchTraffic plus(CommandList commands, long uploaded, long downloaded) {
        return new BatchTraffic(
                launches + commands.launches(),
                readBytes + commands.readBytes(),
                writtenBytes + commands.writtenBytes(),
                uploadBytes + uploaded,
                downloadBytes + downloaded,
                pieces + 1);
    }
}
