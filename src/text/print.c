/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* print.c — a decoded module (bin_module_t) as WebAssembly text: numeric
 * indices, flat instructions, exact float bits (hex floats, nan:0x), every
 * type use explicit, so that encoding the text again gives the same
 * sections (the name section aside: only function names come back, as
 * $"quoted" ids when unique). For `wasmcell convert x.wasm` and round trips. */
#include "print.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../binary/instr.h"

static void out(txt_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(txt_buf_t *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        txt_buf_bytes(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A string literal: printable ASCII as is, everything else \hh. */
static void string(txt_buf_t *b, const void *p, size_t n)
{
    const uint8_t *s = p;
    txt_buf_byte(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\')
            txt_buf_byte(b, s[i]);
        else
            out(b, "\\%02x", s[i]);
    }
    txt_buf_byte(b, '"');
}

/* The text of a value type; references with a type index use a small
 * per-thread ring of buffers (a line names at most a few at once). */
static const char *valtype(bin_valtype_t t)
{
    static _Thread_local char ring[4][BIN_VT_STR];
    static _Thread_local unsigned next;
    return bin_valtype_str(t, ring[next++ & 3], BIN_VT_STR);
}

static void f32_text(txt_buf_t *b, uint32_t bits)
{
    const char *sign = bits >> 31 ? "-" : "";
    uint32_t mant = bits & 0x7FFFFF;
    if ((bits & 0x7F800000) == 0x7F800000) {
        if (mant)
            out(b, "%snan:0x%" PRIx32, sign, mant);
        else
            out(b, "%sinf", sign);
        return;
    }
    float f;
    memcpy(&f, &bits, 4);
    out(b, "%a", (double)f); /* exact: every float is a double */
}

static void f64_text(txt_buf_t *b, uint64_t bits)
{
    const char *sign = bits >> 63 ? "-" : "";
    uint64_t mant = bits & 0xFFFFFFFFFFFFFull;
    if ((bits & 0x7FF0000000000000ull) == 0x7FF0000000000000ull) {
        if (mant)
            out(b, "%snan:0x%" PRIx64, sign, mant);
        else
            out(b, "%sinf", sign);
        return;
    }
    double d;
    memcpy(&d, &bits, 8);
    out(b, "%a", d);
}

static void limits(txt_buf_t *b, const bin_limits_t *l)
{
    out(b, "%s%" PRIu64, l->is64 ? " i64 " : " ", l->min);
    if (l->has_max)
        out(b, " %" PRIu64, l->max);
    if (l->shared)
        out(b, " shared");
}

static void functype(txt_buf_t *b, const bin_functype_t *t)
{
    if (t->nparams) {
        out(b, " (param");
        for (uint32_t i = 0; i < t->nparams; i++)
            out(b, " %s", valtype(t->params[i]));
        out(b, ")");
    }
    if (t->nresults) {
        out(b, " (result");
        for (uint32_t i = 0; i < t->nresults; i++)
            out(b, " %s", valtype(t->results[i]));
        out(b, ")");
    }
}

/* ---- instructions ------------------------------------------------------------ */

static void memarg(txt_buf_t *b, const bin_instr_t *in)
{
    if (in->imm.memarg.mem_idx)
        out(b, " %" PRIu32, in->imm.memarg.mem_idx);
    if (in->imm.memarg.offset)
        out(b, " offset=%" PRIu64, in->imm.memarg.offset);
    out(b, " align=%" PRIu64, (uint64_t)1 << (in->imm.memarg.align_log2 & 63));
}

static void immediates(txt_buf_t *b, const bin_instr_t *in)
{
    const bin_opinfo_t *op = &bin_opinfo[in->op];
    switch (op->imm) {
    case IMM_BLOCKTYPE:
        if (in->imm.block.kind == BT_VALTYPE)
            out(b, " (result %s)", valtype(in->imm.block.valtype));
        else if (in->imm.block.kind == BT_TYPEIDX)
            out(b, " (type %" PRIu32 ")", in->imm.block.type_idx);
        break;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_MEMORY: case IMM_DATA: case IMM_ELEM: case IMM_TAG: case IMM_TYPE:
        out(b, " %" PRIu32, in->imm.idx);
        break;
    case IMM_TRY_TABLE: {
        static const char *const kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
        if (in->imm.block.kind == BT_VALTYPE)
            out(b, " (result %s)", valtype(in->imm.block.valtype));
        else if (in->imm.block.kind == BT_TYPEIDX)
            out(b, " (type %" PRIu32 ")", in->imm.block.type_idx);
        for (uint32_t i = 0; i < in->imm.block.ncatches; i++) {
            const bin_catch_t *k = &in->imm.block.catches[i];
            out(b, " (%s", kinds[k->kind & 3]);
            if (k->kind <= CATCH_TAG_REF)
                out(b, " %" PRIu32, k->tag_idx);
            out(b, " %" PRIu32 ")", k->label);
        }
        break;
    }
    case IMM_BR_TABLE:
        for (uint32_t i = 0; i < in->imm.br_table.count; i++)
            out(b, " %" PRIu32, in->imm.br_table.labels[i]);
        out(b, " %" PRIu32, in->imm.br_table.default_label);
        break;
    case IMM_CALL_INDIRECT:
        out(b, " %" PRIu32 " (type %" PRIu32 ")", in->imm.call_indirect.table_idx,
            in->imm.call_indirect.type_idx);
        break;
    case IMM_MEMARG: memarg(b, in); break;
    case IMM_MEMARG_LANE:
        memarg(b, in);
        out(b, " %u", in->imm.memarg.lane);
        break;
    case IMM_I32: out(b, " %" PRId32, in->imm.i32); break;
    case IMM_I64: out(b, " %" PRId64, in->imm.i64); break;
    case IMM_F32: txt_buf_byte(b, ' '); f32_text(b, in->imm.f32_bits); break;
    case IMM_F64: txt_buf_byte(b, ' '); f64_text(b, in->imm.f64_bits); break;
    case IMM_V128:
        out(b, " i32x4");
        for (int i = 0; i < 16; i += 4)
            out(b, " 0x%02x%02x%02x%02x", in->imm.bytes16[i + 3], in->imm.bytes16[i + 2],
                in->imm.bytes16[i + 1], in->imm.bytes16[i]);
        break;
    case IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            out(b, " %u", in->imm.bytes16[i]);
        break;
    case IMM_LANE: out(b, " %u", in->imm.lane); break;
    case IMM_SELECT_T:
        out(b, " (result");
        for (uint32_t i = 0; i < in->imm.select.count; i++)
            out(b, " %s", valtype(in->imm.select.type));
        out(b, ")");
        break;
    case IMM_REFTYPE: {
        uint32_t idx;
        if (vt_type_idx(in->imm.reftype, &idx))
            out(b, " %" PRIu32, idx);
        else
            out(b, " %s", in->imm.reftype == VT_FUNCREF ? "func" : in->imm.reftype == VT_EXNREF ? "exn" : "extern");
        break;
    }
    case IMM_MEMORY_INIT: case IMM_TABLE_INIT: /* text: x? seg; binary: seg x */
        out(b, " %" PRIu32 " %" PRIu32, in->imm.pair.b, in->imm.pair.a);
        break;
    case IMM_MEMORY_COPY: case IMM_TABLE_COPY:
        out(b, " %" PRIu32 " %" PRIu32, in->imm.pair.a, in->imm.pair.b);
        break;
    default: break;
    }
}

/* Instructions of a body or constant expression, the final `end` excluded. */
static bool instrs(txt_buf_t *b, const bin_module_t *m, const uint8_t *code, size_t size,
                   base_diag_t *diag, const char *indent)
{
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, m->bytes, code, size);
    bool ok = true;
    int depth = 0;
    for (;;) {
        bin_instr_t in;
        if (!(ok = bin_read_instr(&ir, &in, diag)))
            break;
        if (in.op == OP_END && depth == 0)
            break;
        /* legacy delegate ends its try like end does */
        bool closes = in.op == OP_END || in.op == OP_DELEGATE;
        bool between = in.op == OP_ELSE || in.op == OP_CATCH || in.op == OP_CATCH_ALL;
        if (closes)
            depth--;
        out(b, "\n%s", indent);
        for (int i = 0; i < depth + (between ? -1 : 0); i++)
            out(b, "  ");
        out(b, "%s", bin_opinfo[in.op].name);
        immediates(b, &in);
        if (in.op == OP_BLOCK || in.op == OP_LOOP || in.op == OP_IF || in.op == OP_TRY ||
            in.op == OP_TRY_TABLE)
            depth++;
    }
    bin_instr_reader_fini(&ir);
    return ok;
}

static bool constexpr(txt_buf_t *b, const bin_module_t *m, const bin_constexpr_t *e,
                      base_diag_t *diag)
{
    return instrs(b, m, e->code, e->size, diag, "    ");
}

/* ---- sections ------------------------------------------------------------------ */

static void import_desc(txt_buf_t *b, const bin_import_t *imp)
{
    switch (imp->kind) {
    case EXT_FUNC: out(b, "(func (type %" PRIu32 "))", imp->desc.type_idx); break;
    case EXT_TABLE:
        out(b, "(table");
        limits(b, &imp->desc.table.limits);
        out(b, " %s)", valtype(imp->desc.table.elem_type));
        break;
    case EXT_MEMORY:
        out(b, "(memory");
        limits(b, &imp->desc.memory.limits);
        out(b, ")");
        break;
    case EXT_TAG: out(b, "(tag (type %" PRIu32 "))", imp->desc.tag_type_idx); break;
    default:
        out(b, imp->desc.global.mutable_ ? "(global (mut %s))" : "(global %s)",
            valtype(imp->desc.global.type));
        break;
    }
}

/* A function name as a quoted id, when no other function has it. */
static void func_name(txt_buf_t *b, const bin_module_t *m, uint32_t func_idx)
{
    if (!m->func_names || !m->func_names[func_idx])
        return;
    const char *name = m->func_names[func_idx];
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (i != func_idx && m->func_names[i] && strcmp(m->func_names[i], name) == 0)
            return;
    out(b, " $");
    string(b, name, strlen(name));
}

static bool code(txt_buf_t *b, const bin_module_t *m, base_diag_t *diag)
{
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        const bin_func_t *f = &m->funcs[i];
        out(b, "\n  (func (;%" PRIu32 ";)", m->nfunc_imports + i);
        func_name(b, m, m->nfunc_imports + i);
        out(b, " (type %" PRIu32 ")", f->type_idx);
        if (f->nlocals) {
            out(b, " (local");
            for (uint32_t l = 0; l < f->nlocals; l++)
                out(b, " %s", valtype(f->local_types[l]));
            out(b, ")");
        }
        if (!instrs(b, m, f->body, f->body_size, diag, "    "))
            return false;
        out(b, ")");
    }
    return true;
}

static bool elems(txt_buf_t *b, const bin_module_t *m, base_diag_t *diag)
{
    for (uint32_t i = 0; i < m->nelems; i++) {
        const bin_elem_t *e = &m->elems[i];
        out(b, "\n  (elem (;%" PRIu32 ";)", i);
        if (e->mode == SEG_DECLARATIVE)
            out(b, " declare");
        if (e->mode == SEG_ACTIVE) {
            out(b, " (table %" PRIu32 ") (offset", e->table_idx);
            if (!constexpr(b, m, &e->offset, diag))
                return false;
            out(b, ")");
        }
        if (e->func_idxs) {
            out(b, " func");
            for (uint32_t k = 0; k < e->count; k++)
                out(b, " %" PRIu32, e->func_idxs[k]);
        } else {
            out(b, " %s", valtype(e->elem_type));
            for (uint32_t k = 0; k < e->count; k++) {
                out(b, " (item");
                if (!constexpr(b, m, &e->exprs[k], diag))
                    return false;
                out(b, ")");
            }
        }
        out(b, ")");
    }
    return true;
}

static bool datas(txt_buf_t *b, const bin_module_t *m, base_diag_t *diag)
{
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const bin_data_t *d = &m->datas[i];
        out(b, "\n  (data (;%" PRIu32 ";)", i);
        if (d->mode == SEG_ACTIVE) {
            out(b, " (memory %" PRIu32 ") (offset", d->mem_idx);
            if (!constexpr(b, m, &d->offset, diag))
                return false;
            out(b, ")");
        }
        txt_buf_byte(b, ' ');
        string(b, d->bytes, d->size);
        out(b, ")");
    }
    return true;
}

