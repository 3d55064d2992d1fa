/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* interp.c — the dispatch loop: runs internal code (icode.def) by direct
 * threading. Each handler ends by jumping to the next instruction's
 * handler address; hot state (ip, fp, memory base, instance, poll budget)
 * lives in locals. Calls between wasm functions push a record on an
 * explicit frame stack; nothing here recurses in C. Slow paths (traps,
 * polls, host calls, bulk operations) live in exec_slow.c. */
#include <math.h>
#include <string.h>
#include "../compile/compile.h"
#include "../compile/icode.h"
#include "exec_internal.h"
#include "exec_native.h"
#include "jit.h"
#include "simd_ops.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

#include "exec_numeric.h"
/* Operand fields are read straight from the code stream (one 16-bit load
 * each, cheaper than extracting them from a loaded word). The layout is
 * little endian: field k is bits 16k..16k+15 of word 1. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter's operand layout assumes a little-endian host"
#endif
typedef uint16_t __attribute__((may_alias)) u16_alias;
typedef uint32_t __attribute__((may_alias)) u32_alias;
typedef int32_t __attribute__((may_alias)) i32_alias;
/* icode.h: u16 0 is the handler, field k is u16 k+1 (f0-f2 in word 0,
 * f3-f6 in word 1); imm0/imm1 are the high halves of words 0/1. */
#define FLD(k) ((uint32_t)((const u16_alias *)ip)[(k) + 1])
#define IMM0() (((const u32_alias *)ip)[1])
#define IMM1() (((const u32_alias *)ip)[3])
#define REL0() (((const i32_alias *)ip)[1])
#define REL1() (((const i32_alias *)ip)[3])

/* Memory access at a guest address: the reservation makes any u32 address
 * plus u32 offset land inside mapped-or-guard space. */
#define ADDR() (mem + (uint64_t)(uint32_t)fp[FLD(1)] + FLD(2))
#define LOAD(T, p) ({ T v_; memcpy(&v_, (p), sizeof v_); v_; })
#define STORE(T, p, x) do { T v_ = (T)(x); memcpy((p), &v_, sizeof v_); } while (0)

wasmcell_error_t *exec_run(exec_ctx_t *ctx, wasmcell_func_t *entry, uint64_t *args,
                           const void *const **table_out)
{
    static const void *const table[IC_COUNT_] = {
#define IC(name, fmt, meaning) [IC_##name] = &&L_##name,
#include "../compile/icode.def"
#undef IC
    };
    if (table_out) {
        *table_out = table;
        return NULL;
    }
    /* Handlers are 16-bit offsets from the lowest one (icode.h). Every
     * thread computes the same value, so a relaxed cache is enough. */
#if ICODE_HANDLER_OFFSETS
    static uintptr_t hbase_cache;
    uintptr_t hbase = __atomic_load_n(&hbase_cache, __ATOMIC_RELAXED);
    if (UNLIKELY(!hbase)) {
        hbase = icode_handler_base(table);
        __atomic_store_n(&hbase_cache, hbase, __ATOMIC_RELAXED);
    }
#endif

    const uint64_t *ip;
    uint64_t *fp;
    uint8_t *mem;
    rt_instance_t *inst;
    exec_frame_t *fsp = ctx->fsp;
    int64_t budget = ctx->budget;
    wasmcell_func_t *f;
    uint64_t *callee_fp;
    wasmcell_trap_kind_t trap_kind = WASMCELL_TRAP_NONE;
    wasmcell_error_t *err = NULL;
    rt_exn_t *exn = NULL;
    bool exn_skip_top = false;

    if (!entry) {
        /* exec_call.c: an exception left native code that this thread's
         * interpreter had called at ctx->native_site: throw it there */
        uint64_t *site = ctx->native_site;
        ctx->native_site = (uint64_t *)(uintptr_t)site[2];
        ip = (const uint64_t *)(uintptr_t)site[0];
        fp = (uint64_t *)(uintptr_t)site[1];
        fsp = (exec_frame_t *)(uintptr_t)site[3];
        ctx->fsp = fsp;
        inst = fsp->func->inst;
        mem = exec_mem0(inst);
        exn = ctx->resume_exn;
        ctx->resume_exn = NULL;
        ip -= 1; /* within the call instruction */
        goto throw_exn;
    }

    /* Enter the entry function as if called from a frame that returns to C. */
    f = entry;
    callee_fp = args;
    ip = NULL;
    fp = NULL;
    inst = entry->inst;
    mem = exec_mem0(inst);
    goto do_call;

#if ICODE_HANDLER_OFFSETS
#define HANDLER() ((const void *)(hbase + (uint16_t)ip[0]))
#else
#define HANDLER() (table[(uint16_t)ip[0]])
#endif
#ifdef WASMCELL_PROFILE_OPS
#define NEXT() do { exec_profile_op(table, (uintptr_t)HANDLER()); goto *HANDLER(); } while (0)
#else
#define NEXT() goto *HANDLER()
#endif
#define TRAP(kind) do { trap_kind = (kind); goto trap; } while (0)
#define JUMP(rel) do {                                                   \
        int32_t r_ = (rel);                                              \
        ip += r_;                                                        \
        if (r_ <= 0 && UNLIKELY(--budget < 0)) goto poll;                \
        NEXT();                                                          \
    } while (0)

