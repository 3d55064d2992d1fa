/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* alloc.c — routes allocations through the embedder's hook (wasmcell_set_allocator). */
#include "alloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "wasmcell.h"

static wasmcell_allocator_t hook;

void wasmcell_set_allocator(const wasmcell_allocator_t *allocator)
{
    if (allocator && allocator->malloc_fn && allocator->realloc_fn && allocator->free_fn)
        hook = *allocator;
    else
        memset(&hook, 0, sizeof hook);
}

void *base_malloc(size_t size)
{
    if (size == 0) size = 1;
    return hook.malloc_fn ? hook.malloc_fn(size, hook.user) : malloc(size);
}

void *base_realloc(void *ptr, size_t size)
{
    if (size == 0) size = 1;
    return hook.realloc_fn ? hook.realloc_fn(ptr, size, hook.user) : realloc(ptr, size);
}

void base_free(void *ptr)
{
    if (!ptr) return;
    if (hook.free_fn) hook.free_fn(ptr, hook.user);
    else free(ptr);
}

void *base_alloc_array(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) return NULL;
    return base_malloc(n * size);
}

void *base_calloc(size_t n, size_t size)
{
    void *p = base_alloc_array(n, size);
    if (p) memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

char *base_strndup(const char *s, size_t len)
{
    char *p = base_malloc(len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = 0;
    return p;
}

void base_prefault(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
    if (!p || size < (256u << 10)) return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1), hi = ((uintptr_t)p + size) & ~(page - 1);
    /* EINVAL on kernels before 5.14: the pages then fault in one by one */
    if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)size;
#endif
}

/* The public face of the hook (wasmcell.h): same allocator as the engine's. */
void *wasmcell_malloc(size_t size) { return base_malloc(size); }
void *wasmcell_realloc(void *ptr, size_t size) { return base_realloc(ptr, size); }
void wasmcell_free(void *ptr) { base_free(ptr); }
