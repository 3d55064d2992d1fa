/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* validate.c — module-level validation (Validation: Modules): imports,
 * tables, memories, globals, segments, start, exports, the C.refs set that
 * ref.func needs, then every function body (func.c). Follows the order of
 * the reference interpreter so the first error reported is the same one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasmcell.h"
#include "../base/alloc.h"
#include "validate.h"
#include "val_internal.h"

/* Offsets the module description does not keep (imports, exports, tables,
 * ...) are reported as unknown: the message then names the item instead. */
#define NO_OFFSET ((size_t)-1)

enum { MAX_PAGES = 65536 };

const char *val_type_name(bin_valtype_t t)
{
    static _Thread_local char ring[4][BIN_VT_STR];
    static _Thread_local unsigned next;
    if (t == VAL_UNKNOWN) return "_";
    if (t == VAL_REF_BOT) return "(ref none)";
    char *buf = ring[next++ & 3];
    const char *s = bin_valtype_str(t, buf, BIN_VT_STR);
    return s[0] == '?' ? "_" : s;
}

/* message: "<where>, offset 0x..: <reason>[: <detail>]" (no offset part
 * when NO_OFFSET). */
__attribute__((format(printf, 5, 0)))
static bool vfail(val_ctx_t *c, size_t offset, const char *reason, const char *detail,
                  const char *where_fmt, va_list ap)
{
    base_diag_t *d = c->diag;
    if (!d || d->set) return false;
    char where[256];
    vsnprintf(where, sizeof where, where_fmt, ap);
    base_diag_fail(d, WASMCELL_ERR_INVALID, offset == NO_OFFSET ? 0 : offset, reason, "%s", where);
    if (offset == NO_OFFSET) snprintf(d->message, sizeof d->message, "%s: %s", where, reason);
    if (detail) {
        size_t n = strlen(d->message);
        snprintf(d->message + n, sizeof d->message - n, ": %s", detail);
    }
    return false;
}

bool val_fail_idx(val_ctx_t *c, size_t offset, const char *reason, bool with_idx, uint32_t idx,
                  const char *where_fmt, ...)
{
    char full_reason[128];
    if (with_idx) snprintf(full_reason, sizeof full_reason, "%s %u", reason, idx);
    else snprintf(full_reason, sizeof full_reason, "%s", reason);
    va_list ap;
    va_start(ap, where_fmt);
    vfail(c, offset, full_reason, NULL, where_fmt, ap);
    va_end(ap);
    return false;
}

bool val_fail_mismatch(val_ctx_t *c, size_t offset, const char *detail, const char *where_fmt, ...)
{
    va_list ap;
    va_start(ap, where_fmt);
    vfail(c, offset, "type mismatch", detail, where_fmt, ap);
    va_end(ap);
    return false;
}

static bool out_of_memory(val_ctx_t *c)
{
    return base_diag_fail(c->diag, WASMCELL_ERR_NOMEM, 0, "out of memory", "validation");
}

/* ---- types of imports and definitions ------------------------------------ */

/* Limits within `range`, min <= max (Validation: Limits). */
static bool check_limits(val_ctx_t *c, const bin_limits_t *l, uint64_t range, const char *range_msg,
                         const char *what, uint32_t idx)
{
    if (l->min > range || (l->has_max && l->max > range))
        return val_fail_idx(c, NO_OFFSET, range_msg, false, 0, "%s %u", what, idx);
    if (l->has_max && l->min > l->max)
        return val_fail_idx(c, NO_OFFSET, "size minimum must not be greater than maximum", false, 0,
                            "%s %u", what, idx);
    if (l->shared && !l->has_max)
        return val_fail_idx(c, NO_OFFSET, "shared memory must have maximum", false, 0, "%s %u", what,
                            idx);
    return true;
}

/* Table64 and memory64 (Validation: Limits, address type i64): 64-bit
 * tables may hold 2^64-1 elements, 64-bit memories 2^48 pages. */
