// The kernels for any processor: vectors of the baseline instruction set (SSE2 on x86-64,
// NEON on arm64), a multiply then an add in the products (the same bits everywhere).
#define DNN_ISA generic
#define DNN_FMA 0
#define DNN_DOT_BLOCK 2
#define DNN_DOT_COLS 2
#include "kernel_body.h"
