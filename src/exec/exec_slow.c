/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_slow.c — the interpreter's out-of-line paths: polls for fuel and
 * interrupts, host calls, first-call compilation, bulk memory and table
 * instructions, and trap errors with their wasm backtraces. */
#include <stdio.h>
#include <string.h>
#include "../base/alloc.h"
#include "exec_internal.h"
#include "exec_native.h"
#include "jit.h"
#include "../native/native.h"

/* Budget granted between polls when fuel is unlimited: bounds how many
 * back-edges/calls run before an interrupt is noticed. */
#define POLL_CHUNK 10000

static int64_t grant(const rt_instance_t *inst)
{
    uint64_t fuel = inst ? inst->fuel : UINT64_MAX;
    return fuel < POLL_CHUNK ? (int64_t)fuel : POLL_CHUNK;
}

void exec_budget_start(exec_ctx_t *ctx, rt_instance_t *inst)
{
    ctx->fuel_inst = inst;
    ctx->metered = inst && inst->fuel != UINT64_MAX;
    ctx->loop_chunk = ctx->metered ? 0 : POLL_CHUNK;
    ctx->tierup_chunk = native_tierup_stress() ? 1 : NATIVE_TIERUP_CHUNK;
    ctx->chunk = grant(inst);
    ctx->budget = ctx->chunk;
}

/* Charges what ran since the last grant to the instance's fuel. */
void exec_budget_settle(exec_ctx_t *ctx)
{
    rt_instance_t *inst = ctx->fuel_inst;
    int64_t used = ctx->chunk - ctx->budget;
    if (inst && inst->fuel != UINT64_MAX && used > 0)
        inst->fuel = (uint64_t)used >= inst->fuel ? 0 : inst->fuel - (uint64_t)used;
    ctx->chunk = ctx->budget;
}

wasmcell_trap_kind_t exec_poll(exec_ctx_t *ctx, int64_t *budget, const wasmcell_func_t *hot)
{
    return exec_poll_in(ctx, budget, ctx->fsp ? ctx->fsp->func : NULL, hot);
}

wasmcell_trap_kind_t exec_poll_in(exec_ctx_t *ctx, int64_t *budget, wasmcell_func_t *running,
                                  const wasmcell_func_t *hot)
{
    rt_instance_t *inst = ctx->fuel_inst;
    ctx->budget = *budget;
    bool out_of_fuel = inst && inst->fuel != UINT64_MAX && ctx->chunk - ctx->budget > (int64_t)inst->fuel;
    exec_budget_settle(ctx);
    /* a resumable call may yield at its deadline instead (exec_fiber.c) */
    if (exec_interrupt_take(ctx, inst) && !exec_fiber_yield_at_deadline(ctx))
        return WASMCELL_TRAP_INTERRUPTED;
    rt_instance_t *cur = running ? running->inst : NULL;
    if (cur && cur != inst && exec_interrupt_take(ctx, cur) && !exec_fiber_yield_at_deadline(ctx))
        return WASMCELL_TRAP_INTERRUPTED;
    ctx->chunk = out_of_fuel ? 0 : grant(inst);
    /* A steady grant in a loop whose events repeat with a period that
     * divides it polls at the same event every time, and tier auto's
     * samples would never see the rest of the loop (the JIT's code counts
     * exactly as the interpreter does): vary it a little. Fuel is charged
     * by what was granted, so metering stays exact. */
    if (ctx->chunk == POLL_CHUNK) ctx->chunk -= (int64_t)((++ctx->poll_seq * 61u) & 255u);
    /* the event that made this poll: settled above, unless it found no fuel */
    int64_t pending = 0;
    while (ctx->chunk == 0) {
        /* a resumable call waits here for more fuel (exec_fiber.c) */
        if (!exec_fiber_suspend(ctx)) return WASMCELL_TRAP_OUT_OF_FUEL;
        if (exec_interrupt_take(ctx, inst) && !exec_fiber_yield_at_deadline(ctx))
            return WASMCELL_TRAP_INTERRUPTED;
        ctx->chunk = grant(inst);
        pending = 1;
    }
    /* tier auto: a hot module gets compiled in the background; once its
     * code is ready, start using it */
    if (inst) {
        /* hot == NULL: a loop's back-edge polled (or native code did).
         * A poll moved up for new code (below) lands in the frame that
         * was running when the code came, which tells nothing of how
         * long that function's frames run: not a loop seen (hashmap's
         * printf_core got compiled again for an OSR entry so) */
        bool repoll = ctx->repoll;
        ctx->repoll = false;
        if (running && running->inst)
            native_module_tick(running->inst->module, running,
                               repoll ? NATIVE_TICK_RUNNING
                               : !hot ? NATIVE_TICK_LOOP
                               : hot == running ? NATIVE_TICK_CALLED : NATIVE_TICK_RUNNING);
        if (hot && hot != running && hot->inst) native_module_tick(hot->inst->module, hot, NATIVE_TICK_CALLED);
        /* tier auto: what the polls find running gets JIT code at once,
         * until LLVM's arrives */
        if (exec_jit_mode() == JIT_HOT) {
            if (running && running->inst && !running->native_slots &&
                running->inst->module->tier == WASMCELL_TIER_AUTO)
                exec_jit_adopt(running);
            if (hot && hot->inst && !hot->native_slots && hot->inst->module->tier == WASMCELL_TIER_AUTO)
                exec_jit_adopt((wasmcell_func_t *)hot);
        }
        if (inst->native != atomic_load_explicit(&inst->module->native, memory_order_acquire)) {
            native_adopt_if_ready(inst);
            /* new code: poll again at the next event, so that a frame
             * looping in a function that got an OSR entry finds it soon
             * (its callees may be native now and count no events at all:
             * binarytrees' main stayed in JIT code to its end) */
            if (inst->native && ctx->chunk > pending) {
                ctx->chunk = pending;
                ctx->repoll = true;
            }
        }
    }
    /* settling charged chunk - budget, the poll's own event included (the
     * budget is -1 here): only an event that found no fuel is charged to
     * the new grant */
    *budget = ctx->budget = ctx->chunk - pending;
    return WASMCELL_TRAP_NONE;
}

