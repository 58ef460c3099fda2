/*
 * CUDA C++ dialect prelude for the shared Spectro kernel source (spectro.kern).
 *
 * The build (native-bindings/src/main/cuda/build-fatbin.sh) compiles this file followed by spectro.kern with nvcc,
 * once with -DSPECTRO_DETERMINISTIC --fmad=false -prec-div=true -prec-sqrt=true -ftz=false (deterministic) and once
 * with nvcc's defaults (fast). The macros are the CUDA column of DIALECT.md; keep the two in step.
 */
#ifndef SPECTRO_CUDA_PRELUDE_H
#define SPECTRO_CUDA_PRELUDE_H

/* 64-bit signed integer: OpenCL's long. */
typedef long long i64;
/* 32-bit unsigned integer: OpenCL's uint. */
typedef unsigned int u32;

/* A kernel entry point, unmangled so cuModuleGetFunction finds it by its source name. */
#define KERNEL extern "C" __global__ void
/* Helper functions called from kernels (OpenCL: static inline). */
#define DEVFN static __device__ __forceinline__
/* Device pointers carry no address-space qualifier in CUDA. */
#define GLOBAL
/* A buffer parameter never aliased by another parameter of the launch (OpenCL: restrict). */
#define RESTRICT __restrict__
/* Block-shared memory: statically sized arrays declared in a kernel body. */
#define LOCAL_MEM __shared__
/* A pointer into block-shared memory: generic pointers need no qualifier. */
#define LOCAL_PTR
/*
 * A kernel's dynamically sized shared memory: the launch passes its size in bytes as this int parameter and as
 * cuLaunchKernel's sharedMemBytes; LOCAL_BIND declares the extern array at the start of the body.
 */
#define LOCAL_PARAM(name) int name##_bytes
#define LOCAL_BIND(name) extern __shared__ float name[]

/* 1-D indices; blockIdx.x * blockDim.x is widened to 64 bits before the multiply. */
#define GID() ((i64)blockIdx.x * blockDim.x + threadIdx.x)
#define LID() ((int)threadIdx.x)
#define GROUP_ID() ((i64)blockIdx.x)
#define GROUP_SIZE() ((int)blockDim.x)
#define BARRIER() __syncthreads()

/* Bit casts. */
#define AS_INT(f) __float_as_int(f)
#define AS_FLOAT(i) __int_as_float(i)

/* Atomic unsigned maximum on a global int. */
#define ATOMIC_MAX_U32(p, v) atomicMax((unsigned int*)(p), (unsigned int)(v))

/* Correctly rounded square root in both modes (IEEE round-to-nearest-even). */
#define SQRT_RN(x) __fsqrt_rn(x)

/* Built-in transcendentals, used only outside deterministic mode (deterministic kernels use the DetMath code). */
#define FAST_LOG(x) logf(x)
#define FAST_LOG10(x) log10f(x)
#define FAST_EXP(x) expf(x)

/* Special values as bit patterns (no dependence on math.h macros). */
#define INF_F __int_as_float(0x7f800000)
#define NAN_F __int_as_float(0x7fc00000)

#endif /* SPECTRO_CUDA_PRELUDE_H */
