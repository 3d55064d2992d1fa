/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* alloc.h — the one allocator hook every wasmcell allocation goes through. */
#ifndef BASE_ALLOC_H
#define BASE_ALLOC_H
#include <stddef.h>

/* Like malloc/calloc/realloc/free, routed through wasmcell_set_allocator's hook.
 * base_calloc and base_alloc_array check n*size for overflow (NULL on overflow). */
void *base_malloc(size_t size);
void *base_calloc(size_t n, size_t size);
void *base_realloc(void *ptr, size_t size);
void *base_alloc_array(size_t n, size_t size);
void base_free(void *ptr);
char *base_strndup(const char *s, size_t len);

/* Maps in the pages of [p, p+size) now, in one system call, when the range
 * is big enough to matter: memory about to be filled whole (a module's
 * bytes, object code) would otherwise take a page fault per 4 KiB, and
 * faults are dear in virtual machines. A no-op where the kernel cannot. */
void base_prefault(void *p, size_t size);

#endif
