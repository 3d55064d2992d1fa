/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* funcptr: indirect calls through tables of function pointers of several
 * signatures, a vtable-style struct, callbacks and pointers returned from
 * functions; the index is chosen at run time. */
#include <stdint.h>
#include <string.h>
#include "check.h"

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int maxi(int a, int b) { return a > b ? a : b; }
static const binop ops[] = {add, sub, mul, maxi};
static const char *const op_names[] = {"add", "sub", "mul", "max"};

typedef double (*unop_d)(double);
static double twice(double x) { return 2 * x; }
static double square(double x) { return x * x; }

typedef int64_t (*op64)(int64_t, int32_t);
static int64_t shl64(int64_t x, int32_t n) { return x << n; }
static int64_t neg64(int64_t x, int32_t n) { (void)n; return -x; }

struct shape_ops {
    const char *(*name)(void);
    int (*area)(const void *self);
};
struct rect { const struct shape_ops *ops; int w, h; };
struct square { const struct shape_ops *ops; int side; };
static const char *rect_name(void) { return "rect"; }
static int rect_area(const void *self) { const struct rect *r = self; return r->w * r->h; }
static const char *square_name(void) { return "square"; }
static int square_area(const void *self) { const struct square *s = self; return s->side * s->side; }
static const struct shape_ops rect_ops = {rect_name, rect_area};
static const struct shape_ops square_ops = {square_name, square_area};

static void for_each(const int *v, int n, void (*fn)(int, void *), void *ctx) {
    for (int i = 0; i < n; i++) fn(v[i], ctx);
}
static void sum_cb(int x, void *ctx) { *(int *)ctx += x; }
static void max_cb(int x, void *ctx) { if (x > *(int *)ctx) *(int *)ctx = x; }

static binop pick(const char *name) {
    for (int i = 0; i < 4; i++)
        if (strcmp(op_names[i], name) == 0) return ops[i];
    return NULL;
}

int main(void) {
    volatile int sel = 0;
    for (int i = 0; i < 4; i++)
        printf("%s(7,5)=%d\n", op_names[i], ops[(i + sel) % 4](7, 5));
    unop_d uds[] = {twice, square};
    printf("d: %g %g\n", uds[sel](1.5), uds[sel + 1](1.5));
    op64 o64[] = {shl64, neg64};
    printf("64: %lld %lld\n", (long long)o64[sel](3, 40), (long long)o64[sel + 1](5, 0));

    struct rect r = {&rect_ops, 3, 4};
    struct square s = {&square_ops, 5};
    const void *shapes[] = {&r, &s};
    for (int i = 0; i < 2; i++) {
        const struct shape_ops *so = *(const struct shape_ops *const *)shapes[i];
        printf("%s area=%d\n", so->name(), so->area(shapes[i]));
    }

    int v[] = {4, 9, -2, 7};
    int total = 0, best = INT32_MIN;
    for_each(v, 4, sum_cb, &total);
    for_each(v, 4, max_cb, &best);
    printf("sum=%d max=%d\n", total, best);

    CHECK(pick("mul")(6, 7) == 42);
    CHECK(pick("nope") == NULL);
    CHECK(pick("add") == add);   /* function pointer identity */
    CHECK((void *)pick("add") != (void *)pick("sub"));

    /* a hot loop of indirect calls */
    int acc = 0;
    for (int i = 0; i < 1000000; i++) acc = ops[(i + sel) & 3](acc, i) & 0xffffff;
    printf("loop=%d\n", acc);
    return 0;
}
