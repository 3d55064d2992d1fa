/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* matmul: dense f64 matrix multiply (i-k-j order) — loads/stores, f64 mul/add. */
#include "bench.h"

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 560);
    double *a = malloc(sizeof(double) * (size_t)(n * n));
    double *b = malloc(sizeof(double) * (size_t)(n * n));
    double *c = calloc((size_t)(n * n), sizeof(double));
    if (!a || !b || !c)
        return 2;
    /* small integers: every product and sum is exact in f64 */
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++) {
            a[i * n + j] = (double)((i * 7 + j * 3) % 11 - 5);
            b[i * n + j] = (double)((i * 5 + j * 13) % 9 - 4);
        }
    for (int rep = 0; rep < 3; rep++) {
        for (long i = 0; i < n * n; i++)
            c[i] = 0;
        for (long i = 0; i < n; i++)
            for (long k = 0; k < n; k++) {
                double aik = a[i * n + k];
                const double *brow = &b[k * n];
                double *crow = &c[i * n];
                for (long j = 0; j < n; j++)
                    crow[j] += aik * brow[j];
            }
    }
    double sum = 0, trace = 0;
    for (long i = 0; i < n; i++) {
        trace += c[i * n + i];
        for (long j = 0; j < n; j++)
            sum += c[i * n + j];
    }
    /* independent check: sum(C) = sum_k colsum_k(A) * rowsum_k(B);
       trace(C) and a few entries by direct dot products */
    double ref = 0, reftrace = 0;
    for (long k = 0; k < n; k++) {
        double cs = 0, rs = 0;
        for (long i = 0; i < n; i++)
            cs += a[i * n + k];
        for (long j = 0; j < n; j++)
            rs += b[k * n + j];
        ref += cs * rs;
    }
    for (long i = 0; i < n; i++)
        for (long k = 0; k < n; k++)
            reftrace += a[i * n + k] * b[k * n + i];
    printf("n=%ld sum=%.1f trace=%.1f\n", n, sum, trace);
    int ok = sum == ref && trace == reftrace;
    free(a);
    free(b);
    free(c);
    return bench_check(ok, "matrix product checksum mismatch");
}
