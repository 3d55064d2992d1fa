/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_native.c — the runtime side of native code: the wcn_* helpers that
 * native code calls by name (traps, polls, calls into the interpreter and
 * host functions, bulk memory and table instructions), the symbol table the
 * loader resolves them from, and native frames in trap backtraces.
 * Traps leave native code by siglongjmp to the innermost exec_call, the
 * single trap boundary of both tiers. This file keeps frame pointers
 * (CMakeLists.txt) so a trap can walk the native frames above it. */
#include "exec_native.h"
#include "jit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../base/alloc.h"
#include "../native/loader.h"
#include "../native/native.h"

#define NORETURN __attribute__((noreturn))

/* Walks the frame-pointer chain from frame address `fa` while return
 * addresses land in native code, recording them (innermost first). Reads
 * only stack words between fa and the boundary's frame, so a broken chain
 * stops the walk instead of faulting. Async-signal-safe. */
void exec_native_collect(exec_ctx_t *ctx, uintptr_t fa, uintptr_t pc)
{
    uint32_t n = 0;
    ctx->native_trap_loc = 0;
    ctx->native_pc_exact = pc && (native_image_is_code(pc) || exec_jit_is_code(pc));
    if (ctx->native_pc_exact) ctx->native_frames[n++] = pc;
    uintptr_t lo = fa, hi = ctx->boundary_frame;
    while (n < sizeof ctx->native_frames / sizeof ctx->native_frames[0] && fa >= lo &&
           fa + 16 <= hi && (fa & 7) == 0) {
        uintptr_t ret = ((const uintptr_t *)fa)[1];
        if (!native_image_is_code(ret) && !exec_jit_is_code(ret)) break;
        ctx->native_frames[n++] = ret;
        uintptr_t next = ((const uintptr_t *)fa)[0];
        if (next <= fa) break;
        fa = next;
    }
    /* full: more native frames follow (a deep recursion) */
    ctx->native_frames_truncated = n == sizeof ctx->native_frames / sizeof ctx->native_frames[0];
    ctx->nnative_frames = n;
}

static NORETURN void leave(exec_ctx_t *ctx, wasmcell_trap_kind_t kind, wasmcell_error_t *err)
{
    ctx->pending_trap = kind;
    ctx->pending_err = err;
    ctx->in_guest = 0;
    siglongjmp(*ctx->jmp, 1);
}

/* Traps from native code: collect the native frames, then unwind. `loc`
 * is where the trap is in wasm (func_idx << 32 | module offset; offset 0:
 * only the function is known). */
NORETURN void wcn_trap(exec_ctx_t *ctx, int32_t kind, uint64_t loc);
NORETURN void wcn_trap(exec_ctx_t *ctx, int32_t kind, uint64_t loc)
{
    exec_native_collect(ctx, (uintptr_t)__builtin_frame_address(0), 0);
    ctx->native_trap_loc = loc;
    leave(ctx, (wasmcell_trap_kind_t)kind, NULL);
}

/* The stack check at a native function's entry jumps here (rdi = ctx)
 * rather than calling: before the function's prologue (the usual case)
 * the stack is as at any function entry, with the return address into
 * the caller; after a prologue it is not aligned (hence the attribute)
 * and its top is not a return address, so the walk then starts at the
 * overflowing function's own frame. */
#if defined(__x86_64__)
__attribute__((force_align_arg_pointer))
#endif
NORETURN void wcn_stack_exhausted(exec_ctx_t *ctx);
NORETURN void wcn_stack_exhausted(exec_ctx_t *ctx)
{
    uintptr_t fa = (uintptr_t)__builtin_frame_address(0);
    exec_native_collect(ctx, fa, 0);
    if (ctx->nnative_frames == 0) exec_native_collect(ctx, ((const uintptr_t *)fa)[0], 0);
    leave(ctx, WASMCELL_TRAP_STACK_EXHAUSTED, NULL);
}

