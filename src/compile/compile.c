/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* compile.c — one validated function body → internal code (icode.def).
 *
 * The wasm operand stack is resolved at compile time: every stack position
 * has a canonical frame slot, and an entry may instead stay "virtual" — a
 * reference to a local or to a constant slot — until something forces it
 * into its canonical slot (a block boundary, a branch carrying it, a write
 * to the local it names). Instructions therefore read their operands
 * straight from locals and constants, and a result followed by local.set is
 * written straight into the local. Integer compares followed by br_if/if
 * become one compare-and-branch. The body is known to be valid, so the
 * compiler checks nothing the validator already did. */
#include "compile.h"
#include <string.h>
#include "../base/alloc.h"
#include "../binary/instr.h"
#include "code_offsets.h"
#include "icode.h"
#include "wasmcell.h"

enum { VK_SLOT, VK_LOCAL, VK_CONST };
#define NO_POS UINT32_MAX

typedef struct ventry {
    uint8_t kind;      /* VK_* */
    bin_valtype_t type;
    uint32_t idx;      /* the slot holding the value: canonical, local or constant */
    uint32_t canon;    /* the canonical slot of this stack position */
} ventry_t;

/* A v128 occupies two consecutive slots (the host ABI's layout too). */
static uint32_t width_of(bin_valtype_t type) { return type == VT_V128 ? 2 : 1; }

/* CTL_TRY_TABLE branches like a block; CTL_TRY is a legacy try's body,
 * CTL_CATCH its catch clauses (exception handling). */
enum { CTL_FUNC, CTL_BLOCK, CTL_LOOP, CTL_IF, CTL_TRY_TABLE, CTL_TRY, CTL_CATCH };

typedef struct ctl {
    uint8_t kind;
    bool has_else;
    bool dead_end;     /* the end of the construct is reached only by branches, if at all */
    uint32_t base;     /* operand stack length at entry, params excluded */
    uint32_t nparams, nresults;
    uint32_t loop_start;  /* CTL_LOOP: word index of the loop header */
    uint32_t else_fixup;  /* CTL_IF: position of the branch to the else arm, or NO_POS */
    uint32_t fixups;      /* head of this label's br_fixup chain, or NO_POS */
    uint32_t try_idx;     /* CTL_TRY_TABLE, CTL_TRY, CTL_CATCH: its entry in tries */
    uint32_t exn_slot;    /* CTL_TRY, CTL_CATCH: the hidden local for rethrow */
} ctl_t;

/* A forward branch waiting for its label; chained per construct. */
typedef struct br_fixup { uint32_t next, instr_pos, word; } br_fixup_t;

typedef struct comp {
    const bin_module_t *m;
    const void *const *handlers;
    uint16_t hoff[IC_COUNT_];   /* handler offsets from the lowest handler address */
    const uint32_t *sig_ids;
    base_diag_t *diag;
    uint32_t func_idx;
    bool failed;
    bool checked;               /* memory accesses use their bounds-checked twins */

    uint64_t *code; uint32_t len, cap;
    ventry_t *vs; uint32_t vs_len, vs_cap;
    ctl_t *ctl; uint32_t ctl_len, ctl_cap;
    br_fixup_t *brf; uint32_t brf_len, brf_cap;
    /* Constant pool, collected by a pre-pass so the frame layout
     * [locals][constants][operand stack] is known before emission. */
    uint64_t *consts; uint32_t nconsts;
    uint64_t *hash_keys; uint32_t *hash_vals; uint32_t hash_mask;
    uint32_t *hash128_vals; uint32_t hash128_mask;  /* v128 constants: index of the pair */

    uint32_t loop_ordinal;        /* loop instructions read so far */
    uint32_t cur_loop_ordinal;    /* the ordinal of the instruction being compiled */
    uint32_t *loops; uint32_t loops_len, loops_cap; /* (offset, ordinal) pairs */

    /* Exception handlers (compile.h), and the hidden locals that hold a
     * legacy catch's exception for rethrow (one per legacy try). */
    cmp_try_t *tries; uint32_t ntries, tries_cap;
    cmp_catch_t *clauses; uint32_t nclauses, clauses_cap;
    uint32_t exn_slot_base, nlegacy_tries;

    uint32_t nlocal_slots;
    bin_valtype_t *local_types;   /* by local index */
    uint32_t *local_slots;        /* by local index: its (first) slot */
    uint32_t max_height;          /* operand stack, in slots */

    /* Peephole state about the last emitted instruction. */
    uint32_t last_pos;       /* start of the last instruction, NO_POS after a label */
    icode_op_t last_op;      /* its op (valid when last_pos != NO_POS) */
    uint32_t prev_pos;       /* the instruction before it, NO_POS when unknown */
    icode_op_t prev_op;
    uint32_t prev_dst;
    uint32_t last_dst;       /* slot it wrote (field 0), NO_POS when none */
    icode_op_t last_cmp;     /* IC_COUNT_ unless it is an integer compare */
    uint32_t last_a, last_b; /* the compare's operand refs */
    bool dead;               /* skipping unreachable code */
    uint32_t dead_depth;

    /* Code position -> wasm offset, for backtraces (code_offsets.h). */
    uint32_t cur_offset;     /* module offset of the instruction being compiled */
    cmp_offsets_builder_t offsets;
} comp_t;

/* ---- failure and growth ---------------------------------------------------- */

static bool fail(comp_t *c, int status, size_t offset, const char *reason)
{
    if (!c->failed)
        base_diag_fail(c->diag, status, offset, reason, "section 10 (code), function %u",
                       c->func_idx);
    c->failed = true;
    return false;
}

static bool grow(comp_t *c, void **data, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return true;
    uint32_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > UINT32_MAX / 2) return fail(c, WASMCELL_ERR_NOMEM, 0, "out of memory");
        n *= 2;
    }
    void *p = base_realloc(*data, (size_t)n * elem);
    if (!p) return fail(c, WASMCELL_ERR_NOMEM, 0, "out of memory");
    *data = p;
    *cap = n;
    return true;
}
#define GROW(c, arr, cap, need) grow((c), (void **)&(arr), &(cap), (need), sizeof *(arr))

/* ---- emission ---------------------------------------------------------------- */

static uint32_t words_of(icode_op_t op) { return icode_op_words(op); }

/* Replaces the handler of the instruction at `pos`, keeping its fields. */
static void set_handler(comp_t *c, uint32_t pos, icode_op_t op)
{
    c->code[pos] = (c->code[pos] & ~(uint64_t)0xFFFF) | c->hoff[op];
}

/* Appends one zero word to the last instruction (it becomes a two-word op). */
static bool widen_last(comp_t *c)
{
    if (c->failed || !GROW(c, c->code, c->cap, c->len + 1)) return false;
    c->code[c->len++] = 0;
    return true;
}

/* Reserves an instruction (its format's words plus `extra`), handler in
 * word 0. Returns its position, or NO_POS on failure. */
static uint32_t emit(comp_t *c, icode_op_t op, uint32_t extra)
{
    uint32_t words = words_of(op) + extra;
    if (c->failed || !GROW(c, c->code, c->cap, c->len + words)) return NO_POS;
    uint32_t pos = c->len;
    /* last_op keeps the guarded name: the peepholes reason about it */
    c->code[pos] = c->hoff[c->checked ? icode_checked_twin(op) : op];
    for (uint32_t i = 1; i < words; i++) c->code[pos + i] = 0;
    c->len += words;
    cmp_offsets_note(&c->offsets, pos, c->cur_offset);
    c->prev_pos = c->last_pos;
    c->prev_op = c->last_op;
    c->prev_dst = c->last_dst;
    c->last_pos = pos;
    c->last_op = op;
    c->last_dst = NO_POS;
    c->last_cmp = IC_COUNT_;
    return pos;
}

/* Writes `slot` into field `field` (icode.h: f0-f2 in word 0, f3-f6 in
 * word 1) of the instruction at `pos`. */
static void put(comp_t *c, uint32_t pos, uint32_t field, uint32_t slot)
{
    if (c->failed) return;
    uint32_t word = field < 3 ? pos : pos + 1;
    uint32_t shift = field < 3 ? 16 + 16 * field : 16 * (field - 3);
    c->code[word] &= ~((uint64_t)0xFFFF << shift);
    c->code[word] |= (uint64_t)(uint16_t)slot << shift;
}

static uint32_t field_at(const comp_t *c, uint32_t pos, uint32_t field)
{
    return icode_field(&c->code[pos], field);
}

/* The last emitted instruction ends the code (nothing was appended since). */
static bool last_is_tail(const comp_t *c)
{
    return c->last_pos != NO_POS && c->last_pos + words_of(c->last_op) == c->len;
}

static void put_imm(comp_t *c, uint32_t word, uint32_t imm)
{
    if (c->failed) return;
    c->code[word] = (c->code[word] & 0xFFFFFFFFu) | (uint64_t)imm << 32;
}

/* Drops the last instruction (for fusion); the one before becomes last. */
static void unemit_last(comp_t *c)
{
    c->len = c->last_pos;
    c->last_pos = c->prev_pos;
    c->last_op = c->prev_op;
    c->last_dst = c->prev_dst;
    c->prev_pos = NO_POS;
    c->last_cmp = IC_COUNT_;
}

static void label_here(comp_t *c)
{
    c->prev_pos = NO_POS;
    c->last_pos = NO_POS;
    c->last_dst = NO_POS;
    c->last_cmp = IC_COUNT_;
}

/* ---- the virtual operand stack -------------------------------------------------- */

/* The canonical slot of stack position `pos` (<= vs_len): positions are
 * laid out from the stack base, one slot each, two for a v128. */
static uint32_t canon(const comp_t *c, uint32_t pos)
{
    if (pos < c->vs_len) return c->vs[pos].canon;
    if (pos == 0) return c->nlocal_slots + c->nconsts;
    const ventry_t *top = &c->vs[pos - 1];
    return top->canon + width_of(top->type);
}

static bool push(comp_t *c, uint8_t kind, bin_valtype_t type, uint32_t idx)
{
    if (!GROW(c, c->vs, c->vs_cap, c->vs_len + 1)) return false;
    uint32_t slot = canon(c, c->vs_len);
    c->vs[c->vs_len++] = (ventry_t){kind, type, idx, slot};
    uint32_t height = slot + width_of(type) - (c->nlocal_slots + c->nconsts);
    if (height > c->max_height) c->max_height = height;
    return true;
}

/* Pushes a result at its canonical slot; returns that slot. */
static uint32_t push_result(comp_t *c, bin_valtype_t type)
{
    uint32_t slot = canon(c, c->vs_len);
    push(c, VK_SLOT, type, slot);
    return slot;
}

