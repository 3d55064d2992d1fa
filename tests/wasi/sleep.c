/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sleep: nanosleep and usleep wait at least as long as asked (poll_oneoff on
 * a clock), not wildly longer; poll_oneoff with two timers reports the earlier
 * one; sched_yield works. */
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <wasi/api.h>
#include "check.h"

static int64_t now_ns(void) {
    struct timespec t;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t) == 0);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void) {
    int64_t t0 = now_ns();
    struct timespec req = {0, 50 * 1000000};
    CHECK(nanosleep(&req, NULL) == 0);
    int64_t slept = now_ns() - t0;
    CHECK(slept >= 50 * 1000000 && slept < 5000000000LL);

    t0 = now_ns();
    CHECK(usleep(20000) == 0);
    slept = now_ns() - t0;
    CHECK(slept >= 20 * 1000000 && slept < 5000000000LL);

    /* two relative clock subscriptions: 30 ms and 10 s; the first fires */
    __wasi_subscription_t subs[2] = {0};
    subs[0].userdata = 111;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = 10000000000ull;
    subs[1].userdata = 222;
    subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[1].u.u.clock.timeout = 30000000ull;
    __wasi_event_t events[2];
    __wasi_size_t nevents = 0;
    t0 = now_ns();
    CHECK(__wasi_poll_oneoff(subs, events, 2, &nevents) == 0);
    slept = now_ns() - t0;
    CHECK(nevents == 1 && events[0].userdata == 222 && events[0].error == 0);
    CHECK(events[0].type == __WASI_EVENTTYPE_CLOCK);
    CHECK(slept >= 30000000 && slept < 5000000000LL);

    /* an absolute timeout already in the past returns at once */
    subs[0].userdata = 7;
    subs[0].u.u.clock.timeout = 1;
    subs[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    t0 = now_ns();
    CHECK(__wasi_poll_oneoff(subs, events, 1, &nevents) == 0);
    CHECK(nevents == 1 && events[0].userdata == 7);
    CHECK(now_ns() - t0 < 1000000000);

    CHECK(__wasi_poll_oneoff(subs, events, 0, &nevents) == __WASI_ERRNO_INVAL);   /* no subscriptions */
    CHECK(sched_yield() == 0);
    printf("ok\n");
    return 0;
}
