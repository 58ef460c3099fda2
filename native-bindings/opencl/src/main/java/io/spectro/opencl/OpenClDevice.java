package io.spectro.opencl;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.DeviceException;
import io.spectro.device.Fence;
import io.spectro.device.Kernel;
import io.spectro.device.KernelArgs;
import io.spectro.device.KernelSet;
import io.spectro.device.KernelSource;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One OpenCL device: a context, two in-order queues (compute, and copy for {@link #uploadAsync} / {@link
 * #downloadAsync}, ordered against each other with {@code cl_event}s), buffers, page-locked staging memory ({@code
 * CL_MEM_ALLOC_HOST_PTR} buffers, mapped), and the Spectro program built per mode (cached for the device's life; PoCL
 * also caches compiled kernels on disk). Every OpenCL object is registered with the {@link ResourceTracker} and freed
 * by {@link #close()}. Methods are thread-safe (calls are serialised on the device).
 */
final class OpenClDevice implements ComputeDevice {
    /** Copies larger than this go in pieces (a ByteBuffer view is limited to 2 GiB). */
    private static final long COPY_PIECE = 1L << 30;
    /** Heap segments go through a temporary array of at most this many bytes. */
    private static final int HEAP_PIECE = 1 << 24;
    /** Staging memory up to this size is a mapped CL_MEM_ALLOC_HOST_PTR buffer (a mapping is one ByteBuffer). */
    private static final long MAX_PINNED = 1L << 30;

    private final OpenClProbe.Device info;
    private final ResourceTracker tracker;
    private final cl_device_id id;
    private final cl_context context;
    private final long contextId;
    private final cl_command_queue queue;
    private final long queueId;
    private final cl_command_queue copyQueue;
    private final long copyQueueId;
    private final int groupSize;
    private final long localMemoryBytes;
    private final Set<ClFence> fences = new LinkedHashSet<>();
    private final Map<Long, Pinned> pinned = new LinkedHashMap<>();
    private final ClKernelSet[] sets = new ClKernelSet[2];
    private final List<ClKernelSet> extraSets = new ArrayList<>();
    /** Specialised builds by mode and definitions (at most {@link #MAX_SPECIALISED}; freed by close). */
    private final Map<String, ClKernelSet> specialised = new LinkedHashMap<>();

    /**
     * Most specialised programs one device keeps; past it, plans use the general kernels (same bits), so a process that
     * plans ever new specs does not grow without bound.
     */
    static final int MAX_SPECIALISED = 32;

    /**
     * System property: {@code false} turns off the specialised builds, so that plans use the general kernels (the
     * ones CUDA runs); tests of that path set it.
     */
    static final String SPECIALISE_PROPERTY = "spectro.opencl.specialise";

    /** This device's bound on specialised programs ({@link #MAX_SPECIALISED}; tests lower it). */
    int maxSpecialised = MAX_SPECIALISED;

    private final Set<ClBuffer> buffers = new LinkedHashSet<>();
    private boolean closed;

    OpenClDevice(OpenClProbe.Device info, ResourceTracker tracker) {
        this.info = info;
        this.tracker = tracker;
        this.id = info.id();
        CL.setExceptionsEnabled(true);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, info.platform());
        this.context = Cl.call(
                "clCreateContext", () -> CL.clCreateContext(props, 1, new cl_device_id[] {id}, null, null, null));
        this.contextId = tracker.allocated("cl_context", 0);
        try {
            this.queue = Cl.call("clCreateCommandQueue", () -> CL.clCreateCommandQueue(context, id, 0, null));
        } catch (RuntimeException | Error e) {
            CL.clReleaseContext(context);
            tracker.freed(contextId);
            throw e;
        }
        this.queueId = tracker.allocated("cl_command_queue", 0);
        try {
            this.copyQueue = Cl.call("clCreateCommandQueue(copy)", () -> CL.clCreateCommandQueue(context, id, 0, null));
            this.localMemoryBytes = Cl.deviceLong(id, CL.CL_DEVICE_LOCAL_MEM_SIZE);
        } catch (RuntimeException | Error e) {
            CL.clReleaseCommandQueue(queue);
            tracker.freed(queueId);
            CL.clReleaseContext(context);
            tracker.freed(contextId);
            throw e;
        }
        this.copyQueueId = tracker.allocated("cl_command_queue (copy)", 0);
        this.groupSize = defaultGroupSize(info);
    }

    /**
     * 1-D work-group size: {@code spectro.opencl.groupSize} when set; else 256 on GPUs and 64 elsewhere, never above
     * the device's maximum.
     */
    private static int defaultGroupSize(OpenClProbe.Device info) {
        String p = System.getProperty("spectro.opencl.groupSize");
        int want = "GPU".equals(info.info().type()) ? 256 : 64;
        if (p != null && !p.isBlank()) {
            want = Integer.parseInt(p.strip());
        }
        return (int) Math.max(1, Math.min(want, info.maxWorkGroup()));
    }

    /**
     * System property: {@code true} builds the non-deterministic kernels of a CPU device with the device's built-in
     * log/exp/pow (what a GPU runs in fast mode) instead of the DetMath port; the fast-math test sets it.
     */
    static final String BUILTIN_MATH_PROPERTY = "spectro.opencl.builtinMath";

    /**
     * Build options for this device: {@link #buildOptions(boolean)}, plus on CPU devices, for the non-deterministic
     * build, {@code SPECTRO_DETMATH} (PoCL's built-in log10 is about twice as slow as the DetMath port) unless {@link
     * #BUILTIN_MATH_PROPERTY} asks for the built-in functions.
     */
    private String deviceBuildOptions(boolean deterministic) {
        String o = buildOptions(deterministic);
        if (!"CPU".equals(info.info().type())) {
            return o;
        }
        boolean detMath = !deterministic && !Boolean.getBoolean(BUILTIN_MATH_PROPERTY);
        return detMath ? o + " -D SPECTRO_DETMATH" : o;
    }

    /** Build options: deterministic mode adds {@code SPECTRO_DETERMINISTIC} and correctly rounded division/sqrt. */
    static String buildOptions(boolean deterministic) {
        return deterministic
                ? "-cl-std=CL1.2 -D SPECTRO_DETERMINISTIC -cl-fp32-correctly-rounded-divide-sqrt"
                : "-cl-std=CL1.2";
    }

    /** The full program source: {@code opencl_prelude.h} then {@code spectro.kern}. */
    static String programSource() {
        return KernelSource.program("opencl_prelude.h");
    }

    /**
     * Creates and builds a program from {@code source} for {@code devices}; a failed build throws {@link
     * DeviceException} with the build log. The caller owns (and releases) the returned program.
     */
    static cl_program buildProgram(cl_context context, cl_device_id[] devices, String source, String options) {
        cl_program program = Cl.call(
                "clCreateProgramWithSource",
                () -> CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null));
        try {
            CL.clBuildProgram(program, devices.length, devices, options, null, null);
        } catch (CLException e) {
            StringBuilder log = new StringBuilder();
            for (cl_device_id d : devices) {
                log.append(buildLog(program, d));
            }
            CL.clReleaseProgram(program);
            throw new DeviceException("clBuildProgram(" + options + "): " + Cl.status(e) + "; build log:\n"
                    + log.toString().strip());
        } catch (RuntimeException | Error e) {
            CL.clReleaseProgram(program);
            throw e;
        }
        return program;
    }

    static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] b = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, b.length, Pointer.to(b), null);
            return Cl.cString(b) + "\n";
        } catch (CLException e) {
            return "(no build log: " + Cl.status(e) + ")\n";
        }
    }

    @Override
    public String api() {
        return "opencl";
    }

    @Override
    public String name() {
        return info.info().name() + " (" + info.info().platform() + ")";
    }

    @Override
    public long globalMemoryBytes() {
        return info.info().memoryBytes();
    }

    @Override
    public long maxAllocationBytes() {
        return info.maxAllocation();
    }

    @Override
    public int preferredGroupSize() {
        return groupSize;
    }

    @Override
    public int maxGroupSize() {
        return (int) Math.min(Integer.MAX_VALUE, info.maxWorkGroup());
    }

    /** {@inheritDoc} {@code CL_DEVICE_LOCAL_MEM_SIZE}. */
    @Override
    public long localMemoryBytes() {
        return localMemoryBytes;
    }

    /**
     * {@inheritDoc} Deterministic kernels are refused with a {@link DeviceException} on a device without denormals or
     * correctly rounded divide/sqrt (it could not give ReferencePipeline's bits).
     */
    @Override
    public synchronized KernelSet kernels(boolean deterministic) {
        ensureOpen();
        refuseUnfitDeterministic(deterministic);
        int slot = deterministic ? 1 : 0;
        if (sets[slot] == null) {
            sets[slot] = build(programSource(), deterministic);
        }
        return sets[slot];
    }

    /**
     * Throws {@link DeviceException} when {@code deterministic} kernels are asked of a device without denormals or
     * correctly rounded divide/sqrt (it could not give ReferencePipeline's bits).
     */
    private void refuseUnfitDeterministic(boolean deterministic) {
        String problem = deterministic ? info.deterministicProblem() : null;
        if (problem != null) {
            throw new DeviceException("OpenCL device " + name() + ": " + problem
                    + "; run deterministic specs on another device or the cpu backend");
        }
    }

    /**
     * {@inheritDoc} Built once per mode and definitions and kept until {@link #close()}: the program with a {@code
     * #define} line per definition in front ({@code NAME=VALUE} becomes {@code #define NAME VALUE}; source lines rather
     * than {@code -D} options, whose parsing of function-like macros differs between vendors' compilers). On PoCL the
     * specialised fused kernel compiles in about a second where the general one takes about ten. Returns the general
     * kernels when {@link #SPECIALISE_PROPERTY} is {@code false}, or once {@link #maxSpecialised} programs are held.
     */
    @Override
    public synchronized KernelSet kernels(boolean deterministic, List<String> defines) {
        ensureOpen();
        if (defines.isEmpty()
                || "false".equals(System.getProperty(SPECIALISE_PROPERTY, "").strip())) {
            return kernels(deterministic);
        }
        StringBuilder lines = new StringBuilder();
        for (String d : defines) {
            int eq = d.indexOf('=');
            if (d.isEmpty() || eq == 0 || d.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "kernel definition '" + d + "' must be NAME or NAME=VALUE, non-empty, without spaces");
            }
            lines.append("#define ")
                    .append(eq < 0 ? d : d.substring(0, eq) + " " + d.substring(eq + 1))
                    .append('\n');
        }
        String key = deterministic + "\n" + lines;
        ClKernelSet set = specialised.get(key);
        if (set != null) {
            return set;
        }
        if (specialised.size() >= maxSpecialised) {
            return kernels(deterministic);
        }
        refuseUnfitDeterministic(deterministic);
        set = build(lines + programSource(), deterministic);
        specialised.put(key, set);
        return set;
    }

    /**
     * Builds {@code source} in the given mode and releases the program at once; a failed build throws {@link
     * DeviceException} with the build log.
     */
    synchronized void checkBuild(String source, boolean deterministic) {
        ensureOpen();
        CL.clReleaseProgram(buildProgram(context, new cl_device_id[] {id}, source, buildOptions(deterministic)));
    }

    /**
     * The Spectro program with {@code extraSource} appended (test kernels that call the shared helpers), built in the
     * given mode; tracked and freed by {@link #close()}.
     */
    synchronized KernelSet kernelsWith(String extraSource, boolean deterministic) {
        ensureOpen();
        ClKernelSet set = build(programSource() + "\n" + extraSource, deterministic);
        extraSets.add(set);
        return set;
    }

    /** Builds {@code source} in the given mode and creates all its kernels (tracked; freed by close). */
    private ClKernelSet build(String source, boolean deterministic) {
        ensureOpen();
        cl_program program = buildProgram(context, new cl_device_id[] {id}, source, deviceBuildOptions(deterministic));
        long programId = tracker.allocated("cl_program", 0);
        Map<String, ClKernel> map = new LinkedHashMap<>();
        try {
            int[] n = new int[1];
            Cl.run("clCreateKernelsInProgram", () -> CL.clCreateKernelsInProgram(program, 0, null, n));
            cl_kernel[] ks = new cl_kernel[n[0]];
            Cl.run("clCreateKernelsInProgram", () -> CL.clCreateKernelsInProgram(program, ks.length, ks, null));
            List<cl_kernel> pending = new ArrayList<>(List.of(ks));
            try {
                for (cl_kernel k : ks) {
                    long[] size = new long[1];
                    Cl.run("clGetKernelInfo", () -> CL.clGetKernelInfo(k, CL.CL_KERNEL_FUNCTION_NAME, 0, null, size));
                    byte[] b = new byte[(int) size[0]];
                    Cl.run(
                            "clGetKernelInfo",
                            () -> CL.clGetKernelInfo(k, CL.CL_KERNEL_FUNCTION_NAME, b.length, Pointer.to(b), null));
                    String name = Cl.cString(b);
                    map.put(name, new ClKernel(name, k, tracker.allocated("cl_kernel", 0)));
                    pending.remove(k);
                }
            } finally {
                for (cl_kernel k : pending) {
                    CL.clReleaseKernel(k);
                }
            }
        } catch (RuntimeException | Error e) {
            for (ClKernel k : map.values()) {
                k.release(tracker);
            }
            CL.clReleaseProgram(program);
            tracker.freed(programId);
            throw e;
        }
        return new ClKernelSet(program, programId, map, deterministic);
    }

    @Override
    public synchronized DeviceBuffer allocate(long bytes) {
        ensureOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size = " + bytes + " bytes is out of range: must be > 0");
        }
        cl_mem mem = Cl.call(
                "clCreateBuffer(" + bytes + " bytes)",
                () -> CL.clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null));
        ClBuffer b = new ClBuffer(this, mem, bytes, tracker.allocated("cl_mem", bytes));
        buffers.add(b);
        return b;
    }

    private ClBuffer mine(DeviceBuffer b) {
        if (!(b instanceof ClBuffer cb) || cb.device != this) {
            throw new IllegalArgumentException("buffer " + b + " does not belong to OpenCL device " + name());
        }
        if (cb.closed) {
            throw new IllegalStateException("buffer of " + cb.bytes + " bytes is closed");
        }
        return cb;
    }

    @Override
    public synchronized void upload(MemorySegment src, DeviceBuffer dst, long dstOffset) {
        ensureOpen();
        ClBuffer b = mine(dst);
        long n = src.byteSize();
        checkRange("upload", dstOffset, n, b.bytes);
        for (long done = 0; done < n; ) {
            long piece = Math.min(n - done, src.isNative() ? COPY_PIECE : HEAP_PIECE);
            MemorySegment part = src.asSlice(done, piece);
            Pointer p =
                    src.isNative() ? Pointer.to(part.asByteBuffer()) : Pointer.to(part.toArray(ValueLayout.JAVA_BYTE));
            long at = dstOffset + done;
            Cl.run(
                    "clEnqueueWriteBuffer",
                    () -> CL.clEnqueueWriteBuffer(queue, b.mem, CL_TRUE, at, piece, p, 0, null, null));
            done += piece;
        }
    }

    @Override
    public synchronized void download(DeviceBuffer src, long srcOffset, MemorySegment dst) {
        ensureOpen();
        ClBuffer b = mine(src);
        long n = dst.byteSize();
        checkRange("download", srcOffset, n, b.bytes);
        for (long done = 0; done < n; ) {
            long piece = Math.min(n - done, dst.isNative() ? COPY_PIECE : HEAP_PIECE);
            MemorySegment part = dst.asSlice(done, piece);
            long at = srcOffset + done;
            if (dst.isNative()) {
                Pointer p = Pointer.to(part.asByteBuffer());
                Cl.run(
                        "clEnqueueReadBuffer",
                        () -> CL.clEnqueueReadBuffer(queue, b.mem, CL_TRUE, at, piece, p, 0, null, null));
            } else {
                byte[] tmp = new byte[(int) piece];
                Cl.run(
                        "clEnqueueReadBuffer",
                        () -> CL.clEnqueueReadBuffer(queue, b.mem, CL_TRUE, at, piece, Pointer.to(tmp), 0, null, null));
                MemorySegment.copy(tmp, 0, part, ValueLayout.JAVA_BYTE, 0, tmp.length);
            }
            done += piece;
        }
    }

    private static void checkRange(String what, long offset, long n, long size) {
        if (offset < 0 || n < 0 || offset + n > size) {
            throw new IndexOutOfBoundsException(
                    what + " of " + n + " bytes at offset " + offset + " exceeds the buffer of " + size + " bytes");
        }
    }

    @Override
    public synchronized void zero(DeviceBuffer dst, long offset, long bytes) {
        ensureOpen();
        ClBuffer b = mine(dst);
        checkRange("zero", offset, bytes, b.bytes);
        if (bytes == 0) {
            return;
        }
        Cl.run(
                "clEnqueueFillBuffer",
                () -> CL.clEnqueueFillBuffer(
                        queue, b.mem, Pointer.to(new byte[] {0}), 1, offset, bytes, 0, null, null));
    }

    @Override
    public synchronized void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
        ensureOpen();
        if (!(kernel instanceof ClKernel k) || k.released) {
            throw new IllegalArgumentException("kernel " + kernel + " is not a live kernel of this OpenCL device");
        }
        if (globalSize <= 0) {
            return;
        }
        long local = groupSize > 0 ? groupSize : this.groupSize;
        long global = (globalSize + local - 1) / local * local;
        List<KernelArgs.Arg> list = args.args();
        for (int i = 0; i < list.size(); i++) {
            int index = i;
            switch (list.get(i)) {
                case KernelArgs.BufferArg b -> {
                    cl_mem mem = mine(b.buffer()).mem;
                    setArg(k, index, Sizeof.cl_mem, Pointer.to(mem));
                }
                case KernelArgs.IntArg v -> setArg(k, index, Sizeof.cl_int, Pointer.to(new int[] {v.value()}));
                case KernelArgs.LongArg v -> setArg(k, index, Sizeof.cl_long, Pointer.to(new long[] {v.value()}));
                case KernelArgs.FloatArg v -> setArg(k, index, Sizeof.cl_float, Pointer.to(new float[] {v.value()}));
                case KernelArgs.LocalArg v -> setArg(k, index, v.bytes(), null);
            }
        }
        try {
            CL.clEnqueueNDRangeKernel(queue, k.kernel, 1, null, new long[] {global}, new long[] {local}, 0, null, null);
        } catch (CLException e) {
            throw new DeviceException(
                    "clEnqueueNDRangeKernel(" + k.name + ", global " + global + ", local " + local + "): "
                            + Cl.status(e),
                    e);
        }
    }

    private static void setArg(ClKernel k, int index, long size, Pointer p) {
        try {
            CL.clSetKernelArg(k.kernel, index, size, p);
        } catch (CLException e) {
            throw new DeviceException("clSetKernelArg(" + k.name + ", " + index + "): " + Cl.status(e), e);
        }
    }

    @Override
    public synchronized void finish() {
        ensureOpen();
        Cl.run("clFinish", () -> CL.clFinish(queue));
        Cl.run("clFinish(copy)", () -> CL.clFinish(copyQueue));
    }

    // ---- overlapped copies: the copy queue and events ----------------------------------------------------------

    /**
     * A {@code cl_event} as a {@link Fence}. Fences are per-batch handles, not memory: they are kept in the device's
     * own set (released by {@link #close()} if still open) rather than registered with the {@link ResourceTracker},
     * whose allocation count says whether buffers are reused across batches.
     */
    final class ClFence implements Fence {
        private final cl_event event;
        private boolean closed;

        private ClFence(cl_event event) {
            this.event = event;
            fences.add(this);
        }

        @Override
        public void await() {
            synchronized (OpenClDevice.this) {
                ensureOpen();
                if (closed) {
                    throw new IllegalStateException("fence is closed");
                }
            }
            // Outside the device lock, so that other threads may enqueue meanwhile.
            Cl.run("clWaitForEvents", () -> CL.clWaitForEvents(1, new cl_event[] {event}));
        }

        @Override
        public void close() {
            synchronized (OpenClDevice.this) {
                if (!closed) {
                    release();
                    fences.remove(this);
                }
            }
        }

        private void release() {
            closed = true;
            CL.clReleaseEvent(event);
        }
    }

    private ClFence fence(Fence f) {
        if (f == null || f == Fence.REACHED) {
            return null;
        }
        if (!(f instanceof ClFence cf) || !fences.contains(cf)) {
            throw new IllegalArgumentException("fence " + f + " is not a live fence of OpenCL device " + name());
        }
        return cf;
    }

    private static cl_event[] waitList(ClFence after) {
        return after == null ? null : new cl_event[] {after.event};
    }

    private static void requireNative(String call, MemorySegment host) {
        if (!host.isNative()) {
            throw new IllegalArgumentException(call + " needs native host memory (stagingMemory), not a heap segment");
        }
    }

    /** Enqueues the upload on the copy queue (flushed, so that the compute queue can wait for it). */
    @Override
    public synchronized Fence uploadAsync(MemorySegment src, DeviceBuffer dst, long dstOffset, Fence after) {
        ensureOpen();
        ClBuffer b = mine(dst);
        long n = src.byteSize();
        checkRange("uploadAsync", dstOffset, n, b.bytes);
        requireNative("uploadAsync", src);
        ClFence wait = fence(after);
        return copyAsync(
                n,
                wait,
                (done, piece, waits, ev) -> CL.clEnqueueWriteBuffer(
                        copyQueue,
                        b.mem,
                        false,
                        dstOffset + done,
                        piece,
                        Pointer.to(src.asSlice(done, piece).asByteBuffer()),
                        waits == null ? 0 : 1,
                        waits,
                        ev));
    }

    /** Enqueues the download on the copy queue after {@code after}. */
    @Override
    public synchronized Fence downloadAsync(DeviceBuffer src, long srcOffset, MemorySegment dst, Fence after) {
        ensureOpen();
        ClBuffer b = mine(src);
        long n = dst.byteSize();
        checkRange("downloadAsync", srcOffset, n, b.bytes);
        requireNative("downloadAsync", dst);
        ClFence wait = fence(after);
        return copyAsync(
                n,
                wait,
                (done, piece, waits, ev) -> CL.clEnqueueReadBuffer(
                        copyQueue,
                        b.mem,
                        false,
                        srcOffset + done,
                        piece,
                        Pointer.to(dst.asSlice(done, piece).asByteBuffer()),
                        waits == null ? 0 : 1,
                        waits,
                        ev));
    }

    /** One enqueued copy of a piece of at most {@code COPY_PIECE} bytes. */
    private interface CopyPiece {
        void enqueue(long done, long piece, cl_event[] waits, cl_event event);
    }

    /**
     * Enqueues {@code n} bytes in pieces on the copy queue, the first after {@code after}, and returns a fence after
     * the last (a marker when {@code n} is 0).
     */
    private ClFence copyAsync(long n, ClFence after, CopyPiece copy) {
        cl_event last = new cl_event();
        if (n == 0) {
            Cl.run(
                    "clEnqueueMarkerWithWaitList(copy)",
                    () -> CL.clEnqueueMarkerWithWaitList(copyQueue, after == null ? 0 : 1, waitList(after), last));
        }
        for (long done = 0; done < n; ) {
            long piece = Math.min(n - done, COPY_PIECE);
            long at = done;
            boolean end = done + piece == n;
            cl_event ev = end ? last : null;
            Cl.run(
                    "clEnqueue(Write|Read)Buffer(copy)",
                    () -> copy.enqueue(at, piece, at == 0 ? waitList(after) : null, ev));
            done += piece;
        }
        Cl.run("clFlush(copy)", () -> CL.clFlush(copyQueue));
        return new ClFence(last);
    }

    /** A marker on the compute queue (flushed, so that the copy queue can wait for it). */
    @Override
    public synchronized Fence mark() {
        ensureOpen();
        cl_event ev = new cl_event();
        Cl.run("clEnqueueMarkerWithWaitList", () -> CL.clEnqueueMarkerWithWaitList(queue, 0, null, ev));
        Cl.run("clFlush", () -> CL.clFlush(queue));
        return new ClFence(ev);
    }

    @Override
    public synchronized void waitFor(Fence f) {
        ensureOpen();
        ClFence cf = fence(f);
        if (cf != null) {
            Cl.run(
                    "clEnqueueBarrierWithWaitList",
                    () -> CL.clEnqueueBarrierWithWaitList(queue, 1, new cl_event[] {cf.event}, null));
        }
    }

    // ---- staging memory ------------------------------------------------------------------------------------------

    /** A mapped {@code CL_MEM_ALLOC_HOST_PTR} buffer. */
    private record Pinned(cl_mem mem, java.nio.ByteBuffer mapping, long trackId) {}

    /**
     * {@inheritDoc} Up to 1 GiB: a {@code CL_MEM_ALLOC_HOST_PTR} buffer mapped for reading and writing (page-locked on
     * GPU drivers, which then copy it by DMA), unmapped and released when {@code arena} closes; larger: ordinary
     * off-heap memory.
     */
    @Override
    public synchronized MemorySegment stagingMemory(Arena arena, long bytes) {
        ensureOpen();
        if (bytes <= 0 || bytes > MAX_PINNED) {
            return arena.allocate(Math.max(0, bytes), 64);
        }
        cl_mem mem = Cl.call(
                "clCreateBuffer(CL_MEM_ALLOC_HOST_PTR, " + bytes + " bytes)",
                () -> CL.clCreateBuffer(context, CL_MEM_READ_WRITE | CL.CL_MEM_ALLOC_HOST_PTR, bytes, null, null));
        java.nio.ByteBuffer mapping;
        try {
            mapping = Cl.call(
                    "clEnqueueMapBuffer",
                    () -> CL.clEnqueueMapBuffer(
                            queue, mem, true, CL.CL_MAP_READ | CL.CL_MAP_WRITE, 0, bytes, 0, null, null, null));
        } catch (RuntimeException | Error e) {
            CL.clReleaseMemObject(mem);
            throw e;
        }
        long address = MemorySegment.ofBuffer(mapping).address();
        pinned.put(address, new Pinned(mem, mapping, tracker.allocated("pinned staging (cl_mem)", bytes)));
        try {
            return MemorySegment.ofAddress(address).reinterpret(bytes, arena, s -> freePinned(address));
        } catch (RuntimeException e) {
            freePinned(address);
            throw e;
        }
    }

    /** Unmaps and releases the staging buffer at {@code address} unless already freed (with the device). */
    private synchronized void freePinned(long address) {
        Pinned p = pinned.remove(address);
        if (p == null) {
            return;
        }
        try {
            CL.clEnqueueUnmapMemObject(queue, p.mem(), p.mapping(), 0, null, null);
            CL.clFinish(queue);
            CL.clReleaseMemObject(p.mem());
        } catch (RuntimeException e) {
            // An arena's cleanup action must not throw; the memory is lost to the process, so say so.
            System.getLogger("io.spectro.opencl")
                    .log(System.Logger.Level.WARNING, "releasing OpenCL staging memory: " + e.getMessage());
        } finally {
            tracker.freed(p.trackId());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL device " + name() + " is closed");
        }
    }

    /**
     * Frees every buffer, kernel and program still held, then the queue and the context. Idempotent. Every object is
     * released even if an earlier release fails; the first failure is thrown afterwards.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        release(failures, () -> CL.clFinish(queue));
        release(failures, () -> CL.clFinish(copyQueue));
        for (ClFence f : new ArrayList<>(fences)) {
            release(failures, f::release);
        }
        fences.clear();
        for (Long address : new ArrayList<>(pinned.keySet())) {
            release(failures, () -> freePinned(address));
        }
        closed = true;
        for (ClBuffer b : new ArrayList<>(buffers)) {
            release(failures, b::release);
        }
        buffers.clear();
        for (ClKernelSet set : specialised.values()) {
            release(failures, () -> set.release(tracker));
        }
        specialised.clear();
        for (ClKernelSet set : extraSets) {
            release(failures, () -> set.release(tracker));
        }
        extraSets.clear();
        for (int i = 0; i < sets.length; i++) {
            ClKernelSet set = sets[i];
            if (set != null) {
                release(failures, () -> set.release(tracker));
                sets[i] = null;
            }
        }
        release(failures, () -> CL.clReleaseCommandQueue(copyQueue));
        tracker.freed(copyQueueId);
        release(failures, () -> CL.clReleaseCommandQueue(queue));
        tracker.freed(queueId);
        release(failures, () -> CL.clReleaseContext(context));
        tracker.freed(contextId);
        if (!failures.isEmpty()) {
            throw new DeviceException(
                    "closing OpenCL device " + name() + ": " + failures.get(0).getMessage(), failures.get(0));
        }
    }

    private static void release(List<RuntimeException> failures, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    @Override
    public String toString() {
        return "OpenClDevice[" + name() + "]";
    }

    /** A {@code cl_mem}. */
    static final class ClBuffer implements DeviceBuffer {
        private final OpenClDevice device;
        private final cl_mem mem;
        private final long bytes;
        private final long trackId;
        private boolean closed;

        ClBuffer(OpenClDevice device, cl_mem mem, long bytes, long trackId) {
            this.device = device;
            this.mem = mem;
            this.bytes = bytes;
            this.trackId = trackId;
        }

        @Override
        public long byteSize() {
            return bytes;
        }

        @Override
        public void close() {
            synchronized (device) {
                if (!closed) {
                    release();
                    device.buffers.remove(this);
                }
            }
        }

        private void release() {
            closed = true;
            try {
                CL.clReleaseMemObject(mem);
            } finally {
                device.tracker.freed(trackId);
            }
        }

        @Override
        public String toString() {
            return "cl_mem(" + bytes + " bytes" + (closed ? ", closed" : "") + ")";
        }
    }

    /** A {@code cl_kernel}, created once per name. */
    static final class ClKernel implements Kernel {
        private final String name;
        private final cl_kernel kernel;
        private final long trackId;
        private boolean released;

        ClKernel(String name, cl_kernel kernel, long trackId) {
            this.name = name;
            this.kernel = kernel;
            this.trackId = trackId;
        }

        @Override
        public String name() {
            return name;
        }

        void release(ResourceTracker tracker) {
            if (!released) {
                released = true;
                try {
                    CL.clReleaseKernel(kernel);
                } finally {
                    tracker.freed(trackId);
                }
            }
        }

        @Override
        public String toString() {
            return "cl_kernel(" + name + ")";
        }
    }

    /** The program of one mode and its kernels. */
    static final class ClKernelSet implements KernelSet {
        private final cl_program program;
        private final long programId;
        private final Map<String, ClKernel> kernels;
        private final boolean deterministic;
        private boolean released;

        ClKernelSet(cl_program program, long programId, Map<String, ClKernel> kernels, boolean deterministic) {
            this.program = program;
            this.programId = programId;
            this.kernels = kernels;
            this.deterministic = deterministic;
        }

        @Override
        public Kernel kernel(String name) {
            ClKernel k = kernels.get(name);
            if (k == null) {
                throw new DeviceException("kernel '" + name + "' is not in the Spectro OpenCL program; it has "
                        + Collections.unmodifiableSet(kernels.keySet()));
            }
            return k;
        }

        @Override
        public boolean deterministic() {
            return deterministic;
        }

        /** Kernel names in the program. */
        Set<String> names() {
            return Collections.unmodifiableSet(kernels.keySet());
        }

        void release(ResourceTracker tracker) {
            if (released) {
                return;
            }
            released = true;
            try {
                for (ClKernel k : kernels.values()) {
                    k.release(tracker);
                }
            } finally {
                try {
                    CL.clReleaseProgram(program);
                } finally {
                    tracker.freed(programId);
                }
            }
        }
    }
}
