// The kernels, written once in plain C with vector extensions and included twice: by Portable.c
// (baseline x86-64 or whatever the target is) and by AVX512.c, where EK_TARGET turns on AVX-512 for
// every function so the compiler vectorises the same loops with 512-bit registers.
// Needs EK_TARGET (a function attribute, maybe empty) and EK_NAME(x) (the variant's symbol).
#include <math.h>
#include <string.h>
#include "CEncoderKernels.h"
#include "BFloat16.h"

typedef float ek_v16 __attribute__((vector_size(64)));

// An unaligned load of 16 floats (a macro: a 64-byte vector returned by value would change ABI).
#define EK_LOAD16(v, p) memcpy(&(v), (p), sizeof(ek_v16))

/// e^x for x in about [-87, 88] (softmax feeds x ≤ 0): Cody–Waite reduction by ln 2 and Cephes'
/// degree-5 polynomial, within 2 ulp; written without libm calls so the loops vectorise.
static inline __attribute__((always_inline)) float EK_NAME(exp)(float x) {
    x = fminf(fmaxf(x, -87.0f), 88.0f);
    const float shifter = 12582912.0f;  // 1.5 · 2^23: adding it rounds to an integer
    float n = (x * 1.44269504088896341f + shifter) - shifter;
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/// The exact GELU, x · Φ(x) = x/2 · (1 + erf(x/√2)), with erf by Abramowitz–Stegun 7.1.26
/// (absolute error 1.5e-7, the approximation PyTorch's own vectorised erf uses).
static inline __attribute__((always_inline)) float EK_NAME(gelu)(float x) {
    float z = fabsf(x) * 0.70710678118654752f;
    float t = 1.0f / (1.0f + 0.3275911f * z);
    float poly = ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;
    float erf_abs = 1.0f - poly * EK_NAME(exp)(-z * z);
    float erf = x < 0 ? -erf_abs : erf_abs;
    return 0.5f * x * (1.0f + erf);
}

EK_TARGET static void EK_NAME(gelu_all)(float *x, long count) {
    for (long i = 0; i < count; i++) x[i] = EK_NAME(gelu)(x[i]);
}

EK_TARGET static void EK_NAME(add_bias)(float *x, const float *bias, long rows, long cols) {
    for (long r = 0; r < rows; r++) {
        float *row = x + r * cols;
        for (long c = 0; c < cols; c++) row[c] += bias[c];
    }
}

EK_TARGET static void EK_NAME(residual_layer_norm)(float *x, const float *residual, const float *gamma,
                                                   const float *beta, long rows, long cols, float eps) {
    for (long r = 0; r < rows; r++) {
#pragma clang fp reassociate(on)  // sums in any order, so they vectorise
        float *row = x + r * cols;
        if (residual) for (long c = 0; c < cols; c++) row[c] += residual[r * cols + c];
        float sum = 0;  // two passes, mean then variance, as PyTorch does
        for (long c = 0; c < cols; c++) sum += row[c];
        float mean = sum / (float)cols, squares = 0;
        for (long c = 0; c < cols; c++) { float d = row[c] - mean; squares += d * d; }
        float inverse = 1.0f / sqrtf(squares / (float)cols + eps);
        for (long c = 0; c < cols; c++) row[c] = (row[c] - mean) * inverse * gamma[c] + beta[c];
    }
}

EK_TARGET static void EK_NAME(softmax_rows)(float *s, long rows, long cols, float scale) {
    for (long r = 0; r < rows; r++) {
#pragma clang fp reassociate(on)
        float *row = s + r * cols;
        float maximum = -INFINITY, sum = 0;
        for (long c = 0; c < cols; c++) maximum = fmaxf(maximum, row[c]);
        for (long c = 0; c < cols; c++) { float e = EK_NAME(exp)((row[c] - maximum) * scale); row[c] = e; sum += e; }
        float inverse = 1.0f / sum;
        for (long c = 0; c < cols; c++) row[c] *= inverse;
    }
}

/// Up to 12 rows × one panel of 32 outputs: each panel row is loaded once and multiplied by every
/// row's input (a broadcast), so the weights stream through once per 12 rows, contiguously, and
/// nothing is reduced across lanes. What matters when a query's few tokens make the product
/// memory-bound.
static inline __attribute__((always_inline)) void EK_NAME(small_tile)(int mr, long k, const float *x, long ldx,
                                                                      const float *panel, float *y, long ldy, long cols) {
    ek_v16 acc[12][2] = {{{0}}};
    for (long p = 0; p < k; p++) {
        ek_v16 w0, w1;
        EK_LOAD16(w0, panel + p * 32);
        EK_LOAD16(w1, panel + p * 32 + 16);
        for (int i = 0; i < mr; i++) {
            float xi = x[i * ldx + p];
            acc[i][0] += xi * w0;
            acc[i][1] += xi * w1;
        }
    }
    for (int i = 0; i < mr; i++) memcpy(y + i * ldy, &acc[i][0], (size_t)cols * sizeof(float));  // acc[i] is 32 contiguous floats
}

EK_TARGET static void EK_NAME(sgemm_small)(long m, long n, long k, const float *x, long ldx, const float *panels,
                                           float *y, long ldy) {
    for (long i = 0; i < m; i += 12) {
        int mr = m - i < 12 ? (int)(m - i) : 12;
        const float *xi = x + i * ldx;
        for (long j = 0; j < n; j += 32) {
            const float *panel = panels + (j / 32) * k * 32;
            float *yij = y + i * ldy + j;
            long cols = n - j < 32 ? n - j : 32;
            switch (mr) {  // constant row counts, so the accumulators stay in registers
            case 12: EK_NAME(small_tile)(12, k, xi, ldx, panel, yij, ldy, cols); break;
            case 11: EK_NAME(small_tile)(11, k, xi, ldx, panel, yij, ldy, cols); break;
            case 10: EK_NAME(small_tile)(10, k, xi, ldx, panel, yij, ldy, cols); break;
            case 9: EK_NAME(small_tile)(9, k, xi, ldx, panel, yij, ldy, cols); break;
            case 8: EK_NAME(small_tile)(8, k, xi, ldx, panel, yij, ldy, cols); break;
            case 7: EK_NAME(small_tile)(7, k, xi, ldx, panel, yij, ldy, cols); break;
            case 6: EK_NAME(small_tile)(6, k, xi, ldx, panel, yij, ldy, cols); break;
            case 5: EK_NAME(small_tile)(5, k, xi, ldx, panel, yij, ldy, cols); break;
            case 4: EK_NAME(small_tile)(4, k, xi, ldx, panel, yij, ldy, cols); break;
            case 3: EK_NAME(small_tile)(3, k, xi, ldx, panel, yij, ldy, cols); break;
            case 2: EK_NAME(small_tile)(2, k, xi, ldx, panel, yij, ldy, cols); break;
            default: EK_NAME(small_tile)(1, k, xi, ldx, panel, yij, ldy, cols); break;
            }
        }
    }
}

EK_TARGET static void EK_NAME(to_bf16_rows)(const float *x, long rows, long cols, long ldx, uint16_t *out, long ld_out) {
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * ldx;
        uint16_t *converted = out + r * ld_out;
        for (long c = 0; c < cols; c++) converted[c] = ek_round_to_bf16(row[c]);
        for (long c = cols; c < ld_out; c++) converted[c] = 0;
    }
}

