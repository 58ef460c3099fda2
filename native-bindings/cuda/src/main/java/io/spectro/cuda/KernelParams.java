package io.spectro.cuda;

import io.spectro.device.DeviceBuffer;
import io.spectro.device.KernelArgs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.ToLongFunction;
import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * Marshals {@link KernelArgs} into what {@code cuLaunchKernel} takes: a parameter block holding each argument's value
 * (buffers as 8-byte device addresses, {@code int} and {@code float} as 4 bytes, {@code long} as 8 bytes, a local
 * memory argument as its size in an {@code int} (the {@code LOCAL_PARAM} of the CUDA prelude), each at an offset
 * aligned to its size, native byte order) and a {@code void*[]} with one pointer per argument into that block.
 * The driver copies the values when the launch is enqueued, so one block per device is reused for every launch.
 */
final class KernelParams {
    private KernelParams() {}

    /** Size in bytes of one argument's value. */
    static int size(KernelArgs.Arg arg) {
        return switch (arg) {
            case KernelArgs.BufferArg b -> Long.BYTES;
            case KernelArgs.IntArg i -> Integer.BYTES;
            case KernelArgs.LongArg l -> Long.BYTES;
            case KernelArgs.FloatArg f -> Float.BYTES;
            case KernelArgs.LocalArg l -> Integer.BYTES;
        };
    }

    /** The byte offset of every argument in the block (each aligned to its size). */
    static long[] offsets(List<KernelArgs.Arg> args) {
        long[] offsets = new long[args.size()];
        long at = 0;
        for (int i = 0; i < offsets.length; i++) {
            int s = size(args.get(i));
            at = (at + s - 1) / s * s;
            offsets[i] = at;
            at += s;
        }
        return offsets;
    }

    /** Bytes the block needs for {@code args}. */
    static long blockSize(List<KernelArgs.Arg> args) {
        if (args.isEmpty()) {
            return 0;
        }
        long[] o = offsets(args);
        return o[o.length - 1] + size(args.get(args.size() - 1));
    }

    /**
     * Writes the values of {@code args} into {@code block} (at least {@link #blockSize} bytes, 8-byte aligned);
     * {@code addressOf} gives each buffer's device address (and rejects buffers of another device). Returns the
     * offsets.
     */
    static long[] write(List<KernelArgs.Arg> args, MemorySegment block, ToLongFunction<DeviceBuffer> addressOf) {
        long[] offsets = offsets(args);
        for (int i = 0; i < offsets.length; i++) {
            long at = offsets[i];
            switch (args.get(i)) {
                case KernelArgs.BufferArg b -> block.set(ValueLayout.JAVA_LONG, at, addressOf.applyAsLong(b.buffer()));
                case KernelArgs.IntArg v -> block.set(ValueLayout.JAVA_INT, at, v.value());
                case KernelArgs.LongArg v -> block.set(ValueLayout.JAVA_LONG, at, v.value());
                case KernelArgs.FloatArg v -> block.set(ValueLayout.JAVA_FLOAT, at, v.value());
                case KernelArgs.LocalArg v ->
                    block.set(ValueLayout.JAVA_INT, at, (int) Math.min(Integer.MAX_VALUE, v.bytes()));
            }
        }
        return offsets;
    }

    /** The {@code kernelParams} pointer for JCuda: a {@code void*[]} whose entries point at the block's values. */
    static Pointer pointers(MemorySegment block, long[] offsets) {
        NativePointerObject[] entries = new NativePointerObject[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            entries[i] = new NativeHandles.HostPointer(block.address() + offsets[i]);
        }
        return Pointer.to(entries);
    }
}
