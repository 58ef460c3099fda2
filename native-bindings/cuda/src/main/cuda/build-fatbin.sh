#!/usr/bin/env bash
# Builds the CUDA kernels of Spectro: cuda_prelude.h followed by the shared kernel source spectro.kern, compiled by
# nvcc into two fatbins (SASS for sm_75/80/86/89/90 and PTX for compute_90):
#   spectro_det.fatbin   deterministic: -DSPECTRO_DETERMINISTIC --fmad=false -prec-div=true -prec-sqrt=true -ftz=false
#   spectro_fast.fatbin  fast: nvcc's defaults (FMA contraction on; IEEE division, square root and denormals)
# plus spectro_kernels.properties describing what was built (read by the backend's probe).
#
# Usage: build-fatbin.sh KERNEL_DIR OUT_DIR WORK_DIR
#   KERNEL_DIR  folder holding cuda_prelude.h and spectro.kern
#   OUT_DIR     where the fatbins and the manifest go (target/classes/io/spectro/cuda)
#   WORK_DIR    scratch folder (target/cuda-build): the stamp that skips unchanged rebuilds, logs
# nvcc is taken from $NVCC (only that one when set), else PATH, else $CUDA_HOME/bin, else /usr/local/cuda/bin.
# Without nvcc the build still succeeds: one line says so, and the backend reports "no CUDA kernels in this build".
# Extra nvcc options for experiments: $SPECTRO_NVCC_FLAGS (part of the stamp, like $SPECTRO_SASS_ARCHS).
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 KERNEL_DIR OUT_DIR WORK_DIR" >&2
    exit 2
fi
kernel_dir=$1
out_dir=$2
work_dir=$3

sass_archs=(75 80 86 89 90)
ptx_arch=90
# Tests build fewer architectures: SPECTRO_SASS_ARCHS="75" (comma or space separated).
if [[ -n "${SPECTRO_SASS_ARCHS:-}" ]]; then
    read -r -a sass_archs <<<"${SPECTRO_SASS_ARCHS//,/ }"
fi
outputs=(spectro_det.fatbin spectro_fast.fatbin spectro_kernels.properties)

find_nvcc() {
    if [[ -n "${NVCC:-}" ]]; then
        # An explicit choice is used or reported, never replaced by a search.
        if [[ -x "$NVCC" ]]; then echo "$NVCC"; fi
    elif command -v nvcc >/dev/null 2>&1; then
        command -v nvcc
    elif [[ -n "${CUDA_HOME:-}" && -x "$CUDA_HOME/bin/nvcc" ]]; then
        echo "$CUDA_HOME/bin/nvcc"
    elif [[ -x /usr/local/cuda/bin/nvcc ]]; then
        echo /usr/local/cuda/bin/nvcc
    fi
}

remove_outputs() {
    local f
    for f in "${outputs[@]}"; do
        rm -f "$out_dir/$f"
    done
    rm -f "$work_dir/stamp"
}

nvcc=$(find_nvcc)
if [[ -z "$nvcc" ]]; then
    remove_outputs
    where="PATH, \$CUDA_HOME/bin, /usr/local/cuda/bin"
    if [[ -n "${NVCC:-}" ]]; then where="\$NVCC=$NVCC is not executable"; fi
    echo "[spectro] nvcc not found ($where): the CUDA kernels were not built; the cuda backend will report it"
    exit 0
fi
prelude="$kernel_dir/cuda_prelude.h"
source="$kernel_dir/spectro.kern"
for f in "$prelude" "$source"; do
    if [[ ! -f "$f" ]]; then
        remove_outputs
        echo "[spectro] $f is missing: the CUDA kernels were not built"
        exit 0
    fi
done

mkdir -p "$out_dir" "$work_dir"
nvcc_version=$("$nvcc" --version | sed -n 's/.*release \([0-9]*\.[0-9]*\).*/\1/p')
nvcc_major=${nvcc_version%%.*}

gencode=()
for a in "${sass_archs[@]}"; do
    gencode+=("-gencode" "arch=compute_$a,code=sm_$a")
done
gencode+=("-gencode" "arch=compute_$ptx_arch,code=compute_$ptx_arch")
# Uncompressed fatbins: the driver of any supported release can read them (newer compression modes need newer
# drivers). -Werror all-warnings: the kernels must compile without a single warning.
common=(-fatbin -x cu -std=c++17 -O3 --no-compress -Werror all-warnings -I "$kernel_dir" "${gencode[@]}")
det_flags=(-DSPECTRO_DETERMINISTIC --fmad=false -prec-div=true -prec-sqrt=true -ftz=false)
fast_flags=()
# shellcheck disable=SC2206
extra=(${SPECTRO_NVCC_FLAGS:-})

stamp=$( (
    echo "nvcc $nvcc_version ${sass_archs[*]} ${common[*]} | ${det_flags[*]} | ${fast_flags[*]} | ${extra[*]}"
    cat "$0" "$prelude" "$source"
) | sha256sum | cut -d' ' -f1)
if [[ -f "$work_dir/stamp" && "$(cat "$work_dir/stamp")" == "$stamp" ]]; then
    up_to_date=1
    for f in "${outputs[@]}"; do
        [[ -f "$out_dir/$f" ]] || up_to_date=0
    done
    if [[ $up_to_date == 1 ]]; then
        echo "[spectro] CUDA kernels up to date ($out_dir)"
        exit 0
    fi
fi
remove_outputs

unit="$work_dir/spectro_cuda.cu"
printf '#include "cuda_prelude.h"\n#include "spectro.kern"\n' >"$unit"

start=$(date +%s.%N)
# The two variants compile in parallel; each writes its own log.
"$nvcc" "${common[@]}" "${det_flags[@]}" "${extra[@]}" -o "$work_dir/spectro_det.fatbin" "$unit" \
    >"$work_dir/det.log" 2>&1 &
det_pid=$!
set +e
"$nvcc" "${common[@]}" "${fast_flags[@]}" "${extra[@]}" -o "$work_dir/spectro_fast.fatbin" "$unit" \
    >"$work_dir/fast.log" 2>&1
fast_rc=$?
wait "$det_pid"
det_rc=$?
set -e
failed=0
for v in det fast; do
    rc_var=${v}_rc
    if [[ ${!rc_var} -ne 0 || -s "$work_dir/$v.log" ]]; then
        echo "[spectro] nvcc ($v) failed or warned, rc=${!rc_var}:" >&2
        cat "$work_dir/$v.log" >&2
        failed=1
    fi
done
if [[ $failed -ne 0 ]]; then
    exit 1
fi

mv "$work_dir/spectro_det.fatbin" "$work_dir/spectro_fast.fatbin" "$out_dir/"
sass_csv=$(IFS=,; echo "${sass_archs[*]}")
cat >"$out_dir/spectro_kernels.properties" <<PROPS
# Written by build-fatbin.sh: what the CUDA fatbins in this folder contain.
nvcc.version=$nvcc_version
sass=$sass_csv
ptx=$ptx_arch
nvcc.det.options=${det_flags[*]}
nvcc.fast.options=${fast_flags[*]}
# PTX from nvcc N.x needs a driver of CUDA N.0 or newer (cuDriverGetVersion >= N*1000).
ptx.min.driver=$((nvcc_major * 1000))
PROPS
echo "$stamp" >"$work_dir/stamp"
end=$(date +%s.%N)
printf '[spectro] CUDA kernels built with nvcc %s in %.1f s (sm_%s + compute_%s PTX) -> %s\n' \
    "$nvcc_version" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "${sass_csv//,/, sm_}" "$ptx_arch" "$out_dir"
