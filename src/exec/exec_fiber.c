/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_fiber.c — resumable calls: a call runs on a stack of its own (a
 * fiber, ucontext), so that running out of fuel can switch back to the
 * embedder with the whole call suspended — interpreter frames, native
 * frames and host frames in between alike — and a later resume switches
 * back in as if the poll had simply returned. Cancelling a suspended call
 * resumes it with an "out of fuel" trap, so every frame unwinds as for an
 * ordinary trap (nothing leaks), before the stack is freed. */
#include "exec_fiber.h"
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "../base/alloc.h"
#include "exec.h"
#include "exec_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#ifdef FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

/* Room below the native stack limit for host functions and the runtime
 * (the thread stack keeps the same: exec_call.c). */
#define FIBER_HOST_ROOM (256u << 10)
#define FIBER_DEFAULT_STACK (8u << 20)

typedef enum { FIBER_NEW, FIBER_SUSPENDED, FIBER_RUNNING, FIBER_DONE } fiber_state_t;

struct exec_fiber {
    wasmcell_func_t *func;
    uint64_t *slots;           /* arguments in, results out */
    fiber_state_t state;
    bool cancel;               /* resumed only to unwind */
    bool yield_on_deadline;    /* a deadline suspends the call instead of trapping */
    wasmcell_error_t *err;     /* the call's outcome once DONE */
    pthread_t thread;          /* fibers never move between threads */
    exec_ctx_t *ctx;           /* the call's context while suspended */
    ucontext_t fiber_uc, caller_uc;
    uint8_t *map;              /* guard page, then the stack */
    size_t map_size, guard_size;
#ifdef FIBER_ASAN
    void *fake_stack;                  /* ASan's fake frames of the side switched away */
    const void *caller_bottom;         /* the resumer's stack, for switching back */
    size_t caller_size;
#endif
};

static __thread exec_fiber_t *tls_starting;

uintptr_t exec_fiber_stack_limit(const exec_fiber_t *fb)
{
    return (uintptr_t)(fb->map + fb->guard_size) + FIBER_HOST_ROOM;
}

/* ---- switching (with ASan's fiber annotations) --------------------------------------- */

static void switch_in(exec_fiber_t *fb)
{
#ifdef FIBER_ASAN
    void *fake = NULL;
    __sanitizer_start_switch_fiber(&fake, fb->map + fb->guard_size, fb->map_size - fb->guard_size);
#endif
    swapcontext(&fb->caller_uc, &fb->fiber_uc);
#ifdef FIBER_ASAN
    __sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
}

/* From the fiber to whoever resumed it; `last`: the fiber never runs again. */
static void switch_out(exec_fiber_t *fb, bool last)
{
#ifdef FIBER_ASAN
    __sanitizer_start_switch_fiber(last ? NULL : &fb->fake_stack, fb->caller_bottom, fb->caller_size);
#else
    (void)last;
#endif
    swapcontext(&fb->fiber_uc, &fb->caller_uc);
#ifdef FIBER_ASAN
    __sanitizer_finish_switch_fiber(fb->fake_stack, &fb->caller_bottom, &fb->caller_size);
#endif
}

static void fiber_main(void)
{
    exec_fiber_t *fb = tls_starting;
#ifdef FIBER_ASAN
    __sanitizer_finish_switch_fiber(NULL, &fb->caller_bottom, &fb->caller_size);
#endif
    fb->err = exec_call_fiber(fb->func, fb->slots, fb);
    fb->state = FIBER_DONE;
    switch_out(fb, true);
}

/* ---- life cycle ------------------------------------------------------------------------ */

