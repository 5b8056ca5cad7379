#ifndef CNKB_CJEMALLOC_SHIM_H
#define CNKB_CJEMALLOC_SHIM_H

// jemalloc replaces malloc for the whole `cnkb` process once the executable links it: nothing needs to be
// called for that. Only the control interface is declared here, to read the allocator's version; the
// header's own declarations of malloc and friends would clash with Glibc's.
#include <stddef.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

#endif
