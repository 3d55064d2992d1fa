/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* clock_getres works for the four WASI clocks (node: clock_getres). */
#include <time.h>
#include "check.h"

int main(void)
{
    const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                 CLOCK_THREAD_CPUTIME_ID };
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        struct timespec ts;
        CHECK(clock_getres(clocks[i], &ts) == 0);
    }
    return 0;
}
