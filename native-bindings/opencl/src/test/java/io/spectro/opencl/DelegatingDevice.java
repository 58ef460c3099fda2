package io.spectro.opencl;

import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.Kernel;
import io.spectro.device.KernelArgs;
import io.spectro.device.KernelSet;
import io.spectro.device.VendorFft;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** A {@link ComputeDevice} that forwards to another; tests override single methods to inject faults or features. */
class DelegatingDevice implements ComputeDevice {
    final ComputeDevice inner;

    DelegatingDevice(ComputeDevice inner) {
        this.inner = inner;
    }

    @Override
    public String api() {
        return inner.api();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long globalMemoryBytes() {
        return inner.globalMemoryBytes();
    }

    @Override
    public long maxAllocationBytes() {
        return inner.maxAllocationBytes();
    }

    @Override
    public int preferredGroupSize() {
        return inner.preferredGroupSize();
    }

    @Override
    public KernelSet kernels(boolean deterministic) {
        return inner.kernels(deterministic);
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        return inner.allocate(bytes);
    }

    @Override
    public void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {
        inner.upload(src, dst, dstOffset);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {
        inner.download(src, srcOffset, dst);
    }

    @Override
    public void zero(DeviceBuffer dst, long offset, long bytes) {
        inner.zero(dst, offset, bytes);
    }

    @Override
    public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
        inner.launch(kernel, globalSize, groupSize, args);
    }

    @Override
    public void finish() {
        inner.finish();
    }

    @Override
    public MemorySegment stagingMemory(Arena arena, long bytes) {
        return inner.stagingMemory(arena, bytes);
    }

    @Override
    public Optional<VendorFft> vendorFft() {
        return inner.vendorFft();
    }

    @Override
    public void close() {
        inner.close();
    }
}
