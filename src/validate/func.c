/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* func.c — validates one function body by the algorithm of the spec's
 * appendix (Validation Algorithm): an operand stack of value types, where
 * VAL_UNKNOWN stands for any type below an unreachable point, and a control
 * stack of frames carrying their label types. One pass, linear time; the
 * stacks live in val_ctx_t and are reused by every body. */
#include <stdio.h>
#include <string.h>
#include "wasmcell.h"
#include "../base/alloc.h"
#include "val_internal.h"

/* Storage for a one-type result (block type `t`) of a 2.0 type: &single[t]
 * stays valid while the control stack grows. Other types go to chunks. */
static const bin_valtype_t single[256] = {
    [VT_I32] = VT_I32, [VT_I64] = VT_I64, [VT_F32] = VT_F32, [VT_F64] = VT_F64,
    [VT_V128] = VT_V128, [VT_FUNCREF] = VT_FUNCREF, [VT_EXTERNREF] = VT_EXTERNREF,
    [VT_EXNREF] = VT_EXNREF,
};

struct val_chunk {
    struct val_chunk *next;
    uint32_t used;
    bin_valtype_t types[256];
};

/* ---- errors -------------------------------------------------------------- */

static bool fail(val_ctx_t *c, const bin_instr_t *in, const char *reason)
{
    return val_fail_idx(c, in->offset, reason, false, 0, "section 10 (code), function %u, %s",
                        c->func_idx, bin_opinfo[in->op].name);
}

static bool fail_idx(val_ctx_t *c, const bin_instr_t *in, const char *reason, uint32_t idx)
{
    return val_fail_idx(c, in->offset, reason, true, idx, "section 10 (code), function %u, %s",
                        c->func_idx, bin_opinfo[in->op].name);
}

static bool fail_malformed(val_ctx_t *c, size_t offset, const char *reason)
{
    return base_diag_fail(c->diag, WASMCELL_ERR_MALFORMED, offset, reason,
                          "section 10 (code), function %u", c->func_idx);
}

/* "type mismatch", with the details in the message only. */
static bool mismatch_detail(val_ctx_t *c, const bin_instr_t *in, const char *detail)
{
    return val_fail_mismatch(c, in->offset, detail, "section 10 (code), function %u, %s",
                             c->func_idx, bin_opinfo[in->op].name);
}

static bool mismatch(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t expected, int found)
{
    char detail[64];
    snprintf(detail, sizeof detail, "expected %s, found %s",
             expected == VAL_UNKNOWN ? "a value" : val_type_name(expected),
             found < 0 ? "an empty stack" : val_type_name((bin_valtype_t)found));
    return mismatch_detail(c, in, detail);
}

static bool out_of_memory(val_ctx_t *c, const bin_instr_t *in)
{
    return base_diag_fail(c->diag, WASMCELL_ERR_NOMEM, in->offset, "out of memory",
                          "section 10 (code), function %u", c->func_idx);
}

/* ---- operand stack ------------------------------------------------------- */

/* The capacity to grow to for `need` elements; false past UINT32_MAX. */
static bool next_cap(uint32_t cap, uint64_t need, uint32_t *out)
{
    uint64_t new_cap = cap ? cap : 64;
    while (new_cap < need) new_cap *= 2;
    if (new_cap > UINT32_MAX) return false;
    *out = (uint32_t)new_cap;
    return true;
}

/* Room for `need` operands in total. */
static bool reserve_vals(val_ctx_t *c, const bin_instr_t *in, uint64_t need)
{
    uint32_t cap;
    if (need <= c->vals_cap) return true;
    if (!next_cap(c->vals_cap, need, &cap)) return out_of_memory(c, in);
    bin_valtype_t *p = base_realloc(c->vals, (size_t)cap * sizeof *p);
    if (!p) return out_of_memory(c, in);
    c->vals = p;
    c->vals_cap = cap;
    return true;
}

static bool reserve_ctrls(val_ctx_t *c, const bin_instr_t *in, uint64_t need)
{
    uint32_t cap;
    if (need <= c->ctrls_cap) return true;
    if (!next_cap(c->ctrls_cap, need, &cap)) return out_of_memory(c, in);
    val_ctrl_t *p = base_realloc(c->ctrls, (size_t)cap * sizeof *p);
    if (!p) return out_of_memory(c, in);
    c->ctrls = p;
    c->ctrls_cap = cap;
    return true;
}

__attribute__((noinline))
static bool push_slow(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t t)
{
    if (!reserve_vals(c, in, (uint64_t)c->nvals + 1)) return false;
    c->vals[c->nvals++] = t;
    return true;
}

static inline bool push(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t t)
{
    if (__builtin_expect(c->nvals == c->vals_cap, 0)) return push_slow(c, in, t);
    c->vals[c->nvals++] = t;
    return true;
}

static bool push_n(val_ctx_t *c, const bin_instr_t *in, const bin_valtype_t *ts, uint32_t n)
{
    if (!reserve_vals(c, in, (uint64_t)c->nvals + n)) return false;
    if (n) memcpy(c->vals + c->nvals, ts, n * sizeof *ts);
    c->nvals += n;
    return true;
}

/* Subtyping on the operand stack: unknowns match everything, the bottom
 * reference every reference type (Validation Algorithm: matches). */
static bool matches(const val_ctx_t *c, bin_valtype_t actual, bin_valtype_t expected)
{
    if (actual == expected || actual == VAL_UNKNOWN || expected == VAL_UNKNOWN) return true;
    if (actual == VAL_REF_BOT) return vt_is_ref(expected);
    if (expected == VAL_REF_BOT) return false;
    return bin_vt_match(c->m, actual, expected);
}

