#ifndef PAPERBOY_MEMORY_HINTS_H
#define PAPERBOY_MEMORY_HINTS_H

/// Asks the CPU to start loading the cache line at `address` for writing, without waiting for it:
/// Swift has no prefetch of its own. A wrong or stale address is harmless (a prefetch never faults).
static inline void prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// The same, for reading.
static inline void prefetch_for_read(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
