/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* capi.h — the objects behind include/wasm.h and the helpers the src/capi
 * files share. The layer uses only the public headers (wasmcell.h).
 *
 * Every runtime object (func, global, table, memory — one struct, viewed as
 * wasm_extern_t or its kind —, trap, foreign, module, instance) starts with
 * a struct wasm_ref_t: a handle count (copy adds one, delete drops one; the
 * object is freed at zero) and the host info. Handles of exports hold the
 * instance that exports them, so deleting the instance first is safe.
 */
#ifndef WASMCELL_CAPI_H
#define WASMCELL_CAPI_H

#include <wasm.h>
#include <wasmcell.h>

typedef enum capi_ref_kind {
    CAPI_REF_EXTERN, /* func, global, table or memory: see wasm_extern_t */
    CAPI_REF_TRAP,
    CAPI_REF_FOREIGN,
    CAPI_REF_MODULE,
    CAPI_REF_INSTANCE,
} capi_ref_kind_t;

struct wasm_ref_t {
    capi_ref_kind_t kind;
    uint32_t handles; /* atomic: modules are shared between threads */
    void *host_info;
    void (*host_finalizer)(void *);
    void (*destroy)(struct wasm_ref_t *ref); /* frees the kind's own fields */
};

struct wasm_config_t {
    wasmcell_config_t config;
};

struct wasm_engine_t {
    wasmcell_engine_t *engine;
};

struct wasm_store_t {
    wasmcell_engine_t *engine;
};

struct wasm_module_t {
    struct wasm_ref_t ref;
    wasmcell_module_t *module;
    wasmcell_engine_t *engine;
};

struct wasm_shared_module_t {
    wasm_module_t *module; /* a handle of its own */
};

struct wasm_instance_t {
    struct wasm_ref_t ref;
    wasmcell_instance_t *instance;
    wasm_module_t *module;         /* a handle: exports are listed from it */
    wasm_instance_t **import_owners; /* instances whose exports it imported */
    size_t nimport_owners;
};

/* A function, global, table or memory. */
struct wasm_extern_t {
    struct wasm_ref_t ref;
    wasmcell_extern_t ext;
    wasmcell_engine_t *engine;
    wasm_instance_t *owner; /* handle of the instance it belongs to, or NULL */
    int host_made;          /* made by wasm_X_new: its wasmcell handle is ours */
};

struct wasm_trap_t {
    struct wasm_ref_t ref;
    char *message; /* NUL terminated */
    wasm_frame_t **frames;
    size_t nframes;
};

struct wasm_frame_t {
    wasm_instance_t *instance; /* a handle, or NULL */
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

struct wasm_foreign_t {
    struct wasm_ref_t ref;
};

struct wasm_valtype_t {
    wasm_valkind_t kind;
};

/* One struct for every kind of extern type: wasm_functype_t, ... are views. */
struct wasm_externtype_t {
    wasm_externkind_t kind;
    wasm_valtype_vec_t params, results; /* func */
    wasm_valtype_t *content;            /* global: value type; table: element */
    wasm_mutability_t mutability;       /* global */
    wasm_limits_t limits;               /* table, memory */
};

struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};

struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

/* ref.c */
void capi_ref_init(struct wasm_ref_t *ref, capi_ref_kind_t kind,
                   void (*destroy)(struct wasm_ref_t *ref));
struct wasm_ref_t *capi_ref_retain(const struct wasm_ref_t *ref);
void capi_ref_release(struct wasm_ref_t *ref);
wasm_instance_t *capi_instance_retain(wasm_instance_t *instance);
void capi_instance_release(wasm_instance_t *instance);

/* externs.c: a new handle for `ext`; `owner` (may be NULL) gets a handle. */
wasm_extern_t *capi_extern_new(wasmcell_engine_t *engine, wasmcell_extern_t ext,
                               wasm_instance_t *owner, int host_made);
/* A handle for a function wasm.h made with wasmcell_func_new (or, out of
 * memory, NULL and the function deleted). */
wasm_extern_t *capi_host_made_func(wasm_store_t *store, wasmcell_func_t *func);
static inline wasm_extern_t *capi_extern(const void *view) { return (wasm_extern_t *)view; }

/* types.c */
wasm_externtype_t *capi_externtype_from(const wasmcell_externtype_t *type);
/* The module's exports that wasm.h lists: all but tags (module.c). */
size_t capi_exports_without_tags(const wasmcell_module_t *m);
wasm_valkind_t capi_valkind_from(wasmcell_valtype_t type);
int capi_valtype_to(wasm_valkind_t kind, wasmcell_valtype_t *out);
/* The signature letters of wasmcell_func_new ("ii:i") for a function type;
 * 0 and a message when a kind has no letter. */
int capi_signature_of(const wasm_externtype_t *functype, char *buf, size_t size);

/* values.c: conversions; refs of results get new handles held by `owner`. */
int capi_val_to(const wasm_val_t *val, wasmcell_val_t *out);
void capi_val_from(const wasmcell_val_t *val, wasmcell_engine_t *engine, wasm_instance_t *owner,
                   wasm_val_t *out);

/* trap.c */
wasm_trap_t *capi_trap_new(const char *message);
/* A trap for `error` (consumed); frames point at `instance` (may be NULL). */
wasm_trap_t *capi_trap_from_error(wasmcell_error_t *error, wasm_instance_t *instance);

/* vec.c: zeroed memory from wasmcell_malloc (NULL when out of memory). */
void *capi_alloc_zeroed(size_t size);

#endif
