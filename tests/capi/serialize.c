/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* serialize — a module serialized to a native-code artifact, deserialized
 * (in a new engine) and run; bytes that are no artifact are refused. */
#include "check.h"

static int32_t seen = -1;

static wasm_trap_t *hello(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    seen = args->data[0].of.i32;
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "serialize.wasm");
    wasm_byte_vec_t artifact;
    wasm_module_serialize(module, &artifact);
    CHECK(artifact.size > 0);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);

    engine = wasm_engine_new();
    store = wasm_store_new(engine);
    wasm_module_t *loaded = wasm_module_deserialize(store, &artifact);
    CHECK(loaded != NULL);
    /* a damaged artifact is refused, never run */
    artifact.data[artifact.size / 2] ^= 0x55;
    artifact.data[artifact.size - 1] ^= 0x55;
    CHECK(wasm_module_deserialize(store, &artifact) == NULL);
    wasm_byte_vec_t truncated = {artifact.size / 3, artifact.data};
    CHECK(wasm_module_deserialize(store, &truncated) == NULL);
    wasm_byte_vec_delete(&artifact);

    wasm_exporttype_vec_t types;
    wasm_module_exports(loaded, &types);
    CHECK(types.size == 1);
    wasm_exporttype_vec_delete(&types);

    wasm_functype_t *type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *f = wasm_func_new(store, type, hello);
    wasm_functype_delete(type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, loaded, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(f);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t as[1] = {WASM_I32_VAL(14)}, rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results) == NULL);
    CHECK(seen == 42 && rs[0].of.i32 == 15);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(loaded);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
