/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* tags — wasm.h has no extern kind for tags (exception handling): the
 * export vectors of modules and instances leave them out and keep the
 * order of the rest; a module importing a tag is refused by
 * wasm_instance_new with a message naming the import. */
#include "check.h"

/* (module (import "host" "f" (func)) (import "host" "e" (tag (param i32)))) */
static const unsigned char tag_importer[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x00, 0x00,
    0x60, 0x01, 0x7f, 0x00, 0x02, 0x14, 0x02, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x01, 0x66,
    0x00, 0x00, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x01, 0x65, 0x04, 0x00, 0x01};

static int name_is(const wasm_name_t *name, const char *s) {
    return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

static wasm_trap_t *nothing(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    (void)args;
    (void)results;
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "tags.wasm");

    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    CHECK(exports.size == 2);
    CHECK(name_is(wasm_exporttype_name(exports.data[0]), "before"));
    CHECK(name_is(wasm_exporttype_name(exports.data[1]), "after"));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[1])) == WASM_EXTERN_FUNC);
    wasm_exporttype_vec_delete(&exports);

    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &none, NULL);
    CHECK(instance != NULL);
    wasm_extern_vec_t live;
    wasm_instance_exports(instance, &live);
    CHECK(live.size == 2);
    const wasm_func_t *after = wasm_extern_as_func_const(live.data[1]);
    CHECK(after != NULL);
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(after, &args, &results) == NULL);
    CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 2);
    wasm_extern_vec_delete(&live);
    wasm_instance_delete(instance);
    wasm_module_delete(module);

    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, sizeof tag_importer, (const char *)tag_importer);
    module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(module != NULL);
    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    CHECK(imports.size == 1 && name_is(wasm_importtype_name(imports.data[0]), "f"));
    wasm_importtype_vec_delete(&imports);

    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *f = wasm_func_new(store, type, nothing);
    wasm_functype_delete(type);
    wasm_extern_t *given[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t with_f = WASM_ARRAY_VEC(given);
    wasm_trap_t *trap = NULL;
    CHECK(wasm_instance_new(store, module, &with_f, &trap) == NULL);
    CHECK(trap != NULL);
    const char *text = trap_text(trap);
    CHECK(strstr(text, "import 1 (\"host\" \"e\") is a tag") != NULL);
    wasm_func_delete(f);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}
