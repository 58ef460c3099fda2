package io.spectro.audio;

import java.util.List;

/** WavInfo values for tests that build clips by hand. */
final class WavInfoFixtures {
    private WavInfoFixtures() {}

    /** A float32 RIFF header description for {@code channels} at {@code rateHz}, of unknown length. */
    static WavInfo dummy(int rateHz, int channels) {
        return new WavInfo(
                "test",
                "RIFF",
                3,
                false,
                SampleEncoding.IEEE_FLOAT,
                32,
                32,
                rateHz,
                channels,
                4 * channels,
                0,
                -1,
                44,
                -1,
                List.of());
    }
}
