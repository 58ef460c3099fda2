package io.spectro.cli;

import io.spectro.cli.support.CommandLines;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closing lines of a {@code spectro extract} run and its exit status: how many inputs are ok (and how many of
 * them were up to date), how many failed, the audio computed and the speed, then every failed input with its reason
 * (the first {@value #SHOWN_FAILURES}; the manifest has all) and where the manifest and spec are.
 */
final class RunSummary {
    /** Failed inputs listed by name; the rest are counted. */
    static final int SHOWN_FAILURES = 20;

    private RunSummary() {}

    /**
     * Prints the summary of {@code items} as {@code manifest} recorded them.
     *
     * @return {@link CommandLines#OK} when every input is ok, else {@link CommandLines#FAILED}
     */
    static int print(
            PrintStream out, List<ExtractItem> items, Manifest manifest, Progress progress, String backendName) {
        int ok = 0;
        int upToDate = 0;
        int unfinished = 0;
        List<ManifestRow> failed = new ArrayList<>();
        for (ExtractItem it : items) {
            ManifestRow r = manifest.row(it);
            if (r == null) {
                unfinished++;
            } else if (r.ok()) {
                ok++;
                upToDate += it.upToDate ? 1 : 0;
            } else {
                failed.add(r);
            }
        }
        double seconds = progress.elapsedSeconds();
        double audio = progress.computedAudioSeconds();
        out.println("done: " + ok + " of " + items.size() + " ok"
                + (upToDate > 0 ? " (" + upToDate + " up to date)" : "")
                + (failed.isEmpty() ? "" : ", " + failed.size() + " failed")
                + "; computed " + Progress.hours(audio) + " of audio in "
                + String.format(Locale.ROOT, "%.1f s", seconds)
                + (audio > 0 && seconds > 0
                        ? String.format(Locale.ROOT, " (%.0f audio-s/s on %s)", audio / seconds, backendName)
                        : ""));
        for (int i = 0; i < failed.size(); i++) {
            if (i == SHOWN_FAILURES) {
                out.println("  ... and " + (failed.size() - SHOWN_FAILURES) + " more (see the manifest)");
                break;
            }
            out.println(
                    "  FAILED " + failed.get(i).source() + ": " + failed.get(i).status());
        }
        out.println("  manifest " + manifest.csvPath() + ", spec " + manifest.specPath());
        return failed.isEmpty() && unfinished == 0 ? CommandLines.OK : CommandLines.FAILED;
    }
}
