/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Shared helpers for the wasmcell benchmark programs (bench/programs/).
 * Every program: optional argv[1] = problem size (default tuned so that native
 * gcc -O2 takes roughly 0.2-1 s), prints its result, checks it, and exits 0 when
 * the check passes and 1 (printing "FAIL: ...") when it does not. */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline long bench_arg(int argc, char **argv, long dflt)
{
    if (argc > 1) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (*end == '\0' && v > 0)
            return v;
        fprintf(stderr, "bad size argument: %s\n", argv[1]);
        exit(2);
    }
    return dflt;
}

static inline int bench_check(int ok, const char *what)
{
    if (ok) {
        printf("ok\n");
        return 0;
    }
    printf("FAIL: %s\n", what);
    return 1;
}

/* xorshift64*: deterministic pseudo-random numbers, identical everywhere. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}
#endif
