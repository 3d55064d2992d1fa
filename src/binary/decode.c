/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* decode.c — bytes → bin_module_t for the WebAssembly 2.0 binary format.
 * Follows the reference decoder's reading model: a section's contents are
 * read against the end of the module, then the section's declared size is
 * checked ("section size mismatch"), so errors and their wording match the
 * spec test suite. Instructions are decoded (not validated) to find the
 * ends of bodies and constant expressions. Does not validate. */
#include <stdio.h>
#include <string.h>
#include "../base/alloc.h"
#include "../base/utf8.h"
#include "../base/vec.h"
#include "binread.h"
#include "instr.h"
#include "module.h"
#include "wasmcell.h"

/* Implementation limits: declared locals per function (the JS API's limit)
 * and in the whole module, which bounds the memory the expanded local types
 * take. A module beyond them is rejected as malformed, "too many locals",
 * like one whose count overflows u32 (what the JS API's CompileError and
 * wasmtime do): the module cannot run here, and it is not merely a missing
 * feature (WASMCELL_ERR_UNSUPPORTED, which test runners skip). */
enum { MAX_FUNC_LOCALS = 50000 };
#define MAX_MODULE_LOCALS ((uint64_t)1 << 26)

enum { SEC_CUSTOM, SEC_TYPE, SEC_IMPORT, SEC_FUNC, SEC_TABLE, SEC_MEMORY, SEC_GLOBAL,
       SEC_EXPORT, SEC_START, SEC_ELEM, SEC_CODE, SEC_DATA, SEC_DATACOUNT, SEC_TAG, SEC_COUNT_ };

static const char *const section_names[SEC_COUNT_] = {
    "custom", "type", "import", "function", "table", "memory", "global",
    "export", "start", "element", "code", "data", "data count", "tag",
};

/* Position of each non-custom section in the required order (Modules,
 * Binary Format): data count sits between element and code, the tag
 * section (exception handling) between memory and global. */
static const uint8_t section_rank[SEC_COUNT_] = {
    0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 22, 24, 20, 11,
};

enum { CTL_BLOCK, CTL_IF, CTL_ELSE, CTL_TRY };

typedef struct dec {
    bin_module_t *m;
    base_reader_t r;           /* over the whole module */
    base_diag_t *diag;
    int section;               /* SEC_* being read, or -1 */
    bool in_func;
    uint32_t func_idx;         /* index space position of the body being read */
    base_vec_t func_types, tables, memories, global_types; /* index spaces */
    base_vec_t tag_types;      /* tag index space: type indices */
    base_vec_t customs;
    base_vec_t valtypes;       /* scratch: the value types of the type section */
    uint32_t nfunc_decls, ncodes;
    bool uses_data_idx;        /* memory.init or data.drop seen in a body */
    bool trusted;              /* bin_decode_trusted: bodies are not walked */
    uint64_t module_locals;
    bin_instr_reader_t ir;
    base_diag_t idiag;         /* bin_read_instr's error, re-reported with context */
    uint8_t *ctl;              /* control stack of read_expr */
    size_t ctl_cap;
} dec_t;

/* ---- diagnostics ---- */

static bool fail_full(dec_t *d, size_t offset, int status, const char *reason, const char *detail)
{
    char ctx[256] = "";
    size_t n = 0;
    if (d->section >= 0)
        n = (size_t)snprintf(ctx, sizeof ctx, "section %d (%s)", d->section, section_names[d->section]);
    if (d->in_func && n < sizeof ctx)
        n += (size_t)snprintf(ctx + n, sizeof ctx - n, "%sfunction %u", n ? ", " : "", d->func_idx);
    if (detail && detail[0] && n < sizeof ctx)
        snprintf(ctx + n, sizeof ctx - n, "%s%s", n ? ", " : "", detail);
    return base_diag_fail(d->diag, status, offset, reason, "%s", ctx);
}

static bool fail_at(dec_t *d, size_t offset, const char *reason)
{
    int status = reason == BIN_GC_REASON ? WASMCELL_ERR_UNSUPPORTED : WASMCELL_ERR_MALFORMED;
    return fail_full(d, offset, status, reason, NULL);
}

/* A rule the spec checks in validation that the decoder meets first. */
static bool fail_invalid(dec_t *d, size_t offset, const char *reason)
{
    return fail_full(d, offset, WASMCELL_ERR_INVALID, reason, NULL);
}

static bool fail_here(dec_t *d, const char *reason)
{
    return fail_at(d, base_reader_offset(&d->r), reason);
}

static bool nomem(dec_t *d)
{
    return fail_full(d, base_reader_offset(&d->r), WASMCELL_ERR_NOMEM, "out of memory", NULL);
}

/* Re-reports an error of bin_read_instr with this decoder's context. Its
 * message is "[detail, ]offset 0x..: reason"; the detail is kept. */
