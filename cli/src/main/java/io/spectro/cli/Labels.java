package io.spectro.cli;

import io.spectro.cli.support.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Labels for inputs: none, the name of each file's folder ({@code --labels dirs}), or a {@code path,label} CSV file
 * ({@code --labels FILE.csv}; a first line {@code path,label} is a header). A CSV path matches an input when it equals
 * the input's path below its folder argument, its path as found, or (after normalising both) its absolute path.
 */
final class Labels {
    private final boolean dirs;
    private final Map<String, String> byPath;
    private final String csvName;

    private Labels(boolean dirs, Map<String, String> byPath, String csvName) {
        this.dirs = dirs;
        this.byPath = byPath;
        this.csvName = csvName;
    }

    /** No labels. */
    static Labels none() {
        return new Labels(false, null, null);
    }

    /** Parses the {@code --labels} value: {@code dirs} or a CSV file. */
    static Labels of(String value) throws UsageException {
        if (value == null) {
            return none();
        }
        if (value.strip().equalsIgnoreCase("dirs")) {
            return new Labels(true, null, null);
        }
        Path csv = Path.of(value);
        if (!Files.isRegularFile(csv)) {
            throw new UsageException(
                    "--labels: '" + value + "' is neither 'dirs' nor an existing CSV file (path,label)");
        }
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--labels: cannot read " + value + ": " + e.getMessage());
        }
        List<List<String>> rows;
        try {
            rows = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--labels: " + value + ": " + e.getMessage());
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (i == 0
                    && r.size() == 2
                    && r.get(0).strip().toLowerCase(Locale.ROOT).equals("path")
                    && r.get(1).strip().toLowerCase(Locale.ROOT).equals("label")) {
                continue;
            }
            if (r.size() != 2) {
                throw new UsageException("--labels: " + value + " row " + (i + 1) + " has " + r.size()
                        + " fields; expected 2 (path,label)");
            }
            String label = r.get(1).strip();
            String path = r.get(0).strip();
            for (String key : List.of(normalise(path), absolute(path))) {
                String previous = map.put(key, label);
                if (previous != null && !previous.equals(label)) {
                    throw new UsageException("--labels: " + value + " gives " + path + " two labels: '" + previous
                            + "' and '" + label + "'");
                }
            }
        }
        return new Labels(false, map, value);
    }

    private static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString().replace('\\', '/');
        } catch (RuntimeException e) {
            return path;
        }
    }

    private static String normalise(String path) {
        try {
            return Path.of(path).normalize().toString().replace('\\', '/');
        } catch (RuntimeException e) {
            return path;
        }
    }

    /** Whether inputs get labels at all. */
    boolean enabled() {
        return dirs || byPath != null;
    }

    /**
     * The label of {@code in}: its folder's name ({@code dirs}), its CSV label, {@code ""} without labels; null when a
     * CSV has no line for it.
     */
    String labelOf(InputFile in) {
        if (dirs) {
            return in.parentName();
        }
        if (byPath == null) {
            return "";
        }
        for (String key : List.of(
                normalise(in.relative()),
                normalise(in.source()),
                in.path().toAbsolutePath().normalize().toString().replace('\\', '/'))) {
            String label = byPath.get(key);
            if (label != null) {
                return label;
            }
        }
        return null;
    }

    /** The CSV file name, for messages. */
    String csvName() {
        return csvName;
    }
}
