package io.spectro.device;

/** A device memory allocation with one owner. {@link #close()} frees it; using it afterwards is an error. */
public interface DeviceBuffer extends AutoCloseable {
    /** Size in bytes. */
    long byteSize();

    /** Frees the memory. Idempotent. */
    @Override
    void close();
}
