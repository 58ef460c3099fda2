#!/usr/bin/env bash
# CI's test of the GPU check bundle, after the reactor is built (CI's `./spectro test`, or any `mvn package`/`verify`
# of the whole reactor: it needs benchmarks/gpu-check/target/bundle-classpath.txt and the backends' test classes).
#
#   benchmarks/gpu-check/ci-check.sh [gpu-check options]
#
# 1. assembles the bundle from those outputs without running Maven (benchmarks/gpu-check.sh --bundle --no-build),
#    into benchmarks/target/gpu-bundle-ci, with the size check (<= 48 MiB) and the JCuda self-check;
# 2. runs that bundle's gpu-check the way a bare GPU machine would: JAVA_HOME unset, a PATH that holds every command
#    of this one except the JDK's (so only the bundled runtime can run), a fresh TMPDIR (the runtime is unpacked
#    anew), as a smoke run: --quick --require opencl --workloads W1 --time-limit 900 (options given here are added);
# 3. fails when either fails, or when the results lack gpu-check.json, gpu-check.txt, or the reason CUDA was skipped.
# Results stay in benchmarks/target/gpu-check-ci (logs in its logs/). Needs PoCL (or another OpenCL device) and
# Python with torch and torchaudio, as CI has.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bundle="$root/benchmarks/target/gpu-bundle-ci"
out="$root/benchmarks/target/gpu-check-ci"

fail() {
    echo "ci-check.sh: FAIL: $*" >&2
    exit 1
}

t0=$(date +%s)
"$root/benchmarks/gpu-check.sh" --bundle "$bundle" --no-build || fail "the bundle could not be built (above)"

work=$(mktemp -d "${TMPDIR:-/tmp}/spectro-gpu-ci.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Every command on PATH except a JDK's or JRE's (those whose real file lies beside a real `java`: /usr/bin/java is a
# link, so /usr/bin's other commands stay).
mkdir -p "$work/bin" "$work/tmp"
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
    [[ -d "$d" ]] || continue
    for f in "$d"/*; do
        name=${f##*/}
        [[ -x "$f" && ! -d "$f" && ! -e "$work/bin/$name" ]] || continue
        real=$(readlink -f "$f")
        [[ -f "${real%/*}/java" && ! -L "${real%/*}/java" ]] && continue
        ln -s "$real" "$work/bin/$name"
    done
done
if PATH="$work/bin" command -v java >/dev/null 2>&1; then
    fail "could not hide java from the PATH: $(PATH="$work/bin" command -v java)"
fi

rm -rf "$out"
set +e
env -u JAVA_HOME -u JDK_HOME PATH="$work/bin" TMPDIR="$work/tmp" "$bundle/gpu-check" --out "$out" --quick \
    --require opencl --workloads W1 --time-limit 900 "$@"
status=$?
set -e

for f in gpu-check.json gpu-check.txt; do
    [[ -s "$out/$f" ]] || fail "the run left no $out/$f (exit $status)"
done
grep -Eq '^conformance-cuda +(SKIPPED|NOT RUN|PASS) ' "$out/gpu-check.txt" ||
    fail "the report has no conformance-cuda line that passed or says why it was skipped ($out/gpu-check.txt)"
((status == 0)) || fail "the bundle's check failed (exit $status): see $out/gpu-check.txt and $out/logs"
echo "ci-check.sh: PASS: the bundle ($(du -sm "$bundle" | cut -f1) MiB) built and ran its check in" \
    "$(($(date +%s) - t0)) s; results in $out" >&2