L_UNREACHABLE:
    TRAP(WASMCELL_TRAP_UNREACHABLE);

L_RETURN:
    ip = fsp->ret_ip;
    fp = fsp->fp;
    fsp--;
    ctx->fsp = fsp;
    if (UNLIKELY(!ip)) goto done;
    if (UNLIKELY(fsp->func->inst != inst)) {
        inst = fsp->func->inst;
        mem = exec_mem0(inst);
    }
    NEXT();

L_RETURN1:
    fp[0] = fp[FLD(0)];
    goto L_RETURN;
L_BR_MOV:
    fp[FLD(0)] = fp[FLD(1)];
    JUMP(REL1());
L_BR: JUMP(REL0());
L_BR_IF: {  if ((uint32_t)fp[FLD(0)]) JUMP(REL0()); ip += 1; NEXT(); }
L_BR_UNLESS: {  if (!(uint32_t)fp[FLD(0)]) JUMP(REL0()); ip += 1; NEXT(); }
L_BR_IF64: {  if (fp[FLD(0)]) JUMP(REL0()); ip += 1; NEXT(); }
L_BR_UNLESS64: {  if (!fp[FLD(0)]) JUMP(REL0()); ip += 1; NEXT(); }
L_BR_TABLE: {
    
    uint32_t i = (uint32_t)fp[FLD(0)], count = IMM0();
    if (i > count) i = count;
    JUMP(ICODE_REL(ip[1 + i]));
}

#define BR_CMP(name, T, op)                                               \
    L_##name: {                                                           \
                                                           \
        if ((T)fp[FLD(0)] op (T)fp[FLD(1)]) JUMP(REL1()); \
        ip += 2;                                                          \
        NEXT();                                                           \
    }
BR_CMP(BR_I32_EQ, uint32_t, ==) BR_CMP(BR_I32_NE, uint32_t, !=)
BR_CMP(BR_I32_LT_S, int32_t, <) BR_CMP(BR_I32_LT_U, uint32_t, <)
BR_CMP(BR_I32_GT_S, int32_t, >) BR_CMP(BR_I32_GT_U, uint32_t, >)
BR_CMP(BR_I32_LE_S, int32_t, <=) BR_CMP(BR_I32_LE_U, uint32_t, <=)
BR_CMP(BR_I32_GE_S, int32_t, >=) BR_CMP(BR_I32_GE_U, uint32_t, >=)
BR_CMP(BR_I64_EQ, uint64_t, ==) BR_CMP(BR_I64_NE, uint64_t, !=)
BR_CMP(BR_I64_LT_S, int64_t, <) BR_CMP(BR_I64_LT_U, uint64_t, <)
BR_CMP(BR_I64_GT_S, int64_t, >) BR_CMP(BR_I64_GT_U, uint64_t, >)
BR_CMP(BR_I64_LE_S, int64_t, <=) BR_CMP(BR_I64_LE_U, uint64_t, <=)
BR_CMP(BR_I64_GE_S, int64_t, >=) BR_CMP(BR_I64_GE_U, uint64_t, >=)

/* d = a + b, then jump if x OP y (x may be d: read after the store). */
#define ADD_BR(name, AT, CT, op)                                             \
    L_##name: {                                                              \
        fp[FLD(0)] = (AT)((AT)fp[FLD(1)] + (AT)fp[FLD(2)]);                  \
        if ((CT)fp[FLD(3)] op (CT)fp[FLD(4)]) JUMP(REL1());                   \
        ip += 2;                                                             \
        NEXT();                                                              \
    }
