/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* jit_runtime.c — what the baseline JIT's code calls: polls (fuel,
 * interrupts, tier-up sampling, OSR into LLVM's code), calls of host and
 * interpreted functions, bulk instructions, and the numeric ops it does
 * not inline (one function per row of exec_numeric.inc, the interpreter's
 * own semantics). Nothing here traps: it returns the trap kind and the JIT
 * code traps through wcn_trap, whose frame walk is known to start right. */
#include <stdio.h>
#include <stdlib.h>
#include "exec_internal.h"
#include "exec_native.h"
#include "exec_numeric.h"
#include "jit.h"
#include "jit_runtime.h"


/* A back-edge of JIT function `def` ran out of budget; `word` is the
 * loop header's code offset. Returns 1 when LLVM's code ran the rest of
 * the function (results in fp[0..]), else 0 (go on). */
int jit_rt_poll(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t *fp, uint64_t where)
{
    wasmcell_func_t *f = &inst->own_funcs[(uint32_t)(where >> 32)];
    int64_t budget = ctx->budget;
    wasmcell_trap_kind_t k = exec_poll_in(ctx, &budget, f, NULL);
    if (k) return -(int)k;
    if (f->native_osr && f->code)
        return exec_native_osr_from(ctx, f, fp, f->code->code + (uint32_t)where, false);
    return 0;
}

/* A call from LLVM's code into JIT function `def` (its typed entry) ran
 * out of budget: the call event wcn_call counts for JIT callees, so tier
 * auto samples a function only LLVM's code calls. A trap kind, or 0. */
uint64_t jit_rt_entry_poll(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t def)
{
    int64_t budget = ctx->budget;
    return exec_poll(ctx, &budget, &inst->own_funcs[def]);
}

/* A call from JIT function `def` ran out of budget: a trap kind, or 0. */
uint64_t jit_rt_call_poll(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t def, wasmcell_func_t *callee)
{
    wasmcell_func_t *f = &inst->own_funcs[def];
    int64_t budget = ctx->budget;
    wasmcell_trap_kind_t k = exec_poll_in(ctx, &budget, f, callee);
    /* LLVM's code has an OSR entry for this function: poll again at the
     * next event, until one is a loop back-edge where it can be entered
     * (as the interpreter does: a loop whose budget always runs out at a
     * call would never get there) */
    if (!k && f->native_osr) ctx->budget = exec_osr_nudge(ctx, f, ctx->budget);
    return k;
}

/* A callee without native code yet, from JIT code: give it JIT code
 * (JIT code then calls JIT code directly, and traps walk one unbroken
 * chain of frames). Its slots entry, or NULL. */
void *jit_rt_prepare(wasmcell_func_t *f)
{
    if (!f->native_slots && !f->host) exec_jit_adopt(f);
    return f->native_slots;
}

/* A callee without native code: a host function or an interpreted one.
 * Its arguments are at args (in the caller's frame, below ctx->stack_top;
 * the slots above them are dead), its results go there. */
void jit_rt_call_slow(exec_ctx_t *ctx, rt_instance_t *inst, wasmcell_func_t *f, uint64_t *args)
{
    wasmcell_error_t *err;
    if (f->host) {
        /* the host function's callbacks build frames above its slots */
        uint64_t *saved = ctx->stack_top;
        err = exec_host_call(ctx, f, inst, args);
        ctx->stack_top = saved;
    } else {
        /* the interpreter's entry counts the call's event again: the JIT
         * code's call site counted it already (fuel stays exact) */
        ctx->budget++;
        err = exec_native_call_interpreted(ctx, f, args);
    }
    if (err) exec_native_fail(ctx, err);
}

/* Bulk memory and table instructions: the interpreter's slow paths; a
 * trap kind, or 0. */
uint64_t jit_rt_bulk(rt_instance_t *inst, uint64_t *fp, const uint64_t *ip, uint64_t op)
{
    return exec_bulk((icode_op_t)op, inst, fp, ip);
}

uint64_t jit_rt_memory_grow(rt_instance_t *inst, uint64_t delta)
{
    return (uint32_t)rt_memory_grow(inst->memories[0], (uint32_t)delta);
}

/* Numeric helpers: (a, b) -> {result, trap kind or 0}. JIT code traps
 * itself (wcn_trap, with the instruction's location) when the kind is set:
 * a trap raised in here would depend on this C function's frame, which
 * the compiler may share between helpers. */
#define UN(name, expr)                                                       \
    static jit_num_result_t num_##name(uint64_t a, uint64_t b)               \
    {                                                                        \
        (void)b;                                                             \
        return (jit_num_result_t){(expr), 0};                                \
    }
#define BIN(name, expr)                                                      \
    static jit_num_result_t num_##name(uint64_t a, uint64_t b)               \
    {                                                                        \
        return (jit_num_result_t){(expr), 0};                                \
    }
#define TRUNC(name, FT, fval, RT, lo_ok, hi_ok, store)                       \
    static jit_num_result_t num_##name(uint64_t a, uint64_t b)               \
    {                                                                        \
        (void)b;                                                             \
        FT x = fval(a);                                                      \
        if (x != x) return (jit_num_result_t){0, WASMCELL_TRAP_INVALID_CONVERSION}; \
        if (!(lo_ok) || !(hi_ok)) return (jit_num_result_t){0, WASMCELL_TRAP_INT_OVERFLOW}; \
        return (jit_num_result_t){store((RT)x), 0};                          \
    }
/* divisions are inline in JIT code */
#define DIV_S(name, bits)
#define DIV_U(name, bits)
#define REM_S(name, bits)
#define REM_U(name, bits)
#include "exec_numeric.inc"
#undef UN
#undef BIN
#undef TRUNC
#undef DIV_S
#undef DIV_U
#undef REM_S
#undef REM_U

jit_num_fn jit_num_helper(icode_op_t op)
{
    switch (op) {
#define UN(name, expr) case IC_##name: return num_##name;
#define BIN(name, expr) case IC_##name: return num_##name;
#define TRUNC(name, FT, fval, RT, lo_ok, hi_ok, store) case IC_##name: return num_##name;
#define DIV_S(name, bits)
#define DIV_U(name, bits)
#define REM_S(name, bits)
#define REM_U(name, bits)
#include "exec_numeric.inc"
    default: return NULL;
    }
}