static ventry_t pop(comp_t *c)
{
    if (c->vs_len == 0) { /* only in unreachable-typed code, which is skipped */
        fail(c, WASMCELL_ERR_INVALID, 0, "operand stack underflow in compiler");
        return (ventry_t){VK_CONST, VT_I32, 0, 0};
    }
    return c->vs[--c->vs_len];
}

/* The slot an entry's value can be read from. */
static uint32_t ref_of(const ventry_t *e) { return e->idx; }

/* Slot of constant `bits` (interned by the pre-pass, or now when new). */
static uint32_t const_slot(comp_t *c, uint64_t bits)
{
    uint32_t h = (uint32_t)((bits * 0x9E3779B97F4A7C15ull) >> 32) & c->hash_mask;
    while (c->hash_vals[h] != UINT32_MAX) {
        if (c->hash_keys[h] == bits) return c->nlocal_slots + c->hash_vals[h];
        h = (h + 1) & c->hash_mask;
    }
    c->hash_keys[h] = bits;
    c->hash_vals[h] = c->nconsts;
    c->consts[c->nconsts] = bits;
    return c->nlocal_slots + c->nconsts++;
}

/* First of the two slots of v128 constant lo:hi (interned like scalars). */
static uint32_t const_slot_v128(comp_t *c, uint64_t lo, uint64_t hi)
{
    uint64_t key = lo * 0x9E3779B97F4A7C15ull ^ hi * 0xC2B2AE3D27D4EB4Full;
    uint32_t h = (uint32_t)(key >> 32) & c->hash128_mask;
    while (c->hash128_vals[h] != UINT32_MAX) {
        uint32_t k = c->hash128_vals[h];
        if (c->consts[k] == lo && c->consts[k + 1] == hi) return c->nlocal_slots + k;
        h = (h + 1) & c->hash128_mask;
    }
    c->hash128_vals[h] = c->nconsts;
    c->consts[c->nconsts] = lo;
    c->consts[c->nconsts + 1] = hi;
    c->nconsts += 2;
    return c->nlocal_slots + c->nconsts - 2;
}

static uint32_t const_slot_bytes(comp_t *c, const uint8_t bytes[16])
{
    uint64_t lo, hi;
    memcpy(&lo, bytes, 8); /* little endian, like the slots */
    memcpy(&hi, bytes + 8, 8);
    return const_slot_v128(c, lo, hi);
}

static void emit_mov_v128(comp_t *c, uint32_t dst, uint32_t src_ref)
{
    if (dst == src_ref) return;
    uint32_t pos = emit(c, IC_MOV_V128, 0);
    if (pos == NO_POS) return;
    put(c, pos, 0, dst);
    put(c, pos, 1, src_ref);
    c->last_dst = dst;
}

static void emit_mov(comp_t *c, uint32_t dst, uint32_t src_ref)
{
    if (dst == src_ref) return;
    if (c->last_op == IC_MOV && last_is_tail(c) && widen_last(c)) {
        /* two moves, one dispatch; they still run in order */
        uint32_t pos = c->last_pos;
        set_handler(c, pos, IC_MOV2);
        put(c, pos, 2, dst);
        put(c, pos, 3, src_ref);
        c->last_op = IC_MOV2;
        c->last_dst = NO_POS;
        return;
    }
    uint32_t pos = emit(c, IC_MOV, 0);
    if (pos == NO_POS) return;
    put(c, pos, 0, dst);
    put(c, pos, 1, src_ref);
    c->last_dst = dst;
}

/* A move of one value of `type` (two slots for a v128). */
static void emit_move(comp_t *c, uint32_t dst, uint32_t src_ref, bin_valtype_t type)
{
    if (type == VT_V128)
        emit_mov_v128(c, dst, src_ref);
    else
        emit_mov(c, dst, src_ref);
}

/* Forces stack entry `pos` into its canonical slot. */
static void materialize(comp_t *c, uint32_t pos)
{
    ventry_t *e = &c->vs[pos];
    if (e->kind == VK_SLOT) return;
    uint32_t slot = e->canon;
    emit_move(c, slot, ref_of(e), e->type);
    e->kind = VK_SLOT;
    e->idx = slot;
}

/* Before a write to local slot `local`: entries still naming it get copies. */
static void spill_local(comp_t *c, uint32_t local)
{
    for (uint32_t i = 0; i < c->vs_len; i++)
        if (c->vs[i].kind == VK_LOCAL && c->vs[i].idx == local) materialize(c, i);
}

/* At a block boundary: no entry may name a local (one arm could write it),
 * and the construct's parameters must sit in their canonical slots. */
static void settle(comp_t *c, uint32_t nparams)
{
    for (uint32_t i = 0; i < c->vs_len; i++)
        if (c->vs[i].kind == VK_LOCAL || i >= c->vs_len - nparams) materialize(c, i);
}

/* At a loop header: a copy of every entry in its canonical slot (constants
 * are copied there, once, before the loop). The native tier's on-stack
 * replacement then finds the whole operand stack right after the locals
 * and constants (exec_native_osr). The entries themselves stay as they are:
 * an entry below the innermost construct's base is shared with paths that
 * never ran these moves (the other arm of an if). */
static void settle_loop(comp_t *c, uint32_t nparams)
{
    settle(c, nparams);
    for (uint32_t i = 0; i < c->vs_len; i++) {
        const ventry_t *e = &c->vs[i];
        if (e->kind != VK_SLOT || e->idx != e->canon) emit_move(c, e->canon, ref_of(e), e->type);
    }
}

/* ---- branches -------------------------------------------------------------------- */

static ctl_t *ctl_at(comp_t *c, uint32_t depth) { return &c->ctl[c->ctl_len - 1 - depth]; }

static uint32_t label_arity(const ctl_t *t)
{
    return t->kind == CTL_LOOP ? t->nparams : t->nresults;
}

/* Points the rel32 in the high half of `word` (of the instruction at
 * instr_pos) at the label `depth`: now for loops, later for the others. */
static void target(comp_t *c, uint32_t depth, uint32_t instr_pos, uint32_t word)
{
    if (c->failed) return;
    ctl_t *t = ctl_at(c, depth);
    if (t->kind == CTL_LOOP) {
        put_imm(c, word, (uint32_t)(int32_t)((int64_t)t->loop_start - (int64_t)instr_pos));
        return;
    }
    if (!GROW(c, c->brf, c->brf_cap, c->brf_len + 1)) return;
    c->brf[c->brf_len] = (br_fixup_t){t->fixups, instr_pos, word};
    t->fixups = c->brf_len++;
}

/* Binds forward branches of the innermost construct to the current position. */
static void bind_fixups(comp_t *c)
{
    ctl_t *t = &c->ctl[c->ctl_len - 1];
    bool bound = false;
    for (uint32_t i = t->fixups; i != NO_POS; i = c->brf[i].next) {
        put_imm(c, c->brf[i].word, c->len - c->brf[i].instr_pos);
        bound = true;
    }
    t->fixups = NO_POS;
    if (bound) label_here(c);
}

/* The slot of the i-th of the n values a branch carries to a label whose
 * values start at stack position `base`: the carried values have the
 * label's types, so they are laid out from canon(base) as they are now. */
static uint32_t label_slot(const comp_t *c, uint32_t base, uint32_t n, uint32_t i)
{
    uint32_t slot = canon(c, base);
    for (uint32_t k = 0; k < i; k++) slot += width_of(c->vs[c->vs_len - n + k].type);
    return slot;
}

static bool needs_moves(comp_t *c, uint32_t depth)
{
    ctl_t *t = ctl_at(c, depth);
    uint32_t n = label_arity(t);
    for (uint32_t i = 0; i < n; i++) {
        ventry_t *e = &c->vs[c->vs_len - n + i];
        if (e->kind != VK_SLOT || e->idx != label_slot(c, t->base, n, i)) return true;
    }
    return false;
}

/* Moves the values a branch to `depth` carries into the label's slots.
 * Ascending order is safe: source slot >= destination slot, and a v128
 * move reads both its slots before writing. */
static void emit_moves(comp_t *c, uint32_t depth)
{
    ctl_t *t = ctl_at(c, depth);
    uint32_t n = label_arity(t);
    for (uint32_t i = 0; i < n; i++) {
        const ventry_t *e = &c->vs[c->vs_len - n + i];
        emit_move(c, label_slot(c, t->base, n, i), ref_of(e), e->type);
    }
}

static void emit_br(comp_t *c, uint32_t depth)
{
    if (c->last_op == IC_MOV && last_is_tail(c) && widen_last(c)) {
        /* the move that carries a value (or a loop variable) rides along */
        uint32_t pos = c->last_pos;
        set_handler(c, pos, IC_BR_MOV);
        c->last_op = IC_BR_MOV;
        c->last_dst = NO_POS;
        target(c, depth, pos, pos + 1);
        return;
    }
    uint32_t pos = emit(c, IC_BR, 0);
    if (pos != NO_POS) target(c, depth, pos, pos);
}

/* Word holding the rel32 of the branch at `pos` in its high half: word 0
 * for BR/BR_C, word 1 for the two-word fused branches. */
static uint32_t rel_word(const comp_t *c, uint32_t pos)
{
    uint32_t h = ICODE_HANDLER(c->code[pos]);
    for (int op = 0; op < IC_COUNT_; op++)
        if (c->hoff[op] == h) {
            icode_format_t f = icode_info[op].format;
            return f == FMT_BR_AB || f == FMT_ADD_BR || f == FMT_BR_MOV ? pos + 1 : pos;
        }
    return pos;
}

/* `i32.add` (or i64) just before a compare-and-branch `op` of the same
 * type: one ADD_BR instruction (the latch of most counted loops). Returns
 * its position, or NO_POS when the pattern does not apply. */
static uint32_t try_add_branch(comp_t *c, icode_op_t op, uint32_t a, uint32_t b)
{
    bool is32 = op >= IC_BR_I32_EQ && op <= IC_BR_I32_GE_U;
    bool is64 = op >= IC_BR_I64_EQ && op <= IC_BR_I64_GE_U;
    icode_op_t add = is32 ? IC_I32_ADD : IC_I64_ADD;
    if ((!is32 && !is64) || c->last_op != add || !last_is_tail(c)) return NO_POS;
    uint32_t d = field_at(c, c->last_pos, 0), x = field_at(c, c->last_pos, 1),
             y = field_at(c, c->last_pos, 2);
    icode_op_t fused = (icode_op_t)((is32 ? IC_ADD_BR_I32_EQ : IC_ADD_BR_I64_EQ) +
                                    (op - (is32 ? IC_BR_I32_EQ : IC_BR_I64_EQ)));
    unemit_last(c);
    uint32_t pos = emit(c, fused, 0);
    if (pos == NO_POS) return NO_POS;
    put(c, pos, 0, d);
    put(c, pos, 1, x);
    put(c, pos, 2, y);
    put(c, pos, 3, a);
    put(c, pos, 4, b);
    return pos;
}

