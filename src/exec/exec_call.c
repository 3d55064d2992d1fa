/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_call.c — the trap boundary: entry into guest code. Sets up the
 * per-thread execution context (value and frame stacks), installs the
 * SIGSEGV/SIGBUS handler on an alternate signal stack, and turns a fault
 * inside a linear-memory reservation into an "out of bounds memory access"
 * trap by jumping back here. Faults anywhere else are left to crash: they
 * are our bugs, not the guest's. */
#include "exec.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include "../base/alloc.h"
#include "exec_fiber.h"
#include "exec_internal.h"
#include "exec_native.h"
#include "jit.h"
#include "../native/loader.h"
#include "../native/native.h"
#include <ucontext.h>

static __thread exec_ctx_t *tls_ctx;
static __thread bool tls_altstack;
static struct sigaction old_segv, old_bus;
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;

static void chain(int sig, siginfo_t *si, void *uc)
{
    struct sigaction *old = sig == SIGSEGV ? &old_segv : &old_bus;
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
        old->sa_sigaction(sig, si, uc);
        return;
    }
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN && old->sa_handler) {
        old->sa_handler(sig);
        return;
    }
    /* default action: restore it and return, so the fault repeats and kills us */
    signal(sig, SIG_DFL);
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    exec_ctx_t *ctx = tls_ctx;
    if (ctx && ctx->in_guest && ctx->jmp && rt_memory_owns_fault(si->si_addr)) {
        ctx->in_guest = 0;
        ctx->pending_trap = WASMCELL_TRAP_MEMORY_OOB;
        ctx->pending_err = NULL;
        ctx->nnative_frames = 0;
#if defined(__x86_64__) && defined(__linux__)
        const ucontext_t *u = uc;
        uintptr_t pc = (uintptr_t)u->uc_mcontext.gregs[REG_RIP];
        if (native_image_is_code(pc) || exec_jit_is_code(pc))
            exec_native_collect(ctx, (uintptr_t)u->uc_mcontext.gregs[REG_RBP], pc);
#endif
        siglongjmp(*ctx->jmp, 1);
    }
    chain(sig, si, uc);
}

static void install_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    /* SA_NODEFER: we leave the handler by siglongjmp without restoring the
     * mask (sigsetjmp(..., 0) is much cheaper), so keep the signal unblocked. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
}

/* The handler must run on an alternate stack: the guest may have faulted
 * with the host stack nearly exhausted. One per thread, kept for its life. */
static void ensure_altstack(void)
{
    if (tls_altstack) return;
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) {
        tls_altstack = true;
        return;
    }
    size_t size = 64 * 1024;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    stack_t ss = {.ss_sp = p, .ss_size = size, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) == 0) tls_altstack = true;
    else munmap(p, size);
}

/* The lowest address native frames (and host re-entry) may use on this
 * thread: 256 KiB above the end of its stack (room for host functions and
 * the runtime), and no more than max_native_stack_bytes below here. */
static __thread uintptr_t tls_stack_low;
static uintptr_t native_stack_limit(const wasmcell_config_t *config)
{
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (!tls_stack_low) {
        pthread_attr_t attr;
        void *addr = NULL;
        size_t size = 0;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            pthread_attr_getstack(&attr, &addr, &size);
            pthread_attr_destroy(&attr);
        }
        tls_stack_low = addr ? (uintptr_t)addr : here - (1u << 20);
    }
    uintptr_t limit = tls_stack_low + (256u << 10);
    uint64_t budget = config && config->max_native_stack_bytes ? config->max_native_stack_bytes
                                                               : 64ull << 20;
    /* Native frames are not counted one by one: an explicit (non-default)
     * call-depth or value-stack limit becomes a native stack budget too,
     * 256 bytes per call and byte for byte (docs/native.md). */
    if (config && config->max_call_depth && config->max_call_depth != 100000) {
        uint64_t b = (uint64_t)config->max_call_depth * 256;
        if (b < budget) budget = b < (64u << 10) ? (64u << 10) : b;
    }
    if (config && config->max_stack_bytes && config->max_stack_bytes != (8u << 20) &&
        config->max_stack_bytes < budget)
        budget = config->max_stack_bytes < (64u << 10) ? (64u << 10) : config->max_stack_bytes;
    if (here > budget && here - budget > limit) limit = here - budget;
    return limit;
}

