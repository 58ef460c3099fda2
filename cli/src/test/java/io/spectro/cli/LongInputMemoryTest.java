package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long input extracts in a small heap: a 30-minute stereo WAV (resampled, mixed, whisper features of 115 MB as
 * float32 samples, more than the heap) through {@code spectro extract} in a forked JVM with {@code -Xmx64m}; the
 * scaled-down version of the 1-hour / 4 GB / 3-hour checks with {@code -Xmx512m}.
 */
class LongInputMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void thirtyMinutesInSixtyFourMegabytes() throws Exception {
        int rate = 22050;
        int channels = 2;
        long frames = 30L * 60 * rate;
        Path wav = tmp.resolve("long.wav");
        writeTone(wav, rate, channels, frames);
        Path out = tmp.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "extract",
                "--backend",
                "cpu",
                "--preset",
                "whisper",
                "--out",
                out.toString(),
                wav.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the extraction finishes");
        String text = new String(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        long samples = io.spectro.audio.Resampler.outputLength(frames, rate, 16000);
        int expectedFrames = Presets.whisper().frameCount(samples);
        try (FileChannel ch = FileChannel.open(out.resolve("long.npy"))) {
            ByteBuffer head = ByteBuffer.allocate(128);
            ch.read(head, 0);
            String header = new String(head.array(), StandardCharsets.ISO_8859_1);
            assertTrue(header.contains("'shape': (80, " + expectedFrames + ")"), header);
            assertEquals(128 + 80L * expectedFrames * 4, ch.size());
        }
        String manifest = Files.readString(out.resolve(Manifest.CSV));
        assertTrue(
                manifest.contains(
                        "," + rate + ",2,PCM signed 16-bit,1800.000000,16000," + expectedFrames + ",long.npy,ok"),
                manifest);
        assertArrayEquals(new String[0], leftovers(out), "no scratch or temporary file left");
    }

    private static String[] leftovers(Path out) throws IOException {
        try (var s = Files.list(out)) {
            return s.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .toArray(String[]::new);
        }
    }

    /** A 16-bit WAV of a slow chirp per channel, written block by block. */
    private static void writeTone(Path file, int rate, int channels, long frames) throws IOException {
        long dataBytes = frames * channels * 2;
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
        h.putShort((short) channels).putInt(rate).putInt(rate * channels * 2).putShort((short) (channels * 2));
        h.putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        try (OutputStream o =
                new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 20)) {
            o.write(h.array());
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            double phase = 0;
            for (long f = 0; f < frames; f++) {
                phase += 2 * Math.PI * (100 + (f % (rate * 10L)) * 0.0005) / rate;
                short v = (short) (8000 * Math.sin(phase));
                for (int c = 0; c < channels; c++) {
                    b.putShort(c == 0 ? v : (short) (v / 2));
                }
                if (b.remaining() < 2 * channels) {
                    o.write(b.array(), 0, b.position());
                    b.clear();
                }
            }
            o.write(b.array(), 0, b.position());
        }
    }
}
