/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_interrupt.c — interrupts that reach code without polls. Native
 * code (unless compiled for fuel metering) has no interrupt checks, so
 * loops vectorize and calls stay cheap. wasmcell_instance_interrupt marks
 * the instance, then the context (thread) that last entered it, and starts
 * a per-context timer that sends that thread SIGURG now and every
 * millisecond after. The handler traps ("interrupted") when the signal
 * lands in native code; anywhere else (interpreter, helpers, host code) it
 * returns and a poll takes the request, or the next tick lands in native
 * code. SIGURG is ignored by default, so stray ticks harm nothing; a
 * handler the host installed before us still gets signals that are not
 * ours. */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "exec.h"
#include "exec_fiber.h"
#include "exec_internal.h"
#include "exec_native.h"
#include "jit.h"
#include "../native/loader.h"
#include <ucontext.h>

#define INTERRUPT_SIGNAL SIGURG
#define RETRY_NS 1000000L

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static exec_ctx_t *reg_head;
static _Atomic uint64_t next_gen = 1;
static struct sigaction old_action;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* async-signal-safe */
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void arm(exec_ctx_t *ctx, long first_ns, long every_ns)
{
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = first_ns;
    its.it_interval.tv_nsec = every_ns;
    timer_settime(ctx->timer, 0, &its, NULL); /* async-signal-safe */
}

/* Clears the request and the flag of the instance it was made for. */
static void take(exec_ctx_t *ctx)
{
    atomic_store(&ctx->interrupt_req, 0);
    rt_instance_t *inst = atomic_exchange(&ctx->interrupt_inst, NULL);
    if (inst) atomic_store(&inst->interrupt, 0);
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
    exec_ctx_t *ctx = exec_current_ctx();
    bool ours = si->si_code == SI_TIMER && ctx && si->si_value.sival_ptr == ctx;
    if (!ours) {
        if ((old_action.sa_flags & SA_SIGINFO) && old_action.sa_sigaction)
            old_action.sa_sigaction(sig, si, uc);
        else if (old_action.sa_handler != SIG_DFL && old_action.sa_handler != SIG_IGN &&
                 old_action.sa_handler)
            old_action.sa_handler(sig);
        return;
    }
    rt_instance_t *dl = atomic_load(&ctx->deadline_inst);
    if (dl && atomic_load(&dl->deadline_ns) && now_ns() >= atomic_load(&dl->deadline_ns)) {
        /* a deadline passed: from here on it is an interrupt */
        atomic_store(&dl->deadline_ns, 0);
        atomic_store(&ctx->deadline_inst, NULL);
        atomic_store(&dl->interrupt, 1);
        atomic_store(&ctx->interrupt_inst, dl);
        atomic_store(&ctx->deadline_hit, 1);
        atomic_store(&ctx->interrupt_req, 1);
    }
    if (!atomic_load(&ctx->interrupt_req)) {
        if (!atomic_load(&ctx->deadline_inst)) arm(ctx, 0, 0); /* taken by a poll: stop ticking */
        return;
    }
#if defined(__x86_64__) && defined(__linux__)
    const ucontext_t *u = uc;
    uintptr_t pc = (uintptr_t)u->uc_mcontext.gregs[REG_RIP];
    /* a call that yields at deadlines suspends at a poll, not here: code
     * metered for fuel polls at every call and loop (unmetered code may
     * run on without one, so it still traps) */
    bool yields = atomic_load(&ctx->deadline_hit) && ctx->metered &&
                  exec_fiber_yields_at_deadline(ctx->fiber);
    if (ctx->in_guest && ctx->jmp && (native_image_is_code(pc) || exec_jit_is_code(pc)) && !yields) {
        take(ctx);
        arm(ctx, 0, 0);
        ctx->in_guest = 0;
        ctx->pending_trap = WASMCELL_TRAP_INTERRUPTED;
        ctx->pending_err = NULL;
        ctx->nnative_frames = 0;
        exec_native_collect(ctx, (uintptr_t)u->uc_mcontext.gregs[REG_RBP], pc);
        siglongjmp(*ctx->jmp, 1);
    }
#endif
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    /* SA_NODEFER: left by siglongjmp without restoring the mask (see
     * exec_call.c); SA_RESTART: host code blocked in a system call while a
     * tick arrives resumes it */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(INTERRUPT_SIGNAL, &sa, &old_action);
}

void exec_interrupt_register(exec_ctx_t *ctx)
{
    pthread_once(&install_once, install);
    ctx->gen = atomic_fetch_add(&next_gen, 1);
    ctx->tid = (int)syscall(SYS_gettid);
    pthread_mutex_lock(&reg_lock);
    ctx->reg_next = reg_head;
    reg_head = ctx;
    pthread_mutex_unlock(&reg_lock);
}