exec_ctx_t *exec_current_ctx(void)
{
    return tls_ctx;
}

void exec_set_current_ctx(exec_ctx_t *ctx)
{
    tls_ctx = ctx;
}

static exec_ctx_t *ctx_new(const wasmcell_config_t *config, exec_fiber_t *fiber)
{
    uint32_t stack_bytes = config && config->max_stack_bytes ? config->max_stack_bytes : 8u << 20;
    uint32_t depth = config && config->max_call_depth ? config->max_call_depth : 100000;
    exec_ctx_t *ctx = base_calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    ctx->tierup_chunk = native_tierup_stress() ? 1 : NATIVE_TIERUP_CHUNK;
    size_t nslots = stack_bytes / 8 < 1024 ? 1024 : stack_bytes / 8;
    ctx->stack = base_alloc_array(nslots, sizeof *ctx->stack);
    ctx->frames = base_alloc_array((size_t)depth + 2, sizeof *ctx->frames);
    if (!ctx->stack || !ctx->frames) {
        base_free(ctx->stack);
        base_free(ctx->frames);
        base_free(ctx);
        return NULL;
    }
    ctx->stack_end = ctx->stack + nslots;
    ctx->frames_end = ctx->frames + depth + 1;
    ctx->fsp = ctx->frames; /* frames[0] is a sentinel below every real frame */
    ctx->frames[0] = (exec_frame_t){0};
    ctx->stack_top = ctx->stack;
    /* on a fiber, native frames may use its stack down to its own limit */
    ctx->native_stack_limit = fiber ? exec_fiber_stack_limit(fiber) : native_stack_limit(config);
    ctx->fiber = fiber;
    exec_interrupt_register(ctx);
    return ctx;
}

static void ctx_delete(exec_ctx_t *ctx)
{
    exec_interrupt_unregister(ctx);
    base_free(ctx->stack);
    base_free(ctx->frames);
    base_free(ctx);
}

const void *const *exec_handler_table(void)
{
    const void *const *table = NULL;
    exec_run(NULL, NULL, NULL, &table);
    return table;
}

static wasmcell_error_t *call_host_directly(wasmcell_func_t *func, uint64_t *slots)
{
    struct wasmcell_caller caller = {.inst = NULL};
    return func->host(&caller, func->host_env, slots);
}

static wasmcell_error_t *call_on(wasmcell_func_t *func, uint64_t *slots, exec_fiber_t *fiber);

wasmcell_error_t *exec_call(wasmcell_func_t *func, uint64_t *slots)
{
    return call_on(func, slots, NULL);
}

wasmcell_error_t *exec_call_fiber(wasmcell_func_t *func, uint64_t *slots, exec_fiber_t *fiber)
{
    return call_on(func, slots, fiber);
}

