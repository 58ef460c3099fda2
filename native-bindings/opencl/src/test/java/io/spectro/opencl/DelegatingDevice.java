package io.spectro.opencl;

import io.spectro.device.CommandList;
import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.Fence;
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
    public int maxGroupSize() {
        return inner.maxGroupSize();
    }

    @Override
    public long localMemoryBytes() {
        return inner.localMemoryBytes();
    }

    @Override
    public Fence uploadAsync(MemorySegment src, DeviceBuffer dst, long dstOffset, Fence after) {
        return inner.uploadAsync(src, dst, dstOffset, after);
    }

    @Override
    public Fence downloadAsync(DeviceBuffer src, long srcOffset, MemorySegment dst, Fence after) {
        return inner.downloadAsync(src, srcOffset, dst, after);
    }

    @Override
    public Fence mark() {
        return inner.mark();
    }

    @Override
    public void waitFor(Fence fence) {
        inner.waitFor(fence);
    }

    @Override
    public void submit(CommandList commands) {
        // Step by step through this device's launch(), so that overriding launch() still sees every kernel.
        ComputeDevice.super.submit(commands);
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
