package io.spectro.cli;

import io.spectro.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of one folder written to one {@code .npz} (with {@code --format npz}). Entries are added as their inputs
 * are computed, into a temporary file; when the last member to compute has finished (written or failed) the archive is
 * committed whole, and only then are its members' rows final. Used from one thread.
 */
final class NpzArchive {
    /** A member's manifest row, final once the archive is committed. */
    record Row(ExtractItem item, ManifestRow row) {}

    final Path path;

    /** The archive's name below the output folder, e.g. {@code dog.npz}. */
    final String name;

    /** Every input planned into this archive, in input order. */
    final List<ExtractItem> members = new ArrayList<>();

    private final List<Row> written = new ArrayList<>();
    private int remaining;
    private AtomicFiles.Pending pending;
    private Npz.Writer writer;

    NpzArchive(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    /** Sets how many members will be computed (and so reported finished) in this run. */
    void expect(int members) {
        remaining = members;
    }

    /** Adds {@code member}'s features, opening the temporary archive at the first one. */
    void add(ExtractItem member, ManifestRow row, float[] data, int[] shape) throws IOException {
        writer().add(member.npzKey, data, shape);
        written.add(new Row(member, row));
    }

    /** Adds {@code member}'s features from the written {@code .npy} file {@code npy} (streamed, any size). */
    void addFile(ExtractItem member, ManifestRow row, Path npy) throws IOException {
        writer().addNpy(member.npzKey, npy);
        written.add(new Row(member, row));
    }

    /** The archive's writer, opening the temporary archive at the first member. */
    private Npz.Writer writer() throws IOException {
        if (writer == null) {
            pending = AtomicFiles.begin(path);
            writer = new Npz.Writer(pending.out());
        }
        return writer;
    }

    /**
     * One more member has finished (written or failed). After the last one the archive is committed and the rows of
     * its written members are returned: as they are, or failed with the reason the archive could not be written. Before
     * the last one, and when the run is being interrupted, nothing is returned.
     */
    List<Row> memberDone() {
        if (--remaining > 0 || writer == null) {
            return List.of();
        }
        try {
            writer.close();
            pending.commit();
            return List.copyOf(written);
        } catch (AtomicFiles.Interrupted e) {
            return List.of(); // shutting down: the folder's inputs are simply not finished
        } catch (IOException e) {
            try {
                pending.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            String why = "could not write " + name + ": " + ManifestRow.reason(e);
            return written.stream()
                    .map(r -> new Row(r.item(), r.row().failedWith(why)))
                    .toList();
        }
    }
}
