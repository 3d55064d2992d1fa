/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* llvm_lower.c — wasm function bodies -> LLVM IR, one LLVM function per
 * wasm function, from the decoded and validated module (bin_read_instr is
 * the only instruction decoder). The usual practice: locals are allocas
 * that mem2reg promotes, the operand stack exists only at translation time,
 * blocks become basic blocks with phis for their results, linear memory is
 * base + zext(addr) + offset with no bounds check (the guard-page
 * reservation faults), and every trap is an explicit call to wcn_trap.
 * SIMD instructions are llvm_simd.c's; a v128 is <2 x i64> here. Functions
 * the lowering cannot take stay in the interpreter. */
#include "llvm_lower.h"
#include "native.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../base/alloc.h"
#include "../binary/instr.h"
#include "../exec/exec_internal.h"

#define MAX_STACK 65536u

typedef enum { CTL_FUNC, CTL_BLOCK, CTL_LOOP, CTL_IF } ctl_kind_t;

typedef struct ctl {
    ctl_kind_t kind;
    uint32_t nparams, nresults;
    const bin_valtype_t *params, *results;
    uint32_t height;              /* operand stack height below the params */
    LLVMBasicBlockRef end_bb;     /* continuation after `end` */
    LLVMBasicBlockRef header;     /* loops: the branch target */
    LLVMBasicBlockRef else_bb;    /* ifs: NULL once `else` was seen */
    LLVMValueRef *end_phis;       /* nresults phis in end_bb */
    LLVMValueRef *loop_phis;      /* nparams phis in header */
    LLVMValueRef *if_params;      /* ifs: the params, for the else arm */
    uint32_t nbranches;           /* edges into end_bb so far */
    bool unreachable;             /* the rest of this block is dead code */
} ctl_t;

typedef struct lower {
    lower_module_t *M;
    const bin_module_t *bin;
    uint32_t def_idx;
    LLVMBuilderRef b;
    LLVMValueRef fn;
    LLVMValueRef ctx, inst, mem;  /* params and the memory base */
    LLVMValueRef budget;          /* alloca: ctx->budget while this function runs */
    LLVMValueRef *locals;         /* allocas */
    /* Each local's current value, known within one basic block: a
     * local.get after a local.set or get of the same local in that block
     * uses the value instead of loading the alloca again. Level 0 runs no
     * mem2reg, and FastISel then keeps the value in a register. */
    LLVMValueRef *local_val;      /* valid where local_gen[i] == known_gen */
    uint32_t *local_gen;
    uint32_t known_gen;
    LLVMBasicBlockRef known_bb;   /* the block local_val holds for */
    bool no_local_cache;          /* WASMCELL_NO_LOCAL_CACHE=1: experiments */
    bin_valtype_t *local_types;
    uint32_t nlocals;
    LLVMValueRef *stack;
    bin_valtype_t *stack_types;
    uint32_t sp, stack_cap;
    ctl_t *ctls;
    uint32_t nctl, ctl_cap;
    LLVMBasicBlockRef trap_bb[RT_TRAP_KINDS];
    /* Where each trap came from, for exact backtrace offsets: a phi per
     * trap block of (func_idx << 32 | module offset), and the offset of
     * the instruction being lowered (0 in the prologue: function-level). */
    LLVMValueRef trap_loc[RT_TRAP_KINDS];
    uint32_t cur_offset;
    LLVMBasicBlockRef entry_bb;
    const bin_functype_t *type;
    /* On-stack-replacement variant: entered at a loop header with the
     * interpreter's locals (lower_osr_function). */
    bool osr;
    LLVMValueRef osr_switch;
    /* OSR variant: every operand-stack position has a home (an alloca per
     * position and value kind) that each push also writes; merge points
     * reload from the homes instead of using phis. Loops may then be
     * entered with values below them on the stack (mem2reg makes the
     * homes SSA again). */
    LLVMValueRef *homes;          /* [position * HOME_KINDS + kind] */
    uint8_t *dirty;               /* per stack position: its home may not hold stack[pos] */
    uint32_t homes_cap;           /* positions */
    uint32_t nlocal_slots;        /* the locals' slots in the interpreter frame */
    uint32_t loop_ordinal;        /* loop instructions read so far, dead ones too */
    uint32_t nosr_loops;
    char err[160];
} lower_t;

/* ---- small helpers ----------------------------------------------------- */

/* Types by their kind: a typed function reference, (ref null? $t) or
 * (ref func), is the same i64 function pointer as funcref. */
static LLVMTypeRef vt_type(lower_module_t *M, bin_valtype_t t)
{
    switch (vt_kind(t)) {
    case VT_I32: return M->i32;
    case VT_I64: return M->i64;
    case VT_F32: return M->f32;
    case VT_F64: return M->f64;
    case VT_FUNCREF: case VT_EXTERNREF: return M->i64;
    case VT_V128: return M->v128;
    default: return NULL;
    }
}

/* The value local i holds at the builder's position, when this block
 * already stored or loaded it; NULL otherwise. Moving to another block
 * forgets everything: a value of one block need not dominate another, and
 * another path may have stored something else. */
static LLVMValueRef local_known(lower_t *L, uint32_t i)
{
    if (L->no_local_cache) return NULL;
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
    if (cur != L->known_bb) {
        L->known_bb = cur;
        L->known_gen++;
        return NULL;
    }
    return L->local_gen[i] == L->known_gen ? L->local_val[i] : NULL;
}

static void local_learn(lower_t *L, uint32_t i, LLVMValueRef v)
{
    if (L->no_local_cache) return;
    (void)local_known(L, i); /* moves known_bb to this block if needed */
    L->local_val[i] = v;
    L->local_gen[i] = L->known_gen;
}

static bool vt_supported(bin_valtype_t t)
{
    uint8_t k = vt_kind(t);
    return k == VT_I32 || k == VT_I64 || k == VT_F32 || k == VT_F64 || k == VT_FUNCREF ||
           k == VT_EXTERNREF || k == VT_V128;
}

LLVMTypeRef lower_fn_type(lower_module_t *M, const bin_functype_t *ft)
{
    LLVMTypeRef params[2 + 256];
    LLVMTypeRef *pp = ft->nparams + 2 <= 258 ? params : base_alloc_array(ft->nparams + 2, sizeof *pp);
    if (!pp) return NULL;
    pp[0] = M->ptr;
    pp[1] = M->ptr;
    for (uint32_t i = 0; i < ft->nparams; i++) pp[2 + i] = vt_type(M, ft->params[i]);
    LLVMTypeRef ret;
    if (ft->nresults == 0) ret = M->void_;
    else if (ft->nresults == 1) ret = vt_type(M, ft->results[0]);
    else {
        LLVMTypeRef rs[64];
        LLVMTypeRef *rp = ft->nresults <= 64 ? rs : base_alloc_array(ft->nresults, sizeof *rp);
        if (!rp) { if (pp != params) base_free(pp); return NULL; }
        for (uint32_t i = 0; i < ft->nresults; i++) rp[i] = vt_type(M, ft->results[i]);
        ret = LLVMStructTypeInContext(M->llctx, rp, ft->nresults, 0);
        if (rp != rs) base_free(rp);
    }
    LLVMTypeRef fty = LLVMFunctionType(ret, pp, ft->nparams + 2, 0);
    if (pp != params) base_free(pp);
    return fty;
}

bool lower_type_supported(const bin_functype_t *ft)
{
    for (uint32_t i = 0; i < ft->nparams; i++)
        if (!vt_supported(ft->params[i])) return false;
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (!vt_supported(ft->results[i])) return false;
    return true;
}

static LLVMValueRef c32(lower_t *L, uint64_t v) { return LLVMConstInt(L->M->i32, v, 0); }
static LLVMValueRef c64(lower_t *L, uint64_t v) { return LLVMConstInt(L->M->i64, v, 0); }

static void set_invariant(lower_t *L, LLVMValueRef load)
{
    LLVMSetMetadata(load, L->M->md_invariant, L->M->empty_md);
}

/* A load of a runtime field at base + offset (a pointer-sized or integer
 * field); invariant ones never change during the instance's life. */
static LLVMValueRef load_field(lower_t *L, LLVMTypeRef ty, LLVMValueRef base, size_t offset,
                               bool invariant)
{
    LLVMValueRef off = c64(L, offset);
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->M->i8, base, &off, 1, "");
    LLVMValueRef v = LLVMBuildLoad2(L->b, ty, p, "");
    LLVMSetMetadata(v, L->M->md_tbaa, L->M->tbaa_vm);
    if (invariant) set_invariant(L, v);
    return v;
}


/* Element i of a pointer array at base + offset (the array pointer and its
 * entries are fixed for the instance's life when `invariant`). */
static LLVMValueRef load_array_elem(lower_t *L, size_t arr_offset, LLVMValueRef idx, bool invariant)
{
    LLVMValueRef arr = load_field(L, L->M->ptr, L->inst, arr_offset, true);
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->M->ptr, arr, &idx, 1, "");
    LLVMValueRef v = LLVMBuildLoad2(L->b, L->M->ptr, p, "");
    LLVMSetMetadata(v, L->M->md_tbaa, L->M->tbaa_vm);
    if (invariant) set_invariant(L, v);
    return v;
}

static LLVMValueRef call_helper(lower_t *L, lower_helper_t h, LLVMValueRef *args, unsigned n)
{
    return LLVMBuildCall2(L->b, L->M->helper_ty[h], L->M->helper[h], args, n, "");
}

static LLVMValueRef intrinsic(lower_t *L, const char *name, LLVMTypeRef *tys, unsigned ntys,
                              LLVMValueRef *args, unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(L->M->mod, id, tys, ntys);
    LLVMTypeRef fty = LLVMIntrinsicGetType(L->M->llctx, id, tys, ntys);
    return LLVMBuildCall2(L->b, fty, f, args, nargs, "");
}

/* ---- operand stack ----------------------------------------------------- */

#define HOME_KINDS 7
static uint32_t home_kind(bin_valtype_t t)
{
    switch (vt_kind(t)) {
    case VT_I32: return 0;
    case VT_I64: return 1;
    case VT_F32: return 2;
    case VT_F64: return 3;
    case VT_V128: return 4;
    case VT_FUNCREF: return 5;
    default: return 6;
    }
}

/* The home of stack position pos for values of type t (OSR variant). */
static LLVMValueRef home(lower_t *L, uint32_t pos, bin_valtype_t t)
{
    if (pos >= L->homes_cap) {
        uint32_t cap = L->homes_cap ? L->homes_cap : 16;
        while (cap <= pos) cap *= 2;
        if (cap > MAX_STACK) return NULL;
        LLVMValueRef *h = base_realloc(L->homes, (size_t)cap * HOME_KINDS * sizeof *h);
        if (!h) return NULL;
        memset(h + (size_t)L->homes_cap * HOME_KINDS, 0,
               (size_t)(cap - L->homes_cap) * HOME_KINDS * sizeof *h);
        L->homes = h;
        L->homes_cap = cap;
    }
    LLVMValueRef *slot = &L->homes[(size_t)pos * HOME_KINDS + home_kind(t)];
    if (!*slot) {
        LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
        LLVMPositionBuilderBefore(L->b, LLVMGetFirstInstruction(L->entry_bb));
        *slot = LLVMBuildAlloca(L->b, vt_type(L->M, t), "home");
        LLVMPositionBuilderAtEnd(L->b, cur);
    }
    return *slot;
}

static bool home_store(lower_t *L, uint32_t pos, LLVMValueRef v, bin_valtype_t t)
{
    LLVMValueRef h = home(L, pos, t);
    if (!h) return false;
    LLVMBuildStore(L->b, v, h);
    return true;
}

/* OSR variant: homes are written when control flow needs them, not at
 * every push: the dirty positions below n get theirs here. clear: the
 * stores dominate what is lowered next (the current block goes on), so
 * those homes are known to hold their values from now on; never from a
 * side block (a branch's own), whose stores the fall-through does not see. */
static bool home_flush(lower_t *L, uint32_t n, bool clear)
{
    for (uint32_t i = 0; i < n; i++) {
        if (!L->dirty[i]) continue;
        if (!home_store(L, i, L->stack[i], L->stack_types[i])) return false;
        if (clear) L->dirty[i] = 0;
    }
    return true;
}

/* At a merge point (OSR variant): positions [0, n) take their values from
 * their homes, whatever path arrived. */
static bool home_reload(lower_t *L, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        LLVMValueRef h = home(L, i, L->stack_types[i]);
        if (!h) return false;
        L->stack[i] = LLVMBuildLoad2(L->b, vt_type(L->M, L->stack_types[i]), h, "");
        L->dirty[i] = 0;
    }
    return true;
}

/* Room for n operands (the OSR variant also sets the types of positions
 * a merge point reloads, which nothing may have pushed to yet). */
static bool stack_reserve(lower_t *L, uint32_t n)
{
    while (n > L->stack_cap) {
        uint32_t cap = L->stack_cap ? L->stack_cap * 2 : 64;
        if (cap > MAX_STACK) return false;
        LLVMValueRef *s = base_realloc(L->stack, cap * sizeof *s);
        if (!s) return false;
        L->stack = s;
        bin_valtype_t *ts = base_realloc(L->stack_types, cap * sizeof *ts);
        if (!ts) return false;
        L->stack_types = ts;
        uint8_t *d = base_realloc(L->dirty, cap);
        if (!d) return false;
        L->dirty = d;
        L->stack_cap = cap;
    }
    return true;
}

static bool push(lower_t *L, LLVMValueRef v, bin_valtype_t t)
{
    if (!stack_reserve(L, L->sp + 1)) return false;
    L->stack[L->sp] = v;
    L->stack_types[L->sp] = t;
    L->dirty[L->sp] = 1; /* OSR variant: stored when a branch needs it (home_flush) */
    L->sp++;
    return true;
}
static LLVMValueRef pop(lower_t *L) { return L->stack[--L->sp]; }

/* ---- traps ------------------------------------------------------------- */

/* The trap block of `kind`, shared by the function's traps of that kind;
 * the caller branches there from the current block, whose instruction's
 * location becomes an incoming value of the block's phi. */