ADD_BR(ADD_BR_I32_EQ, uint32_t, uint32_t, ==) ADD_BR(ADD_BR_I32_NE, uint32_t, uint32_t, !=)
ADD_BR(ADD_BR_I32_LT_S, uint32_t, int32_t, <) ADD_BR(ADD_BR_I32_LT_U, uint32_t, uint32_t, <)
ADD_BR(ADD_BR_I32_GT_S, uint32_t, int32_t, >) ADD_BR(ADD_BR_I32_GT_U, uint32_t, uint32_t, >)
ADD_BR(ADD_BR_I32_LE_S, uint32_t, int32_t, <=) ADD_BR(ADD_BR_I32_LE_U, uint32_t, uint32_t, <=)
ADD_BR(ADD_BR_I32_GE_S, uint32_t, int32_t, >=) ADD_BR(ADD_BR_I32_GE_U, uint32_t, uint32_t, >=)
ADD_BR(ADD_BR_I64_EQ, uint64_t, uint64_t, ==) ADD_BR(ADD_BR_I64_NE, uint64_t, uint64_t, !=)
ADD_BR(ADD_BR_I64_LT_S, uint64_t, int64_t, <) ADD_BR(ADD_BR_I64_LT_U, uint64_t, uint64_t, <)
ADD_BR(ADD_BR_I64_GT_S, uint64_t, int64_t, >) ADD_BR(ADD_BR_I64_GT_U, uint64_t, uint64_t, >)
ADD_BR(ADD_BR_I64_LE_S, uint64_t, int64_t, <=) ADD_BR(ADD_BR_I64_LE_U, uint64_t, uint64_t, <=)
ADD_BR(ADD_BR_I64_GE_S, uint64_t, int64_t, >=) ADD_BR(ADD_BR_I64_GE_U, uint64_t, uint64_t, >=)

L_BR_I32_AND_NZ: {
    
    if ((uint32_t)fp[FLD(0)] & (uint32_t)fp[FLD(1)]) JUMP(REL1());
    ip += 2;
    NEXT();
}
L_BR_I32_AND_Z: {
    
    if (!((uint32_t)fp[FLD(0)] & (uint32_t)fp[FLD(1)])) JUMP(REL1());
    ip += 2;
    NEXT();
}

/* ---- exception handling ---- */
L_THROW: {
    ctx->fsp = fsp;
    exn = rt_exn_new(inst->module->engine, inst->tags[IMM0()], fp + FLD(0));
    if (UNLIKELY(!exn)) {
        err = &rt_error_nomem;
        goto error;
    }
    goto throw_exn;
}
L_THROW_REF:
L_RETHROW:
    exn = (rt_exn_t *)(uintptr_t)fp[FLD(0)];
    if (UNLIKELY(!exn)) TRAP(WASMCELL_TRAP_NULL_EXNREF);
    goto throw_exn;
throw_exn:
    /* ip: within the throwing instruction (or call) of frame fsp */
    ctx->fsp = fsp;
    if (exec_exn_catch(ctx, exn, &ip, &fp, &fsp, exn_skip_top)) {
        exn_skip_top = false;
        if (UNLIKELY(fsp->func->inst != inst)) {
            inst = fsp->func->inst;
            mem = exec_mem0(inst);
            exec_note_instance(ctx, inst);
        }
        NEXT();
    }
    ctx->budget = budget;
    ctx->trap_ip = ip; /* the backtrace starts at the throw */
    return exec_exn_uncaught(ctx, exn);

L_CALL: {
    f = inst->funcs[IMM0()];
    callee_fp = fp + FLD(0);
    ip += 1;
    goto do_call;
}
L_CALL_A: {
    /* the callee's parameter count is the number of argument slots listed */
    f = inst->funcs[IMM0()];
    callee_fp = fp + FLD(0);
    uint32_t n = f->nparams;
    uint64_t srcs = ip[1];
    for (uint32_t i = 0; i < n; i++, srcs >>= 16) callee_fp[i] = fp[(uint16_t)srcs];
    ip += 2;
    goto do_call;
}
L_CALL_INDIRECT: {
    wasmcell_table_t *t = inst->tables[FLD(2)];
    uint32_t i = (uint32_t)fp[FLD(1)];
    if (UNLIKELY(i >= t->size)) TRAP(WASMCELL_TRAP_UNDEFINED_ELEMENT);
    f = (wasmcell_func_t *)(uintptr_t)t->elems[i];
    if (UNLIKELY(!f)) TRAP(WASMCELL_TRAP_UNINITIALIZED_ELEMENT);
    if (UNLIKELY(f->sig_id != IMM1())) TRAP(WASMCELL_TRAP_INDIRECT_CALL_TYPE);
    callee_fp = fp + FLD(0);
    ip += 2;
    goto do_call;
}

