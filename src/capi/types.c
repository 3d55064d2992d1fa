/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* types.c — wasm.h's type descriptions (value, function, global, table,
 * memory, extern, import and export types) and their conversion from
 * wasmcell's. Function, global, table and memory types are views of one
 * struct wasm_externtype_t, so the as_externtype casts are free. */
#include "capi.h"

#include <string.h>

/* ---- value types ---- */

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind) {
    wasm_valtype_t *t = wasmcell_malloc(sizeof *t);
    if (t) t->kind = kind;
    return t;
}
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }
wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) { return wasm_valtype_new(t->kind); }
void wasm_valtype_delete(wasm_valtype_t *t) { wasmcell_free(t); }

wasm_valkind_t capi_valkind_from(wasmcell_valtype_t type) {
    switch (type) {
    case WASMCELL_I32: return WASM_I32;
    case WASMCELL_I64: return WASM_I64;
    case WASMCELL_F32: return WASM_F32;
    case WASMCELL_F64: return WASM_F64;
    case WASMCELL_FUNCREF: return WASM_FUNCREF;
    case WASMCELL_EXTERNREF: return WASM_EXTERNREF;
    case WASMCELL_EXNREF: return WASMCELL_WASM_EXNREF;
    case WASMCELL_V128: break;
    }
    return WASMCELL_WASM_V128;
}

int capi_valtype_to(wasm_valkind_t kind, wasmcell_valtype_t *out) {
    switch (kind) {
    case WASM_I32: *out = WASMCELL_I32; return 1;
    case WASM_I64: *out = WASMCELL_I64; return 1;
    case WASM_F32: *out = WASMCELL_F32; return 1;
    case WASM_F64: *out = WASMCELL_F64; return 1;
    case WASM_FUNCREF: *out = WASMCELL_FUNCREF; return 1;
    case WASM_EXTERNREF: *out = WASMCELL_EXTERNREF; return 1;
    default: return 0;
    }
}

/* ---- extern types and their views ---- */

static wasm_externtype_t *externtype_alloc(wasm_externkind_t kind) {
    wasm_externtype_t *t = capi_alloc_zeroed(sizeof *t);
    if (t) t->kind = kind;
    return t;
}

void wasm_externtype_delete(wasm_externtype_t *t) {
    if (!t) return;
    wasm_valtype_vec_delete(&t->params);
    wasm_valtype_vec_delete(&t->results);
    wasm_valtype_delete(t->content);
    wasmcell_free(t);
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t) {
    wasm_externtype_t *copy = externtype_alloc(t->kind);
    if (!copy) return NULL;
    wasm_valtype_vec_copy(&copy->params, &t->params);
    wasm_valtype_vec_copy(&copy->results, &t->results);
    copy->content = t->content ? wasm_valtype_copy(t->content) : NULL;
    copy->mutability = t->mutability;
    copy->limits = t->limits;
    if (copy->params.size != t->params.size || copy->results.size != t->results.size ||
        (t->content && !copy->content)) {
        wasm_externtype_delete(copy);
        return NULL;
    }
    return copy;
}

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

/* Each kind: delete and copy as an externtype, views checked by kind. */
#define CAPI_TYPE_VIEWS(name, KIND)                                                          \
    void wasm_##name##_delete(wasm_##name##_t *t) {                                          \
        wasm_externtype_delete((wasm_externtype_t *)t);                                      \
    }                                                                                        \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *t) {                          \
        return (wasm_##name##_t *)wasm_externtype_copy((const wasm_externtype_t *)t);        \
    }                                                                                        \
    wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) {                     \
        return (wasm_externtype_t *)t;                                                       \
    }                                                                                        \
    const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) {   \
        return (const wasm_externtype_t *)t;                                                 \
    }                                                                                        \
    wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t) {                       \
        return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;                           \
    }                                                                                        \
    const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t) {   \
        return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;                     \
    }

CAPI_TYPE_VIEWS(functype, WASM_EXTERN_FUNC)
CAPI_TYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
CAPI_TYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
CAPI_TYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

#define AS_EXTERNTYPE(t) ((const wasm_externtype_t *)(const void *)(t))

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_FUNC);
    if (!t) {
        wasm_valtype_vec_delete(params);
        wasm_valtype_vec_delete(results);
        return NULL;
    }
    t->params = *params; /* takes both vectors */
    t->results = *results;
    return (wasm_functype_t *)t;
}
const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) {
    return &AS_EXTERNTYPE(t)->params;
}
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) {
    return &AS_EXTERNTYPE(t)->results;
}

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mutability) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_GLOBAL);
    if (!t) {
        wasm_valtype_delete(content);
        return NULL;
    }
    t->content = content;
    t->mutability = mutability;
    return (wasm_globaltype_t *)t;
}
const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) {
    return AS_EXTERNTYPE(t)->content;
}
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) {
    return AS_EXTERNTYPE(t)->mutability;
}

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_TABLE);
    if (!t) {
        wasm_valtype_delete(element);
        return NULL;
    }
    t->content = element;
    t->limits = *limits;
    return (wasm_tabletype_t *)t;
}
const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) {
    return AS_EXTERNTYPE(t)->content;
}
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) {
    return &AS_EXTERNTYPE(t)->limits;
}

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_MEMORY);
    if (t) t->limits = *limits;
    return (wasm_memorytype_t *)t;
}
const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) {
    return &AS_EXTERNTYPE(t)->limits;
}

