/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* extern.c (api) — globals, memories and tables created by the host (each
 * in a store of its own that instances importing it join), and the
 * embedder's per-instance data. Host functions: linker.c. */
#include <string.h>
#include "../runtime/runtime.h"
#include "../base/alloc.h"

static bool is_valtype(wasmcell_valtype_t t)
{
    switch (t) {
    case WASMCELL_I32: case WASMCELL_I64: case WASMCELL_F32: case WASMCELL_F64:
    case WASMCELL_V128: case WASMCELL_FUNCREF: case WASMCELL_EXTERNREF: case WASMCELL_EXNREF:
        return true;
    }
    return false;
}

static void *misuse(wasmcell_error_t **error, const char *what)
{
    rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "%s", what));
    return NULL;
}

/* A new store holding `ext` with the host's handle; false (ext untouched)
 * when out of memory. */
static bool host_store_new(wasmcell_engine_t *engine, wasmcell_extern_t ext,
                           wasmcell_error_t **error)
{
    rt_store_t *s = rt_store_new(engine);
    if (s && rt_store_host(s, ext)) return true;
    base_free(s);
    rt_fail(error, &rt_error_nomem);
    return false;
}

/* The host's value as slots; a funcref made safe to keep in store s. */
static bool value_slots(rt_store_t *s, const wasmcell_val_t *v, uint64_t out[2])
{
    out[0] = out[1] = 0;
    switch (v->type) {
    case WASMCELL_I32: out[0] = (uint32_t)v->of.i32; return true;
    case WASMCELL_I64: out[0] = (uint64_t)v->of.i64; return true;
    case WASMCELL_F32: memcpy(out, &v->of.f32, 4); return true;
    case WASMCELL_F64: memcpy(out, &v->of.f64, 8); return true;
    case WASMCELL_V128: memcpy(out, v->of.v128, 16); return true;
    case WASMCELL_EXTERNREF: out[0] = (uintptr_t)v->of.externref; return true;
    /* NULL, or an exnref wasm handed out (exposed exceptions live as long as the engine) */
    case WASMCELL_EXNREF: out[0] = (uintptr_t)v->of.exnref; return true;
    case WASMCELL_FUNCREF: {
        bool ok;
        out[0] = (uintptr_t)rt_store_adopt_func(s, v->of.funcref, &ok);
        return ok;
    }
    }
    return false;
}

wasmcell_global_t *wasmcell_global_new(wasmcell_engine_t *engine, const wasmcell_val_t *value,
                                       int mutable_, wasmcell_error_t **error)
{
    if (!engine || !value || !is_valtype(value->type))
        return misuse(error, "wasmcell_global_new: NULL engine or value, or unknown value type");
    wasmcell_global_t *g = base_calloc(1, sizeof *g);
    if (!g) return rt_fail(error, &rt_error_nomem), NULL;
    g->type = (bin_valtype_t)value->type;
    g->mutable_ = mutable_ != 0;
    wasmcell_extern_t ext = {.kind = WASMCELL_EXTERN_GLOBAL, .of.global = g};
    if (!host_store_new(engine, ext, error)) {
        base_free(g);
        return NULL;
    }
    if (!value_slots(g->host_store, value, g->value)) {
        wasmcell_global_delete(g);
        return misuse(error, "wasmcell_global_new: a function of another engine");
    }
    return g;
}

static wasmcell_memory_t *memory_new(wasmcell_engine_t *engine, uint64_t min_pages,
                                     uint64_t max_pages, bool is64, wasmcell_error_t **error)
{
    if (!engine) return misuse(error, "wasmcell_memory_new: NULL engine");
    bool has_max = max_pages != WASMCELL_NO_MAX;
    uint64_t range = is64 ? 1ull << 48 : 65536;
    if (min_pages > range || (has_max && (max_pages > range || max_pages < min_pages)))
        return misuse(error, is64 ? "wasmcell_memory_new64: limits must be min <= max <= 2^48 pages"
                                  : "wasmcell_memory_new: limits must be min <= max <= 65536 pages");
    bin_memtype_t type = {.limits = {.min = min_pages, .max = has_max ? max_pages : 0,
                                     .has_max = has_max, .is64 = is64}};
    wasmcell_memory_t *mem = rt_memory_new(&type, &engine->config, error);
    if (!mem) return NULL;
    if (!host_store_new(engine, (wasmcell_extern_t){.kind = WASMCELL_EXTERN_MEMORY, .of.memory = mem},
                        error)) {
        rt_memory_delete(mem);
        return NULL;
    }
    return mem;
}

