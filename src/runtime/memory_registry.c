/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* memory_registry.c — the live guard-page reservations, which the SIGSEGV
 * handler asks whether a fault is a guest's out-of-bounds access. No fixed
 * cap: slots live in fixed-size chunks linked lock-free, allocated on
 * demand and never freed, so the handler may walk them at any moment with
 * plain atomic loads (async-signal-safe) while other threads add and
 * remove reservations. */
#include <stdatomic.h>
#include <sys/mman.h>
#include "runtime.h"

#define CHUNK_SLOTS 1022u

/* A slot holds a reservation's base (0 = free); its size is the same for
 * every guarded memory, kept once in reserve_bytes. */
typedef struct chunk {
    _Atomic uintptr_t base[CHUNK_SLOTS];
    _Atomic(struct chunk *) next;
    atomic_uint used_high; /* slots at or above this were never used */
} chunk_t;

static chunk_t first_chunk;
static _Atomic uint64_t reserve_bytes;

/* A zeroed chunk straight from the kernel: never freed, so no allocator
 * hook is involved and a failed allocation only fails this memory. */
static chunk_t *chunk_new(void)
{
    void *p = mmap(NULL, sizeof(chunk_t), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static bool chunk_claim(chunk_t *c, uintptr_t base)
{
    for (unsigned i = 0; i < CHUNK_SLOTS; i++) {
        uintptr_t expected = 0;
        if (atomic_load_explicit(&c->base[i], memory_order_relaxed) == 0 &&
            atomic_compare_exchange_strong(&c->base[i], &expected, base)) {
            unsigned high = atomic_load(&c->used_high);
            while (high < i + 1 && !atomic_compare_exchange_weak(&c->used_high, &high, i + 1)) {
            }
            return true;
        }
    }
    return false;
}

bool rt_memory_registry_add(const void *base, uint64_t bytes)
{
    atomic_store(&reserve_bytes, bytes);
    for (chunk_t *c = &first_chunk;;) {
        if (chunk_claim(c, (uintptr_t)base)) return true;
        chunk_t *next = atomic_load(&c->next);
        if (!next) {
            chunk_t *fresh = chunk_new();
            if (!fresh) return false;
            if (atomic_compare_exchange_strong(&c->next, &next, fresh)) next = fresh;
            else munmap(fresh, sizeof *fresh); /* another thread linked one first */
        }
        c = next;
    }
}

void rt_memory_registry_remove(const void *base)
{
    for (chunk_t *c = &first_chunk; c; c = atomic_load(&c->next)) {
        unsigned high = atomic_load(&c->used_high);
        for (unsigned i = 0; i < high; i++) {
            if (atomic_load(&c->base[i]) == (uintptr_t)base) {
                atomic_store(&c->base[i], 0);
                return;
            }
        }
    }
}

bool rt_memory_owns_fault(const void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    uint64_t size = atomic_load(&reserve_bytes);
    for (chunk_t *c = &first_chunk; c; c = atomic_load(&c->next)) {
        unsigned high = atomic_load(&c->used_high);
        for (unsigned i = 0; i < high; i++) {
            uintptr_t base = atomic_load(&c->base[i]);
            if (base && a >= base && a - base < size) return true;
        }
    }
    return false;
}