static bool fail_instr(dec_t *d, const base_diag_t *local)
{
    char detail[128] = "";
    const char *cut = strstr(local->message, "offset 0x");
    if (cut && cut - local->message >= 2) {
        size_t len = (size_t)(cut - local->message) - 2;
        if (len >= sizeof detail) len = sizeof detail - 1;
        memcpy(detail, local->message, len);
        detail[len] = 0;
    }
    return fail_full(d, local->offset, local->status, local->reason, detail);
}

/* ---- primitive reads ---- */

static bool rd_u8(dec_t *d, uint8_t *out)
{
    base_rd_status_t s = base_read_u8(&d->r, out);
    return s == RD_OK || fail_here(d, bin_rd_reason(s));
}

static bool rd_u32(dec_t *d, uint32_t *out)
{
    base_rd_status_t s = base_read_u32(&d->r, out);
    return s == RD_OK || fail_here(d, bin_rd_reason(s));
}

static bool rd_len(dec_t *d, uint32_t *out)
{
    const char *reason;
    return bin_read_len(&d->r, out, &reason) || fail_here(d, reason);
}

#define TYPED(d) (((d)->m->features & WASMCELL_FEATURE_FUNCTION_REFERENCES) != 0)

/* exnref exists only with exception handling: before it, 0x69 is no type. */
static bool check_exnref(dec_t *d, bin_valtype_t t)
{
    if (vt_kind(t) != VT_EXNREF || (d->m->features & WASMCELL_FEATURE_EXCEPTIONS)) return true;
    return fail_at(d, base_reader_offset(&d->r) - 1, "malformed reference type");
}

static bool rd_valtype(dec_t *d, bin_valtype_t *out)
{
    const char *reason;
    return (bin_read_valtype(&d->r, out, &reason, TYPED(d)) || fail_here(d, reason)) &&
           check_exnref(d, *out);
}

static bool rd_reftype(dec_t *d, bin_valtype_t *out)
{
    const char *reason;
    return (bin_read_reftype(&d->r, out, &reason, TYPED(d)) || fail_here(d, reason)) &&
           check_exnref(d, *out);
}

/* name: vec(byte) holding valid UTF-8; *bytes points into the module. */
static bool rd_name(dec_t *d, const uint8_t **bytes, uint32_t *len)
{
    size_t at = base_reader_offset(&d->r);
    if (!rd_len(d, len)) return false;
    if (base_read_bytes(&d->r, *len, bytes)) return fail_here(d, BIN_EOF_REASON);
    if (!base_utf8_valid(*bytes, *len)) return fail_at(d, at, "malformed UTF-8 encoding");
    return true;
}

/* name, copied NUL-terminated. */
static bool rd_name_copy(dec_t *d, const char **out, uint32_t *len)
{
    const uint8_t *bytes;
    if (!rd_name(d, &bytes, len)) return false;
    char *copy = base_strndup((const char *)bytes, *len);
    if (!copy) return nomem(d);
    *out = copy;
    return true;
}

/* limits: a flag (bit 0: a max follows; with memory64, bit 2: 64-bit
 * limits, u64 min and max) read as a small LEB128, so other values are
 * "integer too large"; then min, and max when bit 0 is set. Shared memories
 * (bit 1) are not supported: threads are not implemented. */
static bool rd_limits(dec_t *d, bin_limits_t *l)
{
    uint8_t flag;
    if (!rd_u8(d, &flag)) return false;
    bool mem64 = d->ir.memory64 && (flag & 0x7F) >= 4 && (flag & 0x7F) <= 5;
    if ((flag & 0x7F) >= 2 && !mem64)
        return fail_at(d, base_reader_offset(&d->r) - 1, "integer too large");
    if (flag & 0x80) return fail_here(d, "integer representation too long");
    uint64_t min, max = 0;
    /* 3.0 (with memory64) reads every bound as a u64 and leaves the range
     * of 32-bit limits to validation ("memory size", "table size"). */
    if (mem64 || d->ir.memory64) {
        base_rd_status_t s = base_read_u64(&d->r, &min);
        if (!s && (flag & 1)) s = base_read_u64(&d->r, &max);
        if (s) return fail_here(d, bin_rd_reason(s));
    } else {
        uint32_t min32, max32 = 0;
        if (!rd_u32(d, &min32)) return false;
        if ((flag & 1) && !rd_u32(d, &max32)) return false;
        min = min32;
        max = max32;
    }
    memset(l, 0, sizeof *l);
    l->min = min;
    l->max = max;
    l->has_max = (flag & 1) != 0;
    l->is64 = mem64;
    return true;
}

static bool rd_tabletype(dec_t *d, bin_tabletype_t *t)
{
    return rd_reftype(d, &t->elem_type) && rd_limits(d, &t->limits);
}

static bool rd_globaltype(dec_t *d, bin_globaltype_t *g)
{
    uint8_t mut;
    if (!rd_valtype(d, &g->type) || !rd_u8(d, &mut)) return false;
    if (mut > 1) return fail_at(d, base_reader_offset(&d->r) - 1, "malformed mutability");
    g->mutable_ = mut == 1;
    return true;
}

static void *push(dec_t *d, base_vec_t *v, const void *elem)
{
    void *slot = base_vec_push(v, elem);
    if (!slot) nomem(d);
    return slot;
}