wasmcell_memory_t *wasmcell_memory_new(wasmcell_engine_t *engine, uint64_t min_pages,
                                       uint64_t max_pages, wasmcell_error_t **error)
{
    return memory_new(engine, min_pages, max_pages, false, error);
}

wasmcell_memory_t *wasmcell_memory_new64(wasmcell_engine_t *engine, uint64_t min_pages,
                                         uint64_t max_pages, wasmcell_error_t **error)
{
    return memory_new(engine, min_pages, max_pages, true, error);
}

static wasmcell_table_t *table_new(wasmcell_engine_t *engine, wasmcell_valtype_t elem_type,
                                   uint64_t min, uint64_t max, const wasmcell_val_t *init,
                                   bool is64, wasmcell_error_t **error)
{
    if (!engine || (elem_type != WASMCELL_FUNCREF && elem_type != WASMCELL_EXTERNREF))
        return misuse(error, "wasmcell_table_new: NULL engine or not a reference type");
    bool has_max = max != WASMCELL_NO_MAX;
    if (min > UINT32_MAX || (has_max && ((!is64 && max > UINT32_MAX) || max < min)))
        return misuse(error, "wasmcell_table_new: limits must be min <= max (< 2^32 unless a "
                             "64-bit table), min < 2^32");
    if (init && init->type != elem_type)
        return misuse(error, "wasmcell_table_new: init is not of the element type");
    bin_tabletype_t type = {.elem_type = (bin_valtype_t)elem_type,
                            .limits = {.min = min, .max = has_max ? max : 0, .has_max = has_max,
                                       .is64 = is64}};
    wasmcell_table_t *t = rt_table_new(&type, &engine->config, 0, error);
    if (!t) return NULL;
    if (!host_store_new(engine, (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE, .of.table = t},
                        error)) {
        rt_table_delete(t);
        return NULL;
    }
    uint64_t v[2];
    if (init && !value_slots(t->host_store, init, v)) {
        wasmcell_table_delete(t);
        return misuse(error, "wasmcell_table_new: init is a function of another engine");
    }
    for (uint64_t i = 0; init && i < t->size; i++) t->elems[i] = v[0];
    return t;
}

wasmcell_table_t *wasmcell_table_new(wasmcell_engine_t *engine, wasmcell_valtype_t elem_type,
                                     uint64_t min, uint64_t max, const wasmcell_val_t *init,
                                     wasmcell_error_t **error)
{
    return table_new(engine, elem_type, min, max, init, false, error);
}

wasmcell_table_t *wasmcell_table_new64(wasmcell_engine_t *engine, wasmcell_valtype_t elem_type,
                                       uint64_t min, uint64_t max, const wasmcell_val_t *init,
                                       wasmcell_error_t **error)
{
    return table_new(engine, elem_type, min, max, init, true, error);
}

/* Only host-created objects have a host handle to drop. */
void wasmcell_global_delete(wasmcell_global_t *global)
{
    if (global && !global->owner && global->host_store) rt_store_release(global->host_store);
}

void wasmcell_memory_delete(wasmcell_memory_t *memory)
{
    if (memory && !memory->owner && memory->host_store) rt_store_release(memory->host_store);
}

void wasmcell_table_delete(wasmcell_table_t *table)
{
    if (table && !table->owner && table->host_store) rt_store_release(table->host_store);
}

/* ---- instances: exports by kind, user data ------------------------------------- */

static bool export_of(wasmcell_instance_t *instance, const char *name,
                      wasmcell_extern_kind_t kind, wasmcell_extern_t *ext)
{
    return instance && name && rt_instance_export(instance, name, strlen(name), ext) &&
           ext->kind == kind;
}

wasmcell_table_t *wasmcell_instance_table(wasmcell_instance_t *instance, const char *name)
{
    wasmcell_extern_t ext;
    return export_of(instance, name, WASMCELL_EXTERN_TABLE, &ext) ? ext.of.table : NULL;
}

wasmcell_global_t *wasmcell_instance_global(wasmcell_instance_t *instance, const char *name)
{
    wasmcell_extern_t ext;
    return export_of(instance, name, WASMCELL_EXTERN_GLOBAL, &ext) ? ext.of.global : NULL;
}

void wasmcell_instance_set_data(wasmcell_instance_t *instance, void *data,
                                wasmcell_finalizer_t finalizer)
{
    if (!instance) return;
    instance->user_data = data;
    instance->user_finalizer = finalizer;
}

void *wasmcell_instance_data(const wasmcell_instance_t *instance)
{
    return instance ? instance->user_data : NULL;
}
