// The inner products that vector search spends its time in, compiled for AVX-512, for AVX2 with
// FMA, and portably, and chosen at run time from the CPU's features (CCPUFeatures): Swift code
// cannot be compiled per function for a wider instruction set, and a whole module compiled for
// AVX2 dies on a CPU without it.
#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

/// a · b over `n` floats.
float vk_dot(const float *a, const float *b, long n);

/// q · a, q · b, q · c, q · d into `out[0…3]`: four vectors read in one loop, so that four streams
/// of cache misses are in flight at once (graph search reads each neighbour from anywhere).
void vk_dot4(const float *q, const float *a, const float *b, const float *c, const float *d, long n, float *out);

/// The instruction set the kernels run with here: "avx512", "avx2" or "portable".
const char *vk_kernel_name(void);

#endif
