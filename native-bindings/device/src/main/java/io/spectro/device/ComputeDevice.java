package io.spectro.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The small device interface that the batch orchestration ({@link DevicePlan}) is written against, once, for
 * every device API. OpenCL and CUDA implement it thinly: allocation, copies, kernel launches, an optional vendor FFT.
 * All methods are called from one thread at a time (the pipeline serialises executions); launches and copies are
 * ordered on one in-order queue/stream unless a method says otherwise.
 *
 * <p>Overlapping transfers with kernels: {@link #uploadAsync}, {@link #downloadAsync}, {@link #mark()} and {@link
 * #waitFor} order a second (copy) queue against the compute queue with {@link Fence}s; {@link #submit} runs a recorded
 * {@link CommandList} (a device may replay it as a CUDA graph). Their defaults are synchronous and in order, so a device
 * that implements only the basic methods runs the same orchestration correctly, without overlap.
 *
 * <p>Kernels are written once in the shared kernel source ({@code io/spectro/kernels/spectro.kern}) and looked up by
 * name; their parameters are passed as {@link KernelArgs}.
 */
public interface ComputeDevice extends AutoCloseable {
    /** {@code opencl} or {@code cuda}. */
    String api();

    /** The device name for humans. */
    String name();

    /** Global memory in bytes. */
    long globalMemoryBytes();

    /** Largest single buffer in bytes. */
    long maxAllocationBytes();

    /** A good work-group / block size for 1-D element-wise kernels (e.g. 64 on PoCL, 256 on NVIDIA). */
    int preferredGroupSize();

    /** The largest work-group / block size of a kernel launch; by default {@link #preferredGroupSize()}. */
    default int maxGroupSize() {
        return preferredGroupSize();
    }

    /**
     * Local (shared) memory one work-group may use, in bytes, as a {@link KernelArgs.LocalArg} ({@code
     * CL_DEVICE_LOCAL_MEM_SIZE}; CUDA: the opt-in maximum per block). 0, the default, means none: the fused kernels
     * are not used.
     */
    default long localMemoryBytes() {
        return 0;
    }

    /**
     * Loads (builds, or fetches from a cache) the Spectro kernels for the given mode. Deterministic mode means: no
     * FMA contraction, correctly rounded division and square root, denormals kept, and {@code SPECTRO_DETERMINISTIC}
     * defined so the kernels use the DetMath functions instead of built-ins. Build failures throw {@link
     * DeviceException} with the build log.
     */
    KernelSet kernels(boolean deterministic);

    /**
     * The kernels for the given mode, specialised by compile-time definitions ({@code NAME} or {@code NAME=VALUE},
     * e.g. {@link FusedFrameStages#defines}) on devices that compile kernels at run time. Every specialised kernel takes
     * the same arguments as its general version and computes the same bits, so a device whose kernels are built ahead
     * of time (CUDA's fatbins), or one that declines (too many variants), returns {@link #kernels(boolean)}: the
     * default.
     */
    default KernelSet kernels(boolean deterministic, java.util.List<String> defines) {
        return kernels(deterministic);
    }

    /** Allocates {@code bytes} of device memory (tracked; freed by {@link DeviceBuffer#close()}). */
    DeviceBuffer allocate(long bytes);

    /** Copies all of {@code src} (host) into {@code dst} at byte offset {@code dstOffset}. */
    void upload(MemorySegment src, DeviceBuffer dst, long dstOffset);

    /** Copies {@code dst.byteSize()} bytes from {@code src} at byte offset {@code srcOffset} into host memory. */
    void download(DeviceBuffer src, long srcOffset, MemorySegment dst);

    /** Sets {@code bytes} bytes of {@code dst} from {@code offset} to zero. */
    void zero(DeviceBuffer dst, long offset, long bytes);

    /**
     * Enqueues kernel {@code kernel} over {@code globalSize} work-items (1-D) in groups of {@code groupSize} (0 = the
     * device's choice); the global size is rounded up to a multiple of the group size, so kernels bound-check.
     */
    void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args);

    /** Waits for everything enqueued, on every queue. */
    void finish();

    /**
     * Host memory for staging uploads and downloads, owned by {@code arena}: page-locked where the API offers it
     * (CUDA), ordinary off-heap memory otherwise.
     */
    MemorySegment stagingMemory(Arena arena, long bytes);

    /**
     * Enqueues a copy of all of {@code src} (native host memory, page-locked from {@link #stagingMemory} for the copy
     * to overlap kernels) into {@code dst} at byte offset {@code dstOffset} on the copy queue, after everything enqueued
     * there before and after {@code after} (null: no extra wait), and returns without waiting. {@code src} must not
     * change until the returned fence is reached; kernels reading {@code dst} must follow {@link #waitFor} of it. The
     * default copies synchronously and returns {@link Fence#REACHED}.
     */
    default Fence uploadAsync(MemorySegment src, DeviceBuffer dst, long dstOffset, Fence after) {
        upload(src, dst, dstOffset);
        return Fence.REACHED;
    }

    /**
     * Enqueues a copy of {@code dst.byteSize()} bytes of {@code src} from byte offset {@code srcOffset} into {@code dst}
     * (native host memory) on the copy queue, after {@code after} (typically {@link #mark()} after the kernels that
     * wrote {@code src}); read {@code dst} only once the returned fence is reached. The default copies synchronously
     * (after everything enqueued) and returns {@link Fence#REACHED}.
     */
    default Fence downloadAsync(DeviceBuffer src, long srcOffset, MemorySegment dst, Fence after) {
        download(src, srcOffset, dst);
        return Fence.REACHED;
    }

    /** A fence after everything enqueued so far on the compute queue; the default is {@link Fence#REACHED}. */
    default Fence mark() {
        return Fence.REACHED;
    }

    /** Makes the compute queue wait (on the device) until {@code fence} is reached; the default does nothing. */
    default void waitFor(Fence fence) {}

    /**
     * Enqueues a recorded command list on the compute queue, in order. The default launches each step; a device may
     * instead replay a list it has seen before (equal lists) as one submission.
     */
    default void submit(CommandList commands) {
        for (CommandList.Step s : commands.steps()) {
            switch (s) {
                case CommandList.Launch l -> launch(l.kernel(), l.globalSize(), l.groupSize(), l.args());
                case CommandList.HostStep h -> h.action().run();
            }
        }
    }

    /** The vendor FFT (cuFFT), when one is loaded; the pipeline uses it outside deterministic mode. */
    default Optional<VendorFft> vendorFft() {
        return Optional.empty();
    }

    /** Frees the context, queues and everything still allocated. Idempotent. */
    @Override
    void close();
}
