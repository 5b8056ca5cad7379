#ifndef CNKB_CJEMALLOC_SHIM_H
#define CNKB_CJEMALLOC_SHIM_H

// Nothing to declare: linking jemalloc is enough for it to serve every allocation of the process in place of
// glibc's malloc. The `cnkb` executable depends on this module for the link alone; `ProcessMemory` reaches
// jemalloc's control interface (`mallctl`) at run time, so the library targets build and run without it.

#endif
