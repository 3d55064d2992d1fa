/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* gettimeofday and getrusage (wasi-libc's emulation over the process CPU
 * clock) move forward across busy work (node: gettimeofday, getrusage). */
#include <sys/resource.h>
#include <sys/time.h>
#include "check.h"

static long long usec(struct timeval tv) { return (long long)tv.tv_sec * 1000000 + tv.tv_usec; }

int main(void)
{
    struct timeval t1, t2;
    struct rusage r1, r2;
    CHECK(gettimeofday(&t1, NULL) == 0);
    CHECK(getrusage(RUSAGE_SELF, &r1) == 0);
    volatile unsigned sink = 0;
    for (unsigned i = 0; i < 20000000; i++) sink += i;
    CHECK(gettimeofday(&t2, NULL) == 0);
    CHECK(getrusage(RUSAGE_SELF, &r2) == 0);
    CHECK(usec(t1) < usec(t2));
    CHECK(usec(r1.ru_utime) < usec(r2.ru_utime));
    return 0;
}
