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

    /**
     * Loads (builds, or fetches from a cache) the Spectro kernels for the given mode. Deterministic mode means: no
     * FMA contraction, correctly rounded division and square root, denormals kept, and {@code SPECTRO_DETERMINISTIC}
     * defined so the kernels use the DetMath functions instead of built-ins. Build failures throw {@link
     * DeviceException} with the build log.
     */
    KernelSet kernels(boolean deterministic);

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

    /** Waits for everything enqueued. */
    void finish();

    /**
     * Host memory for staging uploads and downloads, owned by {@code arena}: page-locked where the API offers it
     * (CUDA), ordinary off-heap memory otherwise.
     */
    MemorySegment stagingMemory(Arena arena, long bytes);

    /** The vendor FFT (cuFFT), when one is loaded; the pipeline uses it outside deterministic mode. */
    default Optional<VendorFft> vendorFft() {
        return Optional.empty();
    }

    /** Frees the context, queues and everything still allocated. Idempotent. */
    @Override
    void close();
}
