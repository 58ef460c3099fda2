#!/usr/bin/env bash
# Spectro GPU check: run on a machine with an NVIDIA GPU and driver.
#   1. builds native-bindings/cuda (and what it needs) with Maven, nvcc compiling the CUDA kernels when it is found;
#   2. probes the CUDA backend and stops with "no CUDA device: <probe reason>" when it cannot run here;
#   3. runs the CUDA tests (device tests, the shared conformance suite) with -Dspectro.require.cuda=true, then the
#      conformance suite again with cuFFT disabled so normal mode runs on Spectro's own FFT kernels;
#   4. measures audio-seconds per second for the whisper preset on a 64 x 10 s batch (CUDA normal and deterministic,
#      the CPU backend as the anchor measured in the same run) and checks deterministic CUDA against deterministic CPU
#      bit for bit; runs the benchmarks module's harness with the cuda backend when it exists;
#   5. prints one table.
# Usage: benchmarks/gpu-check.sh [--quick]     (--quick: 16 clips, 3 timed repeats)
# Logs: benchmarks/target/gpu-check/. Environment: JAVA_HOME (a JDK >= 25; else one is looked for under /usr/lib/jvm), MVN (default: mvn on PATH),
#              NVCC (default: PATH, $CUDA_HOME/bin, /usr/local/cuda/bin), SPECTRO_CUFFT_PATH (a libcufft to use).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
clips=64
repeats=10
if [[ "${1:-}" == "--quick" ]]; then
    clips=16
    repeats=3
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--quick]" >&2
    exit 2
fi

die() {
    echo "gpu-check: $*" >&2
    exit 1
}

java_major() { # prints the feature version of $1/bin/java, or nothing
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

is_jdk25() { # whether $1 is a JDK of version 25 or newer
    local v
    [[ -x "$1/bin/javac" ]] || return 1
    v=$(java_major "$1")
    [[ -n "$v" ]] && ((v >= 25))
}

find_jdk() {
    if [[ -n "${JAVA_HOME:-}" ]] && is_jdk25 "$JAVA_HOME"; then
        echo "$JAVA_HOME"
        return
    fi
    local d
    for d in /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
        if is_jdk25 "$d"; then
            echo "$d"
            return
        fi
    done
}

JAVA_HOME=$(find_jdk)
[[ -n "$JAVA_HOME" ]] || die "no JDK 25 or newer found (set JAVA_HOME, or install one under /usr/lib/jvm)"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mvn=${MVN:-mvn}
command -v "$mvn" >/dev/null 2>&1 || die "Maven not found (install maven 3.8+ or set MVN)"
java="$JAVA_HOME/bin/java"
jvm_flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)

# Logs and the measuring program; kept after the run.
work="$root/benchmarks/target/gpu-check"
rm -rf "$work"
mkdir -p "$work"

echo "== building (JDK $JAVA_HOME) =="
"$mvn" -q -B -Dstyle.color=never -DskipTests package dependency:build-classpath -pl native-bindings/cuda -am \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; die "build failed"; }
grep -h '\[spectro\]' "$work/build.log" || true
cp="$root/native-bindings/cuda/target/classes:$(cat "$work/cp.txt")"

# The measuring program (single-file source launch; it needs only the class path above).
cat >"$work/GpuCheck.java" <<'JAVA'
import io.spectro.BackendStatus;
import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * probe: prints the cuda backend's status (exit 3 when unusable). bench CLIPS REPEATS MODES: whisper throughput for
 * each mode of the comma-separated MODES (cuda, cuda-det, cpu, cpu-det); cpu-det after cuda-det compares them.
 */