L_RETURN_CALL: {
    f = inst->funcs[IMM0()];
    goto do_tail_call;
}
L_CALL_REF: {
    f = (wasmcell_func_t *)(uintptr_t)fp[FLD(1)];
    if (UNLIKELY(!f)) TRAP(WASMCELL_TRAP_NULL_FUNCREF);
    callee_fp = fp + FLD(0);
    ip += 1;
    goto do_call;
}
L_RETURN_CALL_REF: {
    f = (wasmcell_func_t *)(uintptr_t)fp[FLD(1)];
    if (UNLIKELY(!f)) TRAP(WASMCELL_TRAP_NULL_FUNCREF);
    goto do_tail_call;
}
L_REF_AS_NON_NULL: {
    if (UNLIKELY(!fp[FLD(0)])) TRAP(WASMCELL_TRAP_NULL_REFERENCE);
    ip += 1;
    NEXT();
}
L_RETURN_CALL_INDIRECT: {
    wasmcell_table_t *t = inst->tables[FLD(2)];
    uint32_t i = (uint32_t)fp[FLD(1)];
    if (UNLIKELY(i >= t->size)) TRAP(WASMCELL_TRAP_UNDEFINED_ELEMENT);
    f = (wasmcell_func_t *)(uintptr_t)t->elems[i];
    if (UNLIKELY(!f)) TRAP(WASMCELL_TRAP_UNINITIALIZED_ELEMENT);
    if (UNLIKELY(f->sig_id != IMM1())) TRAP(WASMCELL_TRAP_INDIRECT_CALL_TYPE);
    goto do_tail_call;
}

do_tail_call: {
    /* f: the callee; ip: the tail call (argbase in f0, slot count in f3).
     * The arguments move to slot 0 of our frame, which becomes the
     * callee's: the frame stack and the value stack stay as they are. */
    if (UNLIKELY(--budget < 0)) {
        ctx->budget = budget;
        ctx->fsp = fsp;
        trap_kind = exec_poll(ctx, &budget, f);
        if (trap_kind) goto trap;
    }
    const uint64_t *tail_args = fp + FLD(0);
    for (uint32_t i = 0, n = FLD(3); i < n; i++) fp[i] = tail_args[i];
    if (f->host) {
        /* our frame stays for the host call (its results land in our result
         * slots), then we return */
        ctx->fsp = fsp;
        const uint64_t *saved_call_ip = ctx->call_ip;
        ctx->call_ip = ip + 1;
        err = exec_host_call(ctx, f, inst, fp);
        ctx->call_ip = saved_call_ip;
        if (UNLIKELY(err)) {
            /* our frame is logically gone: the caller's handlers apply */
            if ((exn = exec_exn_take(err))) {
                exn_skip_top = true;
                goto throw_exn;
            }
            goto error;
        }
        goto L_RETURN;
    }
    if (f->native_slots) {
        uint64_t *saved_top = ctx->stack_top;
        /* an exception leaving the callee resumes in our caller: this
         * frame is logically gone (exec_call.c) */
        uint64_t *site = fp + exec_call_slots(f); /* past the arguments and results */
        if (UNLIKELY(site + 4 > ctx->stack_end)) TRAP(WASMCELL_TRAP_STACK_EXHAUSTED);
        site[0] = (uintptr_t)fsp->ret_ip;
        site[1] = (uintptr_t)fsp->fp;
        site[2] = (uintptr_t)ctx->native_site;
        site[3] = (uintptr_t)(fsp - 1);
        if (fsp->ret_ip) ctx->native_site = site;
        ctx->fsp = fsp;
        ctx->budget = budget;
        ctx->stack_top = site + 4;
        const uint64_t *saved_call_ip = ctx->call_ip;
        ctx->call_ip = ip + 1;
        ((void (*)(exec_ctx_t *, rt_instance_t *, uint64_t *))f->native_slots)(ctx, f->inst, fp);
        ctx->call_ip = saved_call_ip;
        ctx->native_site = (uint64_t *)(uintptr_t)site[2];
        ctx->stack_top = saved_top;
        budget = ctx->budget;
        goto L_RETURN;
    }
    const cmp_func_t *code = f->code;
    if (UNLIKELY(!code)) {
        ctx->fsp = fsp;
        code = exec_func_code(f, &err);
        if (!code) goto error;
    }
    if (UNLIKELY(fp + code->frame_slots > ctx->stack_end)) TRAP(WASMCELL_TRAP_STACK_EXHAUSTED);
    fsp->func = f;
    for (uint32_t i = code->nparams; i < code->nlocal_slots; i++) fp[i] = 0;
    for (uint32_t i = 0; i < code->nconsts; i++) fp[code->nlocal_slots + i] = code->consts[i];
    ip = code->code;
    if (UNLIKELY(f->inst != inst)) {
        inst = f->inst;
        mem = exec_mem0(inst);
        exec_note_instance(ctx, inst);
    }
    NEXT();
}

