// mallopt(3) is declared in glibc's <malloc.h>, which Swift's Glibc module does not export.
#include "CMalloc.h"

#if defined(__linux__)
#include <malloc.h>
#endif

int health_gateway_fix_mmap_threshold(int bytes) {
#if defined(__linux__) && defined(M_MMAP_THRESHOLD)
    return mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}