static LLVMBasicBlockRef trap_block(lower_t *L, wasmcell_trap_kind_t kind)
{
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
    if ((unsigned)kind >= RT_TRAP_KINDS) kind = WASMCELL_TRAP_UNSUPPORTED; /* never: a new kind */
    if (!L->trap_bb[kind]) {
        LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "trap");
        LLVMPositionBuilderAtEnd(L->b, bb);
        L->trap_loc[kind] = LLVMBuildPhi(L->b, L->M->i64, "trap_loc");
        LLVMValueRef args[3] = {L->ctx, c32(L, kind), L->trap_loc[kind]};
        LLVMValueRef c = call_helper(L, H_TRAP, args, 3);
        LLVMSetInstructionCallConv(c, LLVMCCallConv);
        LLVMBuildUnreachable(L->b);
        LLVMPositionBuilderAtEnd(L->b, cur);
        L->trap_bb[kind] = bb;
    }
    uint64_t func_idx = (uint64_t)L->bin->nfunc_imports + L->def_idx;
    LLVMValueRef loc = c64(L, func_idx << 32 | L->cur_offset);
    LLVMAddIncoming(L->trap_loc[kind], &loc, &cur, 1);
    return L->trap_bb[kind];
}

/* Branches to the trap block when cond is true (marked unlikely). */
static void trap_if(lower_t *L, LLVMValueRef cond, wasmcell_trap_kind_t kind)
{
    LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "ok");
    LLVMValueRef br = LLVMBuildCondBr(L->b, cond, trap_block(L, kind), ok);
    LLVMSetMetadata(br, L->M->md_prof, L->M->unlikely_md);
    LLVMPositionBuilderAtEnd(L->b, ok);
}

/* Loops poll every ctx->loop_chunk iterations with a counter local to
 * the function (a register once mem2reg ran): a back-edge costs a
 * decrement and a branch, and no memory traffic that would chain calls
 * together. Fuel metering sets loop_chunk to 0: every iteration then takes
 * the slow path, which charges it exactly. */
static void budget_reload(lower_t *L)
{
    if (!L->M->metered) return;
    LLVMBuildStore(L->b, load_field(L, L->M->i64, L->ctx, offsetof(exec_ctx_t, loop_chunk), false),
                   L->budget);
}

static void budget_tick(lower_t *L)
{
    if (!L->M->metered) return; /* interrupts come by signal (exec_interrupt.c) */
    LLVMValueRef b = LLVMBuildLoad2(L->b, L->M->i64, L->budget, "");
    LLVMValueRef nb = LLVMBuildSub(L->b, b, c64(L, 1), "");
    LLVMBuildStore(L->b, nb, L->budget);
    LLVMValueRef neg = LLVMBuildICmp(L->b, LLVMIntSLT, nb, c64(L, 0), "");
    LLVMBasicBlockRef poll = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "poll");
    LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "go");
    LLVMValueRef br = LLVMBuildCondBr(L->b, neg, poll, ok);
    LLVMSetMetadata(br, L->M->md_prof, L->M->unlikely_md);
    LLVMPositionBuilderAtEnd(L->b, poll);
    LLVMValueRef args[2] = {L->ctx, L->inst};
    call_helper(L, H_POLL, args, 2);
    budget_reload(L);
    LLVMBuildBr(L->b, ok);
    LLVMPositionBuilderAtEnd(L->b, ok);
}

/* ---- control ----------------------------------------------------------- */

static ctl_t *push_ctl(lower_t *L, ctl_kind_t kind, const bin_functype_t *bt)
{
    if (L->nctl == L->ctl_cap) {
        uint32_t cap = L->ctl_cap ? L->ctl_cap * 2 : 16;
        ctl_t *c = base_realloc(L->ctls, cap * sizeof *c);
        if (!c) return NULL;
        L->ctls = c;
        L->ctl_cap = cap;
    }
    ctl_t *c = &L->ctls[L->nctl++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->nparams = bt->nparams;
    c->nresults = bt->nresults;
    c->params = bt->params;
    c->results = bt->results;
    c->height = L->sp - bt->nparams;
    c->end_bb = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "end");
    if (c->nresults && !L->osr) {
        c->end_phis = base_alloc_array(c->nresults, sizeof *c->end_phis);
        if (!c->end_phis) return NULL;
        LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
        LLVMPositionBuilderAtEnd(L->b, c->end_bb);
        for (uint32_t i = 0; i < c->nresults; i++)
            c->end_phis[i] = LLVMBuildPhi(L->b, vt_type(L->M, c->results[i]), "");
        LLVMPositionBuilderAtEnd(L->b, cur);
    }
    return c;
}

static void free_ctl(ctl_t *c)
{
    base_free(c->end_phis);
    base_free(c->loop_phis);
    base_free(c->if_params);
}

/* Adds the top n operands as incoming values of phis, from the current block. */
static void add_incoming(lower_t *L, LLVMValueRef *phis, uint32_t n)
{
    LLVMBasicBlockRef from = LLVMGetInsertBlock(L->b);
    for (uint32_t i = 0; i < n; i++) {
        LLVMValueRef v = L->stack[L->sp - n + i];
        LLVMAddIncoming(phis[i], &v, &from, 1);
    }
}

/* OSR variant, at a branch to a merge point that reloads positions
 * [0, base + n): the dirty ones below base get their homes, and the top n
 * operands go into the homes of positions base.. (which then may not hold
 * their own stack values any more). */
static void home_carry(lower_t *L, uint32_t base, uint32_t n)
{
    home_flush(L, base, false);
    for (uint32_t i = 0; i < n; i++) {
        home_store(L, base + i, L->stack[L->sp - n + i], L->stack_types[L->sp - n + i]);
        L->dirty[base + i] = 1;
    }
}

/* Branch (unconditional) to label `depth` from the current block. */
static void branch_to(lower_t *L, uint32_t depth)
{
    ctl_t *c = &L->ctls[L->nctl - 1 - depth];
    if (L->osr) {
        bool loop = c->kind == CTL_LOOP;
        home_carry(L, c->height, loop ? c->nparams : c->nresults);
        if (!loop) c->nbranches++;
        LLVMBuildBr(L->b, loop ? c->header : c->end_bb);
        return;
    }
    if (c->kind == CTL_LOOP) {
        add_incoming(L, c->loop_phis, c->nparams);
        LLVMBuildBr(L->b, c->header);
    } else {
        add_incoming(L, c->end_phis, c->nresults);
        c->nbranches++;
        LLVMBuildBr(L->b, c->end_bb);
    }
}

static void mark_unreachable(lower_t *L)
{
    ctl_t *c = &L->ctls[L->nctl - 1];
    c->unreachable = true;
    L->sp = c->height;
}

static bool block_type(lower_t *L, const bin_instr_t *in, bin_functype_t *out)
{
    static const bin_valtype_t one[7] = {VT_I32, VT_I64, VT_F32, VT_F64, VT_V128, VT_FUNCREF,
                                         VT_EXTERNREF};
    memset(out, 0, sizeof *out);
    if (in->imm.block.kind == BT_EMPTY) return true;
    if (in->imm.block.kind == BT_VALTYPE) {
        for (int i = 0; i < 7; i++)
            if (one[i] == in->imm.block.valtype) {
                out->nresults = 1;
                out->results = &one[i];
            }
        return out->nresults == 1 && vt_supported(out->results[0]);
    }
    *out = L->bin->types[in->imm.block.type_idx];
    return lower_type_supported(out);
}

/* Dead code ends here: its block (entered by nothing) still needs a terminator. */
static void seal_dead(lower_t *L)
{
    if (!LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(L->b))) LLVMBuildUnreachable(L->b);
}

/* The start of an if's else arm (or of the implicit one): its params again. */
static bool else_entry(lower_t *L, ctl_t *c)
{
    L->sp = c->height;
    if (L->osr) {
        if (!stack_reserve(L, c->height + c->nparams)) return false;
        for (uint32_t i = 0; i < c->nparams; i++) L->stack_types[c->height + i] = c->params[i];
        L->sp = c->height + c->nparams;
        return home_reload(L, L->sp);
    }
    for (uint32_t i = 0; i < c->nparams; i++)
        if (!push(L, c->if_params[i], c->params[i])) return false;
    return true;
}

/* `end`: falls through into end_bb (if reachable), continues there. */
static bool do_end(lower_t *L)
{
    ctl_t *c = &L->ctls[L->nctl - 1];
    if (c->unreachable) seal_dead(L);
    if (c->kind == CTL_IF && c->else_bb) {
        /* if without else: the else arm passes the params through */
        if (!c->unreachable) {
            if (L->osr) home_carry(L, c->height, c->nresults);
            else add_incoming(L, c->end_phis, c->nresults);
            c->nbranches++;
            LLVMBuildBr(L->b, c->end_bb);
        }
        LLVMPositionBuilderAtEnd(L->b, c->else_bb);
        if (!else_entry(L, c)) return false;
        c->unreachable = false;
        c->else_bb = NULL;
    }
    if (!c->unreachable) {
        if (L->osr) home_carry(L, c->height, c->nresults);
        else add_incoming(L, c->end_phis, c->nresults);
        c->nbranches++;
        LLVMBuildBr(L->b, c->end_bb);
    }
    LLVMPositionBuilderAtEnd(L->b, c->end_bb);
    L->sp = c->height;
    bool reachable = c->nbranches > 0;
    if (L->osr) {
        if (!stack_reserve(L, c->height + c->nresults)) return false;
        for (uint32_t i = 0; i < c->nresults; i++) L->stack_types[c->height + i] = c->results[i];
        if (!home_reload(L, c->height + c->nresults)) return false;
        L->sp = c->height + c->nresults;
    } else {
        for (uint32_t i = 0; i < c->nresults; i++)
            if (!push(L, c->end_phis[i], c->results[i])) return false;
    }
    ctl_kind_t kind = c->kind;
    free_ctl(c);
    L->nctl--;
    if (kind == CTL_FUNC) return true;
    if (!reachable) {
        /* nothing reaches the continuation: it is dead code */
        LLVMBuildUnreachable(L->b);
        LLVMBasicBlockRef dead = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "dead");
        LLVMPositionBuilderAtEnd(L->b, dead);
        mark_unreachable(L);
    }
    return true;
}

/* ---- memory ------------------------------------------------------------ */

/* The host address of a `width`-byte access at wasm address addr + offset.
 * Guarded memory: the base loaded at entry plus the address; the guard
 * pages catch anything out of bounds. Bounds-checked memory (M->checked):
 * the access is compared with the current size first, and size and base
 * come from the memory object at the access, because such a memory moves
 * when it grows. Both loads are plain (not invariant): LLVM keeps them in
 * registers across guest loads and stores (other TBAA tags) and reloads
 * them after any call, the only way memory can grow. */
static LLVMValueRef checked_base(lower_t *L, LLVMValueRef addr, uint64_t offset, uint32_t width,
                                 LLVMValueRef *ea)
{
    lower_module_t *M = L->M;
    LLVMValueRef a = LLVMBuildZExt(L->b, addr, M->i64, "");
    if (offset) a = LLVMBuildAdd(L->b, a, c64(L, offset), "");
    if (ea) *ea = a;
    if (!M->checked) return L->mem;
    LLVMValueRef mo = load_field(L, M->ptr, L->inst, offsetof(rt_instance_t, native_mem0obj), true);
    LLVMValueRef pages = load_field(L, M->i64, mo, offsetof(wasmcell_memory_t, pages), false);
    LLVMValueRef size = LLVMBuildShl(L->b, pages, c64(L, 16), "");
    LLVMValueRef end = LLVMBuildAdd(L->b, a, c64(L, width), "");
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntUGT, end, size, ""), WASMCELL_TRAP_MEMORY_OOB);
    return load_field(L, M->ptr, mo, offsetof(wasmcell_memory_t, base), false);
}

static LLVMValueRef effective(lower_t *L, LLVMValueRef addr, uint64_t offset, uint32_t width)
{
    LLVMValueRef a;
    LLVMValueRef base = checked_base(L, addr, offset, width, &a);
    return LLVMBuildGEP2(L->b, L->M->i8, base, &a, 1, "");
}

/* Bytes a scalar load or store of type t touches. */
static uint32_t access_bytes(lower_module_t *M, LLVMTypeRef t)
{
    if (t == M->f32) return 4;
    if (t == M->f64) return 8;
    return LLVMGetIntTypeWidth(t) / 8;
}

/* Bytes a SIMD memory instruction touches (0: not a memory access). */
static uint32_t simd_access_width(bin_op_t op)
{
    switch (op) {
    case OP_V128_LOAD: case OP_V128_STORE: return 16;
    case OP_V128_LOAD8X8_S: case OP_V128_LOAD8X8_U: case OP_V128_LOAD16X4_S:
    case OP_V128_LOAD16X4_U: case OP_V128_LOAD32X2_S: case OP_V128_LOAD32X2_U:
    case OP_V128_LOAD64_SPLAT: case OP_V128_LOAD64_ZERO: case OP_V128_LOAD64_LANE:
    case OP_V128_STORE64_LANE: return 8;
    case OP_V128_LOAD32_SPLAT: case OP_V128_LOAD32_ZERO: case OP_V128_LOAD32_LANE:
    case OP_V128_STORE32_LANE: return 4;
    case OP_V128_LOAD16_SPLAT: case OP_V128_LOAD16_LANE: case OP_V128_STORE16_LANE: return 2;
    case OP_V128_LOAD8_SPLAT: case OP_V128_LOAD8_LANE: case OP_V128_STORE8_LANE: return 1;
    default: return 0;
    }
}

static void do_load(lower_t *L, const bin_instr_t *in, LLVMTypeRef mty, LLVMTypeRef rty,
                    int ext /* 0 none, 1 sign, 2 zero */, bin_valtype_t vt)
{
    LLVMValueRef addr = pop(L);
    LLVMValueRef p = effective(L, addr, in->imm.memarg.offset, access_bytes(L->M, mty));
    LLVMValueRef v = LLVMBuildLoad2(L->b, mty, p, "");
    LLVMSetAlignment(v, 1);
    LLVMSetMetadata(v, L->M->md_tbaa, L->M->tbaa_mem);
    /* A wasm load is observable: out of bounds it traps before anything
     * after it runs, even when its value is never used. LLVM deletes loads
     * whose values are dead (also when a later trap makes them dead) and
     * sinks loads past later trap checks; volatile keeps each one, in
     * order. Plain loads were tried (only loads wasm itself throws away
     * volatile): tests/diff/regress/load_before_trap.wat then fails. */
    LLVMSetVolatile(v, 1);
    if (ext == 1) v = LLVMBuildSExt(L->b, v, rty, "");
    else if (ext == 2) v = LLVMBuildZExt(L->b, v, rty, "");
    push(L, v, vt);
}