static void *alloc_zeroed(dec_t *d, size_t n, size_t size)
{
    void *p = base_calloc(n, size);
    if (!p) nomem(d);
    return p;
}

/* ---- expressions and bodies ---- */

static bool ctl_push(dec_t *d, size_t depth, uint8_t kind)
{
    if (depth >= d->ctl_cap) {
        size_t cap = d->ctl_cap ? d->ctl_cap * 2 : 64;
        uint8_t *p = base_realloc(d->ctl, cap);
        if (!p) return nomem(d);
        d->ctl = p;
        d->ctl_cap = cap;
    }
    d->ctl[depth] = kind;
    return true;
}

/* Reads instructions through the `end` that closes the expression (the
 * reference decoder's instr_block + end_). `else` may only end the then-arm
 * of an `if`; anywhere else an `end` was required ("END opcode expected"). */
static bool read_expr(dec_t *d)
{
    bin_instr_reader_t *ir = &d->ir;
    ir->r = d->r;
    size_t depth = 0; /* open blocks inside the expression */
    for (;;) {
        if (ir->r.pos < ir->r.end && (*ir->r.pos == 0x05 || *ir->r.pos == 0x0B)) {
            uint8_t b = *ir->r.pos;
            if (b == 0x05) {
                if (depth == 0 || d->ctl[depth - 1] != CTL_IF)
                    return fail_at(d, base_reader_offset(&ir->r), "END opcode expected");
                d->ctl[depth - 1] = CTL_ELSE;
            }
            ir->r.pos++;
            if (b == 0x0B && depth-- == 0) break;
            continue;
        }
        bin_instr_t in;
        if (!bin_read_instr(ir, &in, &d->idiag)) return fail_instr(d, &d->idiag);
        switch (in.op) {
        case OP_BLOCK: case OP_LOOP:
            if (!ctl_push(d, depth++, CTL_BLOCK)) return false;
            break;
        case OP_IF:
            if (!ctl_push(d, depth++, CTL_IF)) return false;
            break;
        case OP_TRY_TABLE:
            if (!ctl_push(d, depth++, CTL_BLOCK)) return false;
            break;
        case OP_TRY:
            if (!ctl_push(d, depth++, CTL_TRY)) return false;
            break;
        case OP_DELEGATE: /* ends a legacy try instead of its `end` */
            if (depth == 0 || d->ctl[depth - 1] != CTL_TRY)
                return fail_at(d, in.offset, "END opcode expected");
            depth--;
            break;
        case OP_MEMORY_INIT: case OP_DATA_DROP:
            d->uses_data_idx = true;
            break;
        default:
            break;
        }
    }
    d->r.pos = ir->r.pos;
    return true;
}

static bool rd_constexpr(dec_t *d, bin_constexpr_t *e)
{
    e->offset = base_reader_offset(&d->r);
    e->code = d->r.pos;
    if (!read_expr(d)) return false;
    e->size = (size_t)(d->r.pos - e->code);
    return true;
}

/* ---- sections ---- */

/* Grows m->types to hold `need` types. */
static bool reserve_types(dec_t *d, uint64_t need, uint32_t *cap)
{
    if (need <= *cap) return true;
    if (need > VT_MAX_TYPE_IDX) return fail_here(d, "too many types");
    uint64_t n = *cap ? *cap : 16;
    while (n < need) n *= 2;
    bin_functype_t *t = base_realloc(d->m->types, n * sizeof *t);
    if (!t) return nomem(d);
    d->m->types = t;
    *cap = (uint32_t)n;
    return true;
}

/* vec(valtype) into d->valtypes; *first is where they start. */
static bool rd_resulttype(dec_t *d, uint32_t *n, size_t *first)
{
    if (!rd_len(d, n)) return false;
    *first = d->valtypes.len;
    for (uint32_t k = 0; k < *n; k++) {
        bin_valtype_t vt;
        if (!rd_valtype(d, &vt) || !push(d, &d->valtypes, &vt)) return false;
    }
    return true;
}

/* subtype (function references): `sub final? x* comptype` or a bare
 * comptype; only function types without declared supertypes. */
static bool rd_subtype(dec_t *d, bin_functype_t *t, size_t *params_at, size_t *results_at)
{
    uint8_t form;
    if (!rd_u8(d, &form)) return false;
    if (form & 0x80) return fail_here(d, "integer representation too long");
    t->open = false;
    if (TYPED(d) && (form == 0x50 || form == 0x4F)) {
        uint32_t nsupers;
        if (!rd_len(d, &nsupers)) return false;
        if (nsupers > 0) return fail_here(d, BIN_GC_REASON);
        t->open = form == 0x50;
        if (!rd_u8(d, &form)) return false;
    }
    if (TYPED(d) && (form == 0x5F || form == 0x5E))
        return fail_at(d, base_reader_offset(&d->r) - 1, BIN_GC_REASON);
    if (form != 0x60) return fail_at(d, base_reader_offset(&d->r) - 1, "malformed function type");
    return rd_resulttype(d, &t->nparams, params_at) && rd_resulttype(d, &t->nresults, results_at);
}

