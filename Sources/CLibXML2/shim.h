// libxml2 for FHIR XML (Sources/FHIRFormat). Only the streaming reader is used; see
// ../shared/STACK-NOTES.md for why the ICU flag is undone and why macros are wrapped.
#ifndef HEALTHGATEWAY_CLIBXML2_SHIM_H
#define HEALTHGATEWAY_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's headers pull in the system ICU, which clashes with Foundation's own ICU in Swift modules.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a macro-like global function pointer in this build: a function Swift can call.
static inline void healthgateway_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