uint32_t exec_slot_count(const bin_valtype_t *types, uint32_t n)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++) slots += types[i] == VT_V128 ? 2 : 1;
    return slots;
}

uint32_t exec_call_slots(const wasmcell_func_t *f)
{
    uint32_t np = exec_slot_count(f->params, f->nparams), nr = exec_slot_count(f->results, f->nresults);
    return np > nr ? np : nr;
}

wasmcell_error_t *exec_host_call(exec_ctx_t *ctx, wasmcell_func_t *f, rt_instance_t *caller_inst,
                                 uint64_t *slots)
{
    struct wasmcell_caller caller = {.inst = caller_inst};
    uint64_t *saved_top = ctx->stack_top;
    ctx->stack_top = slots + exec_call_slots(f); /* a callback into wasm builds frames above us */
    ctx->in_guest = 0;          /* a fault in host code is not a guest trap */
    wasmcell_error_t *err = f->host(&caller, f->host_env, slots);
    ctx->in_guest = 1;
    /* a host function that saw the interrupt and trapped with it took it */
    if (err && err->trap_kind == WASMCELL_TRAP_INTERRUPTED) exec_interrupt_take(ctx, caller_inst);
    ctx->stack_top = saved_top;
    return err;
}

const cmp_func_t *exec_func_code(wasmcell_func_t *f, wasmcell_error_t **error)
{
    if (!f->code) f->code = rt_module_code(f->inst->module, f->def_idx, f->inst->mem_checked, error);
    return f->code;
}

/* An index or length operand of a table or memory of address type i32 or
 * i64 (table64, memory64). A 64-bit table index beyond 32 bits saturates:
 * tables never hold 2^32-1 elements, so it is out of bounds all the same. */
static uint64_t operand(bool is64, uint64_t v) { return is64 ? v : (uint32_t)v; }
static uint32_t table_operand(bool is64, uint64_t v)
{
    return is64 ? (v > UINT32_MAX ? UINT32_MAX : (uint32_t)v) : (uint32_t)v;
}
/* [at, at+n) inside size, without overflow. */
static bool in_range(uint64_t at, uint64_t n, uint64_t size) { return at <= size && n <= size - at; }