/* The spec's pop_val(expect): VAL_UNKNOWN expects anything. *out (may be
 * NULL) receives the type popped, VAL_UNKNOWN from a polymorphic stack. */
static bool pop(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t expect, bin_valtype_t *out)
{
    const val_ctrl_t *f = &c->ctrls[c->nctrls - 1];
    bin_valtype_t t = VAL_UNKNOWN;
    if (c->nvals == f->height) {
        if (!f->unreachable) return mismatch(c, in, expect, -1);
    } else {
        t = c->vals[--c->nvals];
        if (!matches(c, t, expect)) return mismatch(c, in, expect, t);
    }
    if (out) *out = t;
    return true;
}

static bool pop_n(val_ctx_t *c, const bin_instr_t *in, const bin_valtype_t *ts, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        if (!pop(c, in, ts[i], NULL)) return false;
    return true;
}

/* The spec's push_vals(pop_vals(ts)): checks the top of the stack against
 * `ts` and leaves what was there (unknowns made explicit). */
static bool check_n(val_ctx_t *c, const bin_instr_t *in, const bin_valtype_t *ts, uint32_t n)
{
    const val_ctrl_t *f = &c->ctrls[c->nctrls - 1];
    uint32_t avail = c->nvals - f->height;
    uint32_t have = avail < n ? avail : n;
    for (uint32_t i = 0; i < have; i++) {
        bin_valtype_t t = c->vals[c->nvals - have + i], e = ts[n - have + i];
        if (!matches(c, t, e)) return mismatch(c, in, e, t);
    }
    if (have == n) return true;
    if (!f->unreachable) return mismatch(c, in, ts[n - have - 1], -1);
    /* Materialize the missing unknowns beneath the values present. */
    uint32_t missing = n - have;
    if (!reserve_vals(c, in, (uint64_t)c->nvals + missing)) return false;
    memmove(c->vals + f->height + missing, c->vals + f->height, have * sizeof *c->vals);
    for (uint32_t i = 0; i < missing; i++) c->vals[f->height + i] = VAL_UNKNOWN;
    c->nvals += missing;
    return true;
}

/* ---- control stack ------------------------------------------------------- */

static bool push_ctrl(val_ctx_t *c, const bin_instr_t *in, bin_op_t op, const bin_valtype_t *params,
                      uint32_t nparams, const bin_valtype_t *results, uint32_t nresults)
{
    if (!reserve_ctrls(c, in, (uint64_t)c->nctrls + 1)) return false;
    c->ctrls[c->nctrls++] = (val_ctrl_t){
        .op = op, .unreachable = false, .height = c->nvals, .init_height = c->ninits,
        .nparams = nparams, .nresults = nresults, .params = params, .results = results,
    };
    return push_n(c, in, params, nparams);
}

static bool pop_ctrl(val_ctx_t *c, const bin_instr_t *in, val_ctrl_t *out)
{
    const val_ctrl_t *f = &c->ctrls[c->nctrls - 1];
    if (!pop_n(c, in, f->results, f->nresults)) return false;
    if (c->nvals != f->height)
        return mismatch_detail(c, in, "values remain on the stack at the end of the block");
    *out = *f;
    c->nctrls--;
    /* Locals set inside the block are unset again after it. */
    while (c->ninits > f->init_height) {
        uint32_t l = c->inits[--c->ninits];
        c->local_set[l >> 3] &= (uint8_t)~(1u << (l & 7));
    }
    return true;
}

static void set_unreachable(val_ctx_t *c)
{
    val_ctrl_t *f = &c->ctrls[c->nctrls - 1];
    c->nvals = f->height;
    f->unreachable = true;
}

static void label_types(const val_ctrl_t *f, const bin_valtype_t **ts, uint32_t *n)
{
    if (f->op == OP_LOOP) { *ts = f->params; *n = f->nparams; }
    else { *ts = f->results; *n = f->nresults; }
}

static bool label(val_ctx_t *c, const bin_instr_t *in, uint32_t depth, const val_ctrl_t **out)
{
    if (depth >= c->nctrls) return fail_idx(c, in, "unknown label", depth);
    *out = &c->ctrls[c->nctrls - 1 - depth];
    return true;
}

/* ---- immediates ---------------------------------------------------------- */

/* A pointer to one copy of t that stays valid while this body is checked. */
static const bin_valtype_t *stable_type(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t t)
{
    if (t < 256) return &single[t];
    struct val_chunk *k = c->chunks;
    if (!k || k->used == sizeof k->types / sizeof k->types[0]) {
        k = base_malloc(sizeof *k);
        if (!k) {
            out_of_memory(c, in);
            return NULL;
        }
        k->next = c->chunks;
        k->used = 0;
        c->chunks = k;
    }
    k->types[k->used] = t;
    return &k->types[k->used++];
}

static bool block_type(val_ctx_t *c, const bin_instr_t *in, const bin_valtype_t **params,
                       uint32_t *np, const bin_valtype_t **results, uint32_t *nr)
{
    *params = *results = NULL;
    *np = *nr = 0;
    switch (in->imm.block.kind) {
    case BT_EMPTY: return true;
    case BT_VALTYPE:
        if (!val_type_known(c->m, in->imm.block.valtype))
            return fail_idx(c, in, "unknown type", (in->imm.block.valtype >> VT_IDX_SHIFT) - 1);
        if (!(*results = stable_type(c, in, in->imm.block.valtype))) return false;
        *nr = 1;
        return true;
    default: {
        uint32_t type_idx = in->imm.block.type_idx;
        if (type_idx >= c->m->ntypes) return fail_idx(c, in, "unknown type", type_idx);
        const bin_functype_t *ft = &c->m->types[type_idx];
        *params = ft->params; *np = ft->nparams;
        *results = ft->results; *nr = ft->nresults;
        return true;
    }
    }
}

