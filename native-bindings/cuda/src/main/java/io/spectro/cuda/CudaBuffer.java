package io.spectro.cuda;

import io.spectro.device.DeviceBuffer;

/** Device memory from {@code cuMemAlloc}, owned by one {@link CudaDevice}; {@link #close()} frees it. */
final class CudaBuffer implements DeviceBuffer {
    final CudaDevice device;
    final NativeHandles.DevicePointer pointer;
    private final long bytes;
    final long trackerId;
    private boolean closed;

    CudaBuffer(CudaDevice device, NativeHandles.DevicePointer pointer, long bytes, long trackerId) {
        this.device = device;
        this.pointer = pointer;
        this.bytes = bytes;
        this.trackerId = trackerId;
    }

    @Override
    public long byteSize() {
        return bytes;
    }

    /** The device address; {@link IllegalStateException} after close. */
    long address() {
        ensureOpen();
        return pointer.address();
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA buffer of " + bytes + " bytes is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks closed; returns whether it was open (so the memory is freed once). Called by the device. */
    boolean markClosed() {
        boolean was = !closed;
        closed = true;
        return was;
    }

    @Override
    public void close() {
        device.free(this);
    }

    @Override
    public String toString() {
        return "CudaBuffer[" + bytes + " bytes" + (closed ? ", closed" : "") + "]";
    }
}
