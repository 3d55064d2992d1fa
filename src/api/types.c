/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* types.c (api) — the declared types of a module's imports and exports,
 * and the types of live externs: function signatures (the engine's
 * interned "ii:i" strings), table and memory limits, global types and
 * mutability. */
#include "../runtime/runtime.h"

/* Signature id `id`'s string in engine e ("" when unknown). */
static const char *engine_signature(wasmcell_engine_t *e, uint32_t id)
{
    if (!e) return "";
    pthread_mutex_lock(&e->lock); /* sigs may be reallocated; the strings never move */
    const char *sig = id < e->nsigs ? e->sigs[id] : "";
    pthread_mutex_unlock(&e->lock);
    return sig;
}

/* The engine's signature string for the module's type `type_idx`. */
static const char *signature_of(const wasmcell_module_t *m, uint32_t type_idx)
{
    return engine_signature(m->engine, m->type_sig_ids[type_idx]);
}

static void func_type(const wasmcell_module_t *m, uint32_t type_idx, wasmcell_externtype_t *out)
{
    const bin_functype_t *t = &m->bin->types[type_idx];
    out->of.func.signature = signature_of(m, type_idx);
    out->of.func.nparams = t->nparams;
    out->of.func.nresults = t->nresults;
}

static void table_type(const bin_tabletype_t *t, wasmcell_externtype_t *out)
{
    out->of.table.elem_type = (wasmcell_valtype_t)vt_kind(t->elem_type);
    out->of.table.min = t->limits.min;
    out->of.table.max = t->limits.has_max ? t->limits.max : 0;
    out->of.table.has_max = t->limits.has_max;
    out->of.table.is64 = t->limits.is64;
}

static void memory_type(const bin_memtype_t *t, wasmcell_externtype_t *out)
{
    out->of.memory.min = t->limits.min;
    out->of.memory.max = t->limits.has_max ? t->limits.max : 0;
    out->of.memory.has_max = t->limits.has_max;
    out->of.memory.is64 = t->limits.is64;
}

static void tag_type(const wasmcell_module_t *m, uint32_t type_idx, wasmcell_externtype_t *out)
{
    out->of.tag.signature = signature_of(m, type_idx);
    out->of.tag.nparams = m->bin->types[type_idx].nparams;
}

static void global_type(const bin_globaltype_t *t, wasmcell_externtype_t *out)
{
    out->of.global.type = (wasmcell_valtype_t)vt_kind(t->type);
    out->of.global.mutable_ = t->mutable_;
}

wasmcell_status_t wasmcell_module_import_type(const wasmcell_module_t *module, size_t index,
                                              wasmcell_externtype_t *out)
{
    if (!module || !out) return WASMCELL_ERR_MISUSE;
    if (index >= module->bin->nimports) return WASMCELL_ERR_NOT_FOUND;
    const bin_import_t *imp = &module->bin->imports[index];
    *out = (wasmcell_externtype_t){.kind = (wasmcell_extern_kind_t)imp->kind};
    switch (imp->kind) {
    case EXT_FUNC: func_type(module, imp->desc.type_idx, out); break;
    case EXT_TABLE: table_type(&imp->desc.table, out); break;
    case EXT_MEMORY: memory_type(&imp->desc.memory, out); break;
    case EXT_GLOBAL: global_type(&imp->desc.global, out); break;
    case EXT_TAG: tag_type(module, imp->desc.tag_type_idx, out); break;
    }
    return WASMCELL_OK;
}

/* Index spaces list imports first, so an index below the import count is
 * an import's type and the rest are the module's own definitions. */
wasmcell_status_t wasmcell_module_export_type(const wasmcell_module_t *module, size_t index,
                                              wasmcell_externtype_t *out)
{
    if (!module || !out) return WASMCELL_ERR_MISUSE;
    const bin_module_t *bin = module->bin;
    if (index >= bin->nexports) return WASMCELL_ERR_NOT_FOUND;
    const bin_export_t *ex = &bin->exports[index];
    *out = (wasmcell_externtype_t){.kind = (wasmcell_extern_kind_t)ex->kind};
    switch (ex->kind) {
    case EXT_FUNC: func_type(module, bin->func_type_idxs[ex->idx], out); break;
    case EXT_TABLE: table_type(&bin->tables[ex->idx], out); break;
    case EXT_MEMORY: memory_type(&bin->memories[ex->idx], out); break;
    case EXT_GLOBAL:
        if (ex->idx < bin->nglobal_imports) {
            for (uint32_t i = 0, g = 0; i < bin->nimports; i++) {
                if (bin->imports[i].kind != EXT_GLOBAL) continue;
                if (g++ == ex->idx) global_type(&bin->imports[i].desc.global, out);
            }
        } else {
            global_type(&bin->globals[ex->idx - bin->nglobal_imports].type, out);
        }
        break;
    case EXT_TAG: tag_type(module, bin->tag_type_idxs[ex->idx], out); break;
    }
    return WASMCELL_OK;
}

/* A live object's type, as wasm-c-api's wasm_*_type: current sizes as the
 * minimum, the declared maximum. */
wasmcell_status_t wasmcell_extern_type(const wasmcell_extern_t *ext, wasmcell_externtype_t *out)
{
    if (!ext || !out) return WASMCELL_ERR_MISUSE;
    *out = (wasmcell_externtype_t){.kind = ext->kind};
    switch (ext->kind) {
    case WASMCELL_EXTERN_FUNC: {
        const wasmcell_func_t *f = ext->of.func;
        if (!f) return WASMCELL_ERR_MISUSE;
        out->of.func.signature = engine_signature(rt_func_engine(f), f->sig_id);
        out->of.func.nparams = f->nparams;
        out->of.func.nresults = f->nresults;
        return WASMCELL_OK;
    }
    case WASMCELL_EXTERN_TABLE: {
        const wasmcell_table_t *t = ext->of.table;
        if (!t) return WASMCELL_ERR_MISUSE;
        out->of.table.elem_type = (wasmcell_valtype_t)vt_kind(t->elem_type);
        out->of.table.min = t->size;
        out->of.table.max = t->has_max ? t->max : 0;
        out->of.table.has_max = t->has_max;
        out->of.table.is64 = t->is64;
        return WASMCELL_OK;
    }
    case WASMCELL_EXTERN_MEMORY: {
        const wasmcell_memory_t *m = ext->of.memory;
        if (!m) return WASMCELL_ERR_MISUSE;
        out->of.memory.min = m->pages;
        out->of.memory.max = m->has_max ? m->declared_max : 0;
        out->of.memory.has_max = m->has_max;
        out->of.memory.is64 = m->is64;
        return WASMCELL_OK;
    }
    case WASMCELL_EXTERN_GLOBAL: {
        const wasmcell_global_t *g = ext->of.global;
        if (!g) return WASMCELL_ERR_MISUSE;
        out->of.global.type = (wasmcell_valtype_t)vt_kind(g->type);
        out->of.global.mutable_ = g->mutable_;
        return WASMCELL_OK;
    }
    case WASMCELL_EXTERN_TAG: {
        const wasmcell_tag_t *t = ext->of.tag;
        if (!t) return WASMCELL_ERR_MISUSE;
        out->of.tag.signature = wasmcell_tag_signature(t);
        out->of.tag.nparams = t->type->nparams;
        return WASMCELL_OK;
    }
    }
    return WASMCELL_ERR_MISUSE;
}