/* A trap raised inside a helper: the walk starts at the helper's frame,
 * whose return address is the native caller. */
#define trap_here(ctx, kind) trap_from(ctx, kind, (uintptr_t)__builtin_frame_address(0))
static NORETURN void trap_from(exec_ctx_t *ctx, wasmcell_trap_kind_t kind, uintptr_t fa)
{
    exec_native_collect(ctx, fa, 0);
    leave(ctx, kind, NULL);
}

NORETURN void exec_native_fail(exec_ctx_t *ctx, wasmcell_error_t *err)
{
    ctx->nnative_frames = 0;
    leave(ctx, WASMCELL_TRAP_NONE, err);
}

/* A native function ran ctx->loop_chunk loop iterations (or one, when
 * fuel is metered): charge fuel, look for interrupts, adopt native code
 * that finished compiling. */
void wcn_poll(exec_ctx_t *ctx, rt_instance_t *inst);
void wcn_poll(exec_ctx_t *ctx, rt_instance_t *inst)
{
    if (ctx->metered) {
        if (--ctx->budget >= 0) return;
        int64_t budget = ctx->budget;
        wasmcell_trap_kind_t k = exec_poll(ctx, &budget, NULL);
        if (k) trap_here(ctx, k);
        return;
    }
    if (exec_interrupt_take(ctx, inst) && !exec_fiber_yield_at_deadline(ctx))
        trap_here(ctx, WASMCELL_TRAP_INTERRUPTED);
    rt_instance_t *outer = ctx->fuel_inst;
    if (outer && outer != inst && exec_interrupt_take(ctx, outer) &&
        !exec_fiber_yield_at_deadline(ctx))
        trap_here(ctx, WASMCELL_TRAP_INTERRUPTED);
    if (outer) native_adopt_if_ready(outer);
}

/* Tier auto's level-0 code, every NATIVE_TIERUP_CHUNK iterations of a
 * loop of one activation (llvm_lower.c, tierup_poll): the locals and the
 * operand stack are in `frame` (at ctx->stack_top, nslots long). Samples
 * the function for tier-up; when newer code for it has an OSR entry, runs
 * the rest of the function there: 1, results at frame[0..]. 0: go on. */
int32_t wcn_tierup(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t def, uint32_t ordinal, uint64_t *frame,
                   uint32_t nslots);
int32_t wcn_tierup(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t def, uint32_t ordinal, uint64_t *frame,
                   uint32_t nslots)
{
    const bin_module_t *bin = inst->module->bin;
    if (def >= bin->nfuncs - bin->nfunc_imports) return 0;
    wasmcell_func_t *f = &inst->own_funcs[def];
    native_module_tick(inst->module, f, NATIVE_TICK_TIERUP);
    native_adopt_if_ready(inst);
    typedef int32_t (*osr_fn)(exec_ctx_t *, rt_instance_t *, uint64_t *, uint32_t);
    osr_fn osr = (osr_fn)native_tierup_entry(inst, def);
    if (!osr) return 0;
    /* stress (same-level code polls too): not from inside such an entry,
     * which would nest one OSR per iteration; a trap that left one resets */
    bool stress = native_tierup_stress();
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (stress && ctx->tierup_inside && here >= ctx->tierup_inside) ctx->tierup_inside = 0;
    if (stress && ctx->tierup_inside) return 0;
    if (stress) ctx->tierup_inside = here;
    if (getenv("WASMCELL_NATIVE_DEBUG"))
        fprintf(stderr, "wasmcell: tier-up: function %u leaves level-0 code for newer code at loop %u\n",
                f->func_idx, ordinal);
    uint64_t *saved = ctx->stack_top;
    ctx->stack_top = frame + nslots; /* callees build frames above it */
    int32_t done = osr(ctx, inst, frame, ordinal);
    ctx->stack_top = saved;
    if (stress) ctx->tierup_inside = 0;
    return done;
}

/* The slow side of a native function's entry check: count the call when
 * fuel is metered, and stop when the instance was interrupted. */
