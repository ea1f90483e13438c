#include "CCPUFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>

/// CPUID says what the CPU has; XCR0 says whether the OS saves the wider registers (without
/// that, AVX or AVX-512 instructions fault even on a CPU that has them).
static cf_features detect(void) {
    cf_features none = {0, 0, 0}, found = {0, 0, 0};
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return none;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx) return none;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6) != 0x6) return none;  // SSE and AVX state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return none;
    int avx2 = (b >> 5) & 1, f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    found.avx2_fma = avx2 && fma;
    // Opmask and both halves of the ZMM registers.
    found.avx512 = found.avx2_fma && (xcr0_low & 0xE6) == 0xE6 && f && dq && bw && vl;
    if (found.avx512) {
        unsigned leaf71[4] = {0};
        __get_cpuid_count(7, 1, &leaf71[0], &leaf71[1], &leaf71[2], &leaf71[3]);
        found.avx512_bf16 = (leaf71[0] >> 5) & 1;  // leaf 7.1 EAX bit 5
    }
    return found;
}
#else
static cf_features detect(void) { cf_features none = {0, 0, 0}; return none; }
#endif

cf_features cf_cpu_features(void) {
    // 0 = not yet known, else 1 + the bits: a benign race, every thread computes the same value.
    static int cached = 0;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known == 0) {
        cf_features f = detect();
        known = 1 + (f.avx2_fma | f.avx512 << 1 | f.avx512_bf16 << 2);
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    known -= 1;
    cf_features out = {known & 1, (known >> 1) & 1, (known >> 2) & 1};
    return out;
}
