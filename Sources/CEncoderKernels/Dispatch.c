// Which kernels the running CPU can use, and the weight packing (the same for every level).
#include <stdlib.h>
#include <string.h>
#include "CEncoderKernels.h"
#include "BFloat16.h"

extern const ek_kernels ek_portable_kernels;
#if defined(__x86_64__)
#include <cpuid.h>
extern const ek_kernels ek_avx512_kernels, ek_avx512_bf16_kernels;

/// CPUID says what the CPU has; XCR0 says whether the OS saves the 512-bit registers (without
/// that, AVX-512 instructions fault even on a CPU that has them).
static int detect_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return EK_PORTABLE;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx || !fma) return EK_PORTABLE;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6) return EK_PORTABLE;  // SSE, AVX, opmask, both ZMM halves
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return EK_PORTABLE;
    int avx2 = (b >> 5) & 1, f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    if (!(avx2 && f && dq && bw && vl)) return EK_PORTABLE;
    unsigned features71[4] = {0};
    __get_cpuid_count(7, 1, &features71[0], &features71[1], &features71[2], &features71[3]);
    return (features71[0] >> 5) & 1 ? EK_AVX512_BF16 : EK_AVX512;  // leaf 7.1 EAX bit 5: AVX512_BF16
}
#else
static int detect_level(void) { return EK_PORTABLE; }
#endif

int ek_best_level(void) {
    static int level = -1;  // a benign race: every thread computes the same value
    int known = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (known < 0) {
        known = detect_level();
        __atomic_store_n(&level, known, __ATOMIC_RELAXED);
    }
    return known;
}

const ek_kernels *ek_kernels_for(int level) {
    if (level < EK_PORTABLE || level > ek_best_level()) return NULL;
#if defined(__x86_64__)
    if (level == EK_AVX512_BF16) return &ek_avx512_bf16_kernels;
    if (level == EK_AVX512) return &ek_avx512_kernels;
#endif
    return &ek_portable_kernels;
}

int ek_bf16_weights_pack(const float *w, long n, long k, ek_bf16_weights *out) {
    long n_padded = (n + 63) / 64 * 64, k_padded = (k + 1) / 2 * 2, steps = k_padded / 2;
    memset(out, 0, sizeof *out);
    out->packed = calloc((size_t)(n_padded * k_padded), sizeof(uint16_t));
    if (!out->packed) return -1;
    out->n = n; out->k = k; out->n_padded = n_padded; out->k_padded = k_padded;
    for (long j = 0; j < n; j++) {
        uint16_t *lane = out->packed + (j / 16) * steps * 32 + (j % 16) * 2;
        for (long p = 0; p < k; p++) lane[(p / 2) * 32 + p % 2] = ek_round_to_bf16(w[j * k + p]);
    }
    return 0;
}

void ek_float_panels_pack(const float *w, long n, long k, float *panels) {
    long count = (n + 31) / 32;
    memset(panels, 0, (size_t)(count * k * 32) * sizeof(float));
    for (long j = 0; j < n; j++)
        for (long p = 0; p < k; p++) panels[(j / 32) * k * 32 + p * 32 + j % 32] = w[j * k + p];
}

void ek_bf16_weights_free(ek_bf16_weights *w) {
    free(w->packed);
    memset(w, 0, sizeof *w);
}
