/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_internal.h — state shared by the dispatch loop and its slow paths. */
#ifndef EXEC_INTERNAL_H
#define EXEC_INTERNAL_H
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "../compile/compile.h"
#include "../compile/icode.h"
#include "../runtime/runtime.h"

typedef struct exec_frame {
    const uint64_t *ret_ip;   /* NULL: return to exec_call */
    uint64_t *fp;             /* the caller's frame */
    wasmcell_func_t *func;    /* the function running in this frame */
} exec_frame_t;

/* Per-thread execution state; one per outermost exec_call, shared by
 * nested calls from host functions. */
typedef struct exec_ctx {
    /* Read by native code: keep these two first (native.h ABI). */
    int64_t budget;                  /* events (back-edges, calls) left before a poll */
    uintptr_t native_stack_limit;    /* native frames below this trap "call stack exhausted" */
    int32_t metered;                 /* fuel is finite: native code counts calls too */
    int64_t loop_chunk;              /* loop iterations a native function runs between polls
                                      * (0 when metered: every iteration is charged) */
    uintptr_t tierup_inside;         /* wcn_tierup's C frame while the newer code it entered
                                      * runs (0: none) */
    int64_t tierup_chunk;            /* loop iterations of tier auto's level-0 code between
                                      * tier-up polls (NATIVE_TIERUP_CHUNK; 1 under
                                      * WASMCELL_TIERUP_STRESS) */
    uint64_t *stack, *stack_end;     /* value slots */
    exec_frame_t *frames, *frames_end;
    exec_frame_t *fsp;               /* innermost frame (kept in memory for traps) */
    uint64_t *stack_top;             /* where a nested call may put its frame */
    sigjmp_buf *jmp;                 /* innermost trap boundary */
    volatile int in_guest;           /* faults in linear memory are guest traps */
    int64_t chunk;                   /* budget granted at the last poll */
    uint32_t poll_seq;               /* polls so far: varies the grant (exec_poll_in) */
    bool repoll;                     /* this poll was moved up for new native code (exec_poll_in) */
    rt_instance_t *fuel_inst;        /* whose fuel the budget is drawn from */
    /* On-stack replacement (exec_osr_nudge): the function asked to poll
     * at its next loop back-edge, and how many times it was asked. */
    const wasmcell_func_t *osr_func;
    uint32_t osr_nudges;
    /* A trap leaving native code by siglongjmp: its kind, or an error
     * already made (from a host or interpreted callee), and the native
     * return addresses collected on the way (innermost first). */
    wasmcell_trap_kind_t pending_trap;
    wasmcell_error_t *pending_err;
    uint32_t nnative_frames;
    bool native_pc_exact;            /* native_frames[0] is a faulting pc, not a return address */
    bool native_frames_truncated;    /* the walk filled native_frames: more follow */
    uintptr_t native_frames[32];
    uintptr_t boundary_frame;        /* frame address of the innermost exec_call */
    /* Interpreter -> native calls in progress: 4 value-stack slots each
     * (the caller's return ip, fp, frame and the previous site), so that
     * an exception leaving native code by siglongjmp resumes the
     * interpreter frames it skipped (exec_call.c). NULL: none. */
    uint64_t *native_site;
    rt_exn_t *resume_exn;            /* exec_run: rethrow this at native_site's caller */
    /* Interrupts (exec_interrupt.c): this context's generation (never 0),
     * a pending request for this thread, the instance it was made for, and
     * the timer that re-sends the signal until the request is taken. */
    uint64_t gen;
    atomic_int interrupt_req;
    _Atomic(rt_instance_t *) interrupt_inst;
    _Atomic(rt_instance_t *) deadline_inst; /* whose deadline the timer waits for */
    int tid;
    bool has_timer;
    timer_t timer;
    struct exec_ctx *reg_next;
    /* The resumable call (exec_fiber.c) this context runs on, or NULL:
     * running out of fuel suspends it instead of trapping. */
    struct exec_fiber *fiber;
    /* Exact instructions for backtraces: where the interpreter trapped
     * (set on its trap path, taken by the backtrace), and the return
     * address of the innermost interpreted frame's call into native code
     * or a host function (set around such calls, restored after). */
    const uint64_t *trap_ip;
    const uint64_t *call_ip;
    /* An explicit trap of native code: (func_idx << 32 | module offset) of
     * the trapping instruction, 0 for other traps (exec_native_collect
     * clears it). */
    uint64_t native_trap_loc;
    /* The signal handler turned a deadline into this context's interrupt
     * request: a resumable call that yields at deadlines suspends on it. */
    atomic_int deadline_hit;
    bool suspended;                  /* its resumable call is suspended (registry lock) */
} exec_ctx_t;

/* Interrupts (exec_interrupt.c). Contexts register while they live; an
 * interrupt marks the context that last entered the instance and signals
 * its thread (SIGURG, from a timer that repeats every millisecond until
 * the request is taken), which traps at once when the signal lands in
 * native code; elsewhere a poll (interpreter, helpers) takes it. */
void exec_interrupt_register(exec_ctx_t *ctx);
void exec_interrupt_unregister(exec_ctx_t *ctx);
/* The thread is now running inst (exec_call, instance switches). */
static inline void exec_note_instance(exec_ctx_t *ctx, rt_instance_t *inst)
{
    atomic_store_explicit(&inst->running_gen, ctx->gen, memory_order_relaxed);
}
/* True (and the request taken) when an interrupt is pending for this
 * thread or for inst (may be NULL). */
