package io.spectro.device;

/**
 * A plan's {@link WorkSlot} buffers, kept across batches and grown on demand: {@link #SETS} sets of batch-level
 * buffers (the pieces of a batch alternate between them, so that one set is uploaded to or downloaded from while the
 * other is computed on) and one set of frame-level scratch. {@link #use} selects the set that {@link #get} and {@link
 * #ensure} address. Not thread-safe: used under the backend's device lock.
 */
final class Workspace implements AutoCloseable {
    /** Sets of batch-level buffers. */
    static final int SETS = 2;
    /** Buffer sizes are rounded up to this many bytes. */
    private static final long UNIT = 1 << 16;

    private final ComputeDevice device;
    private final DeviceLimits limits;
    private final DeviceBuffer[][] buffers = new DeviceBuffer[SETS][WorkSlot.values().length];
    private int current;

    Workspace(ComputeDevice device, DeviceLimits limits) {
        this.device = device;
        this.limits = limits;
    }

    /** Selects batch-level set {@code set} ({@code 0 <= set < SETS}) for the following calls. */
    void use(int set) {
        if (set < 0 || set >= SETS) {
            throw new IllegalArgumentException("buffer set = " + set + " is out of range: must be 0.." + (SETS - 1));
        }
        current = set;
    }

    /** Makes every slot of the current set hold what {@code demand} needs, in slot order. */
    void ensure(WorkSlot.Demand demand) {
        for (WorkSlot slot : WorkSlot.values()) {
            ensure(slot, slot.bytes(demand));
        }
    }

    private DeviceBuffer[] setOf(WorkSlot slot) {
        return buffers[slot.frameLevel() ? 0 : current];
    }

    /**
     * Makes {@code slot} hold at least {@code bytes}: kept across batches, and when too small replaced by one at least
     * 1.5 times larger (within the device's max allocation) so that growing ragged batches do not reallocate every
     * time.
     */
    void ensure(WorkSlot slot, long bytes) {
        int i = slot.ordinal();
        DeviceBuffer[] buffers = setOf(slot);
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

    /** The buffer of {@code slot} in the current set; valid until the next {@link #ensure}. */
    DeviceBuffer get(WorkSlot slot) {
        DeviceBuffer b = setOf(slot)[slot.ordinal()];
        if (b == null) {
            throw new IllegalStateException("the " + slot.description() + " buffer has not been allocated");
        }
        return b;
    }

    /** {@code bytes} rounded up to the allocation unit (64 KiB). */
    static long roundUp(long bytes) {
        return (bytes + UNIT - 1) / UNIT * UNIT;
    }

    /** Frees every buffer, set by set in slot order. Idempotent. */
    @Override
    public void close() {
        for (DeviceBuffer[] set : buffers) {
            for (int i = 0; i < set.length; i++) {
                if (set[i] != null) {
                    set[i].close();
                    set[i] = null;
                }
            }
        }
    }
}
