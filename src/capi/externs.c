/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* externs.c — wasm.h externals: one handle struct for functions, globals,
 * tables and memories (wasm_func_t, ... are views of wasm_extern_t), and
 * the global, table and memory operations over wasmcell's. Functions are in
 * func.c. */
#include "capi.h"

static void extern_destroy(struct wasm_ref_t *ref) {
    wasm_extern_t *e = (wasm_extern_t *)ref;
    if (e->host_made) {
        switch (e->ext.kind) {
        case WASMCELL_EXTERN_FUNC: wasmcell_func_delete(e->ext.of.func); break;
        case WASMCELL_EXTERN_GLOBAL: wasmcell_global_delete(e->ext.of.global); break;
        case WASMCELL_EXTERN_TABLE: wasmcell_table_delete(e->ext.of.table); break;
        case WASMCELL_EXTERN_MEMORY: wasmcell_memory_delete(e->ext.of.memory); break;
        case WASMCELL_EXTERN_TAG: break; /* wasm.h makes no tags */
        }
    }
    capi_instance_release(e->owner);
    wasmcell_free(e);
}

wasm_extern_t *capi_extern_new(wasmcell_engine_t *engine, wasmcell_extern_t ext,
                               wasm_instance_t *owner, int host_made) {
    wasm_extern_t *e = wasmcell_malloc(sizeof *e);
    if (!e) return NULL;
    capi_ref_init(&e->ref, CAPI_REF_EXTERN, extern_destroy);
    e->ext = ext;
    e->engine = engine;
    e->owner = capi_instance_retain(owner);
    e->host_made = host_made;
    return e;
}

/* wasm.h's extern kinds are numbered otherwise than wasmcell's. */
static wasm_externkind_t kind_from(wasmcell_extern_kind_t kind) {
    switch (kind) {
    case WASMCELL_EXTERN_FUNC: return WASM_EXTERN_FUNC;
    case WASMCELL_EXTERN_GLOBAL: return WASM_EXTERN_GLOBAL;
    case WASMCELL_EXTERN_TABLE: return WASM_EXTERN_TABLE;
    case WASMCELL_EXTERN_MEMORY: break;
    case WASMCELL_EXTERN_TAG: break; /* never listed (module.c, instance.c) */
    }
    return WASM_EXTERN_MEMORY;
}

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e) { return kind_from(e->ext.kind); }

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e) {
    wasmcell_externtype_t type;
    if (wasmcell_extern_type(&e->ext, &type) != WASMCELL_OK) return NULL;
    return capi_externtype_from(&type);
}