static bool local_type(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t *out)
{
    uint32_t local_idx = in->imm.idx;
    const bin_functype_t *ft = c->ftype;
    if (local_idx < ft->nparams) { *out = ft->params[local_idx]; return true; }
    uint64_t decl = (uint64_t)local_idx - ft->nparams;
    if (decl >= c->func->nlocals) return fail_idx(c, in, "unknown local", local_idx);
    *out = c->func->local_types[decl];
    return true;
}

static bool table_type(val_ctx_t *c, const bin_instr_t *in, uint32_t table_idx, bin_valtype_t *et)
{
    if (table_idx >= c->m->ntables) return fail_idx(c, in, "unknown table", table_idx);
    *et = c->m->tables[table_idx].elem_type;
    return true;
}

static bool memory(val_ctx_t *c, const bin_instr_t *in, uint32_t mem_idx)
{
    if (mem_idx >= c->m->nmemories) return fail_idx(c, in, "unknown memory", mem_idx);
    return true;
}

/* Address types (memory64, table64): i64 for 64-bit memories and tables,
 * else i32. Call after the index was checked. */
static bin_valtype_t mem_at(const val_ctx_t *c, uint32_t mem_idx)
{
    return c->m->memories[mem_idx].limits.is64 ? VT_I64 : VT_I32;
}
static bin_valtype_t table_at(const val_ctx_t *c, uint32_t table_idx)
{
    return c->m->tables[table_idx].limits.is64 ? VT_I64 : VT_I32;
}
/* The narrower of two address types (copies between a 32- and a 64-bit
 * memory or table count in i32). */
static bin_valtype_t min_at(bin_valtype_t a, bin_valtype_t b)
{
    return a == VT_I64 && b == VT_I64 ? VT_I64 : VT_I32;
}

static bool elem_type(val_ctx_t *c, const bin_instr_t *in, uint32_t elem_idx, bin_valtype_t *et)
{
    if (elem_idx >= c->m->nelems) return fail_idx(c, in, "unknown elem segment", elem_idx);
    *et = c->m->elems[elem_idx].elem_type;
    return true;
}

/* memory.init and data.drop: the data count section announces the segments
 * (Binary Format: Data Count Section, a decoding rule checked here because
 * only the body walk sees the instructions). */
static bool data_segment(val_ctx_t *c, const bin_instr_t *in, uint32_t data_idx)
{
    /* Without data segments the index is unknown whatever the encoding
     * (the decoder leaves that case to us; see check_counts in decode.c). */
    if (!c->m->has_data_count && c->m->ndatas > 0)
        return fail_malformed(c, in->offset, "data count section required");
    uint32_t count = c->m->has_data_count ? c->m->data_count : 0;
    if (data_idx >= count) return fail_idx(c, in, "unknown data segment", data_idx);
    return true;
}

/* log2 of the access width in bytes: the largest alignment allowed. */
static uint32_t natural_align(bin_op_t op)
{
    switch (op) {
    case OP_I32_LOAD8_S: case OP_I32_LOAD8_U: case OP_I64_LOAD8_S: case OP_I64_LOAD8_U:
    case OP_I32_STORE8: case OP_I64_STORE8: case OP_V128_LOAD8_SPLAT:
    case OP_V128_LOAD8_LANE: case OP_V128_STORE8_LANE:
        return 0;
    case OP_I32_LOAD16_S: case OP_I32_LOAD16_U: case OP_I64_LOAD16_S: case OP_I64_LOAD16_U:
    case OP_I32_STORE16: case OP_I64_STORE16: case OP_V128_LOAD16_SPLAT:
    case OP_V128_LOAD16_LANE: case OP_V128_STORE16_LANE:
        return 1;
    case OP_I32_LOAD: case OP_F32_LOAD: case OP_I64_LOAD32_S: case OP_I64_LOAD32_U:
    case OP_I32_STORE: case OP_F32_STORE: case OP_I64_STORE32: case OP_V128_LOAD32_SPLAT:
    case OP_V128_LOAD32_ZERO: case OP_V128_LOAD32_LANE: case OP_V128_STORE32_LANE:
        return 2;
    case OP_V128_LOAD: case OP_V128_STORE:
        return 4;
    default: /* i64/f64 loads and stores, v128.loadNxM, load64_splat/zero/lane */
        return 3;
    }
}

/* Lanes of the shape an extract/replace_lane instruction works on. */
static uint32_t lane_count(bin_op_t op)
{
    switch (op) {
    case OP_I8X16_EXTRACT_LANE_S: case OP_I8X16_EXTRACT_LANE_U: case OP_I8X16_REPLACE_LANE:
        return 16;
    case OP_I16X8_EXTRACT_LANE_S: case OP_I16X8_EXTRACT_LANE_U: case OP_I16X8_REPLACE_LANE:
        return 8;
    case OP_I32X4_EXTRACT_LANE: case OP_I32X4_REPLACE_LANE:
    case OP_F32X4_EXTRACT_LANE: case OP_F32X4_REPLACE_LANE:
        return 4;
    default:
        return 2;
    }
}

/* Memory index, alignment and (for load/store_lane) lane index. */
static bool memarg(val_ctx_t *c, const bin_instr_t *in)
{
    if (!memory(c, in, in->imm.memarg.mem_idx)) return false;
    if (in->imm.memarg.offset > UINT32_MAX && mem_at(c, in->imm.memarg.mem_idx) == VT_I32)
        return fail(c, in, "offset out of range");
    uint32_t natural = natural_align(in->op);
    if (in->imm.memarg.align_log2 > natural)
        return fail(c, in, "alignment must not be larger than natural");
    if (bin_opinfo[in->op].imm == IMM_MEMARG_LANE && in->imm.memarg.lane >= (16u >> natural))
        return fail(c, in, "invalid lane index");
    return true;
}