/* A concrete reference in a type definition may name any type up to the
 * end of its own rec group. */
static bool check_type_refs(dec_t *d, size_t from, uint32_t limit, size_t at)
{
    const bin_valtype_t *vt = (const bin_valtype_t *)d->valtypes.data + from;
    for (size_t k = from; k < d->valtypes.len; k++, vt++) {
        uint32_t idx;
        if (vt_type_idx(*vt, &idx) && idx >= limit) return fail_invalid(d, at, "unknown type");
    }
    return true;
}

/* Type section: vec(rectype); a rectype is `rec` (0x4E) vec(subtype) or a
 * single subtype, so the types can outnumber the vector's entries. */
static bool read_type_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n, cap = 0, ntypes = 0;
    if (!rd_len(d, &n)) return false;
    base_vec_t spans;          /* per type: offsets of params and results in d->valtypes */
    base_vec_init(&spans, 2 * sizeof(size_t));
    bool ok = true;
    for (uint32_t i = 0; ok && i < n; i++) {
        size_t at = base_reader_offset(&d->r);
        uint32_t count = 1;
        size_t group_types = d->valtypes.len;
        if (TYPED(d) && d->r.pos < d->r.end && *d->r.pos == 0x4E) {
            d->r.pos++;
            if (!rd_len(d, &count)) { ok = false; break; }
        }
        for (uint32_t k = 0; ok && k < count; k++) {
            size_t span[2];
            ok = reserve_types(d, (uint64_t)ntypes + 1, &cap);
            if (!ok) break;
            bin_functype_t *t = &m->types[ntypes];
            memset(t, 0, sizeof *t);
            t->rec_start = ntypes - k;
            ok = rd_subtype(d, t, &span[0], &span[1]) && push(d, &spans, span);
            if (ok) m->ntypes = ++ntypes;
        }
        for (uint32_t k = ntypes - count; ok && k < ntypes; k++) m->types[k].rec_count = count;
        ok = ok && check_type_refs(d, group_types, ntypes, at);
    }
    if (ok && d->valtypes.len) {
        size_t nvt = d->valtypes.len;
        ok = (m->type_storage = base_malloc(nvt * sizeof *m->type_storage)) != NULL || nomem(d);
        if (ok) memcpy(m->type_storage, d->valtypes.data, nvt * sizeof *m->type_storage);
    }
    for (uint32_t k = 0; ok && k < ntypes; k++) {
        const size_t *span = (const size_t *)spans.data + 2 * k;
        m->types[k].params = m->type_storage + span[0];
        m->types[k].results = m->type_storage + span[1];
    }
    base_vec_fini(&spans);
    d->valtypes.len = 0;
    return ok && (bin_canon_types(m) || nomem(d));
}

/* tagtype: attribute 0 (exception), then a type index (Tag Section). */
static bool rd_tagtype(dec_t *d, uint32_t *type_idx)
{
    uint8_t attr;
    if (!rd_u8(d, &attr)) return false;
    if (attr != 0) return fail_at(d, base_reader_offset(&d->r) - 1, "malformed tag attribute");
    return rd_u32(d, type_idx);
}

static bool read_import_desc(dec_t *d, bin_import_t *imp)
{
    bin_module_t *m = d->m;
    if (!rd_u8(d, &imp->kind)) return false;
    switch (imp->kind) {
    case EXT_FUNC:
        if (!rd_u32(d, &imp->desc.type_idx)) return false;
        m->nfunc_imports++;
        return push(d, &d->func_types, &imp->desc.type_idx) != NULL;
    case EXT_TABLE:
        if (!rd_tabletype(d, &imp->desc.table)) return false;
        m->ntable_imports++;
        return push(d, &d->tables, &imp->desc.table) != NULL;
    case EXT_MEMORY:
        if (!rd_limits(d, &imp->desc.memory.limits)) return false;
        m->nmemory_imports++;
        return push(d, &d->memories, &imp->desc.memory) != NULL;
    case EXT_GLOBAL:
        if (!rd_globaltype(d, &imp->desc.global)) return false;
        m->nglobal_imports++;
        return push(d, &d->global_types, &imp->desc.global) != NULL;
    case EXT_TAG:
        if (!(m->features & WASMCELL_FEATURE_EXCEPTIONS)) break;
        if (!rd_tagtype(d, &imp->desc.tag_type_idx)) return false;
        m->ntag_imports++;
        return push(d, &d->tag_types, &imp->desc.tag_type_idx) != NULL;
    default:
        break;
    }
    return fail_at(d, base_reader_offset(&d->r) - 1, "malformed import kind");
}

static bool read_import_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    if (!(m->imports = alloc_zeroed(d, n, sizeof *m->imports))) return false;
    for (uint32_t i = 0; i < n; i++) {
        bin_import_t *imp = &m->imports[i];
        m->nimports = i + 1; /* counted before filling: bin_module_free sees the names */
        if (!rd_name_copy(d, &imp->module, &imp->module_len)) return false;
        if (!rd_name_copy(d, &imp->name, &imp->name_len)) return false;
        if (!read_import_desc(d, imp)) return false;
    }
    return true;
}

