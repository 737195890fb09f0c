#ifndef HEALTH_GATEWAY_CMALLOC_H
#define HEALTH_GATEWAY_CMALLOC_H

/// Fixes the C library's mmap threshold at `bytes`: allocations of that size or more are mapped on
/// their own and returned to the system when freed. glibc's threshold starts at 128 KiB but rises
/// each time a mapped block is freed (up to 32 MiB); past that, big short-lived buffers come from the
/// heap and the memory stays with the process. Returns 1 when the threshold was set, 0 where the C
/// library has no such setting (not glibc).
int health_gateway_fix_mmap_threshold(int bytes);

#endif