do_call: {
    /* f: the callee; callee_fp: its arguments; ip: where to return to. */
    if (UNLIKELY(--budget < 0)) {
        ctx->budget = budget;
        ctx->fsp = fsp;
        trap_kind = exec_poll(ctx, &budget, f);
        if (trap_kind) goto trap_in_call;
        if (UNLIKELY(fsp->func && fsp->func->native_osr)) budget = exec_osr_nudge(ctx, fsp->func, budget);
    }
    if (f->host) {
        ctx->fsp = fsp;
        const uint64_t *saved_call_ip = ctx->call_ip;
        ctx->call_ip = ip;
        err = exec_host_call(ctx, f, inst, callee_fp);
        ctx->call_ip = saved_call_ip;
        if (UNLIKELY(err)) {
            if (ip && (exn = exec_exn_take(err))) { /* the host threw: the caller may catch it */
                ip -= 1;
                goto throw_exn;
            }
            goto error_in_call;
        }
        if (UNLIKELY(!ip)) goto done; /* the entry function itself was a host function */
        NEXT();
    }
call_native:
    if (f->native_slots) {
        /* native code: one call over the same slots; its traps unwind to
         * exec_call, so interpreter state is saved in ctx first */
        uint64_t *saved_top = ctx->stack_top;
        /* where an exception leaving the native code resumes (exec_call.c) */
        uint64_t *site = callee_fp + exec_call_slots(f); /* past the arguments and results */
        if (UNLIKELY(site + 4 > ctx->stack_end)) TRAP(WASMCELL_TRAP_STACK_EXHAUSTED);
        site[0] = (uintptr_t)ip;
        site[1] = (uintptr_t)fp;
        site[2] = (uintptr_t)ctx->native_site;
        site[3] = (uintptr_t)fsp;
        ctx->native_site = ip ? site : ctx->native_site;
        ctx->fsp = fsp;
        ctx->budget = budget;
        ctx->stack_top = site + 4;
        const uint64_t *saved_call_ip = ctx->call_ip;
        ctx->call_ip = ip;
        ((void (*)(exec_ctx_t *, rt_instance_t *, uint64_t *))f->native_slots)(ctx, f->inst, callee_fp);
        ctx->call_ip = saved_call_ip;
        ctx->native_site = (uint64_t *)(uintptr_t)site[2];
        ctx->stack_top = saved_top;
        budget = ctx->budget;
        if (UNLIKELY(!ip)) goto done;
        NEXT();
    }
    const cmp_func_t *code = f->code;
    if (UNLIKELY(!code)) {
        ctx->fsp = fsp;
        code = exec_func_code(f, &err);
        if (!code) goto error;
        /* tests: every function runs JIT code from its first call */
        if (UNLIKELY(exec_jit_mode() == JIT_ALL) && exec_jit_adopt(f)) goto call_native;
    }
    if (UNLIKELY(callee_fp + code->frame_slots > ctx->stack_end || fsp + 1 >= ctx->frames_end)) {
        trap_kind = WASMCELL_TRAP_STACK_EXHAUSTED;
        goto trap_in_call;
    }
    fsp++;
    fsp->ret_ip = ip;
    fsp->fp = fp;
    fsp->func = f;
    ctx->fsp = fsp;
    fp = callee_fp;
    /* Frames are small: plain loops beat calls to memset/memcpy here. */
    for (uint32_t i = code->nparams; i < code->nlocal_slots; i++) fp[i] = 0;
    for (uint32_t i = 0; i < code->nconsts; i++) fp[code->nlocal_slots + i] = code->consts[i];
    ip = code->code;
    if (UNLIKELY(f->inst != inst)) {
        inst = f->inst;
        mem = exec_mem0(inst);
        exec_note_instance(ctx, inst);
    }
    NEXT();
}

L_MOV: {  fp[FLD(0)] = fp[FLD(1)]; ip += 1; NEXT(); }
L_MOV2: {
    
    fp[FLD(0)] = fp[FLD(1)];
    fp[FLD(2)] = fp[FLD(3)];
    ip += 2;
    NEXT();
}
L_SELECT: {
    
    fp[FLD(0)] = (uint32_t)fp[FLD(3)] ? fp[FLD(1)] : fp[FLD(2)];
    ip += 2;
    NEXT();
}
L_GLOBAL_GET: {  fp[FLD(0)] = inst->globals[IMM0()]->value[0]; ip += 1; NEXT(); }
L_GLOBAL_SET: {  inst->globals[IMM0()]->value[0] = fp[FLD(0)]; ip += 1; NEXT(); }

#define LOAD_OP(name, T, conv)                                 \
    L_##name: {                                                \
                                                \
        fp[FLD(0)] = conv(LOAD(T, ADDR()));              \
        ip += 1;                                               \
        NEXT();                                                \
    }