static bool check_table_type(val_ctx_t *c, const bin_tabletype_t *t, uint32_t table_idx)
{
    if (t->limits.is64)
        return check_limits(c, &t->limits, UINT64_MAX, "table size must be at most 2^64-1",
                            "section 4 (table), table", table_idx);
    return check_limits(c, &t->limits, UINT32_MAX, "table size must be at most 2^32-1",
                        "section 4 (table), table", table_idx);
}

static bool check_memory_type(val_ctx_t *c, const bin_memtype_t *t, uint32_t mem_idx)
{
    if (t->limits.is64)
        return check_limits(c, &t->limits, 1ull << 48,
                            "memory size must be at most 2^48 pages (256TiB)",
                            "section 5 (memory), memory", mem_idx);
    return check_limits(c, &t->limits, MAX_PAGES, "memory size must be at most 65536 pages (4GiB)",
                        "section 5 (memory), memory", mem_idx);
}

/* A value type outside code names a type that exists. */
static bool type_known(val_ctx_t *c, bin_valtype_t t, const char *what, uint32_t idx)
{
    uint32_t type_idx = 0;
    if (val_type_known(c->m, t)) return true;
    vt_type_idx(t, &type_idx);
    return val_fail_idx(c, NO_OFFSET, "unknown type", true, type_idx, "%s %u", what, idx);
}

static bool check_imports(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    uint32_t tables = 0, memories = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import_t *im = &m->imports[i];
        switch (im->kind) {
        case EXT_FUNC:
            if (im->desc.type_idx >= m->ntypes)
                return val_fail_idx(c, NO_OFFSET, "unknown type", true, im->desc.type_idx,
                                    "section 2 (import), import %u \"%s\" \"%s\"", i, im->module,
                                    im->name);
            break;
        case EXT_TABLE:
            if (!type_known(c, im->desc.table.elem_type, "section 2 (import), import", i))
                return false;
            if (!check_table_type(c, &im->desc.table, tables++)) return false;
            break;
        case EXT_MEMORY:
            if (!check_memory_type(c, &im->desc.memory, memories++)) return false;
            break;
        case EXT_GLOBAL:
            if (!type_known(c, im->desc.global.type, "section 2 (import), import", i)) return false;
            break;
        default:
            break;
        }
    }
    return true;
}

/* Tags (exception handling): a function type with no results. */
static bool check_tags(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    for (uint32_t i = 0; i < m->ntags; i++) {
        uint32_t type_idx = m->tag_type_idxs[i];
        if (type_idx >= m->ntypes)
            return val_fail_idx(c, NO_OFFSET, "unknown type", true, type_idx, "section 13 (tag), tag %u", i);
        if (m->types[type_idx].nresults != 0)
            return val_fail_idx(c, NO_OFFSET, "non-empty tag result type", false, 0,
                                "section 13 (tag), tag %u", i);
    }
    return true;
}

static bool check_func_types(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->func_type_idxs[i] >= m->ntypes)
            return val_fail_idx(c, NO_OFFSET, "unknown type", true, m->func_type_idxs[i],
                                "section 3 (function), function %u", i);
    for (uint32_t i = 0; i + m->nfunc_imports < m->nfuncs; i++)
        if (m->funcs[i].type_idx >= m->ntypes)
            return val_fail_idx(c, NO_OFFSET, "unknown type", true, m->funcs[i].type_idx,
                                "section 3 (function), function %u", i + m->nfunc_imports);
    return true;
}

static bool check_globals(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    char what[64];
    for (uint32_t i = 0; i + m->nglobal_imports < m->nglobals; i++) {
        snprintf(what, sizeof what, "section 6 (global), global %u", i + m->nglobal_imports);
        if (!type_known(c, m->globals[i].type.type, "section 6 (global), global",
                        i + m->nglobal_imports))
            return false;
        if (!val_const_expr(c, &m->globals[i].init, m->globals[i].type.type,
                            m->nglobal_imports + i, what)) return false;
    }
    return true;
}

