package io.spectro.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The device work of one piece of a batch, recorded in order before it is submitted ({@link ComputeDevice#submit}):
 * kernel launches, and host-side steps that enqueue work of their own (the vendor FFT). Every step declares the
 * global-memory bytes it reads and writes, so that the orchestration counts a batch's launches and traffic (see
 * PIPELINE.md for how each kernel counts). Two lists of launches only are equal when they launch the same kernels
 * with equal arguments in the same order, so a device may replay a list it has seen (a CUDA graph).
 */
public final class CommandList {
    /** One step. */
    public sealed interface Step permits Launch, HostStep {
        /** Global-memory bytes the step reads. */
        long readBytes();

        /** Global-memory bytes the step writes. */
        long writtenBytes();
    }

    /**
     * A kernel launch, as {@link ComputeDevice#launch} takes it.
     *
     * @param kernel the kernel
     * @param globalSize work-items (rounded up to a multiple of the group size)
     * @param groupSize work-group size; 0 = the device's choice
     * @param args the arguments
     * @param readBytes global-memory bytes the launch reads (each distinct byte of a work-group once)
     * @param writtenBytes global-memory bytes the launch writes
     */
    public record Launch(
            Kernel kernel, long globalSize, int groupSize, KernelArgs args, long readBytes, long writtenBytes)
            implements Step {}

    /**
     * Host code that enqueues device work itself (e.g. a cuFFT transform), run in order with the launches.
     *
     * @param name what it is, for messages
     * @param action the code
     * @param launches kernel launches it enqueues (as counted by the traffic model)
     * @param readBytes global-memory bytes its work reads
     * @param writtenBytes global-memory bytes its work writes
     */
    public record HostStep(String name, Runnable action, int launches, long readBytes, long writtenBytes)
            implements Step {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final List<Step> steps = new ArrayList<>();

    /** Appends a launch. */
    public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args, long read, long written) {
        steps.add(new Launch(kernel, globalSize, groupSize, args, read, written));
    }

    /** Appends a host step. */
    public void host(String name, Runnable action, int launches, long read, long written) {
        steps.add(new HostStep(name, action, launches, read, written));
    }

    /** The steps in order (unmodifiable). */
    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** Whether every step is a kernel launch (a list a device may capture and replay). */
    public boolean launchesOnly() {
        return steps.stream().allMatch(s -> s instanceof Launch);
    }

    /** Kernel launches, host steps counted by what they enqueue. */
    public int launches() {
        int n = 0;
        for (Step s : steps) {
            n += s instanceof HostStep h ? h.launches() : 1;
        }
        return n;
    }

    /** Global-memory bytes read by all steps. */
    public long readBytes() {
        return steps.stream().mapToLong(Step::readBytes).sum();
    }

    /** Global-memory bytes written by all steps. */
    public long writtenBytes() {
        return steps.stream().mapToLong(Step::writtenBytes).sum();
    }

    /** Whether the list is empty. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandList c && steps.equals(c.steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return "CommandList[" + steps.size() + " steps]";
    }
}