#define AS_U32(x) ((uint64_t)(uint32_t)(x))
#define AS_U64(x) ((uint64_t)(x))
LOAD_OP(I32_LOAD, uint32_t, AS_U32)
LOAD_OP(I64_LOAD, uint64_t, AS_U64)
LOAD_OP(F32_LOAD, uint32_t, AS_U32)
LOAD_OP(F64_LOAD, uint64_t, AS_U64)
LOAD_OP(I32_LOAD8_S, int8_t, AS_U32)
LOAD_OP(I32_LOAD8_U, uint8_t, AS_U32)
LOAD_OP(I32_LOAD16_S, int16_t, AS_U32)
LOAD_OP(I32_LOAD16_U, uint16_t, AS_U32)
LOAD_OP(I64_LOAD8_S, int8_t, AS_U64)
LOAD_OP(I64_LOAD8_U, uint8_t, AS_U64)
LOAD_OP(I64_LOAD16_S, int16_t, AS_U64)
LOAD_OP(I64_LOAD16_U, uint16_t, AS_U64)
LOAD_OP(I64_LOAD32_S, int32_t, AS_U64)
LOAD_OP(I64_LOAD32_U, uint32_t, AS_U64)

#define STORE_OP(name, T)                                      \
    L_##name: {                                                \
                                                \
        STORE(T, ADDR(), fp[FLD(0)]);                    \
        ip += 1;                                               \
        NEXT();                                                \
    }
STORE_OP(I32_STORE, uint32_t)
STORE_OP(I64_STORE, uint64_t)
STORE_OP(F32_STORE, uint32_t)
STORE_OP(F64_STORE, uint64_t)
STORE_OP(I32_STORE8, uint8_t)
STORE_OP(I32_STORE16, uint16_t)
STORE_OP(I64_STORE8, uint8_t)
STORE_OP(I64_STORE16, uint16_t)
STORE_OP(I64_STORE32, uint32_t)

/* Fused address add: the i32 sum wraps, then the 16-bit offset is added. */
#define ADDR_X() (mem + (uint64_t)(uint32_t)((uint32_t)fp[FLD(1)] + (uint32_t)fp[FLD(2)]) + FLD(3))
#define LOAD_X(name, T, conv)                                  \
    L_##name: {                                                \
                                                \
        fp[FLD(0)] = conv(LOAD(T, ADDR_X()));            \
        ip += 2;                                               \
        NEXT();                                                \
    }
#define STORE_X(name, T)                                       \
    L_##name: {                                                \
                                                \
        STORE(T, ADDR_X(), fp[FLD(0)]);                  \
        ip += 2;                                               \
        NEXT();                                                \
    }
LOAD_X(I32_LOAD_X, uint32_t, AS_U32)
LOAD_X(I64_LOAD_X, uint64_t, AS_U64)
LOAD_X(F32_LOAD_X, uint32_t, AS_U32)
LOAD_X(F64_LOAD_X, uint64_t, AS_U64)
LOAD_X(I32_LOAD8_S_X, int8_t, AS_U32)
LOAD_X(I32_LOAD8_U_X, uint8_t, AS_U32)
LOAD_X(I32_LOAD16_S_X, int16_t, AS_U32)
LOAD_X(I32_LOAD16_U_X, uint16_t, AS_U32)
LOAD_X(I64_LOAD8_U_X, uint8_t, AS_U64)
LOAD_X(I64_LOAD32_U_X, uint32_t, AS_U64)
STORE_X(I32_STORE_X, uint32_t)
STORE_X(I64_STORE_X, uint64_t)
STORE_X(F32_STORE_X, uint32_t)
STORE_X(F64_STORE_X, uint64_t)
STORE_X(I32_STORE8_X, uint8_t)
STORE_X(I32_STORE16_X, uint16_t)

/* Scaled index: the i32 sum (base + index << s) wraps, then the offset. */
#define ADDR_S(s) (mem + (uint64_t)(uint32_t)((uint32_t)fp[FLD(1)] + ((uint32_t)fp[FLD(2)] << (s))) + FLD(3))
#define LOAD_S(name, T, conv, s)                               \
    L_##name: {                                                \
        fp[FLD(0)] = conv(LOAD(T, ADDR_S(s)));                 \
        ip += 2;                                               \
        NEXT();                                                \
    }
#define STORE_S(name, T, s)                                    \
    L_##name: {                                                \
        STORE(T, ADDR_S(s), fp[FLD(0)]);                       \
        ip += 2;                                               \
        NEXT();                                                \
    }
LOAD_S(I32_LOAD_S2, uint32_t, AS_U32, 2)
LOAD_S(F32_LOAD_S2, uint32_t, AS_U32, 2)
LOAD_S(I64_LOAD_S3, uint64_t, AS_U64, 3)
LOAD_S(F64_LOAD_S3, uint64_t, AS_U64, 3)
STORE_S(I32_STORE_S2, uint32_t, 2)
STORE_S(F32_STORE_S2, uint32_t, 2)
STORE_S(I64_STORE_S3, uint64_t, 3)
STORE_S(F64_STORE_S3, uint64_t, 3)

