/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* trap: each mode makes the guest trap after printing a line; the runtime
 * must report "error:" on stderr and exit non-zero, not crash. The output
 * printed before the trap was flushed by hand and must be there. */
#include <stdint.h>
#include <string.h>
#include "check.h"

static volatile int zero = 0;
static volatile uint32_t far_addr = 0xfffffff0u;

__attribute__((noinline)) static int forever(int n) {
    volatile char pad[64];
    pad[n & 63] = (char)n;
    if (n < 0) return 0;   /* never: n only grows (wraps only after 2^31 calls) */
    return forever(n + 1) + pad[(n + 1) & 63];
}

typedef int (*fn_t)(int);
static int ident(int x) { return x; }

int main(int argc, char **argv) {
    CHECK(argc == 2);
    const char *mode = argv[1];
    printf("before %s\n", mode);
    fflush(stdout);
    if (strcmp(mode, "div0") == 0) printf("%d\n", 10 / zero);
    else if (strcmp(mode, "rem0") == 0) printf("%d\n", 10 % zero);
    else if (strcmp(mode, "divovf") == 0) printf("%d\n", INT32_MIN / (zero - 1));
    else if (strcmp(mode, "unreachable") == 0) __builtin_trap();
    else if (strcmp(mode, "oob") == 0) printf("%d\n", *(volatile int *)(uintptr_t)far_addr);
    else if (strcmp(mode, "stack") == 0) printf("%d\n", forever(zero));
    else if (strcmp(mode, "f2i") == 0) {
        volatile double big = 1e300;
        printf("%d\n", __builtin_wasm_trunc_s_i32_f64(big));   /* i32.trunc_f64_s traps */
    } else if (strcmp(mode, "indirect") == 0) {
        volatile uintptr_t bad = 12345 + zero;    /* table index out of range */
        fn_t f = (fn_t)bad;
        printf("%d\n", f(1));
    } else if (strcmp(mode, "sig") == 0) {
        fn_t f = ident;
        volatile uintptr_t p = (uintptr_t)f;
        int (*g)(double, double) = (int (*)(double, double))p;   /* wrong signature */
        printf("%d\n", g(1.0, 2.0));
    }
    printf("after\n");
    return 0;
}
