// The kernels for AVX-512 CPUs (F, BW, DQ, VL), and the bfloat16 product with AVX-512 BF16's
// vdpbf16ps. Every function carries its own target attribute, so this file builds for any x86-64
// CPU; Dispatch.c hands these out only when the running CPU has the features.
#if defined(__x86_64__)
#include <immintrin.h>
#define EK_TARGET __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")))
#define EK_NAME(x) x##_avx512
#include "KernelsImpl.h"

#define EK_BF16_TARGET __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,avx2,fma")))

/// `mr` (≤ 6) rows × 64 outputs: 24 accumulators; each step takes 2 inputs of every row (one
/// broadcast dword) against 4 blocks of 16 outputs × 2 inputs, 32 multiply-adds per instruction.
EK_BF16_TARGET static inline __attribute__((always_inline)) void
gemm_bf16_tile(int mr, const uint16_t *a, long lda, const ek_bf16_weights *w, long j0, const float *bias, float *y, long ldy) {
    long steps = w->k_padded / 2, stride = steps * 32;
    const uint16_t *b = w->packed + (j0 / 16) * stride;
    __m512 acc[6][4];
    for (int i = 0; i < mr; i++)
        for (int c = 0; c < 4; c++) acc[i][c] = _mm512_setzero_ps();
    for (long s = 0; s < steps; s++) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(b + s * 32), b1 = (__m512bh)_mm512_loadu_si512(b + stride + s * 32);
        __m512bh b2 = (__m512bh)_mm512_loadu_si512(b + 2 * stride + s * 32);
        __m512bh b3 = (__m512bh)_mm512_loadu_si512(b + 3 * stride + s * 32);
        for (int i = 0; i < mr; i++) {
            int32_t pair;
            memcpy(&pair, a + i * lda + 2 * s, sizeof pair);
            __m512bh ai = (__m512bh)_mm512_set1_epi32(pair);
            acc[i][0] = _mm512_dpbf16_ps(acc[i][0], ai, b0);
            acc[i][1] = _mm512_dpbf16_ps(acc[i][1], ai, b1);
            acc[i][2] = _mm512_dpbf16_ps(acc[i][2], ai, b2);
            acc[i][3] = _mm512_dpbf16_ps(acc[i][3], ai, b3);
        }
    }
    for (int c = 0; c < 4; c++) {
        long j = j0 + 16 * c;
        if (j >= w->n) break;
        __mmask16 mask = w->n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (w->n - j)) - 1);
        __m512 bias_v = _mm512_maskz_loadu_ps(mask, bias + j);
        for (int i = 0; i < mr; i++) _mm512_mask_storeu_ps(y + i * ldy + j, mask, _mm512_add_ps(acc[i][c], bias_v));
    }
}

/// Blocks of 48 rows (their inputs stay in L2) against every 64-output panel (in L1 or L2).
EK_BF16_TARGET static void gemm_bf16_avx512bf16(long m, const uint16_t *a, long lda, const ek_bf16_weights *w,
                                                const float *bias, float *y, long ldy) {
    for (long i0 = 0; i0 < m; i0 += 48) {
        long end = i0 + 48 < m ? i0 + 48 : m;
        for (long j0 = 0; j0 < w->n; j0 += 64) {
            for (long i = i0; i < end; i += 6) {
                const uint16_t *ai = a + i * lda;
                float *yi = y + i * ldy;
                switch (end - i < 6 ? end - i : 6) {  // constant row counts keep the tile in registers
                case 6: gemm_bf16_tile(6, ai, lda, w, j0, bias, yi, ldy); break;
                case 5: gemm_bf16_tile(5, ai, lda, w, j0, bias, yi, ldy); break;
                case 4: gemm_bf16_tile(4, ai, lda, w, j0, bias, yi, ldy); break;
                case 3: gemm_bf16_tile(3, ai, lda, w, j0, bias, yi, ldy); break;
                case 2: gemm_bf16_tile(2, ai, lda, w, j0, bias, yi, ldy); break;
                default: gemm_bf16_tile(1, ai, lda, w, j0, bias, yi, ldy); break;
                }
            }
        }
    }
}

const ek_kernels ek_avx512_kernels = { EK_TABLE_ENTRIES("avx512", gemm_bf16_avx512) };
const ek_kernels ek_avx512_bf16_kernels = { EK_TABLE_ENTRIES("avx512-bf16", gemm_bf16_avx512bf16) };
#endif
