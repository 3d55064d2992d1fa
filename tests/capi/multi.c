/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* multi — a host function with four parameters and four results that
 * reverses them; wasm swaps the middle two on the way in. */
#include "check.h"

static wasm_trap_t *reverse(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    CHECK(args->size == 4 && results->size == 4);
    for (size_t i = 0; i < 4; i++) {
        CHECK(results->data[i].kind == args->data[3 - i].kind);
        wasm_val_copy(&results->data[i], &args->data[3 - i]);
    }
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "multi.wasm");

    wasm_valtype_t *ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                             wasm_valtype_new_i64(), wasm_valtype_new_i32()};
    wasm_valtype_t *rs[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                             wasm_valtype_new_i64(), wasm_valtype_new_i32()};
    wasm_valtype_vec_t params, results;
    wasm_valtype_vec_new(&params, 4, ps);
    wasm_valtype_vec_new(&results, 4, rs);
    wasm_functype_t *type = wasm_functype_new(&params, &results);
    wasm_func_t *f = wasm_func_new(store, type, reverse);
    wasm_functype_delete(type);
    CHECK(f != NULL);

    wasm_extern_t *externs[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(f);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *g = wasm_extern_as_func(exports.data[0]);
    CHECK(g && wasm_func_result_arity(g) == 4);

    wasm_val_t as[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(INT64_C(-3000000000000)),
                        WASM_I32_VAL(-4)};
    wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), res = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(g, &args, &res) == NULL);
    /* in: 1, -3e12, 2, -4 (swapped); reversed: -4, 2, -3e12, 1 */
    CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == -4);
    CHECK(out[1].kind == WASM_I64 && out[1].of.i64 == 2);
    CHECK(out[2].kind == WASM_I64 && out[2].of.i64 == INT64_C(-3000000000000));
    CHECK(out[3].kind == WASM_I32 && out[3].of.i32 == 1);
    /* too few result slots: a trap, not an overflow */
    wasm_val_vec_t short_res = {2, out};
    wasm_trap_t *trap = wasm_func_call(g, &args, &short_res);
    CHECK(trap != NULL && strstr(trap_text(trap), "result count") != NULL);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
