package io.spectro.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import io.spectro.device.CommandList;
import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.DeviceException;
import io.spectro.device.Kernel;
import io.spectro.device.KernelArgs;
import io.spectro.device.KernelSet;
import io.spectro.device.VendorFft;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * A CUDA GPU as a {@link ComputeDevice}, through JCuda's driver API only: the device's primary context (shared with
 * cuFFT, which uses the runtime API), one non-blocking stream on which every copy, memset, launch and cuFFT transform
 * is ordered, device memory from {@code cuMemAlloc}, page-locked staging memory from {@code cuMemAllocHost}, and the
 * Spectro kernels loaded from the fatbins built by {@code build-fatbin.sh}. Every failing call throws {@link
 * DeviceException} naming the call and the decoded status ({@code cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY}).
 *
 * <p>Copies: {@link #upload} and {@link #download} return when the host memory may be reused or read (they wait for
 * the stream); {@link #zero} and {@link #launch} are asynchronous and {@link #finish} waits for them. Native host
 * memory (staging or any off-heap segment) is copied by DMA directly; heap segments go through a pinned bounce
 * buffer. The methods are thread-safe (serialised on the device); the context is made current on the calling thread
 * by every call.
 *
 * <p>Overlapping transfers with kernels: {@link #uploadAsync}, {@link #downloadAsync}, {@link #mark()} and {@link
 * #waitFor} with {@link Fence}s (a second copy stream and {@code CUevent}s), used by the pipeline's double-buffered
 * pieces. {@link #submit} replays a command list it has seen before as a CUDA graph (captured from the stream on its
 * second use, up to {@link #GRAPHS} kept), so that a small batch is one {@code cuGraphLaunch} rather than a launch per
 * kernel; {@code -Dspectro.cuda.graphs=false} turns that off. Kernels with more than 48 KiB of dynamic shared memory
 * get the opt-in attribute ({@code cuFuncSetAttribute}) before their first such launch.
 */
public final class CudaDevice implements ComputeDevice {
    /** Block size for 1-D kernels when the caller leaves it to the device. */
    static final int PREFERRED_BLOCK = 256;
    /** Pinned bounce buffer for copies from and to heap segments. */
    static final long BOUNCE_BYTES = 4L << 20;
    /** Dynamic shared memory a kernel may use without the opt-in attribute. */
    static final int DEFAULT_DYNAMIC_SHARED = 48 << 10;
    /** Executable graphs kept. */
    static final int GRAPHS = 8;
    /** System property: {@code false} issues command lists kernel by kernel instead of replaying CUDA graphs. */
    static final String GRAPHS_PROPERTY = "spectro.cuda.graphs";

    private final int ordinal;
    private final CUdevice device;
    private final CUcontext context;
    private final NativeHandles.Stream stream;
    private final String name;
    private final int major;
    private final int minor;
    private final int multiprocessors;
    private final long memoryBytes;
    private final int maxThreadsPerBlock;
    private final int maxSharedOptIn;
    private final long maxGridX;
    private final ResourceTracker tracker;
    private final CufftLibrary cufft;
    private final List<Long> ownIds = new ArrayList<>();

    private final Set<CudaBuffer> buffers = new LinkedHashSet<>();
    private final Map<Long, Pinned> pinned = new LinkedHashMap<>();
    private final CudaKernelSet[] kernelSets = new CudaKernelSet[2];
    private final Arena paramArena = Arena.ofShared();
    private MemorySegment paramBlock;
    private Pinned bounce;
    private CufftPlans fftPlans;
    private NativeHandles.Stream copyStream;
    private long copyStreamId = -1;
    private final Set<Fence> fences = new LinkedHashSet<>();
    /** Per kernel function, the dynamic shared memory it was opted in to (above 48 KiB). */
    private final Map<CudaKernelSet.CudaKernel, Integer> sharedOptIn = new java.util.HashMap<>();

    private final ReplayCache<CommandList, CUgraphExec> graphs = new ReplayCache<>(GRAPHS, 2, new GraphOps());
    private long graphsId = -1;
    private boolean closing;
    private boolean closed;

    private record Pinned(NativeHandles.HostPointer pointer, long bytes, long trackerId) {}

    private CudaDevice(int ordinal, ResourceTracker tracker, CufftLibrary cufft) {
        this.ordinal = ordinal;
        this.tracker = tracker;
        this.cufft = cufft;
        this.device = new CUdevice();
        this.context = new CUcontext();
        this.stream = new NativeHandles.Stream();
        CudaStatus.check("cuInit", JCudaDriver.cuInit(0));
        CudaStatus.check("cuDeviceGet(" + ordinal + ")", JCudaDriver.cuDeviceGet(device, ordinal));
        this.name = JCudaDriverApi.name(device);
        this.major = JCudaDriverApi.attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.minor = JCudaDriverApi.attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = JCudaDriverApi.attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.maxThreadsPerBlock = JCudaDriverApi.attribute(device, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
        this.maxSharedOptIn = JCudaDriverApi.attribute(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
        this.maxGridX = JCudaDriverApi.attribute(device, CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X);
        this.memoryBytes = JCudaDriverApi.totalMemory(device);
        // Primary context: the one the CUDA runtime (and so cuFFT) uses for this device.
        CudaStatus.check("cuDevicePrimaryCtxRetain", JCudaDriver.cuDevicePrimaryCtxRetain(context, device));
        ownIds.add(tracker.allocated("CUcontext (primary, retained)", 0));
        try {
            CudaStatus.check("cuCtxSetCurrent", JCudaDriver.cuCtxSetCurrent(context));
            CudaStatus.check(
                    "cuStreamCreate", JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING));
            ownIds.add(tracker.allocated("CUstream", 0));
        } catch (RuntimeException e) {
            paramArena.close();
            releaseOwn();
            throw e;
        }
    }

    /**
     * Opens device {@code ordinal}: retains its primary context and creates the stream. {@code cufft} is the loaded
     * cuFFT or null. Native resources are registered with {@code tracker}.
     */
    static CudaDevice open(int ordinal, ResourceTracker tracker, CufftLibrary cufft) {
        return new CudaDevice(ordinal, tracker, cufft);
    }

    @Override
    public String api() {
        return "cuda";
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code NAME (sm_XY)}. */
    String describe() {
        return name + " (sm_" + major + minor + ", " + multiprocessors + " SMs, " + (memoryBytes >> 20) + " MiB)";
    }

    /** The CUDA device ordinal. */
    int ordinal() {
        return ordinal;
    }

    @Override
    public long globalMemoryBytes() {
        return memoryBytes;
    }

    /** CUDA has no per-allocation limit below the device memory. */
    @Override
    public long maxAllocationBytes() {
        return memoryBytes;
    }

    @Override
    public int preferredGroupSize() {
        return Math.min(PREFERRED_BLOCK, maxThreadsPerBlock);
    }

    @Override
    public int maxGroupSize() {
        return maxThreadsPerBlock;
    }

    /** {@inheritDoc} The opt-in maximum per block ({@code CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN}). */
    @Override
    public long localMemoryBytes() {
        return maxSharedOptIn;
    }

    // ---- kernels -------------------------------------------------------------------------------------------------

    @Override
    public synchronized KernelSet kernels(boolean deterministic) {
        bind();
        int i = deterministic ? 1 : 0;
        if (kernelSets[i] == null) {
            byte[] fatbin = KernelBinaries.fatbin(deterministic);
            CUmodule module = new CUmodule();
            String file = deterministic ? KernelBinaries.DETERMINISTIC : KernelBinaries.FAST;
            int rc = JCudaDriver.cuModuleLoadData(module, fatbin);
            if (rc != 0) {
                throw new DeviceException(CudaStatus.message("cuModuleLoadData(" + file + ")", rc) + " [" + describe()
                        + ", driver CUDA " + KernelBinaries.driverString(driverVersion()) + ", kernels: "
                        + KernelBinaries.find().map(KernelBinaries::toString).orElse("?") + "]");
            }
            kernelSets[i] =
                    new CudaKernelSet(this, module, deterministic, tracker.allocated("CUmodule", fatbin.length));
        }
        return kernelSets[i];
    }

    private static int driverVersion() {
        int[] v = new int[1];
        return JCudaDriver.cuDriverGetVersion(v) == 0 ? v[0] : 0;
    }

    @Override
    public synchronized void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
        bind();
        if (!(kernel instanceof CudaKernelSet.CudaKernel k) || k.owner().device != this) {
            throw new IllegalArgumentException("kernel " + kernel + " does not belong to CUDA device " + name);
        }
        if (globalSize < 0) {
            throw new IllegalArgumentException("globalSize = " + globalSize + " is out of range: must be >= 0");
        }
        int block = groupSize == 0 ? preferredGroupSize() : groupSize;
        if (block < 1 || block > maxThreadsPerBlock) {
            throw new IllegalArgumentException("groupSize = " + groupSize + " is out of range: must be 0 (device"
                    + " choice) or 1.." + maxThreadsPerBlock);
        }
        if (globalSize == 0) {
            return;
        }
        long grid = (globalSize + block - 1) / block;
        if (grid > maxGridX) {
            throw new IllegalArgumentException("globalSize = " + globalSize + " needs " + grid + " blocks of " + block
                    + "; this device launches at most " + maxGridX);
        }
        long shared = args.localBytes();
        if (shared > maxSharedOptIn) {
            throw new IllegalArgumentException(k.name() + " asks for " + shared + " bytes of shared memory; this device"
                    + " gives a block at most " + maxSharedOptIn);
        }
        if (shared > DEFAULT_DYNAMIC_SHARED && sharedOptIn.getOrDefault(k, 0) < shared) {
            CudaStatus.check(
                    "cuFuncSetAttribute(" + k.name() + ", MAX_DYNAMIC_SHARED_SIZE_BYTES, " + shared + ")",
                    JCudaDriver.cuFuncSetAttribute(
                            k.function(), CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, (int)
                                    shared));
            sharedOptIn.put(k, (int) shared);
        }
        List<KernelArgs.Arg> list = args.args();
        long need = Math.max(8, KernelParams.blockSize(list));
        if (paramBlock == null || paramBlock.byteSize() < need) {
            paramBlock = paramArena.allocate(Math.max(need, 256), 16);
        }
        long[] offsets = KernelParams.write(list, paramBlock, this::addressOf);
        CudaStatus.check(
                "cuLaunchKernel(" + k.name() + ")",
                JCudaDriver.cuLaunchKernel(
                        k.function(),
                        (int) grid,
                        1,
                        1,
                        block,
                        1,
                        1,
                        (int) shared,
                        stream,
                        KernelParams.pointers(paramBlock, offsets),
                        null));
    }

    // ---- command lists as CUDA graphs ----------------------------------------------------------------------------

    /**
     * {@inheritDoc} A list of launches only is replayed as a CUDA graph from its second submission on (captured from
     * the compute stream, instantiated, kept among the last {@link #GRAPHS}); other lists, and every list when {@code
     * spectro.cuda.graphs=false}, are issued step by step.
     */
    @Override
    public synchronized void submit(CommandList commands) {
        bind();
        if (!commands.launchesOnly() || "false".equals(System.getProperty(GRAPHS_PROPERTY))) {
            submitSteps(commands);
            return;
        }
        graphs.submit(commands);
    }

    /** Issues the list's steps one by one (launches on the compute stream, host steps in order). */
    private void submitSteps(CommandList commands) {
        ComputeDevice.super.submit(commands);
    }

    /** Issuing, capturing and replaying command lists on the compute stream. */
    private final class GraphOps implements ReplayCache.Ops<CommandList, CUgraphExec> {
        @Override
        public void direct(CommandList commands) {
            submitSteps(commands);
        }

        /**
         * Captures the launches from the compute stream (which runs them once as it does) and instantiates the graph;
         * null, with the stream restored and the launches issued directly, when the driver refuses.
         */
        @Override
        public CUgraphExec build(CommandList commands) {
            int rc = JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
            if (rc != 0) {
                direct(commands);
                return null;
            }
            CUgraph graph = new CUgraph();
            try {
                submitSteps(commands);
            } finally {
                rc = JCudaDriver.cuStreamEndCapture(stream, graph);
            }
            if (rc != 0) {
                direct(commands);
                return null;
            }
            CUgraphExec exec = new CUgraphExec();
            int ri = JCudaDriver.cuGraphInstantiate(exec, graph, 0);
            JCudaDriver.cuGraphDestroy(graph);
            if (ri != 0) {
                direct(commands);
                return null;
            }
            if (graphsId < 0) {
                graphsId = tracker.allocated("CUgraphExec cache", 0);
            }
            replay(exec);
            return exec;
        }

        @Override
        public void replay(CUgraphExec exec) {
            CudaStatus.check("cuGraphLaunch", JCudaDriver.cuGraphLaunch(exec, stream));
        }

        @Override
        public void destroy(CUgraphExec exec) {
            CudaStatus.check("cuGraphExecDestroy", JCudaDriver.cuGraphExecDestroy(exec));
        }
    }

    // ---- memory --------------------------------------------------------------------------------------------------

    @Override
    public synchronized DeviceBuffer allocate(long bytes) {
        bind();
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes = " + bytes + " is out of range: must be >= 0");
        }
        NativeHandles.DevicePointer p = new NativeHandles.DevicePointer();
        if (bytes > 0) {
            int rc = JCudaDriver.cuMemAlloc(p, bytes);
            if (rc != 0) {
                throw new DeviceException(CudaStatus.message("cuMemAlloc(" + bytes + " bytes)", rc));
            }
        }
        CudaBuffer b = new CudaBuffer(this, p, bytes, tracker.allocated("CUdeviceptr", bytes));
        buffers.add(b);
        return b;
    }

    /** Frees a buffer of this device (idempotent); called by {@link CudaBuffer#close()}. */
    synchronized void free(CudaBuffer b) {
        if (!b.markClosed()) {
            return;
        }
        if (closed) {
            return; // freed with the device
        }
        buffers.remove(b);
        tracker.freed(b.trackerId);
        if (b.byteSize() > 0) {
            setCurrent();
            CudaStatus.check("cuMemFree", JCudaDriver.cuMemFree(b.pointer));
        }
    }

    /** The device address of {@code b}, which must be an open buffer of this device. */
    long addressOf(DeviceBuffer b) {
        return cudaBuffer(b).address();
    }

    private CudaBuffer cudaBuffer(DeviceBuffer b) {
        if (!(b instanceof CudaBuffer cb) || cb.device != this) {
            throw new IllegalArgumentException(b + " is not a buffer of CUDA device " + name);
        }
        cb.ensureOpen();
        return cb;
    }

    private static void checkRange(String what, long offset, long bytes, long size) {
        if (offset < 0 || bytes < 0 || offset > size - bytes) {
            throw new IllegalArgumentException(what + ": " + bytes + " bytes at offset " + offset
                    + " do not fit in a buffer of " + size + " bytes");
        }
    }

    @Override
    public synchronized void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {
        bind();
        CudaBuffer b = cudaBuffer(dst);
        long n = src.byteSize();
        checkRange("upload", dstOffset, n, b.byteSize());
        if (n == 0) {
            return;
        }
        if (src.isNative()) {
            copyIn(new NativeHandles.HostPointer(src.address()), b, dstOffset, n);
        } else {
            Pinned bb = bounce();
            MemorySegment staging =
                    MemorySegment.ofAddress(bb.pointer().address()).reinterpret(bb.bytes());
            for (long done = 0; done < n; done += bb.bytes()) {
                long len = Math.min(bb.bytes(), n - done);
                MemorySegment.copy(src, done, staging, 0, len);
                copyIn(bb.pointer(), b, dstOffset + done, len);
            }
        }
    }

    private void copyIn(NativeHandles.HostPointer host, CudaBuffer b, long offset, long bytes) {
        CUdeviceptr d = b.pointer.withByteOffset(offset);
        CudaStatus.check("cuMemcpyHtoDAsync", JCudaDriver.cuMemcpyHtoDAsync(d, host, bytes, stream));
        CudaStatus.check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(stream));
    }

    @Override
    public synchronized void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {
        bind();
        CudaBuffer b = cudaBuffer(src);
        long n = dst.byteSize();
        checkRange("download", srcOffset, n, b.byteSize());
        if (n == 0) {
            return;
        }
        if (dst.isNative()) {
            copyOut(b, srcOffset, new NativeHandles.HostPointer(dst.address()), n);
        } else {
            Pinned bb = bounce();
            MemorySegment staging =
                    MemorySegment.ofAddress(bb.pointer().address()).reinterpret(bb.bytes());
            for (long done = 0; done < n; done += bb.bytes()) {
                long len = Math.min(bb.bytes(), n - done);
                copyOut(b, srcOffset + done, bb.pointer(), len);
                MemorySegment.copy(staging, 0, dst, done, len);
            }
        }
    }

    private void copyOut(CudaBuffer b, long offset, NativeHandles.HostPointer host, long bytes) {
        CUdeviceptr d = b.pointer.withByteOffset(offset);
        CudaStatus.check("cuMemcpyDtoHAsync", JCudaDriver.cuMemcpyDtoHAsync(host, d, bytes, stream));
        CudaStatus.check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(stream));
    }

    @Override
    public synchronized void zero(DeviceBuffer dst, long offset, long bytes) {
        bind();
        CudaBuffer b = cudaBuffer(dst);
        checkRange("zero", offset, bytes, b.byteSize());
        if (bytes == 0) {
            return;
        }
        CudaStatus.check(
                "cuMemsetD8Async",
                JCudaDriver.cuMemsetD8Async(b.pointer.withByteOffset(offset), (byte) 0, bytes, stream));
    }

    @Override
    public synchronized void finish() {
        bind();
        CudaStatus.check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(stream));
        if (copyStream != null) {
            CudaStatus.check("cuStreamSynchronize(copy)", JCudaDriver.cuStreamSynchronize(copyStream));
        }
    }

    /**
     * Page-locked host memory from {@code cuMemAllocHost}, as a segment of {@code bytes} bytes whose lifetime is
     * {@code arena}'s: closing the arena frees it with {@code cuMemFreeHost}. Closing the device first frees it too
     * (the segment must not be used after that).
     */
    @Override
    public synchronized MemorySegment stagingMemory(Arena arena, long bytes) {
        bind();
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes = " + bytes + " is out of range: must be >= 0");
        }
        if (bytes == 0) {
            return arena.allocate(0);
        }
        Pinned p = allocatePinned(bytes, "pinned host memory (cuMemAllocHost)");
        long address = p.pointer().address();
        try {
            return MemorySegment.ofAddress(address).reinterpret(bytes, arena, s -> freePinned(address));
        } catch (RuntimeException e) {
            freePinned(address);
            throw e;
        }
    }

    private Pinned allocatePinned(long bytes, String kind) {
        NativeHandles.HostPointer p = new NativeHandles.HostPointer();
        int rc = JCudaDriver.cuMemAllocHost(p, bytes);
        if (rc != 0) {
            throw new DeviceException(CudaStatus.message("cuMemAllocHost(" + bytes + " bytes)", rc));
        }
        Pinned pin = new Pinned(p, bytes, tracker.allocated(kind, bytes));
        pinned.put(p.address(), pin);
        return pin;
    }

    /** Frees pinned memory at {@code address} unless already freed (with the device). Arena cleanup action. */
    private synchronized void freePinned(long address) {
        Pinned p = pinned.remove(address);
        if (p == null) {
            return;
        }
        tracker.freed(p.trackerId());
        setCurrent();
        int rc = JCudaDriver.cuMemFreeHost(p.pointer());
        if (rc != 0) {
            // An arena's cleanup action must not throw; the memory is lost to the process, so say so.
            System.getLogger("io.spectro.cuda")
                    .log(System.Logger.Level.WARNING, CudaStatus.message("cuMemFreeHost", rc));
        }
    }

    private Pinned bounce() {
        if (bounce == null) {
            bounce = allocatePinned(BOUNCE_BYTES, "pinned host memory (bounce buffer)");
        }
        return bounce;
    }

    // ---- overlapped copies: a second stream and events ------------------------------------------------------------
    //
    // The ComputeDevice methods the pipeline overlaps a piece's copies with another piece's kernels through.

    /**
     * A point in one of this device's streams (a {@code CUevent}): reached when everything enqueued on that stream
     * before it has completed. {@link #await()} blocks the host until then; {@link CudaDevice#waitFor} makes the
     * compute stream wait for it on the device. Close it when done (the device closes the rest).
     */
    public final class Fence implements io.spectro.device.Fence {
        private final CUevent event = new CUevent();
        private final long trackerId;
        private boolean closed;

        private Fence(NativeHandles.Stream on) {
            CudaStatus.check("cuEventCreate", JCudaDriver.cuEventCreate(event, CUevent_flags.CU_EVENT_DISABLE_TIMING));
            long id = tracker.allocated("CUevent", 0);
            int rc = JCudaDriver.cuEventRecord(event, on);
            if (rc != 0) {
                tracker.freed(id);
                JCudaDriver.cuEventDestroy(event);
                throw new DeviceException(CudaStatus.message("cuEventRecord", rc));
            }
            this.trackerId = id;
            fences.add(this);
        }

        /** Blocks until the fence is reached: the host memory of the copy it ends may then be reused or read. */
        @Override
        public void await() {
            synchronized (CudaDevice.this) {
                bind();
                ensureOpen();
            }
            // Outside the device lock, so other threads may enqueue meanwhile.
            CudaStatus.check("cuEventSynchronize", JCudaDriver.cuEventSynchronize(event));
        }

        private CudaDevice owner() {
            return CudaDevice.this;
        }

        private void ensureOpen() {
            if (closed) {
                throw new IllegalStateException("fence is closed");
            }
        }

        /** Destroys the event. Idempotent. */
        @Override
        public void close() {
            synchronized (CudaDevice.this) {
                if (closed) {
                    return;
                }
                closed = true;
                fences.remove(this);
                if (!CudaDevice.this.closed) {
                    tracker.freed(trackerId);
                    setCurrent();
                    CudaStatus.check("cuEventDestroy", JCudaDriver.cuEventDestroy(event));
                }
            }
        }

        private void destroyWithDevice() {
            closed = true;
            tracker.freed(trackerId);
            CudaStatus.check("cuEventDestroy", JCudaDriver.cuEventDestroy(event));
        }
    }

    /** A fence after everything enqueued so far on the compute stream (launches, memsets, cuFFT, ordered copies). */
    @Override
    public synchronized Fence mark() {
        bind();
        return new Fence(stream);
    }

    /**
     * Makes the compute stream wait (on the device, without blocking the host) until {@code fence} is reached; {@link
     * io.spectro.device.Fence#REACHED} needs no wait.
     */
    @Override
    public synchronized void waitFor(io.spectro.device.Fence fence) {
        bind();
        Fence f = mine(fence);
        if (f != null) {
            CudaStatus.check("cuStreamWaitEvent", JCudaDriver.cuStreamWaitEvent(stream, f.event, 0));
        }
    }

    /** {@code fence} as an open fence of this device; null for none or {@link io.spectro.device.Fence#REACHED}. */
    private Fence mine(io.spectro.device.Fence fence) {
        if (fence == null || fence == io.spectro.device.Fence.REACHED) {
            return null;
        }
        if (!(fence instanceof Fence f) || f.owner() != this) {
            throw new IllegalArgumentException(fence + " is not a fence of CUDA device " + name);
        }
        f.ensureOpen();
        return f;
    }

    /**
     * Enqueues an upload on the copy stream, after {@code after} (null: at once) and returns without waiting. {@code
     * src} must be native memory, page-locked ({@link #stagingMemory}) for the copy to overlap kernels, and must not
     * change until the returned fence is reached; kernels that read {@code dst} must be preceded by {@link #waitFor}
     * of that fence. Meant for double buffering: the upload of chunk k+1 runs while chunk k computes.
     */
    @Override
    public synchronized Fence uploadAsync(
            MemorySegment src, DeviceBuffer dst, long dstOffset, io.spectro.device.Fence after) {
        bind();
        CudaBuffer b = cudaBuffer(dst);
        long n = src.byteSize();
        checkRange("uploadAsync", dstOffset, n, b.byteSize());
        requireNative("uploadAsync", src);
        NativeHandles.Stream copy = copyStream(after);
        if (n > 0) {
            CudaStatus.check(
                    "cuMemcpyHtoDAsync",
                    JCudaDriver.cuMemcpyHtoDAsync(
                            b.pointer.withByteOffset(dstOffset),
                            new NativeHandles.HostPointer(src.address()),
                            n,
                            copy));
        }
        return new Fence(copy);
    }

    /**
     * Enqueues a download on the copy stream, after {@code after} (typically {@link #mark()} after the kernels that
     * wrote {@code src}; null: at once) and returns without waiting; read {@code dst} (native memory, page-locked for
     * overlap) only after the returned fence is reached.
     */
    @Override
    public synchronized Fence downloadAsync(
            DeviceBuffer src, long srcOffset, MemorySegment dst, io.spectro.device.Fence after) {
        bind();
        CudaBuffer b = cudaBuffer(src);
        long n = dst.byteSize();
        checkRange("downloadAsync", srcOffset, n, b.byteSize());
        requireNative("downloadAsync", dst);
        NativeHandles.Stream copy = copyStream(after);
        if (n > 0) {
            CudaStatus.check(
                    "cuMemcpyDtoHAsync",
                    JCudaDriver.cuMemcpyDtoHAsync(
                            new NativeHandles.HostPointer(dst.address()),
                            b.pointer.withByteOffset(srcOffset),
                            n,
                            copy));
        }
        return new Fence(copy);
    }

    private static void requireNative(String call, MemorySegment host) {
        if (!host.isNative()) {
            throw new IllegalArgumentException(call + " needs native host memory (stagingMemory), not a heap segment");
        }
    }

    /** The copy stream (created on first use), made to wait for {@code after} when given. */
    private NativeHandles.Stream copyStream(io.spectro.device.Fence fence) {
        Fence after = mine(fence);
        if (copyStream == null) {
            NativeHandles.Stream s = new NativeHandles.Stream();
            CudaStatus.check(
                    "cuStreamCreate(copy)", JCudaDriver.cuStreamCreate(s, CUstream_flags.CU_STREAM_NON_BLOCKING));
            copyStream = s;
            copyStreamId = tracker.allocated("CUstream", 0);
        }
        if (after != null) {
            CudaStatus.check("cuStreamWaitEvent(copy)", JCudaDriver.cuStreamWaitEvent(copyStream, after.event, 0));
        }
        return copyStream;
    }

    // ---- cuFFT ---------------------------------------------------------------------------------------------------

    @Override
    public synchronized Optional<VendorFft> vendorFft() {
        bind();
        if (cufft == null) {
            return Optional.empty();
        }
        if (fftPlans == null || fftPlans.isClosed()) {
            fftPlans = new CufftPlans(this, cufft, tracker);
        }
        return Optional.of(fftPlans);
    }

    /** The {@code CUstream} value, for {@code cufftSetStream}. */
    long streamAddress() {
        return stream.address();
    }

    // ---- context and lifetime ------------------------------------------------------------------------------------

    /** Makes the context current on this thread; {@link IllegalStateException} when the device is closed. */
    void bind() {
        if (closed || closing) {
            throw new IllegalStateException("CUDA device " + name + " is closed");
        }
        setCurrent();
    }

    /** Makes the context current without the open check (used while closing). */
    void setCurrent() {
        CudaStatus.check("cuCtxSetCurrent", JCudaDriver.cuCtxSetCurrent(context));
    }

    /**
     * Frees everything still allocated (cuFFT plans, modules, buffers, pinned memory), destroys the stream and
     * releases the primary context. Idempotent. Every step is attempted; the first failure is thrown afterwards.
     */
    @Override
    public synchronized void close() {
        if (closed || closing) {
            return;
        }
        closing = true;
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, this::setCurrent);
        attempt(failures, () -> JCudaDriver.cuStreamSynchronize(stream));
        if (copyStream != null) {
            attempt(failures, () -> JCudaDriver.cuStreamSynchronize(copyStream));
        }
        for (Fence f : new ArrayList<>(fences)) {
            attempt(failures, f::destroyWithDevice);
        }
        fences.clear();
        attempt(failures, graphs::clear);
        if (graphsId >= 0) {
            tracker.freed(graphsId);
            graphsId = -1;
        }
        if (copyStream != null) {
            NativeHandles.Stream s = copyStream;
            copyStream = null;
            tracker.freed(copyStreamId);
            attempt(failures, () -> CudaStatus.check("cuStreamDestroy(copy)", JCudaDriver.cuStreamDestroy(s)));
        }
        if (fftPlans != null) {
            CufftPlans plans = fftPlans;
            fftPlans = null;
            attempt(failures, plans::close);
        }
        for (int i = 0; i < kernelSets.length; i++) {
            CudaKernelSet set = kernelSets[i];
            if (set != null) {
                kernelSets[i] = null;
                tracker.freed(set.trackerId);
                attempt(failures, () -> CudaStatus.check("cuModuleUnload", JCudaDriver.cuModuleUnload(set.module)));
            }
        }
        for (CudaBuffer b : new ArrayList<>(buffers)) {
            attempt(failures, () -> free(b));
        }
        buffers.clear();
        for (Long address : new ArrayList<>(pinned.keySet())) {
            attempt(failures, () -> freePinned(address));
        }
        bounce = null;
        closed = true;
        attempt(failures, paramArena::close);
        attempt(failures, this::releaseOwn);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
    }

    /** Destroys the stream (when created) and releases the primary context; used by close and a failed open. */
    private void releaseOwn() {
        List<RuntimeException> failures = new ArrayList<>();
        if (ownIds.size() > 1) {
            tracker.freed(ownIds.remove(1));
            attempt(failures, () -> CudaStatus.check("cuStreamDestroy", JCudaDriver.cuStreamDestroy(stream)));
        }
        if (!ownIds.isEmpty()) {
            tracker.freed(ownIds.remove(0));
            attempt(
                    failures,
                    () -> CudaStatus.check("cuDevicePrimaryCtxRelease", JCudaDriver.cuDevicePrimaryCtxRelease(device)));
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    @Override
    public String toString() {
        return "CudaDevice[" + ordinal + ": " + describe() + (closed ? ", closed" : "") + "]";
    }
}
