/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* values.c — wasm_val_t: copy, delete, and conversion to and from
 * wasmcell_val_t. A funcref is a wasm_func_t handle; an externref is any
 * wasm.h reference (a foreign object, typically), passed into wasm as its
 * pointer: the host keeps a handle of it while wasm may hold it. */
#include "capi.h"

void wasm_val_delete(wasm_val_t *v) {
    if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
        wasm_ref_delete(v->of.ref);
        v->of.ref = NULL;
    }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v) {
    *out = *v;
    if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}

int capi_val_to(const wasm_val_t *val, wasmcell_val_t *out) {
    if (!capi_valtype_to(val->kind, &out->type)) return 0;
    switch (val->kind) {
    case WASM_I32: out->of.i32 = val->of.i32; return 1;
    case WASM_I64: out->of.i64 = val->of.i64; return 1;
    case WASM_F32: out->of.f32 = val->of.f32; return 1;
    case WASM_F64: out->of.f64 = val->of.f64; return 1;
    case WASM_FUNCREF: {
        const wasm_ref_t *r = val->of.ref;
        const wasm_func_t *f = r ? wasm_ref_as_func_const(r) : NULL;
        if (r && !f) return 0; /* not a function */
        out->of.funcref = f ? capi_extern(f)->ext.of.func : NULL;
        return 1;
    }
    default: /* WASM_EXTERNREF */
        out->of.externref = val->of.ref;
        return 1;
    }
}

void capi_val_from(const wasmcell_val_t *val, wasmcell_engine_t *engine, wasm_instance_t *owner,
                   wasm_val_t *out) {
    out->kind = capi_valkind_from(val->type);
    switch (val->type) {
    case WASMCELL_I32: out->of.i32 = val->of.i32; break;
    case WASMCELL_I64: out->of.i64 = val->of.i64; break;
    case WASMCELL_F32: out->of.f32 = val->of.f32; break;
    case WASMCELL_F64: out->of.f64 = val->of.f64; break;
    case WASMCELL_FUNCREF: {
        wasmcell_extern_t ext = {.kind = WASMCELL_EXTERN_FUNC, .of.func = val->of.funcref};
        out->of.ref = val->of.funcref
                          ? wasm_func_as_ref(wasm_extern_as_func(capi_extern_new(engine, ext, owner, 0)))
                          : NULL;
        break;
    }
    case WASMCELL_EXTERNREF:
        out->of.ref = val->of.externref ? wasm_ref_copy(val->of.externref) : NULL;
        break;
    case WASMCELL_V128: /* never passed: calls refuse v128 and exnref */
    case WASMCELL_EXNREF: out->of.i64 = 0; break;
    }
}
