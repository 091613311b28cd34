// Which kernels this processor runs, read once from cpuid by the caller.
#include "dnn_kernels.h"

extern const dnn_kernels dnn_generic_kernels;

#if defined(__x86_64__)
#include <cpuid.h>

extern const dnn_kernels dnn_avx2_kernels;
extern const dnn_kernels dnn_avx512_kernels;

/// The register state the operating system saves (XCR0); AVX needs bits 1–2, AVX-512 5–7.
static unsigned long long enabled_state(void) {
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

int dnn_processor_level(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1, fma = (ecx >> 12) & 1;
    if (!osxsave || !avx || !fma) return 0;
    unsigned long long state = enabled_state();
    if ((state & 0x6) != 0x6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    if (!((ebx >> 5) & 1)) return 0;  // AVX2
    int f = (ebx >> 16) & 1, dq = (ebx >> 17) & 1, cd = (ebx >> 28) & 1, bw = (ebx >> 30) & 1, vl = (ebx >> 31) & 1;
    if (f && dq && cd && bw && vl && (state & 0xe6) == 0xe6) return 2;
    return 1;
}

const dnn_kernels *dnn_kernels_for_level(int level) {
    switch (level) {
    case 0: return &dnn_generic_kernels;
    case 1: return &dnn_avx2_kernels;
    case 2: return &dnn_avx512_kernels;
    default: return 0;
    }
}
#else
int dnn_processor_level(void) { return 0; }

const dnn_kernels *dnn_kernels_for_level(int level) { return level == 0 ? &dnn_generic_kernels : 0; }
#endif
