/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* memory.c — linear memories: an 8 GiB address-space reservation per memory
 * (4 GiB of index range + 4 GiB of constant offset + a guard page), pages
 * committed as the memory grows, and a lock-free registry of live
 * reservations that the signal handler asks whether a fault is ours. */
#include <stdatomic.h>
#include <sys/mman.h>
#include "runtime.h"
#include "../base/alloc.h"

/* Any i32 address plus any u32 offset plus an access of up to 16 bytes stays
 * inside the reservation, so guarded accesses never need a bounds check. */
#define RESERVE_BYTES ((8ull << 30) + RT_PAGE_SIZE)
#define SPEC_MAX_PAGES 65536ull

/* The registry: one slot per live reservation, holding its base (0 = free).
 * Slots are claimed with a compare-exchange and read with plain atomic
 * loads, so the signal handler may scan it at any moment. 4096 slots cover
 * 32 TiB of reservations, a quarter of a 47-bit address space. When all
 * slots are taken, rt_memory_new fails ("too many linear memories") rather
 * than create a memory whose faults would not be recognised as traps. */
#define REGISTRY_SLOTS 4096
static _Atomic uintptr_t registry[REGISTRY_SLOTS];
static atomic_uint registry_high; /* slots at or above this were never used */

static bool registry_add(uintptr_t base)
{
    for (unsigned i = 0; i < REGISTRY_SLOTS; i++) {
        uintptr_t expected = 0;
        if (atomic_compare_exchange_strong(&registry[i], &expected, base)) {
            unsigned high = atomic_load(&registry_high);
            while (high < i + 1 && !atomic_compare_exchange_weak(&registry_high, &high, i + 1)) {
            }
            return true;
        }
    }
    return false;
}

static void registry_remove(uintptr_t base)
{
    unsigned high = atomic_load(&registry_high);
    for (unsigned i = 0; i < high; i++) {
        if (atomic_load(&registry[i]) == base) {
            atomic_store(&registry[i], 0);
            return;
        }
    }
}

bool rt_memory_owns_fault(const void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    unsigned high = atomic_load(&registry_high);
    for (unsigned i = 0; i < high; i++) {
        uintptr_t base = atomic_load(&registry[i]);
        if (base && a >= base && a - base < RESERVE_BYTES) return true;
    }
    return false;
}

/* The engine limit in pages, never above the spec's 4 GiB. */
static uint64_t limit_pages(const wasmcell_config_t *config)
{
    uint64_t pages = SPEC_MAX_PAGES;
    if (config && config->max_memory_bytes && config->max_memory_bytes / RT_PAGE_SIZE < pages)
        pages = config->max_memory_bytes / RT_PAGE_SIZE;
    return pages;
}

wasmcell_memory_t *rt_memory_new(const bin_memtype_t *type, const wasmcell_config_t *config,
                                 wasmcell_error_t **error)
{
    if (type->limits.is64 || type->limits.shared) {
        rt_fail(error, rt_error_new(WASMCELL_ERR_UNSUPPORTED, "memory64 and shared memories "
                                                              "are not supported"));
        return NULL;
    }
    uint64_t limit = limit_pages(config);
    uint64_t max = type->limits.has_max ? type->limits.max : SPEC_MAX_PAGES;
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
    void *base = mmap(NULL, RESERVE_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    if (base == MAP_FAILED) {
        base_free(mem);
        rt_fail(error, rt_error_new(WASMCELL_ERR_NOMEM, "cannot reserve linear memory "
                                    "(8 GiB of address space; check ulimit -v)"));
        return NULL;
    }
    size_t initial = (size_t)(type->limits.min * RT_PAGE_SIZE);
    if (initial && mprotect(base, initial, PROT_READ | PROT_WRITE) != 0) {
        munmap(base, RESERVE_BYTES);
        base_free(mem);
        rt_fail(error, rt_error_new(WASMCELL_ERR_NOMEM, "cannot commit %zu bytes of linear memory",
                                    initial));
        return NULL;
    }
    if (!registry_add((uintptr_t)base)) {
        munmap(base, RESERVE_BYTES);
        base_free(mem);
        rt_fail(error, rt_error_new(WASMCELL_ERR_NOMEM, "too many linear memories (%d)",
                                    REGISTRY_SLOTS));
        return NULL;
    }
    *mem = (wasmcell_memory_t){.base = base, .pages = type->limits.min, .max_pages = max,
                               .reserved_bytes = RESERVE_BYTES, .guarded = true,
                               .has_max = type->limits.has_max,
                               .declared_max = type->limits.max};
    return mem;
}

void rt_memory_delete(wasmcell_memory_t *mem)
{
    if (!mem) return;
    registry_remove((uintptr_t)mem->base);
    munmap(mem->base, mem->reserved_bytes);
    base_free(mem);
}

int64_t rt_memory_grow(wasmcell_memory_t *mem, uint64_t delta_pages)
{
    uint64_t old = mem->pages;
    if (delta_pages > mem->max_pages - old) return -1;
    if (delta_pages == 0) return (int64_t)old;
    if (mprotect(mem->base + old * RT_PAGE_SIZE, (size_t)(delta_pages * RT_PAGE_SIZE),
                 PROT_READ | PROT_WRITE) != 0)
        return -1;
    mem->pages = old + delta_pages;
    return (int64_t)old;
}