static bool definitions(txt_buf_t *b, const bin_module_t *m, base_diag_t *diag)
{
    static const char *const kinds[] = {"func", "table", "memory", "global", "tag"};
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        out(b, "\n  (table (;%" PRIu32 ";)", i);
        limits(b, &m->tables[i].limits);
        out(b, " %s", valtype(m->tables[i].elem_type));
        if (m->tables[i].has_init && !constexpr(b, m, &m->tables[i].init, diag))
            return false;
        out(b, ")");
    }
    for (uint32_t i = m->nmemory_imports; i < m->nmemories; i++) {
        out(b, "\n  (memory (;%" PRIu32 ";)", i);
        limits(b, &m->memories[i].limits);
        out(b, ")");
    }
    for (uint32_t i = m->ntag_imports; i < m->ntags; i++)
        out(b, "\n  (tag (;%" PRIu32 ";) (type %" PRIu32 "))", i, m->tag_type_idxs[i]);
    for (uint32_t i = 0; i < m->nglobals - m->nglobal_imports; i++) {
        const bin_global_t *g = &m->globals[i];
        out(b, "\n  (global (;%" PRIu32 ";) ", m->nglobal_imports + i);
        out(b, g->type.mutable_ ? "(mut %s)" : "%s", valtype(g->type.type));
        if (!constexpr(b, m, &g->init, diag))
            return false;
        out(b, ")");
    }
    for (uint32_t i = 0; i < m->nexports; i++) {
        const bin_export_t *e = &m->exports[i];
        out(b, "\n  (export ");
        string(b, e->name, e->name_len);
        out(b, " (%s %" PRIu32 "))", e->kind < 5 ? kinds[e->kind] : "?", e->idx);
    }
    if (m->has_start)
        out(b, "\n  (start %" PRIu32 ")", m->start_func_idx);
    return elems(b, m, diag) && code(b, m, diag) && datas(b, m, diag);
}

