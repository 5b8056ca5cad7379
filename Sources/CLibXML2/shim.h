#ifndef CNKB_CLIBXML2_SHIM_H
#define CNKB_CLIBXML2_SHIM_H

// xmlversion.h first, so that ICU support can be switched off before any header pulls in the
// system ICU headers (they clash with the ICU copy inside Swift's Foundation).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a global function pointer, which Swift 6 rejects as unsafe shared state.
static inline void cnkb_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
