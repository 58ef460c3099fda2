package io.spectro.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small audio files for the tests: PCM WAVs written byte by byte, and their exactly decoded samples. */
final class TestAudio {
    private TestAudio() {}

    /** {@code frames * channels} int16 samples: a chirp plus noise, seeded. */
    static short[] pcm16(int frames, int channels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        short[] s = new short[frames * channels];
        for (int f = 0; f < frames; f++) {
            double phase = 2 * Math.PI * (200.0 * f / 16000 + 800.0 * f * f / (2.0 * 16000 * 16000 * 2));
            for (int c = 0; c < channels; c++) {
                double v = 0.4 * Math.sin(phase * (c + 1)) + 0.05 * (rnd.nextDouble() * 2 - 1);
                s[f * channels + c] = (short) Math.round(v * 32767);
            }
        }
        return s;
    }

    /** Writes a canonical 16-bit PCM WAV. */
    static void writeWav16(Path file, int rateHz, int channels, short[] interleaved) throws IOException {
        int dataBytes = interleaved.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(rateHz);
        b.putInt(rateHz * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (short v : interleaved) {
            b.putShort(v);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b.array());
    }

    /** The mono signal Spectro decodes from {@code interleaved} int16 (mean of channels in double, x / 32768). */
    static float[] monoOf(short[] interleaved, int channels) {
        float[] out = new float[interleaved.length / channels];
        for (int f = 0; f < out.length; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[f * channels + c] / 32768.0;
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }
}
