package io.spectro.device;

/**
 * A vendor batched real-to-complex FFT (cuFFT) bound to the device's queue/stream: {@code count} frames of {@code
 * nFft} float32 samples, contiguous, into {@code count} x {@code nFft/2+1} interleaved complex float32 values.
 */
public interface VendorFft extends AutoCloseable {
    /** Library name and version, e.g. {@code cuFFT 11.2 (libcufft.so.11)}. */
    String description();

    /** Transforms {@code count} frames; plans are created on first use per (nFft, count) and cached until close. */
    void realForward(DeviceBuffer frames, DeviceBuffer spectrum, int nFft, int count);

    /** Destroys every plan. Idempotent. */
    @Override
    void close();
}