static bool read_func_section(dec_t *d)
{
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    if (!(d->m->funcs = alloc_zeroed(d, n, sizeof *d->m->funcs))) return false;
    d->nfunc_decls = n;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t type_idx;
        if (!rd_u32(d, &type_idx)) return false;
        d->m->funcs[i].type_idx = type_idx;
        if (!push(d, &d->func_types, &type_idx)) return false;
    }
    return true;
}

/* table: a tabletype, or (function references) 0x40 0x00 tabletype expr
 * with an initializer for the elements. */
static bool read_table_section(dec_t *d)
{
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        bin_tabletype_t t;
        memset(&t, 0, sizeof t);
        if (TYPED(d) && d->r.pos < d->r.end && *d->r.pos == 0x40) {
            uint8_t zero;
            d->r.pos++;
            if (!rd_u8(d, &zero)) return false;
            if (zero != 0) return fail_at(d, base_reader_offset(&d->r) - 1, "malformed table");
            t.has_init = true;
        }
        if (!rd_tabletype(d, &t)) return false;
        if (t.has_init && !rd_constexpr(d, &t.init)) return false;
        if (!push(d, &d->tables, &t)) return false;
    }
    return true;
}

static bool read_memory_section(dec_t *d)
{
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        bin_memtype_t t;
        if (!rd_limits(d, &t.limits) || !push(d, &d->memories, &t)) return false;
    }
    return true;
}

static bool read_tag_section(dec_t *d)
{
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t type_idx;
        if (!rd_tagtype(d, &type_idx) || !push(d, &d->tag_types, &type_idx)) return false;
    }
    return true;
}

static bool read_global_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    if (!(m->globals = alloc_zeroed(d, n, sizeof *m->globals))) return false;
    for (uint32_t i = 0; i < n; i++) {
        bin_global_t *g = &m->globals[i];
        if (!rd_globaltype(d, &g->type) || !rd_constexpr(d, &g->init)) return false;
        if (!push(d, &d->global_types, &g->type)) return false;
    }
    return true;
}

static bool read_export_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    if (!(m->exports = alloc_zeroed(d, n, sizeof *m->exports))) return false;
    for (uint32_t i = 0; i < n; i++) {
        bin_export_t *e = &m->exports[i];
        m->nexports = i + 1;
        if (!rd_name_copy(d, &e->name, &e->name_len) || !rd_u8(d, &e->kind)) return false;
        uint8_t last = d->m->features & WASMCELL_FEATURE_EXCEPTIONS ? EXT_TAG : EXT_GLOBAL;
        if (e->kind > last) return fail_at(d, base_reader_offset(&d->r) - 1, "malformed export kind");
        if (!rd_u32(d, &e->idx)) return false;
    }
    return true;
}

static bool read_start_section(dec_t *d)
{
    if (!rd_u32(d, &d->m->start_func_idx)) return false;
    d->m->has_start = true;
    return true;
}

static bool read_elem_funcs(dec_t *d, bin_elem_t *e)
{
    if (!rd_len(d, &e->count)) return false;
    if (!(e->func_idxs = alloc_zeroed(d, e->count, sizeof *e->func_idxs))) return false;
    for (uint32_t i = 0; i < e->count; i++)
        if (!rd_u32(d, &e->func_idxs[i])) return false;
    return true;
}

static bool read_elem_exprs(dec_t *d, bin_elem_t *e)
{
    if (!rd_len(d, &e->count)) return false;
    if (!(e->exprs = alloc_zeroed(d, e->count, sizeof *e->exprs))) return false;
    for (uint32_t i = 0; i < e->count; i++)
        if (!rd_constexpr(d, &e->exprs[i])) return false;
    return true;
}

static bool read_elemkind(dec_t *d, bin_elem_t *e)
{
    uint8_t kind;
    if (!rd_u8(d, &kind)) return false;
    if (kind != 0x00) return fail_at(d, base_reader_offset(&d->r) - 1, "malformed element kind");
    e->elem_type = TYPED(d) ? VT_FUNCREF | VT_NONNULL : VT_FUNCREF;
    return true;
}

/* The eight element segment forms (Element Section): bit 0 passive or
 * declarative, bit 1 explicit table index / declarative, bit 2 expressions. */
