package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.BackendStatus;
import io.spectro.Spectro;
import io.spectro.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extract --backend cuda} on a machine without CUDA says why in one line and falls back (the same command
 * works unchanged on a CUDA machine); with {@code --strict-backend} it fails instead.
 */
class BackendFallbackTest {
    @TempDir
    Path dir;

    @Test
    void unavailableNamedBackendFallsBackWithTheReason() throws Exception {
        BackendStatus cuda = Spectro.backends().stream()
                .filter(b -> b.name().equals("cuda"))
                .findFirst()
                .orElse(null);
        assumeTrue(cuda != null && !cuda.availability().available(), "CUDA is available here");
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.05);
        }
        Path in = dir.resolve("clip.npy");
        Files.write(in, Npy.toBytes(x, x.length));
        Path out = dir.resolve("out");
        CliRun run = CliRun.of(
                "extract",
                "--backend",
                "cuda",
                "--preset",
                "whisper",
                "--input-rate",
                "16000",
                "--out",
                out.toString(),
                in.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(
                run.err()
                        .contains("spectro: --backend cuda cannot run here ("
                                + cuda.availability().detail() + ")"),
                run.err());
        assertTrue(Files.exists(out.resolve("clip.npy")));

        CliRun strict = CliRun.of(
                "extract",
                "--backend",
                "cuda",
                "--strict-backend",
                "--preset",
                "whisper",
                "--input-rate",
                "16000",
                "--out",
                dir.resolve("out2").toString(),
                in.toString());
        assertEquals(1, strict.status());
        assertTrue(strict.err().contains(cuda.availability().detail()), strict.err());
    }
}
