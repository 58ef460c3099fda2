package io.spectro.audio;

import io.spectro.audio.flac.FlacDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Not a test (no timing asserts): decodes every {@code .flac} in a folder several times, one thread, and prints
 * files/s and samples/s for the first pass (cold: class loading and JIT included) and the median of the later ones.
 *
 * <p>Run through {@code tools/audio-corpus/bench_flac_decode.sh}, which times python-soundfile on the same files in
 * the same run.
 */
public final class FlacDecodeSpeed {
    private FlacDecodeSpeed() {}

    /**
     * {@code args}: folder, passes (default 7), mode: {@code stream} (FlacDecoder reads the files), {@code decode}
     * ({@link AudioDecoder#decode} to mono clips, as {@code spectro extract} does), {@code memory} (FlacDecoder over
     * the files' bytes read beforehand: the decoder alone, for mono files).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String mode = args.length > 2 ? args[2] : "stream";
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".flac")).sorted().toList();
        }
        List<byte[]> bytes = new java.util.ArrayList<>();
        if (mode.equals("memory")) {
            for (Path f : files) {
                bytes.add(Files.readAllBytes(f));
            }
        }
        double[] seconds = new double[passes];
        long samples = 0;
        float sink = 0;
        float[] buf = new float[1 << 16];
        for (int pass = 0; pass < passes; pass++) {
            long n = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                if (mode.equals("memory")) {
                    try (FlacDecoder d = FlacDecoder.open(
                            java.nio.ByteBuffer.wrap(bytes.get(i)), f.toString(), FlacDecoder.Options.DEFAULT)) {
                        int got;
                        while ((got = d.read(buf, 0, buf.length)) > 0) {
                            n += got;
                            sink += buf[got / 2];
                        }
                    }
                } else if (mode.equals("decode")) {
                    AudioClip clip = AudioDecoder.decode(f, ChannelMode.MIX_TO_MONO);
                    n += clip.samples().length;
                    sink += clip.samples()[clip.samples().length / 2];
                } else {
                    try (FlacDecoder d = FlacDecoder.open(f)) {
                        int frames = buf.length / d.info().channels();
                        int got;
                        while ((got = d.read(buf, 0, frames)) > 0) {
                            n += (long) got * d.info().channels();
                            sink += buf[got / 2];
                        }
                    }
                }
            }
            seconds[pass] = (System.nanoTime() - t0) / 1e9;
            samples = n;
        }
        double cold = seconds[0];
        double[] warm = Arrays.copyOfRange(seconds, 1, passes);
        Arrays.sort(warm);
        double median = warm[warm.length / 2];
        System.out.printf(
                Locale.ROOT,
                "java %-6s %d files, %d samples: cold %.0f files/s %.1f Msamples/s; warm (median of %d) %.0f files/s"
                        + " %.1f Msamples/s [sink %s]%n",
                mode,
                files.size(),
                samples,
                files.size() / cold,
                samples / cold / 1e6,
                warm.length,
                files.size() / median,
                samples / median / 1e6,
                sink);
    }
}
