/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* finalize — finalizers run exactly once when the last handle is gone:
 * host info of many instances (some outliving their handle through an
 * export), of a foreign object and a module copy, and the environment of
 * host functions. */
#include "check.h"

enum { INSTANCES = 500 };

static int finalized[INSTANCES + 8];
static int finalize_count;

static void finalize(void *data) {
    int i = (int)(intptr_t)data;
    CHECK(i >= 0 && i < INSTANCES + 8);
    finalized[i]++;
    finalize_count++;
}

static int calls;
static wasm_trap_t *h(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    calls++;
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "finalize.wasm");

    wasm_functype_t *type = wasm_functype_new_0_0();
    /* the function's environment is finalized with the last instance using it */
    wasm_func_t *hf = wasm_func_new_with_env(store, type, h, (void *)(intptr_t)(INSTANCES + 1), finalize);
    wasm_functype_delete(type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(hf)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);

    wasm_extern_vec_t kept; /* the exports of instance 7, kept past its delete */
    for (int i = 0; i < INSTANCES; i++) {
        wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
        CHECK(instance != NULL);
        wasm_instance_set_host_info_with_finalizer(instance, (void *)(intptr_t)i, finalize);
        CHECK(wasm_instance_get_host_info(instance) == (void *)(intptr_t)i);
        if (i == 7) wasm_instance_exports(instance, &kept);
        if (i % 3 == 0) { /* a second handle: finalized after both are deleted */
            wasm_instance_t *copy = wasm_instance_copy(instance);
            CHECK(wasm_instance_same(copy, instance));
            wasm_instance_delete(instance);
            CHECK(finalized[i] == 0);
            instance = copy;
        }
        wasm_instance_delete(instance);
        CHECK(finalized[i] == (i == 7 ? 0 : 1));
    }
    CHECK(finalize_count == INSTANCES - 1);

    /* instance 7 lives while its exports do */
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(wasm_extern_as_func(kept.data[0]), &none, &none) == NULL);
    CHECK(calls == 1);
    wasm_extern_vec_delete(&kept);
    CHECK(finalized[7] == 1 && finalize_count == INSTANCES);

    /* the host function: the instances are gone, the handle remains */
    CHECK(finalized[INSTANCES + 1] == 0);
    wasm_func_delete(hf);
    CHECK(finalized[INSTANCES + 1] == 1);

    /* a foreign object, replaced host info, a module */
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, (void *)(intptr_t)(INSTANCES + 2), finalize);
    wasm_ref_t *as_ref = wasm_foreign_as_ref(foreign);
    CHECK(wasm_ref_as_foreign(as_ref) == foreign && wasm_ref_as_func(as_ref) == NULL);
    wasm_foreign_delete(foreign);
    CHECK(finalized[INSTANCES + 2] == 1);

    wasm_module_t *copy = wasm_module_copy(module);
    wasm_module_set_host_info_with_finalizer(copy, (void *)(intptr_t)(INSTANCES + 3), finalize);
    wasm_module_delete(module);
    CHECK(finalized[INSTANCES + 3] == 0);
    wasm_module_delete(copy);
    CHECK(finalized[INSTANCES + 3] == 1);
    CHECK(finalize_count == INSTANCES + 3);

    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok: %d finalizers\n", finalize_count);
    return 0;
}
