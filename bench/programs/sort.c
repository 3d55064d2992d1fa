/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sort: sort 1M 32-bit integers with our own quicksort (median of three,
 * insertion sort for small ranges) — compares, swaps, recursion. libc's qsort is
 * not used so that native (glibc) and wasm (wasi-libc) run the same code. */
#include "bench.h"

static void isort(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void qsort_u32(uint32_t *a, long n)
{
    while (n > 24) {
        long m = n / 2;
        uint32_t x = a[0], y = a[m], z = a[n - 1];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* recurse into the smaller half, loop on the larger */
        if (j + 1 < n - j - 1) {
            qsort_u32(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            qsort_u32(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    isort(a, n);
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 1000000);
    uint32_t *a = malloc(sizeof(uint32_t) * (size_t)n);
    if (!a)
        return 2;
    int ok = 1;
    uint64_t sum_after = 0;
    for (int rep = 0; rep < 3; rep++) {
        uint64_t seed = 0x9E3779B97F4A7C15ULL + (uint64_t)rep;
        uint64_t sum = 0, x = 0;
        for (long i = 0; i < n; i++) {
            a[i] = (uint32_t)(bench_rand(&seed) >> 32);
            if (rep == 2)
                a[i] %= 1000;   /* many duplicates */
            sum += a[i];
            x ^= a[i];
        }
        qsort_u32(a, n);
        uint64_t s2 = 0, x2 = 0;
        for (long i = 0; i < n; i++) {
            s2 += a[i];
            x2 ^= a[i];
            if (i && a[i - 1] > a[i])
                ok = 0;
        }
        ok &= s2 == sum && x2 == x;
        sum_after += s2;
    }
    printf("sorted 3 x %ld: min %u median %u max %u sum %llu\n", n, a[0], a[n / 2], a[n - 1],
           (unsigned long long)sum_after);
    free(a);
    return bench_check(ok, "array not sorted or elements changed");
}
