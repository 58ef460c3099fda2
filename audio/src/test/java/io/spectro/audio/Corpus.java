package io.spectro.audio;

import io.spectro.io.Npy;
import io.spectro.io.NpyArray;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The committed test corpus (tools/audio-corpus/make_corpus.sh and resample_fixture.py). */
final class Corpus {
    private Corpus() {}

    /** One valid file and its reference decode (python-soundfile, cross-checked from the raw bytes). */
    record Entry(Path wav, int sampleRateHz, int channels, int frames, String referenceSource) {
        String name() {
            return wav.getFileName().toString();
        }

        /** The reference decode, {@code [frames][channels]} row-major, float32. */
        float[] reference() throws IOException {
            String n = name();
            NpyArray a = Npy.read(wav.resolveSibling(n.substring(0, n.length() - 4) + ".npy"));
            if (a.rank() != 2 || a.dim(0) != frames || a.dim(1) != channels) {
                throw new IllegalStateException(n + ": reference shape " + a + " does not match the index");
            }
            return a.data();
        }

        @Override
        public String toString() {
            return name();
        }
    }

    static Path audioDir() {
        return resourceDir("/audio/index.tsv");
    }

    static Path resampleDir() {
        return resourceDir("/resample/index.tsv");
    }

    static Path audio(String name) {
        return audioDir().resolve(name);
    }

    private static Path resourceDir(String marker) {
        try {
            return Path.of(Objects.requireNonNull(
                                    Corpus.class.getResource(marker),
                                    marker + " is not on the test"
                                            + " classpath; run tools/audio-corpus/make_corpus.sh")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a tab-separated index, without comments. */
    static List<String[]> rows(Path index) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(index)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("\t"));
            }
        }
        return out;
    }

    /** Every valid corpus file with a reference. */
    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        Path dir = audioDir();
        for (String[] r : rows(dir.resolve("index.tsv"))) {
            out.add(new Entry(
                    dir.resolve(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]), Integer.parseInt(r[3]), r[4]));
        }
        return out;
    }
}
