package io.spectro.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.io.NpyArray;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The executable definition ({@link ReferencePipeline}) against the independent golden references, with the
 * tolerances of {@link GoldenTolerance}: the engine's maths is checked here without any backend.
 */
class ReferencePipelineGoldenTest {

    static Stream<GoldenConfig> configs() {
        return GoldenConfig.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void referencePipelineMatchesGolden(GoldenConfig cfg) {
        SpectrogramSpec spec = cfg.spec();
        SpecTables tables = SpecTables.of(spec);
        List<float[]> inputs = cfg.inputs();
        List<NpyArray> expected = cfg.expected();
        assertEquals(inputs.size(), expected.size(), "one expected file per input clip");
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (int i = 0; i < inputs.size(); i++) {
            float[] x = inputs.get(i);
            int frames = spec.frameCount(x.length);
            assertArrayEquals(expected.get(i).shape(), spec.outputShape(frames), cfg + " clip " + i + " shape");
            float[] out = new float[(int) spec.outputFloats(frames)];
            ReferencePipeline.compute(tables, x, x.length, out);
            GoldenTolerance.Verdict v = GoldenStages.check(cfg, i, x, out, other -> {
                float[] o = new float[(int) other.outputFloats(other.frameCount(x.length))];
                ReferencePipeline.compute(SpecTables.of(other), x, x.length, o);
                return o;
            });
            report.append(String.format(
                    "%n  clip %d: maxAbs %.3g relL2 %.3g worst/bound %.3g (%s) %s",
                    i, v.maxAbs(), v.relL2(), v.worst(), v.criterion(), v.worst() > 0.1 ? v.where() : ""));
            ok &= v.ok();
        }
        System.out.println("[reference vs golden] " + cfg + report);
        assertTrue(ok, cfg + ": " + report);
    }
}
