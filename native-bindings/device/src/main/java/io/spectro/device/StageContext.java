package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.LogKind;
import io.spectro.dsp.SpecTables;

/**
 * What every stage of a plan launches with: the device and its kernels, the spec and its host tables, the per-frame
 * sizes, the plan's work buffers and constant tables. Stages do not launch directly: between {@link #begin()} and
 * {@link #end()} their launches are recorded, each with the global-memory bytes it reads and writes, into the {@link
 * CommandList} of one piece of a batch. Used under the backend's device lock.
 */
final class StageContext {
    private final ComputeDevice device;
    private final KernelSet kernels;
    private final int group;
    private final SpecTables tables;
    private final PipelineShape shape;
    private final Workspace work;
    private final DeviceTables constants;
    private CommandList recording;

    /**
     * @param device the device
     * @param kernels the kernels built for the spec's mode
     * @param group work-group size of element-wise launches ({@code >= 1})
     * @param tables the spec's host tables
     * @param shape the per-frame buffer sizes
     * @param work the plan's work buffers
     * @param constants the plan's constant tables on the device
     */
    StageContext(
            ComputeDevice device,
            KernelSet kernels,
            int group,
            SpecTables tables,
            PipelineShape shape,
            Workspace work,
            DeviceTables constants) {
        this.device = device;
        this.kernels = kernels;
        this.group = group;
        this.tables = tables;
        this.shape = shape;
        this.work = work;
        this.constants = constants;
    }

    ComputeDevice device() {
        return device;
    }

    SpecTables tables() {
        return tables;
    }

    PipelineShape shape() {
        return shape;
    }

    DeviceTables constants() {
        return constants;
    }

    /** The spec. */
    SpectrogramSpec spec() {
        return tables.spec();
    }

    /** The current buffer of {@code slot}. */
    DeviceBuffer buffer(WorkSlot slot) {
        return work.get(slot);
    }

    /** Starts recording a piece's launches. */
    void begin() {
        if (recording != null) {
            throw new IllegalStateException("a command list is already being recorded");
        }
        recording = new CommandList();
    }

    /** Ends the recording and returns it. */
    CommandList end() {
        CommandList c = recording();
        recording = null;
        return c;
    }

    private CommandList recording() {
        if (recording == null) {
            throw new IllegalStateException("stages must be recorded between begin() and end()");
        }
        return recording;
    }

    /**
     * Records {@code kernel} element-wise over {@code count} work-items, reading {@code read} and writing {@code
     * written} bytes of global memory.
     */
    void launch(KernelId kernel, long count, KernelArgs args, long read, long written) {
        record(kernel.symbol(), count, group, args, read, written);
    }

    /** Records the {@code log} variant of {@code kernel} element-wise over {@code count} work-items. */
    void launch(KernelId kernel, LogKind log, long count, KernelArgs args, long read, long written) {
        record(kernel.symbol(log), count, group, args, read, written);
    }

    /** Records {@code kernel} over {@code globalSize} work-items in groups of exactly {@code groupSize}. */
    void launchGroups(KernelId kernel, long globalSize, int groupSize, KernelArgs args, long read, long written) {
        record(kernel.symbol(), globalSize, groupSize, args, read, written);
    }

    /** Records the {@code log} variant of {@code kernel} in groups of exactly {@code groupSize}. */
    void launchGroups(
            KernelId kernel, LogKind log, long globalSize, int groupSize, KernelArgs args, long read, long written) {
        record(kernel.symbol(log), globalSize, groupSize, args, read, written);
    }

    /**
     * Records the {@code log} variant of {@code kernel} taken from {@code set} (a specialised build) in groups of
     * exactly {@code groupSize}.
     */
    void launchGroups(
            KernelSet set,
            KernelId kernel,
            LogKind log,
            long globalSize,
            int groupSize,
            KernelArgs args,
            long read,
            long written) {
        record(set, kernel.symbol(log), globalSize, groupSize, args, read, written);
    }

    /** Records host code that enqueues {@code launches} launches of its own (the vendor FFT), in order. */
    void host(String name, Runnable action, int launches, long read, long written) {
        recording().host(name, action, launches, read, written);
    }

    private void record(String symbol, long globalSize, int groupSize, KernelArgs args, long read, long written) {
        record(kernels, symbol, globalSize, groupSize, args, read, written);
    }

    private void record(
            KernelSet set, String symbol, long globalSize, int groupSize, KernelArgs args, long read, long written) {
        recording().launch(set.kernel(symbol), globalSize, groupSize, args, read, written);
    }
}
