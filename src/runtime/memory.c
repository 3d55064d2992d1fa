/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* memory.c — linear memories in two modes. Guarded: an 8 GiB address-space
 * reservation (4 GiB of index range + 4 GiB of constant offset + a guard
 * page), pages committed as the memory grows, accesses unchecked, faults
 * recognised through a registry of live reservations (memory_registry.c).
 * Bounds-checked: only what the memory may need is mapped, every access is
 * compared with the current size; used when the reservation fails (e.g.
 * under `ulimit -v`) or when the engine asks for it (config.bounds_checks). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap */
#endif
#include <sys/mman.h>
#include "runtime.h"
#include "../base/alloc.h"

/* Any i32 address plus any u32 offset plus an access of up to 16 bytes stays
 * inside the reservation, so guarded accesses never need a bounds check. */
#define RESERVE_BYTES ((8ull << 30) + RT_PAGE_SIZE)
#define SPEC_MAX_PAGES 65536ull
#define MEM64_MAX_PAGES (1ull << 48)
/* A checked memory reserves its maximum up front only up to this size
 * (64 GiB); a bigger maximum grows by remapping. */
#define RESERVE_MAX_BYTES (64ull << 30)

/* The engine limit in pages (max_memory_bytes, at most 4 GiB: engine.c),
 * which applies to 64-bit memories too. */
static uint64_t limit_pages(const wasmcell_config_t *config)
{
    uint64_t pages = SPEC_MAX_PAGES;
    if (config && config->max_memory_bytes && config->max_memory_bytes / RT_PAGE_SIZE < pages)
        pages = config->max_memory_bytes / RT_PAGE_SIZE;
    return pages;
}

static void *reserve(uint64_t bytes)
{
    void *p = mmap(NULL, (size_t)bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool rt_memory_guard_available(const wasmcell_config_t *config)
{
    if (config && config->bounds_checks) return false;
    void *p = reserve(RESERVE_BYTES);
    if (!p) return false;
    munmap(p, RESERVE_BYTES);
    return true;
}

/* Guarded: the full reservation, registered for the fault handler. */
static bool map_guarded(wasmcell_memory_t *mem)
{
    uint8_t *base = reserve(RESERVE_BYTES);
    if (!base) return false;
    size_t initial = (size_t)(mem->pages * RT_PAGE_SIZE);
    if ((initial && mprotect(base, initial, PROT_READ | PROT_WRITE) != 0) ||
        !rt_memory_registry_add(base, RESERVE_BYTES)) {
        munmap(base, RESERVE_BYTES);
        return false;
    }
    mem->base = base;
    mem->reserved_bytes = RESERVE_BYTES;
    mem->guarded = true;
    return true;
}

/* Bounds-checked: the maximum size when that much address space is
 * available (the base then never moves), else only the current size (at
 * least one page, so base is never NULL), grown by remapping. */
static bool map_checked(wasmcell_memory_t *mem)
{
    uint64_t initial = mem->pages * RT_PAGE_SIZE;
    uint64_t max = mem->max_pages > RESERVE_MAX_BYTES / RT_PAGE_SIZE ? UINT64_MAX
                                                                     : mem->max_pages * RT_PAGE_SIZE;
    uint8_t *base = max > initial && max <= RESERVE_MAX_BYTES ? reserve(max) : NULL;
    uint64_t mapped = max;
    if (!base) {
        mapped = initial ? initial : RT_PAGE_SIZE;
        base = reserve(mapped);
        if (!base) return false;
    }
    if (initial && mprotect(base, (size_t)initial, PROT_READ | PROT_WRITE) != 0) {
        munmap(base, (size_t)mapped);
        return false;
    }
    mem->base = base;
    mem->reserved_bytes = mapped;
    mem->guarded = false;
    return true;
}

wasmcell_memory_t *rt_memory_new(const bin_memtype_t *type, const wasmcell_config_t *config,
                                 wasmcell_error_t **error)
{
    if (type->limits.shared) {
        rt_fail(error, rt_error_new(WASMCELL_ERR_UNSUPPORTED, "shared memories are not supported"));
        return NULL;
    }
    uint64_t limit = limit_pages(config);
    uint64_t max = type->limits.has_max ? type->limits.max
                                        : type->limits.is64 ? MEM64_MAX_PAGES : SPEC_MAX_PAGES;
    if (max > limit) max = limit;
    if (type->limits.min > max) {
        rt_fail(error, rt_error_new(WASMCELL_ERR_NOMEM,
                                    "memory of %llu pages exceeds the limit of %llu pages",
                                    (unsigned long long)type->limits.min,
                                    (unsigned long long)max));
        return NULL;
    }
    wasmcell_memory_t *mem = base_calloc(1, sizeof *mem);
    if (!mem) {
        rt_fail(error, &rt_error_nomem);
        return NULL;
    }
    *mem = (wasmcell_memory_t){.pages = type->limits.min, .max_pages = max,
                               .has_max = type->limits.has_max,
                               .declared_max = type->limits.max, .is64 = type->limits.is64};
    /* no reservation covers a 64-bit address plus a 64-bit offset: a
     * memory64 is always bounds-checked */
    bool forced = (config && config->bounds_checks) || type->limits.is64;
    if ((forced || !map_guarded(mem)) && !map_checked(mem)) {
        base_free(mem);
        rt_fail(error, rt_error_new(WASMCELL_ERR_NOMEM, "cannot map %llu bytes of linear memory",
                                    (unsigned long long)(type->limits.min * RT_PAGE_SIZE)));
        return NULL;
    }
    return mem;
}

void rt_memory_delete(wasmcell_memory_t *mem)
{
    if (!mem) return;
    if (mem->guarded) rt_memory_registry_remove(mem->base);
    munmap(mem->base, (size_t)mem->reserved_bytes);
    base_free(mem);
}

/* A checked memory outgrowing its mapping: a bigger mapping, possibly
 * elsewhere (the interpreter's checked handlers and bounds-checked native
 * code read the base from the memory object after anything that can grow
 * it). The new part keeps the old mapping's PROT_NONE until committed. */
static bool remap(wasmcell_memory_t *mem, uint64_t bytes)
{
#ifdef __linux__
    void *p = mremap(mem->base, (size_t)mem->reserved_bytes, (size_t)bytes, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return false;
#else
    /* no mremap: such a memory cannot outgrow its first mapping */
    void *p = NULL;
    if (!p) return false;
#endif
    mem->base = p;
    mem->reserved_bytes = bytes;
    return true;
}

int64_t rt_memory_grow(wasmcell_memory_t *mem, uint64_t delta_pages)
{
    uint64_t old = mem->pages;
    if (delta_pages > mem->max_pages - old) return -1;
    if (delta_pages == 0) return (int64_t)old;
    uint64_t old_bytes = old * RT_PAGE_SIZE, new_bytes = (old + delta_pages) * RT_PAGE_SIZE;
    if (new_bytes > mem->reserved_bytes && (mem->guarded || !remap(mem, new_bytes))) return -1;
    if (mprotect(mem->base + old_bytes, (size_t)(new_bytes - old_bytes), PROT_READ | PROT_WRITE) != 0)
        return -1;
    mem->pages = old + delta_pages;
    return (int64_t)old;
}
