package io.spectro.spark;

import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.audio.AudioClip;
import io.spectro.audio.AudioDecoder;
import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Audio files for the Spark tests, and the engine's own features for them (what Spark must reproduce). */
final class TestCorpus {
    private TestCorpus() {}

    /**
     * A labelled folder: {@code dog/a.wav} (16 kHz mono, 2.5 s), {@code dog/b.wav} (16 kHz mono, 0.7 s, quieter),
     * {@code cat/c.WAV} (22.05 kHz stereo, 1.3 s), {@code cat/tone.flac} (16 kHz stereo FLAC), and a non-audio file.
     */
    static Path labelled(Path root) throws IOException {
        writeWav(root.resolve("dog/a.wav"), noise(40_000, 1, 0.5, 1), 16_000, 1);
        writeWav(root.resolve("dog/b.wav"), noise(11_200, 1, 0.05, 2), 16_000, 1);
        writeWav(root.resolve("cat/c.WAV"), noise(2 * 28_665, 2, 0.3, 3), 22_050, 2);
        try (InputStream in = TestCorpus.class.getResourceAsStream("/audio/tone_stereo_16k.flac")) {
            Files.copy(in, root.resolve("cat/tone.flac"));
        }
        Files.writeString(root.resolve("cat/notes.txt"), "not audio");
        return root;
    }

    /** Broken inputs: text named .wav, a WAV cut inside its header, and a clip too short for whisper's frames. */
    static void broken(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("text.wav"), "this is not a WAV file at all");
        Path good = dir.resolve("cut.wav");
        writeWav(good, noise(1000, 1, 0.5, 4), 16_000, 1);
        byte[] all = Files.readAllBytes(good);
        Files.write(good, java.util.Arrays.copyOf(all, 30));
        writeWav(dir.resolve("empty.wav"), new float[0], 16_000, 1);
    }

    /** Uniform noise with a gain, interleaved over {@code channels}, from a fixed seed. */
    static float[] noise(int values, int channels, double gain, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[values];
        for (int i = 0; i < values; i++) {
            x[i] = (float) (gain * (2 * r.nextDouble() - 1) * (i % channels == 0 ? 1 : 0.5));
        }
        return x;
    }

    /** Writes 16-bit PCM WAV ({@code samples} interleaved, in [-1, 1]). */
    static void writeWav(Path file, float[] samples, int rateHz, int channels) throws IOException {
        Files.createDirectories(file.getParent());
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
        b.putInt(rateHz)
                .putInt(rateHz * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (float v : samples) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        Files.write(file, b.array());
    }

    /**
     * The engine's features for {@code file}: decoded and mixed to mono as {@code spectro extract} does, resampled
     * (Kaiser) to the spec's rate when {@code resample} is set, computed by {@code engine}.
     */
    static Spectrogram expected(Spectro engine, Path file, SpectrogramSpec spec, boolean resample) throws IOException {
        AudioClip clip = AudioDecoder.decode(file, ChannelMode.MIX_TO_MONO);
        float[] x = clip.samples();
        if (resample && clip.sampleRateHz() != spec.sampleRateHz()) {
            x = Resampler.of(clip.sampleRateHz(), spec.sampleRateHz(), Resampler.Mode.KAISER)
                    .process(x);
        }
        return engine.compute(spec, x);
    }

    /** The local path of a {@code binaryFile} path ({@code file:/tmp/x.wav}). */
    static Path local(String uri) {
        return Path.of(java.net.URI.create(uri));
    }
}
