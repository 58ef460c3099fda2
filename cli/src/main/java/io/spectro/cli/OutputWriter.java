package io.spectro.cli;

import io.spectro.Spectrogram;
import io.spectro.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes what an input becomes and records it: the features as {@code .npy} (or an entry of its folder's {@code
 * .npz}), the PNG preview, the manifest row, the progress. Every file is written whole or not at all ({@link
 * AtomicFiles}); an input whose files cannot be written is recorded as failed with the reason. While the run is being
 * interrupted, unfinished inputs are simply not recorded.
 */
final class OutputWriter implements Batcher.Results {
    private final Manifest manifest;
    private final Progress progress;
    private final Colormap colormap;

    /**
     * @param manifest where rows are recorded
     * @param progress counts finished inputs
     * @param colormap the previews' colours (used for items with a PNG path)
     */
    OutputWriter(Manifest manifest, Progress progress, Colormap colormap) {
        this.manifest = manifest;
        this.progress = progress;
        this.colormap = colormap;
    }

    @Override
    public void computed(Batcher.Ready ready, Spectrogram s) {
        ExtractItem it = ready.item();
        InputDecoder.Decoded audio = ready.audio();
        ManifestRow row = new ManifestRow(
                it.in.source(),
                it.label,
                audio.sourceRateHz(),
                audio.channels(),
                audio.encoding(),
                audio.durationSeconds(),
                audio.rateHz(),
                s.frames(),
                it.output,
                "ok");
        try {
            float[] data = s.data();
            int[] shape = s.shape();
            if (it.png != null && s.frames() > 0) {
                byte[] image = SpectrogramImage.render(s.spec(), data, s.frames(), it.in.relative(), colormap);
                AtomicFiles.write(it.png, image);
            }
            if (it.archive == null) {
                AtomicFiles.write(it.target, o -> Npy.write(o, data, 0, data.length, shape));
                manifest.record(it, row);
            } else {
                it.archive.add(it, row, data, shape);
                archiveMemberDone(it.archive);
            }
        } catch (AtomicFiles.Interrupted e) {
            return; // shutting down: the input is simply not finished
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            failed(it, audio, "could not write: " + ManifestRow.reason(e));
            return;
        }
        progress.finished(it.in.sizeBytes(), audio.durationSeconds());
    }

    /**
     * Records a streamed input whose {@code .npy} is written (see {@link StreamedExtract}), writing its preview;
     * {@code npzMember}, when not null, is the written {@code .npy} to add to the input's archive (then deleted).
     */
    void streamed(ExtractItem it, InputDecoder.Decoded facts, long frames, byte[] png, java.nio.file.Path npzMember) {
        ManifestRow row = new ManifestRow(
                it.in.source(),
                it.label,
                facts.sourceRateHz(),
                facts.channels(),
                facts.encoding(),
                facts.durationSeconds(),
                facts.rateHz(),
                (int) frames,
                it.output,
                "ok");
        try {
            if (png != null) {
                AtomicFiles.write(it.png, png);
            }
            if (npzMember == null) {
                manifest.record(it, row);
            } else {
                try {
                    it.archive.addFile(it, row, npzMember);
                } finally {
                    java.nio.file.Files.deleteIfExists(npzMember);
                }
                archiveMemberDone(it.archive);
            }
        } catch (AtomicFiles.Interrupted e) {
            return;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            failed(it, facts, "could not write: " + ManifestRow.reason(e));
            return;
        }
        progress.finished(it.in.sizeBytes(), facts.durationSeconds());
    }

    @Override
    public void failed(Batcher.Ready ready, String reason) {
        failed(ready.item(), ready.audio(), reason);
    }

    /**
     * Records {@code it} as failed for {@code reason}, with the decoder's warnings when there were any (they often
     * explain the failure).
     *
     * @param audio the decoded input, or null when it was not decoded
     */
    void failed(ExtractItem it, InputDecoder.Decoded audio, String reason) {
        String message = reason;
        if (audio != null && !audio.warnings().isEmpty()) {
            message = message + " (decoder: " + String.join("; ", audio.warnings()) + ")";
        }
        manifest.record(it, ManifestRow.failed(it.in.source(), it.label, audio, message));
        if (it.archive != null) {
            archiveMemberDone(it.archive);
        }
        progress.finished(it.in.sizeBytes(), audio == null ? 0 : audio.durationSeconds());
    }

    private void archiveMemberDone(NpzArchive archive) {
        for (NpzArchive.Row r : archive.memberDone()) {
            manifest.record(r.item(), r.row());
        }
    }
}
