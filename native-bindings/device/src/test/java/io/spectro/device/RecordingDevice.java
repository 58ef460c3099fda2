package io.spectro.device;

import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ComputeDevice} without a device: buffers are host memory, kernels do nothing (a download delivers each
 * float's index in the buffer), and every call is recorded as a line ({@link #log}) naming buffers by allocation number ({@code #3}) and uploads by a hash of their bytes, so that
 * tests can check what the orchestration asks of a device.
 */
final class RecordingDevice implements ComputeDevice {
    final List<String> log = new ArrayList<>();
    final ResourceTracker tracker;
    private final long maxAllocation;
    private final boolean withVendorFft;
    private final long localMemory;
    private final Arena arena = Arena.ofShared();
    private int nextId;
    private long live;

    /**
     * A device of 1 GiB whose buffers may be {@code maxAllocation} bytes each, without local memory (so the
     * multi-pass kernels run); {@code vendorFft} adds a vendor FFT.
     */
    RecordingDevice(ResourceTracker tracker, long maxAllocation, boolean vendorFft) {
        this(tracker, maxAllocation, vendorFft, 0);
    }

    /** As above, with {@code localMemory} bytes of local memory per work-group (enough of it runs the fused kernel). */
    RecordingDevice(ResourceTracker tracker, long maxAllocation, boolean vendorFft, long localMemory) {
        this.tracker = tracker;
        this.maxAllocation = maxAllocation;
        this.withVendorFft = vendorFft;
        this.localMemory = localMemory;
    }

    @Override
    public long localMemoryBytes() {
        return localMemory;
    }

    @Override
    public int maxGroupSize() {
        return 256;
    }

    /** A host-memory buffer with its allocation number. */
    final class Buffer implements DeviceBuffer {
        final int id;
        final MemorySegment memory;
        private final long trackerId;
        private boolean closed;

        Buffer(int id, long bytes) {
            this.id = id;
            this.memory = arena.allocate(bytes);
            this.trackerId = tracker.allocated("buffer #" + id, bytes);
        }

        @Override
        public long byteSize() {
            return memory.byteSize();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                live--;
                tracker.freed(trackerId);
                log.add("free #" + id);
            }
        }

        @Override
        public String toString() {
            return "#" + id;
        }
    }

    /** Buffers allocated and not yet freed. */
    long liveBuffers() {
        return live;
    }

    @Override
    public String api() {
        return "recording";
    }

    @Override
    public String name() {
        return "recording device";
    }

    @Override
    public long globalMemoryBytes() {
        return 1L << 30;
    }

    @Override
    public long maxAllocationBytes() {
        return maxAllocation;
    }

    @Override
    public int preferredGroupSize() {
        return 64;
    }

    @Override
    public KernelSet kernels(boolean deterministic) {
        log.add("kernels deterministic=" + deterministic);
        return new KernelSet() {
            @Override
            public Kernel kernel(String name) {
                return () -> name;
            }

            @Override
            public boolean deterministic() {
                return deterministic;
            }
        };
    }

    /** Logs the definitions ({@code kernels deterministic=D defines=[...]}) and returns a set like the general one. */
    @Override
    public KernelSet kernels(boolean deterministic, List<String> defines) {
        log.add("kernels deterministic=" + deterministic + " defines=" + defines);
        return kernels(deterministic);
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        if (bytes > maxAllocation) {
            throw new DeviceException(bytes + " bytes exceed the recording device's " + maxAllocation + " per buffer");
        }
        Buffer b = new Buffer(nextId++, bytes);
        live++;
        log.add("allocate #" + b.id + " " + bytes);
        return b;
    }

    private static Buffer buffer(DeviceBuffer b) {
        return (Buffer) b;
    }

    @Override
    public void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {
        Buffer b = buffer(dst);
        MemorySegment.copy(src, 0, b.memory, dstOffset, src.byteSize());
        log.add("upload #" + b.id + " at " + dstOffset + " " + src.byteSize() + " bytes, hash "
                + Arrays.hashCode(src.toArray(ValueLayout.JAVA_BYTE)));
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {
        Buffer b = buffer(src);
        // The kernels compute nothing: deliver each float's index in the buffer, which shows where outputs come from.
        for (long i = 0; i < dst.byteSize() / Float.BYTES; i++) {
            dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, srcOffset / Float.BYTES + i);
        }
        log.add("download #" + b.id + " at " + srcOffset + " " + dst.byteSize() + " bytes");
    }

    @Override
    public void zero(DeviceBuffer dst, long offset, long bytes) {
        buffer(dst).memory.asSlice(offset, bytes).fill((byte) 0);
        log.add("zero #" + buffer(dst).id + " at " + offset + " " + bytes);
    }

    @Override
    public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
        StringBuilder sb = new StringBuilder("launch " + kernel.name() + " " + globalSize + "/" + groupSize);
        for (KernelArgs.Arg a : args.args()) {
            sb.append(' ');
            switch (a) {
                case KernelArgs.BufferArg(DeviceBuffer b) -> sb.append(b);
                case KernelArgs.IntArg(int v) -> sb.append("i").append(v);
                case KernelArgs.LongArg(long v) -> sb.append("l").append(v);
                case KernelArgs.FloatArg(float v) -> sb.append("f").append(Float.floatToRawIntBits(v));
                case KernelArgs.LocalArg(long bytes) -> sb.append("local").append(bytes);
            }
        }
        log.add(sb.toString());
    }

    @Override
    public void finish() {
        log.add("finish");
    }

    @Override
    public MemorySegment stagingMemory(Arena owner, long bytes) {
        log.add("staging " + bytes);
        return owner.allocate(bytes, 64);
    }

    @Override
    public Optional<VendorFft> vendorFft() {
        if (!withVendorFft) {
            return Optional.empty();
        }
        return Optional.of(new VendorFft() {
            @Override
            public String description() {
                return "recording FFT";
            }

            @Override
            public void realForward(DeviceBuffer frames, DeviceBuffer spectrum, int nFft, int count) {
                log.add("vendor fft " + frames + " -> " + spectrum + " nFft " + nFft + " x " + count);
            }

            @Override
            public void close() {}
        });
    }

    @Override
    public void close() {
        arena.close();
    }
}
