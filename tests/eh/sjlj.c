/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sjlj.c — setjmp/longjmp built with clang-19 -mllvm -wasm-enable-sjlj
 * (lowered to wasm exceptions, legacy try/catch/delegate encoding): a
 * longjmp from deep recursion, longjmp(env, 0), nested setjmp buffers
 * with an inner one jumping to the outer, and many jumps in a loop. */
#include <stdio.h>
#include "sjlj.h"

static jmp_buf outer, inner;
static int depth_reached;

__attribute__((noinline)) static void dive(int n, int limit, jmp_buf to, int val)
{
    depth_reached = n;
    if (n == limit) longjmp(to, val);
    dive(n + 1, limit, to, val);
}

__attribute__((noinline)) static int catch_deep(int limit)
{
    int r = setjmp(outer);
    if (r == 0) dive(0, limit, outer, limit * 10);
    return r;
}

__attribute__((noinline)) static int zero_becomes_one(void)
{
    int r = setjmp(outer);
    if (r == 0) dive(0, 3, outer, 0);
    return r;
}

/* inner's setjmp frame is gone when the inner jump goes to outer */
__attribute__((noinline)) static int nested_level(void)
{
    int r = setjmp(inner);
    if (r == 0) dive(0, 2, inner, 7);
    dive(0, 4, outer, r + 100);
    return -1;
}
__attribute__((noinline)) static int nested(void)
{
    int r = setjmp(outer);
    if (r == 0) return nested_level();
    return r;
}

__attribute__((noinline)) static int many(int n)
{
    volatile int count = 0;
    if (setjmp(outer) < n) {
        count++;
        dive(0, count % 5, outer, count);
    }
    return count;
}

int main(void)
{
    int a = catch_deep(50);
    printf("deep: %d (depth %d)\n", a, depth_reached);
    int b = zero_becomes_one();
    printf("longjmp 0: %d\n", b);
    int c = nested();
    printf("nested: %d\n", c);
    int d = many(10000);
    printf("many: %d\n", d);
    return a == 500 && b == 1 && c == 107 && d == 10000 ? 0 : 1;
}
