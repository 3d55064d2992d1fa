/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* watchdog.c — a timer thread that interrupts an instance
 * (wasmcell_instance_interrupt) when a deadline passes: `run --timeout`
 * and `wast --timeout`.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cli_watchdog {
    pthread_t thread;
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    bool done, fired;
    double seconds;
    wasmcell_instance_t *instance;
};

static struct timespec deadline_after(double seconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double whole = floor(seconds);
    ts.tv_sec += (time_t)whole;
    ts.tv_nsec += (long)((seconds - whole) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* Sleeps until the deadline, then interrupts the instance once: an
 * interrupt is kept until a trap takes it (also across the calls of one
 * run, e.g. the export after _initialize). */
static void *watchdog_main(void *arg)
{
    cli_watchdog_t *w = arg;
    struct timespec deadline = deadline_after(w->seconds);
    pthread_mutex_lock(&w->mutex);
    while (!w->done && !w->fired) {
        if (pthread_cond_timedwait(&w->cond, &w->mutex, &deadline) == ETIMEDOUT && !w->done) {
            w->fired = true;
            wasmcell_instance_interrupt(w->instance);
        }
    }
    pthread_mutex_unlock(&w->mutex);
    return NULL;
}

cli_watchdog_t *cli_watchdog_start(wasmcell_instance_t *instance, double seconds)
{
    cli_watchdog_t *w = calloc(1, sizeof *w);
    pthread_condattr_t attr;
    if (!w) {
        cli_errorf("out of memory");
        return NULL;
    }
    w->instance = instance;
    w->seconds = seconds;
    pthread_mutex_init(&w->mutex, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&w->thread, NULL, watchdog_main, w) != 0) {
        cli_errorf("cannot start the --timeout thread");
        pthread_cond_destroy(&w->cond);
        pthread_mutex_destroy(&w->mutex);
        free(w);
        return NULL;
    }
    return w;
}

bool cli_watchdog_stop(cli_watchdog_t *w)
{
    if (!w)
        return false;
    pthread_mutex_lock(&w->mutex);
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->mutex);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->mutex);
    bool fired = w->fired;
    /* fired just as the guest finished: the interrupt no trap took must
     * not stop the next call (wast's next command) */
    if (fired) wasmcell_instance_interrupt_cancel(w->instance);
    free(w);
    return fired;
}

bool cli_parse_seconds(const char *text, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(text, &end);
    if (errno || end == text || *end || !(d > 0) || d > 1e9)
        return false;
    *out = d;
    return true;
}
