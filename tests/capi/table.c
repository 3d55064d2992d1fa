/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* table — an exported funcref table: size, get (null and functions), set
 * (to an export and to a host function), grow up to the maximum, and
 * call_indirect seeing each change; plus a table made by the host. */
#include "check.h"

static wasm_trap_t *negate(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = -args->data[0].of.i32;
    return NULL;
}

/* call_indirect(arg, index): its result, or the trap's message in *text. */
static int32_t call_indirect(const wasm_func_t *f, int32_t arg, int32_t index, const char **text) {
    wasm_val_t as[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    *text = trap ? trap_text(trap) : NULL;
    return trap ? 0 : rs[0].of.i32;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "table.wasm");
    wasm_instance_t *instance = wasm_instance_new(store, module, NULL, NULL);
    CHECK(instance != NULL);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 4);
    wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
    const wasm_func_t *ci = wasm_extern_as_func(exports.data[1]);
    wasm_func_t *id = wasm_extern_as_func(exports.data[2]);
    wasm_func_t *k666 = wasm_extern_as_func(exports.data[3]);
    CHECK(table && ci && id && k666);

    wasm_tabletype_t *tt = wasm_table_type(table);
    CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 10);
    wasm_tabletype_delete(tt);
    CHECK(wasm_table_size(table) == 2);

    /* get: element 0 is null, element 1 is $id (the same function as the export) */
    CHECK(wasm_table_get(table, 0) == NULL);
    wasm_ref_t *r1 = wasm_table_get(table, 1);
    CHECK(r1 != NULL && wasm_ref_as_func(r1) != NULL);
    CHECK(wasm_func_same(wasm_ref_as_func(r1), id));
    CHECK(!wasm_func_same(wasm_ref_as_func(r1), k666));
    CHECK(wasm_table_get(table, 2) == NULL); /* out of range */
    wasm_ref_delete(r1);

    const char *text;
    CHECK(call_indirect(ci, 7, 1, &text) == 7 && text == NULL);
    call_indirect(ci, 7, 0, &text);
    CHECK(text && strstr(text, "uninitialized element"));
    call_indirect(ci, 7, 2, &text);
    CHECK(text && strstr(text, "undefined element"));

    /* set: an export, a host function */
    CHECK(wasm_table_set(table, 0, wasm_func_as_ref(k666)));
    CHECK(call_indirect(ci, 7, 0, &text) == 666);
    wasm_functype_t *neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *neg = wasm_func_new(store, neg_type, negate);
    wasm_functype_delete(neg_type);
    CHECK(wasm_table_set(table, 1, wasm_func_as_ref(neg)));
    wasm_func_delete(neg); /* the table keeps it */
    CHECK(call_indirect(ci, 7, 1, &text) == -7);
    CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(id)));
    CHECK(wasm_table_set(table, 1, NULL));
    call_indirect(ci, 7, 1, &text);
    CHECK(text && strstr(text, "uninitialized element"));

    /* grow: filled with the init reference, up to the maximum */
    CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(id)));
    CHECK(wasm_table_size(table) == 5);
    CHECK(call_indirect(ci, 9, 4, &text) == 9);
    CHECK(wasm_table_grow(table, 5, NULL));
    CHECK(wasm_table_size(table) == 10);
    CHECK(wasm_table_get(table, 9) == NULL);
    CHECK(!wasm_table_grow(table, 1, NULL));
    CHECK(wasm_table_size(table) == 10);

    /* a table of the host's */
    wasm_limits_t limits = {5, 5};
    wasm_tabletype_t *type = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_table_t *own_table = wasm_table_new(store, type, NULL);
    wasm_tabletype_delete(type);
    CHECK(own_table != NULL);
    CHECK(wasm_table_size(own_table) == 5 && wasm_table_get(own_table, 4) == NULL);
    CHECK(wasm_table_set(own_table, 4, wasm_func_as_ref(id)));
    wasm_ref_t *got = wasm_table_get(own_table, 4);
    CHECK(got && wasm_func_same(wasm_ref_as_func(got), id));
    wasm_ref_delete(got);
    CHECK(!wasm_table_grow(own_table, 1, NULL));
    wasm_table_delete(own_table);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
