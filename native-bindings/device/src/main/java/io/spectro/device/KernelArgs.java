package io.spectro.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Typed kernel arguments in declaration order: buffers, 32-bit ints, 64-bit longs, floats and a kernel's dynamically
 * sized local memory. Implementations of {@link ComputeDevice#launch} read them with {@link #args()}. Two lists are equal
 * when they hold equal arguments in the same order (buffers by identity), which is what a device needs to replay a
 * recorded launch sequence.
 */
public final class KernelArgs {
    /** One argument. */
    public sealed interface Arg permits BufferArg, IntArg, LongArg, FloatArg, LocalArg {}

    /** A device buffer argument. */
    public record BufferArg(DeviceBuffer buffer) implements Arg {}

    /** An {@code int} argument. */
    public record IntArg(int value) implements Arg {}

    /** A {@code long} argument. */
    public record LongArg(long value) implements Arg {}

    /** A {@code float} argument. */
    public record FloatArg(float value) implements Arg {}

    /**
     * The kernel's dynamically sized local (shared) memory, {@code bytes > 0}: the {@code LOCAL_PARAM} of the kernel
     * source (OpenCL: a {@code __local} argument of that size; CUDA: the launch's dynamic shared memory, its size passed
     * as an {@code int}). At most one per launch.
     */
    public record LocalArg(long bytes) implements Arg {
        /** Validates the size. */
        public LocalArg {
            if (bytes <= 0) {
                throw new IllegalArgumentException("local memory = " + bytes + " bytes is out of range: must be > 0");
            }
        }
    }

    private final List<Arg> args = new ArrayList<>(12);

    /** Starts an empty list. */
    public static KernelArgs of() {
        return new KernelArgs();
    }

    /** Appends a buffer. */
    public KernelArgs buffer(DeviceBuffer b) {
        if (b == null) {
            throw new IllegalArgumentException("buffer argument " + args.size() + " is null");
        }
        args.add(new BufferArg(b));
        return this;
    }

    /** Appends an int. */
    public KernelArgs i32(int v) {
        args.add(new IntArg(v));
        return this;
    }

    /** Appends a flag as the kernels take one: an {@code int}, 1 for true and 0 for false. */
    public KernelArgs flag(boolean v) {
        return i32(v ? 1 : 0);
    }

    /** Appends a long. */
    public KernelArgs i64(long v) {
        args.add(new LongArg(v));
        return this;
    }

    /** Appends a float. */
    public KernelArgs f32(float v) {
        args.add(new FloatArg(v));
        return this;
    }

    /** Appends the kernel's local memory of {@code bytes} bytes ({@link LocalArg}). */
    public KernelArgs local(long bytes) {
        if (args.stream().anyMatch(a -> a instanceof LocalArg)) {
            throw new IllegalArgumentException("a launch takes at most one local memory argument");
        }
        args.add(new LocalArg(bytes));
        return this;
    }

    /** The local memory bytes of the launch: its {@link LocalArg}, or 0 without one. */
    public long localBytes() {
        for (Arg a : args) {
            if (a instanceof LocalArg(long bytes)) {
                return bytes;
            }
        }
        return 0;
    }

    /** The arguments in order (unmodifiable). */
    public List<Arg> args() {
        return Collections.unmodifiableList(args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelArgs k && args.equals(k.args);
    }

    @Override
    public int hashCode() {
        return Objects.hash(args);
    }

    @Override
    public String toString() {
        return args.toString();
    }
}
