package io.spectro.device;

/**
 * A plan's {@link WorkSlot} buffers, kept across batches and grown on demand. Not thread-safe: used under the backend's
 * device lock.
 */
final class Workspace implements AutoCloseable {
    /** Buffer sizes are rounded up to this many bytes. */
    private static final long UNIT = 1 << 16;

    private final ComputeDevice device;
    private final DeviceLimits limits;
    private final DeviceBuffer[] buffers = new DeviceBuffer[WorkSlot.values().length];

    Workspace(ComputeDevice device, DeviceLimits limits) {
        this.device = device;
        this.limits = limits;
    }

    /** Makes every slot hold what {@code demand} needs, in slot order. */
    void ensure(WorkSlot.Demand demand) {
        for (WorkSlot slot : WorkSlot.values()) {
            ensure(slot, slot.bytes(demand));
        }
    }

    /**
     * Makes {@code slot} hold at least {@code bytes}: kept across batches, and when too small replaced by one at least
     * 1.5 times larger (within the device's max allocation) so that growing ragged batches do not reallocate every
     * time.
     */
    void ensure(WorkSlot slot, long bytes) {
        int i = slot.ordinal();
        DeviceBuffer b = buffers[i];
        if (bytes <= 0) {
            if (b == null) {
                buffers[i] = device.allocate(Float.BYTES);
            }
            return;
        }
        if (b != null && b.byteSize() >= bytes) {
            return;
        }
        long size = roundUp(bytes);
        if (b != null) {
            size = Math.max(size, roundUp(b.byteSize() + b.byteSize() / 2));
            buffers[i] = null;
            b.close();
        }
        size = Math.max(bytes, Math.min(size, limits.maxAllocationBytes()));
        try {
            buffers[i] = device.allocate(size);
        } catch (RuntimeException e) {
            throw new DeviceException(
                    "cannot allocate the " + slot.description() + " buffer (" + size + " bytes) on " + device.name()
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /** The buffer of {@code slot}; valid until the next {@link #ensure}. */
    DeviceBuffer get(WorkSlot slot) {
        DeviceBuffer b = buffers[slot.ordinal()];
        if (b == null) {
            throw new IllegalStateException("the " + slot.description() + " buffer has not been allocated");
        }
        return b;
    }

    /** {@code bytes} rounded up to the allocation unit (64 KiB). */
    static long roundUp(long bytes) {
        return (bytes + UNIT - 1) / UNIT * UNIT;
    }

    /** Frees every buffer, in slot order. Idempotent. */
    @Override
    public void close() {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                buffers[i].close();
                buffers[i] = null;
            }
        }
    }
}
