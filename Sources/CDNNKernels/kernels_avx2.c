// The kernels for x86-64 processors with AVX2 and FMA (Haswell and later): an 8-wide block
// in two 256-bit registers, fused multiply-adds in the products. Only these functions
// carry the target; dnn_kernels_for_level hands them out when the processor has it.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx,avx2,fma"))), apply_to = function)
#define DNN_ISA avx2
#define DNN_FMA 1
#define DNN_DOT_BLOCK 4
#define DNN_DOT_COLS 2
#include "kernel_body.h"
#pragma clang attribute pop
#else
typedef int dnn_no_avx2_kernels;
#endif