void wcn_enter(exec_ctx_t *ctx, rt_instance_t *inst);
void wcn_enter(exec_ctx_t *ctx, rt_instance_t *inst)
{
    if (exec_interrupt_take(ctx, inst) && !exec_fiber_yield_at_deadline(ctx))
        trap_here(ctx, WASMCELL_TRAP_INTERRUPTED);
    if (ctx->metered && --ctx->budget < 0) {
        int64_t budget = ctx->budget;
        wasmcell_trap_kind_t k = exec_poll(ctx, &budget, NULL);
        if (k) trap_here(ctx, k);
    }
}

/* An interpreted callee of native code. Its exec_run is a boundary for
 * exceptions (exception handling): one that leaves native code the
 * interpreter called (by siglongjmp, like a trap) lands here, and when an
 * interpreter frame of this exec_run may catch it, the interpreter
 * resumes at that native call (ctx->native_site). Anything else jumps on
 * to the outer boundary as it came. */
wasmcell_error_t *exec_native_call_interpreted(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *base)
{
    uint64_t *saved = ctx->stack_top;
    exec_frame_t *saved_fsp = ctx->fsp;
    uint64_t *saved_site = ctx->native_site;
    sigjmp_buf *outer = ctx->jmp;
    sigjmp_buf jb;
    wasmcell_error_t *err;
    if (sigsetjmp(jb, 0)) {
        wasmcell_error_t *pending = ctx->pending_err;
        if (ctx->native_site == saved_site || !pending || pending->status != WASMCELL_ERR_EXCEPTION ||
            !pending->exn) {
            ctx->jmp = outer;
            siglongjmp(*outer, 1);
        }
        ctx->pending_err = NULL;
        ctx->pending_trap = WASMCELL_TRAP_NONE;
        ctx->nnative_frames = 0;
        ctx->in_guest = 1;
        ctx->resume_exn = exec_exn_take(pending);
        err = exec_run(ctx, NULL, base, NULL);
    } else {
        ctx->jmp = &jb;
        err = exec_run(ctx, f, base, NULL);
    }
    ctx->jmp = outer;
    ctx->native_site = saved_site;
    ctx->stack_top = saved;
    if (err) ctx->fsp = saved_fsp;
    return err;
}

/* A call from native code to a function without a typed native entry: a
 * host function, or a wasm function still interpreted. Arguments and
 * results travel in `args` (slots: two per v128, as everywhere); the
 * callee's frame goes on the value stack, above whatever interpreter frames
 * are live. */
void wcn_call(exec_ctx_t *ctx, rt_instance_t *inst, wasmcell_func_t *f, uint64_t *args);
void wcn_call(exec_ctx_t *ctx, rt_instance_t *inst, wasmcell_func_t *f, uint64_t *args)
{
    uint32_t np = exec_slot_count(f->params, f->nparams);
    uint32_t nr = exec_slot_count(f->results, f->nresults);
    uint32_t n = np > nr ? np : nr;
    uint64_t *base = ctx->stack_top;
    if (base + n + 1 > ctx->stack_end) trap_here(ctx, WASMCELL_TRAP_STACK_EXHAUSTED);
    memcpy(base, args, (size_t)np * 8);
    wasmcell_error_t *err;
    if (f->host) {
        err = exec_host_call(ctx, f, inst, base);
    } else if (f->native_slots) {
        /* JIT code: the call event the interpreter would count, so tier
         * auto samples a callee that only LLVM's code calls (hashmap's
         * func[8], 3 % of its run, was never compiled) */
        if (!ctx->metered && exec_jit_is_entry(f) && --ctx->budget < 0) {
            int64_t budget = ctx->budget;
            wasmcell_trap_kind_t k = exec_poll(ctx, &budget, f);
            if (k) trap_here(ctx, k);
        }
        uint64_t *saved = ctx->stack_top;
        ctx->stack_top = base + n;
        ((exec_slots_fn)f->native_slots)(ctx, f->inst, base);
        ctx->stack_top = saved;
        err = NULL;
    } else {
        /* a call event like the interpreter's own (without fuel: metered
         * code counted it already): tier auto samples the callee, which
         * may do much work in few calls and back-edges of its own */
        if (!ctx->metered && --ctx->budget < 0) {
            int64_t budget = ctx->budget;
            wasmcell_trap_kind_t k = exec_poll(ctx, &budget, f);
            if (k) trap_here(ctx, k);
        }
        err = exec_native_call_interpreted(ctx, f, base);
    }
    if (err) {
        ctx->nnative_frames = 0;
        leave(ctx, WASMCELL_TRAP_NONE, err);
    }
    memcpy(args, base, (size_t)nr * 8);
}