static wasmcell_trap_kind_t table_bulk(icode_op_t op, rt_instance_t *inst, uint64_t *fp,
                                       const uint64_t *ip, uint32_t x, uint32_t y)
{
    uint32_t f0 = icode_field(ip, 0), f1 = icode_field(ip, 1), f2 = icode_field(ip, 2);
    wasmcell_table_t *t = inst->tables[x];
    bool w = t->is64;
    switch (op) {
    case IC_TABLE_GET: {
        uint32_t i = table_operand(w, fp[f1]);
        if (i >= t->size) return WASMCELL_TRAP_TABLE_OOB;
        fp[f0] = t->elems[i];
        return WASMCELL_TRAP_NONE;
    }
    case IC_TABLE_SET: {
        uint32_t i = table_operand(w, fp[f0]);
        if (i >= t->size) return WASMCELL_TRAP_TABLE_OOB;
        t->elems[i] = fp[f1];
        return WASMCELL_TRAP_NONE;
    }
    case IC_TABLE_SIZE: fp[f0] = t->size; return WASMCELL_TRAP_NONE;
    case IC_TABLE_GROW: {
        int64_t old = rt_table_grow(t, table_operand(w, fp[f2]), fp[f1]);
        fp[f0] = w ? (uint64_t)old : (uint32_t)old;
        return WASMCELL_TRAP_NONE;
    }
    case IC_TABLE_FILL: {
        uint32_t i = table_operand(w, fp[f0]), n = table_operand(w, fp[f2]);
        uint64_t v = fp[f1];
        if ((uint64_t)i + n > t->size) return WASMCELL_TRAP_TABLE_OOB;
        for (uint32_t k = 0; k < n; k++) t->elems[i + k] = v;
        return WASMCELL_TRAP_NONE;
    }
    case IC_TABLE_COPY: {
        wasmcell_table_t *src = inst->tables[y];
        uint32_t d = table_operand(w, fp[f0]), s = table_operand(src->is64, fp[f1]),
                 n = table_operand(w && src->is64, fp[f2]);
        if ((uint64_t)d + n > t->size || (uint64_t)s + n > src->size) return WASMCELL_TRAP_TABLE_OOB;
        if (n) memmove(t->elems + d, src->elems + s, (size_t)n * sizeof *t->elems);
        return WASMCELL_TRAP_NONE;
    }
    default: return WASMCELL_TRAP_UNSUPPORTED;
    }
}

/* memory.fill/copy/size/grow on memory x (copy: from memory y; init: data
 * segment x into memory y), i32 or i64 operands by the address types. */
static wasmcell_trap_kind_t memory_bulk(icode_op_t op, rt_instance_t *inst, uint64_t *fp,
                                        const uint64_t *ip, uint32_t x, uint32_t y)
{
    uint32_t f0 = icode_field(ip, 0), f1 = icode_field(ip, 1), f2 = icode_field(ip, 2);
    if (op == IC_MEMORY_INIT) /* data segment x into memory y */
        return rt_memory_init(inst, y, x, operand(inst->memories[y]->is64, fp[f0]), (uint32_t)fp[f1],
                              (uint32_t)fp[f2]);
    wasmcell_memory_t *m = inst->memories[x];
    bool w = m->is64;
    uint64_t size = m->pages * RT_PAGE_SIZE;
    switch (op) {
    case IC_MEMORY_FILL: {
        uint64_t d = operand(w, fp[f0]), n = operand(w, fp[f2]);
        if (!in_range(d, n, size)) return WASMCELL_TRAP_MEMORY_OOB;
        if (n) memset(m->base + d, (int)(uint8_t)fp[f1], (size_t)n);
        return WASMCELL_TRAP_NONE;
    }
    case IC_MEMORY_COPY: {
        wasmcell_memory_t *src = inst->memories[y];
        uint64_t d = operand(w, fp[f0]), s = operand(src->is64, fp[f1]),
                 n = operand(w && src->is64, fp[f2]);
        if (!in_range(d, n, size) || !in_range(s, n, src->pages * RT_PAGE_SIZE))
            return WASMCELL_TRAP_MEMORY_OOB;
        if (n) memmove(m->base + d, src->base + s, (size_t)n);
        return WASMCELL_TRAP_NONE;
    }
    case IC_MEMORY_SIZE_X: fp[f0] = m->pages; return WASMCELL_TRAP_NONE;
    case IC_MEMORY_GROW_X: {
        int64_t old = rt_memory_grow(m, operand(w, fp[f1]));
        fp[f0] = w ? (uint64_t)old : (uint32_t)old;
        return WASMCELL_TRAP_NONE;
    }
    default: return WASMCELL_TRAP_UNSUPPORTED;
    }
}

