#!/usr/bin/env bash
# Regenerates Spectro's WAV test corpus in audio/src/test/resources/audio/ (run from anywhere; commit the output).
#
# Needs /usr/bin/python3 with numpy and soundfile, sox and ffmpeg (Debian: python3-numpy python3-soundfile sox
# ffmpeg). The Java tests only read the committed files; they never run this.
#
#   make_wavs.py   hand-built files: every encoding, odd chunk layouts, RF64/BW64, streaming sizes, broken headers
#   (below)        files written by real encoders (sox, ffmpeg), non-WAV files named .wav, ADPCM
#   reference.py   a .npy reference decode (libsndfile via soundfile, cross-checked from the raw bytes) per valid
#                  file, and index.tsv
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/audio/src/test/resources/audio"
PY=/usr/bin/python3
mkdir -p "$OUT"
rm -f "$OUT"/*.wav "$OUT"/*.flac "$OUT"/*.npy "$OUT"/index.tsv "$OUT"/index-ffmpeg.tsv

(cd "$HERE" && "$PY" make_wavs.py "$OUT")

FF=(ffmpeg -nostdin -v error -y)
TONE=(-f lavfi -i "sine=frequency=997:sample_rate=48000:duration=0.06" -bitexact -fflags +bitexact)
# Real encoders' output.
sox -D -n -r 44100 -c 2 -b 16 -e signed-integer "$OUT/sox_s16_stereo_44k.wav" synth 0.05 sine 440 sine 660 gain -1
sox -D -n -r 48000 -c 1 -b 24 -e signed-integer "$OUT/sox_s24_mono_48k.wav" synth 0.05 sine 1000 gain -1
sox -D -n -r 8000 -c 1 -b 8 -e unsigned-integer "$OUT/sox_u8_mono_8k.wav" synth 0.05 sine 300 gain -1
sox -D -n -r 8000 -c 1 -e u-law "$OUT/sox_mulaw_mono_8k.wav" synth 0.05 sine 300 gain -1
sox -D -n -r 8000 -c 1 -e a-law "$OUT/sox_alaw_mono_8k.wav" synth 0.05 sine 300 gain -1
"${FF[@]}" "${TONE[@]}" -ar 22050 -c:a pcm_s16le "$OUT/ffmpeg_s16_mono_22k.wav"
"${FF[@]}" "${TONE[@]}" -ac 2 -c:a pcm_s24le -rf64 always "$OUT/ffmpeg_rf64_s24_stereo_48k.wav"
"${FF[@]}" "${TONE[@]}" -ar 16000 -c:a pcm_f64le "$OUT/ffmpeg_f64_mono_16k.wav"
# What ffmpeg writes to a pipe: data size 0xFFFFFFFF, data the last chunk.
ffmpeg -nostdin -v error "${TONE[@]}" -ac 2 -ar 44100 -f wav -c:a pcm_f32le - \
  > "$OUT/ffmpeg_pipe_f32_stereo_44k.wav"

# Not WAV, named .wav; and WAV encodings Spectro does not decode.
"${FF[@]}" "${TONE[@]}" -ar 16000 -t 0.05 -f flac "$OUT/broken_flac.wav"
"${FF[@]}" "${TONE[@]}" -ar 16000 -t 0.05 -c:a libmp3lame -b:a 32k -f mp3 "$OUT/broken_mp3.wav"
"${FF[@]}" "${TONE[@]}" -ar 16000 -t 0.05 -c:a libmp3lame -b:a 32k -write_xing 0 -id3v2_version 0 -f mp3 \
  "$OUT/broken_mp3_no_id3.wav"
"${FF[@]}" "${TONE[@]}" -t 0.05 -c:a libopus -b:a 16k -f ogg "$OUT/broken_opus.wav"
"${FF[@]}" "${TONE[@]}" -ar 16000 -t 0.05 -c:a adpcm_ms "$OUT/broken_ms_adpcm.wav"
"${FF[@]}" "${TONE[@]}" -ar 16000 -t 0.05 -c:a adpcm_ima_wav "$OUT/broken_ima_adpcm.wav"
# Not WAV, for the ffmpeg path of AudioDecoder (a real FLAC named .flac).
"${FF[@]}" "${TONE[@]}" -ar 16000 -ac 2 -t 0.05 -f flac "$OUT/tone_stereo_16k.flac"

"$PY" "$HERE/reference.py" "$OUT"
du -sh "$OUT"
