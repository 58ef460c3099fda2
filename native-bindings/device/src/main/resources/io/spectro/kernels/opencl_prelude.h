/* OpenCL C 1.2 prelude for spectro.kern (see DIALECT.md). Prepended to the kernel source before clBuildProgram. */
#ifdef SPECTRO_DETERMINISTIC
/* PoCL (and other clang-based compilers) contract a*b+c into FMA by default; deterministic mode forbids it. */
#pragma OPENCL FP_CONTRACT OFF
#endif

typedef long i64;
typedef uint u32;

#define KERNEL __kernel void
#define GLOBAL __global
#define RESTRICT restrict
#define LOCAL_MEM __local
/* A pointer into local memory (helper parameters and locals). */
#define LOCAL_PTR __local
/* A kernel's dynamically sized local memory: a __local float* argument (clSetKernelArg with a size and no value). */
#define LOCAL_PARAM(name) __local float* name
#define LOCAL_BIND(name)
#define DEVFN static inline
#define GID() ((i64)get_global_id(0))
#define LID() ((int)get_local_id(0))
#define GROUP_ID() ((i64)get_group_id(0))
#define GROUP_SIZE() ((int)get_local_size(0))
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define AS_INT(f) as_int(f)
#define AS_FLOAT(i) as_float(i)
/* Atomic unsigned maximum on a global int (OpenCL 1.1 core atomics). */
#define ATOMIC_MAX_U32(p, v) atomic_max((volatile __global uint*)(p), (uint)(v))
/* Correctly rounded in deterministic mode: built with -cl-fp32-correctly-rounded-divide-sqrt. */
#define SQRT_RN(x) sqrt(x)
#define FAST_LOG(x) log(x)
#define FAST_LOG10(x) log10(x)
#define FAST_EXP(x) exp(x)
#define INF_F INFINITY
/* Java's Float.NaN bits: OpenCL's NAN macro differs between implementations (PoCL: 0x7fffffff). */
#define NAN_F as_float(0x7fc00000)