/* ---- instructions -------------------------------------------------------- */

static bin_valtype_t sig_type(char ch)
{
    switch (ch) {
    case 'i': return VT_I32;
    case 'I': return VT_I64;
    case 'f': return VT_F32;
    case 'F': return VT_F64;
    case 'v': return VT_V128;
    case 'r': return VT_FUNCREF;
    case 'x': return VT_EXTERNREF;
    default: return VAL_UNKNOWN;
    }
}

/* An instruction typed by its opcodes.def signature "params:results". */
/* Pops the signature's params, pushes its results. `addr`: the type of the
 * first param when it is a memory address (i64 for memory64), else 0. */
static bool apply_sig_addr(val_ctx_t *c, const bin_instr_t *in, const char *sig, bin_valtype_t addr)
{
    const char *colon = sig;
    while (*colon != ':') colon++;
    for (const char *p = colon; p-- > sig;)
        if (!pop(c, in, p == sig && addr ? addr : sig_type(*p), NULL)) return false;
    for (const char *p = colon + 1; *p; p++)
        if (!push(c, in, sig_type(*p))) return false;
    return true;
}

static bool apply_sig(val_ctx_t *c, const bin_instr_t *in, const char *sig)
{
    return apply_sig_addr(c, in, sig, 0);
}

static bool is_num(bin_valtype_t t)
{
    return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 || t == VAL_UNKNOWN;
}
static bool is_vec(bin_valtype_t t) { return t == VT_V128 || t == VAL_UNKNOWN; }
static bool is_ref(bin_valtype_t t)
{
    return vt_is_ref(t) || t == VAL_UNKNOWN || t == VAL_REF_BOT;
}

/* ---- exception handling -------------------------------------------------- */

static bool tag_type(val_ctx_t *c, const bin_instr_t *in, uint32_t tag_idx, const bin_functype_t **out)
{
    if (tag_idx >= c->m->ntags) return fail_idx(c, in, "unknown tag", tag_idx);
    *out = &c->m->types[c->m->tag_type_idxs[tag_idx]];
    return true;
}

/* One try_table catch clause: the values it hands over (the tag's
 * parameters, then an exnref for the _ref forms) must be the label's
 * types (Validation: try_table). Labels count outside the try_table. */
static bool check_catch(val_ctx_t *c, const bin_instr_t *in, const bin_catch_t *k)
{
    static const bin_valtype_t exn[1] = {VT_EXNREF | VT_NONNULL}; /* (ref exn) */
    const bin_functype_t *ft = NULL;
    const val_ctrl_t *f = NULL;
    const bin_valtype_t *lts;
    uint32_t n;
    if (k->kind <= CATCH_TAG_REF && !tag_type(c, in, k->tag_idx, &ft)) return false;
    if (!label(c, in, k->label, &f)) return false;
    label_types(f, &lts, &n);
    uint32_t np = ft ? ft->nparams : 0;
    bool with_ref = k->kind == CATCH_TAG_REF || k->kind == CATCH_ALL_REF;
    if (n != np + with_ref) return mismatch_detail(c, in, "catch values differ from the label's types");
    for (uint32_t i = 0; i < np; i++)
        if (!matches(c, ft->params[i], lts[i])) return mismatch(c, in, lts[i], ft->params[i]);
    if (with_ref && !matches(c, exn[0], lts[np])) return mismatch(c, in, lts[np], exn[0]);
    return true;
}

static bool op_try_table(val_ctx_t *c, const bin_instr_t *in)
{
    const bin_valtype_t *params, *results;
    uint32_t np, nr;
    if (!block_type(c, in, &params, &np, &results, &nr)) return false;
    if (!pop_n(c, in, params, np)) return false;
    for (uint32_t i = 0; i < in->imm.block.ncatches; i++)
        if (!check_catch(c, in, &in->imm.block.catches[i])) return false;
    return push_ctrl(c, in, OP_TRY_TABLE, params, np, results, nr);
}

/* Legacy `catch x` / `catch_all`: end the try body (or the previous catch)
 * like `else`; a catch starts with the tag's parameters. */
static bool op_catch(val_ctx_t *c, const bin_instr_t *in)
{
    val_ctrl_t f;
    bin_op_t cur = c->ctrls[c->nctrls - 1].op;
    const bin_functype_t *ft = NULL;
    if (cur != OP_TRY && cur != OP_CATCH) {
        if (cur == OP_CATCH_ALL) return fail_malformed(c, in->offset, "catch after catch_all");
        return fail_malformed(c, in->offset, "END opcode expected");
    }
    if (in->op == OP_CATCH && !tag_type(c, in, in->imm.idx, &ft)) return false;
    if (!pop_ctrl(c, in, &f)) return false;
    if (!push_ctrl(c, in, in->op, NULL, 0, f.results, f.nresults)) return false;
    c->ctrls[c->nctrls - 1].params = f.params; /* kept for nothing but symmetry */
    c->ctrls[c->nctrls - 1].nparams = f.nparams;
    return ft ? push_n(c, in, ft->params, ft->nparams) : true;
}

/* Legacy `delegate l`: ends a try without handlers; l is a label outside it. */
static bool op_delegate(val_ctx_t *c, const bin_instr_t *in)
{
    val_ctrl_t f;
    const val_ctrl_t *target = NULL;
    if (c->ctrls[c->nctrls - 1].op != OP_TRY) return fail_malformed(c, in->offset, "END opcode expected");
    if (!pop_ctrl(c, in, &f)) return false;
    if (!label(c, in, in->imm.idx, &target)) return false;
    return push_n(c, in, f.results, f.nresults);
}

