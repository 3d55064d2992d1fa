/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* reflect — wasm_module_imports / wasm_module_exports: names and every
 * kind of extern type; the types of the live exports agree; copies. */
#include "check.h"

static int name_is(const wasm_name_t *name, const char *s) {
    return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

static void check_kinds(const wasm_valtype_vec_t *v, const wasm_valkind_t *kinds, size_t n) {
    CHECK(v->size == n);
    for (size_t i = 0; i < n; i++) CHECK(wasm_valtype_kind(v->data[i]) == kinds[i]);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "reflect.wasm");

    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    CHECK(imports.size == 3);
    for (size_t i = 0; i < 3; i++) CHECK(name_is(wasm_importtype_module(imports.data[i]), "host"));
    CHECK(name_is(wasm_importtype_name(imports.data[0]), "f"));
    CHECK(name_is(wasm_importtype_name(imports.data[2]), "t"));

    const wasm_externtype_t *et = wasm_importtype_type(imports.data[0]);
    CHECK(wasm_externtype_kind(et) == WASM_EXTERN_FUNC);
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(et);
    CHECK(ft != NULL && wasm_externtype_as_globaltype_const(et) == NULL);
    check_kinds(wasm_functype_params(ft), (wasm_valkind_t[]){WASM_I64}, 1);
    check_kinds(wasm_functype_results(ft), (wasm_valkind_t[]){WASM_F32, WASM_F64}, 2);

    et = wasm_importtype_type(imports.data[1]);
    const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(et);
    CHECK(gt && wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I32);
    CHECK(wasm_globaltype_mutability(gt) == WASM_VAR);

    et = wasm_importtype_type(imports.data[2]);
    const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(et);
    CHECK(tt && wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    CHECK(wasm_tabletype_limits(tt)->min == 1);
    CHECK(wasm_tabletype_limits(tt)->max == wasm_limits_max_default);


    /* a copied vector is deep and equal */
    wasm_importtype_vec_t copy;
    wasm_importtype_vec_copy(&copy, &imports);
    CHECK(copy.size == 3 && copy.data[0] != imports.data[0]);
    CHECK(name_is(wasm_importtype_name(copy.data[2]), "t"));
    CHECK(wasm_externtype_kind(wasm_importtype_type(copy.data[2])) == WASM_EXTERN_TABLE);
    wasm_importtype_vec_delete(&copy);
    wasm_importtype_vec_delete(&imports);

    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    CHECK(exports.size == 4);
    const char *names[] = {"func", "global", "table", "memory"};
    wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE,
                                 WASM_EXTERN_MEMORY};
    for (size_t i = 0; i < 4; i++) {
        CHECK(name_is(wasm_exporttype_name(exports.data[i]), names[i]));
        CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == kinds[i]);
    }
    ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
    check_kinds(wasm_functype_params(ft), (wasm_valkind_t[]){WASM_I32, WASM_F64, WASM_F32}, 3);
    check_kinds(wasm_functype_results(ft), (wasm_valkind_t[]){WASM_I32}, 1);
    gt = wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[1]));
    CHECK(wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F64);
    CHECK(wasm_globaltype_mutability(gt) == WASM_CONST);
    tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
    CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_EXTERNREF);
    CHECK(wasm_tabletype_limits(tt)->min == 0 && wasm_tabletype_limits(tt)->max == 50);
    const wasm_memorytype_t *mt =
        wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[3]));
    CHECK(mt && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 7);
    CHECK(wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[3])) == NULL);
    wasm_exporttype_vec_delete(&exports);

    /* constructed types read back */
    wasm_valtype_t *ps[2] = {wasm_valtype_new_i32(), wasm_valtype_new_externref()};
    wasm_valtype_vec_t params, results;
    wasm_valtype_vec_new(&params, 2, ps);
    wasm_valtype_vec_new_empty(&results);
    wasm_functype_t *made = wasm_functype_new(&params, &results);
    wasm_functype_t *made_copy = wasm_functype_copy(made);
    wasm_functype_delete(made);
    check_kinds(wasm_functype_params(made_copy), (wasm_valkind_t[]){WASM_I32, WASM_EXTERNREF}, 2);
    CHECK(wasm_functype_results(made_copy)->size == 0);
    CHECK(wasm_externtype_kind(wasm_functype_as_externtype(made_copy)) == WASM_EXTERN_FUNC);
    CHECK(wasm_valtype_is_ref(wasm_functype_params(made_copy)->data[1]));
    wasm_functype_delete(made_copy);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