int32_t wcn_memory_grow(rt_instance_t *inst, uint32_t delta);
int32_t wcn_memory_grow(rt_instance_t *inst, uint32_t delta)
{
    return (int32_t)rt_memory_grow(inst->memories[0], delta);
}

#define check(ctx, k) do {                                   \
        wasmcell_trap_kind_t k_ = (k);                       \
        if (k_) trap_here(ctx, k_);                          \
    } while (0)

void wcn_memory_fill(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t d, uint32_t v, uint32_t n);
void wcn_memory_fill(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t d, uint32_t v, uint32_t n)
{
    wasmcell_memory_t *m = inst->memories[0];
    if ((uint64_t)d + n > m->pages * RT_PAGE_SIZE) trap_here(ctx, WASMCELL_TRAP_MEMORY_OOB);
    memset(m->base + d, (int)(uint8_t)v, n);
}

void wcn_memory_copy(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t d, uint32_t s, uint32_t n);
void wcn_memory_copy(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t d, uint32_t s, uint32_t n)
{
    wasmcell_memory_t *m = inst->memories[0];
    uint64_t size = m->pages * RT_PAGE_SIZE;
    if ((uint64_t)d + n > size || (uint64_t)s + n > size) trap_here(ctx, WASMCELL_TRAP_MEMORY_OOB);
    memmove(m->base + d, m->base + s, n);
}

void wcn_memory_init(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t seg, uint32_t d, uint32_t s,
                     uint32_t n);
void wcn_memory_init(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t seg, uint32_t d, uint32_t s,
                     uint32_t n)
{
    check(ctx, rt_memory_init(inst, 0, seg, d, s, n));
}

void wcn_data_drop(rt_instance_t *inst, uint32_t seg);
void wcn_data_drop(rt_instance_t *inst, uint32_t seg) { rt_data_drop(inst, seg); }
void wcn_elem_drop(rt_instance_t *inst, uint32_t seg);
void wcn_elem_drop(rt_instance_t *inst, uint32_t seg) { rt_elem_drop(inst, seg); }

uint64_t wcn_table_get(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t t, uint32_t i);
uint64_t wcn_table_get(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t t, uint32_t i)
{
    wasmcell_table_t *tab = inst->tables[t];
    if (i >= tab->size) trap_here(ctx, WASMCELL_TRAP_TABLE_OOB);
    return tab->elems[i];
}

void wcn_table_set(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t t, uint32_t i, uint64_t v);
void wcn_table_set(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t t, uint32_t i, uint64_t v)
{
    wasmcell_table_t *tab = inst->tables[t];
    if (i >= tab->size) trap_here(ctx, WASMCELL_TRAP_TABLE_OOB);
    tab->elems[i] = v;
}

int32_t wcn_table_grow(rt_instance_t *inst, uint32_t t, uint64_t init, uint32_t n);
int32_t wcn_table_grow(rt_instance_t *inst, uint32_t t, uint64_t init, uint32_t n)
{
    return (int32_t)rt_table_grow(inst->tables[t], n, init);
}

void wcn_table_fill(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t t, uint32_t i, uint64_t v,
                    uint32_t n);