static void do_store(lower_t *L, const bin_instr_t *in, LLVMTypeRef mty)
{
    LLVMValueRef v = pop(L);
    LLVMValueRef addr = pop(L);
    if (LLVMTypeOf(v) != mty) v = LLVMBuildTrunc(L->b, v, mty, "");
    LLVMValueRef p = effective(L, addr, in->imm.memarg.offset, access_bytes(L->M, mty));
    LLVMValueRef st = LLVMBuildStore(L->b, v, p);
    LLVMSetAlignment(st, 1);
    LLVMSetMetadata(st, L->M->md_tbaa, L->M->tbaa_mem);
}

/* ---- globals ----------------------------------------------------------- */

static LLVMValueRef global_ptr(lower_t *L, uint32_t idx)
{
    LLVMValueRef g = load_array_elem(L, offsetof(rt_instance_t, globals), c64(L, idx), true);
    LLVMValueRef off = c64(L, offsetof(wasmcell_global_t, value));
    return LLVMBuildGEP2(L->b, L->M->i8, g, &off, 1, "");
}

static void do_global_get(lower_t *L, uint32_t idx)
{
    bin_valtype_t t = L->bin->global_types[idx].type;
    LLVMValueRef p = global_ptr(L, idx);
    LLVMValueRef v = LLVMBuildLoad2(L->b, vt_type(L->M, t), p, "");
    LLVMSetAlignment(v, 8); /* a v128 is two 64-bit words */
    LLVMSetMetadata(v, L->M->md_tbaa, L->M->tbaa_global);
    if (!L->bin->global_types[idx].mutable_) set_invariant(L, v);
    push(L, v, t);
}

static void do_global_set(lower_t *L, uint32_t idx)
{
    bin_valtype_t t = L->bin->global_types[idx].type;
    LLVMValueRef v = pop(L);
    /* the slot holds 64 bits: i32/f32 zero-extended, as the interpreter keeps it */
    if (t == VT_I32) v = LLVMBuildZExt(L->b, v, L->M->i64, "");
    else if (t == VT_F32) v = LLVMBuildZExt(L->b, LLVMBuildBitCast(L->b, v, L->M->i32, ""), L->M->i64, "");
    LLVMValueRef st = LLVMBuildStore(L->b, v, global_ptr(L, idx));
    LLVMSetAlignment(st, 8);
    LLVMSetMetadata(st, L->M->md_tbaa, L->M->tbaa_global);
}

/* ---- calls ------------------------------------------------------------- */

/* Pushes the results of a call returning `r` (typed ABI). */
static bool push_results(lower_t *L, const bin_functype_t *ft, LLVMValueRef r)
{
    if (ft->nresults == 1) return push(L, r, ft->results[0]);
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (!push(L, LLVMBuildExtractValue(L->b, r, i, ""), ft->results[i])) return false;
    return true;
}

static LLVMValueRef to_slot(lower_t *L, LLVMValueRef v, bin_valtype_t t)
{
    switch (t) {
    case VT_I32: return LLVMBuildZExt(L->b, v, L->M->i64, "");
    case VT_F32: return LLVMBuildZExt(L->b, LLVMBuildBitCast(L->b, v, L->M->i32, ""), L->M->i64, "");
    case VT_F64: return LLVMBuildBitCast(L->b, v, L->M->i64, "");
    default: return v;
    }
}

static LLVMValueRef from_slot(lower_t *L, LLVMValueRef v, bin_valtype_t t)
{
    switch (t) {
    case VT_I32: return LLVMBuildTrunc(L->b, v, L->M->i32, "");
    case VT_F32: return LLVMBuildBitCast(L->b, LLVMBuildTrunc(L->b, v, L->M->i32, ""), L->M->f32, "");
    case VT_F64: return LLVMBuildBitCast(L->b, v, L->M->f64, "");
    default: return v;
    }
}

/* Value t at slots[pos] (a v128 fills slots[pos] and slots[pos + 1]). */
static void store_slot(lower_t *L, LLVMValueRef slots, uint32_t pos, LLVMValueRef v, bin_valtype_t t)
{
    LLVMValueRef idx = c64(L, pos);
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->M->i64, slots, &idx, 1, "");
    LLVMSetAlignment(LLVMBuildStore(L->b, to_slot(L, v, t), p), 8);
}

static LLVMValueRef load_slot(lower_t *L, LLVMValueRef slots, uint32_t pos, bin_valtype_t t)
{
    LLVMValueRef idx = c64(L, pos);
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->M->i64, slots, &idx, 1, "");
    LLVMValueRef v = LLVMBuildLoad2(L->b, t == VT_V128 ? L->M->v128 : L->M->i64, p, "");
    LLVMSetAlignment(v, 8);
    return from_slot(L, v, t);
}

static uint32_t slot_width(bin_valtype_t t) { return t == VT_V128 ? 2 : 1; }

static uint32_t slot_count(const bin_valtype_t *types, uint32_t n)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++) slots += slot_width(types[i]);
    return slots;
}

/* Tier auto's level 0 (M->tierup): at a loop header, after every
 * NATIVE_TIERUP_CHUNK iterations of this activation, write the locals and
 * the n operand-stack values below and in the loop (the OSR entry's frame
 * layout) at ctx->stack_top and call wcn_tierup: when newer code for the
 * function has an OSR entry there, that code ran the function to its end
 * and left the results in the frame, and this one returns them. Short
 * activations never get there; a frame that loops for long moves up. */
static bool tierup_poll(lower_t *L, uint32_t ordinal, uint32_t n)
{
    lower_module_t *M = L->M;
    if (!M->tierup || (M->tfuncs && M->tfuncs[L->def_idx] == L->fn)) return true;
    LLVMValueRef b = LLVMBuildLoad2(L->b, M->i64, L->budget, "");
    LLVMValueRef nb = LLVMBuildSub(L->b, b, c64(L, 1), "");
    LLVMBuildStore(L->b, nb, L->budget);
    LLVMValueRef neg = LLVMBuildICmp(L->b, LLVMIntSLT, nb, c64(L, 0), "");
    LLVMBasicBlockRef poll = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "tierup");
    LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "tierup.call");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "tierup.done");
    LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "go");
    LLVMValueRef br = LLVMBuildCondBr(L->b, neg, poll, ok);
    LLVMSetMetadata(br, M->md_prof, M->unlikely_md);
    LLVMPositionBuilderAtEnd(L->b, poll);
    LLVMBuildStore(L->b, load_field(L, M->i64, L->ctx, offsetof(exec_ctx_t, tierup_chunk), false), L->budget);
    uint32_t nslots = L->nlocal_slots;
    for (uint32_t i = 0; i < n; i++) nslots += slot_width(L->stack_types[i]);
    uint32_t nres = slot_count(L->type->results, L->type->nresults);
    if (nres > nslots) nslots = nres;
    LLVMValueRef top = load_field(L, M->ptr, L->ctx, offsetof(exec_ctx_t, stack_top), false);
    LLVMValueRef end = load_field(L, M->ptr, L->ctx, offsetof(exec_ctx_t, stack_end), false);
    LLVMValueRef lim = c64(L, (uint64_t)nslots + 8);
    LLVMValueRef need = LLVMBuildGEP2(L->b, M->i64, top, &lim, 1, "");
    LLVMValueRef fits = LLVMBuildICmp(L->b, LLVMIntULE, need, end, "");
    LLVMBuildCondBr(L->b, fits, call, ok);
    LLVMPositionBuilderAtEnd(L->b, call);
    for (uint32_t i = 0, pos = 0; i < L->nlocals; pos += slot_width(L->local_types[i]), i++)
        store_slot(L, top, pos, LLVMBuildLoad2(L->b, vt_type(M, L->local_types[i]), L->locals[i], ""),
                   L->local_types[i]);
    for (uint32_t i = 0, pos = L->nlocal_slots; i < n; pos += slot_width(L->stack_types[i]), i++)
        store_slot(L, top, pos, L->stack[i], L->stack_types[i]);
    LLVMValueRef args[6] = {L->ctx, L->inst, c32(L, L->def_idx), c32(L, ordinal), top, c32(L, nslots)};
    LLVMValueRef r = call_helper(L, H_TIERUP, args, 6);
    LLVMBuildCondBr(L->b, LLVMBuildICmp(L->b, LLVMIntNE, r, c32(L, 0), ""), done, ok);
    /* the newer code's results, at the start of the frame */
    LLVMPositionBuilderAtEnd(L->b, done);
    const bin_functype_t *ft = L->type;
    if (L->osr) {
        LLVMValueRef slots = LLVMGetParam(L->fn, 2);
        for (uint32_t i = 0, pos = 0; i < ft->nresults; pos += slot_width(ft->results[i]), i++)
            store_slot(L, slots, pos, load_slot(L, top, pos, ft->results[i]), ft->results[i]);
        LLVMBuildRet(L->b, c32(L, 1));
    } else if (ft->nresults == 0) {
        LLVMBuildRetVoid(L->b);
    } else if (ft->nresults == 1) {
        LLVMBuildRet(L->b, load_slot(L, top, 0, ft->results[0]));
    } else {
        LLVMValueRef *vals = base_alloc_array(ft->nresults, sizeof *vals);
        if (!vals) return false;
        for (uint32_t i = 0, pos = 0; i < ft->nresults; pos += slot_width(ft->results[i]), i++)
            vals[i] = load_slot(L, top, pos, ft->results[i]);
        LLVMBuildAggregateRet(L->b, vals, ft->nresults);
        base_free(vals);
    }
    LLVMPositionBuilderAtEnd(L->b, ok);
    return true;
}

static bool call_func_object_inline(lower_t *L, LLVMValueRef f, const bin_functype_t *ft);

/* Level 0: `RT c<type>(ctx, inst, f, P...)`, internal, holding both ways
 * of a call through a function object (call_func_object_inline), made
 * once per function type and compile. Every such call site is then one
 * call: at level 0 nothing would merge the sites, and in tier auto's
 * first compiles a fifth of the IR was these sites (every call to a
 * function of another generation goes through its function object), with
 * a SelectionDAG fallback from FastISel for each (the atomic store). The
 * thunk's frame is not listed in backtraces: its return addresses resolve
 * to no f<i> or s<i> (exec_native_backtrace). NULL: inline the call. */
static LLVMValueRef call_thunk(lower_module_t *M, const bin_functype_t *ft)
{
    const bin_module_t *bin = M->bin;
    if (!M->call_thunks || ft < bin->types || ft >= bin->types + bin->ntypes) return NULL;
    uint32_t k = (uint32_t)(ft - bin->types);
    if (!M->thunks && !(M->thunks = base_calloc(bin->ntypes, sizeof *M->thunks))) return NULL;
    if (M->thunks[k]) return M->thunks[k];
    uint32_t np = ft->nparams, nr = ft->nresults;
    LLVMTypeRef fty = lower_fn_type(M, ft);
    LLVMTypeRef *pt = fty ? base_alloc_array(np + 3, sizeof *pt) : NULL;
    if (!pt) return NULL;
    LLVMGetParamTypes(fty, pt + 1);
    pt[0] = pt[1];                  /* ctx */
    pt[1] = pt[2];                  /* inst */
    pt[2] = M->ptr;                 /* f */
    for (uint32_t i = 0; i < np; i++) pt[3 + i] = vt_type(M, ft->params[i]);
    LLVMTypeRef tty = LLVMFunctionType(LLVMGetReturnType(fty), pt, np + 3, 0);
    base_free(pt);
    char name[32];
    snprintf(name, sizeof name, "c%u", k);
    LLVMValueRef fn = LLVMAddFunction(M->mod, name, tty);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateStringAttribute(M->llctx, "frame-pointer", 13, "all", 3));
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
    lower_t T;
    memset(&T, 0, sizeof T);
    T.M = M;
    T.bin = bin;
    T.fn = fn;
    T.b = LLVMCreateBuilderInContext(M->llctx);
    T.ctx = LLVMGetParam(fn, 0);
    T.inst = LLVMGetParam(fn, 1);
    /* the entry block must hold an instruction: the slots array is an
     * alloca placed before its first one */
    T.entry_bb = LLVMAppendBasicBlockInContext(M->llctx, fn, "entry");
    LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(M->llctx, fn, "call");
    LLVMPositionBuilderAtEnd(T.b, T.entry_bb);
    LLVMBuildBr(T.b, body);
    LLVMPositionBuilderAtEnd(T.b, body);
    bool ok = true;
    for (uint32_t i = 0; ok && i < np; i++) ok = push(&T, LLVMGetParam(fn, 3 + i), ft->params[i]);
    ok = ok && call_func_object_inline(&T, LLVMGetParam(fn, 2), ft);
    if (ok && nr == 0) {
        LLVMBuildRetVoid(T.b);
    } else if (ok && nr == 1) {
        LLVMBuildRet(T.b, T.stack[0]);
    } else if (ok) {
        LLVMValueRef r = LLVMGetUndef(LLVMGetReturnType(fty));
        for (uint32_t i = 0; i < nr; i++) r = LLVMBuildInsertValue(T.b, r, T.stack[i], i, "");
        LLVMBuildRet(T.b, r);
    }
    LLVMDisposeBuilder(T.b);
    base_free(T.stack);
    base_free(T.stack_types);
    base_free(T.dirty);
    if (!ok) {
        LLVMDeleteFunction(fn);
        return NULL;
    }
    return M->thunks[k] = fn;
}

/* A call through a wasmcell_func_t (imports, tables): its typed native
 * entry when it has one, else the runtime's wcn_call over slots; at level
 * 0 through the type's thunk. */
