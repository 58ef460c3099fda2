package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.device.KernelAbi.KernelId;
import io.spectro.dsp.LogKind;
import io.spectro.dsp.SpecTables;

/**
 * What every stage of a plan launches with: the device and its kernels, the spec and its host tables, the per-frame
 * sizes, the plan's work buffers and constant tables. Used under the backend's device lock.
 *
 * @param device the device
 * @param kernels the kernels built for the spec's mode
 * @param group work-group size of element-wise launches ({@code >= 1})
 * @param tables the spec's host tables
 * @param shape the per-frame buffer sizes
 * @param work the plan's work buffers
 * @param constants the plan's constant tables on the device
 */
record StageContext(
        ComputeDevice device,
        KernelSet kernels,
        int group,
        SpecTables tables,
        PipelineShape shape,
        Workspace work,
        DeviceTables constants) {

    /** The spec. */
    SpectrogramSpec spec() {
        return tables.spec();
    }

    /** The current buffer of {@code slot}. */
    DeviceBuffer buffer(WorkSlot slot) {
        return work.get(slot);
    }

    /** Launches {@code kernel} element-wise over {@code count} work-items. */
    void launch(KernelId kernel, long count, KernelArgs args) {
        launch(kernel.symbol(), count, args);
    }

    /** Launches the {@code log} variant of {@code kernel} element-wise over {@code count} work-items. */
    void launch(KernelId kernel, LogKind log, long count, KernelArgs args) {
        launch(kernel.symbol(log), count, args);
    }

    /** Launches {@code kernel} over {@code globalSize} work-items in groups of exactly {@code groupSize}. */
    void launchGroups(KernelId kernel, long globalSize, int groupSize, KernelArgs args) {
        device.launch(kernels.kernel(kernel.symbol()), globalSize, groupSize, args);
    }

    private void launch(String symbol, long count, KernelArgs args) {
        device.launch(kernels.kernel(symbol), count, group, args);
    }
}
