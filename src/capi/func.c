/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* func.c — wasm.h functions: host functions (a wasm.h callback behind a
 * wasmcell_func_new trampoline that converts slots to wasm_val_t and back)
 * and calls into wasm (wasm_val_t to wasmcell_val_t and back, a failed call
 * becoming a trap). */
#include "capi.h"

#include <stdio.h>
#include <string.h>

/* What a host function made by wasm.h calls, owned by the wasmcell func
 * (freed by its finalizer). */
typedef struct capi_closure {
    wasm_func_callback_t callback;
    wasm_func_callback_with_env_t callback_with_env;
    void *env;
    void (*finalizer)(void *);
    wasm_externtype_t *type;
    wasmcell_engine_t *engine;
} capi_closure_t;

static void closure_finalize(void *data) {
    capi_closure_t *c = data;
    if (c->finalizer) c->finalizer(c->env);
    wasm_externtype_delete(c->type);
    wasmcell_free(c);
}

/* Slot `slot` (wasmcell_host_func_t's encoding) as a value of `kind`; a
 * funcref gets a new handle, which the caller deletes. */
static void val_of_slot(wasm_valkind_t kind, uint64_t slot, wasmcell_engine_t *engine,
                        wasm_val_t *out) {
    out->kind = kind;
    switch (kind) {
    case WASM_I32: out->of.i32 = (int32_t)(uint32_t)slot; break;
    case WASM_I64: out->of.i64 = (int64_t)slot; break;
    case WASM_F32: {
        uint32_t bits = (uint32_t)slot;
        memcpy(&out->of.f32, &bits, sizeof bits);
        break;
    }
    case WASM_F64: memcpy(&out->of.f64, &slot, sizeof slot); break;
    case WASM_FUNCREF: {
        wasmcell_extern_t ext = {.kind = WASMCELL_EXTERN_FUNC,
                                 .of.func = (wasmcell_func_t *)(uintptr_t)slot};
        out->of.ref = slot ? (wasm_ref_t *)capi_extern_new(engine, ext, NULL, 0) : NULL;
        break;
    }
    default: out->of.ref = (wasm_ref_t *)(uintptr_t)slot; break; /* externref: borrowed */
    }
}

/* A result as a slot; 0 when its kind is not `kind`. */
static int slot_of_val(wasm_valkind_t kind, const wasm_val_t *v, uint64_t *slot) {
    wasmcell_val_t w;
    if (v->kind != kind || !capi_val_to(v, &w)) return 0;
    switch (kind) {
    case WASM_I32: *slot = (uint32_t)v->of.i32; break;
    case WASM_I64: *slot = (uint64_t)v->of.i64; break;
    case WASM_F32: {
        uint32_t bits;
        memcpy(&bits, &v->of.f32, sizeof bits);
        *slot = bits;
        break;
    }
    case WASM_F64: memcpy(slot, &v->of.f64, sizeof *slot); break;
    case WASM_FUNCREF: *slot = (uint64_t)(uintptr_t)w.of.funcref; break;
    default: *slot = (uint64_t)(uintptr_t)w.of.externref; break;
    }
    return 1;
}

static wasmcell_error_t *trampoline(wasmcell_caller_t *caller, void *env, uint64_t *slots) {
    (void)caller;
    capi_closure_t *c = env;
    const wasm_valtype_vec_t *ptypes = &c->type->params, *rtypes = &c->type->results;
    wasm_val_vec_t args, results;
    wasm_val_vec_new_uninitialized(&args, ptypes->size);
    wasm_val_vec_new_uninitialized(&results, rtypes->size);
    if (args.size != ptypes->size || results.size != rtypes->size) {
        wasm_val_vec_delete(&args);
        wasm_val_vec_delete(&results);
        return wasmcell_error_new(WASMCELL_ERR_NOMEM, "out of memory calling a host function");
    }
    for (size_t i = 0; i < args.size; i++)
        val_of_slot(ptypes->data[i]->kind, slots[i], c->engine, &args.data[i]);
    for (size_t i = 0; i < results.size; i++) {
        results.data[i] = (wasm_val_t)WASM_INIT_VAL;
        results.data[i].kind = rtypes->data[i]->kind;
    }

    wasm_trap_t *trap = c->callback ? c->callback(&args, &results)
                                    : c->callback_with_env(c->env, &args, &results);
    wasmcell_error_t *error = NULL;
    if (trap) {
        error = wasmcell_trap_new(trap->message);
        wasm_trap_delete(trap);
    } else {
        for (size_t i = 0; i < results.size && !error; i++)
            if (!slot_of_val(rtypes->data[i]->kind, &results.data[i], &slots[i]))
                error = wasmcell_trap_new("host function returned a value of the wrong type");
    }
    /* externrefs of the arguments were borrowed, not handles of ours */
    for (size_t i = 0; i < args.size; i++)
        if (args.data[i].kind == WASM_EXTERNREF) args.data[i].of.ref = NULL;
    wasm_val_vec_delete(&args);
    wasm_val_vec_delete(&results);
    return error;
}