void wcn_table_fill(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t t, uint32_t i, uint64_t v,
                    uint32_t n)
{
    wasmcell_table_t *tab = inst->tables[t];
    if ((uint64_t)i + n > tab->size) trap_here(ctx, WASMCELL_TRAP_TABLE_OOB);
    for (uint32_t k = 0; k < n; k++) tab->elems[i + k] = v;
}

void wcn_table_copy(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t dst, uint32_t src, uint32_t d,
                    uint32_t s, uint32_t n);
void wcn_table_copy(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t dst, uint32_t src, uint32_t d,
                    uint32_t s, uint32_t n)
{
    wasmcell_table_t *td = inst->tables[dst], *ts = inst->tables[src];
    if ((uint64_t)d + n > td->size || (uint64_t)s + n > ts->size)
        trap_here(ctx, WASMCELL_TRAP_TABLE_OOB);
    if (n) memmove(td->elems + d, ts->elems + s, (size_t)n * sizeof *td->elems);
}

void wcn_table_init(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t elem, uint32_t table,
                    uint32_t d, uint32_t s, uint32_t n);
void wcn_table_init(exec_ctx_t *ctx, rt_instance_t *inst, uint32_t elem, uint32_t table,
                    uint32_t d, uint32_t s, uint32_t n)
{
    check(ctx, rt_table_init(inst, table, elem, d, s, n));
}

/* ---- symbols for the loader ------------------------------------------------ */

#define SYM(f) {#f, (void *)(f)}
static const struct { const char *name; void *addr; } symbols[] = {
    SYM(wcn_trap), SYM(wcn_stack_exhausted), SYM(wcn_poll), SYM(wcn_tierup), SYM(wcn_enter), SYM(wcn_call), SYM(wcn_memory_grow), SYM(wcn_memory_fill),
    SYM(wcn_memory_copy), SYM(wcn_memory_init), SYM(wcn_data_drop), SYM(wcn_elem_drop),
    SYM(wcn_table_get), SYM(wcn_table_set), SYM(wcn_table_grow), SYM(wcn_table_fill),
    SYM(wcn_table_copy), SYM(wcn_table_init),
    /* what LLVM may call for float rounding without SSE4.1, and block moves */
    SYM(floorf), SYM(floor), SYM(ceilf), SYM(ceil), SYM(truncf), SYM(trunc),
    SYM(roundevenf), SYM(roundeven), SYM(nearbyintf), SYM(nearbyint), SYM(rintf), SYM(rint),
    SYM(fminf), SYM(fmin), SYM(fmaxf), SYM(fmax), SYM(sqrtf), SYM(sqrt),
    SYM(memcpy), SYM(memmove), SYM(memset),
};

void *exec_native_symbol(void *user, const char *name)
{
    (void)user;
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
        if (strcmp(symbols[i].name, name) == 0) return symbols[i].addr;
    return NULL;
}

/* ---- backtraces ---------------------------------------------------------------- */

/* Appends "  #N func[i] <name>" (and " @0x..." when the offset is known)
 * to the text and the frame to err's list; false when out of memory. */
static bool append_frame(char **out, size_t *len, size_t *cap, int n, const bin_module_t *bin,
                         uint32_t idx, uint32_t offset, wasmcell_error_t *err)
{
    const char *name = bin && bin->func_names && idx < bin->nfuncs ? bin->func_names[idx] : NULL;
    if (bin && idx < bin->nfuncs) rt_error_push_frame_at(err, bin, idx, offset);
    char at[32] = "";
    if (offset) snprintf(at, sizeof at, " @0x%x", offset);
    char line[340];
    int w = snprintf(line, sizeof line, "  #%d func[%u]%s%s%s%s\n", n, idx, name ? " <" : "",
                     name ? name : "", name ? ">" : "", at);
    if (w < 0) return false;
    if (*len + (size_t)w + 1 > *cap) {
        size_t ncap = *cap ? *cap : 256;
        while (*len + (size_t)w + 1 > ncap) ncap *= 2;
        char *p = base_realloc(*out, ncap);
        if (!p) return false;
        *out = p;
        *cap = ncap;
    }
    memcpy(*out + *len, line, (size_t)w + 1);
    *len += (size_t)w;
    return true;
}