static bool call_func_object(lower_t *L, LLVMValueRef f, const bin_functype_t *ft)
{
    LLVMValueRef th = call_thunk(L->M, ft);
    if (!th) return call_func_object_inline(L, f, ft);
    uint32_t np = ft->nparams;
    LLVMValueRef *args = base_alloc_array(np + 3, sizeof *args);
    if (!args) return false;
    args[0] = L->ctx;
    args[1] = L->inst;
    args[2] = f;
    for (uint32_t i = 0; i < np; i++) args[3 + i] = L->stack[L->sp - np + i];
    L->sp -= np;
    LLVMValueRef r = LLVMBuildCall2(L->b, LLVMGlobalGetValueType(th), th, args, np + 3, "");
    base_free(args);
    return ft->nresults == 0 || push_results(L, ft, r);
}

static bool call_func_object_inline(lower_t *L, LLVMValueRef f, const bin_functype_t *ft)
{
    uint32_t np = ft->nparams, nr = ft->nresults;
    LLVMValueRef *args = base_alloc_array(np + 2, sizeof *args);
    if (!args) return false;
    for (uint32_t i = 0; i < np; i++) args[2 + i] = L->stack[L->sp - np + i];
    L->sp -= np;

    LLVMValueRef typed = load_field(L, L->M->ptr, f, offsetof(wasmcell_func_t, native_typed), false);
    LLVMValueRef has = LLVMBuildICmp(L->b, LLVMIntNE, typed, LLVMConstNull(L->M->ptr), "");
    LLVMBasicBlockRef fast = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "call.native");
    LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "call.slots");
    LLVMBasicBlockRef join = LLVMAppendBasicBlockInContext(L->M->llctx, L->fn, "call.done");
    LLVMBuildCondBr(L->b, has, fast, slow);

    /* typed: fn(ctx, callee's instance, args...) */
    LLVMPositionBuilderAtEnd(L->b, fast);
    args[0] = L->ctx;
    args[1] = load_field(L, L->M->ptr, f, offsetof(wasmcell_func_t, inst), false);
    /* the callee's instance now runs on this thread: where its interrupts
     * send their signal (exec_interrupt.c) */
    LLVMValueRef gen = load_field(L, L->M->i64, L->ctx, offsetof(exec_ctx_t, gen), false);
    LLVMValueRef gp = LLVMBuildGEP2(L->b, L->M->i8, args[1],
                                    (LLVMValueRef[]){c64(L, offsetof(rt_instance_t, running_gen))}, 1, "");
    LLVMValueRef st = LLVMBuildStore(L->b, gen, gp);
    LLVMSetOrdering(st, LLVMAtomicOrderingMonotonic);
    LLVMSetMetadata(st, L->M->md_tbaa, L->M->tbaa_vm);
    LLVMSetAlignment(st, 8);
    LLVMTypeRef fty = lower_fn_type(L->M, ft);
    LLVMValueRef r_fast = LLVMBuildCall2(L->b, fty, typed, args, np + 2, "");
    LLVMBasicBlockRef fast_end = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, join);

    /* slots: spill to a frame array, wcn_call(ctx, inst, f, slots), reload */
    LLVMPositionBuilderAtEnd(L->b, slow);
    uint32_t nps = slot_count(ft->params, np), nrs = slot_count(ft->results, nr);
    uint32_t n = nps > nrs ? nps : nrs;
    if (n == 0) n = 1;
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
    LLVMPositionBuilderBefore(L->b, LLVMGetFirstInstruction(L->entry_bb));
    LLVMValueRef slots = LLVMBuildAlloca(L->b, LLVMArrayType2(L->M->i64, n), "slots");
    LLVMPositionBuilderAtEnd(L->b, cur);
    for (uint32_t i = 0, pos = 0; i < np; pos += slot_width(ft->params[i]), i++)
        store_slot(L, slots, pos, args[2 + i], ft->params[i]);
    LLVMValueRef cargs[4] = {L->ctx, L->inst, f, slots};
    call_helper(L, H_CALL, cargs, 4);
    LLVMValueRef r_slow = NULL;
    if (nr == 1) {
        r_slow = load_slot(L, slots, 0, ft->results[0]);
    } else if (nr > 1) {
        r_slow = LLVMGetUndef(LLVMGetReturnType(fty));
        for (uint32_t i = 0, pos = 0; i < nr; pos += slot_width(ft->results[i]), i++)
            r_slow = LLVMBuildInsertValue(L->b, r_slow, load_slot(L, slots, pos, ft->results[i]), i, "");
    }
    LLVMBasicBlockRef slow_end = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, join);

    LLVMPositionBuilderAtEnd(L->b, join);
    base_free(args);
    if (nr == 0) return true;
    LLVMValueRef phi = LLVMBuildPhi(L->b, LLVMTypeOf(r_fast), "");
    LLVMValueRef vals[2] = {r_fast, r_slow};
    LLVMBasicBlockRef bbs[2] = {fast_end, slow_end};
    LLVMAddIncoming(phi, vals, bbs, 2);
    return push_results(L, ft, phi);
}

static bool do_call(lower_t *L, uint32_t func_idx)
{
    const bin_module_t *bin = L->bin;
    const bin_functype_t *ft = bin_func_type(bin, func_idx);
    if (func_idx >= bin->nfunc_imports && L->M->funcs[func_idx - bin->nfunc_imports]) {
        /* a compiled function of this module: a direct call, same instance */
        uint32_t np = ft->nparams;
        LLVMValueRef *args = base_alloc_array(np + 2, sizeof *args);
        if (!args) return false;
        args[0] = L->ctx;
        args[1] = L->inst;
        for (uint32_t i = 0; i < np; i++) args[2 + i] = L->stack[L->sp - np + i];
        L->sp -= np;
        LLVMValueRef callee = L->M->funcs[func_idx - bin->nfunc_imports];
        /* a self-call of the entry calls its copy, which LLVM inlines (as
         * gcc inlines recursion one level deep); the copy's call the entry */
        if (func_idx - bin->nfunc_imports == L->def_idx && L->fn == callee && L->M->rec &&
            L->M->rec[L->def_idx])
            callee = L->M->rec[L->def_idx];
        LLVMValueRef r = LLVMBuildCall2(L->b, LLVMGlobalGetValueType(callee), callee, args, np + 2, "");
        base_free(args);
        return push_results(L, ft, r);
    }
    LLVMValueRef f = load_array_elem(L, offsetof(rt_instance_t, funcs), c64(L, func_idx), true);
    return call_func_object(L, f, ft);
}

/* return_call of a function of this module lowered in the same compile
 * (llvm_compile.c keeps every other tail call interpreted): a musttail
 * call, which LLVM must turn into a jump, so tail-recursive loops run in
 * constant stack as wasm requires. From an f<i> the callee has the same
 * prototype and is f<j>; from a tailcc body t<i> it is t<j>, of any
 * prototype (compile_module puts every target of a t<i> in tailcc too).
 * In the OSR variant (a C-convention function) it is a plain call and a
 * return: that variant runs one activation, so one frame more is bounded. */
static bool do_return_call(lower_t *L, uint32_t func_idx)
{
    const bin_module_t *bin = L->bin;
    if (L->osr) {
        if (!do_call(L, func_idx)) return false;
        branch_to(L, L->nctl - 1);
        mark_unreachable(L);
        return true;
    }
    bool tailcc = L->M->tfuncs && L->M->tfuncs[L->def_idx] == L->fn;
    LLVMValueRef *entries = tailcc ? L->M->tfuncs : L->M->funcs;
    if (func_idx < bin->nfunc_imports || !entries[func_idx - bin->nfunc_imports]) {
        snprintf(L->err, sizeof L->err, "return_call of a function outside this compile");
        return false;
    }
    const bin_functype_t *ft = bin_func_type(bin, func_idx);
    uint32_t np = ft->nparams;
    LLVMValueRef *args = base_alloc_array(np + 2, sizeof *args);
    if (!args) return false;
    args[0] = L->ctx;
    args[1] = L->inst;
    for (uint32_t i = 0; i < np; i++) args[2 + i] = L->stack[L->sp - np + i];
    L->sp -= np;
    LLVMValueRef callee = entries[func_idx - bin->nfunc_imports];
    LLVMValueRef r = LLVMBuildCall2(L->b, LLVMGlobalGetValueType(callee), callee, args, np + 2, "");
    base_free(args);
    if (tailcc) LLVMSetInstructionCallConv(r, LOWER_TAILCC);
    LLVMSetTailCallKind(r, LLVMTailCallKindMustTail);
    if (ft->nresults == 0) LLVMBuildRetVoid(L->b);
    else LLVMBuildRet(L->b, r);
    mark_unreachable(L); /* the block ends with the ret: seal_dead adds nothing */
    return true;
}

/* call_ref $t: validation proved the reference's type; only null traps. */
static bool do_call_ref(lower_t *L, uint32_t type_idx)
{
    LLVMValueRef f = LLVMBuildIntToPtr(L->b, pop(L), L->M->ptr, "");
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntEQ, f, LLVMConstNull(L->M->ptr), ""),
            WASMCELL_TRAP_NULL_FUNCREF);
    return call_func_object(L, f, &L->bin->types[type_idx]);
}

static bool do_call_indirect(lower_t *L, uint32_t type_idx, uint32_t table_idx)
{
    const bin_functype_t *ft = &L->bin->types[type_idx];
    LLVMValueRef i = pop(L);
    LLVMValueRef t = load_array_elem(L, offsetof(rt_instance_t, tables), c64(L, table_idx), true);
    LLVMValueRef size = load_field(L, L->M->i32, t, offsetof(wasmcell_table_t, size), false);
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntUGE, i, size, ""), WASMCELL_TRAP_UNDEFINED_ELEMENT);
    LLVMValueRef elems = load_field(L, L->M->ptr, t, offsetof(wasmcell_table_t, elems), false);
    LLVMValueRef i64 = LLVMBuildZExt(L->b, i, L->M->i64, "");
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->M->ptr, elems, &i64, 1, "");
    LLVMValueRef f = LLVMBuildLoad2(L->b, L->M->ptr, p, "");
    LLVMSetMetadata(f, L->M->md_tbaa, L->M->tbaa_vm);
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntEQ, f, LLVMConstNull(L->M->ptr), ""),
            WASMCELL_TRAP_UNINITIALIZED_ELEMENT);
    LLVMValueRef sig = load_field(L, L->M->i32, f, offsetof(wasmcell_func_t, sig_id), false);
    LLVMValueRef ids = load_field(L, L->M->ptr, L->inst, offsetof(rt_instance_t, native_sig_ids), true);
    LLVMValueRef ti = c64(L, type_idx);
    LLVMValueRef ep = LLVMBuildGEP2(L->b, L->M->i32, ids, &ti, 1, "");
    LLVMValueRef expect = LLVMBuildLoad2(L->b, L->M->i32, ep, "");
    set_invariant(L, expect);
    LLVMSetMetadata(expect, L->M->md_tbaa, L->M->tbaa_vm);
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntNE, sig, expect, ""), WASMCELL_TRAP_INDIRECT_CALL_TYPE);
    return call_func_object(L, f, ft);
}

/* ---- numeric ----------------------------------------------------------- */

static LLVMValueRef un_intr(lower_t *L, const char *name, LLVMValueRef a)
{
    LLVMTypeRef t = LLVMTypeOf(a);
    return intrinsic(L, name, &t, 1, &a, 1);
}
static LLVMValueRef bin_intr(lower_t *L, const char *name, LLVMValueRef a, LLVMValueRef b)
{
    LLVMTypeRef t = LLVMTypeOf(a);
    LLVMValueRef args[2] = {a, b};
    return intrinsic(L, name, &t, 1, args, 2);
}

static void int_div(lower_t *L, bool is64, bool sign, bool rem)
{
    LLVMValueRef b = pop(L), a = pop(L);
    LLVMTypeRef t = is64 ? L->M->i64 : L->M->i32;
    LLVMValueRef zero = LLVMConstInt(t, 0, 0);
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntEQ, b, zero, ""), WASMCELL_TRAP_INT_DIV_ZERO);
    LLVMValueRef r;
    if (sign) {
        LLVMValueRef minv = LLVMConstInt(t, is64 ? (1ull << 63) : (1ull << 31), 0);
        LLVMValueRef ovf = LLVMBuildAnd(L->b, LLVMBuildICmp(L->b, LLVMIntEQ, a, minv, ""),
                                        LLVMBuildICmp(L->b, LLVMIntEQ, b, LLVMConstAllOnes(t), ""), "");
        if (!rem) {
            trap_if(L, ovf, WASMCELL_TRAP_INT_OVERFLOW);
            r = LLVMBuildSDiv(L->b, a, b, "");
        } else {
            /* INT_MIN % -1 is 0 in wasm; x86 idiv would fault: divide by 1 instead */
            LLVMValueRef safe_b = LLVMBuildSelect(L->b, ovf, LLVMConstInt(t, 1, 0), b, "");
            r = LLVMBuildSRem(L->b, a, safe_b, "");
        }
    } else {
        r = rem ? LLVMBuildURem(L->b, a, b, "") : LLVMBuildUDiv(L->b, a, b, "");
    }
    push(L, r, is64 ? VT_I64 : VT_I32);
}

static void shift(lower_t *L, bool is64, int kind /* 0 shl 1 shr_s 2 shr_u 3 rotl 4 rotr */)
{
    LLVMValueRef b = pop(L), a = pop(L);
    LLVMTypeRef t = is64 ? L->M->i64 : L->M->i32;
    LLVMValueRef m = LLVMBuildAnd(L->b, b, LLVMConstInt(t, is64 ? 63 : 31, 0), "");
    LLVMValueRef r;
    switch (kind) {
    case 0: r = LLVMBuildShl(L->b, a, m, ""); break;
    case 1: r = LLVMBuildAShr(L->b, a, m, ""); break;
    case 2: r = LLVMBuildLShr(L->b, a, m, ""); break;
    default: {
        LLVMValueRef args[3] = {a, a, b};
        r = intrinsic(L, kind == 3 ? "llvm.fshl" : "llvm.fshr", &t, 1, args, 3);
    }
    }
    push(L, r, is64 ? VT_I64 : VT_I32);
}

/* Trapping float -> int: NaN is "invalid conversion", out of range
 * "integer overflow"; in range iff lo < x < hi (bounds exact in the float type). */
