/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* global — host globals as imports and the module's exported globals:
 * types, wasm_global_get/set, and that wasm sees what the host set and the
 * other way round; setting an immutable global changes nothing. */
#include "check.h"

static wasm_extern_t *export_named(const wasm_module_t *module, wasm_extern_vec_t *exports,
                                   const char *name) {
    wasm_exporttype_vec_t types;
    wasm_module_exports(module, &types);
    CHECK(types.size == exports->size);
    wasm_extern_t *found = NULL;
    for (size_t i = 0; i < types.size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
        if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) found = exports->data[i];
    }
    wasm_exporttype_vec_delete(&types);
    CHECK(found != NULL);
    return found;
}

static wasm_val_t call0(const wasm_func_t *f) {
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
    CHECK(wasm_func_call(f, &args, &results) == NULL);
    return rs[0];
}

static void call1(const wasm_func_t *f, wasm_val_t v) {
    wasm_val_t as[1] = {v};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(f, &args, &results) == NULL);
}

static wasm_global_t *new_global(wasm_store_t *store, wasm_valkind_t kind, wasm_mutability_t mut,
                                 wasm_val_t v) {
    wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
    wasm_global_t *g = wasm_global_new(store, type, &v);
    wasm_globaltype_delete(type);
    CHECK(g != NULL);
    return g;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "global.wasm");

    wasm_global_t *cf = new_global(store, WASM_F32, WASM_CONST, (wasm_val_t)WASM_F32_VAL(1));
    wasm_global_t *ci = new_global(store, WASM_I64, WASM_CONST, (wasm_val_t)WASM_I64_VAL(2));
    wasm_global_t *vf = new_global(store, WASM_F32, WASM_VAR, (wasm_val_t)WASM_F32_VAL(3));
    wasm_global_t *vi = new_global(store, WASM_I64, WASM_VAR, (wasm_val_t)WASM_I64_VAL(4));
    /* a value of another kind than the type is refused */
    wasm_globaltype_t *i32_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t wrong = WASM_F64_VAL(1.5);
    CHECK(wasm_global_new(store, i32_type, &wrong) == NULL);
    wasm_globaltype_delete(i32_type);

    wasm_extern_t *externs[] = {wasm_global_as_extern(cf), wasm_global_as_extern(ci),
                                wasm_global_as_extern(vf), wasm_global_as_extern(vi)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);

    wasm_global_t *ecf = wasm_extern_as_global(export_named(module, &exports, "const f32"));
    wasm_global_t *eci = wasm_extern_as_global(export_named(module, &exports, "const i64"));
    wasm_global_t *evf = wasm_extern_as_global(export_named(module, &exports, "var f32"));
    wasm_global_t *evi = wasm_extern_as_global(export_named(module, &exports, "var i64"));
    CHECK(ecf && eci && evf && evi);
    CHECK(wasm_extern_as_func(export_named(module, &exports, "const f32")) == NULL);

    wasm_globaltype_t *t = wasm_global_type(evf);
    CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_F32);
    CHECK(wasm_globaltype_mutability(t) == WASM_VAR);
    wasm_globaltype_delete(t);
    t = wasm_global_type(eci);
    CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_I64);
    CHECK(wasm_globaltype_mutability(t) == WASM_CONST);
    wasm_globaltype_delete(t);

    wasm_val_t v;
    wasm_global_get(ecf, &v);
    CHECK(v.kind == WASM_F32 && v.of.f32 == 5);
    wasm_global_get(eci, &v);
    CHECK(v.kind == WASM_I64 && v.of.i64 == 6);
    wasm_global_get(evi, &v);
    CHECK(v.of.i64 == 8);

#define FUNC(name) wasm_extern_as_func(export_named(module, &exports, name))
    CHECK(call0(FUNC("get const f32 import")).of.f32 == 1);
    CHECK(call0(FUNC("get const i64 import")).of.i64 == 2);
    CHECK(call0(FUNC("get var f32 import")).of.f32 == 3);
    CHECK(call0(FUNC("get var i64 import")).of.i64 == 4);

    /* host writes, wasm reads */
    wasm_val_t nf = WASM_F32_VAL(33), ni = WASM_I64_VAL(34);
    wasm_global_set(vf, &nf);
    wasm_global_set(evi, &ni);
    CHECK(call0(FUNC("get var f32 import")).of.f32 == 33);
    CHECK(call0(FUNC("get var i64 export")).of.i64 == 34);
    /* wasm writes, host reads */
    call1(FUNC("set var i64 import"), (wasm_val_t)WASM_I64_VAL(73));
    call1(FUNC("set var f32 export"), (wasm_val_t)WASM_F32_VAL(77));
    wasm_global_get(vi, &v);
    CHECK(v.kind == WASM_I64 && v.of.i64 == 73);
    wasm_global_get(evf, &v);
    CHECK(v.kind == WASM_F32 && v.of.f32 == 77);
    /* an immutable global ignores set */
    wasm_val_t nc = WASM_I64_VAL(99);
    wasm_global_set(eci, &nc);
    wasm_global_get(eci, &v);
    CHECK(v.of.i64 == 6);
    wasm_global_set(ci, &nc);
    CHECK(call0(FUNC("get const i64 import")).of.i64 == 2);

    wasm_global_delete(cf);
    wasm_global_delete(ci);
    wasm_global_delete(vf);
    wasm_global_delete(vi);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
