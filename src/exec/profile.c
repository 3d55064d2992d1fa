/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* profile.c — op-pair counting for profiling builds (WASMCELL_PROFILE_OPS):
 * which internal ops run most, and which pairs would pay to fuse. Prints
 * the top entries to stderr at exit. Not thread safe; a measuring tool. */
#ifdef WASMCELL_PROFILE_OPS
#include <stdio.h>
#include <stdlib.h>
#include "exec_internal.h"

static uint64_t pair_counts[IC_COUNT_][IC_COUNT_];
static int prev_op = -1;
static const void *const *profile_table;

static int cmp_desc(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void report(void)
{
    static uint64_t flat[IC_COUNT_ * IC_COUNT_ * 2];
    size_t n = 0;
    uint64_t total = 0;
    for (int a = 0; a < IC_COUNT_; a++)
        for (int b = 0; b < IC_COUNT_; b++)
            if (pair_counts[a][b]) {
                flat[n++] = pair_counts[a][b];
                flat[n++] = (uint64_t)a << 32 | (uint64_t)b;
                total += pair_counts[a][b];
            }
    qsort(flat, n / 2, 2 * sizeof *flat, cmp_desc);
    fprintf(stderr, "op pairs: %llu executed\n", (unsigned long long)total);
    for (size_t i = 0; i < n && i < 60; i += 2)
        fprintf(stderr, "%6.2f%%  %s -> %s\n", 100.0 * (double)flat[i] / (double)total,
                icode_info[flat[i + 1] >> 32].name, icode_info[flat[i + 1] & 0xFFFFFFFF].name);
}

void exec_profile_op(const void *const *table, uint64_t handler)
{
    if (!profile_table) {
        profile_table = table;
        atexit(report);
    }
    int op = -1;
    for (int i = 0; i < IC_COUNT_; i++)
        if ((uint64_t)(uintptr_t)table[i] == handler) { op = i; break; }
    if (op < 0) return;
    if (prev_op >= 0) pair_counts[prev_op][op]++;
    prev_op = op;
}
#endif
