/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* link.c — import matching (the spec's "external typing" and "import
 * subtyping"): does an extern fit the type a module declares for an import? */
#include <string.h>
#include "runtime.h"

rt_instance_t *rt_extern_owner(const wasmcell_extern_t *ext)
{
    switch (ext->kind) {
    case WASMCELL_EXTERN_FUNC: return ext->of.func ? ext->of.func->inst : NULL;
    case WASMCELL_EXTERN_TABLE: return ext->of.table ? ext->of.table->owner : NULL;
    case WASMCELL_EXTERN_MEMORY: return ext->of.memory ? ext->of.memory->owner : NULL;
    case WASMCELL_EXTERN_GLOBAL: return ext->of.global ? ext->of.global->owner : NULL;
    case WASMCELL_EXTERN_TAG: return ext->of.tag ? ext->of.tag->owner : NULL;
    }
    return NULL;
}

static const char *kind_name(unsigned kind)
{
    static const char *const names[] = {"function", "table", "memory", "global", "tag"};
    return kind < 5 ? names[kind] : "unknown";
}

/* Limits subtyping: the actual {min, max} fits the declared one when it is
 * at least as large and, if a maximum is declared, has one no larger. */
static bool limits_match(uint64_t min, bool has_max, uint64_t max, const bin_limits_t *decl)
{
    if (min < decl->min) return false;
    if (!decl->has_max) return true;
    return has_max && max <= decl->max;
}

/* Types of the same engine compare by id (equivalence, rec groups
 * included); a host function of another engine by its value types, which
 * are then 2.0 types or abstract references. */
static bool functype_fits(const wasmcell_module_t *m, uint32_t type_idx, uint32_t sig_id,
                          const wasmcell_engine_t *engine, uint32_t np, const bin_valtype_t *params,
                          uint32_t nr, const bin_valtype_t *results)
{
    if (!engine || engine == m->engine) return sig_id == m->type_sig_ids[type_idx];
    const bin_functype_t *a = m->engine_types[type_idx];
    return a->nparams == np && a->nresults == nr &&
           (np == 0 || memcmp(a->params, params, np * sizeof *params) == 0) &&
           (nr == 0 || memcmp(a->results, results, nr * sizeof *results) == 0);
}

static wasmcell_error_t *incompatible(const bin_import_t *imp, const char *why)
{
    return rt_error_new(WASMCELL_ERR_LINK, "incompatible import type: \"%s\" \"%s\" (%s)",
                        imp->module, imp->name, why);
}

wasmcell_error_t *rt_link_check(const wasmcell_module_t *m, const bin_import_t *imp,
                                const wasmcell_extern_t *ext)
{
    if ((unsigned)ext->kind != imp->kind) {
        return rt_error_new(WASMCELL_ERR_LINK,
                            "incompatible import type: \"%s\" \"%s\" (expected a %s, got a %s)",
                            imp->module, imp->name, kind_name(imp->kind), kind_name(ext->kind));
    }
    rt_instance_t *owner = rt_extern_owner(ext);
    rt_store_t *store = rt_extern_store(ext);
    if ((owner && owner->module->engine != m->engine) ||
        (store && store->engine && store->engine != m->engine)) {
        return rt_error_new(WASMCELL_ERR_MISUSE, "import \"%s\" \"%s\" comes from another engine",
                            imp->module, imp->name);
    }
    switch (imp->kind) {
    case EXT_FUNC: {
        const wasmcell_func_t *f = ext->of.func;
        if (!f) return incompatible(imp, "NULL function");
        if (!functype_fits(m, imp->desc.type_idx, f->sig_id, f->engine, f->nparams, f->params,
                           f->nresults, f->results))
            return incompatible(imp, "function types differ");
        return NULL;
    }
    case EXT_TABLE: {
        const wasmcell_table_t *t = ext->of.table;
        if (!t) return incompatible(imp, "NULL table");
        if (t->elem_type != rt_module_vt(m, imp->desc.table.elem_type))
            return incompatible(imp, "element types differ");
        if (t->is64 != imp->desc.table.limits.is64)
            return incompatible(imp, "address types differ (i32 and i64 tables)");
        if (!limits_match(t->size, t->has_max, t->max, &imp->desc.table.limits))
            return incompatible(imp, "table limits do not match");
        return NULL;
    }
    case EXT_MEMORY: {
        const wasmcell_memory_t *mem = ext->of.memory;
        if (!mem) return incompatible(imp, "NULL memory");
        if (mem->is64 != imp->desc.memory.limits.is64)
            return incompatible(imp, "address types differ (i32 and i64 memories)");
        if (!limits_match(mem->pages, mem->has_max, mem->declared_max, &imp->desc.memory.limits))
            return incompatible(imp, "memory limits do not match");
        return NULL;
    }
    case EXT_GLOBAL: {
        const wasmcell_global_t *g = ext->of.global;
        if (!g) return incompatible(imp, "NULL global");
        /* Immutable globals are covariant; mutable ones must be equal. */
        bin_valtype_t want = rt_module_vt(m, imp->desc.global.type);
        if (g->mutable_ != imp->desc.global.mutable_ ||
            !(g->mutable_ ? g->type == want : rt_vt_match(g->type, want)))
            return incompatible(imp, "global types differ");
        return NULL;
    }
    case EXT_TAG: {
        const wasmcell_tag_t *t = ext->of.tag;
        if (!t) return incompatible(imp, "NULL tag");
        if (!functype_fits(m, imp->desc.tag_type_idx, t->sig_id, t->engine, t->type->nparams,
                           t->type->params, t->type->nresults, t->type->results))
            return incompatible(imp, "tag types differ");
        return NULL;
    }
    }
    return incompatible(imp, "unknown kind");
}

bool rt_value_fits(const wasmcell_val_t *v, bin_valtype_t t)
{
    if ((unsigned)v->type != vt_kind(t)) return false;
    if (!vt_is_ref(t)) return true;
    const void *ref = v->type == WASMCELL_FUNCREF     ? (const void *)v->of.funcref
                      : v->type == WASMCELL_EXTERNREF ? v->of.externref
                                                      : v->of.exnref;
    if (!ref) return vt_nullable(t);
    uint32_t sig_id;
    return !vt_type_idx(t, &sig_id) || ((const wasmcell_func_t *)ref)->sig_id == sig_id;
}
