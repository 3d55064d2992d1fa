/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* binarytrees: allocate, walk and free many small binary trees — malloc/free. */
#include "bench.h"

struct node { struct node *l, *r; };

static struct node *make(int d)
{
    struct node *n = malloc(sizeof *n);
    if (!n) {
        printf("FAIL: out of memory\n");
        exit(1);
    }
    if (d > 0) {
        n->l = make(d - 1);
        n->r = make(d - 1);
    } else {
        n->l = n->r = NULL;
    }
    return n;
}

static long check(const struct node *n)
{
    return n->l ? 1 + check(n->l) + check(n->r) : 1;
}

static void release(struct node *n)
{
    if (n->l) {
        release(n->l);
        release(n->r);
    }
    free(n);
}

int main(int argc, char **argv)
{
    int maxd = (int)bench_arg(argc, argv, 16);
    int mind = 4;
    if (maxd < mind + 2)
        maxd = mind + 2;
    int ok = 1;
    struct node *stretch = make(maxd + 1);
    long c = check(stretch);
    printf("stretch tree of depth %d\t check: %ld\n", maxd + 1, c);
    ok &= c == (2L << (maxd + 1)) - 1;
    release(stretch);
    struct node *longlived = make(maxd);
    for (int d = mind; d <= maxd; d += 2) {
        long iters = 1L << (maxd - d + mind);
        long total = 0;
        for (long i = 0; i < iters; i++) {
            struct node *t = make(d);
            total += check(t);
            release(t);
        }
        printf("%ld\t trees of depth %d\t check: %ld\n", iters, d, total);
        ok &= total == iters * ((2L << d) - 1);
    }
    c = check(longlived);
    printf("long lived tree of depth %d\t check: %ld\n", maxd, c);
    ok &= c == (2L << maxd) - 1;
    release(longlived);
    return bench_check(ok, "node count mismatch");
}
