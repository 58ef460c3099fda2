package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.FrameMode;
import io.spectro.PadMode;
import io.spectro.SpectrogramSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The parts of {@link SpectrogramSpec} checked against the golden fixtures: torch's frame counts, the presets' keys. */
class SpectrogramSpecGoldenTest {

    private static SpectrogramSpec.Builder b() {
        return SpectrogramSpec.builder();
    }

    /** Asserts an IllegalArgumentException whose message contains every part. */
    private static void rejected(java.util.function.Supplier<?> build, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    record CountRow(String line, SpectrogramSpec spec, long samples, int frames) {
        @Override
        public String toString() {
            return line.replace('\t', ' ');
        }
    }

    static Stream<CountRow> torchFrameCounts() {
        List<CountRow> rows = new ArrayList<>();
        for (String line : GoldenFiles.lines("frame_counts.tsv")) {
            String[] f = line.split("\t");
            boolean kaldi = f[0].equals("kaldi");
            SpectrogramSpec spec = b().nFft(Integer.parseInt(f[1]))
                    .winLength(Integer.parseInt(f[2]))
                    .hopLength(Integer.parseInt(f[3]))
                    .center(Boolean.parseBoolean(f[4]))
                    .padMode(PadMode.parse(f[5]))
                    .frameMode(kaldi ? FrameMode.KALDI : FrameMode.TORCH)
                    .build();
            rows.add(new CountRow(line, spec, Long.parseLong(f[6]), Integer.parseInt(f[7])));
        }
        return rows.stream();
    }

    /** Frame counts torch.stft / torchaudio.compliance.kaldi.fbank give (recorded by make_golden.py); -1 = torch raises. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("torchFrameCounts")
    void frameCountsMatchTorch(CountRow row) {
        if (row.frames < 0) {
            String problem = row.spec.clipProblem(row.samples);
            assertTrue(problem != null, "torch rejects this clip; Spectro should too");
            rejected(() -> row.spec.frameCount(row.samples), Long.toString(row.samples));
        } else {
            assertNull(row.spec.clipProblem(row.samples));
            assertEquals(row.frames, row.spec.frameCount(row.samples));
        }
    }

    /** The golden script wrote each preset's values as keys; they must describe the same spec as Presets. */
    @Test
    void goldenPresetKeysEqualThePresets() {
        int presets = 0;
        for (GoldenConfig c : GoldenConfig.all()) {
            if (!c.preset().isEmpty()) {
                presets++;
                assertEquals(c.spec(), c.keySpec(), c.name() + ": the python keys differ from Presets." + c.preset());
            }
        }
        assertTrue(presets >= 5);
    }
}
