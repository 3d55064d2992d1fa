/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* clock: the monotonic clock never goes back and advances across a busy loop;
 * the realtime clock is near the host's time; resolutions are sane. */
#include <stdint.h>
#include <time.h>
#include <wasi/api.h>
#include "check.h"

static int64_t ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int64_t host_now = strtoll(argv[1], NULL, 10);   /* the host's time in seconds */
    struct timespec t0, t1, r;
    CHECK(clock_gettime(CLOCK_REALTIME, &r) == 0);
    CHECK(r.tv_sec >= host_now - 60 && r.tv_sec <= host_now + 60);
    CHECK(r.tv_nsec >= 0 && r.tv_nsec < 1000000000);
    CHECK(time(NULL) >= host_now - 60);

    CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
    int64_t prev = ns(t0);
    volatile uint64_t sink = 0;
    for (int i = 0; i < 200000; i++) {
        sink += (uint64_t)i;
        if (i % 1000 == 0) {
            CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
            CHECK(ns(t1) >= prev);
            prev = ns(t1);
        }
    }
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
    CHECK(ns(t1) > ns(t0));

    __wasi_timestamp_t res;
    CHECK(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res) == 0 && res > 0 && res <= 1000000000);
    CHECK(__wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &res) == 0 && res > 0 && res <= 1000000000);
    __wasi_timestamp_t ts;
    CHECK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &ts) == 0 && ts > 0);
    CHECK(__wasi_clock_time_get(99, 1, &ts) == __WASI_ERRNO_INVAL);
    struct timespec ct;
    CHECK(clock_getres(CLOCK_MONOTONIC, &ct) == 0);
    printf("ok\n");
    return 0;
}
