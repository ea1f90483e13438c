// What the running CPU (and the OS) let a kernel use. Kernels are compiled for several
// instruction-set levels with per-function target attributes and pick one at run time from
// this, so that one binary runs fast where AVX-512 exists and still runs where it does not.
#ifndef CCPUFEATURES_H
#define CCPUFEATURES_H

typedef struct cf_features {
    /// AVX2 and FMA, with the OS saving the YMM registers.
    int avx2_fma;
    /// AVX-512 F, DQ, BW and VL, with the OS saving the ZMM and opmask registers.
    int avx512;
    /// AVX-512 BF16 (`vdpbf16ps`) on top of `avx512`.
    int avx512_bf16;
} cf_features;

/// The features of the running CPU; detected once, then cached.
cf_features cf_cpu_features(void);

#endif