/* fiber: the resumable call this outermost call is the body of, or NULL. */
static wasmcell_error_t *call_on(wasmcell_func_t *func, uint64_t *slots, exec_fiber_t *fiber)
{
    if (!func) return rt_error_new(WASMCELL_ERR_MISUSE, "call of a NULL function");
    exec_ctx_t *ctx = tls_ctx;
    bool outer = ctx == NULL;
    if (outer) {
        if (!func->inst) return call_host_directly(func, slots);
        pthread_once(&handler_once, install_handler);
        ensure_altstack();
        ctx = ctx_new(&func->inst->module->engine->config, fiber);
        if (!ctx) return &rt_error_nomem;
        tls_ctx = ctx;
    }
    /* an interrupt made before this call is not lost: the call traps */
    if (func->inst) exec_note_instance(ctx, func->inst);
    uint32_t np = exec_slot_count(func->params, func->nparams);
    uint32_t nr = exec_slot_count(func->results, func->nresults);
    uint32_t n = np > nr ? np : nr;
    uint64_t *base = ctx->stack_top;
    wasmcell_error_t *err = NULL;
    /* host -> wasm re-entry (a host function calling back in) nests C
     * frames: past the native stack budget it is a trap, never a crash */
    if (base + n > ctx->stack_end ||
        (uintptr_t)__builtin_frame_address(0) < ctx->native_stack_limit + (64u << 10)) {
        err = rt_trap_new(WASMCELL_TRAP_STACK_EXHAUSTED);
        goto out;
    }
    /* a resumable call that yields at deadlines: one passed already
     * suspends it before it starts (the resumer may set a new one) */
    while (outer && fiber && func->inst && exec_fiber_yields_at_deadline(fiber) &&
           atomic_load(&func->inst->deadline_ns) && !exec_deadline_start(ctx, func->inst)) {
        if (!exec_fiber_suspend(ctx)) {
            err = rt_trap_new(WASMCELL_TRAP_OUT_OF_FUEL); /* cancelled */
            goto out;
        }
    }
    if (func->inst && ((atomic_load(&func->inst->deadline_ns) && !exec_deadline_start(ctx, func->inst)) ||
                       (atomic_load(&func->inst->interrupt) && exec_interrupt_take(ctx, func->inst)))) {
        atomic_store(&func->inst->interrupt, 0);
        err = rt_trap_new(WASMCELL_TRAP_INTERRUPTED);
        goto out;
    }
    memcpy(base, slots, (size_t)np * 8);

    /* Saved across the (possible) siglongjmp: set before sigsetjmp, not after. */
    exec_frame_t *saved_fsp = ctx->fsp;
    sigjmp_buf *saved_jmp = ctx->jmp;
    int saved_in_guest = ctx->in_guest;
    rt_instance_t *saved_fuel_inst = ctx->fuel_inst;
    int64_t saved_budget = ctx->budget, saved_chunk = ctx->chunk;
    uintptr_t saved_boundary = ctx->boundary_frame;
    uint64_t *saved_top = ctx->stack_top;
    const uint64_t *saved_call_ip = ctx->call_ip;
    if (func->inst && func->inst->native != atomic_load(&func->inst->module->native))
        native_adopt_if_ready(func->inst);
    uint64_t *saved_site = ctx->native_site;
    sigjmp_buf jb;
    if (sigsetjmp(jb, 0)) {
        /* a fault in linear memory, or a trap/error leaving native code */
        if (ctx->pending_err) {
            err = ctx->pending_err;
        } else {
            wasmcell_trap_kind_t kind = ctx->pending_trap ? ctx->pending_trap : WASMCELL_TRAP_MEMORY_OOB;
            err = exec_trap(ctx, kind);
        }
        ctx->pending_err = NULL;
        ctx->pending_trap = WASMCELL_TRAP_NONE;
        ctx->nnative_frames = 0;
        ctx->stack_top = saved_top;
        /* An exception left native code that our interpreter called: the
         * native frames are gone; the interpreter frames below them may
         * catch it, so resume the interpreter at that call (again under
         * this boundary: it may call native code that throws again). */
        if (ctx->native_site != saved_site && err && err->status == WASMCELL_ERR_EXCEPTION && err->exn) {
            ctx->resume_exn = exec_exn_take(err);
            err = NULL;
            ctx->in_guest = 1;
            goto run;
        }
        ctx->native_site = saved_site;
    } else {
        ctx->boundary_frame = (uintptr_t)__builtin_frame_address(0);
        ctx->nnative_frames = 0;
        ctx->jmp = &jb;
        ctx->in_guest = 1;
        if (outer || !saved_fuel_inst) exec_budget_start(ctx, func->inst);
    run:
        err = exec_run(ctx, ctx->resume_exn ? NULL : func, base, NULL);
    }
    ctx->native_site = saved_site;
    if (outer || !saved_fuel_inst) exec_budget_settle(ctx);
    ctx->fsp = saved_fsp;
    ctx->jmp = saved_jmp;
    ctx->boundary_frame = saved_boundary;
    ctx->in_guest = saved_in_guest;
    ctx->call_ip = saved_call_ip; /* a trap left native code past the interpreter's restore */
    if (!outer && saved_fuel_inst) {
        ctx->fuel_inst = saved_fuel_inst;
    } else if (!outer) {
        ctx->fuel_inst = saved_fuel_inst;
        ctx->budget = saved_budget;
        ctx->chunk = saved_chunk;
    }
    if (!err) memcpy(slots, base, (size_t)nr * 8);
out:
    if (outer) {
        tls_ctx = NULL;
        ctx_delete(ctx);
    }
    return err;
}
