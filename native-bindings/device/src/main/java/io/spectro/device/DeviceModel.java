package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * What a batch would ask of a device described by a {@link DeviceProfile}, counted by running the real orchestration
 * ({@link DevicePlan}) on a device that allocates nothing and launches nothing: the same choices (fused or multi-pass
 * kernels, tiles, pieces, chunks) and the same declared traffic as on a real device with those limits.
 */
public final class DeviceModel {
    private DeviceModel() {}

    /**
     * The launches and traffic of one batch of {@code spec} whose clips have {@code clipSamples} samples each, on
     * {@code profile}. The samples are zeros (the counts do not depend on them).
     */
    public static BatchTraffic count(SpectrogramSpec spec, long[] clipSamples, DeviceProfile profile) {
        int n = clipSamples.length;
        long longest = 0;
        long mostOut = 0;
        int[] frames = new int[n];
        for (int i = 0; i < n; i++) {
            longest = Math.max(longest, clipSamples[i]);
            frames[i] = spec.frameCount(clipSamples[i]);
            mostOut = Math.max(mostOut, spec.outputFloats(frames[i]));
        }
        ResourceTracker tracker = new ResourceTracker();
        try (Arena arena = Arena.ofConfined();
                DeviceBackend backend = new DeviceBackend("model", new ModelDevice(profile), tracker);
                DevicePlan plan = (DevicePlan) backend.plan(spec)) {
            // Every clip reads a prefix of one zero segment and writes into one shared output segment.
            MemorySegment in = arena.allocate(Math.max(4, longest * Float.BYTES), 64);
            MemorySegment out = arena.allocate(Math.max(4, mostOut * Float.BYTES), 64);
            MemorySegment[] inputs = new MemorySegment[n];
            MemorySegment[] outputs = new MemorySegment[n];
            for (int i = 0; i < n; i++) {
                inputs[i] = in.asSlice(0, clipSamples[i] * Float.BYTES);
                outputs[i] = out.asSlice(0, spec.outputFloats(frames[i]) * Float.BYTES);
            }
            plan.execute(new ClipBatch(inputs, frames, outputs));
            return plan.lastBatchTraffic();
        }
    }

    /** A device with a profile's limits that allocates no memory and runs nothing. */
    private record ModelDevice(DeviceProfile profile) implements ComputeDevice {
        @Override
        public String api() {
            return "model";
        }

        @Override
        public String name() {
            return profile.name();
        }

        @Override
        public long globalMemoryBytes() {
            return profile.globalMemoryBytes();
        }

        @Override
        public long maxAllocationBytes() {
            return profile.globalMemoryBytes();
        }

        @Override
        public int preferredGroupSize() {
            return profile.preferredGroupSize();
        }

        @Override
        public int maxGroupSize() {
            return profile.maxGroupSize();
        }

        @Override
        public long localMemoryBytes() {
            return profile.localMemoryBytes();
        }

        @Override
        public KernelSet kernels(boolean deterministic) {
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

        @Override
        public DeviceBuffer allocate(long bytes) {
            return new DeviceBuffer() {
                @Override
                public long byteSize() {
                    return bytes;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {}

        @Override
        public void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {}

        @Override
        public void zero(DeviceBuffer dst, long offset, long bytes) {}

        @Override
        public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {}

        @Override
        public void finish() {}

        /** Staging is written by the host, so it is real memory. */
        @Override
        public MemorySegment stagingMemory(Arena arena, long bytes) {
            return arena.allocate(bytes, 64);
        }

        @Override
        public Optional<VendorFft> vendorFft() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }
}
