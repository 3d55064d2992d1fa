/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fault_inject.h — allocation-failure injection for the API tests: run a
 * whole session once per allocation point N, failing the Nth allocation
 * through wasmcell_set_allocator, and check each run leaks nothing and the
 * run with no failure injected succeeds. Include after harness.h. */
#ifndef API_FAULT_INJECT_H
#define API_FAULT_INJECT_H
#include <stdlib.h>

static long alloc_count, fail_at = -1, outstanding;
static int injected;

static int should_fail(void)
{
    if (alloc_count++ == fail_at) {
        injected = 1;
        return 1;
    }
    return 0;
}

static void *t_malloc(size_t size, void *user)
{
    (void)user;
    if (should_fail()) return NULL;
    void *p = malloc(size);
    if (p) outstanding++;
    return p;
}

static void *t_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    if (should_fail()) return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr) outstanding++;
    return p;
}

static void t_free(void *ptr, void *user)
{
    (void)user;
    if (ptr) outstanding--;
    free(ptr);
}

/* Runs `fn` (returns 1 when every step worked) for every allocation point. */
static inline void run_with_failures(int (*fn)(void))
{
    wasmcell_allocator_t a = {t_malloc, t_realloc, t_free, NULL};
    wasmcell_set_allocator(&a);
    long n;
    for (n = 0; n < 100000; n++) {
        alloc_count = 0;
        fail_at = n;
        injected = 0;
        outstanding = 0;
        int ok = fn();
        if (outstanding != 0) {
            fprintf(stderr, "  failing allocation %ld leaked %ld allocation(s)\n", n, outstanding);
            harness_failures++;
        }
        if (!injected) {
            CHECK(ok);   /* no failure injected: everything must have worked */
            break;
        }
    }
    wasmcell_set_allocator(NULL);
    printf("  %ld allocation points checked\n", n);
    CHECK(n > 10);
}

#endif
