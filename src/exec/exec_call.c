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
#include "exec_internal.h"

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

static exec_ctx_t *ctx_new(const wasmcell_config_t *config)
{
    uint32_t stack_bytes = config && config->max_stack_bytes ? config->max_stack_bytes : 8u << 20;
    uint32_t depth = config && config->max_call_depth ? config->max_call_depth : 100000;
    exec_ctx_t *ctx = base_calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
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
    return ctx;
}

static void ctx_delete(exec_ctx_t *ctx)
{
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

wasmcell_error_t *exec_call(wasmcell_func_t *func, uint64_t *slots)
{
    if (!func) return rt_error_new(WASMCELL_ERR_MISUSE, "call of a NULL function");
    exec_ctx_t *ctx = tls_ctx;
    bool outer = ctx == NULL;
    if (outer) {
        if (!func->inst) return call_host_directly(func, slots);
        pthread_once(&handler_once, install_handler);
        ensure_altstack();
        ctx = ctx_new(&func->inst->module->engine->config);
        if (!ctx) return &rt_error_nomem;
        tls_ctx = ctx;
        atomic_store(&func->inst->interrupt, 0);
    }
    uint32_t n = func->nparams > func->nresults ? func->nparams : func->nresults;
    uint64_t *base = ctx->stack_top;
    wasmcell_error_t *err = NULL;
    if (base + n > ctx->stack_end) {
        err = rt_trap_new(WASMCELL_TRAP_STACK_EXHAUSTED);
        goto out;
    }
    memcpy(base, slots, (size_t)func->nparams * 8);

    /* Saved across the (possible) siglongjmp: set before sigsetjmp, not after. */
    exec_frame_t *saved_fsp = ctx->fsp;
    sigjmp_buf *saved_jmp = ctx->jmp;
    int saved_in_guest = ctx->in_guest;
    rt_instance_t *saved_fuel_inst = ctx->fuel_inst;
    int64_t saved_budget = ctx->budget, saved_chunk = ctx->chunk;
    sigjmp_buf jb;
    if (sigsetjmp(jb, 0)) {
        err = exec_trap(ctx, WASMCELL_TRAP_MEMORY_OOB);
    } else {
        ctx->jmp = &jb;
        ctx->in_guest = 1;
        if (outer || !saved_fuel_inst) exec_budget_start(ctx, func->inst);
        err = exec_run(ctx, func, base, NULL);
    }
    if (outer || !saved_fuel_inst) exec_budget_settle(ctx);
    ctx->fsp = saved_fsp;
    ctx->jmp = saved_jmp;
    ctx->in_guest = saved_in_guest;
    if (!outer && saved_fuel_inst) {
        ctx->fuel_inst = saved_fuel_inst;
    } else if (!outer) {
        ctx->fuel_inst = saved_fuel_inst;
        ctx->budget = saved_budget;
        ctx->chunk = saved_chunk;
    }
    if (!err) memcpy(slots, base, (size_t)func->nresults * 8);
out:
    if (outer) {
        tls_ctx = NULL;
        ctx_delete(ctx);
    }
    return err;
}