static inline __attribute__((always_inline)) float EK_NAME(widen)(uint16_t bf16) {
    uint32_t bits = (uint32_t)bf16 << 16;
    float x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/// The bfloat16 product on the packed layout in plain float32 arithmetic: the reference for the
/// AVX-512 BF16 kernel and the path on CPUs that lack it.
EK_TARGET static void EK_NAME(gemm_bf16)(long m, const uint16_t *a, long lda, const ek_bf16_weights *w, const float *bias,
                                         float *y, long ldy) {
    long steps = w->k_padded / 2;
    for (long i = 0; i < m; i++) {
        const uint16_t *row = a + i * lda;
        for (long block = 0; block < w->n_padded / 16 && block * 16 < w->n; block++) {
            const uint16_t *b = w->packed + block * steps * 32;
            float acc[16] = {0};
            for (long s = 0; s < steps; s++) {
                float a0 = EK_NAME(widen)(row[2 * s]), a1 = EK_NAME(widen)(row[2 * s + 1]);
                for (int lane = 0; lane < 16; lane++)
                    acc[lane] += a0 * EK_NAME(widen)(b[s * 32 + 2 * lane]) + a1 * EK_NAME(widen)(b[s * 32 + 2 * lane + 1]);
            }
            for (int lane = 0; lane < 16 && block * 16 + lane < w->n; lane++) {
                long j = block * 16 + lane;
                y[i * ldy + j] = acc[lane] + bias[j];
            }
        }
    }
}

#define EK_TABLE_ENTRIES(label, gemm_function) \
    .name = label, .gelu = EK_NAME(gelu_all), .add_bias = EK_NAME(add_bias), \
    .residual_layer_norm = EK_NAME(residual_layer_norm), .softmax_rows = EK_NAME(softmax_rows), \
    .sgemm_small = EK_NAME(sgemm_small), .to_bf16_rows = EK_NAME(to_bf16_rows), .gemm_bf16 = gemm_function