/* Emits "jump if cond is true" (when_true) or "jump if false", fusing a
 * compare just emitted. Returns the branch's position; its rel32 lives in
 * word pos+1. */
static uint32_t emit_cond_jump(comp_t *c, ventry_t cond, bool when_true)
{
    static const struct { icode_op_t cmp, if_true, if_false; } fuse[] = {
        {IC_I32_EQ, IC_BR_I32_EQ, IC_BR_I32_NE}, {IC_I32_NE, IC_BR_I32_NE, IC_BR_I32_EQ},
        {IC_I32_LT_S, IC_BR_I32_LT_S, IC_BR_I32_GE_S}, {IC_I32_LT_U, IC_BR_I32_LT_U, IC_BR_I32_GE_U},
        {IC_I32_GT_S, IC_BR_I32_GT_S, IC_BR_I32_LE_S}, {IC_I32_GT_U, IC_BR_I32_GT_U, IC_BR_I32_LE_U},
        {IC_I32_LE_S, IC_BR_I32_LE_S, IC_BR_I32_GT_S}, {IC_I32_LE_U, IC_BR_I32_LE_U, IC_BR_I32_GT_U},
        {IC_I32_GE_S, IC_BR_I32_GE_S, IC_BR_I32_LT_S}, {IC_I32_GE_U, IC_BR_I32_GE_U, IC_BR_I32_LT_U},
        {IC_I64_EQ, IC_BR_I64_EQ, IC_BR_I64_NE}, {IC_I64_NE, IC_BR_I64_NE, IC_BR_I64_EQ},
        {IC_I64_LT_S, IC_BR_I64_LT_S, IC_BR_I64_GE_S}, {IC_I64_LT_U, IC_BR_I64_LT_U, IC_BR_I64_GE_U},
        {IC_I64_GT_S, IC_BR_I64_GT_S, IC_BR_I64_LE_S}, {IC_I64_GT_U, IC_BR_I64_GT_U, IC_BR_I64_LE_U},
        {IC_I64_LE_S, IC_BR_I64_LE_S, IC_BR_I64_GT_S}, {IC_I64_LE_U, IC_BR_I64_LE_U, IC_BR_I64_GT_U},
        {IC_I64_GE_S, IC_BR_I64_GE_S, IC_BR_I64_LT_S}, {IC_I64_GE_U, IC_BR_I64_GE_U, IC_BR_I64_LT_U},
        {IC_I32_EQZ, IC_BR_UNLESS, IC_BR_IF}, {IC_I64_EQZ, IC_BR_UNLESS64, IC_BR_IF64},
    };
    if (cond.kind == VK_SLOT && c->last_cmp != IC_COUNT_ && c->last_dst == cond.idx &&
        last_is_tail(c)) {
        icode_op_t cmp = c->last_cmp;
        uint32_t a = c->last_a, b = c->last_b;
        for (size_t i = 0; i < sizeof fuse / sizeof fuse[0]; i++) {
            if (fuse[i].cmp != cmp) continue;
            unemit_last(c);
            icode_op_t op = when_true ? fuse[i].if_true : fuse[i].if_false;
            if (cmp != IC_I32_EQZ && cmp != IC_I64_EQZ) {
                uint32_t pos = try_add_branch(c, op, a, b);
                if (pos != NO_POS) return pos;
            }
            uint32_t pos = emit(c, op, 0);
            if (pos == NO_POS) return NO_POS;
            put(c, pos, 0, a);
            if (cmp != IC_I32_EQZ && cmp != IC_I64_EQZ) put(c, pos, 1, b);
            return pos;
        }
    }
    if (cond.kind == VK_SLOT && c->last_pos != NO_POS && c->last_op == IC_I32_AND &&
        c->last_dst == cond.idx && last_is_tail(c)) {
        uint32_t x = field_at(c, c->last_pos, 1), y = field_at(c, c->last_pos, 2);
        unemit_last(c);
        uint32_t pos = emit(c, when_true ? IC_BR_I32_AND_NZ : IC_BR_I32_AND_Z, 0);
        if (pos == NO_POS) return NO_POS;
        put(c, pos, 0, x);
        put(c, pos, 1, y);
        return pos;
    }
    uint32_t pos = emit(c, when_true ? IC_BR_IF : IC_BR_UNLESS, 0);
    if (pos != NO_POS) put(c, pos, 0, ref_of(&cond));
    return pos;
}

/* ---- block types -------------------------------------------------------------- */

static void block_arity(comp_t *c, const bin_instr_t *in, uint32_t *np, uint32_t *nr,
                        const bin_valtype_t **results, bin_valtype_t *single)
{
    *np = *nr = 0;
    *results = NULL;
    if (in->imm.block.kind == BT_VALTYPE) {
        *single = in->imm.block.valtype;
        *nr = 1;
        *results = single;
    } else if (in->imm.block.kind == BT_TYPEIDX) {
        const bin_functype_t *t = &c->m->types[in->imm.block.type_idx];
        *np = t->nparams;
        *nr = t->nresults;
        *results = t->results;
    }
}

static void push_ctl(comp_t *c, uint8_t kind, uint32_t np, uint32_t nr)
{
    if (!GROW(c, c->ctl, c->ctl_cap, c->ctl_len + 1)) return;
    c->ctl[c->ctl_len++] = (ctl_t){kind, false, false, c->vs_len - np, np, nr, c->len, NO_POS, NO_POS,
                                   NO_POS, NO_POS};
}

/* Resets the operand stack to the construct's base plus `n` canonical
 * entries typed from `types` (params at else, results at end). */
static void reset_stack(comp_t *c, const ctl_t *t, uint32_t n, const bin_valtype_t *types)
{
    c->vs_len = t->base;
    for (uint32_t i = 0; i < n; i++) push_result(c, types ? types[i] : VT_I64);
}

/* ---- returning ------------------------------------------------------------------- */

/* Moves the top `n` entries to slots 0..n-1 and returns. */
static void emit_return(comp_t *c, uint32_t n)
{
    if (n == 1) {
        ventry_t *e = &c->vs[c->vs_len - 1];
        if (e->type == VT_V128) {
            if (e->kind == VK_SLOT && c->last_dst == e->idx && c->last_pos != NO_POS)
                put(c, c->last_pos, 0, 0); /* the producer writes slots 0-1 */
            else
                emit_mov_v128(c, 0, ref_of(e));
        } else if (e->kind == VK_SLOT && c->last_dst == e->idx && c->last_pos != NO_POS &&
            c->last_op == IC_MOV) {
            /* a move into the result slot becomes the returning move */
            uint32_t pos = c->last_pos;
            uint32_t src = field_at(c, pos, 1);
            set_handler(c, pos, IC_RETURN1);
            put(c, pos, 0, src);
            put(c, pos, 1, 0);
            label_here(c);
            return;
        } else if (e->kind == VK_SLOT && c->last_dst == e->idx && c->last_pos != NO_POS) {
            /* the producer writes straight into slot 0 */
            put(c, c->last_pos, 0, 0);
        } else if (ref_of(e) != 0) {
            uint32_t pos = emit(c, IC_RETURN1, 0);
            if (pos != NO_POS) put(c, pos, 0, ref_of(e));
            return;
        }
    } else if (n > 1) {
        for (uint32_t i = c->vs_len - n; i < c->vs_len; i++) materialize(c, i);
        uint32_t dst = 0;
        for (uint32_t i = c->vs_len - n; i < c->vs_len; i++) {
            emit_move(c, dst, c->vs[i].canon, c->vs[i].type);
            dst += width_of(c->vs[i].type);
        }
    }
    emit(c, IC_RETURN, 0);
}

/* ---- instruction translation ------------------------------------------------------ */

static icode_op_t numeric_icode(bin_op_t op)
{
    static const uint16_t map[OP_COUNT_] = {
#define IC(name, fmt, meaning)
#define IC_NUM(name, fmt, meaning) [OP_##name] = IC_##name + 1,
#include "icode.def"
#undef IC
    };
    return map[op] ? (icode_op_t)(map[op] - 1) : IC_COUNT_;
}

static bin_valtype_t sig_result(bin_op_t op)
{
    static const bin_valtype_t by_letter[128] = {
        ['i'] = VT_I32, ['I'] = VT_I64, ['f'] = VT_F32, ['F'] = VT_F64,
        ['v'] = VT_V128, ['r'] = VT_FUNCREF, ['x'] = VT_EXTERNREF,
    };
    const char *sig = bin_opinfo[op].sig;
    const char *colon = sig ? strchr(sig, ':') : NULL;
    return colon && colon[1] ? by_letter[(unsigned char)colon[1]] : VT_I32;
}

static bool is_int_compare(icode_op_t ic)
{
    return (ic >= IC_I32_EQZ && ic <= IC_I32_GE_U) || (ic >= IC_I64_EQZ && ic <= IC_I64_GE_U);
}

static void emit_numeric(comp_t *c, bin_op_t op, icode_op_t ic)
{
    bool binary = icode_info[ic].format == FMT_DAB;
    ventry_t b = binary ? pop(c) : (ventry_t){0};
    ventry_t a = pop(c);
    uint32_t pos = emit(c, ic, 0);
    if (pos == NO_POS) return;
    uint32_t d = push_result(c, sig_result(op));
    put(c, pos, 0, d);
    put(c, pos, 1, ref_of(&a));
    if (binary) put(c, pos, 2, ref_of(&b));
    c->last_dst = d;
    if (is_int_compare(ic)) {
        c->last_cmp = ic;
        c->last_a = ref_of(&a);
        c->last_b = binary ? ref_of(&b) : 0;
    }
}

static icode_op_t memory_icode(bin_op_t op)
{
    switch (op) {
#define M(x) case OP_##x: return IC_##x;
    M(I32_LOAD) M(I64_LOAD) M(F32_LOAD) M(F64_LOAD) M(I32_LOAD8_S) M(I32_LOAD8_U)
    M(I32_LOAD16_S) M(I32_LOAD16_U) M(I64_LOAD8_S) M(I64_LOAD8_U) M(I64_LOAD16_S)
    M(I64_LOAD16_U) M(I64_LOAD32_S) M(I64_LOAD32_U) M(I32_STORE) M(I64_STORE) M(F32_STORE)
    M(F64_STORE) M(I32_STORE8) M(I32_STORE16) M(I64_STORE8) M(I64_STORE16) M(I64_STORE32)
#undef M
    default: return IC_COUNT_;
    }
}

static bin_valtype_t sig_result_of_load(icode_op_t ic)
{
    switch (ic) {
    case IC_I64_LOAD: case IC_I64_LOAD8_U: case IC_I64_LOAD32_U: return VT_I64;
    case IC_F32_LOAD: return VT_F32;
    case IC_F64_LOAD: return VT_F64;
    default: return VT_I32;
    }
}