wasmcell_trap_kind_t exec_bulk(icode_op_t op, rt_instance_t *inst, uint64_t *fp, const uint64_t *ip)
{
    /* DAB_X: fields in word 0, the two indices in word 1 (D_I drops: imm0) */
    uint32_t x = 0, y = 0;
    if (icode_info[op].format == FMT_DAB_X) {
        x = (uint32_t)ip[1];
        y = (uint32_t)(ip[1] >> 32);
    }
    uint32_t f0 = icode_field(ip, 0), f1 = icode_field(ip, 1), f2 = icode_field(ip, 2);
    switch (op) {
    case IC_MEMORY_FILL: case IC_MEMORY_COPY: case IC_MEMORY_INIT: case IC_MEMORY_SIZE_X:
    case IC_MEMORY_GROW_X:
        return memory_bulk(op, inst, fp, ip, x, y);
    case IC_DATA_DROP: rt_data_drop(inst, icode_imm0(ip)); return WASMCELL_TRAP_NONE;
    case IC_ELEM_DROP: rt_elem_drop(inst, icode_imm0(ip)); return WASMCELL_TRAP_NONE;
    case IC_TABLE_INIT:
        return rt_table_init(inst, y, x, table_operand(inst->tables[y]->is64, fp[f0]),
                             (uint32_t)fp[f1], (uint32_t)fp[f2]);
    default: return table_bulk(op, inst, fp, ip, x, y);
    }
}

/* The module offset of the instruction interpreted frame `fr` is at: the
 * one that trapped (innermost), else the call under way; 0 when unknown. */
static uint64_t frame_code_offset(const exec_ctx_t *ctx, const exec_frame_t *fr)
{
    const uint64_t *at = NULL;
    if (fr == ctx->fsp) {
        /* the trap came from the interpreter itself, or from native code
         * (collected frames) this frame called: its call is under way */
        if (ctx->trap_ip) at = ctx->trap_ip;
        else if (ctx->nnative_frames && ctx->call_ip) at = ctx->call_ip - 1;
    } else if (fr[1].ret_ip) {
        at = fr[1].ret_ip - 1;
    }
    const cmp_func_t *code = fr->func->code;
    if (!at || !code || at < code->code || at >= code->code + code->code_words) return 0;
    return cmp_func_code_offset(code, (uint32_t)(at - code->code));
}

/* "  #0 func[3] <name> @0x2a" per frame, innermost first (the offset only
 * when exact); the same frames go to err's structured list. */
static char *backtrace_text(exec_ctx_t *ctx, exec_frame_t *bottom, wasmcell_error_t *err)
{
    size_t cap = 256, len = 0;
    char *out = base_malloc(cap);
    if (!out) return NULL;
    out[0] = 0;
    int n = 0;
    /* native frames sit above the interpreter frames that called them */
    n = exec_native_backtrace(ctx, &out, &len, &cap, 0, err);
    /* the innermost frames, then a count: a runaway recursion stays readable */
    for (exec_frame_t *fr = ctx->fsp; fr > bottom; fr--, n++) {
        if (n >= 32) {
            char more[64];
            int k = snprintf(more, sizeof more, "  ... %ld more frames\n", (long)(fr - bottom));
            if (k > 0 && len + (size_t)k + 1 <= cap) memcpy(out + len, more, (size_t)k + 1);
            else if (k > 0) {
                char *p = base_realloc(out, len + (size_t)k + 1);
                if (p) { out = p; memcpy(out + len, more, (size_t)k + 1); }
            }
            break;
        }
        const wasmcell_func_t *f = fr->func;
        if (!f || !f->inst) continue;
        const bin_module_t *bin = f->inst->module->bin;
        const char *name = bin->func_names ? bin->func_names[f->func_idx] : NULL;
        uint64_t offset = frame_code_offset(ctx, fr);
        rt_error_push_frame_at(err, bin, f->func_idx, offset);
        char at[32] = "";
        if (offset) snprintf(at, sizeof at, " @0x%llx", (unsigned long long)offset);
        char line[340];
        int k = snprintf(line, sizeof line, "  #%d func[%u]%s%s%s%s\n", n, f->func_idx,
                         name ? " <" : "", name ? name : "", name ? ">" : "", at);
        if (k < 0) break;
        if (len + (size_t)k + 1 > cap) {
            while (len + (size_t)k + 1 > cap) cap *= 2;
            char *p = base_realloc(out, cap);
            if (!p) break;
            out = p;
        }
        memcpy(out + len, line, (size_t)k + 1);
        len += (size_t)k;
    }
    return out;
}

wasmcell_error_t *exec_with_backtrace(exec_ctx_t *ctx, wasmcell_error_t *err)
{
    if (!err || err == &rt_error_nomem) {
        ctx->trap_ip = NULL;
        return err;
    }
    if ((err->status == WASMCELL_ERR_TRAP || err->status == WASMCELL_ERR_EXCEPTION) && !err->backtrace)
        err->backtrace = backtrace_text(ctx, ctx->frames, err);
    ctx->trap_ip = NULL;
    return err;
}

wasmcell_error_t *exec_trap(exec_ctx_t *ctx, wasmcell_trap_kind_t kind)
{
    return exec_with_backtrace(ctx, rt_trap_new(kind));
}
