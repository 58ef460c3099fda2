package io.spectro.opencl;

import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.DeviceException;
import io.spectro.device.Kernel;
import io.spectro.device.KernelArgs;
import io.spectro.spi.Availability;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendProvider;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ComputeDevice} that fails on request, for the failover tests: a kernel launch that fails (as {@code
 * clEnqueueNDRangeKernel} does with {@code CL_OUT_OF_RESOURCES}), device allocations above a size that fail as out of
 * memory, or a device that is lost from some launch on (every call fails from then). Faults are armed by the test
 * while batches run; the real device underneath is never harmed, so everything allocated is still freed on close.
 */
class FaultyDevice extends DelegatingDevice {
    /** What to inject. */
    enum Fault {
        NONE,
        LAUNCH_FAILS,
        LOST
    }

    private volatile Fault fault = Fault.NONE;
    private final AtomicInteger launchesLeft = new AtomicInteger();
    private volatile long allocationLimit = Long.MAX_VALUE;
    private volatile boolean lost;
    final AtomicInteger launches = new AtomicInteger();
    final AtomicInteger injected = new AtomicInteger();
    final AtomicLong largestAllocation = new AtomicLong();

    FaultyDevice(ComputeDevice inner) {
        super(inner);
    }

    /** The OpenCL provider, opening the first OpenCL device behind a {@link FaultyDevice} (stored in {@code opened}). */
    static BackendProvider provider(FaultyDevice[] opened) {
        BackendProvider real = new OpenClBackendProvider();
        return new BackendProvider() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public int priority() {
                return real.priority();
            }

            @Override
            public Availability probe() {
                return real.probe();
            }

            @Override
            public Backend create(BackendConfig config) {
                OpenClDevice device =
                        new OpenClDevice(OpenClProbe.get().devices().get(0), config.tracker());
                opened[0] = new FaultyDevice(device);
                return new DeviceBackend(real.name(), opened[0], config.tracker());
            }
        };
    }

    /** Launch number {@code n} (1 = the next) fails; the ones after it work again. */
    void failLaunch(int n) {
        launchesLeft.set(n);
        fault = Fault.LAUNCH_FAILS;
    }

    /** The device is lost at launch number {@code n} (1 = the next): that call and every later call fails. */
    void loseAtLaunch(int n) {
        launchesLeft.set(n);
        fault = Fault.LOST;
    }

    /** Device allocations of more than {@code bytes} fail as out of memory. */
    void limitAllocations(long bytes) {
        allocationLimit = bytes;
    }

    /** No more faults (a lost device stays lost). */
    void heal() {
        fault = Fault.NONE;
        allocationLimit = Long.MAX_VALUE;
    }

    private BackendException lostError(String call) {
        injected.incrementAndGet();
        return new BackendException(
                BackendException.Kind.DEVICE_LOST, call + ": CL_DEVICE_NOT_AVAILABLE (injected: device lost)", null);
    }

    @Override
    public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
        if (lost) {
            throw lostError("clEnqueueNDRangeKernel(" + kernel.name() + ")");
        }
        launches.incrementAndGet();
        if (fault != Fault.NONE && launchesLeft.decrementAndGet() == 0) {
            if (fault == Fault.LOST) {
                lost = true;
                throw lostError("clEnqueueNDRangeKernel(" + kernel.name() + ")");
            }
            fault = Fault.NONE;
            injected.incrementAndGet();
            throw new DeviceException(
                    "clEnqueueNDRangeKernel(" + kernel.name() + "): CL_OUT_OF_RESOURCES (injected launch failure)");
        }
        super.launch(kernel, globalSize, groupSize, args);
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        if (lost) {
            throw lostError("clCreateBuffer");
        }
        if (bytes > allocationLimit) {
            injected.incrementAndGet();
            throw new BackendException(
                    BackendException.Kind.OUT_OF_MEMORY,
                    "clCreateBuffer(" + bytes + " bytes): CL_MEM_OBJECT_ALLOCATION_FAILURE (injected)",
                    null);
        }
        largestAllocation.accumulateAndGet(bytes, Math::max);
        return super.allocate(bytes);
    }

    @Override
    public void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {
        if (lost) {
            throw lostError("clEnqueueWriteBuffer");
        }
        super.upload(src, dst, dstOffset);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {
        if (lost) {
            throw lostError("clEnqueueReadBuffer");
        }
        super.download(src, srcOffset, dst);
    }

    @Override
    public void zero(DeviceBuffer dst, long offset, long bytes) {
        if (lost) {
            throw lostError("clEnqueueFillBuffer");
        }
        super.zero(dst, offset, bytes);
    }

    @Override
    public void finish() {
        if (lost) {
            throw lostError("clFinish");
        }
        super.finish();
    }
}
