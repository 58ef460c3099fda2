#!/usr/bin/env bash
# Spectro GPU check: builds the self-contained bundle that runs the check on a bare GPU machine (an NVIDIA driver and
# Python with torch, no Java, no network), or runs the same check from a checkout.
#
#   benchmarks/gpu-check.sh --bundle DIR [--no-build]
#       builds, here, the bundle in DIR (at most 48 MiB): a jlinked Java runtime packed as runtime.tar.gz, the jars
#       (engine, backends with the CUDA fatbins, the benchmark harness with the torch anchor script, the conformance
#       suites with their golden fixtures, the JUnit Platform launcher), the backends' test classes, and DIR/gpu-check.
#       Copy DIR to the GPU machine and run DIR/gpu-check there (DIR/gpu-check --help; README.md, "GPU check").
#       --no-build: assemble from the jars a previous build left (any `mvn package`/`verify`/`install` of the reactor)
#       instead of running Maven first.
#   benchmarks/gpu-check.sh [--no-build] [gpu-check options]
#       from a checkout with Maven and a JDK 25: builds the jars and runs DIR/gpu-check with that JDK (no runtime is
#       linked or packed; the bundle folder is benchmarks/target/gpu-check-bundle, results in benchmarks/target/gpu-check).
#
# Environment: JAVA_HOME (a JDK >= 25; else one is looked for under /usr/lib/jvm), MVN (default: mvn), MVN_FLAGS (extra
# Maven flags, e.g. -o), SPECTRO_BUNDLE_MAX_MIB (the size limit, default 48).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
max_mib=${SPECTRO_BUNDLE_MAX_MIB:-48}
# The JDK modules the bundle's programs need (checked by running every step from the bundle in CI): the engine and the
# backends (java.base, the Vector API), JMH (management beans, sun.misc.Unsafe), the JUnit launcher (java.logging, and
# jdk.zipfs to read test classes from jars). Jackson, picocli and JUnit touch java.desktop/java.sql/java.xml only for
# optional features they probe for.
jdk_modules=java.base,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs
# Test classes run from the bundle: the conformance suite's subclasses and the device tests of each backend.
test_modules=(cpu-fallback native-bindings/opencl native-bindings/cuda)

die() {
    echo "gpu-check.sh: $*" >&2
    exit 1
}

usage_error() {
    echo "gpu-check.sh: $*" >&2
    exit 2
}