void exec_interrupt_unregister(exec_ctx_t *ctx)
{
    pthread_mutex_lock(&reg_lock);
    for (exec_ctx_t **p = &reg_head; *p; p = &(*p)->reg_next)
        if (*p == ctx) {
            *p = ctx->reg_next;
            break;
        }
    if (ctx->has_timer) timer_delete(ctx->timer);
    ctx->has_timer = false;
    pthread_mutex_unlock(&reg_lock);
}

bool exec_interrupt_take(exec_ctx_t *ctx, rt_instance_t *inst)
{
    bool hit = atomic_load_explicit(&ctx->interrupt_req, memory_order_relaxed) != 0;
    if (inst && atomic_load_explicit(&inst->interrupt, memory_order_relaxed)) hit = true;
    if (!hit) return false;
    take(ctx);
    if (inst) atomic_store(&inst->interrupt, 0);
    return true;
}

/* The context's timer, created on first use (registry lock held). */
static bool ensure_timer(exec_ctx_t *ctx)
{
    if (!ctx->has_timer) {
        struct sigevent sev;
        memset(&sev, 0, sizeof sev);
        sev.sigev_notify = SIGEV_THREAD_ID;
        sev.sigev_signo = INTERRUPT_SIGNAL;
        sev.sigev_value.sival_ptr = ctx;
        sev._sigev_un._tid = ctx->tid;
        ctx->has_timer = timer_create(CLOCK_MONOTONIC, &sev, &ctx->timer) == 0;
    }
    return ctx->has_timer;
}

void exec_interrupt(rt_instance_t *inst)
{
    atomic_store(&inst->interrupt, 1);
    uint64_t gen = atomic_load(&inst->running_gen);
    if (!gen) return; /* never ran: the flag alone stops its next call */
    /* trylock: this may run in a signal handler that interrupted the very
     * thread holding the lock; then the flag alone must do (interpreted and
     * metered code see it; wasmcell.h says so) */
    if (pthread_mutex_trylock(&reg_lock) != 0) return;
    for (exec_ctx_t *ctx = reg_head; ctx; ctx = ctx->reg_next) {
        if (ctx->gen != gen) continue;
        atomic_store(&ctx->interrupt_inst, inst);
        atomic_store(&ctx->interrupt_req, 1);
        /* a suspended call's thread runs other code: its resume arms it */
        if (!ctx->suspended && ensure_timer(ctx)) arm(ctx, 1, RETRY_NS);
        break;
    }
    pthread_mutex_unlock(&reg_lock);
}

void exec_set_deadline(rt_instance_t *inst, uint64_t timeout_ns)
{
    uint64_t at = 0;
    if (timeout_ns) {
        at = now_ns() + timeout_ns;
        if (at == 0) at = 1;
    }
    atomic_store(&inst->deadline_ns, at);
}

bool exec_deadline_start(exec_ctx_t *ctx, rt_instance_t *inst)
{
    uint64_t at = atomic_load(&inst->deadline_ns);
    if (!at) return true;
    if (now_ns() >= at) {
        atomic_store(&inst->deadline_ns, 0);
        return false;
    }
    pthread_mutex_lock(&reg_lock);
    if (ensure_timer(ctx)) {
        atomic_store(&ctx->deadline_inst, inst);
        struct itimerspec its;
        memset(&its, 0, sizeof its);
        its.it_value.tv_sec = (time_t)(at / 1000000000u);
        its.it_value.tv_nsec = (long)(at % 1000000000u);
        its.it_interval.tv_nsec = RETRY_NS;
        timer_settime(ctx->timer, TIMER_ABSTIME, &its, NULL);
    }
    pthread_mutex_unlock(&reg_lock);
    return true;
}

/* A resumable call suspends (exec_fiber.c): its thread runs other code,
 * so the context's timer stops ticking until the call resumes. */
void exec_interrupt_pause(exec_ctx_t *ctx)
{
    pthread_mutex_lock(&reg_lock);
    ctx->suspended = true;
    if (ctx->has_timer) arm(ctx, 0, 0);
    pthread_mutex_unlock(&reg_lock);
}

/* Back from a suspension: a deadline that passed meanwhile becomes an
 * interrupt request, as the signal handler would make it (the resuming
 * poll takes it); one still ahead, also one the resumer set, arms the
 * timer; so does a pending request. */
void exec_interrupt_resume(exec_ctx_t *ctx)
{
    rt_instance_t *dl = atomic_load(&ctx->deadline_inst);
    if (!dl) dl = ctx->fuel_inst;
    if (dl && atomic_load(&dl->deadline_ns) && !exec_deadline_start(ctx, dl)) {
        atomic_store(&ctx->deadline_inst, NULL);
        atomic_store(&dl->interrupt, 1);
        atomic_store(&ctx->interrupt_inst, dl);
        atomic_store(&ctx->deadline_hit, 1);
        atomic_store(&ctx->interrupt_req, 1);
    }
    pthread_mutex_lock(&reg_lock);
    ctx->suspended = false;
    if (atomic_load(&ctx->interrupt_req) && ensure_timer(ctx)) arm(ctx, 1, RETRY_NS);
    pthread_mutex_unlock(&reg_lock);
}