static bool read_elem(dec_t *d, bin_elem_t *e)
{
    size_t at = base_reader_offset(&d->r);
    uint32_t flags;
    if (!rd_u32(d, &flags)) return false;
    if (flags > 7) return fail_at(d, at, "malformed elements segment kind");
    /* Function indices are (ref func) in 3.0, funcref in 2.0. */
    e->elem_type = TYPED(d) ? VT_FUNCREF | VT_NONNULL : VT_FUNCREF;
    e->table_idx = 0;
    if (flags & 1) e->mode = (flags & 2) ? SEG_DECLARATIVE : SEG_PASSIVE;
    else e->mode = SEG_ACTIVE;
    if (e->mode == SEG_ACTIVE) {
        if ((flags & 2) && !rd_u32(d, &e->table_idx)) return false;
        if (!rd_constexpr(d, &e->offset)) return false;
    }
    bool has_type = (flags & 3) != 0; /* forms 0 and 4 imply funcref */
    if (flags & 4) {
        e->elem_type = VT_FUNCREF; /* form 4: funcref expressions */
        if (has_type && !rd_reftype(d, &e->elem_type)) return false;
        return read_elem_exprs(d, e);
    }
    if (has_type && !read_elemkind(d, e)) return false;
    return read_elem_funcs(d, e);
}

static bool read_elem_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    if (!(m->elems = alloc_zeroed(d, n, sizeof *m->elems))) return false;
    for (uint32_t i = 0; i < n; i++) {
        m->nelems = i + 1;
        if (!read_elem(d, &m->elems[i])) return false;
    }
    return true;
}

static bool read_datacount_section(dec_t *d)
{
    if (!rd_u32(d, &d->m->data_count)) return false;
    d->m->has_data_count = true;
    return true;
}

/* locals: vec((n, valtype)); the total must stay below 2^32 (Code Section). */
static bool read_locals(dec_t *d, bin_func_t *f)
{
    size_t at = base_reader_offset(&d->r);
    uint32_t ngroups;
    if (!rd_len(d, &ngroups)) return false;
    const uint8_t *groups = d->r.pos;
    uint64_t total = 0;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t count;
        bin_valtype_t t;
        if (!rd_u32(d, &count) || !rd_valtype(d, &t)) return false;
        total += count;
    }
    if (total > UINT32_MAX) return fail_at(d, at, "too many locals");
    if (total > MAX_FUNC_LOCALS || d->module_locals + total > MAX_MODULE_LOCALS)
        return fail_full(d, at, WASMCELL_ERR_MALFORMED, "too many locals",
                         total > MAX_FUNC_LOCALS ? "more than 50000 in one function"
                                                 : "more than 2^26 in the module");
    d->module_locals += total;
    if (!(f->local_types = alloc_zeroed(d, total ? total : 1, sizeof *f->local_types))) return false;
    f->nlocals = (uint32_t)total;
    base_reader_t again = {d->r.start, groups, d->r.end};
    uint32_t k = 0;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t count;
        bin_valtype_t t = 0;
        const char *reason;
        base_read_u32(&again, &count);
        bin_read_valtype(&again, &t, &reason, TYPED(d)); /* read once already */
        for (uint32_t j = 0; j < count; j++) f->local_types[k++] = t;
    }
    return true;
}

static bool read_body(dec_t *d, bin_func_t *f)
{
    uint32_t size;
    if (!rd_len(d, &size)) return false;
    size_t start = base_reader_offset(&d->r);
    if (!read_locals(d, f)) return false;
    f->body_offset = base_reader_offset(&d->r);
    f->body = d->r.pos;
    if (d->trusted) {
        /* validated when it was compiled: the body is the rest of the
         * entry (an artifact's module: 3 % of SQLite's AOT run went to
         * walking 1 MB of instructions nothing reads) */
        size_t end = start + size, limit = (size_t)(d->r.end - d->r.start);
        if (f->body_offset > end || end > limit) return fail_at(d, start, "section size mismatch");
        d->r.pos += start + size - f->body_offset;
        f->body_size = start + size - f->body_offset;
        return true;
    }
    if (!read_expr(d)) return false;
    f->body_size = (size_t)(d->r.pos - f->body);
    if (base_reader_offset(&d->r) != start + size) return fail_at(d, start, "section size mismatch");
    return true;
}

static bool read_code_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    d->ncodes = n;
    for (uint32_t i = 0; i < n; i++) {
        d->in_func = true;
        d->func_idx = m->nfunc_imports + i;
        /* Bodies beyond the function section's count are still decoded (the
         * count mismatch is reported after the whole module), then dropped. */
        bin_func_t extra = {0};
        bin_func_t *f = i < d->nfunc_decls ? &m->funcs[i] : &extra;
        bool ok = read_body(d, f);
        if (f == &extra) base_free(extra.local_types);
        if (!ok) return false;
    }
    d->in_func = false;
    return true;
}

static bool read_data(dec_t *d, bin_data_t *seg)
{
    size_t at = base_reader_offset(&d->r);
    uint32_t flags;
    if (!rd_u32(d, &flags)) return false;
    if (flags > 2) return fail_at(d, at, "malformed data segment kind");
    seg->mode = flags == 1 ? SEG_PASSIVE : SEG_ACTIVE;
    seg->mem_idx = 0;
    if (flags == 2 && !rd_u32(d, &seg->mem_idx)) return false;
    if (flags != 1 && !rd_constexpr(d, &seg->offset)) return false;
    if (!rd_len(d, &seg->size)) return false;
    if (base_read_bytes(&d->r, seg->size, &seg->bytes)) return fail_here(d, BIN_EOF_REASON);
    return true;
}

