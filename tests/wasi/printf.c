/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* printf: integer, float, string and char conversions through wasi-libc's
 * printf, exercising i64 arithmetic and f64 formatting in the engine. */
#include <limits.h>
#include <math.h>
#include <inttypes.h>
#include "check.h"

int main(void) {
    volatile int zero = 0;   /* keep the compiler from folding everything */
    printf("%d %d %d %d\n", 0 + zero, 42 + zero, -42 + zero, INT_MIN + zero);
    printf("%d %i\n", INT_MAX + zero, -1 + zero);
    printf("%u %u\n", 4294967295u + zero, 3000000000u + zero);
    printf("%x %X %#x %o %#o\n", 255 + zero, 0xBEEF + zero, 16 + zero, 8 + zero, 8 + zero);
    printf("%lld %lld %llu\n", LLONG_MIN + zero, LLONG_MAX + zero, ULLONG_MAX + zero);
    printf("%llx %lld\n", 0x123456789abcdefULL + zero, -1234567890123LL + zero);
    printf("%" PRId64 " %" PRIu32 "\n", (int64_t)-9 + zero, (uint32_t)7 + zero);
    printf("[%5d] [%-5d] [%05d] [%+d] [% d]\n", 42 + zero, 42 + zero, 42 + zero, 42 + zero, 42 + zero);
    printf("%hhd %hd %ld %zu\n", (signed char)200 + zero, (short)70000 + zero, -5L + zero, (size_t)123 + zero);

    volatile double d = 3.14159265358979;
    printf("%f %.2f %.0f %10.3f|\n", d, d, d, d);
    printf("%g %g %g %g\n", d, 1e20 + zero, 1e-5 + zero, 100000.0 + zero);
    printf("%e %.3E\n", d, -123456.789 + zero);
    printf("%f %f\n", -0.5 + zero, -0.0 + zero);
    printf("%.17g %.17g\n", 0.1 + zero, 1.0 / 3.0 + zero);
    printf("%g %e\n", 1.7976931348623157e308 + zero, 2.2250738585072014e-308 + zero);
    printf("%f\n", 1e22 + zero);
    printf("%a\n", 1.0 + zero);
    volatile double inf = INFINITY, nan_v = NAN;
    printf("%f %f %F %g\n", inf, -inf, inf, -inf);
    printf("%f %g\n", nan_v, -(double)nan_v);
    printf("%.3f %.3f\n", 2.0005 + zero, 1.0005 + zero);
    printf("%f\n", (double)(float)0.1f + zero);

    printf("[%s] [%10s] [%-10s] [%.3s]\n", "hello", "right", "left", "truncate");
    printf("%c%c%c %%\n", 'a' + zero, 'B' + zero, '0' + zero);
    printf("[%s]\n", "");

    char buf[16];
    int n = snprintf(buf, sizeof buf, "%s-%d", "abcdefghijkl", 12345);
    CHECK(n == 18);
    printf("snprintf=%d [%s]\n", n, buf);
    return 0;
}
