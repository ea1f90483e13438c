// Hot loops of the sentence encoder that Swift cannot vectorise well: the element-wise steps of
// BERT (exact GELU, softmax, residual + LayerNorm), a product for a handful of rows, and a bfloat16
// product for AVX-512 BF16. Each kernel exists in a portable build and in an AVX-512 build
// (per-function target attributes), chosen at run time from the CPU's features, so the package
// still builds and runs on CPUs without AVX-512.
#ifndef CENCODERKERNELS_H
#define CENCODERKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Weights of one linear layer as bfloat16 (the top 16 bits of a float, rounded to nearest even),
/// packed for `vdpbf16ps`: blocks of 16 outputs × 2 inputs (64 bytes), `[n_padded / 16][k_padded / 2][16][2]`,
/// zero in the padding; `n_padded` is a multiple of 64, `k_padded` of 2.
typedef struct ek_bf16_weights {
    long n, k, n_padded, k_padded;
    uint16_t *packed;
} ek_bf16_weights;

/// Packs `w` (`n × k`, row-major, PyTorch's `[outputs, inputs]`) into `out`; 0 on success, -1 if
/// memory ran out. Free with `ek_bf16_weights_free`.
int ek_bf16_weights_pack(const float *w, long n, long k, ek_bf16_weights *out);
void ek_bf16_weights_free(ek_bf16_weights *w);

/// Float weights `w` (`n × k`, `[outputs, inputs]`) in panels of 32 outputs, `[ceil(n / 32)][k][32]`,
/// zero-padded, into `panels` (room for `ceil(n / 32) · k · 32` floats), for `sgemm_small`.
void ek_float_panels_pack(const float *w, long n, long k, float *panels);

/// One implementation of every kernel, for one instruction-set level.
typedef struct ek_kernels {
    const char *name;
    /// x[i] = gelu(x[i]), the exact (erf) GELU, in place.
    void (*gelu)(float *x, long count);
    /// x[r][c] += bias[c].
    void (*add_bias)(float *x, const float *bias, long rows, long cols);
    /// x = LayerNorm(x + residual) over each row, in place; `residual` may be NULL.
    void (*residual_layer_norm)(float *x, const float *residual, const float *gamma, const float *beta,
                                long rows, long cols, float eps);
    /// s = softmax(scale · s) along each row of the contiguous `rows × cols` matrix, in place.
    void (*softmax_rows)(float *s, long rows, long cols, float scale);
    /// y[i][j] = Σ_p x[i][p] · w[j][p], for few rows, with `w` packed by `ek_float_panels_pack`.
    void (*sgemm_small)(long m, long n, long k, const float *x, long ldx, const float *panels, float *y, long ldy);
    /// Each row of `x` (`cols` wide) to bfloat16 in `out`, rounded to nearest even; columns from
    /// `cols` to `ld_out` are set to zero (the weights' `k_padded` is the width a product reads).
    void (*to_bf16_rows)(const float *x, long rows, long cols, long ldx, uint16_t *out, long ld_out);
    /// y[i][j] = Σ_p a[i][p] · w[j][p] + bias[j], bfloat16 products summed in float32; `a` from
    /// `to_bf16_rows` with `lda` ≥ `w->k_padded`.
    void (*gemm_bf16)(long m, const uint16_t *a, long lda, const ek_bf16_weights *w, const float *bias, float *y, long ldy);
} ek_kernels;

enum { EK_PORTABLE = 0, EK_AVX512 = 1, EK_AVX512_BF16 = 2 };

/// The highest level this CPU (and its operating system) supports.
int ek_best_level(void);
/// The kernels of `level`, or NULL if this CPU cannot run them.
const ek_kernels *ek_kernels_for(int level);

#endif
