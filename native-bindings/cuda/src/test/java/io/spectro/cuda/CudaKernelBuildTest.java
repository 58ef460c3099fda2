package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA kernel build: {@code build-fatbin.sh} compiling {@code cuda_prelude.h} + {@code spectro.kern} with nvcc.
 * With nvcc present (as on the build machines) the shared source must compile in both modes without a single
 * warning, the build output must hold both fatbins, the prelude must cover the whole dialect, and the deterministic
 * options must really forbid FMA contraction and flush-to-zero. Without nvcc these tests are skipped with the reason;
 * the "nvcc absent" path of the script is tested everywhere.
 */
class CudaKernelBuildTest {
    static final Path MODULE = Path.of(System.getProperty("user.dir"));
    static final Path KERNELS =
            MODULE.resolve("../device/src/main/resources/io/spectro/kernels").normalize();
    static final Path SCRIPT = MODULE.resolve("src/main/cuda/build-fatbin.sh");

    @TempDir
    Path tmp;

    record Run(int exitCode, String output) {}

    /** nvcc as the build script finds it: $NVCC, PATH, $CUDA_HOME/bin, /usr/local/cuda/bin. */
    static Optional<Path> nvcc() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("NVCC");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nvcc"));
                }
            }
            String home = System.getenv("CUDA_HOME");
            if (home != null && !home.isBlank()) {
                candidates.add(Path.of(home, "bin", "nvcc"));
            }
            candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    static Path requireNvcc() {
        Optional<Path> n = nvcc();
        assumeTrue(
                n.isPresent(),
                "nvcc not found ($NVCC, PATH, $CUDA_HOME/bin, /usr/local/cuda/bin): CUDA kernel"
                        + " compilation cannot be checked here");
        return n.get();
    }

    static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        return new Run(p.exitValue(), out);
    }

    Run script(Path kernelDir, Path out, Path work, Map<String, String> env) throws IOException, InterruptedException {
        return run(List.of("bash", SCRIPT.toString(), kernelDir.toString(), out.toString(), work.toString()), env);
    }

    /** A kernel folder holding the real prelude and {@code source} as spectro.kern. */
    Path kernelDir(String name, String source) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(KERNELS.resolve("cuda_prelude.h"), dir.resolve("cuda_prelude.h"));
        Files.writeString(dir.resolve("spectro.kern"), source);
        return dir;
    }

    static void assertFatbin(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        assertTrue(b.length > 64, file + " is too small: " + b.length);
        // Fatbin header magic 0xBA55ED50, little-endian.
        assertArrayEquals(new byte[] {0x50, (byte) 0xed, 0x55, (byte) 0xba}, Arrays.copyOf(b, 4), file.toString());
    }

    @Test
    void sharedSourceCompilesInBothModesWithoutWarnings() throws Exception {
        requireNvcc();
        assertTrue(Files.isRegularFile(KERNELS.resolve("spectro.kern")), "the shared kernel source is missing");
        Path out = tmp.resolve("out");
        // One SASS architecture (plus the PTX) keeps this test to a few seconds; the Maven build compiles them all.
        Run r = script(KERNELS, out, tmp.resolve("work"), Map.of("SPECTRO_SASS_ARCHS", "75"));
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("failed or warned"), r.output());
        assertTrue(r.output().contains("CUDA kernels built"), r.output());
        assertFatbin(out.resolve("spectro_det.fatbin"));
        assertFatbin(out.resolve("spectro_fast.fatbin"));
        assertNotEquals(
                Arrays.hashCode(Files.readAllBytes(out.resolve("spectro_det.fatbin"))),
                Arrays.hashCode(Files.readAllBytes(out.resolve("spectro_fast.fatbin"))),
                "deterministic and fast builds must differ");
    }

    @Test
    void buildOutputHoldsBothFatbinsForEveryTarget() throws IOException {
        requireNvcc();
        Optional<KernelBinaries> k = KernelBinaries.find();
        assertTrue(
                k.isPresent(),
                "nvcc is present, so the build must have put the fatbins and manifest under " + KernelBinaries.FOLDER);
        assertArrayEquals(new int[] {75, 80, 86, 89, 90}, k.get().sass());
        assertEquals(90, k.get().ptx());
        assertEquals(
                Integer.parseInt(k.get().nvccVersion().split("\\.")[0]) * 1000,
                k.get().ptxMinDriver());
        for (boolean det : new boolean[] {true, false}) {
            byte[] fatbin = KernelBinaries.fatbin(det);
            assertTrue(fatbin.length > 1024, "fatbin too small: " + fatbin.length);
            assertArrayEquals(new byte[] {0x50, (byte) 0xed, 0x55, (byte) 0xba}, Arrays.copyOf(fatbin, 4));
        }
    }

    /** Uses every macro of DIALECT.md's CUDA column (and DEVFN) the way spectro.kern may. */
    static final String DIALECT_SAMPLE = """
            #define SCALE 0x1.8p-1f
            DEVFN float twice(float x) {
                return x + x;
            }

            KERNEL sample_elementwise(GLOBAL const float* in, GLOBAL float* out, GLOBAL const int* idx,
                                      GLOBAL int* bits, i64 n, int k, float s) {
                i64 i = GID();
                if (i >= n) {
                    return;
                }
                float v = in[idx[i]] * s + SCALE;
                bits[i] = AS_INT(v) ^ k;
                float r = SQRT_RN(v > 0.0f ? v : -v) + twice(AS_FLOAT(bits[i] ^ k));
            #ifndef SPECTRO_DETERMINISTIC
                r += FAST_LOG(v) + FAST_LOG10(v) + FAST_EXP(v);
            #endif
                out[i] = r != r ? NAN_F : (r > 1e30f ? INF_F : r);
            }

            KERNEL sample_reduce(GLOBAL const float* in, GLOBAL float* out, i64 n) {
                LOCAL_MEM float part[256];
                int l = LID();
                i64 g = GID();
                part[l] = g < n ? in[g] : 0.0f;
                BARRIER();
                for (int s = GROUP_SIZE() / 2; s > 0; s >>= 1) {
                    if (l < s) {
                        part[l] += part[l + s];
                    }
                    BARRIER();
                }
                if (l == 0) {
                    out[GROUP_ID()] = part[0];
                }
            }
            """;

    @Test
    void preludeCoversTheDialectAndUnchangedSourcesAreNotRebuilt() throws Exception {
        requireNvcc();
        Path dir = kernelDir("dialect", DIALECT_SAMPLE);
        Path out = tmp.resolve("out");
        Path work = tmp.resolve("work");
        Map<String, String> env = Map.of("SPECTRO_SASS_ARCHS", "75");
        Run first = script(dir, out, work, env);
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("CUDA kernels built"), first.output());
        assertFatbin(out.resolve("spectro_det.fatbin"));
        Run second = script(dir, out, work, env);
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("up to date"), second.output());
        Files.writeString(dir.resolve("spectro.kern"), DIALECT_SAMPLE + "\n/* changed */\n");
        Run third = script(dir, out, work, env);
        assertTrue(third.output().contains("CUDA kernels built"), "a changed source must rebuild: " + third.output());
    }

    @Test
    void deterministicOptionsForbidContractionAndFlushToZero() throws Exception {
        Path nvcc = requireNvcc();
        Path dir = kernelDir("contract", """
                KERNEL axpb(GLOBAL const float* a, GLOBAL const float* b, GLOBAL const float* c, GLOBAL float* out,
                            GLOBAL float* q, i64 n) {
                    i64 i = GID();
                    if (i < n) {
                        out[i] = a[i] * b[i] + c[i];
                        q[i] = a[i] / b[i];
                    }
                }
                """);
        // The options the build used, from the manifest it wrote.
        Run build = script(dir, tmp.resolve("out"), tmp.resolve("work"), Map.of("SPECTRO_SASS_ARCHS", "75"));
        assertEquals(0, build.exitCode(), build.output());
        Properties manifest = new Properties();
        try (InputStream in = Files.newInputStream(tmp.resolve("out").resolve(KernelBinaries.MANIFEST))) {
            manifest.load(in);
        }
        String det = ptx(nvcc, dir, manifest.getProperty("nvcc.det.options"));
        String fast = ptx(nvcc, dir, manifest.getProperty("nvcc.fast.options"));
        assertTrue(det.contains("mul.rn.f32") && det.contains("add.rn.f32"), det);
        assertFalse(det.contains("fma.rn"), "deterministic PTX must not contract a*b+c:\n" + det);
        assertFalse(det.contains(".ftz"), "deterministic PTX must keep denormals:\n" + det);
        assertTrue(det.contains("div.rn.f32"), "deterministic division must be correctly rounded:\n" + det);
        assertTrue(
                fast.contains("fma.rn.f32"), "the fast build contracts (so this test can tell them apart):\n" + fast);
    }

    private String ptx(Path nvcc, Path dir, String options) throws Exception {
        Path unit =
                Files.writeString(dir.resolve("unit.cu"), "#include \"cuda_prelude.h\"\n#include \"spectro.kern\"\n");
        Path ptx = dir.resolve("out-" + Integer.toHexString(options.hashCode()) + ".ptx");
        List<String> cmd = new ArrayList<>(
                List.of(nvcc.toString(), "-ptx", "-x", "cu", "-std=c++17", "-arch=compute_75", "-I", dir.toString()));
        Stream.of(options.strip().split("\\s+")).filter(s -> !s.isEmpty()).forEach(cmd::add);
        cmd.addAll(List.of("-o", ptx.toString(), unit.toString()));
        Run r = run(cmd, Map.of());
        assertEquals(0, r.exitCode(), r.output());
        return Files.readString(ptx);
    }

    @Test
    void aWarningFailsTheBuild() throws Exception {
        requireNvcc();
        Path dir = kernelDir("warning", """
                KERNEL unused_variable(GLOBAL float* a, i64 n) {
                    int unused;
                    i64 i = GID();
                    if (i < n) {
                        a[i] = 1.0f;
                    }
                }
                """);
        Path out = tmp.resolve("out");
        Run r = script(dir, out, tmp.resolve("work"), Map.of("SPECTRO_SASS_ARCHS", "75"));
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("failed or warned") && r.output().contains("unused"), r.output());
        assertFalse(Files.exists(out.resolve("spectro_det.fatbin")));
    }

    @Test
    void withoutNvccTheBuildSucceedsWithOneLineAndNoStaleKernels() throws Exception {
        Path dir = kernelDir("absent", DIALECT_SAMPLE);
        Path out = Files.createDirectories(tmp.resolve("out"));
        for (String f : List.of("spectro_det.fatbin", "spectro_fast.fatbin", KernelBinaries.MANIFEST)) {
            Files.writeString(out.resolve(f), "stale");
        }
        Run r = script(
                dir,
                out,
                tmp.resolve("work"),
                Map.of("NVCC", tmp.resolve("no-nvcc-here").toString()));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
        assertTrue(r.output().contains("the CUDA kernels were not built"), r.output());
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(0, left.count(), "stale kernels must be removed");
        }
    }
}
