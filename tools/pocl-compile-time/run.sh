#!/usr/bin/env bash
# Times how long an OpenCL implementation (PoCL here) takes to compile fused_frames_log10 for whisper at its first
# launch, general and specialised (the #define lines FusedFrameStages.defines gives whisper; see DevicePlanTest), with
# the kernel cache off. Needs gcc and the OpenCL headers and ICD loader (ocl-icd-opencl-dev).
#
#   tools/pocl-compile-time/run.sh [GROUP]     (GROUP: work-group size, default 64)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kernels="$here/../../native-bindings/device/src/main/resources/io/spectro/kernels"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O1 -o "$work/compile_time" "$here/compile_time.c" -lOpenCL
{ cat "$kernels/opencl_prelude.h"; echo '#line 1 "spectro.kern"'; cat "$kernels/spectro.kern"; } > "$work/general.cl"
{
    printf '%s\n' '#define FUSED_SPEC' '#define FUSED_KALDI 0' '#define FUSED_REMOVE_DC 0' '#define FUSED_NFFT 400' \
        '#define FUSED_TILE 16' "#define FUSED_G ${1:-64}" '#define FUSED_PASSES 4' '#define FUSED_LEN 200' \
        '#define FUSED_HALF 1' '#define FUSED_COMPLEX 0' '#define FUSED_NFREQ 201' '#define FUSED_NMELS 80' \
        '#define FUSED_TRACK_MAX 1' '#define FUSED_DIRECT 1' '#define FUSED_RADIX(p,r) ((p)==0?4:(p)==1?2:(p)==2?5:5)' \
        '#define FUSED_SPAN(p,s) ((p)==0?1:(p)==1?4:(p)==2?8:40)'
    cat "$work/general.cl"
} > "$work/specialised.cl"
# fused_frames' parameters: B buffer, i int, f float, l long, L local memory (count 0: every group returns at once,
# after the work-group function was compiled).
args=BBBBBiiiiiiiiifiiBBBiiiBiifiBBBBfffiiBlL
opts="-cl-std=CL1.2 -D SPECTRO_DETERMINISTIC -cl-fp32-correctly-rounded-divide-sqrt"
for form in general specialised; do
    printf '%-12s ' "$form"
    POCL_KERNEL_CACHE=0 "$work/compile_time" "$work/$form.cl" "$opts" fused_frames_log10 "$args" "${1:-64}" 65536
done
