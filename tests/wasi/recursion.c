/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* recursion: a 10000-deep non-tail recursion, mutual recursion, Ackermann
 * and naive Fibonacci; results must be exact. */
#include <stdint.h>
#include "check.h"

static volatile int one = 1;

__attribute__((noinline)) static uint64_t deep(int n) {
    if (n == 0) return 0;
    uint64_t below = deep(n - one);   /* not a tail call: work after it */
    return below + (uint64_t)n * 3u;
}

__attribute__((noinline)) static int is_odd(int n);
__attribute__((noinline)) static int is_even(int n) { return n == 0 ? 1 : is_odd(n - one); }
__attribute__((noinline)) static int is_odd(int n) { return n == 0 ? 0 : is_even(n - one); }

static int ack(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* recursion with a big frame on the C shadow stack */
__attribute__((noinline)) static int frames(int n) {
    volatile char buf[256];
    buf[n % 256] = (char)n;
    if (n == 0) return buf[0];
    return frames(n - one) + (buf[n % 256] & 1);
}

int main(void) {
    uint64_t d = deep(10000);
    printf("deep(10000)=%llu\n", (unsigned long long)d);
    CHECK(d == 3ull * 10000 * 10001 / 2);
    printf("deep(20000)=%llu\n", (unsigned long long)deep(20000));
    printf("even(10001)=%d odd(10001)=%d\n", is_even(10001), is_odd(10001));
    printf("ack(2,3)=%d ack(3,5)=%d\n", ack(2, 3), ack(3, 5));
    printf("fib(27)=%d\n", fib(27));
    printf("frames(200)=%d\n", frames(200));
    return 0;
}
