/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* ref.c — what every wasm.h reference shares: handle counting (copy,
 * delete), identity (same), host info with its finalizer, and the views
 * between wasm_ref_t and each kind; plus foreign objects. */
#include "capi.h"

void capi_ref_init(struct wasm_ref_t *ref, capi_ref_kind_t kind,
                   void (*destroy)(struct wasm_ref_t *ref)) {
    ref->kind = kind;
    ref->handles = 1;
    ref->host_info = NULL;
    ref->host_finalizer = NULL;
    ref->destroy = destroy;
}

struct wasm_ref_t *capi_ref_retain(const struct wasm_ref_t *ref) {
    struct wasm_ref_t *r = (struct wasm_ref_t *)ref;
    __atomic_fetch_add(&r->handles, 1, __ATOMIC_RELAXED);
    return r;
}

void capi_ref_release(struct wasm_ref_t *ref) {
    if (!ref || __atomic_sub_fetch(&ref->handles, 1, __ATOMIC_ACQ_REL) != 0) return;
    if (ref->host_finalizer) ref->host_finalizer(ref->host_info);
    ref->destroy(ref);
}

wasm_instance_t *capi_instance_retain(wasm_instance_t *instance) {
    if (instance) capi_ref_retain(&instance->ref);
    return instance;
}
void capi_instance_release(wasm_instance_t *instance) {
    if (instance) capi_ref_release(&instance->ref);
}

/* Two handles name the same object: externs compare the wasmcell object. */
static bool refs_same(const struct wasm_ref_t *a, const struct wasm_ref_t *b) {
    if (a == b) return true;
    if (!a || !b || a->kind != CAPI_REF_EXTERN || b->kind != CAPI_REF_EXTERN) return false;
    const wasm_extern_t *x = (const wasm_extern_t *)a, *y = (const wasm_extern_t *)b;
    return x->ext.kind == y->ext.kind && x->ext.of.func == y->ext.of.func;
}

static void set_host_info(struct wasm_ref_t *ref, void *info, void (*finalizer)(void *)) {
    ref->host_info = info;
    ref->host_finalizer = finalizer;
}

/* The reference functions of one kind; `is_kind` tells whether a generic
 * reference is one of them. */
#define CAPI_REF_BASE(name)                                                                  \
    void wasm_##name##_delete(wasm_##name##_t *x) { capi_ref_release((struct wasm_ref_t *)x); } \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *x) {                          \
        return (wasm_##name##_t *)capi_ref_retain((const struct wasm_ref_t *)x);             \
    }                                                                                        \
    bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) {            \
        return refs_same((const struct wasm_ref_t *)a, (const struct wasm_ref_t *)b);        \
    }                                                                                        \
    void *wasm_##name##_get_host_info(const wasm_##name##_t *x) {                            \
        return ((const struct wasm_ref_t *)x)->host_info;                                    \
    }                                                                                        \
    void wasm_##name##_set_host_info(wasm_##name##_t *x, void *info) {                       \
        set_host_info((struct wasm_ref_t *)x, info, NULL);                                   \
    }                                                                                        \
    void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *x, void *info,          \
                                                    void (*finalizer)(void *)) {             \
        set_host_info((struct wasm_ref_t *)x, info, finalizer);                              \
    }

#define CAPI_REF(name, is_kind)                                                              \
    CAPI_REF_BASE(name)                                                                      \
    wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *x) { return (wasm_ref_t *)x; }         \
    const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *x) {                 \
        return (const wasm_ref_t *)x;                                                        \
    }                                                                                        \
    wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r) {                                     \
        return r && is_kind(r) ? (wasm_##name##_t *)r : NULL;                                \
    }                                                                                        \
    const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r) {                 \
        return r && is_kind(r) ? (const wasm_##name##_t *)r : NULL;                          \
    }

static bool is_extern_of(const wasm_ref_t *r, wasmcell_extern_kind_t kind) {
    return r->kind == CAPI_REF_EXTERN && ((const wasm_extern_t *)r)->ext.kind == kind;
}
static bool is_func(const wasm_ref_t *r) { return is_extern_of(r, WASMCELL_EXTERN_FUNC); }
static bool is_global(const wasm_ref_t *r) { return is_extern_of(r, WASMCELL_EXTERN_GLOBAL); }
static bool is_table(const wasm_ref_t *r) { return is_extern_of(r, WASMCELL_EXTERN_TABLE); }
static bool is_memory(const wasm_ref_t *r) { return is_extern_of(r, WASMCELL_EXTERN_MEMORY); }
static bool is_extern(const wasm_ref_t *r) { return r->kind == CAPI_REF_EXTERN; }
static bool is_trap(const wasm_ref_t *r) { return r->kind == CAPI_REF_TRAP; }
static bool is_foreign(const wasm_ref_t *r) { return r->kind == CAPI_REF_FOREIGN; }
static bool is_module(const wasm_ref_t *r) { return r->kind == CAPI_REF_MODULE; }
static bool is_instance(const wasm_ref_t *r) { return r->kind == CAPI_REF_INSTANCE; }

CAPI_REF_BASE(ref)
CAPI_REF(func, is_func)
CAPI_REF(global, is_global)
CAPI_REF(table, is_table)
CAPI_REF(memory, is_memory)
CAPI_REF(extern, is_extern)
CAPI_REF(trap, is_trap)
CAPI_REF(foreign, is_foreign)
CAPI_REF(module, is_module)
CAPI_REF(instance, is_instance)

/* ---- foreign objects ---- */

static void foreign_destroy(struct wasm_ref_t *ref) { wasmcell_free(ref); }

wasm_foreign_t *wasm_foreign_new(wasm_store_t *store) {
    (void)store;
    wasm_foreign_t *f = wasmcell_malloc(sizeof *f);
    if (f) capi_ref_init(&f->ref, CAPI_REF_FOREIGN, foreign_destroy);
    return f;
}
