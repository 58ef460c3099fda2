package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.audio.ChannelMode;
import io.spectro.audio.Resampler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading an input whole gives every sample exactly once, whether the header's count is right (the array is filled
 * and returned as is) or the file holds more than the first allocation (a compressed file is never trusted for more
 * than eight samples per byte, so the array grows as samples arrive).
 */
class InputDecoderTest {
    @TempDir
    Path tmp;

    private static final InputDecoder DECODER =
            new InputDecoder(null, 16000, ChannelMode.MIX_TO_MONO, Resampler.Mode.KAISER);

    @Test
    void aFileWithFarMoreSamplesThanItsBytesIsReadWhole() throws IOException {
        // 200,000 samples of 16 kHz 16-bit mono in 1,223 bytes (zeros, then 1234 from sample 150,000), made with
        // `flac -s --no-padding --no-seektable -b 4096`: the first allocation (65,536) is filled three times over.
        Path flac = tmp.resolve("long_silence.flac");
        try (InputStream in = InputDecoderTest.class.getResourceAsStream("long_silence.flac")) {
            Files.copy(in, flac);
        }
        InputDecoder.Decoded d = DECODER.decode(flac);
        float[] expected = new float[200_000];
        for (int i = 150_000; i < expected.length; i++) {
            expected[i] = 1234 / 32768f;
        }
        assertArrayEquals(expected, d.samples());
        assertEquals(12.5, d.durationSeconds());
    }

    @Test
    void aWavWhoseHeaderCountsItsFramesIsReadExactly() throws IOException {
        for (int frames : new int[] {1, 4095, 4096, 65_536, 65_537, 100_003}) {
            short[] pcm = TestAudio.pcm16(frames, 2, frames);
            Path wav = tmp.resolve(frames + ".wav");
            TestAudio.writeWav16(wav, 16000, 2, pcm);
            float[] got = DECODER.decode(wav).samples();
            assertArrayEquals(TestAudio.monoOf(pcm, 2), got, frames + " frames");
        }
    }
}