/* Loads and stores whose offset needs more than 16 bits: field 2 names the
 * plain op, the offset is imm1. Rare (large static arrays), so one switch. */
L_LOAD_WIDE: {
    uint8_t *p = mem + (uint64_t)(uint32_t)fp[FLD(1)] + IMM1();
    uint64_t v;
    switch (FLD(2)) {
    case IC_I32_LOAD: case IC_F32_LOAD: v = LOAD(uint32_t, p); break;
    case IC_I64_LOAD: case IC_F64_LOAD: v = LOAD(uint64_t, p); break;
    case IC_I32_LOAD8_S: v = (uint32_t)(int32_t)LOAD(int8_t, p); break;
    case IC_I32_LOAD8_U: v = LOAD(uint8_t, p); break;
    case IC_I32_LOAD16_S: v = (uint32_t)(int32_t)LOAD(int16_t, p); break;
    case IC_I32_LOAD16_U: v = LOAD(uint16_t, p); break;
    case IC_I64_LOAD8_S: v = (uint64_t)(int64_t)LOAD(int8_t, p); break;
    case IC_I64_LOAD8_U: v = LOAD(uint8_t, p); break;
    case IC_I64_LOAD16_S: v = (uint64_t)(int64_t)LOAD(int16_t, p); break;
    case IC_I64_LOAD16_U: v = LOAD(uint16_t, p); break;
    case IC_I64_LOAD32_S: v = (uint64_t)(int64_t)LOAD(int32_t, p); break;
    default: v = LOAD(uint32_t, p); break; /* IC_I64_LOAD32_U */
    }
    fp[FLD(0)] = v;
    ip += 2;
    NEXT();
}
L_STORE_WIDE: {
    uint8_t *p = mem + (uint64_t)(uint32_t)fp[FLD(1)] + IMM1();
    uint64_t v = fp[FLD(0)];
    switch (FLD(2)) {
    case IC_I64_STORE: case IC_F64_STORE: STORE(uint64_t, p, v); break;
    case IC_I32_STORE8: case IC_I64_STORE8: STORE(uint8_t, p, v); break;
    case IC_I32_STORE16: case IC_I64_STORE16: STORE(uint16_t, p, v); break;
    default: STORE(uint32_t, p, v); break; /* i32/f32 store, i64.store32 */
    }
    ip += 2;
    NEXT();
}

L_MEMORY_SIZE: {  fp[FLD(0)] = (uint32_t)inst->memories[0]->pages; ip += 1; NEXT(); }
L_MEMORY_GROW: {
    
    fp[FLD(0)] = (uint32_t)rt_memory_grow(inst->memories[0], (uint32_t)fp[FLD(1)]);
    ip += 1;
    NEXT();
}
/* Bulk and table instructions: out of line, they return a trap kind. */
#define SLOW(name)                                                           \
    L_##name: {                                                              \
        trap_kind = exec_bulk(IC_##name, inst, fp, ip);                      \
        if (UNLIKELY(trap_kind)) goto trap;                                  \
        ip += icode_format_words(icode_info[IC_##name].format);              \
        NEXT();                                                              \
    }
SLOW(MEMORY_FILL) SLOW(MEMORY_COPY) SLOW(MEMORY_INIT) SLOW(DATA_DROP)
SLOW(MEMORY_SIZE_X) SLOW(MEMORY_GROW_X)
/* Any memory other than a 32-bit memory 0 (multi-memory, memory64): out of
 * line, bounds-checked (exec_memory.c). */
L_MEM_ACCESS: {
    trap_kind = exec_mem_access(inst, fp, ip);
    if (UNLIKELY(trap_kind)) goto trap;
    ip += 3;
    NEXT();
}
L_TABLE_INDEX64: {
    fp[FLD(0)] = fp[FLD(1)] > UINT32_MAX ? UINT32_MAX : fp[FLD(1)];
    ip += 1;
    NEXT();
}
SLOW(TABLE_GET) SLOW(TABLE_SET) SLOW(TABLE_SIZE) SLOW(TABLE_GROW) SLOW(TABLE_FILL)
SLOW(TABLE_COPY) SLOW(TABLE_INIT) SLOW(ELEM_DROP)
L_REF_FUNC: {
    
    fp[FLD(0)] = (uint64_t)(uintptr_t)inst->funcs[IMM0()];
    ip += 1;
    NEXT();
}

/* ---- numeric ---- */
#define UN(name, expr)                                         \
    L_##name: {                                                \
                                                \
        uint64_t a = fp[FLD(1)];                          \
        (void)a;                                               \
        fp[FLD(0)] = (expr);                              \
        ip += 1;                                               \
        NEXT();                                                \
    }
#define BIN(name, expr)                                        \
    L_##name: {                                                \
                                                \
        uint64_t a = fp[FLD(1)], b = fp[FLD(2)];     \
        fp[FLD(0)] = (expr);                              \
        ip += 1;                                               \
        NEXT();                                                \
    }