static bool op_rethrow(val_ctx_t *c, const bin_instr_t *in)
{
    const val_ctrl_t *f = NULL;
    if (!label(c, in, in->imm.idx, &f)) return false;
    if (f->op != OP_CATCH && f->op != OP_CATCH_ALL) return fail(c, in, "invalid rethrow label");
    set_unreachable(c);
    return true;
}

static bool op_throw(val_ctx_t *c, const bin_instr_t *in)
{
    const bin_functype_t *ft = NULL;
    if (in->op == OP_THROW_REF) {
        if (!pop(c, in, VT_EXNREF, NULL)) return false;
    } else {
        if (!tag_type(c, in, in->imm.idx, &ft)) return false;
        if (!pop_n(c, in, ft->params, ft->nparams)) return false;
    }
    set_unreachable(c);
    return true;
}

static bool op_block(val_ctx_t *c, const bin_instr_t *in)
{
    const bin_valtype_t *params, *results;
    uint32_t np, nr;
    if (in->op == OP_IF && !pop(c, in, VT_I32, NULL)) return false;
    if (!block_type(c, in, &params, &np, &results, &nr)) return false;
    if (!pop_n(c, in, params, np)) return false;
    return push_ctrl(c, in, in->op, params, np, results, nr);
}

static bool op_else(val_ctx_t *c, const bin_instr_t *in)
{
    val_ctrl_t f;
    if (c->ctrls[c->nctrls - 1].op != OP_IF) return fail_malformed(c, in->offset, "END opcode expected");
    if (!pop_ctrl(c, in, &f)) return false;
    return push_ctrl(c, in, OP_ELSE, f.params, f.nparams, f.results, f.nresults);
}

static bool op_end(val_ctx_t *c, const bin_instr_t *in)
{
    val_ctrl_t f;
    if (!pop_ctrl(c, in, &f)) return false;
    /* An `if` without `else` has an empty else branch: it must map the
     * block's parameters to its results (Validation: if). */
    if (f.op == OP_IF) {
        if (!push_ctrl(c, in, OP_ELSE, f.params, f.nparams, f.results, f.nresults)) return false;
        if (!pop_ctrl(c, in, &f)) return false;
    }
    if (c->nctrls == 0) return true; /* the function's own end */
    return push_n(c, in, f.results, f.nresults);
}

static bool op_br_table(val_ctx_t *c, const bin_instr_t *in)
{
    const val_ctrl_t *def = NULL;
    const bin_valtype_t *ts;
    uint32_t arity;
    if (!pop(c, in, VT_I32, NULL)) return false;
    if (!label(c, in, in->imm.br_table.default_label, &def)) return false;
    label_types(def, &ts, &arity);
    for (uint32_t i = 0; i < in->imm.br_table.count; i++) {
        const val_ctrl_t *f = NULL;
        const bin_valtype_t *lts;
        uint32_t n;
        if (!label(c, in, in->imm.br_table.labels[i], &f)) return false;
        label_types(f, &lts, &n);
        if (n != arity) return mismatch_detail(c, in, "br_table targets differ in arity");
        if (!check_n(c, in, lts, n)) return false;
    }
    if (!pop_n(c, in, ts, arity)) return false;
    set_unreachable(c);
    return true;
}

static bool op_call(val_ctx_t *c, const bin_instr_t *in, const bin_functype_t *ft)
{
    if (!pop_n(c, in, ft->params, ft->nparams)) return false;
    return push_n(c, in, ft->results, ft->nresults);
}

static bool op_call_indirect(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t et = VAL_UNKNOWN;
    uint32_t type_idx = in->imm.call_indirect.type_idx;
    if (!table_type(c, in, in->imm.call_indirect.table_idx, &et)) return false;
    if (type_idx >= c->m->ntypes) return fail_idx(c, in, "unknown type", type_idx);
    if (!matches(c, et, VT_FUNCREF)) return mismatch_detail(c, in, "table is not a table of functions");
    if (!pop(c, in, table_at(c, in->imm.call_indirect.table_idx), NULL)) return false;
    return op_call(c, in, &c->m->types[type_idx]);
}

/* return_call, return_call_indirect (3.0 tail calls): the callee's results
 * must be the caller's results exactly; the arguments are popped and the
 * rest of the block is unreachable, as after return. */
static bool op_return_call(val_ctx_t *c, const bin_instr_t *in, const bin_functype_t *ft)
{
    const bin_functype_t *own = c->ftype;
    bool same = ft->nresults == own->nresults;
    for (uint32_t i = 0; same && i < ft->nresults; i++)
        same = matches(c, ft->results[i], own->results[i]);
    if (!same) return mismatch_detail(c, in, "tail call results differ from the function's results");
    if (!pop_n(c, in, ft->params, ft->nparams)) return false;
    set_unreachable(c);
    return true;
}

static bool op_return_call_indirect(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t et = VAL_UNKNOWN;
    uint32_t type_idx = in->imm.call_indirect.type_idx;
    if (!table_type(c, in, in->imm.call_indirect.table_idx, &et)) return false;
    if (type_idx >= c->m->ntypes) return fail_idx(c, in, "unknown type", type_idx);
    if (!matches(c, et, VT_FUNCREF)) return mismatch_detail(c, in, "table is not a table of functions");
    if (!pop(c, in, table_at(c, in->imm.call_indirect.table_idx), NULL)) return false;
    return op_return_call(c, in, &c->m->types[type_idx]);
}

