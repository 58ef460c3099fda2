package io.spectro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each input's features go. {@code npy}: the input's path below its folder argument with {@code .npy} for its
 * extension ({@code data/dog/a.wav} is {@code OUT/dog/a.npy}). {@code npz}: one archive per input folder ({@code
 * OUT/dog.npz}, the top folder's inputs in {@code OUT/<folder name>.npz}) with one entry per input named by its file
 * stem. The PNG preview mirrors the {@code .npy} name. Two inputs that would share an output, and inputs without a
 * label in a labels file, fail at planning (their manifest row says why).
 */
final class OutputLayout {
    /** The output formats of {@code --format}. */
    enum Format {
        /** One {@code .npy} per input, mirroring the input tree. */
        NPY,
        /** One {@code .npz} per input folder. */
        NPZ
    }

    private OutputLayout() {}

    /** The items of a run, in input order, with their outputs, labels and archives. */
    static List<ExtractItem> plan(List<InputFile> inputs, Path outDir, Format format, boolean png, Labels labels) {
        List<ExtractItem> items = new ArrayList<>();
        Map<String, String> outputOwner = new HashMap<>();
        Map<String, NpzArchive> archives = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputFile in = inputs.get(i);
            String label = labels.labelOf(in);
            String output;
            Path target;
            String key = null;
            NpzArchive archive = null;
            if (format == Format.NPZ) {
                String folder = in.relativeFolder().isEmpty() ? in.rootName() : in.relativeFolder();
                String npzName = folder + ".npz";
                key = in.stem();
                output = npzName + ":" + key;
                target = outDir.resolve(npzName);
                archive = archives.computeIfAbsent(npzName, n -> new NpzArchive(outDir.resolve(n), n));
            } else {
                output = in.relativeStem() + ".npy";
                target = outDir.resolve(output);
            }
            Path pngPath = png ? outDir.resolve(in.relativeStem() + ".png") : null;
            ExtractItem item = new ExtractItem(i, in, label == null ? "" : label, output, target, key, pngPath);
            String owner = outputOwner.putIfAbsent(output, in.source());
            if (owner != null) {
                item.decided = ManifestRow.failed(
                        in.source(),
                        item.label,
                        output,
                        "output " + output + " is already written for " + owner
                                + "; rename one of them (they differ only in extension)");
            } else if (label == null) {
                item.decided =
                        ManifestRow.failed(in.source(), "", output, "no label for this file in " + labels.csvName());
            } else if (archive != null) {
                item.archive = archive;
                archive.members.add(item);
            }
            items.add(item);
        }
        return items;
    }
}
