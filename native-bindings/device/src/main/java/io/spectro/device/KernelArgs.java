package io.spectro.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Typed kernel arguments in declaration order: buffers, 32-bit ints, 64-bit longs and floats. Implementations of
 * {@link ComputeDevice#launch} read them with {@link #args()}.
 */
public final class KernelArgs {
    /** One argument. */
    public sealed interface Arg permits BufferArg, IntArg, LongArg, FloatArg {}

    /** A device buffer argument. */
    public record BufferArg(DeviceBuffer buffer) implements Arg {}

    /** An {@code int} argument. */
    public record IntArg(int value) implements Arg {}

    /** A {@code long} argument. */
    public record LongArg(long value) implements Arg {}

    /** A {@code float} argument. */
    public record FloatArg(float value) implements Arg {}

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

    /** The arguments in order (unmodifiable). */
    public List<Arg> args() {
        return Collections.unmodifiableList(args);
    }
}
