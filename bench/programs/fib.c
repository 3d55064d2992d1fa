/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fib: naive doubly recursive Fibonacci — measures call/return overhead. */
#include "bench.h"

static int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    int n = (int)bench_arg(argc, argv, 38);
    /* iterative reference */
    uint64_t a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    /* volatile: the compiler may not fold the repeated calls into one */
    static volatile int vn;
    vn = n;
    int r = 0;
    for (int rep = 0; rep < 3; rep++)   /* repeat: keeps the sample long enough */
        r = fib(vn);
    printf("fib(%d) = %d\n", n, r);
    return bench_check((uint64_t)r == a, "fib does not match the iterative value");
}