/* call_ref $t, return_call_ref $t: a (ref null $t) after the arguments. */
static bool op_call_ref(val_ctx_t *c, const bin_instr_t *in)
{
    uint32_t type_idx = in->imm.idx;
    if (type_idx >= c->m->ntypes) return fail_idx(c, in, "unknown type", type_idx);
    if (!pop(c, in, vt_concrete(type_idx, true), NULL)) return false;
    const bin_functype_t *ft = &c->m->types[type_idx];
    return in->op == OP_CALL_REF ? op_call(c, in, ft) : op_return_call(c, in, ft);
}

/* Value-polymorphic select: both operands numeric or both vectors, equal
 * unless one is unknown (Validation Algorithm: select). */
static bool op_select(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t t1 = VAL_UNKNOWN, t2 = VAL_UNKNOWN;
    if (!pop(c, in, VT_I32, NULL) || !pop(c, in, VAL_UNKNOWN, &t1) || !pop(c, in, VAL_UNKNOWN, &t2))
        return false;
    if (!((is_num(t1) && is_num(t2)) || (is_vec(t1) && is_vec(t2)))) {
        char detail[96];
        snprintf(detail, sizeof detail,
                 "select without a type needs two numeric or two vector operands, found %s and %s",
                 val_type_name(t2), val_type_name(t1));
        return mismatch_detail(c, in, detail);
    }
    if (t1 != t2 && t1 != VAL_UNKNOWN && t2 != VAL_UNKNOWN) return mismatch(c, in, t1, t2);
    return push(c, in, t1 == VAL_UNKNOWN ? t2 : t1);
}

static bool op_select_t(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t t = in->imm.select.type;
    if (in->imm.select.count != 1) return fail(c, in, "invalid result arity");
    if (!val_type_known(c->m, t)) return fail_idx(c, in, "unknown type", (t >> VT_IDX_SHIFT) - 1);
    if (!pop(c, in, VT_I32, NULL) || !pop(c, in, t, NULL) || !pop(c, in, t, NULL)) return false;
    return push(c, in, t);
}

/* Function references: a non-nullable local must be set before it is read,
 * on every path; a set lasts to the end of the block it happens in. */
static bool local_is_set(const val_ctx_t *c, uint32_t l)
{
    return (c->local_set[l >> 3] >> (l & 7)) & 1;
}

static bool op_local(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t t = VAL_UNKNOWN;
    uint32_t l = in->imm.idx;
    if (!local_type(c, in, &t)) return false;
    bool tracked = !vt_defaultable(t) && l >= c->ftype->nparams;
    if (in->op == OP_LOCAL_GET) {
        if (tracked && !local_is_set(c, l)) return fail_idx(c, in, "uninitialized local", l);
        return push(c, in, t);
    }
    if (!pop(c, in, t, NULL)) return false;
    if (tracked && !local_is_set(c, l)) {
        if (c->ninits == c->inits_cap) {
            uint32_t cap = c->inits_cap ? c->inits_cap * 2 : 16;
            uint32_t *p = base_realloc(c->inits, (size_t)cap * sizeof *p);
            if (!p) return out_of_memory(c, in);
            c->inits = p;
            c->inits_cap = cap;
        }
        c->inits[c->ninits++] = l;
        c->local_set[l >> 3] |= (uint8_t)(1u << (l & 7));
    }
    return in->op == OP_LOCAL_TEE ? push(c, in, t) : true;
}

static bool op_global(val_ctx_t *c, const bin_instr_t *in)
{
    uint32_t global_idx = in->imm.idx;
    if (global_idx >= c->m->nglobals) return fail_idx(c, in, "unknown global", global_idx);
    const bin_globaltype_t *g = &c->m->global_types[global_idx];
    if (in->op == OP_GLOBAL_GET) return push(c, in, g->type);
    if (!g->mutable_)
        return val_fail_idx(c, in->offset, "global is immutable", false, 0,
                            "section 10 (code), function %u, global.set of global %u", c->func_idx,
                            global_idx);
    return pop(c, in, g->type, NULL);
}

static bool op_table(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t et = VAL_UNKNOWN;
    if (!table_type(c, in, in->imm.idx, &et)) return false;
    bin_valtype_t at = table_at(c, in->imm.idx);
    switch (in->op) {
    case OP_TABLE_GET:
        return pop(c, in, at, NULL) && push(c, in, et);
    case OP_TABLE_SET:
        return pop(c, in, et, NULL) && pop(c, in, at, NULL);
    case OP_TABLE_SIZE:
        return push(c, in, at);
    case OP_TABLE_GROW:
        return pop(c, in, at, NULL) && pop(c, in, et, NULL) && push(c, in, at);
    default: /* table.fill */
        return pop(c, in, at, NULL) && pop(c, in, et, NULL) && pop(c, in, at, NULL);
    }
}

/* Pops n, s, d of a bulk instruction (d pushed first). */
static bool pop3(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t d, bin_valtype_t s,
                 bin_valtype_t n)
{
    return pop(c, in, n, NULL) && pop(c, in, s, NULL) && pop(c, in, d, NULL);
}

