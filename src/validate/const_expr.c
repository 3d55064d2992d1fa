/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* const_expr.c — constant expressions (global initializers, segment offsets
 * and element expressions): which instructions are allowed, and their type.
 * Also collects the functions they reference, for the ref.func rule. */
#include <stdio.h>
#include "wasmcell.h"
#include "val_internal.h"
#include "../base/alloc.h"

static bool fail_at(val_ctx_t *c, const bin_instr_t *in, const char *reason, bool with_idx,
                    uint32_t idx, const char *what)
{
    return val_fail_idx(c, in->offset, reason, with_idx, idx, "%s, %s", what,
                        bin_opinfo[in->op].name);
}

/* Pops one operand of type `want` for an extended-const binary op. */
static bool pop_operand(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t *stack, uint64_t *depth,
                        bin_valtype_t want, const char *what)
{
    char detail[80];
    if (*depth == 0) {
        snprintf(detail, sizeof detail, "expected %s, found nothing", val_type_name(want));
        return val_fail_mismatch(c, in->offset, detail, "%s, %s", what, bin_opinfo[in->op].name);
    }
    bin_valtype_t got = stack[--*depth];
    if (got != want) {
        snprintf(detail, sizeof detail, "expected %s, found %s", val_type_name(want),
                 val_type_name(got));
        return val_fail_mismatch(c, in->offset, detail, "%s, %s", what, bin_opinfo[in->op].name);
    }
    return true;
}

/* One instruction: must be constant (Validation: Constant Expressions, 3.0:
 * with extended-const's i32/i64 add, sub and mul, and global.get of any
 * immutable global among the first `nglobals` — imported or defined earlier).
 * Without extended-const, 2.0's rules: global.get of imported globals only,
 * no arithmetic. `stack` has room for one more value than `*depth`. */
static bool const_instr(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t *stack, uint64_t *depth,
                        uint32_t nglobals, const char *what)
{
    const bin_module_t *m = c->m;
    bool extended = m->features & WASMCELL_FEATURE_EXTENDED_CONST;
    bin_valtype_t type;
    if (!extended && nglobals > m->nglobal_imports) nglobals = m->nglobal_imports;
    switch (in->op) {
    case OP_I32_CONST: type = VT_I32; break;
    case OP_I64_CONST: type = VT_I64; break;
    case OP_F32_CONST: type = VT_F32; break;
    case OP_F64_CONST: type = VT_F64; break;
    case OP_V128_CONST: type = VT_V128; break;
    case OP_REF_NULL:
        type = in->imm.reftype;
        if (!val_type_known(m, type)) return fail_at(c, in, "unknown type", true, (type >> VT_IDX_SHIFT) - 1, what);
        break;
    case OP_REF_FUNC:
        if (in->imm.idx >= m->nfuncs) return fail_at(c, in, "unknown function", true, in->imm.idx, what);
        type = val_ref_func_type(m, in->imm.idx);
        break;
    case OP_GLOBAL_GET:
        if (in->imm.idx >= nglobals) return fail_at(c, in, "unknown global", true, in->imm.idx, what);
        if (m->global_types[in->imm.idx].mutable_)
            return fail_at(c, in, "constant expression required", false, 0, what);
        type = m->global_types[in->imm.idx].type;
        break;
    case OP_I32_ADD: case OP_I32_SUB: case OP_I32_MUL:
    case OP_I64_ADD: case OP_I64_SUB: case OP_I64_MUL:
        if (!extended) return fail_at(c, in, "constant expression required", false, 0, what);
        type = (in->op == OP_I32_ADD || in->op == OP_I32_SUB || in->op == OP_I32_MUL) ? VT_I32 : VT_I64;
        if (!pop_operand(c, in, stack, depth, type, what)) return false;
        if (!pop_operand(c, in, stack, depth, type, what)) return false;
        break;
    default:
        return fail_at(c, in, "constant expression required", false, 0, what);
    }
    stack[(*depth)++] = type;
    return true;
}

bool val_const_expr(val_ctx_t *c, const bin_constexpr_t *e, bin_valtype_t expected,
                    uint32_t nglobals, const char *what)
{
    bin_instr_reader_t ir;
    bin_instr_t in = { .op = OP_END, .offset = e->offset };
    /* Every instruction takes at least one byte: e->size + 1 bounds the depth. */
    bin_valtype_t small[16], *stack = small;
    uint64_t depth = 0;
    bool ok = true, ended = false;

    if (e->size + 1 > sizeof small / sizeof small[0]) {
        stack = base_alloc_array(e->size + 1, sizeof *stack);
        if (!stack) return val_fail_idx(c, e->offset, "out of memory", false, 0, "%s", what);
    }
    bin_instr_reader_init(&ir, c->m->bytes, e->code, e->size);
    while (ok && !base_reader_done(&ir.r)) {
        if (!bin_read_instr(&ir, &in, c->diag)) { ok = false; break; }
        if (in.op == OP_END) {
            ended = true;
            break;
        }
        ok = const_instr(c, &in, stack, &depth, nglobals, what);
    }
    bin_instr_reader_fini(&ir);
    bin_valtype_t top = depth ? stack[depth - 1] : 0;
    if (stack != small) base_free(stack);
    if (!ok) return false;
    if (!ended || !base_reader_done(&ir.r))
        return fail_at(c, &in, "constant expression required", false, 0, what);
    char detail[80];
    if (depth != 1) {
        snprintf(detail, sizeof detail, "expected one %s, found %llu values", val_type_name(expected),
                 (unsigned long long)depth);
        return val_fail_mismatch(c, in.offset, detail, "%s", what);
    }
    if (!bin_vt_match(c->m, top, expected)) {
        snprintf(detail, sizeof detail, "expected %s, found %s", val_type_name(expected),
                 val_type_name(top));
        return val_fail_mismatch(c, in.offset, detail, "%s", what);
    }
    return true;
}

void val_collect_refs(val_ctx_t *c, const bin_constexpr_t *e)
{
    bin_instr_reader_t ir;
    bin_instr_t in;
    base_diag_t ignored = {0};
    bin_instr_reader_init(&ir, c->m->bytes, e->code, e->size);
    while (!base_reader_done(&ir.r) && bin_read_instr(&ir, &in, &ignored)) {
        if (in.op == OP_REF_FUNC && in.imm.idx < c->m->nfuncs) val_declare(c, in.imm.idx);
        if (in.op == OP_END) break;
    }
    bin_instr_reader_fini(&ir);
}
