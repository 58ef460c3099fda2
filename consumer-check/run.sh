#!/usr/bin/env bash
# The consumer check: builds a separate Maven project that depends on the INSTALLED Spectro artifacts (through the
# BOM) and runs the README's Java example with them, once on the class path and once on the module path.
#   run.sh VERSION WORK_DIR
# The example is the first ```java block of README.md's "Java API" section, taken verbatim (a package line is put in
# front so that it can live in the named module example.consumer). It runs on the bundled demo recording; both runs
# must print the same line, naming the cpu backend.
set -euo pipefail

version=$1
work=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
wav="$root/cli/src/main/resources/demo/call-me.wav"

fail() {
    echo "consumer check: FAILED: $*" >&2
    exit 1
}

rm -rf "$work"
mkdir -p "$work/src/main/java/example"
sed "s/SPECTRO_VERSION/$version/" "$here/src/consumer/pom.xml" >"$work/pom.xml"
cp "$here/src/consumer/module-info.java" "$work/src/main/java/module-info.java"
example="$work/src/main/java/example/Example.java"
{
    echo "package example;"
    echo
    awk '/^## Java API/{s=1} s && /^```java$/{f=1; next} f && /^```$/{exit} f' "$root/README.md"
} >"$example"
grep -q "public class Example" "$example" || fail "README.md's Java API section has no \`\`\`java block with 'public class Example'"

echo "consumer check: building a project that depends on spectro-bom/engine/audio/cpu-fallback $version from the local repository"
mvn_flags=(-B -q -ntp -Dstyle.color=never)
if ! (cd "$work" && mvn "${mvn_flags[@]}" package) >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    fail "the consumer project did not build against the installed artifacts (mvn install first)"
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cd "$work"
cp_out=$("$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -cp "target/classes:target/lib/*" example.Example "$wav" 2>"$work/classpath.err") ||
    { cat "$work/classpath.err" >&2; fail "the example failed on the class path"; }
echo "consumer check: class path:  $cp_out"
mp_out=$("$java" --add-modules jdk.incubator.vector --enable-native-access=io.spectro.audio \
    -p "target/classes:target/lib" -m example.consumer/example.Example "$wav" 2>"$work/modulepath.err") ||
    { cat "$work/modulepath.err" >&2; fail "the example failed on the module path"; }
echo "consumer check: module path: $mp_out"
[[ "$cp_out" == "$mp_out" ]] || fail "the two runs printed different results"
[[ "$cp_out" == *" cpu"* ]] || fail "expected the cpu backend to run (it is the only backend on the path): $cp_out"
if grep -v "^WARNING: Using incubator modules" "$work/classpath.err" "$work/modulepath.err" | grep -q .; then
    grep -v "^WARNING: Using incubator modules" "$work/classpath.err" "$work/modulepath.err" >&2
    fail "the example wrote warnings or errors"
fi
echo "consumer check: passed"