/* Integer division: zero divisors trap; INT_MIN / -1 overflows (a remainder is 0). */
#define DIV_S(name, bits)                                                    \
    L_##name: {                                                              \
        int##bits##_t a = (int##bits##_t)fp[FLD(1)], b = (int##bits##_t)fp[FLD(2)]; \
        if (UNLIKELY(b == 0)) TRAP(WASMCELL_TRAP_INT_DIV_ZERO);              \
        if (UNLIKELY(a == INT##bits##_MIN && b == -1)) TRAP(WASMCELL_TRAP_INT_OVERFLOW); \
        fp[FLD(0)] = (uint64_t)(uint##bits##_t)(a / b);                      \
        ip += 1;                                                             \
        NEXT();                                                              \
    }
#define REM_S(name, bits)                                                    \
    L_##name: {                                                              \
        int##bits##_t a = (int##bits##_t)fp[FLD(1)], b = (int##bits##_t)fp[FLD(2)]; \
        if (UNLIKELY(b == 0)) TRAP(WASMCELL_TRAP_INT_DIV_ZERO);              \
        fp[FLD(0)] = b == -1 ? 0 : (uint64_t)(uint##bits##_t)(a % b);        \
        ip += 1;                                                             \
        NEXT();                                                              \
    }
#define DIV_U(name, bits)                                                    \
    L_##name: {                                                              \
        uint##bits##_t a = (uint##bits##_t)fp[FLD(1)], b = (uint##bits##_t)fp[FLD(2)]; \
        if (UNLIKELY(b == 0)) TRAP(WASMCELL_TRAP_INT_DIV_ZERO);              \
        fp[FLD(0)] = a / b;                                                  \
        ip += 1;                                                             \
        NEXT();                                                              \
    }
#define REM_U(name, bits)                                                    \
    L_##name: {                                                              \
        uint##bits##_t a = (uint##bits##_t)fp[FLD(1)], b = (uint##bits##_t)fp[FLD(2)]; \
        if (UNLIKELY(b == 0)) TRAP(WASMCELL_TRAP_INT_DIV_ZERO);              \
        fp[FLD(0)] = a % b;                                                  \
        ip += 1;                                                             \
        NEXT();                                                              \
    }
#define TRUNC(name, FT, fval, RT, lo_ok, hi_ok, store)                       \
    L_##name: {                                                              \
                                                              \
        FT x = fval(fp[FLD(1)]);                                        \
        if (UNLIKELY(x != x)) TRAP(WASMCELL_TRAP_INVALID_CONVERSION);        \
        if (UNLIKELY(!(lo_ok) || !(hi_ok))) TRAP(WASMCELL_TRAP_INT_OVERFLOW);\
        fp[FLD(0)] = store((RT)x);                                      \
        ip += 1;                                                             \
        NEXT();                                                              \
    }

#include "exec_numeric.inc"

/* ---- SIMD (v128 in two slots) ---- */
#include "interp_simd.inc"

/* ---- bounds-checked memory accesses (memories without guard pages) ---- */
#include "interp_checked.inc"

poll:
    /* A loop back-edge ran out of budget: check interrupt and fuel. */
    ctx->budget = budget;
    ctx->fsp = fsp;
    trap_kind = exec_poll(ctx, &budget, NULL);
    if (trap_kind) goto trap;
    /* native code for this function arrived while it loops: continue there
     * (on-stack replacement); it runs to the function's end */
    if (UNLIKELY(fsp->func->native_osr) && exec_native_osr(ctx, fsp->func, fp, ip)) {
        budget = ctx->budget;
        goto L_RETURN;
    }
    /* ... or JIT code, which runs on this very frame */
    if (UNLIKELY(fsp->func->native_slots) && exec_jit_is_entry(fsp->func) &&
        exec_jit_osr(ctx, fsp->func, fp, ip)) {
        budget = ctx->budget;
        goto L_RETURN;
    }
    NEXT();

/* in do_call, ip is already the return address: the call is just before */
trap_in_call:
    if (ip) ip -= 1;
trap:
    ctx->fsp = fsp;
    ctx->budget = budget;
    ctx->trap_ip = ip;
    return exec_trap(ctx, trap_kind);
error_in_call:
    if (ip) ip -= 1;
error:
    ctx->budget = budget;
    ctx->trap_ip = ip;
    return exec_with_backtrace(ctx, err);
done:
    ctx->budget = budget;
    return NULL;
}