/* Appends a line for each collected native frame that is a typed entry
 * f<i> (slots wrappers are glue, not frames of the program). Frames are
 * function-level, except the innermost after an explicit trap (wcn_trap
 * says where): exact, and when the trap was inlined from a callee, that
 * callee gets a frame of its own above its caller. */
int exec_native_backtrace(const exec_ctx_t *ctx, char **out, size_t *len, size_t *cap, int n,
                          wasmcell_error_t *err)
{
    int64_t prev_typed = -1; /* def index of the previous frame when it was f<i> or t<i> */
    bool prev_tailcc = false; /* ... and it was t<i> */
    bool first = true;
    for (uint32_t k = 0; k < ctx->nnative_frames; k++) {
        /* a return address points after its call: look up the byte before */
        uintptr_t pc = ctx->native_frames[k] - (k == 0 && ctx->native_pc_exact ? 0 : 1);
        native_image_t *img = native_image_find(pc);
        if (!img) {
            /* JIT code: a frame per function, exact where it trapped and
             * at each caller's call (the code of every instruction is
             * known); a fault's pc gives the faulting access */
            const bin_module_t *jbin;
            uint32_t jidx, offset;
            if (!exec_jit_func_at(pc, &jbin, &jidx, &offset)) continue;
            if (first && k == 0 && ctx->native_trap_loc && (uint32_t)(ctx->native_trap_loc >> 32) == jidx)
                offset = (uint32_t)ctx->native_trap_loc;
            first = false;
            prev_typed = -1;
            if (!append_frame(out, len, cap, n, jbin, jidx, offset, err)) break;
            n++;
            continue;
        }
        uintptr_t start;
        size_t size;
        const char *sym = native_image_func_at(img, pc, &start, &size);
        if (!sym || (sym[0] != NATIVE_TYPED_PREFIX[0] && sym[0] != NATIVE_SLOTS_PREFIX[0] &&
                     sym[0] != NATIVE_TAILCC_PREFIX[0]))
            continue;
        const native_code_t *nc = native_image_user(img);
        uint32_t def = (uint32_t)strtoul(sym + 1, NULL, 10);
        /* s<i> is f<i>'s entry from the interpreter (f<i> may be inlined
         * into it): a frame of its own only when f<i> is not just above */
        bool typed = sym[0] != NATIVE_SLOTS_PREFIX[0];
        if (prev_typed == (int64_t)def && !typed) continue;
        /* likewise f<i> when it only wraps the tailcc body t<i> just above */
        if (prev_typed == (int64_t)def && prev_tailcc && sym[0] == NATIVE_TYPED_PREFIX[0]) {
            prev_tailcc = false;
            continue;
        }
        prev_typed = typed ? (int64_t)def : -1;
        prev_tailcc = sym[0] == NATIVE_TAILCC_PREFIX[0];
        const bin_module_t *bin = nc ? nc->bin : NULL;
        uint32_t idx = bin ? def + bin->nfunc_imports : def;
        uint32_t offset = 0;
        if (first && ctx->native_trap_loc && k == 0) {
            uint32_t trap_func = (uint32_t)(ctx->native_trap_loc >> 32);
            uint32_t trap_offset = (uint32_t)ctx->native_trap_loc;
            if (trap_func == idx) {
                offset = trap_offset;
            } else if (trap_offset) {
                if (!append_frame(out, len, cap, n, bin, trap_func, trap_offset, err)) break;
                n++;
            }
        }
        first = false;
        if (!append_frame(out, len, cap, n, bin, idx, offset, err)) break;
        n++;
    }
    if (ctx->native_frames_truncated) {
        static const char more[] = "  ... more frames (native)\n";
        size_t w = sizeof more - 1;
        if (*len + w + 1 > *cap) {
            char *p = base_realloc(*out, *len + w + 1);
            if (!p) return n;
            *out = p;
            *cap = *len + w + 1;
        }
        memcpy(*out + *len, more, w + 1);
        *len += w;
        n = 32; /* the interpreter's frames below are not listed one by one */
    }
    return n;
}