exec_fiber_t *exec_fiber_new(wasmcell_func_t *func, const uint64_t *args, uint32_t nslots)
{
    exec_fiber_t *fb = base_calloc(1, sizeof *fb);
    if (!fb) return NULL;
    fb->func = func;
    fb->thread = pthread_self();
    fb->slots = base_alloc_array(nslots ? nslots : 1, sizeof *fb->slots);
    const wasmcell_config_t *config = func->inst ? &func->inst->module->engine->config : NULL;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t stack = config && config->max_native_stack_bytes ? config->max_native_stack_bytes
                                                           : FIBER_DEFAULT_STACK;
    fb->guard_size = page;
    fb->map_size = page + ((stack + FIBER_HOST_ROOM + (64u << 10) + page - 1) & ~(page - 1));
    fb->map = mmap(NULL, fb->map_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (fb->map == MAP_FAILED) fb->map = NULL;
    /* the lowest page stays unmapped for access: an overflow faults, never
     * writes into a neighbour */
    if (!fb->slots || !fb->map || mprotect(fb->map, page, PROT_NONE) != 0) {
        exec_fiber_delete(fb);
        return NULL;
    }
    memcpy(fb->slots, args, (size_t)nslots * 8);
    if (getcontext(&fb->fiber_uc) != 0) {
        exec_fiber_delete(fb);
        return NULL;
    }
    fb->fiber_uc.uc_stack.ss_sp = fb->map + page;
    fb->fiber_uc.uc_stack.ss_size = fb->map_size - page;
    fb->fiber_uc.uc_link = NULL;
    makecontext(&fb->fiber_uc, fiber_main, 0);
    fb->state = FIBER_NEW;
    return fb;
}

exec_fiber_status_t exec_fiber_resume(exec_fiber_t *fb)
{
    if (fb->state == FIBER_DONE || fb->state == FIBER_RUNNING) return EXEC_FIBER_MISUSE;
    if (!pthread_equal(fb->thread, pthread_self())) return EXEC_FIBER_MISUSE;
    /* the resumer may itself be inside a call (a host function): its
     * context steps aside while the fiber runs */
    exec_ctx_t *resumer_ctx = exec_current_ctx();
    exec_set_current_ctx(fb->state == FIBER_NEW ? NULL : fb->ctx);
    if (fb->state == FIBER_NEW) tls_starting = fb;
    fb->state = FIBER_RUNNING;
    switch_in(fb);
    exec_set_current_ctx(resumer_ctx);
    return fb->state == FIBER_DONE ? EXEC_FIBER_DONE : EXEC_FIBER_SUSPENDED;
}

bool exec_fiber_suspend(exec_ctx_t *ctx)
{
    exec_fiber_t *fb = ctx->fiber;
    if (!fb || fb->cancel) return false;
    fb->ctx = ctx;
    fb->state = FIBER_SUSPENDED;
    exec_interrupt_pause(ctx);
    switch_out(fb, false);
    /* resumed (exec_fiber_resume made ctx current again) */
    exec_interrupt_resume(ctx);
    return !fb->cancel;
}

void exec_fiber_set_yield_on_deadline(exec_fiber_t *fb, bool yield)
{
    fb->yield_on_deadline = yield;
}

bool exec_fiber_yield_at_deadline(exec_ctx_t *ctx)
{
    exec_fiber_t *fb = ctx->fiber;
    if (!atomic_exchange(&ctx->deadline_hit, 0) || !fb || !fb->yield_on_deadline) return false;
    return exec_fiber_suspend(ctx);
}

bool exec_fiber_yields_at_deadline(const exec_fiber_t *fb)
{
    return fb && fb->yield_on_deadline;
}

wasmcell_error_t *exec_fiber_result(exec_fiber_t *fb, uint64_t **slots)
{
    wasmcell_error_t *err = fb->err;
    fb->err = NULL;
    if (slots) *slots = fb->slots;
    return err;
}

bool exec_fiber_done(const exec_fiber_t *fb)
{
    return fb->state == FIBER_DONE;
}

bool exec_fiber_delete(exec_fiber_t *fb)
{
    if (!fb) return true;
    if (fb->state == FIBER_SUSPENDED) {
        /* unwind every frame on the fiber's stack as for a trap */
        if (!pthread_equal(fb->thread, pthread_self())) return false;
        fb->cancel = true;
        exec_fiber_resume(fb);
        if (fb->state != FIBER_DONE) return false; /* a host frame kept it alive */
    }
    if (fb->state == FIBER_RUNNING) return false;
    wasmcell_error_delete(fb->err);
    if (fb->map) munmap(fb->map, fb->map_size);
    base_free(fb->slots);
    base_free(fb);
    return true;
}
