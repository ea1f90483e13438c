#include "CVectorKernels.h"
#include "CCPUFeatures.h"

// ---- Portable: eight independent sums so that the compiler can keep a vector of them. ----

static float dot_portable(const float *a, const float *b, long n) {
    float s[8] = {0};
    long i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) s[j] += a[i + j] * b[i + j];
    float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static void dot4_portable(const float *q, const float *a, const float *b, const float *c, const float *d, long n, float *out) {
    out[0] = dot_portable(q, a, n); out[1] = dot_portable(q, b, n);
    out[2] = dot_portable(q, c, n); out[3] = dot_portable(q, d, n);
}

#if defined(__x86_64__)
#include <immintrin.h>

// ---- AVX2 + FMA: 8 lanes, two accumulators. ----

__attribute__((target("avx2,fma"))) static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"))) static float dot_avx2(const float *a, const float *b, long n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float sum = hsum256(_mm256_add_ps(s0, s1));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

__attribute__((target("avx2,fma"))) static void dot4_avx2(const float *q, const float *a, const float *b, const float *c,
                                                          const float *d, long n, float *out) {
    __m256 sa = _mm256_setzero_ps(), sb = _mm256_setzero_ps(), sc = _mm256_setzero_ps(), sd = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(q + i);
        sa = _mm256_fmadd_ps(x, _mm256_loadu_ps(a + i), sa);
        sb = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + i), sb);
        sc = _mm256_fmadd_ps(x, _mm256_loadu_ps(c + i), sc);
        sd = _mm256_fmadd_ps(x, _mm256_loadu_ps(d + i), sd);
    }
    out[0] = hsum256(sa); out[1] = hsum256(sb); out[2] = hsum256(sc); out[3] = hsum256(sd);
    for (; i < n; i++) { out[0] += q[i] * a[i]; out[1] += q[i] * b[i]; out[2] += q[i] * c[i]; out[3] += q[i] * d[i]; }
}

// ---- AVX-512: 16 lanes; the tail through a mask, so no scalar loop. ----

__attribute__((target("avx512f"))) static float dot_avx512(const float *a, const float *b, long n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    long i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    for (; i < n; i += 16) {
        __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

__attribute__((target("avx512f"))) static void dot4_avx512(const float *q, const float *a, const float *b, const float *c,
                                                           const float *d, long n, float *out) {
    __m512 sa = _mm512_setzero_ps(), sb = _mm512_setzero_ps(), sc = _mm512_setzero_ps(), sd = _mm512_setzero_ps();
    for (long i = 0; i < n; i += 16) {
        __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        __m512 x = _mm512_maskz_loadu_ps(m, q + i);
        sa = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, a + i), sa);
        sb = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, b + i), sb);
        sc = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, c + i), sc);
        sd = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, d + i), sd);
    }
    out[0] = _mm512_reduce_add_ps(sa); out[1] = _mm512_reduce_add_ps(sb);
    out[2] = _mm512_reduce_add_ps(sc); out[3] = _mm512_reduce_add_ps(sd);
}
#endif

// ---- Dispatch: the level is read once; the calls below are direct after that. ----

typedef struct kernels {
    const char *name;
    float (*dot)(const float *, const float *, long);
    void (*dot4)(const float *, const float *, const float *, const float *, const float *, long, float *);
} kernels;

static const kernels portable = {"portable", dot_portable, dot4_portable};
#if defined(__x86_64__)
static const kernels avx2 = {"avx2", dot_avx2, dot4_avx2};
static const kernels avx512 = {"avx512", dot_avx512, dot4_avx512};
#endif

static const kernels *best(void) {
    static const kernels *chosen = 0;  // a benign race: every thread chooses the same
    const kernels *k = __atomic_load_n(&chosen, __ATOMIC_ACQUIRE);
    if (!k) {
        k = &portable;
#if defined(__x86_64__)
        cf_features cpu = cf_cpu_features();
        if (cpu.avx512) k = &avx512; else if (cpu.avx2_fma) k = &avx2;
#endif
        __atomic_store_n(&chosen, k, __ATOMIC_RELEASE);
    }
    return k;
}

float vk_dot(const float *a, const float *b, long n) { return best()->dot(a, b, n); }

void vk_dot4(const float *q, const float *a, const float *b, const float *c, const float *d, long n, float *out) {
    best()->dot4(q, a, b, c, d, n, out);
}

const char *vk_kernel_name(void) { return best()->name; }
