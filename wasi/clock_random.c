/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* clock_random.c — clock_res_get, clock_time_get, random_get, sched_yield. */
#include <errno.h>
#include <sched.h>
#include <sys/random.h>
#include <time.h>
#include "wasi_int.h"

#define A32(i) wasi_arg32(args, (i))

static bool host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return true;
    case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
    case WASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case WASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

static uint64_t ns_of(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint32_t wasi_fn_clock_res_get(wasi_call_t *call, const uint64_t *args)
{
    clockid_t clk;
    if (!host_clock(A32(0), &clk)) return WASI_EINVAL;
    uint8_t *out = wasi_mem_at(&call->mem, A32(1), 8);
    if (!out) return WASI_EFAULT;
    struct timespec ts;
    if (clock_getres(clk, &ts) != 0) return wasi_errno_from_host(errno);
    wasi_st64(out, ns_of(&ts));
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_clock_time_get(wasi_call_t *call, const uint64_t *args)
{
    /* args[1] is the requested precision: a hint we do not need. */
    clockid_t clk;
    if (!host_clock(A32(0), &clk)) return WASI_EINVAL;
    uint8_t *out = wasi_mem_at(&call->mem, A32(2), 8);
    if (!out) return WASI_EFAULT;
    struct timespec ts;
    if (clock_gettime(clk, &ts) != 0) return wasi_errno_from_host(errno);
    wasi_st64(out, ns_of(&ts));
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_random_get(wasi_call_t *call, const uint64_t *args)
{
    uint32_t len = A32(1);
    uint8_t *buf = wasi_mem_at(&call->mem, A32(0), len);
    if (!buf) return WASI_EFAULT;
    size_t done = 0;
    while (done < len) {
        size_t chunk = len - done > 33554431u ? 33554431u : len - done; /* getrandom's cap */
        ssize_t r = getrandom(buf + done, chunk, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            return wasi_errno_from_host(errno);
        }
        done += (size_t)r;
    }
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_sched_yield(wasi_call_t *call, const uint64_t *args)
{
    (void)call, (void)args;
    sched_yield();
    return WASI_ESUCCESS;
}
