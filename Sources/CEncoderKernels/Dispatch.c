// Which kernels the running CPU can use, and the weight packing (the same for every level).
#include <stdlib.h>
#include <string.h>
#include "CEncoderKernels.h"
#include "BFloat16.h"
#include "CCPUFeatures.h"

extern const ek_kernels ek_portable_kernels;
#if defined(__x86_64__)
extern const ek_kernels ek_avx512_kernels, ek_avx512_bf16_kernels;
#endif

int ek_best_level(void) {
    cf_features cpu = cf_cpu_features();
    if (!cpu.avx512) return EK_PORTABLE;
    return cpu.avx512_bf16 ? EK_AVX512_BF16 : EK_AVX512;
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
