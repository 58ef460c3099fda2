package io.spectro.cli;

import io.spectro.SpectrogramSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which inputs a re-run can skip: those whose previous row in {@code manifest.csv} is ok with the same output, whose
 * output (and PNG) is at least as new as the input, and whose spec at that row's rate is among those in {@code
 * spec.json} (compared as specs, see {@link #sameComputation}). An {@code .npz} archive is skipped only whole: when
 * every member is up to date and the archive holds exactly those members.
 */
final class UpToDateCheck {
    private UpToDateCheck() {}

    /**
     * Marks the items that are up to date ({@link ExtractItem#upToDate}, with the previous row as {@link
     * ExtractItem#decided}). Without a previous manifest and spec.json nothing is; an unreadable spec.json is one line
     * on {@code err} and nothing is.
     */
    static void mark(List<ExtractItem> items, Path outDir, SpecsByRate specs, PrintStream err) throws IOException {
        Path manifest = outDir.resolve(Manifest.CSV);
        Path specJson = outDir.resolve(Manifest.SPEC_JSON);
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(specJson)) {
            return;
        }
        List<SpectrogramSpec> oldSpecs;
        try {
            oldSpecs = SpecJson.read(Files.readString(specJson, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            err.println("spectro: " + specJson + " cannot be read (" + e.getMessage() + "); every input is computed");
            return;
        }
        Map<String, ManifestRow> old = ManifestRow.parse(Files.readString(manifest, StandardCharsets.UTF_8));
        Map<String, Set<String>> oldArchiveMembers = new HashMap<>();
        for (ManifestRow r : old.values()) {
            int colon = r.output().indexOf(".npz:");
            if (r.ok() && colon > 0) {
                oldArchiveMembers
                        .computeIfAbsent(r.output().substring(0, colon + 4), k -> new HashSet<>())
                        .add(r.source());
            }
        }
        Set<NpzArchive> archives = new LinkedHashSet<>();
        for (ExtractItem it : items) {
            if (!it.toCompute()) {
                continue;
            }
            ManifestRow r = old.get(it.in.source());
            if (r != null && upToDate(it, r, specs, oldSpecs)) {
                it.upToDate = true;
                it.decided = r.withLabel(it.label);
            }
            if (it.archive != null) {
                archives.add(it.archive);
            }
        }
        for (NpzArchive a : archives) {
            Set<String> members = new HashSet<>();
            boolean all = true;
            for (ExtractItem it : a.members) {
                members.add(it.in.source());
                all &= it.upToDate;
            }
            if (!all || !members.equals(oldArchiveMembers.getOrDefault(a.name, Set.of()))) {
                for (ExtractItem it : a.members) {
                    it.upToDate = false;
                    it.decided = null;
                }
            }
        }
    }

    private static boolean upToDate(ExtractItem it, ManifestRow r, SpecsByRate specs, List<SpectrogramSpec> oldSpecs) {
        if (!r.ok() || !r.output().equals(it.output) || r.sampleRateHz() <= 0) {
            return false;
        }
        Integer fixed = specs.recipe().fixedRateHz();
        if (fixed != null && fixed != r.sampleRateHz()) {
            return false;
        }
        SpectrogramSpec now = specs.specAt(r.sampleRateHz());
        if (now == null || oldSpecs.stream().noneMatch(s -> sameComputation(s, now))) {
            return false;
        }
        long inputMillis = it.in.modifiedMillis();
        return newer(it.target, inputMillis) && (it.png == null || newer(it.png, inputMillis));
    }

    /**
     * Whether two specs compute the same features: equal once a mel {@code fmax} left at Nyquist is replaced by the
     * Nyquist frequency of the spec's (fixed) rate, the value spec.json files record.
     */
    static boolean sameComputation(SpectrogramSpec a, SpectrogramSpec b) {
        return resolved(a).equals(resolved(b));
    }

    private static SpectrogramSpec resolved(SpectrogramSpec s) {
        return s.mel() == null || !Double.isNaN(s.mel().fmaxHz())
                ? s
                : s.toBuilder().fmaxHz(s.fmaxHz()).build();
    }

    private static boolean newer(Path output, long inputMillis) {
        try {
            return Files.isRegularFile(output)
                    && Files.getLastModifiedTime(output).toMillis() >= inputMillis;
        } catch (IOException e) {
            return false;
        }
    }
}
