/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* callback — host functions with arguments, results and an environment:
 * run(x, y) = print(x + y) + closure(), where print returns its argument
 * and closure returns the integer its environment points at. */
#include "check.h"

static int32_t printed = -1;

static wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
    CHECK(results->size == 1 && results->data[0].kind == WASM_I32);
    printed = args->data[0].of.i32;
    printf("print: %d\n", printed);
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_trap_t *closure_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    CHECK(args->size == 0 && results->size == 1);
    int32_t *value = env;
    (*value)++; /* the environment is the host's: the callback may change it */
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = *value;
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "callback.wasm");

    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *print_func = wasm_func_new(store, print_type, print_callback);
    wasm_functype_delete(print_type);
    int32_t env_value = 41;
    wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *closure_func = wasm_func_new_with_env(store, closure_type, closure_callback, &env_value, NULL);
    wasm_functype_delete(closure_type);
    CHECK(print_func && closure_func);
    CHECK(wasm_func_param_arity(print_func) == 1 && wasm_func_result_arity(print_func) == 1);

    /* the host function's type reads back as it was made */
    wasm_functype_t *t = wasm_func_type(print_func);
    CHECK(t && wasm_functype_params(t)->size == 1 && wasm_functype_results(t)->size == 1);
    CHECK(wasm_valtype_kind(wasm_functype_params(t)->data[0]) == WASM_I32);
    wasm_functype_delete(t);

    wasm_extern_t *externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(closure_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(print_func);
    wasm_func_delete(closure_func);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1);
    const wasm_func_t *run = wasm_extern_as_func(exports.data[0]);
    CHECK(run != NULL);

    wasm_val_t as[2] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK(printed == 7);
    CHECK(rs[0].kind == WASM_I32 && rs[0].of.i32 == 7 + 42);
    CHECK(env_value == 42);
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK(rs[0].of.i32 == 7 + 43);

    /* wrong argument kinds and counts trap instead of running */
    wasm_val_t bad[2] = {WASM_I64_VAL(3), WASM_I32_VAL(4)};
    wasm_val_vec_t bad_args = WASM_ARRAY_VEC(bad);
    wasm_trap_t *trap = wasm_func_call(run, &bad_args, &results);
    CHECK(trap != NULL);
    CHECK(strstr(trap_text(trap), "argument") != NULL);
    wasm_val_vec_t no_args = WASM_EMPTY_VEC;
    trap = wasm_func_call(run, &no_args, &results);
    CHECK(trap != NULL);
    CHECK(strstr(trap_text(trap), "argument count") != NULL);
    CHECK(env_value == 43);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
