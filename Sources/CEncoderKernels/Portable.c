// The kernels for any CPU: the compiler's baseline for the target, no run-time requirement.
#define EK_TARGET
#define EK_NAME(x) x##_portable
#include "KernelsImpl.h"

const ek_kernels ek_portable_kernels = { EK_TABLE_ENTRIES("portable", gemm_bf16_portable) };