static bool read_data_section(dec_t *d)
{
    bin_module_t *m = d->m;
    uint32_t n;
    if (!rd_len(d, &n)) return false;
    if (!(m->datas = alloc_zeroed(d, n, sizeof *m->datas))) return false;
    for (uint32_t i = 0; i < n; i++) {
        m->ndatas = i + 1;
        if (!read_data(d, &m->datas[i])) return false;
    }
    return true;
}

/* custom: a name, then bytes up to the section's end. A name running past
 * the declared size is an unexpected end (as in the reference decoder). */
static bool read_custom_section(dec_t *d, size_t start, uint32_t size)
{
    const uint8_t *name;
    uint32_t name_len;
    if (!rd_name(d, &name, &name_len)) return false;
    size_t end = start + size;
    if (base_reader_offset(&d->r) > end || end > d->m->size) return fail_at(d, base_reader_offset(&d->r), BIN_EOF_REASON);
    bin_custom_t c = {NULL, d->r.pos, end - base_reader_offset(&d->r)};
    d->r.pos = d->r.start + end;
    if (!(c.name = base_strndup((const char *)name, name_len))) return nomem(d);
    if (!push(d, &d->customs, &c)) {
        base_free((char *)c.name);
        return false;
    }
    return true;
}

static bool read_section(dec_t *d, int id, size_t start, uint32_t size)
{
    switch (id) {
    case SEC_CUSTOM: return read_custom_section(d, start, size);
    case SEC_TYPE: return read_type_section(d);
    case SEC_IMPORT: return read_import_section(d);
    case SEC_FUNC: return read_func_section(d);
    case SEC_TABLE: return read_table_section(d);
    case SEC_MEMORY: return read_memory_section(d);
    case SEC_GLOBAL: return read_global_section(d);
    case SEC_EXPORT: return read_export_section(d);
    case SEC_START: return read_start_section(d);
    case SEC_ELEM: return read_elem_section(d);
    case SEC_CODE: return read_code_section(d);
    case SEC_DATA: return read_data_section(d);
    case SEC_DATACOUNT: return read_datacount_section(d);
    case SEC_TAG: return read_tag_section(d);
    }
    return false;
}

static bool read_header(dec_t *d)
{
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D};
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    const uint8_t *p;
    if (base_read_bytes(&d->r, 4, &p)) return fail_here(d, BIN_EOF_REASON);
    if (memcmp(p, magic, 4) != 0) return fail_at(d, 0, "magic header not detected");
    if (base_read_bytes(&d->r, 4, &p)) return fail_here(d, BIN_EOF_REASON);
    if (memcmp(p, version, 4) != 0) return fail_at(d, 4, "unknown binary version");
    return true;
}

static bool read_sections(dec_t *d)
{
    int last_rank = 0;
    while (!base_reader_done(&d->r)) {
        size_t at = base_reader_offset(&d->r);
        uint8_t id = *d->r.pos;
        if (id >= SEC_COUNT_ || (id == SEC_TAG && !(d->m->features & WASMCELL_FEATURE_EXCEPTIONS)))
            return fail_at(d, at, "malformed section id");
        if (id != SEC_CUSTOM) {
            /* Out of order or repeated: the reference decoder has passed
             * the place where this section could be. */
            if (section_rank[id] <= last_rank) return fail_at(d, at, "unexpected content after last section");
            last_rank = section_rank[id];
        }
        d->r.pos++;
        d->section = id;
        uint32_t size;
        if (!rd_len(d, &size)) return false;
        size_t start = base_reader_offset(&d->r);
        if (!read_section(d, id, start, size)) return false;
        if (base_reader_offset(&d->r) != start + size) return fail_at(d, start, "section size mismatch");
        d->section = -1;
    }
    return true;
}

/* Checks made after the last section (Modules, Binary Format). */
static bool check_counts(dec_t *d)
{
    bin_module_t *m = d->m;
    size_t end = m->size;
    if (d->nfunc_decls != d->ncodes)
        return fail_at(d, end, "function and code section have inconsistent lengths");
    if (m->has_data_count && m->data_count != m->ndatas)
        return fail_at(d, end, "data count and data section have inconsistent lengths");
    /* With no data segments at all, the index memory.init/data.drop names
     * cannot exist: report that as the validation error "unknown data
     * segment" (the spec suite expects it; wabt's wast2json omits the data
     * count section for such modules, while the reference encoder emits it). */
    if (!m->has_data_count && d->uses_data_idx && m->ndatas > 0)
        return fail_at(d, end, "data count section required");
    return true;
}

/* Moves the index-space vectors into the module (on success and failure,
 * so bin_module_free releases them either way). */
