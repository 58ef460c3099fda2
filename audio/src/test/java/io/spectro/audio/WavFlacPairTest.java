package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.audio.flac.FlacDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same PCM stored as WAV and as FLAC decodes to the same float32 bits (tools/audio-corpus pair_* files). */
class WavFlacPairTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pair_u8", "pair_s16", "pair_s24", "pair_12in16", "pair_20in24", "pair_s32"})
    void aWavAndItsFlacEncodingGiveTheSameFloatBits(String name) throws IOException {
        Path dir = Path.of(Corpus.audioDir().toString(), "..", "flac");
        AudioClip wav = WavReader.readAll(dir.resolve(name + ".wav"), ChannelMode.ALL);
        float[] flac = new float[wav.samples().length];
        try (FlacDecoder d = FlacDecoder.open(dir.resolve(name + ".flac"))) {
            assertEquals(wav.frames(), d.read(flac, 0, wav.frames()));
            assertEquals(wav.sampleRateHz(), d.info().sampleRateHz());
            assertEquals(wav.source().bitsPerSample(), d.info().bitsPerSample());
        }
        assertArrayEquals(wav.samples(), flac); // assertArrayEquals(float[]) compares bits (floatToIntBits)
        for (ChannelMode mode : Stream.of(ChannelMode.ALL, ChannelMode.MIX_TO_MONO, ChannelMode.select(0))
                .toList()) {
            assertArrayEquals(
                    AudioDecoder.decode(dir.resolve(name + ".wav"), mode).samples(),
                    AudioDecoder.decode(dir.resolve(name + ".flac"), mode).samples(),
                    mode.toString());
        }
    }
}