static bool check_tables_memories(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        const bin_tabletype_t *t = &m->tables[i];
        if (!type_known(c, t->elem_type, "section 4 (table), table", i)) return false;
        if (!check_table_type(c, t, i)) return false;
        char what[64];
        snprintf(what, sizeof what, "section 4 (table), table %u", i);
        /* Function references: elements start as the initializer's value,
         * which a non-nullable element type requires (no null default). */
        if (t->has_init && !val_const_expr(c, &t->init, t->elem_type, m->nglobal_imports, what))
            return false;
        if (!t->has_init && !vt_defaultable(t->elem_type))
            return val_fail_mismatch(c, NO_OFFSET, "a non-nullable table needs an initializer",
                                     "%s", what);
    }
    for (uint32_t i = m->nmemory_imports; i < m->nmemories; i++)
        if (!check_memory_type(c, &m->memories[i], i)) return false;
    return true;
}

/* ---- segments ------------------------------------------------------------ */

static bool check_elem(val_ctx_t *c, uint32_t elem_idx)
{
    const bin_module_t *m = c->m;
    const bin_elem_t *e = &m->elems[elem_idx];
    char what[64];
    snprintf(what, sizeof what, "section 9 (element), segment %u", elem_idx);
    if (!type_known(c, e->elem_type, "section 9 (element), segment", elem_idx)) return false;
    for (uint32_t i = 0; i < e->count; i++) {
        if (e->exprs) {
            if (!val_const_expr(c, &e->exprs[i], e->elem_type, m->nglobals, what)) return false;
        } else if (e->func_idxs[i] >= m->nfuncs) {
            return val_fail_idx(c, NO_OFFSET, "unknown function", true, e->func_idxs[i], "%s", what);
        }
    }
    if (e->mode != SEG_ACTIVE) return true;
    if (e->table_idx >= m->ntables)
        return val_fail_idx(c, e->offset.offset, "unknown table", true, e->table_idx, "%s", what);
    if (!bin_vt_match(m, e->elem_type, m->tables[e->table_idx].elem_type)) {
        char detail[96];
        snprintf(detail, sizeof detail, "segment of %s, table %u of %s", val_type_name(e->elem_type),
                 e->table_idx, val_type_name(m->tables[e->table_idx].elem_type));
        return val_fail_mismatch(c, e->offset.offset, detail, "%s", what);
    }
    return val_const_expr(c, &e->offset, m->tables[e->table_idx].limits.is64 ? VT_I64 : VT_I32,
                          m->nglobals, what);
}

static bool check_data(val_ctx_t *c, uint32_t data_idx)
{
    const bin_data_t *d = &c->m->datas[data_idx];
    char what[64];
    snprintf(what, sizeof what, "section 11 (data), segment %u", data_idx);
    if (d->mode != SEG_ACTIVE) return true;
    if (d->mem_idx >= c->m->nmemories)
        return val_fail_idx(c, d->offset.offset, "unknown memory", true, d->mem_idx, "%s", what);
    return val_const_expr(c, &d->offset, c->m->memories[d->mem_idx].limits.is64 ? VT_I64 : VT_I32,
                          c->m->nglobals, what);
}

/* ---- C.refs: functions a body may name with ref.func ---------------------- */

/* Every function index in the module outside function bodies and the start
 * section (Validation: Modules, the set C.refs). */
static void collect_refs(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    for (uint32_t i = 0; i + m->nglobal_imports < m->nglobals; i++)
        val_collect_refs(c, &m->globals[i].init);
    for (uint32_t i = 0; i < m->nelems; i++) {
        const bin_elem_t *e = &m->elems[i];
        for (uint32_t j = 0; j < e->count; j++) {
            if (e->exprs) val_collect_refs(c, &e->exprs[j]);
            else if (e->func_idxs[j] < m->nfuncs) val_declare(c, e->func_idxs[j]);
        }
    }
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_FUNC && m->exports[i].idx < m->nfuncs)
            val_declare(c, m->exports[i].idx);
}

/* ---- start and exports --------------------------------------------------- */

static bool check_start(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    if (!m->has_start) return true;
    if (m->start_func_idx >= m->nfuncs)
        return val_fail_idx(c, NO_OFFSET, "unknown function", true, m->start_func_idx,
                            "section 8 (start)");
    const bin_functype_t *ft = bin_func_type(m, m->start_func_idx);
    if (ft->nparams || ft->nresults)
        return val_fail_idx(c, NO_OFFSET, "start function must not have parameters or results",
                            false, 0, "section 8 (start), function %u", m->start_func_idx);
    return true;
}