/* The fused form of a load/store whose address is an i32.add, or IC_COUNT_. */
static icode_op_t fused_memory_icode(icode_op_t ic)
{
    switch (ic) {
#define X(n) case IC_##n: return IC_##n##_X;
    X(I32_LOAD) X(I64_LOAD) X(F32_LOAD) X(F64_LOAD) X(I32_LOAD8_S) X(I32_LOAD8_U)
    X(I32_LOAD16_S) X(I32_LOAD16_U) X(I64_LOAD8_U) X(I64_LOAD32_U) X(I32_STORE) X(I64_STORE)
    X(F32_STORE) X(F64_STORE) X(I32_STORE8) X(I32_STORE16)
#undef X
    default: return IC_COUNT_;
    }
}

/* `i32.shl t, i, K; i32.add addr, base, t` just before a 4- or 8-byte access
 * whose size is 1 << K: the scaled-index form. On success sets *base and
 * *index (from the add's operands) and returns the fused op. The shift's
 * result must be a stack temporary (nothing else can read it). */
static icode_op_t scaled_index(const comp_t *c, icode_op_t ic, uint32_t *base, uint32_t *index)
{
    static const struct { icode_op_t op, scaled; uint32_t shift; } table[] = {
        {IC_I32_LOAD, IC_I32_LOAD_S2, 2}, {IC_F32_LOAD, IC_F32_LOAD_S2, 2},
        {IC_I64_LOAD, IC_I64_LOAD_S3, 3}, {IC_F64_LOAD, IC_F64_LOAD_S3, 3},
        {IC_I32_STORE, IC_I32_STORE_S2, 2}, {IC_F32_STORE, IC_F32_STORE_S2, 2},
        {IC_I64_STORE, IC_I64_STORE_S3, 3}, {IC_F64_STORE, IC_F64_STORE_S3, 3},
    };
    if (c->prev_pos == NO_POS || c->prev_op != IC_I32_SHL ||
        c->prev_pos + words_of(IC_I32_SHL) != c->last_pos)
        return IC_COUNT_;
    uint32_t t = field_at(c, c->prev_pos, 0), amount = field_at(c, c->prev_pos, 2),
             shifted = field_at(c, c->prev_pos, 1);
    uint32_t const_base = c->nlocal_slots, stack_base = c->nlocal_slots + c->nconsts;
    if (t < stack_base || amount < const_base || amount >= stack_base) return IC_COUNT_;
    uint64_t k = c->consts[amount - const_base] & 31;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].op != ic || table[i].shift != k) continue;
        if (*index == t && *base != t) { *index = shifted; return table[i].scaled; }
        if (*base == t && *index != t) { *base = *index; *index = shifted; return table[i].scaled; }
        return IC_COUNT_;
    }
    return IC_COUNT_;
}

/* `local.get a; local.get b; i32.add; load offset=c` as one instruction when
 * the add is the last instruction and produced exactly this address. */
static bool try_fused_memory(comp_t *c, icode_op_t ic, ventry_t addr, ventry_t *value,
                             uint32_t off)
{
    icode_op_t fused = fused_memory_icode(ic);
    if (fused == IC_COUNT_ || off > 0xFFFF || addr.kind != VK_SLOT || c->last_pos == NO_POS ||
        c->last_op != IC_I32_ADD || c->last_dst != addr.idx || !last_is_tail(c))
        return false;
    uint32_t base = field_at(c, c->last_pos, 1), index = field_at(c, c->last_pos, 2);
    icode_op_t scaled = scaled_index(c, ic, &base, &index);
    if (scaled != IC_COUNT_) {
        fused = scaled;
        c->len = c->prev_pos; /* drop the shift and the add */
        label_here(c);
    } else {
        unemit_last(c);
    }
    uint32_t pos = emit(c, fused, 0);
    if (pos == NO_POS) return true;
    uint32_t d = value ? ref_of(value) : push_result(c, sig_result_of_load(ic));
    put(c, pos, 0, d);
    put(c, pos, 1, base);
    put(c, pos, 2, index);
    put(c, pos, 3, off);
    if (!value) c->last_dst = d;
    return true;
}

static void emit_memory(comp_t *c, const bin_instr_t *in, icode_op_t ic)
{
    if (in->imm.memarg.offset > UINT32_MAX) {
        fail(c, WASMCELL_ERR_UNSUPPORTED, in->offset, "memory offsets above 4 GiB (memory64)");
        return;
    }
    uint32_t off = (uint32_t)in->imm.memarg.offset;
    if (icode_info[ic].format == FMT_DA_O) {
        ventry_t a = pop(c);
        if (try_fused_memory(c, ic, a, NULL, off)) return;
        bool wide = off > 0xFFFF;
        uint32_t pos = emit(c, wide ? IC_LOAD_WIDE : ic, 0);
        if (pos == NO_POS) return;
        uint32_t d = push_result(c, sig_result(in->op));
        put(c, pos, 0, d);
        put(c, pos, 1, ref_of(&a));
        put(c, pos, 2, wide ? (uint32_t)ic : off);
        if (wide) put_imm(c, pos + 1, off);
        c->last_dst = d;
    } else {
        ventry_t v = pop(c), a = pop(c);
        if (try_fused_memory(c, ic, a, &v, off)) return;
        bool wide = off > 0xFFFF;
        uint32_t pos = emit(c, wide ? IC_STORE_WIDE : ic, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, ref_of(&v));
        put(c, pos, 1, ref_of(&a));
        put(c, pos, 2, wide ? (uint32_t)ic : off);
        if (wide) put_imm(c, pos + 1, off);
    }
}

/* Address types of memories and tables (memory64, table64). */
static bin_valtype_t mem_addr_type(const comp_t *c, uint32_t mem_idx)
{
    return c->m->memories[mem_idx].limits.is64 ? VT_I64 : VT_I32;
}
static bin_valtype_t table_addr_type(const comp_t *c, uint32_t table_idx)
{
    return c->m->tables[table_idx].limits.is64 ? VT_I64 : VT_I32;
}

/* call_indirect through a 64-bit table: the i64 index on top of the stack
 * becomes an i32 one that is out of bounds whenever the i64 one is. */
static void table64_index(comp_t *c, uint32_t table_idx)
{
    if (table_addr_type(c, table_idx) != VT_I64) return;
    ventry_t i = pop(c);
    uint32_t pos = emit(c, IC_TABLE_INDEX64, 0);
    if (pos == NO_POS) return;
    uint32_t d = push_result(c, VT_I32);
    put(c, pos, 0, d);
    put(c, pos, 1, ref_of(&i));
}

/* Memory 0 of 32-bit addresses: the fast memory instructions apply (the
 * others, multi-memory and memory64, go through MEM_ACCESS and the _X
 * forms, always bounds-checked). */
static bool plain_memory(const comp_t *c, uint32_t mem_idx)
{
    return mem_idx == 0 && !c->m->memories[0].limits.is64;
}

/* A load or store (scalar or SIMD) on any memory: MEM_ACCESS names the wasm
 * op, the memory, the full 64-bit offset and the lane; operands in the
 * order of the op's signature (address first). */
static void emit_mem_access(comp_t *c, const bin_instr_t *in)
{
    const char *sig = bin_opinfo[in->op].sig;
    uint32_t np = (uint32_t)(strchr(sig, ':') - sig);
    bool has_result = sig[np + 1] != '\0';
    if (in->imm.memarg.mem_idx > 0xFFFF) {
        fail(c, WASMCELL_ERR_UNSUPPORTED, in->offset, "more than 65536 memories");
        return;
    }
    ventry_t ops[2];
    for (uint32_t i = 0; i < np; i++) ops[np - 1 - i] = pop(c);
    uint32_t pos = emit(c, IC_MEM_ACCESS, 0);
    if (pos == NO_POS) return;
    if (has_result) {
        uint32_t d = push_result(c, sig_result(in->op));
        put(c, pos, 0, d);
        if (np == 2) put(c, pos, 2, ref_of(&ops[1])); /* load_lane: the vector */
    } else {
        put(c, pos, 0, ref_of(&ops[1]));
    }
    put(c, pos, 1, ref_of(&ops[0]));
    put(c, pos, 3, (uint32_t)in->op);
    put(c, pos, 4, in->imm.memarg.mem_idx);
    put(c, pos, 5, in->imm.memarg.lane);
    c->code[pos + 2] = in->imm.memarg.offset;
}

/* DAB_X instructions: up to three popped operands (last popped = field 0),
 * an optional result, and two 32-bit indices. */
static void emit_bulk(comp_t *c, icode_op_t ic, uint32_t npop, bin_valtype_t result,
                      uint32_t x, uint32_t y)
{
    ventry_t ops[3];
    for (uint32_t i = 0; i < npop; i++) ops[npop - 1 - i] = pop(c);
    uint32_t pos = emit(c, ic, 0);
    if (pos == NO_POS) return;
    uint32_t field = 0;
    if (result) {
        uint32_t d = push_result(c, result);
        put(c, pos, field++, d);
    }
    for (uint32_t i = 0; i < npop; i++) put(c, pos, field++, ref_of(&ops[i]));
    if (icode_info[ic].format == FMT_DAB_X) c->code[pos + 1] = (uint64_t)x | (uint64_t)y << 32;
}

/* ---- SIMD ------------------------------------------------------------------------ */

static icode_op_t simd_icode(bin_op_t op)
{
    static const uint16_t map[OP_COUNT_] = {
#define IC(name, fmt, meaning)
#define IC_NUM(name, fmt, meaning)
#define IC_SIMD(name, fmt, meaning) [OP_##name] = IC_##name + 1,
#include "icode.def"
#undef IC
    };
    return map[op] ? (icode_op_t)(map[op] - 1) : IC_COUNT_;
}

/* Number of operands in a "params:results" signature. */
static uint32_t sig_params(bin_op_t op)
{
    const char *sig = bin_opinfo[op].sig;
    return (uint32_t)(strchr(sig, ':') - sig);
}

/* A SIMD instruction (icode.def, SIMD formats): operands popped in
 * signature order, the result (if any) in field 0; stores put their value
 * in field 0 instead. v128.const is a constant (compile_instr). */
