package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/** The JMH annotation processor ran: the class output holds META-INF/BenchmarkList with every benchmark. */
class BenchmarkListTest {
    static void assertListsEveryBenchmark(InputStream list) throws IOException {
        Set<String> names = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.readBenchmarkList(list)) {
            names.add(e.getUsername());
        }
        assertEquals(
                Set.of(
                        "io.spectro.bench.SpectrogramBench.batch",
                        "io.spectro.bench.SpectroFftBench.fft",
                        "io.spectro.bench.JTransformsFftBench.fft"),
                names);
    }

    @Test
    void benchmarkListIsGenerated() throws IOException {
        try (InputStream in = BenchmarkListTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(
                    in,
                    "META-INF/BenchmarkList was not generated (is jmh-generator-annprocess on the"
                            + " annotationProcessorPaths?)");
            assertListsEveryBenchmark(in);
        }
    }

    @Test
    void anchorScriptIsPacked() throws IOException {
        try (InputStream in = BenchmarkListTest.class.getResourceAsStream(TorchAnchor.RESOURCE)) {
            assertNotNull(in, TorchAnchor.RESOURCE);
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String k : TorchAnchor.MALLOC_ENV.keySet()) {
                assertTrue(script.contains("\"" + k + "\": \"" + TorchAnchor.MALLOC_ENV.get(k) + "\""), k);
            }
        }
    }
}
