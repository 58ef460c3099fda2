package io.spectro.bench;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the end-to-end rows find what they run: the project checkout (the launcher, the corpus generator, the anchor
 * script) and the corpora, generated once by {@code tools/e2e-corpus/make_e2e_corpus.py} and cached in a folder keyed
 * by the script's SHA-256 and the scale, so that another version of the script makes a fresh corpus.
 */
final class EndToEndCorpus {
    /** The corpus generator, relative to the project root. */
    static final String SCRIPT = "tools/e2e-corpus/make_e2e_corpus.py";

    /** The Python loop anchor, relative to the project root. */
    static final String ANCHOR = "benchmarks/anchors/e2e_anchor.py";

    /** The launcher, relative to the project root. */
    static final String LAUNCHER = "spectro";

    /** System property naming the project root (checked first). */
    static final String ROOT_PROPERTY = "spectro.root";

    private EndToEndCorpus() {}

    /**
     * The project checkout: {@code -Dspectro.root}; else the checkout this code was loaded from ({@code
     * benchmarks/target/benchmarks.jar} or {@code benchmarks/target/classes}); else the working directory or a parent
     * of it. A checkout is a folder holding the corpus generator and the anchor script.
     *
     * @throws IllegalStateException naming where it looked and what to do
     */
    static Path projectRoot() {
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            if (isRoot(p)) {
                return p;
            }
            throw new IllegalStateException("-D" + ROOT_PROPERTY + "=" + property + " is not a Spectro checkout (no "
                    + SCRIPT + " or " + ANCHOR + " there)");
        }
        Path code = codeLocation();
        for (Path p = code; p != null; p = p.getParent()) {
            tried.add(p);
            if (isRoot(p)) {
                return p;
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            tried.add(p);
            if (isRoot(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the E1-E5 rows need the Spectro checkout (" + SCRIPT + ", " + ANCHOR
                + "): none found above " + (code == null ? "the code's location" : code) + " or the working"
                + " directory; run ./spectro bench from the checkout or pass -D" + ROOT_PROPERTY + "=DIR");
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve(SCRIPT)) && Files.isRegularFile(p.resolve(ANCHOR));
    }

    private static Path codeLocation() {
        try {
            CodeSource cs = EndToEndCorpus.class.getProtectionDomain().getCodeSource();
            return cs == null ? null : Path.of(cs.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The default cache: {@code $XDG_CACHE_HOME/spectro/e2e-corpus}, else {@code ~/.cache/spectro/e2e-corpus}. */
    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("spectro").resolve("e2e-corpus");
    }

    /** {@code cache/<first 12 hex digits of the script's SHA-256>/scale-<scale>}. */
    static Path folder(Path cache, Path script, double scale) throws IOException {
        return cache.resolve(sha256(script).substring(0, 12)).resolve("scale-" + scaleName(scale));
    }

    /** The scale as a folder name: {@code 1}, {@code 0.01}. */
    static String scaleName(double scale) {
        return new BigDecimal(Double.toString(scale)).stripTrailingZeros().toPlainString();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Makes the rows' corpora in {@code folder} unless they are there already (the script keeps a folder whose stamp
     * matches, so a complete corpus costs one interpreter start).
     *
     * @return the generator's run (its output says what failed)
     */
    static ChildRun generate(String python, Path root, Path folder, double scale, List<EndToEndRow> rows, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(folder);
        List<String> cmd = List.of(
                python,
                root.resolve(SCRIPT).toString(),
                "--out",
                folder.toString(),
                "--scale",
                scaleName(scale),
                "--rows",
                String.join(",", rows.stream().map(EndToEndRow::name).toList()));
        return ChildRun.run(cmd, Map.of(), log, 4 * 3600);
    }

    /** The row's input folders in the corpus. */
    static List<Path> inputs(Path folder, EndToEndRow row) {
        return row.folders().stream().map(folder::resolve).toList();
    }

    /**
     * Reads every file of the row's inputs once, so that both Spectro and the anchor (whichever runs first) find them
     * in the page cache.
     *
     * @return bytes read
     */
    static long warmPageCache(List<Path> inputs) throws IOException {
        long total = 0;
        byte[] buf = new byte[1 << 20];
        for (Path in : inputs) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(in)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                try (InputStream is = Files.newInputStream(f)) {
                    for (int n; (n = is.read(buf)) > 0; ) {
                        total += n;
                    }
                }
            }
        }
        return total;
    }
}
