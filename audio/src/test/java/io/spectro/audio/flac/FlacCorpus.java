package io.spectro.audio.flac;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** The committed FLAC corpus (tools/audio-corpus/make_flac_corpus.py) and its libFLAC references. */
final class FlacCorpus {
    private FlacCorpus() {}

    /**
     * One file and what libFLAC decodes it to.
     *
     * @param sha256 SHA-256 of the samples as int32 little-endian, interleaved
     */
    record Entry(Path file, int rateHz, int channels, int bits, long frames, String sha256, String covers) {
        String name() {
            return file.getFileName().toString();
        }

        @Override
        public String toString() {
            return name() + " (" + covers + ")";
        }
    }

    static Path dir() {
        try {
            return Path.of(Objects.requireNonNull(
                                    FlacCorpus.class.getResource("/flac/index.tsv"),
                                    "/flac/index.tsv is not on the test classpath; run"
                                            + " tools/audio-corpus/make_flac_corpus.py")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("index.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] r = line.split("\t");
            out.add(new Entry(
                    dir().resolve(r[0]),
                    Integer.parseInt(r[1]),
                    Integer.parseInt(r[2]),
                    Integer.parseInt(r[3]),
                    Long.parseLong(r[4]),
                    r[5],
                    r[6]));
        }
        return out;
    }

    static Entry entry(String name) throws IOException {
        return entries().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not in the corpus index"));
    }

    /** Decodes a whole stream as integers, {@code maxFrames} at a time. */
    static int[] readAllInts(FlacDecoder d, int maxFrames) throws IOException {
        int ch = d.info().channels();
        int[] out = new int[Math.max(ch, 1 << 12)];
        int frames = 0;
        int[] block = new int[maxFrames * ch];
        while (true) {
            int n = d.readInts(block, 0, maxFrames);
            if (n == 0) {
                break;
            }
            if ((frames + n) * ch > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, (frames + n) * ch));
            }
            System.arraycopy(block, 0, out, frames * ch, n * ch);
            frames += n;
        }
        return java.util.Arrays.copyOf(out, frames * ch);
    }

    static String sha256(int[] samples) {
        ByteBuffer bb = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(samples);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
