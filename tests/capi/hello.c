/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* hello — the smallest embedding: a host function imported by a module and
 * called once through the export "run"; the instance and module are deleted
 * before the call (the exported function keeps them alive). */
#include "check.h"

static int hello_calls;

static wasm_trap_t *hello(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    CHECK(args->size == 0 && results->size == 0);
    hello_calls++;
    printf("Hello, world!\n");
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "hello.wasm");

    wasm_functype_t *hello_type = wasm_functype_new_0_0();
    wasm_func_t *hello_func = wasm_func_new(store, hello_type, hello);
    wasm_functype_delete(hello_type);
    CHECK(hello_func != NULL);

    wasm_extern_t *externs[] = {wasm_func_as_extern(hello_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance != NULL && trap == NULL);
    wasm_func_delete(hello_func);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1);
    CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    const wasm_func_t *run = wasm_extern_as_func(exports.data[0]);
    CHECK(run != NULL);
    CHECK(wasm_func_param_arity(run) == 0 && wasm_func_result_arity(run) == 0);
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK(hello_calls == 1);
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK(hello_calls == 2);

    wasm_extern_vec_delete(&exports);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