static bool op_bulk(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t t1 = VAL_UNKNOWN, t2 = VAL_UNKNOWN;
    switch (in->op) {
    case OP_TABLE_COPY:
        if (!table_type(c, in, in->imm.pair.a, &t1) || !table_type(c, in, in->imm.pair.b, &t2))
            return false;
        if (!matches(c, t2, t1)) return mismatch(c, in, t1, t2);
        return pop3(c, in, table_at(c, in->imm.pair.a), table_at(c, in->imm.pair.b),
                    min_at(table_at(c, in->imm.pair.a), table_at(c, in->imm.pair.b)));
    case OP_TABLE_INIT:
        if (!table_type(c, in, in->imm.pair.b, &t1) || !elem_type(c, in, in->imm.pair.a, &t2))
            return false;
        if (!matches(c, t2, t1)) return mismatch(c, in, t1, t2);
        return pop3(c, in, table_at(c, in->imm.pair.b), VT_I32, VT_I32);
    case OP_ELEM_DROP:
        return elem_type(c, in, in->imm.idx, &t1);
    case OP_MEMORY_INIT:
        if (!memory(c, in, in->imm.pair.b) || !data_segment(c, in, in->imm.pair.a)) return false;
        return pop3(c, in, mem_at(c, in->imm.pair.b), VT_I32, VT_I32);
    case OP_DATA_DROP:
        return data_segment(c, in, in->imm.idx);
    case OP_MEMORY_COPY:
        if (!memory(c, in, in->imm.pair.a) || !memory(c, in, in->imm.pair.b)) return false;
        return pop3(c, in, mem_at(c, in->imm.pair.a), mem_at(c, in->imm.pair.b),
                    min_at(mem_at(c, in->imm.pair.a), mem_at(c, in->imm.pair.b)));
    case OP_MEMORY_FILL:
        if (!memory(c, in, in->imm.idx)) return false;
        return pop3(c, in, mem_at(c, in->imm.idx), VT_I32, mem_at(c, in->imm.idx));
    case OP_MEMORY_SIZE:
        return memory(c, in, in->imm.idx) && push(c, in, mem_at(c, in->imm.idx));
    default: /* memory.grow */
        return memory(c, in, in->imm.idx) && pop(c, in, mem_at(c, in->imm.idx), NULL) &&
               push(c, in, mem_at(c, in->imm.idx));
    }
}

/* The spec's pop_ref: a reference (VAL_UNKNOWN from unreachable code). */
static bool pop_ref(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t *out)
{
    if (!pop(c, in, VAL_UNKNOWN, out)) return false;
    if (!is_ref(*out)) return mismatch_detail(c, in, "expected a reference");
    return true;
}

/* (ref ht) of a popped (ref null ht); the bottom reference of an unknown. */
static bin_valtype_t non_null(bin_valtype_t t)
{
    return t == VAL_UNKNOWN || t == VAL_REF_BOT ? VAL_REF_BOT : t | VT_NONNULL;
}

/* br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], branching with t* on
 * null; br_on_non_null l: [t* (ref null ht)] -> [t*], branching with
 * t* (ref ht) otherwise (the label's last type). */
static bool op_br_on_null(val_ctx_t *c, const bin_instr_t *in)
{
    const val_ctrl_t *f = NULL;
    const bin_valtype_t *ts;
    uint32_t n;
    bin_valtype_t t = VAL_UNKNOWN;
    if (!label(c, in, in->imm.idx, &f)) return false;
    if (!pop_ref(c, in, &t)) return false;
    label_types(f, &ts, &n);
    if (in->op == OP_BR_ON_NULL) {
        if (!pop_n(c, in, ts, n) || !push_n(c, in, ts, n)) return false;
        return push(c, in, non_null(t));
    }
    if (n == 0 || !matches(c, non_null(t), ts[n - 1]))
        return mismatch_detail(c, in, "br_on_non_null needs a label whose last type takes the reference");
    if (!pop_n(c, in, ts, n - 1)) return false;
    return push_n(c, in, ts, n - 1);
}

static bool op_ref(val_ctx_t *c, const bin_instr_t *in)
{
    bin_valtype_t t = VAL_UNKNOWN;
    switch (in->op) {
    case OP_REF_NULL:
        if (!val_type_known(c->m, in->imm.reftype))
            return fail_idx(c, in, "unknown type", (in->imm.reftype >> VT_IDX_SHIFT) - 1);
        return push(c, in, in->imm.reftype);
    case OP_REF_IS_NULL:
        if (!pop_ref(c, in, &t)) return false;
        return push(c, in, VT_I32);
    case OP_REF_AS_NON_NULL:
        if (!pop_ref(c, in, &t)) return false;
        return push(c, in, non_null(t));
    default: { /* ref.func */
        uint32_t func_idx = in->imm.idx;
        if (func_idx >= c->m->nfuncs) return fail_idx(c, in, "unknown function", func_idx);
        if (!val_is_declared(c, func_idx))
            return fail_idx(c, in, "undeclared function reference", func_idx);
        return push(c, in, val_ref_func_type(c->m, func_idx));
    }
    }
}

/* Immediates of fixed-signature instructions, then the signature. */
static bool op_fixed(val_ctx_t *c, const bin_instr_t *in)
{
    const bin_opinfo_t *info = &bin_opinfo[in->op];
    switch (info->imm) {
    case IMM_MEMARG: case IMM_MEMARG_LANE:
        if (!memarg(c, in)) return false;
        return apply_sig_addr(c, in, info->sig, mem_at(c, in->imm.memarg.mem_idx));
    case IMM_LANE:
        if (in->imm.lane >= lane_count(in->op)) return fail(c, in, "invalid lane index");
        break;
    case IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            if (in->imm.bytes16[i] >= 32) return fail(c, in, "invalid lane index");
        break;
    default:
        break;
    }
    return apply_sig(c, in, info->sig);
}