static void trunc_trap(lower_t *L, bool to64, bool sign, double lo, double hi)
{
    LLVMValueRef x = pop(L);
    LLVMTypeRef ft = LLVMTypeOf(x);
    trap_if(L, LLVMBuildFCmp(L->b, LLVMRealUNO, x, x, ""), WASMCELL_TRAP_INVALID_CONVERSION);
    LLVMValueRef in_range = LLVMBuildAnd(
        L->b, LLVMBuildFCmp(L->b, LLVMRealOGT, x, LLVMConstReal(ft, lo), ""),
        LLVMBuildFCmp(L->b, LLVMRealOLT, x, LLVMConstReal(ft, hi), ""), "");
    trap_if(L, LLVMBuildNot(L->b, in_range, ""), WASMCELL_TRAP_INT_OVERFLOW);
    LLVMTypeRef it = to64 ? L->M->i64 : L->M->i32;
    LLVMValueRef r = sign ? LLVMBuildFPToSI(L->b, x, it, "") : LLVMBuildFPToUI(L->b, x, it, "");
    push(L, r, to64 ? VT_I64 : VT_I32);
}

static void trunc_sat(lower_t *L, bool to64, bool sign)
{
    LLVMValueRef x = pop(L);
    LLVMTypeRef tys[2] = {to64 ? L->M->i64 : L->M->i32, LLVMTypeOf(x)};
    LLVMValueRef r = intrinsic(L, sign ? "llvm.fptosi.sat" : "llvm.fptoui.sat", tys, 2, &x, 1);
    push(L, r, to64 ? VT_I64 : VT_I32);
}

/* An i32 condition as an i1. A comparison pushes zext(i1); branching and
 * selecting on that i1 directly lets FastISel (level 0, no instcombine)
 * fold the compare into the jump instead of materialising 0/1, testing it
 * and jumping on the test. */
static LLVMValueRef truth(lower_t *L, LLVMValueRef v)
{
    LLVMValueRef z = LLVMIsAZExtInst(v);
    if (z) {
        LLVMValueRef c = LLVMGetOperand(z, 0);
        if (LLVMTypeOf(c) == L->M->i1) {
            /* FastISel folds only a compare with one use: drop the zext
             * when nothing else took the value (every value kept for
             * later, by local.set/tee or the local cache, has a use) */
            if (!LLVMGetFirstUse(z)) LLVMInstructionEraseFromParent(z);
            return c;
        }
    }
    return LLVMBuildICmp(L->b, LLVMIntNE, v, c32(L, 0), "");
}

static LLVMIntPredicate inverse_pred(LLVMIntPredicate p)
{
    switch (p) {
    case LLVMIntEQ: return LLVMIntNE;
    case LLVMIntNE: return LLVMIntEQ;
    case LLVMIntUGT: return LLVMIntULE;
    case LLVMIntUGE: return LLVMIntULT;
    case LLVMIntULT: return LLVMIntUGE;
    case LLVMIntULE: return LLVMIntUGT;
    case LLVMIntSGT: return LLVMIntSLE;
    case LLVMIntSGE: return LLVMIntSLT;
    case LLVMIntSLT: return LLVMIntSGE;
    case LLVMIntSLE: return LLVMIntSGT;
    }
    return p;
}

static void icmp(lower_t *L, LLVMIntPredicate p)
{
    LLVMValueRef b = pop(L), a = pop(L);
    push(L, LLVMBuildZExt(L->b, LLVMBuildICmp(L->b, p, a, b, ""), L->M->i32, ""), VT_I32);
}
static void fcmp(lower_t *L, LLVMRealPredicate p)
{
    LLVMValueRef b = pop(L), a = pop(L);
    push(L, LLVMBuildZExt(L->b, LLVMBuildFCmp(L->b, p, a, b, ""), L->M->i32, ""), VT_I32);
}

/* A float value LLVM may not look through. LLVM folds x*1, x-0, x/-1,
 * demote(promote(x)) to x or -x, which passes a signalling NaN through
 * where wasm requires it quieted; hiding the constant (or the promoted
 * value) keeps the operation. An empty inline asm costs no instruction. */
static LLVMValueRef opaque(lower_t *L, LLVMValueRef v)
{
    LLVMTypeRef t = LLVMTypeOf(v);
    LLVMTypeRef fty = LLVMFunctionType(t, &t, 1, 0);
    LLVMValueRef asmv = LLVMGetInlineAsm(fty, "", 0, "=x,0", 4, 0, 0, LLVMInlineAsmDialectATT, 0);
    return LLVMBuildCall2(L->b, fty, asmv, &v, 1, "");
}

typedef LLVMValueRef (*build2_fn)(LLVMBuilderRef, LLVMValueRef, LLVMValueRef, const char *);
static void binop(lower_t *L, build2_fn f, bin_valtype_t t)
{
    LLVMValueRef b = pop(L), a = pop(L);
    if (t == VT_F32 || t == VT_F64) {
        if (LLVMIsConstant(a)) a = opaque(L, a);
        if (LLVMIsConstant(b)) b = opaque(L, b);
    }
    push(L, f(L->b, a, b, ""), t);
}

static void sext_from(lower_t *L, LLVMTypeRef narrow, bin_valtype_t t)
{
    LLVMValueRef a = pop(L);
    push(L, LLVMBuildSExt(L->b, LLVMBuildTrunc(L->b, a, narrow, ""), LLVMTypeOf(a), ""), t);
}

/* ---- bulk memory, tables, references ------------------------------------ */

static void helper_args(lower_t *L, lower_helper_t h, uint32_t npop, const uint64_t *imms,
                        uint32_t nimm, bool with_ctx)
{
    LLVMValueRef args[10];
    unsigned n = 0;
    if (with_ctx) args[n++] = L->ctx;
    args[n++] = L->inst;
    for (uint32_t i = 0; i < nimm; i++) args[n++] = c32(L, imms[i]);
    for (uint32_t i = 0; i < npop; i++) args[n + i] = L->stack[L->sp - npop + i];
    L->sp -= npop;
    call_helper(L, h, args, n + npop);
}

/* ---- SIMD ----------------------------------------------------------------- */

static bin_valtype_t sig_type(char c)
{
    switch (c) {
    case 'i': return VT_I32;
    case 'I': return VT_I64;
    case 'f': return VT_F32;
    case 'F': return VT_F64;
    default: return VT_V128;
    }
}

/* A 0xFD instruction: its operands, as its signature in opcodes.def lists
 * them, go to llvm_simd.c; its result (at most one) comes back. */
static bool simd_instr(lower_t *L, const bin_instr_t *in)
{
    const char *sig = bin_opinfo[in->op].sig;
    const char *colon = strchr(sig, ':');
    uint32_t n = (uint32_t)(colon - sig);
    LLVMValueRef args[3];
    for (uint32_t i = 0; i < n; i++) args[i] = L->stack[L->sp - n + i];
    L->sp -= n;
    LLVMValueRef r;
    LLVMValueRef mem = L->mem;
    uint32_t width = simd_access_width(in->op);
    /* bounds-checked memory: the check here, llvm_simd.c adds the address
     * to the base it gets */
    if (width && L->M->checked) mem = checked_base(L, args[0], in->imm.memarg.offset, width, NULL);
    if (!lower_simd(L->M, L->b, mem, in, args, &r, L->err, sizeof L->err)) return false;
    return colon[1] ? push(L, r, sig_type(colon[1])) : true;
}

/* ---- the instruction loop ----------------------------------------------- */

/* Memory and table instructions the lowering has no form for yet: memory
 * indices other than 0 (multi-memory), 64-bit memories and tables
 * (memory64, table64). A function using one stays interpreted. */
static bool beyond_memory0(const bin_module_t *bin, const bin_instr_t *in)
{
    uint32_t mem[2] = {UINT32_MAX, UINT32_MAX}, table[2] = {UINT32_MAX, UINT32_MAX};
    switch (bin_opinfo[in->op].imm) {
    case IMM_MEMARG: case IMM_MEMARG_LANE: mem[0] = in->imm.memarg.mem_idx; break;
    case IMM_MEMORY: mem[0] = in->imm.idx; break;
    case IMM_MEMORY_COPY: mem[0] = in->imm.pair.a, mem[1] = in->imm.pair.b; break;
    case IMM_MEMORY_INIT: mem[0] = in->imm.pair.b; break;
    case IMM_TABLE: table[0] = in->imm.idx; break;
    case IMM_TABLE_COPY: table[0] = in->imm.pair.a, table[1] = in->imm.pair.b; break;
    case IMM_TABLE_INIT: table[0] = in->imm.pair.b; break;
    case IMM_CALL_INDIRECT: table[0] = in->imm.call_indirect.table_idx; break;
    default: return false;
    }
    for (int i = 0; i < 2; i++) {
        if (mem[i] != UINT32_MAX && (mem[i] != 0 || bin->memories[0].limits.is64)) return true;
        if (table[i] != UINT32_MAX && bin->tables[table[i]].limits.is64) return true;
    }
    return false;
}

