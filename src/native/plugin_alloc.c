/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* plugin_alloc.c — inside the LLVM plugin (libwasmcell-llvm.so) only: the
 * base_* allocation functions the lowering and the decoder use, forwarded
 * to the runtime's allocator (the embedder's hook), so memory the plugin
 * hands back (the object code) is freed by the runtime as usual. */
#include <string.h>
#include "../base/alloc.h"
#include "native.h"

/* set by each call into the plugin, for the thread that compiles */
__thread const native_plugin_host_t *native_plugin_host;

void *base_malloc(size_t size) { return native_plugin_host->malloc_fn(size ? size : 1); }
void *base_realloc(void *ptr, size_t size) { return native_plugin_host->realloc_fn(ptr, size ? size : 1); }
void base_free(void *ptr) { if (ptr) native_plugin_host->free_fn(ptr); }

void *base_calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) return NULL;
    void *p = base_malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *base_alloc_array(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) return NULL;
    return base_malloc(n * size);
}

char *base_strndup(const char *s, size_t len)
{
    char *d = base_malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = 0;
    }
    return d;
}