#define CAPI_EXTERN_VIEWS(name, KIND)                                                        \
    wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) { return (wasm_extern_t *)x; } \
    const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x) {           \
        return (const wasm_extern_t *)x;                                                     \
    }                                                                                        \
    wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e) {                               \
        return e && e->ext.kind == KIND ? (wasm_##name##_t *)e : NULL;                       \
    }                                                                                        \
    const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e) {           \
        return e && e->ext.kind == KIND ? (const wasm_##name##_t *)e : NULL;                 \
    }                                                                                        \
    wasm_##name##type_t *wasm_##name##_type(const wasm_##name##_t *x) {                      \
        return (wasm_##name##type_t *)wasm_extern_type((const wasm_extern_t *)x);            \
    }

CAPI_EXTERN_VIEWS(func, WASMCELL_EXTERN_FUNC)
CAPI_EXTERN_VIEWS(global, WASMCELL_EXTERN_GLOBAL)
CAPI_EXTERN_VIEWS(table, WASMCELL_EXTERN_TABLE)
CAPI_EXTERN_VIEWS(memory, WASMCELL_EXTERN_MEMORY)

static wasm_extern_t *host_made(wasm_store_t *store, wasmcell_extern_kind_t kind, void *object) {
    if (!object) return NULL;
    wasmcell_extern_t ext = {.kind = kind};
    switch (kind) {
    case WASMCELL_EXTERN_FUNC: ext.of.func = object; break;
    case WASMCELL_EXTERN_GLOBAL: ext.of.global = object; break;
    case WASMCELL_EXTERN_TABLE: ext.of.table = object; break;
    case WASMCELL_EXTERN_MEMORY: ext.of.memory = object; break;
    case WASMCELL_EXTERN_TAG: return NULL; /* wasm.h makes no tags */
    }
    wasm_extern_t *e = capi_extern_new(store->engine, ext, NULL, 1);
    if (!e) {
        /* out of memory: the object has no other owner */
        if (kind == WASMCELL_EXTERN_FUNC) wasmcell_func_delete(ext.of.func);
        else if (kind == WASMCELL_EXTERN_GLOBAL) wasmcell_global_delete(ext.of.global);
        else if (kind == WASMCELL_EXTERN_TABLE) wasmcell_table_delete(ext.of.table);
        else wasmcell_memory_delete(ext.of.memory);
    }
    return e;
}

/* ---- globals ---- */

wasm_global_t *wasm_global_new(wasm_store_t *store, const wasm_globaltype_t *type,
                               const wasm_val_t *val) {
    const wasm_valtype_t *content = wasm_globaltype_content(type);
    wasmcell_val_t v;
    if (val->kind != content->kind || !capi_val_to(val, &v)) return NULL;
    wasmcell_global_t *g = wasmcell_global_new(
        store->engine, &v, wasm_globaltype_mutability(type) == WASM_VAR, NULL);
    return wasm_extern_as_global(host_made(store, WASMCELL_EXTERN_GLOBAL, g));
}

void wasm_global_get(const wasm_global_t *global, wasm_val_t *out) {
    const wasm_extern_t *e = capi_extern(global);
    wasmcell_val_t v;
    if (wasmcell_global_get(e->ext.of.global, &v) != WASMCELL_OK) {
        *out = (wasm_val_t)WASM_INIT_VAL;
        return;
    }
    capi_val_from(&v, e->engine, e->owner, out);
}

void wasm_global_set(wasm_global_t *global, const wasm_val_t *val) {
    wasmcell_val_t v;
    if (capi_val_to(val, &v)) (void)wasmcell_global_set(capi_extern(global)->ext.of.global, &v);
}

/* ---- tables ---- */

static int ref_to(wasmcell_valtype_t elem_type, const wasm_ref_t *ref, wasmcell_val_t *out) {
    wasm_val_t v = {.kind = elem_type == WASMCELL_FUNCREF ? WASM_FUNCREF : WASM_EXTERNREF,
                    .of.ref = (wasm_ref_t *)ref};
    return capi_val_to(&v, out);
}

wasm_table_t *wasm_table_new(wasm_store_t *store, const wasm_tabletype_t *type, wasm_ref_t *init) {
    wasmcell_valtype_t elem;
    wasmcell_val_t init_val;
    const wasm_limits_t *limits = wasm_tabletype_limits(type);
    if (!capi_valtype_to(wasm_tabletype_element(type)->kind, &elem) ||
        (elem != WASMCELL_FUNCREF && elem != WASMCELL_EXTERNREF) ||
        !ref_to(elem, init, &init_val))
        return NULL;
    uint64_t max = limits->max == wasm_limits_max_default ? WASMCELL_NO_MAX : limits->max;
    wasmcell_table_t *t = wasmcell_table_new(store->engine, elem, limits->min, max,
                                             init ? &init_val : NULL, NULL);
    return wasm_extern_as_table(host_made(store, WASMCELL_EXTERN_TABLE, t));
}

wasm_ref_t *wasm_table_get(const wasm_table_t *table, wasm_table_size_t index) {
    const wasm_extern_t *e = capi_extern(table);
    wasmcell_val_t v;
    if (wasmcell_table_get(e->ext.of.table, index, &v) != WASMCELL_OK) return NULL;
    wasm_val_t out;
    capi_val_from(&v, e->engine, e->owner, &out);
    return out.of.ref;
}

bool wasm_table_set(wasm_table_t *table, wasm_table_size_t index, wasm_ref_t *ref) {
    wasmcell_table_t *t = capi_extern(table)->ext.of.table;
    wasmcell_val_t v;
    return ref_to(wasmcell_table_elem_type(t), ref, &v) &&
           wasmcell_table_set(t, index, &v) == WASMCELL_OK;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *table) {
    uint64_t size = wasmcell_table_size(capi_extern(table)->ext.of.table);
    return size > UINT32_MAX ? UINT32_MAX : (wasm_table_size_t)size;
}

bool wasm_table_grow(wasm_table_t *table, wasm_table_size_t delta, wasm_ref_t *init) {
    wasmcell_table_t *t = capi_extern(table)->ext.of.table;
    wasmcell_val_t v;
    uint64_t old_size;
    return ref_to(wasmcell_table_elem_type(t), init, &v) &&
           wasmcell_table_grow(t, delta, init ? &v : NULL, &old_size) == WASMCELL_OK;
}

/* ---- memories ---- */

wasm_memory_t *wasm_memory_new(wasm_store_t *store, const wasm_memorytype_t *type) {
    const wasm_limits_t *limits = wasm_memorytype_limits(type);
    uint64_t max = limits->max == wasm_limits_max_default ? WASMCELL_NO_MAX : limits->max;
    wasmcell_memory_t *m = wasmcell_memory_new(store->engine, limits->min, max, NULL);
    return wasm_extern_as_memory(host_made(store, WASMCELL_EXTERN_MEMORY, m));
}

byte_t *wasm_memory_data(wasm_memory_t *memory) {
    uint64_t size;
    return (byte_t *)wasmcell_memory_data(capi_extern(memory)->ext.of.memory, &size);
}

size_t wasm_memory_data_size(const wasm_memory_t *memory) {
    uint64_t size = 0;
    (void)wasmcell_memory_data(capi_extern(memory)->ext.of.memory, &size);
    return (size_t)size;
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *memory) {
    return (wasm_memory_pages_t)(wasm_memory_data_size(memory) / MEMORY_PAGE_SIZE);
}

bool wasm_memory_grow(wasm_memory_t *memory, wasm_memory_pages_t delta) {
    uint64_t old_pages;
    return wasmcell_memory_grow(capi_extern(memory)->ext.of.memory, delta, &old_pages) ==
           WASMCELL_OK;
}

wasm_extern_t *capi_host_made_func(wasm_store_t *store, wasmcell_func_t *func) {
    return host_made(store, WASMCELL_EXTERN_FUNC, func);
}