static bool lower_instr(lower_t *L, const bin_instr_t *in)
{
    lower_module_t *M = L->M;
    LLVMBuilderRef b = L->b;
    if (beyond_memory0(L->bin, in)) {
        snprintf(L->err, sizeof L->err, "%s on a memory other than a 32-bit memory 0, or on a "
                 "64-bit table, is not supported by the native tier", bin_opinfo[in->op].name);
        return false;
    }
    switch (in->op) {
    case OP_NOP: return true;
    case OP_UNREACHABLE:
        LLVMBuildBr(b, trap_block(L, WASMCELL_TRAP_UNREACHABLE));
        mark_unreachable(L);
        return true;
    case OP_BLOCK: case OP_LOOP: case OP_IF: {
        bin_functype_t bt;
        if (!block_type(L, in, &bt)) return false;
        LLVMValueRef cond = in->op == OP_IF ? pop(L) : NULL;
        ctl_t *c = push_ctl(L, in->op == OP_BLOCK ? CTL_BLOCK : in->op == OP_LOOP ? CTL_LOOP : CTL_IF, &bt);
        if (!c) return false;
        if (in->op == OP_LOOP) {
            uint32_t ordinal = L->loop_ordinal++;
            c->header = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "loop");
            LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
            /* the header reloads every position below and in the loop */
            if (L->osr && !home_flush(L, L->sp, true)) return false;
            LLVMBuildBr(b, c->header);
            if (L->osr) {
                /* OSR enters here with the locals (already in their allocas)
                 * and the operand stack below and in the loop: those values
                 * come from the interpreter's frame, where they follow the
                 * locals (exec_native_osr packs them so) */
                uint32_t n = c->height + c->nparams;
                if (!L->ctls[L->nctl - 2].unreachable) {
                    LLVMBasicBlockRef oe = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "osr.enter");
                    LLVMPositionBuilderAtEnd(b, oe);
                    LLVMValueRef slots = LLVMGetParam(L->fn, 2);
                    for (uint32_t i = 0, pos = L->nlocal_slots; i < n; pos += slot_width(L->stack_types[i]), i++)
                        if (!home_store(L, i, load_slot(L, slots, pos, L->stack_types[i]), L->stack_types[i]))
                            return false;
                    LLVMBuildBr(b, c->header);
                    LLVMAddCase(L->osr_switch, c32(L, ordinal), oe);
                    L->nosr_loops++;
                }
                LLVMPositionBuilderAtEnd(b, c->header);
                if (!home_reload(L, n)) return false;
            } else {
                LLVMPositionBuilderAtEnd(b, c->header);
            }
            if (c->nparams && !L->osr) {
                c->loop_phis = base_alloc_array(c->nparams, sizeof *c->loop_phis);
                if (!c->loop_phis) return false;
                for (uint32_t i = 0; i < c->nparams; i++) {
                    LLVMValueRef v = L->stack[c->height + i];
                    c->loop_phis[i] = LLVMBuildPhi(b, LLVMTypeOf(v), "");
                    LLVMAddIncoming(c->loop_phis[i], &v, &pre, 1);
                    L->stack[c->height + i] = c->loop_phis[i];
                }
            }
            budget_tick(L);
            if (!tierup_poll(L, ordinal, c->height + c->nparams)) return false;
        } else if (in->op == OP_IF) {
            LLVMBasicBlockRef then_bb = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "then");
            c->else_bb = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "else");
            LLVMValueRef nz = truth(L, cond);
            /* the else arm reloads every position below and its params */
            if (L->osr && !home_flush(L, L->sp, true)) return false;
            LLVMBuildCondBr(b, nz, then_bb, c->else_bb);
            LLVMPositionBuilderAtEnd(b, then_bb);
            if (c->nparams) {
                c->if_params = base_alloc_array(c->nparams, sizeof *c->if_params);
                if (!c->if_params) return false;
                memcpy(c->if_params, &L->stack[c->height], c->nparams * sizeof *c->if_params);
            }
        }
        return true;
    }
    case OP_ELSE: {
        ctl_t *c = &L->ctls[L->nctl - 1];
        if (!c->unreachable) {
            if (L->osr) home_carry(L, c->height, c->nresults);
            else add_incoming(L, c->end_phis, c->nresults);
            c->nbranches++;
            LLVMBuildBr(b, c->end_bb);
        } else {
            seal_dead(L);
        }
        LLVMPositionBuilderAtEnd(b, c->else_bb);
        c->else_bb = NULL;
        c->unreachable = false;
        return else_entry(L, c);
    }
    case OP_END: return do_end(L);
    case OP_BR:
        branch_to(L, in->imm.idx);
        mark_unreachable(L);
        return true;
    case OP_BR_IF: {
        LLVMValueRef cond = pop(L);
        LLVMBasicBlockRef take = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "br");
        LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "cont");
        /* once here, for both ways (the taken one's carry then stores little) */
        if (L->osr && !home_flush(L, L->sp, true)) return false;
        LLVMBuildCondBr(b, truth(L, cond), take, cont);
        LLVMPositionBuilderAtEnd(b, take);
        branch_to(L, in->imm.idx);
        LLVMPositionBuilderAtEnd(b, cont);
        return true;
    }
    case OP_BR_TABLE: {
        LLVMValueRef idx = pop(L);
        uint32_t n = in->imm.br_table.count;
        /* one trampoline block per distinct label (phis then see one edge each) */
        uint32_t ndistinct = 0;
        uint32_t *labels = base_alloc_array((size_t)n + 1, sizeof *labels);
        LLVMBasicBlockRef *tramps = base_alloc_array((size_t)n + 1, sizeof *tramps);
        if (!labels || !tramps) { base_free(labels); base_free(tramps); return false; }
        if (L->osr && !home_flush(L, L->sp, true)) {
            base_free(labels);
            base_free(tramps);
            return false;
        }
        LLVMBasicBlockRef from = LLVMGetInsertBlock(b);
        LLVMBasicBlockRef deflt = NULL;
        LLVMValueRef sw = NULL;
        for (uint32_t k = 0; k <= n; k++) {
            uint32_t label = k < n ? in->imm.br_table.labels[k] : in->imm.br_table.default_label;
            uint32_t j = 0;
            while (j < ndistinct && labels[j] != label) j++;
            if (j == ndistinct) {
                labels[ndistinct] = label;
                tramps[ndistinct] = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "brt");
                LLVMPositionBuilderAtEnd(b, tramps[ndistinct]);
                branch_to(L, label);
                ndistinct++;
            }
            if (k == n) deflt = tramps[j];
        }
        LLVMPositionBuilderAtEnd(b, from);
        sw = LLVMBuildSwitch(b, idx, deflt, n);
        for (uint32_t k = 0; k < n; k++) {
            uint32_t j = 0;
            while (labels[j] != in->imm.br_table.labels[k]) j++;
            if (tramps[j] != deflt) LLVMAddCase(sw, c32(L, k), tramps[j]);
        }
        base_free(labels);
        base_free(tramps);
        mark_unreachable(L);
        return true;
    }
    case OP_RETURN:
        branch_to(L, L->nctl - 1);
        mark_unreachable(L);
        return true;
    case OP_CALL: return do_call(L, in->imm.idx);
    case OP_RETURN_CALL: return do_return_call(L, in->imm.idx);
    case OP_CALL_INDIRECT:
        return do_call_indirect(L, in->imm.call_indirect.type_idx, in->imm.call_indirect.table_idx);
    case OP_CALL_REF: return do_call_ref(L, in->imm.idx);
    case OP_REF_AS_NON_NULL: {
        bin_valtype_t t = L->stack_types[L->sp - 1];
        LLVMValueRef r = pop(L);
        trap_if(L, LLVMBuildICmp(b, LLVMIntEQ, r, c64(L, 0), ""), WASMCELL_TRAP_NULL_REFERENCE);
        return push(L, r, t | VT_NONNULL);
    }
    case OP_BR_ON_NULL: case OP_BR_ON_NON_NULL: {
        /* br_on_null: a null reference is dropped and the values below
         * branch; br_on_non_null: a non-null one branches with them. */
        bool on_null = in->op == OP_BR_ON_NULL;
        bin_valtype_t t = L->stack_types[L->sp - 1];
        LLVMValueRef r = pop(L);
        LLVMBasicBlockRef take = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "br");
        LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "cont");
        LLVMValueRef is_null = LLVMBuildICmp(b, LLVMIntEQ, r, c64(L, 0), "");
        if (L->osr && !home_flush(L, L->sp, true)) return false;
        LLVMBuildCondBr(b, is_null, on_null ? take : cont, on_null ? cont : take);
        LLVMPositionBuilderAtEnd(b, take);
        if (!on_null && !push(L, r, t | VT_NONNULL)) return false;
        branch_to(L, in->imm.idx);
        if (!on_null) L->sp--;
        LLVMPositionBuilderAtEnd(b, cont);
        return on_null ? push(L, r, t | VT_NONNULL) : true;
    }
    case OP_DROP: L->sp--; return true;
    case OP_SELECT: case OP_SELECT_T: {
        LLVMValueRef c = pop(L), y = pop(L), x = pop(L);
        bin_valtype_t t = L->stack_types[L->sp];
        return push(L, LLVMBuildSelect(b, truth(L, c), x, y, ""), t);
    }
    case OP_LOCAL_GET: {
        uint32_t i = in->imm.idx;
        LLVMValueRef v = local_known(L, i);
        if (!v) {
            v = LLVMBuildLoad2(b, vt_type(M, L->local_types[i]), L->locals[i], "");
            local_learn(L, i, v);
        }
        return push(L, v, L->local_types[i]);
    }
    case OP_LOCAL_SET: {
        LLVMValueRef v = pop(L);
        LLVMBuildStore(b, v, L->locals[in->imm.idx]);
        local_learn(L, in->imm.idx, v);
        return true;
    }
    case OP_LOCAL_TEE:
        LLVMBuildStore(b, L->stack[L->sp - 1], L->locals[in->imm.idx]);
        local_learn(L, in->imm.idx, L->stack[L->sp - 1]);
        return true;
    case OP_GLOBAL_GET: do_global_get(L, in->imm.idx); return true;
    case OP_GLOBAL_SET: do_global_set(L, in->imm.idx); return true;

    case OP_I32_LOAD: do_load(L, in, M->i32, M->i32, 0, VT_I32); return true;
    case OP_I64_LOAD: do_load(L, in, M->i64, M->i64, 0, VT_I64); return true;
    case OP_F32_LOAD: do_load(L, in, M->f32, M->f32, 0, VT_F32); return true;
    case OP_F64_LOAD: do_load(L, in, M->f64, M->f64, 0, VT_F64); return true;
    case OP_I32_LOAD8_S: do_load(L, in, M->i8, M->i32, 1, VT_I32); return true;
    case OP_I32_LOAD8_U: do_load(L, in, M->i8, M->i32, 2, VT_I32); return true;
    case OP_I32_LOAD16_S: do_load(L, in, M->i16, M->i32, 1, VT_I32); return true;
    case OP_I32_LOAD16_U: do_load(L, in, M->i16, M->i32, 2, VT_I32); return true;
    case OP_I64_LOAD8_S: do_load(L, in, M->i8, M->i64, 1, VT_I64); return true;
    case OP_I64_LOAD8_U: do_load(L, in, M->i8, M->i64, 2, VT_I64); return true;
    case OP_I64_LOAD16_S: do_load(L, in, M->i16, M->i64, 1, VT_I64); return true;
    case OP_I64_LOAD16_U: do_load(L, in, M->i16, M->i64, 2, VT_I64); return true;
    case OP_I64_LOAD32_S: do_load(L, in, M->i32, M->i64, 1, VT_I64); return true;
    case OP_I64_LOAD32_U: do_load(L, in, M->i32, M->i64, 2, VT_I64); return true;
    case OP_I32_STORE: do_store(L, in, M->i32); return true;
    case OP_I64_STORE: do_store(L, in, M->i64); return true;
    case OP_F32_STORE: do_store(L, in, M->f32); return true;
    case OP_F64_STORE: do_store(L, in, M->f64); return true;
    case OP_I32_STORE8: case OP_I64_STORE8: do_store(L, in, M->i8); return true;
    case OP_I32_STORE16: case OP_I64_STORE16: do_store(L, in, M->i16); return true;
    case OP_I64_STORE32: do_store(L, in, M->i32); return true;
    case OP_MEMORY_SIZE: {
        LLVMValueRef mo = load_field(L, M->ptr, L->inst, offsetof(rt_instance_t, native_mem0obj), true);
        LLVMValueRef pages = load_field(L, M->i64, mo, offsetof(wasmcell_memory_t, pages), false);
        return push(L, LLVMBuildTrunc(b, pages, M->i32, ""), VT_I32);
    }
    case OP_MEMORY_GROW: {
        LLVMValueRef args[2] = {L->inst, pop(L)};
        return push(L, call_helper(L, H_MEMORY_GROW, args, 2), VT_I32);
    }
    case OP_I32_CONST: return push(L, c32(L, (uint32_t)in->imm.i32), VT_I32);
    case OP_I64_CONST: return push(L, c64(L, (uint64_t)in->imm.i64), VT_I64);
    case OP_F32_CONST:
        return push(L, LLVMConstBitCast(c32(L, in->imm.f32_bits), M->f32), VT_F32);
    case OP_F64_CONST:
        return push(L, LLVMConstBitCast(c64(L, in->imm.f64_bits), M->f64), VT_F64);

    case OP_I32_EQZ: case OP_I64_EQZ: {
        LLVMValueRef a = pop(L);
        /* eqz of a comparison: the inverse comparison (see truth) */
        LLVMValueRef za = LLVMIsAZExtInst(a), c = za ? LLVMIsAICmpInst(LLVMGetOperand(za, 0)) : NULL;
        LLVMValueRef z = c ? LLVMBuildICmp(b, inverse_pred(LLVMGetICmpPredicate(c)), LLVMGetOperand(c, 0),
                                           LLVMGetOperand(c, 1), "")
                           : LLVMBuildICmp(b, LLVMIntEQ, a, LLVMConstInt(LLVMTypeOf(a), 0, 0), "");
        if (c && !LLVMGetFirstUse(za)) {
            LLVMInstructionEraseFromParent(za);
            if (!LLVMGetFirstUse(c)) LLVMInstructionEraseFromParent(c);
        }
        return push(L, LLVMBuildZExt(b, z, M->i32, ""), VT_I32);
    }
    case OP_I32_EQ: case OP_I64_EQ: icmp(L, LLVMIntEQ); return true;
    case OP_I32_NE: case OP_I64_NE: icmp(L, LLVMIntNE); return true;
    case OP_I32_LT_S: case OP_I64_LT_S: icmp(L, LLVMIntSLT); return true;
    case OP_I32_LT_U: case OP_I64_LT_U: icmp(L, LLVMIntULT); return true;
    case OP_I32_GT_S: case OP_I64_GT_S: icmp(L, LLVMIntSGT); return true;
    case OP_I32_GT_U: case OP_I64_GT_U: icmp(L, LLVMIntUGT); return true;
    case OP_I32_LE_S: case OP_I64_LE_S: icmp(L, LLVMIntSLE); return true;
    case OP_I32_LE_U: case OP_I64_LE_U: icmp(L, LLVMIntULE); return true;
    case OP_I32_GE_S: case OP_I64_GE_S: icmp(L, LLVMIntSGE); return true;
    case OP_I32_GE_U: case OP_I64_GE_U: icmp(L, LLVMIntUGE); return true;
    case OP_F32_EQ: case OP_F64_EQ: fcmp(L, LLVMRealOEQ); return true;
    case OP_F32_NE: case OP_F64_NE: fcmp(L, LLVMRealUNE); return true;
    case OP_F32_LT: case OP_F64_LT: fcmp(L, LLVMRealOLT); return true;
    case OP_F32_GT: case OP_F64_GT: fcmp(L, LLVMRealOGT); return true;
    case OP_F32_LE: case OP_F64_LE: fcmp(L, LLVMRealOLE); return true;
    case OP_F32_GE: case OP_F64_GE: fcmp(L, LLVMRealOGE); return true;

    case OP_I32_CLZ: case OP_I64_CLZ: case OP_I32_CTZ: case OP_I64_CTZ: {
        LLVMValueRef a = pop(L);
        LLVMTypeRef t = LLVMTypeOf(a);
        LLVMValueRef args[2] = {a, LLVMConstInt(M->i1, 0, 0)};
        bool clz = in->op == OP_I32_CLZ || in->op == OP_I64_CLZ;
        return push(L, intrinsic(L, clz ? "llvm.ctlz" : "llvm.cttz", &t, 1, args, 2),
                    t == M->i32 ? VT_I32 : VT_I64);
    }
    case OP_I32_POPCNT: return push(L, un_intr(L, "llvm.ctpop", pop(L)), VT_I32);
    case OP_I64_POPCNT: return push(L, un_intr(L, "llvm.ctpop", pop(L)), VT_I64);
    case OP_I32_ADD: binop(L, LLVMBuildAdd, VT_I32); return true;
    case OP_I32_SUB: binop(L, LLVMBuildSub, VT_I32); return true;
    case OP_I32_MUL: binop(L, LLVMBuildMul, VT_I32); return true;
    case OP_I32_AND: binop(L, LLVMBuildAnd, VT_I32); return true;
    case OP_I32_OR: binop(L, LLVMBuildOr, VT_I32); return true;
    case OP_I32_XOR: binop(L, LLVMBuildXor, VT_I32); return true;
    case OP_I64_ADD: binop(L, LLVMBuildAdd, VT_I64); return true;
    case OP_I64_SUB: binop(L, LLVMBuildSub, VT_I64); return true;
    case OP_I64_MUL: binop(L, LLVMBuildMul, VT_I64); return true;
    case OP_I64_AND: binop(L, LLVMBuildAnd, VT_I64); return true;
    case OP_I64_OR: binop(L, LLVMBuildOr, VT_I64); return true;
    case OP_I64_XOR: binop(L, LLVMBuildXor, VT_I64); return true;
    case OP_I32_DIV_S: int_div(L, false, true, false); return true;
    case OP_I32_DIV_U: int_div(L, false, false, false); return true;
    case OP_I32_REM_S: int_div(L, false, true, true); return true;
    case OP_I32_REM_U: int_div(L, false, false, true); return true;
    case OP_I64_DIV_S: int_div(L, true, true, false); return true;
    case OP_I64_DIV_U: int_div(L, true, false, false); return true;
    case OP_I64_REM_S: int_div(L, true, true, true); return true;
    case OP_I64_REM_U: int_div(L, true, false, true); return true;
    case OP_I32_SHL: shift(L, false, 0); return true;
    case OP_I32_SHR_S: shift(L, false, 1); return true;
    case OP_I32_SHR_U: shift(L, false, 2); return true;
    case OP_I32_ROTL: shift(L, false, 3); return true;
    case OP_I32_ROTR: shift(L, false, 4); return true;
    case OP_I64_SHL: shift(L, true, 0); return true;
    case OP_I64_SHR_S: shift(L, true, 1); return true;
    case OP_I64_SHR_U: shift(L, true, 2); return true;
    case OP_I64_ROTL: shift(L, true, 3); return true;
    case OP_I64_ROTR: shift(L, true, 4); return true;

    case OP_F32_ABS: case OP_F64_ABS: {
        LLVMValueRef a = pop(L);
        return push(L, un_intr(L, "llvm.fabs", a), LLVMTypeOf(a) == M->f32 ? VT_F32 : VT_F64);
    }
    case OP_F32_NEG: case OP_F64_NEG: {
        LLVMValueRef a = pop(L);
        return push(L, LLVMBuildFNeg(b, a, ""), LLVMTypeOf(a) == M->f32 ? VT_F32 : VT_F64);
    }
    case OP_F32_CEIL: case OP_F64_CEIL: case OP_F32_FLOOR: case OP_F64_FLOOR:
    case OP_F32_TRUNC: case OP_F64_TRUNC: case OP_F32_NEAREST: case OP_F64_NEAREST:
    case OP_F32_SQRT: case OP_F64_SQRT: {
        const char *name =
            in->op == OP_F32_CEIL || in->op == OP_F64_CEIL     ? "llvm.ceil"
            : in->op == OP_F32_FLOOR || in->op == OP_F64_FLOOR ? "llvm.floor"
            : in->op == OP_F32_TRUNC || in->op == OP_F64_TRUNC ? "llvm.trunc"
            : in->op == OP_F32_SQRT || in->op == OP_F64_SQRT   ? "llvm.sqrt"
                                                               : "llvm.roundeven";
        LLVMValueRef a = pop(L);
        return push(L, un_intr(L, name, a), LLVMTypeOf(a) == M->f32 ? VT_F32 : VT_F64);
    }
    case OP_F32_ADD: binop(L, LLVMBuildFAdd, VT_F32); return true;
    case OP_F32_SUB: binop(L, LLVMBuildFSub, VT_F32); return true;
    case OP_F32_MUL: binop(L, LLVMBuildFMul, VT_F32); return true;
    case OP_F32_DIV: binop(L, LLVMBuildFDiv, VT_F32); return true;
    case OP_F64_ADD: binop(L, LLVMBuildFAdd, VT_F64); return true;
    case OP_F64_SUB: binop(L, LLVMBuildFSub, VT_F64); return true;
    case OP_F64_MUL: binop(L, LLVMBuildFMul, VT_F64); return true;
    case OP_F64_DIV: binop(L, LLVMBuildFDiv, VT_F64); return true;
    case OP_F32_MIN: case OP_F64_MIN: case OP_F32_MAX: case OP_F64_MAX:
    case OP_F32_COPYSIGN: case OP_F64_COPYSIGN: {
        LLVMValueRef y = pop(L), x = pop(L);
        const char *name = in->op == OP_F32_MIN || in->op == OP_F64_MIN   ? "llvm.minimum"
                           : in->op == OP_F32_MAX || in->op == OP_F64_MAX ? "llvm.maximum"
                                                                          : "llvm.copysign";
        LLVMValueRef r = bin_intr(L, name, x, y);
        if (name[5] == 'm') {
            /* llvm.minimum passes a signalling NaN through; wasm wants it
             * quieted (an arithmetic NaN): x + y quiets it at run time */
            LLVMValueRef nan = LLVMBuildFCmp(b, LLVMRealUNO, x, y, "");
            r = LLVMBuildSelect(b, nan, LLVMBuildFAdd(b, x, y, ""), r, "");
        }
        return push(L, r, LLVMTypeOf(x) == M->f32 ? VT_F32 : VT_F64);
    }
    case OP_I32_WRAP_I64: return push(L, LLVMBuildTrunc(b, pop(L), M->i32, ""), VT_I32);
    case OP_I32_TRUNC_F32_S: trunc_trap(L, false, true, -2147483904.0, 2147483648.0); return true;
    case OP_I32_TRUNC_F32_U: trunc_trap(L, false, false, -1.0, 4294967296.0); return true;
    case OP_I32_TRUNC_F64_S: trunc_trap(L, false, true, -2147483649.0, 2147483648.0); return true;
    case OP_I32_TRUNC_F64_U: trunc_trap(L, false, false, -1.0, 4294967296.0); return true;
    case OP_I64_TRUNC_F32_S:
        trunc_trap(L, true, true, -9223373136366403584.0, 9223372036854775808.0); return true;
    case OP_I64_TRUNC_F32_U: trunc_trap(L, true, false, -1.0, 18446744073709551616.0); return true;
    case OP_I64_TRUNC_F64_S:
        trunc_trap(L, true, true, -9223372036854777856.0, 9223372036854775808.0); return true;
    case OP_I64_TRUNC_F64_U: trunc_trap(L, true, false, -1.0, 18446744073709551616.0); return true;
    case OP_I64_EXTEND_I32_S: return push(L, LLVMBuildSExt(b, pop(L), M->i64, ""), VT_I64);
    case OP_I64_EXTEND_I32_U: return push(L, LLVMBuildZExt(b, pop(L), M->i64, ""), VT_I64);
    case OP_F32_CONVERT_I32_S: case OP_F32_CONVERT_I64_S:
        return push(L, LLVMBuildSIToFP(b, pop(L), M->f32, ""), VT_F32);
    case OP_F32_CONVERT_I32_U: case OP_F32_CONVERT_I64_U:
        return push(L, LLVMBuildUIToFP(b, pop(L), M->f32, ""), VT_F32);
    case OP_F64_CONVERT_I32_S: case OP_F64_CONVERT_I64_S:
        return push(L, LLVMBuildSIToFP(b, pop(L), M->f64, ""), VT_F64);
    case OP_F64_CONVERT_I32_U: case OP_F64_CONVERT_I64_U:
        return push(L, LLVMBuildUIToFP(b, pop(L), M->f64, ""), VT_F64);
    case OP_F32_DEMOTE_F64: return push(L, LLVMBuildFPTrunc(b, pop(L), M->f32, ""), VT_F32);
    case OP_F64_PROMOTE_F32: return push(L, opaque(L, LLVMBuildFPExt(b, pop(L), M->f64, "")), VT_F64);
    case OP_I32_REINTERPRET_F32: return push(L, LLVMBuildBitCast(b, pop(L), M->i32, ""), VT_I32);
    case OP_I64_REINTERPRET_F64: return push(L, LLVMBuildBitCast(b, pop(L), M->i64, ""), VT_I64);
    case OP_F32_REINTERPRET_I32: return push(L, LLVMBuildBitCast(b, pop(L), M->f32, ""), VT_F32);
    case OP_F64_REINTERPRET_I64: return push(L, LLVMBuildBitCast(b, pop(L), M->f64, ""), VT_F64);
    case OP_I32_EXTEND8_S: sext_from(L, M->i8, VT_I32); return true;
    case OP_I32_EXTEND16_S: sext_from(L, M->i16, VT_I32); return true;
    case OP_I64_EXTEND8_S: sext_from(L, M->i8, VT_I64); return true;
    case OP_I64_EXTEND16_S: sext_from(L, M->i16, VT_I64); return true;
    case OP_I64_EXTEND32_S: sext_from(L, M->i32, VT_I64); return true;
    case OP_I32_TRUNC_SAT_F32_S: case OP_I32_TRUNC_SAT_F64_S: trunc_sat(L, false, true); return true;
    case OP_I32_TRUNC_SAT_F32_U: case OP_I32_TRUNC_SAT_F64_U: trunc_sat(L, false, false); return true;
    case OP_I64_TRUNC_SAT_F32_S: case OP_I64_TRUNC_SAT_F64_S: trunc_sat(L, true, true); return true;
    case OP_I64_TRUNC_SAT_F32_U: case OP_I64_TRUNC_SAT_F64_U: trunc_sat(L, true, false); return true;

    case OP_REF_NULL: return push(L, c64(L, 0), in->imm.reftype);
    case OP_REF_IS_NULL: {
        LLVMValueRef z = LLVMBuildICmp(b, LLVMIntEQ, pop(L), c64(L, 0), "");
        return push(L, LLVMBuildZExt(b, z, M->i32, ""), VT_I32);
    }
    case OP_REF_FUNC: {
        LLVMValueRef f = load_array_elem(L, offsetof(rt_instance_t, funcs), c64(L, in->imm.idx), true);
        return push(L, LLVMBuildPtrToInt(b, f, M->i64, ""), VT_FUNCREF);
    }
    case OP_TABLE_GET: {
        LLVMValueRef args[4] = {L->ctx, L->inst, c32(L, in->imm.idx), pop(L)};
        return push(L, call_helper(L, H_TABLE_GET, args, 4), L->bin->tables[in->imm.idx].elem_type);
    }
    case OP_TABLE_SET: {
        uint64_t x = in->imm.idx;
        helper_args(L, H_TABLE_SET, 2, &x, 1, true);
        return true;
    }
    case OP_TABLE_SIZE: {
        LLVMValueRef t = load_array_elem(L, offsetof(rt_instance_t, tables), c64(L, in->imm.idx), true);
        return push(L, load_field(L, M->i32, t, offsetof(wasmcell_table_t, size), false), VT_I32);
    }
    case OP_TABLE_GROW: {
        LLVMValueRef n = pop(L), init = pop(L);
        LLVMValueRef args[4] = {L->inst, c32(L, in->imm.idx), init, n};
        return push(L, call_helper(L, H_TABLE_GROW, args, 4), VT_I32);
    }
    case OP_TABLE_FILL: {
        uint64_t x = in->imm.idx;
        helper_args(L, H_TABLE_FILL, 3, &x, 1, true);
        return true;
    }
    case OP_TABLE_COPY: {
        uint64_t xy[2] = {in->imm.pair.a, in->imm.pair.b};
        helper_args(L, H_TABLE_COPY, 3, xy, 2, true);
        return true;
    }
    case OP_TABLE_INIT: {
        uint64_t xy[2] = {in->imm.pair.a, in->imm.pair.b}; /* elem, table */
        helper_args(L, H_TABLE_INIT, 3, xy, 2, true);
        return true;
    }
    case OP_ELEM_DROP: {
        uint64_t x = in->imm.idx;
        helper_args(L, H_ELEM_DROP, 0, &x, 1, false);
        return true;
    }
    case OP_MEMORY_INIT: {
        uint64_t x = in->imm.pair.a;
        helper_args(L, H_MEMORY_INIT, 3, &x, 1, true);
        return true;
    }
    case OP_DATA_DROP: {
        uint64_t x = in->imm.idx;
        helper_args(L, H_DATA_DROP, 0, &x, 1, false);
        return true;
    }
    case OP_MEMORY_COPY: helper_args(L, H_MEMORY_COPY, 3, NULL, 0, true); return true;
    case OP_MEMORY_FILL: helper_args(L, H_MEMORY_FILL, 3, NULL, 0, true); return true;
    default:
        if (bin_opinfo[in->op].prefix == 0xFD) return simd_instr(L, in);
        snprintf(L->err, sizeof L->err, "%s is not supported by the native tier",
                 bin_opinfo[in->op].name);
        return false;
    }
}