bool exec_interrupt_take(exec_ctx_t *ctx, rt_instance_t *inst);
/* Deadlines (wasmcell_instance_set_deadline): at a call's start, false
 * when inst's deadline passed already (the call traps "interrupted"), else
 * the context's timer is set to fire at it. */
bool exec_deadline_start(exec_ctx_t *ctx, rt_instance_t *inst);
/* A suspended resumable call stops its interrupt timer; resuming re-arms
 * it, and turns a deadline that passed meanwhile into a request. */
void exec_interrupt_pause(exec_ctx_t *ctx);
void exec_interrupt_resume(exec_ctx_t *ctx);
/* The signal handler's decision, from exec_call.c's handler: */
exec_ctx_t *exec_current_ctx(void);
/* Switching between a resumable call and its resumer (exec_fiber.c). */
void exec_set_current_ctx(exec_ctx_t *ctx);
/* In exec_poll, out of fuel on a resumable call: switches back to the
 * resumer; true once resumed (fuel may have been added), false when the
 * call is not resumable or is being cancelled (then it traps). */
bool exec_fiber_suspend(exec_ctx_t *ctx);
/* An interrupt was just taken: when it came from a deadline and the call
 * is resumable with yield_on_deadline, suspends and returns true once
 * resumed; false (the caller traps "interrupted") otherwise. */
bool exec_fiber_yield_at_deadline(exec_ctx_t *ctx);

/* Slots a list of values takes (a v128 takes two). */
uint32_t exec_slot_count(const bin_valtype_t *types, uint32_t n);
/* Slots a call of f uses from its argument base: its parameters' or its
 * results', whichever are more (native callees build frames above them). */
uint32_t exec_call_slots(const wasmcell_func_t *f);

wasmcell_error_t *exec_run(exec_ctx_t *ctx, wasmcell_func_t *entry, uint64_t *args,
                           const void *const **table_out);

/* Memory 0's base, which the guarded handlers keep in a local: a guarded
 * memory never moves. (The checked handlers read the memory object.) */
static inline uint8_t *exec_mem0(const rt_instance_t *inst)
{
    return inst && inst->module->bin->nmemories ? inst->memories[0]->base : NULL;
}

/* Slow paths (exec_slow.c). */
/* Tier auto counts the function on top of the frame stack as hot, and
 * `hot` too: the callee when the budget ran out at a call (a function only
 * ever called from native code has no other way to be counted). */
wasmcell_trap_kind_t exec_poll(exec_ctx_t *ctx, int64_t *budget, const wasmcell_func_t *hot);
/* The same where the function running is not the top interpreter frame's
 * (JIT code polls: its frames are native). */
wasmcell_trap_kind_t exec_poll_in(exec_ctx_t *ctx, int64_t *budget, wasmcell_func_t *running,
                                  const wasmcell_func_t *hot);
void exec_budget_start(exec_ctx_t *ctx, rt_instance_t *inst);
void exec_budget_settle(exec_ctx_t *ctx);
wasmcell_error_t *exec_host_call(exec_ctx_t *ctx, wasmcell_func_t *f, rt_instance_t *caller_inst,
                                 uint64_t *slots);
const cmp_func_t *exec_func_code(wasmcell_func_t *f, wasmcell_error_t **error);
wasmcell_trap_kind_t exec_bulk(icode_op_t op, rt_instance_t *inst, uint64_t *fp, const uint64_t *ip);
/* MEM_ACCESS (exec_memory.c): a load or store on any memory, checked. */
wasmcell_trap_kind_t exec_mem_access(rt_instance_t *inst, uint64_t *fp, const uint64_t *ip);
wasmcell_error_t *exec_trap(exec_ctx_t *ctx, wasmcell_trap_kind_t kind);
wasmcell_error_t *exec_with_backtrace(exec_ctx_t *ctx, wasmcell_error_t *err);

/* Exception handling (exec_exn.c). exec_exn_catch: exn was thrown at *ip
 * in frame *fsp (slots *fp); skip_top: that frame is gone already (a tail
 * call's callee threw). Finds the handler in this exec_run's frames: true
 * with *ip (the handler), *fp, *fsp (and ctx->fsp) set and the payload
 * written; false when none up to the entry frame (nothing changed). */
bool exec_exn_catch(exec_ctx_t *ctx, rt_exn_t *exn, const uint64_t **ip, uint64_t **fp,
                    exec_frame_t **fsp, bool skip_top);
/* The error of an exception leaving exec_run, with the backtrace of ctx->fsp. */
wasmcell_error_t *exec_exn_uncaught(exec_ctx_t *ctx, rt_exn_t *exn);
/* The exception of a WASMCELL_ERR_EXCEPTION error (the error is deleted),
 * or NULL (err untouched) for any other error. */
rt_exn_t *exec_exn_take(wasmcell_error_t *err);

#ifdef WASMCELL_PROFILE_OPS
/* Profiling builds: counts the pair (previous op, this op). */
void exec_profile_op(const void *const *table, uint64_t handler);
#endif

#endif