/* ---- on-stack replacement -------------------------------------------------------- */

#define OSR_MAX_NUDGES 256

int64_t exec_osr_nudge(exec_ctx_t *ctx, const wasmcell_func_t *f, int64_t budget)
{
    if (ctx->osr_func != f) {
        ctx->osr_func = f;
        ctx->osr_nudges = 0;
    }
    if (budget <= 0 || ctx->osr_nudges >= OSR_MAX_NUDGES) return budget;
    ctx->osr_nudges++;
    ctx->chunk -= budget; /* what ran is still chunk - budget: fuel is unchanged */
    return 0;
}

bool exec_native_osr(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip)
{
    return exec_native_osr_from(ctx, f, fp, ip, true);
}

bool exec_native_osr_from(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip,
                          bool interpreted)
{
    const cmp_func_t *code = f->code;
    if (!code || ip < code->code || ip >= code->code + code->code_words) return false;
    uint32_t off = (uint32_t)(ip - code->code);
    for (uint32_t i = 0; i < code->nloops; i++) {
        if (code->loops[2 * i] != off) continue;
        typedef int32_t (*osr_fn)(exec_ctx_t *, rt_instance_t *, uint64_t *, uint32_t);
        /* The OSR entry reads the locals and then the operand stack (values
         * below the loop, its params) in one run of slots; the frame has
         * the constants in between, so the two are packed above it. The
         * results come back at the start of that run. */
        uint64_t *run = fp;
        uint32_t nrun = code->frame_slots;
        if (code->nconsts) {
            /* a JIT frame's callees build above ctx->stack_top: so may we */
            run = interpreted ? fp + code->frame_slots : ctx->stack_top;
            nrun = code->frame_slots - code->nconsts;
            if (run + nrun > ctx->stack_end) return false;
            memcpy(run, fp, code->nlocal_slots * sizeof *fp);
            memcpy(run + code->nlocal_slots, fp + code->nlocal_slots + code->nconsts,
                   (nrun - code->nlocal_slots) * sizeof *fp);
        }
        uint64_t *saved = ctx->stack_top;
        /* an exception leaving the native rest of f resumes in f's caller
         * (f has no handlers: it has no EH instructions), as after a
         * native tail call (interp.c) */
        uint64_t *site = run + nrun;
        exec_frame_t *fsp = ctx->fsp;
        if (site + 4 > ctx->stack_end) return false;
        site[0] = (uintptr_t)fsp->ret_ip;
        site[1] = (uintptr_t)fsp->fp;
        site[2] = (uintptr_t)ctx->native_site;
        site[3] = (uintptr_t)(fsp - 1);
        /* from JIT code, f has no interpreter frame of its own: whatever
         * called the JIT code resumes an exception */
        if (interpreted && fsp->ret_ip) ctx->native_site = site;
        ctx->stack_top = site + 4; /* callees build frames above ours */
        int32_t done = ((osr_fn)f->native_osr)(ctx, f->inst, run, code->loops[2 * i + 1]);
        ctx->native_site = (uint64_t *)(uintptr_t)site[2];
        ctx->stack_top = saved;
        if (getenv("WASMCELL_NATIVE_DEBUG"))
            fprintf(stderr, "wasmcell: on-stack replacement: function %u entered native code at loop %u (%s)\n",
                    f->func_idx, code->loops[2 * i + 1], done ? "ran to its end" : "declined");
        if (done && run != fp)
            memcpy(fp, run, exec_slot_count(f->results, f->nresults) * sizeof *fp);
        return done != 0;
    }
    return false;
}
