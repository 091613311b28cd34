// The kernels for x86-64 processors with AVX-512 F, DQ, CD, BW and VL (Skylake-SP and
// later): an 8-wide block in one 512-bit register, fused multiply-adds in the products.
// Only these functions carry the target; dnn_kernels_for_level hands them out when the
// processor has it.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx,avx2,fma,avx512f,avx512dq,avx512cd,avx512bw,avx512vl"))), apply_to = function)
#define DNN_ISA avx512
#define DNN_FMA 1
#define DNN_DOT_BLOCK 8
#define DNN_DOT_COLS 4
#include "kernel_body.h"
#pragma clang attribute pop
#else
typedef int dnn_no_avx512_kernels;
#endif