java_major() { # the feature version of the JDK at $1
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

find_jdk() {
    local d v
    for d in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
        [[ -n "$d" && -x "$d/bin/javac" && -x "$d/bin/jlink" ]] || continue
        v=$(java_major "$d")
        if [[ -n "$v" ]] && ((v >= 25)); then
            echo "$d"
            return
        fi
    done
}

bundle=""
build=1
run_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --bundle)
        [[ $# -ge 2 ]] || usage_error "--bundle needs a folder"
        bundle=$2
        shift 2
        ;;
    --no-build)
        build=0
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        run_args+=("$1")
        shift
        ;;
    esac
done
if [[ -n "$bundle" && ${#run_args[@]} -gt 0 ]]; then
    usage_error "--bundle builds the bundle only; run DIR/gpu-check ${run_args[*]} afterwards"
fi

JAVA_HOME=$(find_jdk)
[[ -n "$JAVA_HOME" ]] || die "no JDK 25 or newer with jlink found (set JAVA_HOME, or install one under /usr/lib/jvm)"
export JAVA_HOME

classpath_file="$root/benchmarks/gpu-check/target/bundle-classpath.txt"
if ((build)); then
    command -v "${MVN:-mvn}" >/dev/null 2>&1 || die "Maven not found (install maven 3.8+, set MVN, or use --no-build after a build)"
    echo "gpu-check.sh: building the jars (mvn package -pl benchmarks/gpu-check -am, tests compiled, not run)..." >&2
    log="$root/benchmarks/target/gpu-check-build.log"
    mkdir -p "$(dirname "$log")"
    # shellcheck disable=SC2086
    (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" "${MVN:-mvn}" -B -q -ntp \
        ${MVN_FLAGS:-} -Dstyle.color=never -DskipTests -Dspotless.skip=true package -pl benchmarks/gpu-check -am) \
        >"$log" 2>&1 || { cat "$log" >&2; die "the build failed (log: $log)"; }
fi
[[ -f "$classpath_file" ]] || die "$classpath_file is missing: build first (without --no-build, or mvn package)"

if [[ -z "$bundle" ]]; then
    dir="$root/benchmarks/target/gpu-check-bundle"
else
    dir=$bundle
fi
if [[ -e "$dir" ]]; then
    [[ -d "$dir" ]] || die "$dir exists and is not a folder"
    # Only a folder that is empty or holds an earlier bundle is replaced.
    if [[ -n "$(ls -A "$dir")" && ! -f "$dir/BUNDLE" ]]; then
        die "$dir is not empty and holds no earlier bundle: give an empty or new folder"
    fi
    rm -rf "${dir:?}"/*
fi
mkdir -p "$dir/lib"
dir=$(cd "$dir" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/spectro-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- the jars -----------------------------------------------------------------------------------------------------
# Which JCuda natives the backend calls into: a package of JCuda that no Spectro class references leaves its library
# behind (the driver API needs only libJCudaDriver; libJNvPTXCompiler alone is 24 MB).
# (The JDK's jar tool packs and unpacks: zip/unzip may be absent.)
referenced() { # whether any class of the Spectro jars refers to the JCuda package $1 (e.g. jcuda/runtime/)
    grep -rlaq --include='*.class' "$1" "$work/spectro-classes"
}

plain_jar() { # the module's jar in target folder $1 (not its sources jar)
    ls "$1"/*.jar 2>/dev/null | grep -v -e '-sources\.jar$' -e '/benchmarks\.jar$' -e '/spectro\.jar$' | head -n1
}

# (The file has no final newline: echo adds one so that read sees the last entry.)
{ tr ':' '\n' <"$classpath_file"; echo; } | sed '/^$/d' >"$work/classpath"
while IFS= read -r jar; do
    # In some reactor builds the harness resolves to its shaded jar; the bundle takes the plain one beside it.
    if [[ "$jar" == */benchmarks/target/benchmarks.jar ]]; then
        jar=$(plain_jar "$(dirname "$jar")")
    fi
    [[ -f "$jar" ]] || die "$jar (on the bundle's class path) is missing: build again"
    cp "$jar" "$dir/lib/"
done <"$work/classpath"
own=$(plain_jar "$root/benchmarks/gpu-check/target")
[[ -n "$own" ]] || die "benchmarks/gpu-check/target holds no jar: build first"
cp "$own" "$dir/lib/"

mkdir -p "$work/spectro-classes"
for j in "$dir"/lib/spectro-*.jar; do
    (cd "$work/spectro-classes" && "$JAVA_HOME/bin/jar" xf "$j")
done

natives=$(ls "$dir"/lib/jcuda-natives-*.jar 2>/dev/null | head -n1)
if [[ -n "$natives" ]]; then
    mkdir -p "$work/natives"
    (cd "$work/natives" && "$JAVA_HOME/bin/jar" xf "$natives")
    for pair in runtime:JCudaRuntime nvrtc:JNvrtc nvptxcompiler:JNvPTXCompiler; do
        if ! referenced "jcuda/${pair%%:*}/"; then
            rm -f "$work/natives"/lib/lib"${pair##*:}"-*.so
        fi
    done
    rm -f "$natives"
    "$JAVA_HOME/bin/jar" --create --file "$natives" --manifest "$work/natives/META-INF/MANIFEST.MF" -C "$work/natives" lib
    kept=$(cd "$work/natives/lib" && ls)
    echo "gpu-check.sh: JCuda natives kept: $(echo "$kept" | tr '\n' ' ')" >&2
fi

# The backends' test classes (the conformance suite's subclasses, the device tests) in one jar.
mkdir -p "$work/tests"
for m in "${test_modules[@]}"; do
    [[ -d "$root/$m/target/test-classes" ]] || die "$m/target/test-classes is missing: build with the tests compiled"
    cp -r "$root/$m/target/test-classes/." "$work/tests/"
done
"$JAVA_HOME/bin/jar" --create --file "$dir/lib/spectro-backend-tests.jar" -C "$work/tests" .

# --- the runtime ----------------------------------------------------------------------------------------------------
if [[ -n "$bundle" ]]; then
    echo "gpu-check.sh: linking the Java runtime ($jdk_modules)..." >&2
    "$JAVA_HOME/bin/jlink" --add-modules "$jdk_modules" --output "$work/runtime" --strip-debug --no-header-files \
        --no-man-pages 2> >(grep -v 'Using incubator modules' >&2)
    "$work/runtime/bin/java" -version >/dev/null 2>&1 || die "the linked runtime does not start"
    # gzip, not xz or zstd: every bare machine can unpack it (tar -z, or Python's tarfile), and it packs in seconds.
    tar -C "$work" -cf - runtime | gzip -6 >"$dir/runtime.tar.gz"
    runtime_sha=$(sha256sum "$dir/runtime.tar.gz" | cut -c1-16)
    runtime_mib=$(du -sm "$work/runtime" | cut -f1)
else
    runtime_sha=none
    runtime_mib=0
fi

# --- a self-check: the runtime runs the probe, and JCuda's driver binding loads from the trimmed natives jar and calls
#     into a stand-in libcuda.so.1 whose driver version (13.0) must come back (a GPU machine's driver answers the same)
check_java="$JAVA_HOME/bin/java"
[[ -n "$bundle" ]] && check_java="$work/runtime/bin/java"
if command -v gcc >/dev/null 2>&1; then
    mkdir -p "$work/stub"
    printf '%s\n' 'int cuInit(unsigned flags) { return 0; }' \
        'int cuDriverGetVersion(int *v) { *v = 13000; return 0; }' \
        'int cuDeviceGetCount(int *c) { *c = 0; return 0; }' >"$work/stub/stub.c"
    gcc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$work/stub/libcuda.so.1" "$work/stub/stub.c" ||
        die "gcc could not build the stand-in libcuda.so.1 for the self-check"
    answer=$(LD_LIBRARY_PATH="$work/stub" "$check_java" --enable-native-access=ALL-UNNAMED \
        --add-modules jdk.incubator.vector -Djava.io.tmpdir="$work/stub" -cp "$dir/lib/*" \
        io.spectro.gpucheck.GpuCheckMain probe --out "$work/stub/probe.json" 2>&1)
    cuda_line=$(grep '^cuda' <<<"$answer" || true)
    [[ "$cuda_line" == *"13.0"* ]] ||
        die "self-check failed: with a stand-in libcuda.so.1 the cuda probe should reach the driver (version 13.0), but the probe said: $answer"
    echo "gpu-check.sh: self-check passed: the bundle's probe reached a stand-in driver through JCuda (${cuda_line//$'\t'/ })" >&2
else
    echo "gpu-check.sh: self-check of the JCuda binding skipped: no gcc to build a stand-in libcuda.so.1" >&2
fi

# --- the launcher, the anchor script, the description ---------------------------------------------------------------
cp "$root/benchmarks/gpu-check/gpu-check" "$dir/gpu-check"
chmod +x "$dir/gpu-check"
cp "$root/benchmarks/anchors/torch_anchor.py" "$dir/torch_anchor.py"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo "+changes" || true)
version=$(sed -n 's/.*<version>\(.*\)<\/version>.*/\1/p' "$root/pom.xml" | head -n1)
{
    echo "spectro_version=$version"
    echo "commit=$commit$dirty"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "built_on=$(uname -n)"
    echo "jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n1)"
    echo "jdk_modules=$jdk_modules"
    echo "runtime=$([[ -n "$bundle" ]] && echo runtime.tar.gz || echo "none: run with --java")"
    echo "runtime_sha256=$runtime_sha"
    echo "runtime_unpacked_mib=$runtime_mib"
} >"$dir/BUNDLE"

# --- the size check -------------------------------------------------------------------------------------------------
total=$(du -sb "$dir" | cut -f1)
echo "gpu-check.sh: bundle $dir: $(awk -v b="$total" 'BEGIN{printf "%.1f MiB", b/1048576}')" >&2
{
    [[ -f "$dir/runtime.tar.gz" ]] && printf '  %-52s %8.1f MiB  (%s MiB unpacked)\n' "runtime.tar.gz (jlinked Java runtime)" \
        "$(awk -v b="$(stat -c %s "$dir/runtime.tar.gz")" 'BEGIN{print b/1048576}')" "$runtime_mib"
    for f in "$dir"/lib/*.jar; do
        printf '  %-52s %8.1f MiB\n' "lib/$(basename "$f")" "$(awk -v b="$(stat -c %s "$f")" 'BEGIN{print b/1048576}')"
    done | sort -k2 -n -r
} >&2
if [[ -n "$bundle" ]] && ((total > max_mib * 1048576)); then
    die "the bundle holds $total bytes, over the $max_mib MiB limit"
fi

if [[ -n "$bundle" ]]; then
    echo "gpu-check.sh: done. Copy $dir to the GPU machine and run: $dir/gpu-check   (--help for its options)" >&2
    exit 0
fi
out_args=(--out "$root/benchmarks/target/gpu-check")
for a in ${run_args[@]+"${run_args[@]}"}; do
    [[ "$a" == --out || "$a" == --out=* ]] && out_args=()
done
exec "$dir/gpu-check" --java "$JAVA_HOME/bin/java" ${out_args[@]+"${out_args[@]}"} ${run_args[@]+"${run_args[@]}"}