static void finish(dec_t *d)
{
    bin_module_t *m = d->m;
    m->func_type_idxs = d->func_types.data;
    m->nfuncs = (uint32_t)d->func_types.len;
    m->tables = d->tables.data;
    m->ntables = (uint32_t)d->tables.len;
    m->memories = d->memories.data;
    m->nmemories = (uint32_t)d->memories.len;
    m->tag_type_idxs = d->tag_types.data;
    m->ntags = (uint32_t)d->tag_types.len;
    m->global_types = d->global_types.data;
    m->nglobals = (uint32_t)d->global_types.len;
    m->customs = d->customs.data;
    m->ncustoms = (uint32_t)d->customs.len;
    /* A function section cut short leaves fewer entries than it allocated;
     * keep nfuncs >= nfunc_imports for bin_module_free. */
    if (m->nfuncs < m->nfunc_imports) m->nfuncs = m->nfunc_imports;
    base_free(d->ctl);
    base_vec_fini(&d->valtypes);
    bin_instr_reader_fini(&d->ir);
}

bool bin_decode(const uint8_t *bytes, size_t size, bin_module_t **out, base_diag_t *diag)
{
    return bin_decode_features(bytes, size, BIN_FEATURES_ALL, out, diag);
}

static bool decode(const uint8_t *bytes, size_t size, uint32_t features, bool trusted, bin_module_t **out,
                   base_diag_t *diag);

bool bin_decode_features(const uint8_t *bytes, size_t size, uint32_t features, bin_module_t **out,
                         base_diag_t *diag)
{
    return decode(bytes, size, features, false, out, diag);
}

bool bin_decode_trusted(const uint8_t *bytes, size_t size, bin_module_t **out, base_diag_t *diag)
{
    return decode(bytes, size, BIN_FEATURES_ALL, true, out, diag);
}

static bool decode(const uint8_t *bytes, size_t size, uint32_t features, bool trusted, bin_module_t **out,
                   base_diag_t *diag)
{
    *out = NULL;
    bin_module_t *m = base_calloc(1, sizeof *m);
    if (!m || !(m->bytes = base_malloc(size))) {
        base_free(m);
        return base_diag_fail(diag, WASMCELL_ERR_NOMEM, 0, "out of memory", NULL);
    }
    base_prefault(m->bytes, size);
    if (size) memcpy(m->bytes, bytes, size);
    m->size = size;
    m->features = features & BIN_FEATURES_ALL;

    dec_t d = {.m = m, .diag = diag, .section = -1, .trusted = trusted};
    base_reader_init(&d.r, m->bytes, size);
    base_vec_init(&d.func_types, sizeof(uint32_t));
    base_vec_init(&d.tables, sizeof(bin_tabletype_t));
    base_vec_init(&d.memories, sizeof(bin_memtype_t));
    base_vec_init(&d.global_types, sizeof(bin_globaltype_t));
    base_vec_init(&d.tag_types, sizeof(uint32_t));
    base_vec_init(&d.customs, sizeof(bin_custom_t));
    base_vec_init(&d.valtypes, sizeof(bin_valtype_t));
    bin_instr_reader_init(&d.ir, m->bytes, m->bytes, size);
    if (!(features & WASMCELL_FEATURE_TAIL_CALL)) d.ir.off_features |= 1u << FEAT_TAIL_CALL;
    if (!(features & WASMCELL_FEATURE_RELAXED_SIMD)) d.ir.off_features |= 1u << FEAT_RELAXED_SIMD;
    if (!(features & WASMCELL_FEATURE_EXCEPTIONS)) d.ir.off_features |= 1u << FEAT_EXCEPTIONS;
    if (!(features & WASMCELL_FEATURE_FUNCTION_REFERENCES)) d.ir.off_features |= 1u << FEAT_FUNCREFS;
    d.ir.multi_memory = (features & WASMCELL_FEATURE_MULTI_MEMORY) != 0;
    d.ir.memory64 = (features & WASMCELL_FEATURE_MEMORY64) != 0;

    bool ok = read_header(&d) && read_sections(&d) && check_counts(&d);
    finish(&d);
    if (!ok) {
        bin_module_free(m);
        return false;
    }
    bin_read_names(m);
    *out = m;
    return true;
}

void bin_module_free(bin_module_t *m)
{
    if (!m) return;
    base_free(m->types);
    base_free(m->type_storage);
    base_free(m->type_canon);
    for (uint32_t i = 0; i < m->nimports; i++) {
        base_free((char *)m->imports[i].module);
        base_free((char *)m->imports[i].name);
    }
    base_free(m->imports);
    base_free(m->func_type_idxs);
    if (m->funcs)
        for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) base_free(m->funcs[i].local_types);
    base_free(m->funcs);
    base_free(m->tables);
    base_free(m->memories);
    base_free(m->global_types);
    base_free(m->tag_type_idxs);
    base_free(m->globals);
    for (uint32_t i = 0; i < m->nexports; i++) base_free((char *)m->exports[i].name);
    base_free(m->exports);
    for (uint32_t i = 0; i < m->nelems; i++) {
        base_free(m->elems[i].func_idxs);
        base_free(m->elems[i].exprs);
    }
    base_free(m->elems);
    base_free(m->datas);
    for (uint32_t i = 0; i < m->ncustoms; i++) base_free((char *)m->customs[i].name);
    base_free(m->customs);
    bin_free_names(m);
    base_free(m->bytes);
    base_free(m);
}