bool txt_print_module(const bin_module_t *m, txt_buf_t *b, base_diag_t *diag)
{
    out(b, "(module");
    if (m->module_name) {
        out(b, " $");
        string(b, m->module_name, strlen(m->module_name));
    }
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const bin_functype_t *t = &m->types[i];
        bool grouped = t->rec_count > 1;
        if (grouped && t->rec_start == i) out(b, "\n  (rec");
        out(b, grouped ? "\n    " : "\n  ");
        out(b, "(type (;%" PRIu32 ";) %s(func", i, t->open ? "(sub " : "");
        functype(b, t);
        out(b, t->open ? ")))" : "))");
        if (grouped && i + 1 == t->rec_start + t->rec_count) out(b, ")");
    }
    uint32_t func_idx = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import_t *imp = &m->imports[i];
        out(b, "\n  (import ");
        string(b, imp->module, imp->module_len);
        txt_buf_byte(b, ' ');
        string(b, imp->name, imp->name_len);
        txt_buf_byte(b, ' ');
        if (imp->kind == EXT_FUNC && m->func_names && m->func_names[func_idx]) {
            out(b, "(func");
            func_name(b, m, func_idx);
            out(b, " (type %" PRIu32 "))", imp->desc.type_idx);
        } else {
            import_desc(b, imp);
        }
        out(b, ")");
        func_idx += imp->kind == EXT_FUNC;
    }
    bool ok = definitions(b, m, diag);
    out(b, ")\n");
    return ok;
}