static int cmp_export_names(const void *a, const void *b)
{
    const bin_export_t *x = *(const bin_export_t *const *)a, *y = *(const bin_export_t *const *)b;
    uint32_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int r = n ? memcmp(x->name, y->name, n) : 0;
    if (r) return r;
    return (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

static bool check_export_idx(val_ctx_t *c, uint32_t export_idx)
{
    static const char *const kinds[] = { "function", "table", "memory", "global", "tag" };
    const bin_module_t *m = c->m;
    const bin_export_t *ex = &m->exports[export_idx];
    uint32_t limit = ex->kind == EXT_FUNC ? m->nfuncs : ex->kind == EXT_TABLE ? m->ntables
                   : ex->kind == EXT_MEMORY ? m->nmemories : ex->kind == EXT_TAG ? m->ntags
                   : m->nglobals;
    char reason[32];
    if (ex->idx < limit) return true;
    snprintf(reason, sizeof reason, "unknown %s", kinds[ex->kind <= EXT_TAG ? ex->kind : 3]);
    return val_fail_idx(c, NO_OFFSET, reason, true, ex->idx, "section 7 (export), export %u \"%s\"",
                        export_idx, ex->name);
}

/* Export names are unique: sort pointers by name and compare neighbours. */
static bool check_exports(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    if (m->nexports == 0) return true;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (!check_export_idx(c, i)) return false;
    const bin_export_t **sorted = base_alloc_array(m->nexports, sizeof *sorted);
    if (!sorted) return out_of_memory(c);
    for (uint32_t i = 0; i < m->nexports; i++) sorted[i] = &m->exports[i];
    qsort(sorted, m->nexports, sizeof *sorted, cmp_export_names);
    bool ok = true;
    for (uint32_t i = 1; ok && i < m->nexports; i++)
        if (cmp_export_names(&sorted[i - 1], &sorted[i]) == 0)
            ok = val_fail_idx(c, NO_OFFSET, "duplicate export name", false, 0,
                              "section 7 (export), \"%s\"", sorted[i]->name);
    base_free(sorted);
    return ok;
}

/* ---- the module ---------------------------------------------------------- */

static bool check_module(val_ctx_t *c)
{
    const bin_module_t *m = c->m;
    if (!check_imports(c) || !check_func_types(c) || !check_tags(c) || !check_globals(c) ||
        !check_tables_memories(c))
        return false;
    for (uint32_t i = 0; i < m->nelems; i++)
        if (!check_elem(c, i)) return false;
    for (uint32_t i = 0; i < m->ndatas; i++)
        if (!check_data(c, i)) return false;
    collect_refs(c);
    for (uint32_t i = 0; i + m->nfunc_imports < m->nfuncs; i++)
        if (!val_func_body(c, i)) return false;
    if (!check_start(c) || !check_exports(c)) return false;
    if (m->nmemories > 1 && !(m->features & WASMCELL_FEATURE_MULTI_MEMORY))
        return val_fail_idx(c, NO_OFFSET, "multiple memories", false, 0, "section 5 (memory)");
    return true;
}

void val_ctx_fini(val_ctx_t *c)
{
    base_free(c->vals);
    base_free(c->ctrls);
    base_free(c->declared);
    base_free(c->local_set);
    base_free(c->inits);
    val_free_chunks(c);
    c->local_set = NULL;
    c->inits = NULL;
    c->vals = NULL;
    c->ctrls = NULL;
    c->declared = NULL;
}

bool val_module(const bin_module_t *m, base_diag_t *diag)
{
    val_ctx_t c = { .m = m, .diag = diag };
    c.declared = base_calloc((size_t)m->nfuncs / 8 + 1, 1);
    if (!c.declared) return out_of_memory(&c);
    bool ok = check_module(&c);
    val_ctx_fini(&c);
    return ok;
}