static void emit_simd(comp_t *c, const bin_instr_t *in)
{
    icode_op_t ic = simd_icode(in->op);
    uint32_t np = sig_params(in->op);
    bin_valtype_t result = sig_result(in->op);
    bool has_result = bin_opinfo[in->op].sig[np + 1] != '\0';
    icode_format_t fmt = icode_info[ic].format;
    ventry_t ops[3];
    for (uint32_t i = 0; i < np; i++) ops[np - 1 - i] = pop(c);
    uint32_t offset = 0;
    if (fmt == FMT_SIMD_IMM_MEMARG || fmt == FMT_SIMD_IMM_MEMARG_LANE) {
        if (in->imm.memarg.offset > UINT32_MAX) {
            fail(c, WASMCELL_ERR_UNSUPPORTED, in->offset, "memory offsets above 4 GiB (memory64)");
            return;
        }
        offset = (uint32_t)in->imm.memarg.offset;
    }
    uint32_t pos = emit(c, ic, 0);
    if (pos == NO_POS) return;
    uint32_t field = 0;
    if (has_result) {
        uint32_t d = push_result(c, result);
        put(c, pos, field++, d);
        c->last_dst = d;
    }
    switch (fmt) {
    case FMT_SIMD_IMM_MEMARG: /* loads: d a; stores: v a */
        if (has_result) {
            put(c, pos, 1, ref_of(&ops[0]));
        } else {
            put(c, pos, 0, ref_of(&ops[1]));
            put(c, pos, 1, ref_of(&ops[0]));
        }
        put_imm(c, pos + 1, offset);
        break;
    case FMT_SIMD_IMM_MEMARG_LANE: /* load_lane: d a v; store_lane: v a */
        put(c, pos, has_result ? 2 : 0, ref_of(&ops[1]));
        put(c, pos, 1, ref_of(&ops[0]));
        put(c, pos, 3, in->imm.memarg.lane);
        put_imm(c, pos + 1, offset);
        break;
    case FMT_SIMD_IMM_LANE:
        for (uint32_t i = 0; i < np; i++) put(c, pos, field++, ref_of(&ops[i]));
        put(c, pos, 3, in->imm.lane);
        break;
    case FMT_SIMD_IMM_SHUFFLE:
        for (uint32_t i = 0; i < np; i++) put(c, pos, field++, ref_of(&ops[i]));
        put(c, pos, 3, const_slot_bytes(c, in->imm.bytes16));
        break;
    default: /* SIMD_IMM_NONE: d a b, and c in word 1 for the ternary ops */
        for (uint32_t i = 0; i < np; i++) put(c, pos, field++, ref_of(&ops[i]));
        break;
    }
}

/* How a call finds its callee: by index, through a table, or from a
 * function reference on the stack (call_ref). */
typedef enum call_via { VIA_INDEX, VIA_TABLE, VIA_REF } call_via_t;