public class GpuCheck {
    public static void main(String[] args) {
        if (args[0].equals("probe")) {
            BackendStatus cuda = Spectro.backends().stream().filter(b -> b.name().equals("cuda")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("cuda provider not on the class path"));
            System.out.println(cuda.availability().detail());
            System.exit(cuda.availability().available() ? 0 : 3);
        }
        int clips = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        SpectrogramSpec spec = Presets.whisper();
        int samples = spec.sampleRateHz() * 10;
        SplittableRandom r = new SplittableRandom(42);
        float[][] x = new float[clips][samples];
        for (float[] c : x) {
            for (int i = 0; i < samples; i++) {
                c[i] = (float) (r.nextGaussian() * 0.1);
            }
        }
        float[][] detCuda = null;
        for (String mode : args[3].split(",")) {
            boolean det = mode.endsWith("-det");
            String backend = mode.replace("-det", "");
            int reps = backend.equals("cpu") ? Math.max(1, repeats / 3) : repeats;
            try (Spectro s = Spectro.builder().backend(backend).strict(true).deterministic(det).build();
                    SpectrogramPlan p = s.plan(spec)) {
                float[][] out = new float[clips][(int) spec.outputFloats(p.frameCount(samples))];
                for (int w = 0; w < 2; w++) {
                    p.computeInto(x, out);
                }
                double[] t = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    p.computeInto(x, out);
                    t[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(t);
                double median = t[reps / 2];
                System.out.printf("RESULT %s|%s|%.1f|%.4f|%d%n", mode, s.deviceName(), clips * 10.0 / median, median,
                        reps);
                if (mode.equals("cuda-det")) {
                    detCuda = out;
                } else if (mode.equals("cpu-det") && detCuda != null) {
                    long differ = 0;
                    long total = 0;
                    for (int c = 0; c < clips; c++) {
                        for (int i = 0; i < out[c].length; i++) {
                            total++;
                            if (Float.floatToRawIntBits(out[c][i]) != Float.floatToRawIntBits(detCuda[c][i])) {
                                differ++;
                            }
                        }
                    }
                    System.out.printf("EXACT %d|%d%n", differ, total);
                }
            }
        }
    }
}
JAVA

run_java() {
    "$java" "${jvm_flags[@]}" -cp "$cp" "$work/GpuCheck.java" "$@"
}

echo "== probing the cuda backend =="
set +e
probe=$(run_java probe 2>"$work/probe.err")
probe_rc=$?
set -e
if [[ $probe_rc -eq 3 ]]; then
    die "no CUDA device: $probe"
elif [[ $probe_rc -ne 0 ]]; then
    cat "$work/probe.err" >&2
    die "the probe program failed (rc $probe_rc)"
fi
echo "$probe"

test_summary() { # sums surefire's counts of the CUDA test classes
    awk -F'"' '/<testsuite /{for(i=1;i<NF;i++){if($i~/ tests=$/)t+=$(i+1);if($i~/ failures=$/)f+=$(i+1);if($i~/ errors=$/)e+=$(i+1);if($i~/ skipped=$/)s+=$(i+1)}} END{printf "%d tests, %d failed, %d errors, %d skipped", t, f, e, s}' \
        "$root"/native-bindings/cuda/target/surefire-reports/TEST-io.spectro.cuda.*.xml 2>/dev/null || echo "no reports"
}

run_tests() { # $1 = label, $2 = test selector, $3 = extra JVM flags for the tests
    local log="$work/tests-$1.log"
    rm -f "$root"/native-bindings/cuda/target/surefire-reports/TEST-io.spectro.cuda.*.xml
    if "$mvn" -B -Dstyle.color=never package -pl native-bindings/cuda -am -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false \
        "-Dspectro.test.flags=-Dspectro.require.cuda=true $3" >"$log" 2>&1; then
        echo "PASS ($(test_summary))"
    else
        grep -E '^\[ERROR\] (Tests run|  |Failures)' "$log" | head -n 20 >&2 || tail -n 40 "$log" >&2
        echo "FAIL ($(test_summary); log: $log)"
    fi
}

echo "== CUDA tests (cuFFT when found) =="
tests_main=$(run_tests main 'io.spectro.cuda.**' "")
echo "$tests_main"
echo "== conformance on Spectro's own FFT kernels (cuFFT disabled) =="
tests_own=$(run_tests ownfft 'CudaConformanceTest' "-Dspectro.cufft.path=/nonexistent/libcufft.so")
echo "$tests_own"

echo "== throughput: whisper, $clips x 10 s =="
bench=$(run_java bench "$clips" "$repeats" cuda,cuda-det,cpu,cpu-det 2>"$work/bench.err") || { cat "$work/bench.err" >&2; die "benchmark failed"; }
echo "$bench"

harness="not run (the benchmarks module has no harness with a cuda backend yet)"
if [[ -f benchmarks/src/main/java/io/spectro/bench/BenchMain.java ]]; then
    if "$mvn" -q -B -Dstyle.color=never -DskipTests package -pl benchmarks -am >"$work/bench-build.log" 2>&1 &&
        "$java" "${jvm_flags[@]}" -cp benchmarks/target/benchmarks.jar io.spectro.bench.BenchMain \
            --backends cuda --quick >"$work/harness.log" 2>&1; then
        harness="ran: see below"
    else
        harness="failed or unsupported (log: $work/harness.log)"
    fi
fi

echo
echo "== Spectro GPU check =="
printf '%-34s | %s\n' "item" "result"
printf '%-34s | %s\n' "----------------------------------" "------------------------------------------------------------"
printf '%-34s | %s\n' "device (probe)" "$probe"
printf '%-34s | %s\n' "CUDA tests, require.cuda" "$tests_main"
printf '%-34s | %s\n' "conformance, own FFT kernels" "$tests_own"
while IFS='|' read -r mode device rate median reps; do
    printf '%-34s | %8s audio-s/s  (median %s s of %s, %s)\n' "whisper ${clips}x10s ${mode#RESULT }" "$rate" \
        "$median" "$reps" "$device"
done < <(grep '^RESULT ' <<<"$bench")
if grep -q '^EXACT ' <<<"$bench"; then
    IFS='|' read -r differ total < <(grep '^EXACT ' <<<"$bench" | sed 's/^EXACT //')
    printf '%-34s | %s\n' "deterministic cuda == cpu" "$([[ $differ == 0 ]] && echo "bit-identical" || echo "DIFFERENT"): $differ of $total floats differ"
fi
printf '%-34s | %s\n' "benchmarks harness (cuda)" "$harness"
if [[ $harness == ran* ]]; then
    echo
    cat "$work/harness.log"
fi
if [[ $tests_main == FAIL* || $tests_own == FAIL* ]]; then
    exit 1
fi