/* One of callback / callback_with_env is set. */
static wasm_func_t *func_new(wasm_store_t *store, const wasm_functype_t *type,
                             wasm_func_callback_t callback,
                             wasm_func_callback_with_env_t callback_with_env, void *env,
                             void (*finalizer)(void *)) {
    char sig[256];
    const wasm_externtype_t *ft = wasm_functype_as_externtype_const(type);
    if (!capi_signature_of(ft, sig, sizeof sig)) return NULL; /* v128 or > 254 types */
    capi_closure_t *c = capi_alloc_zeroed(sizeof *c);
    if (!c) return NULL;
    c->callback = callback;
    c->callback_with_env = callback_with_env;
    c->env = env;
    c->finalizer = finalizer;
    c->engine = store->engine;
    c->type = wasm_externtype_copy(ft);
    wasmcell_func_t *f =
        c->type ? wasmcell_func_new(store->engine, sig, trampoline, c, closure_finalize) : NULL;
    if (!f) {
        wasm_externtype_delete(c->type);
        wasmcell_free(c);
        return NULL;
    }
    return wasm_extern_as_func(capi_host_made_func(store, f));
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *store, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t callback, void *env,
                                    void (*finalizer)(void *)) {
    return func_new(store, type, NULL, callback, env, finalizer);
}

wasm_func_t *wasm_func_new(wasm_store_t *store, const wasm_functype_t *type,
                           wasm_func_callback_t callback) {
    return func_new(store, type, callback, NULL, NULL, NULL);
}

size_t wasm_func_param_arity(const wasm_func_t *func) {
    return wasmcell_func_param_count(capi_extern(func)->ext.of.func);
}
size_t wasm_func_result_arity(const wasm_func_t *func) {
    return wasmcell_func_result_count(capi_extern(func)->ext.of.func);
}

static wasm_trap_t *call_failure(const char *what, size_t index, size_t expected, size_t got) {
    char msg[160];
    snprintf(msg, sizeof msg, "wasm_func_call: %s %zu: expected %zu, got %zu", what, index,
             expected, got);
    return capi_trap_new(msg);
}

#define CAPI_MAX_INLINE_VALS 16

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
    const wasm_extern_t *e = capi_extern(func);
    wasmcell_func_t *f = e->ext.of.func;
    size_t np = wasmcell_func_param_count(f), nr = wasmcell_func_result_count(f);
    if (args->size != np) return call_failure("argument count", 0, np, args->size);
    wasmcell_val_t inline_vals[CAPI_MAX_INLINE_VALS], *vals = inline_vals;
    size_t nvals = np + nr;
    if (nvals > CAPI_MAX_INLINE_VALS) {
        vals = wasmcell_malloc(nvals * sizeof *vals);
        if (!vals) return capi_trap_new("out of memory");
    }
    wasmcell_val_t *params = vals, *rets = vals + np;
    wasm_trap_t *trap = NULL;
    for (size_t i = 0; i < np && !trap; i++) {
        wasm_valkind_t want = capi_valkind_from(wasmcell_func_param_type(f, i));
        if (args->data[i].kind != want || !capi_val_to(&args->data[i], &params[i]))
            trap = call_failure("kind of argument", i, want, args->data[i].kind);
    }
    wasmcell_error_t *error = NULL;
    if (!trap && wasmcell_func_call(f, params, np, rets, nr, &error) != WASMCELL_OK)
        trap = capi_trap_from_error(error, e->owner);
    if (!trap && results->size != nr) trap = call_failure("result count", 0, nr, results->size);
    for (size_t i = 0; i < nr && !trap; i++) capi_val_from(&rets[i], e->engine, e->owner, &results->data[i]);
    if (vals != inline_vals) wasmcell_free(vals);
    return trap;
}