/* Skips dead code after an unconditional branch until the matching
 * else/end of the current block; returns the instruction to resume with. */
static bool skip_dead(lower_t *L, bin_instr_reader_t *ir, bin_instr_t *in, base_diag_t *diag)
{
    uint32_t depth = 0;
    for (;;) {
        if (!bin_read_instr(ir, in, diag)) return false;
        if (in->op == OP_LOOP) L->loop_ordinal++;
        if (in->op == OP_BLOCK || in->op == OP_LOOP || in->op == OP_IF) depth++;
        else if (in->op == OP_END) {
            if (depth == 0) return true;
            depth--;
        } else if (in->op == OP_ELSE && depth == 0) return true;
    }
}

static bool lower_body(lower_t *L)
{
    const bin_func_t *fd = &L->bin->funcs[L->def_idx];
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, L->bin->bytes, fd->body, fd->body_size);
    base_diag_t diag;
    memset(&diag, 0, sizeof diag);
    bool ok = true;
    bin_instr_t in;
    while (L->nctl > 0) {
        ctl_t *c = &L->ctls[L->nctl - 1];
        if (c->unreachable) {
            if (!skip_dead(L, &ir, &in, &diag)) { ok = false; break; }
        } else if (!bin_read_instr(&ir, &in, &diag)) {
            ok = false;
            break;
        }
        L->cur_offset = (uint32_t)in.offset;
        if (!lower_instr(L, &in)) {
            if (!L->err[0]) snprintf(L->err, sizeof L->err, "out of memory");
            ok = false;
            break;
        }
    }
    if (ok && !L->err[0] && L->nctl != 0) ok = false;
    bin_instr_reader_fini(&ir);
    if (!ok && !L->err[0]) snprintf(L->err, sizeof L->err, "cannot decode the body");
    return ok;
}

/* The stack check at entry: with room for frame_estimate bytes left above
 * the native stack limit, go on; else jump to wcn_stack_exhausted (with
 * ctx still in rdi: it traps "call stack exhausted"). On x86-64 it is one
 * inline asm compare-and-jump on rsp, which LLVM sees as neither a branch
 * nor a use of the frame: a function whose calls are on some paths only
 * (fib's n < 2 returns at once) then sets up no frame on the others, as
 * LLVM shrink-wraps the prologue onto the paths that need it. A branch
 * to a trap block, or the frame address, pins the prologue to the entry
 * (fib: 0.34 s -> docs/native.md). */
static void stack_check(lower_t *L, uint32_t frame_estimate)
{
    lower_module_t *M = L->M;
    LLVMValueRef lim = load_field(L, M->i64, L->ctx, offsetof(exec_ctx_t, native_stack_limit), false);
    lim = LLVMBuildAdd(L->b, lim, c64(L, frame_estimate), "");
#if defined(__x86_64__)
    static const char code[] = "cmpq $1, %rsp\n\tjb wcn_stack_exhausted";
    static const char cons[] = "{rdi},r,~{dirflag},~{fpsr},~{flags}";
    LLVMTypeRef params[2] = {M->ptr, M->i64};
    LLVMTypeRef fty = LLVMFunctionType(LLVMVoidTypeInContext(M->llctx), params, 2, 0);
    LLVMValueRef asmv = LLVMGetInlineAsm(fty, code, sizeof code - 1, cons, sizeof cons - 1,
                                         1 /* side effects */, 0, LLVMInlineAsmDialectATT, 0);
    LLVMValueRef args[2] = {L->ctx, lim};
    LLVMBuildCall2(L->b, fty, asmv, args, 2, "");
#else
    LLVMValueRef zero = LLVMConstInt(M->i32, 0, 0);
    LLVMValueRef fa = intrinsic(L, "llvm.frameaddress", &M->ptr, 1, &zero, 1);
    LLVMValueRef sp = LLVMBuildPtrToInt(L->b, fa, M->i64, "");
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntULT, sp, lim, ""), WASMCELL_TRAP_STACK_EXHAUSTED);
#endif
}