static bool step(val_ctx_t *c, const bin_instr_t *in)
{
    const val_ctrl_t *f = NULL;
    switch (in->op) {
    case OP_UNREACHABLE: set_unreachable(c); return true;
    case OP_BLOCK: case OP_LOOP: case OP_IF: return op_block(c, in);
    case OP_ELSE: return op_else(c, in);
    case OP_END: return op_end(c, in);
    case OP_TRY_TABLE: return op_try_table(c, in);
    case OP_TRY: return op_block(c, in);
    case OP_CATCH: case OP_CATCH_ALL: return op_catch(c, in);
    case OP_DELEGATE: return op_delegate(c, in);
    case OP_RETHROW: return op_rethrow(c, in);
    case OP_THROW: case OP_THROW_REF: return op_throw(c, in);
    case OP_BR: case OP_BR_IF: {
        const bin_valtype_t *ts;
        uint32_t n;
        if (in->op == OP_BR_IF && !pop(c, in, VT_I32, NULL)) return false;
        if (!label(c, in, in->imm.idx, &f)) return false;
        label_types(f, &ts, &n);
        if (!pop_n(c, in, ts, n)) return false;
        if (in->op == OP_BR_IF) return push_n(c, in, ts, n);
        set_unreachable(c);
        return true;
    }
    case OP_BR_TABLE: return op_br_table(c, in);
    case OP_RETURN:
        if (!pop_n(c, in, c->ftype->results, c->ftype->nresults)) return false;
        set_unreachable(c);
        return true;
    case OP_CALL:
        if (in->imm.idx >= c->m->nfuncs) return fail_idx(c, in, "unknown function", in->imm.idx);
        return op_call(c, in, bin_func_type(c->m, in->imm.idx));
    case OP_CALL_INDIRECT: return op_call_indirect(c, in);
    case OP_RETURN_CALL:
        if (in->imm.idx >= c->m->nfuncs) return fail_idx(c, in, "unknown function", in->imm.idx);
        return op_return_call(c, in, bin_func_type(c->m, in->imm.idx));
    case OP_RETURN_CALL_INDIRECT: return op_return_call_indirect(c, in);
    case OP_DROP: return pop(c, in, VAL_UNKNOWN, NULL);
    case OP_SELECT: return op_select(c, in);
    case OP_SELECT_T: return op_select_t(c, in);
    case OP_LOCAL_GET: case OP_LOCAL_SET: case OP_LOCAL_TEE: return op_local(c, in);
    case OP_GLOBAL_GET: case OP_GLOBAL_SET: return op_global(c, in);
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_SIZE: case OP_TABLE_GROW:
    case OP_TABLE_FILL:
        return op_table(c, in);
    case OP_TABLE_COPY: case OP_TABLE_INIT: case OP_ELEM_DROP: case OP_MEMORY_INIT:
    case OP_DATA_DROP: case OP_MEMORY_COPY: case OP_MEMORY_FILL: case OP_MEMORY_SIZE:
    case OP_MEMORY_GROW:
        return op_bulk(c, in);
    case OP_REF_NULL: case OP_REF_IS_NULL: case OP_REF_FUNC: case OP_REF_AS_NON_NULL:
        return op_ref(c, in);
    case OP_BR_ON_NULL: case OP_BR_ON_NON_NULL: return op_br_on_null(c, in);
    case OP_CALL_REF: case OP_RETURN_CALL_REF: return op_call_ref(c, in);
    default:
        if (!bin_opinfo[in->op].sig)
            return base_diag_fail(c->diag, WASMCELL_ERR_UNSUPPORTED, in->offset,
                                  "not implemented: validation of this instruction",
                                  "section 10 (code), function %u, %s", c->func_idx,
                                  bin_opinfo[in->op].name);
        return op_fixed(c, in);
    }
}

bool val_func_body(val_ctx_t *c, uint32_t def_idx)
{
    const bin_module_t *m = c->m;
    const bin_func_t *fn = &m->funcs[def_idx];
    bin_instr_t in = { .op = OP_NOP, .offset = fn->body_offset };
    bool ok = true;

    c->func_idx = m->nfunc_imports + def_idx;
    c->func = fn;
    c->ftype = &m->types[fn->type_idx];
    c->nvals = c->nctrls = c->ninits = 0;
    val_free_chunks(c);
    for (uint32_t i = 0; i < fn->nlocals; i++)
        if (!val_type_known(m, fn->local_types[i]))
            return val_fail_idx(c, fn->body_offset, "unknown type", true,
                                (fn->local_types[i] >> VT_IDX_SHIFT) - 1,
                                "section 10 (code), function %u, local %u", c->func_idx,
                                c->ftype->nparams + i);
    uint32_t nbits = c->ftype->nparams + fn->nlocals;
    if (nbits / 8 + 1 > c->local_set_cap) {
        base_free(c->local_set);
        c->local_set_cap = nbits / 8 + 1;
        if (!(c->local_set = base_malloc(c->local_set_cap))) {
            c->local_set_cap = 0;
            return out_of_memory(c, &in);
        }
    }
    memset(c->local_set, 0, nbits / 8 + 1);
    /* The function's frame: its label is the function's results; OP_END
     * marks it. Parameters are locals, not operands. */
    if (!push_ctrl(c, &in, OP_END, NULL, 0, c->ftype->results, c->ftype->nresults)) return false;

    bin_instr_reader_init(&c->ir, m->bytes, fn->body, fn->body_size);
    while (ok && c->nctrls > 0) {
        if (base_reader_done(&c->ir.r)) {
            ok = fail_malformed(c, fn->body_offset + fn->body_size,
                                "unexpected end of section or function");
            break;
        }
        ok = bin_read_instr(&c->ir, &in, c->diag) && step(c, &in);
    }
    if (ok && !base_reader_done(&c->ir.r))
        ok = fail_malformed(c, in.offset + 1, "section size mismatch");
    bin_instr_reader_fini(&c->ir);
    return ok;
}

void val_free_chunks(val_ctx_t *c)
{
    while (c->chunks) {
        struct val_chunk *next = c->chunks->next;
        base_free(c->chunks);
        c->chunks = next;
    }
}