static void emit_call(comp_t *c, const bin_functype_t *t, uint32_t func_idx, call_via_t via,
                      uint32_t type_idx, uint32_t table_idx)
{
    bool indirect = via != VIA_INDEX;
    ventry_t idx = indirect ? pop(c) : (ventry_t){0};
    uint32_t first = c->vs_len - t->nparams;
    bool settled = true, narrow = true;
    for (uint32_t i = first; i < c->vs_len; i++) {
        settled &= c->vs[i].kind == VK_SLOT;
        narrow &= c->vs[i].type != VT_V128; /* CALL_A copies one slot per parameter */
    }
    uint32_t argbase = canon(c, first);
    uint32_t pos;
    if (!indirect && !settled && narrow && t->nparams <= 4) {
        /* Arguments still named by locals/constants are copied by the call
         * itself: no move instructions. Sources are never canonical slots
         * of other arguments, so the copy order does not matter. */
        pos = emit(c, IC_CALL_A, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put_imm(c, pos, func_idx);
        for (uint32_t i = 0; i < t->nparams; i++) put(c, pos, 3 + i, ref_of(&c->vs[first + i]));
        goto done;
    }
    for (uint32_t i = first; i < c->vs_len; i++) materialize(c, i);
    /* Entries naming locals stay valid: the callee cannot write our locals. */
    if (via == VIA_REF) {
        pos = emit(c, IC_CALL_REF, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put(c, pos, 1, ref_of(&idx));
    } else if (indirect) {
        if (table_idx > 0xFFFF) {
            fail(c, WASMCELL_ERR_UNSUPPORTED, 0, "call_indirect through table index above 65535");
            return;
        }
        pos = emit(c, IC_CALL_INDIRECT, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put(c, pos, 1, ref_of(&idx));
        put(c, pos, 2, table_idx);
        put_imm(c, pos + 1, c->sig_ids[type_idx]);
    } else {
        pos = emit(c, IC_CALL, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put_imm(c, pos, func_idx);
    }
done:
    c->vs_len -= t->nparams;
    for (uint32_t i = 0; i < t->nresults; i++) push_result(c, t->results[i]);
    /* push() counted the results: the callee's frame (at argbase) holds them */
    label_here(c); /* results are not "the last instruction's dst" */
}

static void set_dead(comp_t *c);

/* return_call, return_call_indirect: the arguments are materialized at
 * argbase; the op moves them (nslots slots) to slot 0 and replaces the
 * current frame with the callee's (constant frame and value stack). */
static void emit_return_call(comp_t *c, const bin_functype_t *t, uint32_t func_idx, call_via_t via,
                             uint32_t type_idx, uint32_t table_idx)
{
    bool indirect = via != VIA_INDEX;
    ventry_t idx = indirect ? pop(c) : (ventry_t){0};
    uint32_t first = c->vs_len - t->nparams, nslots = 0;
    for (uint32_t i = first; i < c->vs_len; i++) {
        materialize(c, i);
        nslots += width_of(c->vs[i].type);
    }
    uint32_t argbase = canon(c, first);
    uint32_t pos;
    if (via == VIA_REF) {
        pos = emit(c, IC_RETURN_CALL_REF, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put(c, pos, 1, ref_of(&idx));
        put(c, pos, 3, nslots);
    } else if (indirect) {
        if (table_idx > 0xFFFF) {
            fail(c, WASMCELL_ERR_UNSUPPORTED, 0, "return_call_indirect through table index above 65535");
            return;
        }
        pos = emit(c, IC_RETURN_CALL_INDIRECT, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put(c, pos, 1, ref_of(&idx));
        put(c, pos, 2, table_idx);
        put(c, pos, 3, nslots);
        put_imm(c, pos + 1, c->sig_ids[type_idx]);
    } else {
        pos = emit(c, IC_RETURN_CALL, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, argbase);
        put_imm(c, pos, func_idx);
        put(c, pos, 3, nslots);
    }
    c->vs_len -= t->nparams;
    label_here(c);
    set_dead(c);
}

static void emit_br_table(comp_t *c, const bin_instr_t *in)
{
    ventry_t idx = pop(c);
    uint32_t count = in->imm.br_table.count;
    const uint32_t *labels = in->imm.br_table.labels;
    uint32_t pos = emit(c, IC_BR_TABLE, count + 1);
    if (pos == NO_POS) return;
    put(c, pos, 0, ref_of(&idx));
    put_imm(c, pos, count);
    for (uint32_t i = 0; i <= count && !c->failed; i++) {
        uint32_t depth = i < count ? labels[i] : in->imm.br_table.default_label;
        uint32_t word = pos + 1 + i;
        if (!needs_moves(c, depth)) {
            target(c, depth, pos, word);
            continue;
        }
        /* A stub after the table moves the values, then jumps. */
        put_imm(c, word, c->len - pos);
        emit_moves(c, depth);
        emit_br(c, depth);
    }
}

static void do_end(comp_t *c)
{
    ctl_t *t = &c->ctl[c->ctl_len - 1];
    if (!c->dead)
        for (uint32_t i = c->vs_len - t->nresults; i < c->vs_len; i++) materialize(c, i);
    if (t->kind == CTL_IF && t->else_fixup != NO_POS) {
        /* no else arm: the false path falls through to here */
        put_imm(c, rel_word(c, t->else_fixup), c->len - t->else_fixup);
        t->else_fixup = NO_POS;
        label_here(c);
    }
    bind_fixups(c);
}

static void do_else(comp_t *c, const bin_valtype_t *params)
{
    ctl_t *t = &c->ctl[c->ctl_len - 1];
    if (!c->dead) {
        for (uint32_t i = c->vs_len - t->nresults; i < c->vs_len; i++) materialize(c, i);
        emit_br(c, 0);
    }
    if (t->else_fixup != NO_POS) put_imm(c, rel_word(c, t->else_fixup), c->len - t->else_fixup);
    t->else_fixup = NO_POS;
    t->has_else = true;
    label_here(c);
    reset_stack(c, t, t->nparams, params);
    c->dead = false;
}

/* Block parameter types are needed again at `else`; keep them per IF. */
typedef struct if_types { const bin_valtype_t *params, *results; bin_valtype_t single; } if_types_t;

static void compile_instr(comp_t *c, const bin_instr_t *in, if_types_t *types, uint32_t ntypes);

/* Skips unreachable code up to the else/end that closes the current construct. */
static bool skip_dead(comp_t *c, const bin_instr_t *in)
{
    if (!c->dead) return false;
    switch (in->op) {
    case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_TRY_TABLE: case OP_TRY:
        c->dead_depth++;
        return true;
    case OP_END: case OP_DELEGATE:
        if (c->dead_depth) { c->dead_depth--; return true; }
        return false;
    case OP_ELSE: case OP_CATCH: case OP_CATCH_ALL: return c->dead_depth != 0;
    default: return true;
    }
}

static void set_dead(comp_t *c)
{
    c->dead = true;
    c->dead_depth = 0;
}

static void compile_control(comp_t *c, const bin_instr_t *in, if_types_t *types)
{
    uint32_t np, nr;
    const bin_valtype_t *results;
    switch (in->op) {
    case OP_BLOCK: case OP_LOOP: case OP_IF: {
        block_arity(c, in, &np, &nr, &results, &types[c->ctl_len].single);
        types[c->ctl_len].results = results;
        types[c->ctl_len].params =
            in->imm.block.kind == BT_TYPEIDX ? c->m->types[in->imm.block.type_idx].params : NULL;
        if (in->op == OP_IF) {
            ventry_t cond = pop(c);
            settle(c, np); /* a move here prevents fusion, keeping it correct */
            uint32_t pos = emit_cond_jump(c, cond, false);
            push_ctl(c, CTL_IF, np, nr);
            if (!c->failed) c->ctl[c->ctl_len - 1].else_fixup = pos;
            label_here(c);
        } else {
            if (in->op == OP_LOOP) settle_loop(c, np);
            else settle(c, np);
            label_here(c);
            push_ctl(c, in->op == OP_LOOP ? CTL_LOOP : CTL_BLOCK, np, nr);
            if (in->op == OP_LOOP && GROW(c, c->loops, c->loops_cap, c->loops_len + 2)) {
                c->loops[c->loops_len++] = c->len;
                c->loops[c->loops_len++] = c->cur_loop_ordinal;
            }
        }
        break;
    }
    case OP_ELSE:
        do_else(c, types[c->ctl_len - 1].params);
        break;
    case OP_BR:
        emit_moves(c, in->imm.idx);
        emit_br(c, in->imm.idx);
        set_dead(c);
        break;
    case OP_BR_IF: {
        ventry_t cond = pop(c);
        uint32_t depth = in->imm.idx;
        if (!needs_moves(c, depth)) {
            uint32_t pos = emit_cond_jump(c, cond, true);
            if (pos != NO_POS) target(c, depth, pos, rel_word(c, pos));
        } else {
            uint32_t skip = emit_cond_jump(c, cond, false);
            emit_moves(c, depth);
            emit_br(c, depth);
            if (skip != NO_POS) put_imm(c, rel_word(c, skip), c->len - skip);
            label_here(c);
        }
        break;
    }
    case OP_BR_TABLE:
        emit_br_table(c, in);
        set_dead(c);
        break;
    case OP_RETURN:
        emit_return(c, c->ctl[0].nresults);
        set_dead(c);
        break;
    case OP_UNREACHABLE:
        emit(c, IC_UNREACHABLE, 0);
        set_dead(c);
        break;
    default: break;
    }
}

/* br_on_null l: with a null reference on top, drop it and branch with the
 * values below; br_on_non_null l: with a non-null one, branch carrying it
 * too, else drop it. A null reference is slot value 0. */
static void compile_br_on_null(comp_t *c, const bin_instr_t *in)
{
    uint32_t depth = in->imm.idx;
    bool on_null = in->op == OP_BR_ON_NULL;
    ventry_t ref = c->vs[c->vs_len - 1];
    if (on_null) c->vs_len--; /* the branch carries the values below it */
    icode_op_t taken = on_null ? IC_BR_UNLESS64 : IC_BR_IF64;
    icode_op_t not_taken = on_null ? IC_BR_IF64 : IC_BR_UNLESS64;
    if (!needs_moves(c, depth)) {
        uint32_t pos = emit(c, taken, 0);
        if (pos != NO_POS) {
            put(c, pos, 0, ref_of(&ref));
            target(c, depth, pos, rel_word(c, pos));
        }
    } else {
        uint32_t skip = emit(c, not_taken, 0);
        if (skip != NO_POS) put(c, skip, 0, ref_of(&ref));
        emit_moves(c, depth);
        emit_br(c, depth);
        if (skip != NO_POS) put_imm(c, rel_word(c, skip), c->len - skip);
        label_here(c);
    }
    if (on_null) c->vs[c->vs_len++] = ref; /* still on the stack, now non-null */
    else c->vs_len--;
}

static void compile_end(comp_t *c, if_types_t *types)
{
    ctl_t t = c->ctl[c->ctl_len - 1];
    do_end(c);
    if (t.kind == CTL_FUNC) {
        c->vs_len = 0;
        reset_stack(c, &t, t.nresults, types[0].results);
        emit_return(c, t.nresults);
        c->ctl_len--;
        return;
    }
    reset_stack(c, &t, t.nresults, types[c->ctl_len - 1].results);
    c->ctl_len--;
    c->dead = false;
}


/* ---- exception handling --------------------------------------------------------- */

/* The innermost try construct still in its body among the open ones from
 * ctl index `from` outward: where an exception there goes next. */
static uint32_t enclosing_try(const comp_t *c, int64_t from)
{
    for (int64_t i = from; i >= 0; i--) {
        const ctl_t *t = &c->ctl[i];
        if (t->kind == CTL_TRY_TABLE || t->kind == CTL_TRY) return t->try_idx;
    }
    return CMP_NO_TRY;
}

/* Opens a try entry covering code from here for the construct just pushed
 * on the control stack; returns its index. */
static uint32_t open_try(comp_t *c)
{
    if (!GROW(c, c->tries, c->tries_cap, c->ntries + 1)) return CMP_NO_TRY;
    c->tries[c->ntries] = (cmp_try_t){.start = c->len, .end = c->len,
                                      .parent = enclosing_try(c, (int64_t)c->ctl_len - 2),
                                      .first_clause = CMP_NO_TRY};
    return c->ntries++;
}

static void add_clause(comp_t *c, uint32_t try_idx, cmp_catch_t k)
{
    if (try_idx == CMP_NO_TRY || !GROW(c, c->clauses, c->clauses_cap, c->nclauses + 1)) return;
    k.next = CMP_NO_TRY;
    uint32_t *link = &c->tries[try_idx].first_clause;
    while (*link != CMP_NO_TRY) link = &c->clauses[*link].next;
    *link = c->nclauses;
    c->clauses[c->nclauses++] = k;
}

static uint32_t tag_slots(const comp_t *c, uint32_t tag_idx)
{
    const bin_functype_t *t = &c->m->types[c->m->tag_type_idxs[tag_idx]];
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->nparams; i++) n += width_of(t->params[i]);
    return n;
}

/* try_table: a landing pad per catch clause (a branch to its label, whose
 * slots the unwinder fills), jumped over on entry; then the body. */
static void compile_try_table(comp_t *c, const bin_instr_t *in, if_types_t *types)
{
    uint32_t np, nr;
    const bin_valtype_t *results;
    block_arity(c, in, &np, &nr, &results, &types[c->ctl_len].single);
    types[c->ctl_len].results = results;
    types[c->ctl_len].params =
        in->imm.block.kind == BT_TYPEIDX ? c->m->types[in->imm.block.type_idx].params : NULL;
    settle(c, np);
    label_here(c);
    uint32_t skip = emit(c, IC_BR, 0);
    cmp_catch_t pending[16], *ks = pending;
    uint32_t n = in->imm.block.ncatches;
    if (n > 16 && !(ks = base_alloc_array(n, sizeof *ks))) {
        fail(c, WASMCELL_ERR_NOMEM, in->offset, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < n && !c->failed; i++) {
        const bin_catch_t *k = &in->imm.block.catches[i];
        /* the catch's values lie where a branch to the label carries them */
        ctl_t *t = ctl_at(c, k->label);
        uint32_t payload = canon(c, t->base);
        uint32_t nslots = k->kind <= CATCH_TAG_REF ? tag_slots(c, k->tag_idx) : 0;
        label_here(c);
        ks[i] = (cmp_catch_t){.kind = k->kind, .tag_idx = k->tag_idx, .pad = c->len,
                              .payload_slot = payload, .exn_slot = payload + nslots};
        uint32_t top = canon(c, t->base) + nslots + 1 - (c->nlocal_slots + c->nconsts);
        if (top > c->max_height) c->max_height = top;
        emit_br(c, k->label);
    }
    if (skip != NO_POS) put_imm(c, skip, c->len - skip);
    label_here(c);
    push_ctl(c, CTL_TRY_TABLE, np, nr);
    uint32_t try_idx = c->failed ? CMP_NO_TRY : open_try(c);
    if (!c->failed) c->ctl[c->ctl_len - 1].try_idx = try_idx;
    for (uint32_t i = 0; i < n && !c->failed; i++) add_clause(c, try_idx, ks[i]);
    if (ks != pending) base_free(ks);
}

/* Legacy try: a block whose body is covered by the try entry. */
static void compile_try(comp_t *c, const bin_instr_t *in, if_types_t *types)
{
    uint32_t np, nr;
    const bin_valtype_t *results;
    block_arity(c, in, &np, &nr, &results, &types[c->ctl_len].single);
    types[c->ctl_len].results = results;
    types[c->ctl_len].params =
        in->imm.block.kind == BT_TYPEIDX ? c->m->types[in->imm.block.type_idx].params : NULL;
    settle(c, np);
    label_here(c);
    push_ctl(c, CTL_TRY, np, nr);
    if (c->failed) return;
    ctl_t *t = &c->ctl[c->ctl_len - 1];
    t->try_idx = open_try(c);
    t->exn_slot = c->exn_slot_base + c->nlegacy_tries++;
}

/* Legacy catch x / catch_all: ends the body (or the previous catch) like
 * `else`; the clause's code starts with the tag's values at the block's base. */
static void compile_catch(comp_t *c, const bin_instr_t *in)
{
    ctl_t *t = &c->ctl[c->ctl_len - 1];
    if (t->kind == CTL_TRY && t->try_idx != CMP_NO_TRY) c->tries[t->try_idx].end = c->len;
    if (!c->dead) {
        for (uint32_t i = c->vs_len - t->nresults; i < c->vs_len; i++) materialize(c, i);
        emit_br(c, 0);
    }
    label_here(c);
    t->kind = CTL_CATCH;
    c->vs_len = t->base;
    uint32_t payload = canon(c, t->base);
    if (in->op == OP_CATCH) {
        const bin_functype_t *ft = &c->m->types[c->m->tag_type_idxs[in->imm.idx]];
        for (uint32_t i = 0; i < ft->nparams; i++) push_result(c, ft->params[i]);
    }
    add_clause(c, t->try_idx, (cmp_catch_t){
        .kind = in->op == OP_CATCH ? CATCH_TAG : CATCH_ALL, .legacy = true,
        .tag_idx = in->op == OP_CATCH ? in->imm.idx : 0, .pad = c->len,
        .payload_slot = payload, .exn_slot = t->exn_slot});
    c->dead = false;
}

/* Legacy delegate l: the body's exceptions go to the handlers around
 * label l (counted outside this try); then the try ends like `end`. */
static void compile_delegate(comp_t *c, const bin_instr_t *in, if_types_t *types)
{
    ctl_t *t = &c->ctl[c->ctl_len - 1];
    if (t->try_idx != CMP_NO_TRY) {
        c->tries[t->try_idx].end = c->len;
        c->tries[t->try_idx].parent = enclosing_try(c, (int64_t)c->ctl_len - 2 - in->imm.idx);
    }
    compile_end(c, types);
}

static void compile_throw(comp_t *c, const bin_instr_t *in)
{
    uint32_t pos;
    if (in->op == OP_THROW) {
        const bin_functype_t *ft = &c->m->types[c->m->tag_type_idxs[in->imm.idx]];
        uint32_t first = c->vs_len - ft->nparams;
        for (uint32_t i = first; i < c->vs_len; i++) materialize(c, i);
        pos = emit(c, IC_THROW, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, canon(c, first));
        put_imm(c, pos, in->imm.idx);
        c->vs_len = first;
    } else if (in->op == OP_THROW_REF) {
        ventry_t e = pop(c);
        pos = emit(c, IC_THROW_REF, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, ref_of(&e));
    } else { /* rethrow */
        ctl_t *t = ctl_at(c, in->imm.idx);
        if (t->try_idx != CMP_NO_TRY) c->tries[t->try_idx].keeps_exn = true;
        pos = emit(c, IC_RETHROW, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, t->exn_slot);
    }
    label_here(c);
    set_dead(c);
}

/* Legacy tries in the body: each gets a hidden local for rethrow. */
/* What the frame layout needs to know before the body is compiled, in
 * one decode of it (each count was a decode of its own: a tenth of a cold
 * SQLite run is compiling internal code) */
typedef struct prescan {
    uint32_t tries;             /* legacy try blocks */
    uint32_t consts, consts128; /* scalar (and ref.null) and v128 constants */
} prescan_t;

static prescan_t prescan_body(const bin_module_t *m, const bin_func_t *fn)
{
    prescan_t p = {0};
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, m->bytes, fn->body, fn->body_size);
    bin_instr_t in;
    while (!base_reader_done(&ir.r) && bin_read_instr(&ir, &in, NULL)) {
        if (in.op == OP_I32_CONST || in.op == OP_I64_CONST || in.op == OP_F32_CONST ||
            in.op == OP_F64_CONST || in.op == OP_REF_NULL)
            p.consts++;
        else if (in.op == OP_V128_CONST || in.op == OP_I8X16_SHUFFLE)
            p.consts128++;
        else if (in.op == OP_TRY)
            p.tries++;
    }
    bin_instr_reader_fini(&ir);
    return p;
}

static void compile_instr(comp_t *c, const bin_instr_t *in, if_types_t *types, uint32_t ntypes)
{
    (void)ntypes;
    icode_op_t ic = numeric_icode(in->op);
    if (ic != IC_COUNT_) {
        emit_numeric(c, in->op, ic);
        return;
    }
    bin_imm_kind_t imm = bin_opinfo[in->op].imm;
    if ((imm == IMM_MEMARG || imm == IMM_MEMARG_LANE) && !plain_memory(c, in->imm.memarg.mem_idx)) {
        emit_mem_access(c, in);
        return;
    }
    ic = memory_icode(in->op);
    if (ic != IC_COUNT_) {
        emit_memory(c, in, ic);
        return;
    }
    switch (in->op) {
    case OP_NOP: break;
    case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_ELSE: case OP_BR: case OP_BR_IF:
    case OP_BR_TABLE: case OP_RETURN: case OP_UNREACHABLE:
        compile_control(c, in, types);
        break;
    case OP_END:
        if (c->ctl[c->ctl_len - 1].kind == CTL_TRY_TABLE || c->ctl[c->ctl_len - 1].kind == CTL_TRY) {
            uint32_t try_idx = c->ctl[c->ctl_len - 1].try_idx;
            if (try_idx != CMP_NO_TRY) c->tries[try_idx].end = c->len;
        }
        compile_end(c, types);
        break;
    case OP_TRY_TABLE: compile_try_table(c, in, types); break;
    case OP_TRY: compile_try(c, in, types); break;
    case OP_CATCH: case OP_CATCH_ALL: compile_catch(c, in); break;
    case OP_DELEGATE: compile_delegate(c, in, types); break;
    case OP_THROW: case OP_THROW_REF: case OP_RETHROW: compile_throw(c, in); break;
    case OP_CALL:
        emit_call(c, bin_func_type(c->m, in->imm.idx), in->imm.idx, VIA_INDEX, 0, 0);
        break;
    case OP_CALL_INDIRECT: {
        uint32_t ti = in->imm.call_indirect.type_idx;
        table64_index(c, in->imm.call_indirect.table_idx);
        emit_call(c, &c->m->types[ti], 0, VIA_TABLE, ti, in->imm.call_indirect.table_idx);
        break;
    }
    case OP_RETURN_CALL:
        emit_return_call(c, bin_func_type(c->m, in->imm.idx), in->imm.idx, VIA_INDEX, 0, 0);
        break;
    case OP_RETURN_CALL_INDIRECT: {
        uint32_t ti = in->imm.call_indirect.type_idx;
        table64_index(c, in->imm.call_indirect.table_idx);
        emit_return_call(c, &c->m->types[ti], 0, VIA_TABLE, ti, in->imm.call_indirect.table_idx);
        break;
    }
    case OP_CALL_REF:
        emit_call(c, &c->m->types[in->imm.idx], 0, VIA_REF, 0, 0);
        break;
    case OP_RETURN_CALL_REF:
        emit_return_call(c, &c->m->types[in->imm.idx], 0, VIA_REF, 0, 0);
        break;
    case OP_REF_AS_NON_NULL: {
        const ventry_t *e = &c->vs[c->vs_len - 1];
        uint32_t pos = emit(c, IC_REF_AS_NON_NULL, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, ref_of(e));
        break;
    }
    case OP_BR_ON_NULL: case OP_BR_ON_NON_NULL:
        compile_br_on_null(c, in);
        break;
    case OP_DROP: pop(c); break;
    case OP_SELECT: case OP_SELECT_T: {
        ventry_t cond = pop(c), b = pop(c), a = pop(c);
        uint32_t pos = emit(c, a.type == VT_V128 ? IC_SELECT_V128 : IC_SELECT, 0);
        if (pos == NO_POS) return;
        uint32_t d = push_result(c, a.type);
        put(c, pos, 0, d);
        put(c, pos, 1, ref_of(&a));
        put(c, pos, 2, ref_of(&b));
        put(c, pos, 3, ref_of(&cond));
        c->last_dst = d;
        break;
    }
    case OP_LOCAL_GET:
        push(c, VK_LOCAL, c->local_types[in->imm.idx], c->local_slots[in->imm.idx]);
        break;
    case OP_LOCAL_SET: case OP_LOCAL_TEE: {
        uint32_t local = c->local_slots[in->imm.idx];
        ventry_t v = pop(c);
        if (!(v.kind == VK_LOCAL && v.idx == local)) {
            uint32_t last_dst = c->last_dst, last_pos = c->last_pos;
            spill_local(c, local);
            if (v.kind == VK_SLOT && last_dst == v.idx && c->last_pos == last_pos &&
                last_pos != NO_POS) {
                put(c, last_pos, 0, local); /* retarget the producer */
                c->last_dst = local;
                c->last_cmp = IC_COUNT_;
            } else {
                emit_move(c, local, ref_of(&v), v.type);
            }
        }
        if (in->op == OP_LOCAL_TEE) push(c, VK_LOCAL, v.type, local);
        break;
    }
    case OP_GLOBAL_GET: {
        bin_valtype_t type = c->m->global_types[in->imm.idx].type;
        uint32_t pos = emit(c, type == VT_V128 ? IC_GLOBAL_GET_V128 : IC_GLOBAL_GET, 0);
        if (pos == NO_POS) return;
        uint32_t d = push_result(c, type);
        put(c, pos, 0, d);
        put_imm(c, pos, in->imm.idx);
        c->last_dst = d;
        break;
    }
    case OP_GLOBAL_SET: {
        ventry_t v = pop(c);
        uint32_t pos = emit(c, v.type == VT_V128 ? IC_GLOBAL_SET_V128 : IC_GLOBAL_SET, 0);
        if (pos == NO_POS) return;
        put(c, pos, 0, ref_of(&v));
        put_imm(c, pos, in->imm.idx);
        break;
    }
    case OP_I32_CONST: push(c, VK_CONST, VT_I32, const_slot(c, (uint32_t)in->imm.i32)); break;
    case OP_I64_CONST: push(c, VK_CONST, VT_I64, const_slot(c, (uint64_t)in->imm.i64)); break;
    case OP_F32_CONST: push(c, VK_CONST, VT_F32, const_slot(c, in->imm.f32_bits)); break;
    case OP_F64_CONST: push(c, VK_CONST, VT_F64, const_slot(c, in->imm.f64_bits)); break;
    case OP_REF_NULL: push(c, VK_CONST, in->imm.reftype, const_slot(c, 0)); break;
    case OP_V128_CONST: push(c, VK_CONST, VT_V128, const_slot_bytes(c, in->imm.bytes16)); break;
    case OP_I32_REINTERPRET_F32: case OP_F32_REINTERPRET_I32:
    case OP_I64_REINTERPRET_F64: case OP_F64_REINTERPRET_I64: {
        /* bit patterns are already stored zero-extended: only the type changes */
        c->vs[c->vs_len - 1].type = sig_result(in->op);
        break;
    }
    case OP_REF_IS_NULL: emit_numeric(c, OP_I32_EQZ, IC_I64_EQZ); break;
    case OP_REF_FUNC: {
        uint32_t pos = emit(c, IC_REF_FUNC, 0);
        if (pos == NO_POS) return;
        uint32_t d = push_result(c, VT_FUNCREF);
        put(c, pos, 0, d);
        put_imm(c, pos, in->imm.idx);
        c->last_dst = d;
        break;
    }
    case OP_MEMORY_SIZE:
        if (plain_memory(c, in->imm.idx)) emit_bulk(c, IC_MEMORY_SIZE, 0, VT_I32, 0, 0);
        else emit_bulk(c, IC_MEMORY_SIZE_X, 0, mem_addr_type(c, in->imm.idx), in->imm.idx, 0);
        break;
    case OP_MEMORY_GROW:
        if (plain_memory(c, in->imm.idx)) emit_bulk(c, IC_MEMORY_GROW, 1, VT_I32, 0, 0);
        else emit_bulk(c, IC_MEMORY_GROW_X, 1, mem_addr_type(c, in->imm.idx), in->imm.idx, 0);
        break;
    case OP_MEMORY_FILL: emit_bulk(c, IC_MEMORY_FILL, 3, 0, in->imm.idx, 0); break;
    case OP_MEMORY_COPY: emit_bulk(c, IC_MEMORY_COPY, 3, 0, in->imm.pair.a, in->imm.pair.b); break;
    case OP_MEMORY_INIT:
        emit_bulk(c, IC_MEMORY_INIT, 3, 0, in->imm.pair.a, in->imm.pair.b);
        break;
    case OP_DATA_DROP: {
        uint32_t pos = emit(c, IC_DATA_DROP, 0);
        if (pos != NO_POS) put_imm(c, pos, in->imm.idx);
        break;
    }
    case OP_ELEM_DROP: {
        uint32_t pos = emit(c, IC_ELEM_DROP, 0);
        if (pos != NO_POS) put_imm(c, pos, in->imm.idx);
        break;
    }
    case OP_TABLE_GET:
        emit_bulk(c, IC_TABLE_GET, 1, c->m->tables[in->imm.idx].elem_type, in->imm.idx, 0);
        break;
    case OP_TABLE_SET: emit_bulk(c, IC_TABLE_SET, 2, 0, in->imm.idx, 0); break;
    case OP_TABLE_SIZE:
        emit_bulk(c, IC_TABLE_SIZE, 0, table_addr_type(c, in->imm.idx), in->imm.idx, 0);
        break;
    case OP_TABLE_GROW:
        emit_bulk(c, IC_TABLE_GROW, 2, table_addr_type(c, in->imm.idx), in->imm.idx, 0);
        break;
    case OP_TABLE_FILL: emit_bulk(c, IC_TABLE_FILL, 3, 0, in->imm.idx, 0); break;
    case OP_TABLE_COPY:
        emit_bulk(c, IC_TABLE_COPY, 3, 0, in->imm.pair.a, in->imm.pair.b);
        break;
    case OP_TABLE_INIT:
        emit_bulk(c, IC_TABLE_INIT, 3, 0, in->imm.pair.a, in->imm.pair.b);
        break;
    default:
        if (bin_opinfo[in->op].feature == FEAT_SIMD ||
            bin_opinfo[in->op].feature == FEAT_RELAXED_SIMD)
            emit_simd(c, in);
        else
            fail(c, WASMCELL_ERR_UNSUPPORTED, in->offset, "instruction not supported yet");
        break;
    }
}

/* ---- driver ---------------------------------------------------------------------- */

static bool setup_locals(comp_t *c, const bin_func_t *fn, const bin_functype_t *t)
{
    uint64_t n = (uint64_t)t->nparams + fn->nlocals;
    if (n > ICODE_MAX_SLOTS)
        return fail(c, WASMCELL_ERR_UNSUPPORTED, fn->body_offset,
                    "function has more locals than the interpreter supports (65535)");
    c->local_types = base_alloc_array(n ? n : 1, sizeof *c->local_types);
    c->local_slots = base_alloc_array(n ? n : 1, sizeof *c->local_slots);
    if (!c->local_types || !c->local_slots) return fail(c, WASMCELL_ERR_NOMEM, 0, "out of memory");
    uint64_t slots = 0;
    for (uint32_t i = 0; i < n; i++) {
        bin_valtype_t type = i < t->nparams ? t->params[i] : fn->local_types[i - t->nparams];
        c->local_types[i] = type;
        c->local_slots[i] = (uint32_t)slots;
        slots += width_of(type);
    }
    if (slots > ICODE_MAX_SLOTS)
        return fail(c, WASMCELL_ERR_UNSUPPORTED, fn->body_offset,
                    "function has more locals than the interpreter supports (65535 slots)");
    c->nlocal_slots = (uint32_t)slots;
    return true;
}

/* One hidden local per legacy try (rethrow's exception), after the locals. */
static bool add_exn_slots(comp_t *c, const bin_func_t *fn, const prescan_t *pre)
{
    uint32_t n = c->m->features & WASMCELL_FEATURE_EXCEPTIONS ? pre->tries : 0;
    c->exn_slot_base = c->nlocal_slots;
    if ((uint64_t)c->nlocal_slots + n > ICODE_MAX_SLOTS)
        return fail(c, WASMCELL_ERR_UNSUPPORTED, fn->body_offset,
                    "function has more locals and try blocks than the interpreter supports");
    c->nlocal_slots += n;
    return true;
}

static uint32_t slots_of(const bin_valtype_t *types, uint32_t n)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++) slots += width_of(types[i]);
    return slots;
}

/* Copies out the code and the frame layout [locals][constants][stack]. */
static cmp_func_t *finish(comp_t *c, const bin_functype_t *t)
{
    uint32_t result_slots = slots_of(t->results, t->nresults);
    uint64_t frame = (uint64_t)c->nlocal_slots + c->nconsts + c->max_height;
    if (frame < result_slots) frame = result_slots;
    if (frame > ICODE_MAX_SLOTS) {
        fail(c, WASMCELL_ERR_UNSUPPORTED, 0, "function frame too large for the interpreter");
        return NULL;
    }
    cmp_func_t *out = base_calloc(1, sizeof *out);
    uint64_t *code = base_alloc_array(c->len, sizeof *code);
    uint64_t *consts = base_alloc_array(c->nconsts ? c->nconsts : 1, sizeof *consts);
    if (!out || !code || !consts) {
        base_free(out);
        base_free(code);
        base_free(consts);
        fail(c, WASMCELL_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    memcpy(code, c->code, (size_t)c->len * sizeof *code);
    if (c->nconsts) memcpy(consts, c->consts, (size_t)c->nconsts * sizeof *consts);
    if (c->loops_len) {
        out->loops = base_alloc_array(c->loops_len, sizeof *out->loops);
        if (out->loops) {
            memcpy((uint32_t *)out->loops, c->loops, (size_t)c->loops_len * sizeof *c->loops);
            out->nloops = c->loops_len / 2;
        }
    }
    if (c->ntries) {
        cmp_try_t *tries = base_alloc_array(c->ntries, sizeof *tries);
        cmp_catch_t *clauses = base_alloc_array(c->nclauses ? c->nclauses : 1, sizeof *clauses);
        if (!tries || !clauses) {
            base_free(tries);
            base_free(clauses);
            base_free((void *)out->loops);
            base_free(out);
            base_free(code);
            base_free(consts);
            fail(c, WASMCELL_ERR_NOMEM, 0, "out of memory");
            return NULL;
        }
        memcpy(tries, c->tries, (size_t)c->ntries * sizeof *tries);
        if (c->nclauses) memcpy(clauses, c->clauses, (size_t)c->nclauses * sizeof *clauses);
        out->tries = tries;
        out->clauses = clauses;
        out->ntries = c->ntries;
        out->nclauses = c->nclauses;
    }
    out->code = code;
    out->code_words = c->len;
    out->nparams = slots_of(t->params, t->nparams);
    out->nlocal_slots = c->nlocal_slots;
    out->nresults = result_slots;
    out->frame_slots = (uint32_t)frame;
    out->nconsts = c->nconsts;
    out->consts = consts;
    out->func_idx = c->func_idx;
    out->offsets = cmp_offsets_finish(&c->offsets, &out->offsets_size);
    return out;
}

static void comp_fini(comp_t *c)
{
    base_free(c->code);
    base_free(c->vs);
    base_free(c->ctl);
    base_free(c->brf);
    base_free(c->consts);
    base_free(c->hash_keys);
    base_free(c->hash_vals);
    base_free(c->hash128_vals);
    base_free(c->local_types);
    base_free(c->local_slots);
    base_free(c->loops);
    base_free(c->tries);
    base_free(c->clauses);
    cmp_offsets_discard(&c->offsets);
}

/* Handlers are stored as 16-bit codes (icode.h). */
static bool set_handler_offsets(comp_t *c)
{
    if (!icode_handler_codes(c->handlers, c->hoff))
        return fail(c, WASMCELL_ERR_UNSUPPORTED, 0,
                    "interpreter handlers span more than 64 KiB (build with WASMCELL_HANDLER_INDEX)");
    return true;
}

/* Pre-pass: interns every constant of the body, so constant slots can sit
 * below the operand stack (a callee's frame starts inside our stack). */
static bool collect_consts(comp_t *c, const bin_func_t *fn, const prescan_t *pre)
{
    bin_instr_reader_t ir;
    uint32_t n = pre->consts, n128 = pre->consts128;
    bin_instr_t in;
    uint32_t size = 16, size128 = 16;
    while (size < 2 * (n + 1)) size *= 2;
    while (size128 < 2 * (n128 + 1)) size128 *= 2;
    c->consts = base_alloc_array((size_t)n + 2 * (size_t)n128 + 1, sizeof *c->consts);
    c->hash_keys = base_alloc_array(size, sizeof *c->hash_keys);
    c->hash_vals = base_alloc_array(size, sizeof *c->hash_vals);
    c->hash128_vals = base_alloc_array(size128, sizeof *c->hash128_vals);
    if (!c->consts || !c->hash_keys || !c->hash_vals || !c->hash128_vals)
        return fail(c, WASMCELL_ERR_NOMEM, 0, "out of memory");
    memset(c->hash_vals, 0xFF, (size_t)size * sizeof *c->hash_vals);
    memset(c->hash128_vals, 0xFF, (size_t)size128 * sizeof *c->hash128_vals);
    c->hash_mask = size - 1;
    c->hash128_mask = size128 - 1;
    bin_instr_reader_init(&ir, c->m->bytes, fn->body, fn->body_size);
    while (!base_reader_done(&ir.r) && bin_read_instr(&ir, &in, NULL)) {
        switch (in.op) {
        case OP_I32_CONST: const_slot(c, (uint32_t)in.imm.i32); break;
        case OP_I64_CONST: const_slot(c, (uint64_t)in.imm.i64); break;
        case OP_F32_CONST: const_slot(c, in.imm.f32_bits); break;
        case OP_F64_CONST: const_slot(c, in.imm.f64_bits); break;
        case OP_REF_NULL: const_slot(c, 0); break;
        case OP_V128_CONST: case OP_I8X16_SHUFFLE: const_slot_bytes(c, in.imm.bytes16); break;
        default: break;
        }
    }
    bin_instr_reader_fini(&ir);
    return true;
}

cmp_func_t *cmp_compile(const bin_module_t *m, uint32_t def_idx, const void *const *handlers,
                        const uint32_t *type_sig_ids, bool checked, base_diag_t *diag)
{
    const bin_func_t *fn = &m->funcs[def_idx];
    const bin_functype_t *t = &m->types[fn->type_idx];
    comp_t c = {.m = m, .handlers = handlers, .sig_ids = type_sig_ids, .diag = diag, .checked = checked,
                .func_idx = m->nfunc_imports + def_idx, .last_pos = NO_POS, .last_dst = NO_POS,
                .last_cmp = IC_COUNT_};
    cmp_func_t *out = NULL;
    if_types_t *types = NULL;
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, m->bytes, fn->body, fn->body_size);
    prescan_t pre = prescan_body(m, fn);
    if (!set_handler_offsets(&c) || !setup_locals(&c, fn, t) || !add_exn_slots(&c, fn, &pre) ||
        !collect_consts(&c, fn, &pre))
        goto done;
    /* nesting never exceeds the body size */
    types = base_alloc_array(fn->body_size + 2, sizeof *types);
    if (!types) { fail(&c, WASMCELL_ERR_NOMEM, 0, "out of memory"); goto done; }
    types[0].results = t->results;
    types[0].params = NULL;
    push_ctl(&c, CTL_FUNC, 0, t->nresults);
    while (!c.failed && c.ctl_len > 0) {
        bin_instr_t in;
        if (!bin_read_instr(&ir, &in, diag)) { c.failed = true; break; }
        c.cur_loop_ordinal = c.loop_ordinal;
        c.cur_offset = (uint32_t)in.offset;
        if (in.op == OP_LOOP) c.loop_ordinal++;
        if (skip_dead(&c, &in)) continue;
        compile_instr(&c, &in, types, (uint32_t)fn->body_size + 2);
    }
    if (!c.failed) out = finish(&c, t);
done:
    bin_instr_reader_fini(&ir);
    base_free(types);
    comp_fini(&c);
    return out;
}

void cmp_func_free(cmp_func_t *f)
{
    if (!f) return;
    base_free((void *)f->code);
    base_free((void *)f->consts);
    base_free((void *)f->loops);
    base_free((void *)f->tries);
    base_free((void *)f->clauses);
    base_free((void *)f->offsets);
    base_free(f);
}
