/* const_expr.c — constant expressions (global initializers, segment offsets
 * and element expressions): which instructions are allowed, and their type.
 * Also collects the functions they reference, for the ref.func rule. */
#include <stdio.h>
#include "wasmcell.h"
#include "val_internal.h"

static bool fail_at(val_ctx_t *c, const bin_instr_t *in, const char *reason, bool with_idx,
                    uint32_t idx, const char *what)
{
    return val_fail_idx(c, in->offset, reason, with_idx, idx, "%s, %s", what,
                        bin_opinfo[in->op].name);
}

/* One instruction: must be constant (Validation: Constant Expressions). In
 * WebAssembly 2.0, global.get may name only an imported global, and only an
 * immutable one. */
static bool const_instr(val_ctx_t *c, const bin_instr_t *in, bin_valtype_t *type, const char *what)
{
    const bin_module_t *m = c->m;
    switch (in->op) {
    case OP_I32_CONST: *type = VT_I32; return true;
    case OP_I64_CONST: *type = VT_I64; return true;
    case OP_F32_CONST: *type = VT_F32; return true;
    case OP_F64_CONST: *type = VT_F64; return true;
    case OP_V128_CONST: *type = VT_V128; return true;
    case OP_REF_NULL: *type = in->imm.reftype; return true;
    case OP_REF_FUNC:
        if (in->imm.idx >= m->nfuncs) return fail_at(c, in, "unknown function", true, in->imm.idx, what);
        *type = VT_FUNCREF;
        return true;
    case OP_GLOBAL_GET:
        if (in->imm.idx >= m->nglobal_imports)
            return fail_at(c, in, "unknown global", true, in->imm.idx, what);
        if (m->global_types[in->imm.idx].mutable_)
            return fail_at(c, in, "constant expression required", false, 0, what);
        *type = m->global_types[in->imm.idx].type;
        return true;
    default:
        return fail_at(c, in, "constant expression required", false, 0, what);
    }
}

bool val_const_expr(val_ctx_t *c, const bin_constexpr_t *e, bin_valtype_t expected,
                    const char *what)
{
    bin_instr_reader_t ir;
    bin_instr_t in = { .op = OP_END, .offset = e->offset };
    bin_valtype_t top = 0;
    uint64_t depth = 0;
    bool ok = true, ended = false;

    bin_instr_reader_init(&ir, c->m->bytes, e->code, e->size);
    while (ok && !base_reader_done(&ir.r)) {
        if (!bin_read_instr(&ir, &in, c->diag)) { ok = false; break; }
        if (in.op == OP_END) {
            ended = true;
            break;
        }
        ok = const_instr(c, &in, &top, what);
        depth++;
    }
    bin_instr_reader_fini(&ir);
    if (!ok) return false;
    if (!ended || !base_reader_done(&ir.r))
        return fail_at(c, &in, "constant expression required", false, 0, what);
    char detail[80];
    if (depth != 1) {
        snprintf(detail, sizeof detail, "expected one %s, found %llu values", val_type_name(expected),
                 (unsigned long long)depth);
        return val_fail_mismatch(c, in.offset, detail, "%s", what);
    }
    if (top != expected) {
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