/* ---- from wasmcell's types ---- */

static wasm_valkind_t kind_of_letter(char c) {
    switch (c) {
    case 'i': return WASM_I32;
    case 'I': return WASM_I64;
    case 'f': return WASM_F32;
    case 'F': return WASM_F64;
    case 'r': return WASM_FUNCREF;
    case 'x': return WASM_EXTERNREF;
    case 'e': return WASMCELL_WASM_EXNREF;
    default: return WASMCELL_WASM_V128; /* 'v' */
    }
}

static char letter_of_kind(wasm_valkind_t kind) {
    switch (kind) {
    case WASM_I32: return 'i';
    case WASM_I64: return 'I';
    case WASM_F32: return 'f';
    case WASM_F64: return 'F';
    case WASM_FUNCREF: return 'r';
    case WASM_EXTERNREF: return 'x';
    default: return 0;
    }
}

/* The kinds spelled by letters [begin, end) as an owned valtype vector. */
static int valtypes_of_letters(wasm_valtype_vec_t *out, const char *begin, const char *end) {
    size_t n = (size_t)(end - begin);
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n) return 0;
    for (size_t i = 0; i < n; i++) {
        out->data[i] = wasm_valtype_new(kind_of_letter(begin[i]));
        if (!out->data[i]) return 0;
    }
    return 1;
}

/* Limits are 32-bit in wasm.h: larger values (64-bit tables and memories)
 * are clamped to the largest. */
static uint32_t clamp_u32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

wasm_externtype_t *capi_externtype_from(const wasmcell_externtype_t *type) {
    wasm_externtype_t *t = NULL;
    switch (type->kind) {
    case WASMCELL_EXTERN_FUNC: {
        t = externtype_alloc(WASM_EXTERN_FUNC);
        if (!t) return NULL;
        const char *sig = type->of.func.signature, *colon = strchr(sig, ':');
        if (!colon || !valtypes_of_letters(&t->params, sig, colon) ||
            !valtypes_of_letters(&t->results, colon + 1, colon + 1 + strlen(colon + 1))) {
            wasm_externtype_delete(t);
            return NULL;
        }
        return t;
    }
    case WASMCELL_EXTERN_GLOBAL:
        t = externtype_alloc(WASM_EXTERN_GLOBAL);
        if (!t) return NULL;
        t->content = wasm_valtype_new(capi_valkind_from(type->of.global.type));
        t->mutability = type->of.global.mutable_ ? WASM_VAR : WASM_CONST;
        break;
    case WASMCELL_EXTERN_TABLE:
        t = externtype_alloc(WASM_EXTERN_TABLE);
        if (!t) return NULL;
        t->content = wasm_valtype_new(capi_valkind_from(type->of.table.elem_type));
        t->limits.min = clamp_u32(type->of.table.min);
        t->limits.max = type->of.table.has_max ? clamp_u32(type->of.table.max)
                                               : wasm_limits_max_default;
        break;
    case WASMCELL_EXTERN_MEMORY:
        t = externtype_alloc(WASM_EXTERN_MEMORY);
        if (!t) return NULL;
        t->limits.min = clamp_u32(type->of.memory.min);
        t->limits.max = type->of.memory.has_max ? clamp_u32(type->of.memory.max)
                                                : wasm_limits_max_default;
        return t;
    case WASMCELL_EXTERN_TAG:
        return NULL; /* wasm.h has no tags: module.c and instance.c leave them out */
    }
    if (t && !t->content) {
        wasm_externtype_delete(t);
        return NULL;
    }
    return t;
}

int capi_signature_of(const wasm_externtype_t *functype, char *buf, size_t size) {
    size_t n = functype->params.size + functype->results.size + 2;
    if (n > size) return 0;
    char *p = buf;
    for (size_t i = 0; i < functype->params.size; i++)
        if (!(*p++ = letter_of_kind(functype->params.data[i]->kind))) return 0;
    *p++ = ':';
    for (size_t i = 0; i < functype->results.size; i++)
        if (!(*p++ = letter_of_kind(functype->results.data[i]->kind))) return 0;
    *p = '\0';
    return 1;
}

/* ---- import and export types ---- */

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                       wasm_externtype_t *type) {
    wasm_importtype_t *t = wasmcell_malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->module = *module;
    t->name = *name;
    t->type = type;
    return t;
}
void wasm_importtype_delete(wasm_importtype_t *t) {
    if (!t) return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    wasmcell_free(t);
}
wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t) {
    wasm_name_t module, name;
    wasm_name_copy(&module, &t->module);
    wasm_name_copy(&name, &t->name);
    return wasm_importtype_new(&module, &name, wasm_externtype_copy(t->type));
}
const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type) {
    wasm_exporttype_t *t = wasmcell_malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->name = *name;
    t->type = type;
    return t;
}
void wasm_exporttype_delete(wasm_exporttype_t *t) {
    if (!t) return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    wasmcell_free(t);
}
wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t) {
    wasm_name_t name;
    wasm_name_copy(&name, &t->name);
    return wasm_exporttype_new(&name, wasm_externtype_copy(t->type));
}
const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }
