/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* hostref — foreign objects as externref: into wasm and back out as the
 * same object (host info intact), through a host function, a table (from
 * wasm and from the API) and a global; null references. */
#include "check.h"

static int echoes;

static wasm_trap_t *echo(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    CHECK(args->data[0].kind == WASM_EXTERNREF);
    echoes++;
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_extern_vec_t exports;

static const wasm_func_t *fn(size_t i) {
    CHECK(i < exports.size);
    const wasm_func_t *f = wasm_extern_as_func(exports.data[i]);
    CHECK(f != NULL);
    return f;
}

/* f(args) with one result: the result (owned). */
static wasm_val_t call(const wasm_func_t *f, wasm_val_t *as, size_t nargs) {
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {nargs, as}, results = {wasm_func_result_arity(f), rs};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    CHECK(trap == NULL);
    return rs[0];
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "hostref.wasm");
    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
    wasm_func_t *echo_func = wasm_func_new(store, type, echo);
    wasm_functype_delete(type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(echo_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(echo_func);
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 8);
    const wasm_func_t *id = fn(2), *via_host = fn(3), *store_fn = fn(4), *load = fn(5),
                      *set_global = fn(6), *is_null = fn(7);
    wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
    wasm_global_t *global = wasm_extern_as_global(exports.data[1]);
    CHECK(table && global);

    int marker = 0;
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info(foreign, &marker);
    wasm_ref_t *ref = wasm_foreign_as_ref(foreign);

    /* through a parameter and a result, and through the host */
    wasm_val_t arg = WASM_REF_VAL(ref);
    wasm_val_t r = call(id, &arg, 1);
    CHECK(r.kind == WASM_EXTERNREF && r.of.ref != NULL && wasm_ref_same(r.of.ref, ref));
    CHECK(wasm_ref_get_host_info(r.of.ref) == &marker);
    wasm_val_delete(&r);
    r = call(via_host, &arg, 1);
    CHECK(echoes == 1 && r.of.ref && wasm_ref_same(r.of.ref, ref));
    wasm_val_delete(&r);
    wasm_val_t null_arg = WASM_REF_VAL(NULL);
    r = call(id, &null_arg, 1);
    CHECK(r.kind == WASM_EXTERNREF && r.of.ref == NULL);
    r = call(is_null, &null_arg, 1);
    CHECK(r.kind == WASM_I32 && r.of.i32 == 1);
    r = call(is_null, &arg, 1);
    CHECK(r.of.i32 == 0);

    /* a table: stored by wasm, read by the API; stored by the API, read by wasm */
    wasm_val_t st[2] = {WASM_I32_VAL(1), WASM_REF_VAL(ref)};
    wasm_val_vec_t st_args = WASM_ARRAY_VEC(st), none = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(store_fn, &st_args, &none) == NULL);
    wasm_ref_t *got = wasm_table_get(table, 1);
    CHECK(got && wasm_ref_same(got, ref));
    wasm_ref_delete(got);
    CHECK(wasm_table_get(table, 0) == NULL);
    CHECK(wasm_table_set(table, 0, ref));
    wasm_val_t idx = WASM_I32_VAL(0);
    r = call(load, &idx, 1);
    CHECK(r.of.ref && wasm_ref_same(r.of.ref, ref));
    wasm_val_delete(&r);
    /* grow fills the new elements with the reference */
    CHECK(wasm_table_grow(table, 2, ref) && wasm_table_size(table) == 4);
    got = wasm_table_get(table, 3);
    CHECK(got && wasm_ref_same(got, ref));
    wasm_ref_delete(got);

    /* a global */
    wasm_val_t g;
    wasm_global_get(global, &g);
    CHECK(g.kind == WASM_EXTERNREF && g.of.ref == NULL);
    call(set_global, &arg, 1);
    wasm_global_get(global, &g);
    CHECK(g.of.ref && wasm_ref_same(g.of.ref, ref));
    wasm_val_delete(&g);
    wasm_global_set(global, &null_arg);
    wasm_global_get(global, &g);
    CHECK(g.of.ref == NULL);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_foreign_delete(foreign);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
