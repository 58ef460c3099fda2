#!/usr/bin/env bash
# Decode speed of Spectro's pure-Java FLAC decoder against python-soundfile (libsndfile + libFLAC) on the same
# LibriSpeech-like files, in the same run, one thread each. Build first: mvn -B -o test-compile -pl audio
#
#   tools/audio-corpus/bench_flac_decode.sh [DIR=/tmp/spectro-speech] [COUNT=300] [PASSES=7]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${1:-/tmp/spectro-speech}"
COUNT="${2:-300}"
PASSES="${3:-7}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
if [ ! -d "$DIR" ] || [ "$(ls "$DIR"/*.flac 2>/dev/null | wc -l)" -ne "$COUNT" ]; then
  rm -rf "$DIR"
  /usr/bin/python3 "$HERE/make_speech_flacs.py" "$DIR" "$COUNT"
fi
CP="$ROOT/audio/target/classes:$ROOT/audio/target/test-classes"
/usr/bin/python3 - "$DIR" "$PASSES" <<'PY'
import glob, statistics, sys, time
import soundfile as sf
files = sorted(glob.glob(sys.argv[1] + "/*.flac"))
passes = int(sys.argv[2])
times, n = [], 0
for p in range(passes):
    t0 = time.perf_counter()
    n = 0
    for f in files:
        x, _ = sf.read(f, dtype="float32")
        n += x.size
    times.append(time.perf_counter() - t0)
warm = statistics.median(times[1:])
print(f"soundfile {sf.__version__} ({sf.__libsndfile_version__}) {len(files)} files, {n} samples: "
      f"cold {len(files) / times[0]:.0f} files/s {n / times[0] / 1e6:.1f} Msamples/s; "
      f"warm (median of {passes - 1}) {len(files) / warm:.0f} files/s {n / warm / 1e6:.1f} Msamples/s")
PY
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" io.spectro.audio.FlacDecodeSpeed "$DIR" "$PASSES" stream
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" io.spectro.audio.FlacDecodeSpeed "$DIR" "$PASSES" decode
# The same with the heap touched in advance: on these VMs a first touch of a page costs ~15 us, and every clip is a
# fresh array, so a cold "decode" pass is dominated by page faults, not by decoding.
echo -n "(-Xms1g -XX:+AlwaysPreTouch) "
"$JAVA" -Xms1g -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -cp "$CP" io.spectro.audio.FlacDecodeSpeed \
  "$DIR" "$PASSES" decode