/* Prologue: the stack check; in metered code then a check of the instance's interrupt
 * flag and of fuel metering (two loads and a compare: the slow path counts
 * the call when fuel is finite), then the budget into its local. */
static void prologue(lower_t *L, uint32_t frame_estimate)
{
    lower_module_t *M = L->M;
    stack_check(L, frame_estimate);
    if (M->tierup)
        LLVMBuildStore(L->b, load_field(L, M->i64, L->ctx, offsetof(exec_ctx_t, tierup_chunk), false), L->budget);
    if (!M->metered) return;
    LLVMValueRef intr = load_field(L, M->i32, L->inst, offsetof(rt_instance_t, interrupt), false);
    LLVMSetVolatile(intr, 1); /* another thread sets it */
    LLVMValueRef metered = load_field(L, M->i32, L->ctx, offsetof(exec_ctx_t, metered), false);
    LLVMValueRef any = LLVMBuildICmp(L->b, LLVMIntNE, LLVMBuildOr(L->b, intr, metered, ""), c32(L, 0), "");
    LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "enter.slow");
    LLVMBasicBlockRef go = LLVMAppendBasicBlockInContext(M->llctx, L->fn, "enter");
    LLVMValueRef br = LLVMBuildCondBr(L->b, any, slow, go);
    LLVMSetMetadata(br, M->md_prof, M->unlikely_md);
    LLVMPositionBuilderAtEnd(L->b, slow);
    LLVMValueRef args[2] = {L->ctx, L->inst};
    call_helper(L, H_ENTER, args, 2);
    LLVMBuildBr(L->b, go);
    LLVMPositionBuilderAtEnd(L->b, go);
    budget_reload(L);
}

/* Lowers function def_idx into fn: the typed entry, or (osr) the OSR
 * entry int o<i>(ctx, inst, uint64_t *slots, uint32_t loop): it reads all
 * locals from the interpreter's frame slots, jumps to the header of the
 * loop with that ordinal, runs the function to its end and writes the
 * results to slots[0..]: 1; or 0 at once when that loop cannot be entered. */
static bool lower_any(lower_module_t *M, uint32_t def_idx, LLVMValueRef fn, bool osr, bool osr_start,
                      uint32_t *nosr_loops, char *err, size_t errlen)
{
    const bin_module_t *bin = M->bin;
    const bin_func_t *fd = &bin->funcs[def_idx];
    const bin_functype_t *ft = &bin->types[fd->type_idx];
    lower_t L;
    memset(&L, 0, sizeof L);
    L.M = M;
    L.bin = bin;
    L.def_idx = def_idx;
    L.type = ft;
    L.fn = fn;
    L.osr = osr;
    L.b = LLVMCreateBuilderInContext(M->llctx);
    L.nlocals = ft->nparams + fd->nlocals;
    L.locals = base_alloc_array(L.nlocals ? L.nlocals : 1, sizeof *L.locals);
    L.local_types = base_alloc_array(L.nlocals ? L.nlocals : 1, sizeof *L.local_types);
    L.local_val = base_alloc_array(L.nlocals ? L.nlocals : 1, sizeof *L.local_val);
    L.local_gen = base_calloc(L.nlocals ? L.nlocals : 1, sizeof *L.local_gen);
    L.known_gen = 1;
    const char *nlc = getenv("WASMCELL_NO_LOCAL_CACHE");
    L.no_local_cache = nlc && *nlc && *nlc != '0';
    bool ok = L.locals && L.local_types && L.local_val && L.local_gen;
    if (ok) {
        L.entry_bb = LLVMAppendBasicBlockInContext(M->llctx, L.fn, "entry");
        LLVMPositionBuilderAtEnd(L.b, L.entry_bb);
        L.ctx = LLVMGetParam(L.fn, 0);
        L.inst = LLVMGetParam(L.fn, 1);
        for (uint32_t i = 0; i < L.nlocals; i++) {
            bin_valtype_t t = i < ft->nparams ? ft->params[i] : fd->local_types[i - ft->nparams];
            L.local_types[i] = t;
            L.locals[i] = LLVMBuildAlloca(L.b, vt_type(M, t), "");
        }
        L.nlocal_slots = slot_count(L.local_types, L.nlocals);
        for (uint32_t i = 0, pos = 0; i < L.nlocals; pos += slot_width(L.local_types[i]), i++) {
            LLVMValueRef v;
            if (osr) {
                /* the interpreter's frame: locals in order, a v128 in two slots */
                v = load_slot(&L, LLVMGetParam(L.fn, 2), pos, L.local_types[i]);
            } else {
                v = i < ft->nparams ? LLVMGetParam(L.fn, 2 + i)
                                    : LLVMConstNull(vt_type(M, L.local_types[i]));
            }
            LLVMBuildStore(L.b, v, L.locals[i]);
            local_learn(&L, i, v);
        }
        L.budget = LLVMBuildAlloca(L.b, M->i64, "budget");
        /* guarded memory never moves: its base is loaded once */
        L.mem = bin->nmemories && !M->checked
                    ? load_field(&L, M->ptr, L.inst, offsetof(rt_instance_t, native_mem0), true)
                    : LLVMConstNull(M->ptr);
        uint64_t est = 16ull * (L.nlocals + 64) + 256;
        prologue(&L, est > (1u << 20) ? (1u << 20) : (uint32_t)est);
        if (osr) {
            LLVMBasicBlockRef no = LLVMAppendBasicBlockInContext(M->llctx, L.fn, "osr.none");
            L.osr_switch = LLVMBuildSwitch(L.b, LLVMGetParam(L.fn, 3), no, 4);
            LLVMPositionBuilderAtEnd(L.b, no);
            LLVMBuildRet(L.b, c32(&L, 0));
            /* the function's own start: reached only by LOWER_OSR_START
             * (lower_osr_wrapper's calls), when asked for */
            LLVMBasicBlockRef start = LLVMAppendBasicBlockInContext(M->llctx, L.fn, "start");
            if (osr_start) LLVMAddCase(L.osr_switch, c32(&L, LOWER_OSR_START), start);
            LLVMPositionBuilderAtEnd(L.b, start);
        }
        bin_functype_t fbt = *ft;
        fbt.nparams = 0;
        ok = push_ctl(&L, CTL_FUNC, &fbt) != NULL;
    }
    ok = ok && lower_body(&L);
    if (ok && osr) {
        LLVMValueRef slots = LLVMGetParam(L.fn, 2);
        for (uint32_t i = 0, pos = 0; i < ft->nresults; pos += slot_width(ft->results[i]), i++)
            store_slot(&L, slots, pos, L.stack[L.sp - ft->nresults + i], ft->results[i]);
        LLVMBuildRet(L.b, c32(&L, 1));
        if (nosr_loops) *nosr_loops = L.nosr_loops;
    } else if (ok) {
        /* the function's end block holds the return */
        if (ft->nresults == 0) LLVMBuildRetVoid(L.b);
        else if (ft->nresults == 1) LLVMBuildRet(L.b, L.stack[L.sp - 1]);
        else {
            LLVMValueRef *vals = base_alloc_array(ft->nresults, sizeof *vals);
            if (!vals) ok = false;
            else {
                memcpy(vals, &L.stack[L.sp - ft->nresults], ft->nresults * sizeof *vals);
                LLVMBuildAggregateRet(L.b, vals, ft->nresults);
                base_free(vals);
            }
        }
    }
    if (!ok) snprintf(err, errlen, "%s", L.err[0] ? L.err : "out of memory");
    for (uint32_t i = 0; i < L.nctl; i++) free_ctl(&L.ctls[i]);
    base_free(L.homes);
    base_free(L.dirty);
    base_free(L.ctls);
    base_free(L.stack);
    base_free(L.stack_types);
    base_free(L.locals);
    base_free(L.local_val);
    base_free(L.local_gen);
    base_free(L.local_types);
    LLVMDisposeBuilder(L.b);
    return ok;
}

bool lower_function(lower_module_t *M, uint32_t def_idx, char *err, size_t errlen)
{
    LLVMValueRef t = M->tfuncs ? M->tfuncs[def_idx] : NULL;
    if (!t) return lower_any(M, def_idx, M->funcs[def_idx], false, false, NULL, err, errlen);
    if (!lower_any(M, def_idx, t, false, false, NULL, err, errlen)) return false;
    /* f<i>: the C-convention entry everything else calls, a call of t<i> */
    LLVMValueRef f = M->funcs[def_idx];
    unsigned n = LLVMCountParams(f);
    LLVMValueRef *args = base_alloc_array(n ? n : 1, sizeof *args);
    if (!args) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (unsigned i = 0; i < n; i++) args[i] = LLVMGetParam(f, i);
    LLVMBuilderRef b = LLVMCreateBuilderInContext(M->llctx);
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(M->llctx, f, "entry"));
    LLVMValueRef r = LLVMBuildCall2(b, LLVMGlobalGetValueType(t), t, args, n, "");
    LLVMSetInstructionCallConv(r, LOWER_TAILCC);
    if (LLVMGetTypeKind(LLVMGetReturnType(LLVMGlobalGetValueType(f))) == LLVMVoidTypeKind)
        LLVMBuildRetVoid(b);
    else
        LLVMBuildRet(b, r);
    LLVMDisposeBuilder(b);
    base_free(args);
    return true;
}

bool lower_function_copy(lower_module_t *M, uint32_t def_idx, LLVMValueRef fn, char *err, size_t errlen)
{
    return lower_any(M, def_idx, fn, false, false, NULL, err, errlen);
}

bool lower_osr_function(lower_module_t *M, uint32_t def_idx, LLVMValueRef fn, bool with_start,
                        uint32_t *nloops, char *err, size_t errlen)
{
    return lower_any(M, def_idx, fn, true, with_start, nloops, err, errlen);
}

/* f<i> over o<i>: the locals in a frame of slots on the stack (the
 * parameters, then zeros), o<i> entered at LOWER_OSR_START, the results
 * read back from the slots. */
bool lower_osr_wrapper(lower_module_t *M, uint32_t def_idx, LLVMValueRef osr)
{
    const bin_func_t *fd = &M->bin->funcs[def_idx];
    const bin_functype_t *ft = &M->bin->types[fd->type_idx];
    lower_t L;
    memset(&L, 0, sizeof L);
    L.M = M;
    L.fn = M->funcs[def_idx];
    L.b = LLVMCreateBuilderInContext(M->llctx);
    LLVMPositionBuilderAtEnd(L.b, LLVMAppendBasicBlockInContext(M->llctx, L.fn, "entry"));
    uint32_t nlocal_slots = slot_count(ft->params, ft->nparams) + slot_count(fd->local_types, fd->nlocals);
    uint32_t nresult_slots = slot_count(ft->results, ft->nresults);
    uint32_t n = nlocal_slots > nresult_slots ? nlocal_slots : nresult_slots;
    LLVMValueRef frame = LLVMBuildArrayAlloca(L.b, M->i64, c32(&L, n ? n : 1), "frame");
    LLVMSetAlignment(frame, 16);
    LLVMBuildMemSet(L.b, frame, LLVMConstInt(M->i8, 0, 0), c64(&L, (uint64_t)(n ? n : 1) * 8), 16);
    for (uint32_t i = 0, pos = 0; i < ft->nparams; pos += slot_width(ft->params[i]), i++)
        store_slot(&L, frame, pos, LLVMGetParam(L.fn, 2 + i), ft->params[i]);
    LLVMValueRef args[4] = {LLVMGetParam(L.fn, 0), LLVMGetParam(L.fn, 1), frame, c32(&L, LOWER_OSR_START)};
    LLVMBuildCall2(L.b, LLVMGlobalGetValueType(osr), osr, args, 4, "");
    bool ok = true;
    if (ft->nresults == 0) {
        LLVMBuildRetVoid(L.b);
    } else if (ft->nresults == 1) {
        LLVMBuildRet(L.b, load_slot(&L, frame, 0, ft->results[0]));
    } else {
        LLVMValueRef *vals = base_alloc_array(ft->nresults, sizeof *vals);
        ok = vals != NULL;
        for (uint32_t i = 0, pos = 0; ok && i < ft->nresults; pos += slot_width(ft->results[i]), i++)
            vals[i] = load_slot(&L, frame, pos, ft->results[i]);
        if (ok) LLVMBuildAggregateRet(L.b, vals, ft->nresults);
        else LLVMBuildUnreachable(L.b);
        base_free(vals);
    }
    LLVMDisposeBuilder(L.b);
    return ok;
}

/* The slots entry: void s<i>(ctx, inst, uint64_t *slots). */
void lower_slots_entry(lower_module_t *M, uint32_t def_idx, LLVMValueRef entry)
{
    const bin_functype_t *ft = bin_func_type(M->bin, M->bin->nfunc_imports + def_idx);
    lower_t L;
    memset(&L, 0, sizeof L);
    L.M = M;
    L.fn = entry;
    L.b = LLVMCreateBuilderInContext(M->llctx);
    LLVMPositionBuilderAtEnd(L.b, LLVMAppendBasicBlockInContext(M->llctx, entry, "entry"));
    LLVMValueRef slots = LLVMGetParam(entry, 2);
    uint32_t np = ft->nparams;
    LLVMValueRef *args = base_alloc_array(np + 2, sizeof *args);
    if (!args) {
        LLVMBuildRetVoid(L.b);
        LLVMDisposeBuilder(L.b);
        return;
    }
    args[0] = LLVMGetParam(entry, 0);
    args[1] = LLVMGetParam(entry, 1);
    for (uint32_t i = 0, pos = 0; i < np; pos += slot_width(ft->params[i]), i++)
        args[2 + i] = load_slot(&L, slots, pos, ft->params[i]);
    LLVMValueRef callee = M->funcs[def_idx];
    LLVMValueRef r = LLVMBuildCall2(L.b, LLVMGlobalGetValueType(callee), callee, args, np + 2, "");
    for (uint32_t i = 0, pos = 0; i < ft->nresults; pos += slot_width(ft->results[i]), i++) {
        LLVMValueRef v = ft->nresults == 1 ? r : LLVMBuildExtractValue(L.b, r, i, "");
        store_slot(&L, slots, pos, v, ft->results[i]);
    }
    LLVMBuildRetVoid(L.b);
    base_free(args);
    LLVMDisposeBuilder(L.b);
}
