package io.spectro.cli;

import java.nio.file.Path;

/**
 * One input of a {@code spectro extract} run and what is to become of it: where its output goes, its label, the
 * {@code .npz} archive it belongs to, and whether its manifest row is already decided before any work (skipped as up
 * to date, or failed at planning).
 */
final class ExtractItem {
    /** Position among the run's inputs: the manifest lists rows in this order. */
    final int index;

    final InputFile in;

    /** The label ({@code ""} without labels). */
    final String label;

    /** The output as the manifest names it: {@code dog/a.npy}, or {@code dog.npz:a} for an archive entry. */
    final String output;

    /** The file written: the {@code .npy}, or the {@code .npz} holding the entry. */
    final Path target;

    /** The entry name in the archive, or null for {@code .npy} output. */
    final String npzKey;

    /** The PNG preview written beside the output, or null without {@code --png}. */
    final Path png;

    /** The archive this input is written to, or null. */
    NpzArchive archive;

    /** The row decided before any work (up to date, or failed at planning), or null when the input is to be computed. */
    ManifestRow decided;

    /** Whether {@link #decided} is the previous run's row of an up-to-date output. */
    boolean upToDate;

    ExtractItem(int index, InputFile in, String label, String output, Path target, String npzKey, Path png) {
        this.index = index;
        this.in = in;
        this.label = label;
        this.output = output;
        this.target = target;
        this.npzKey = npzKey;
        this.png = png;
    }

    /** The item is computed: neither up to date nor failed at planning. */
    boolean toCompute() {
        return decided == null;
    }
}
