/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fixture.c — compiled at build time into relocatable objects (host C
 * compiler and clang-19; PIC, non-PIC, large model) that test_loader_run
 * loads and calls. Each function exercises one kind of relocation the
 * loader must apply; the expected results are computed in the test. */
#include <stddef.h>

/* Provided by the test's resolver (a far host function, far host data). */
extern long host_add(long a, long b);
extern void *memcpy(void *dst, const void *src, size_t n);
extern void *memset(void *dst, int c, size_t n);

/* Keep every function out of line so each one really is a symbol. */
#define FX __attribute__((noinline))

/* A dense switch with non-constant arms: a jump table in .rodata whose
 * entries are relocated (R_X86_64_64/32S or PC-relative). */
FX int fx_switch(int op, int x)
{
    switch (op) {
    case 0: return x + 11;
    case 1: return x * 3;
    case 2: return x ^ 0x55;
    case 3: return x - 7;
    case 4: return x * 4;
    case 5: return x / 3;
    case 6: return ~x;
    case 7: return x * x;
    case 8: return x % 5;
    case 9: return -x;
    default: return -1;
    }
}

/* Floating constants come from constant pools (.rodata.cst4/.cst8). */
FX double fx_poly(double x)
{
    return 3.14159265358979 * x * x + 2.718281828 * x - 1.4142135623;
}

FX float fx_polyf(float x)
{
    return 1.25f * x * x - 0.375f * x + 0.0625f;
}

/* A loop over doubles, so that vector constants land in .rodata.cst16. */
FX void fx_scale(double *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = v[i] * 1.5 + 0.25;
}

static FX int op_add(int a, int b) { return a + b; }
static FX int op_sub(int a, int b) { return a - b; }
static FX int op_mul(int a, int b) { return a * b; }

/* A table of pointers to functions of this object: data relocations. */
static int (*const ops[3])(int, int) = {op_add, op_sub, op_mul};

FX int fx_apply(int op, int a, int b)
{
    return ops[op % 3](a, b);
}

typedef int (*fx_binop_t)(int, int);
FX fx_binop_t fx_get_op(int op) { return ops[op % 3]; }

/* Initialized writable data (.data) and zeroed data (.bss). */
static int counter = 41;
static int zeroes[1024];

FX int fx_bump(void) { return ++counter; }

FX long fx_bss(int i, int v)
{
    long was = zeroes[i & 1023];
    zeroes[i & 1023] = v;
    long sum = 0;
    for (int k = 0; k < 1024; k++)
        sum += zeroes[k];
    return was * 1000000 + sum;
}

/* Recursive, in a way the compiler cannot turn into a loop. */
FX long fx_ack(long m, long n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return fx_ack(m - 1, 1);
    return fx_ack(m - 1, fx_ack(m, n - 1));
}

/* Calls to external functions, reached through the loader's stubs. */
FX long fx_call_host(long a, long b) { return host_add(a, b) * 2; }

FX int fx_copy(char *dst, const char *src, size_t n, int fill)
{
    memset(dst, fill, n + 4);
    memcpy(dst, src, n);
    return dst[n];
}

/* A string constant (.rodata.str1.1) and its address. */
FX const char *fx_greeting(void) { return "hello from the loader"; }

/* Address of a function of this object, taken in code. */
FX fx_binop_t fx_get_mul(void) { return op_mul; }
