// float → bfloat16, shared by the packing (Dispatch.c) and the kernels (KernelsImpl.h).
#include <stdint.h>
#include <string.h>

/// The top 16 bits of `x`, rounded to nearest even (no NaNs reach it: weights and activations are finite).
static inline __attribute__((always_inline)) uint16_t ek_round_to_bf16(float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    return (uint16_t)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
}
