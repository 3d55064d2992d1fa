/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* module.c — wasm.h modules over wasmcell_module_t: compile, validate,
 * import and export types, native-code artifacts, and sharing between
 * threads (a wasmcell module is immutable, so sharing is a handle). */
#include "capi.h"

#include <string.h>

static void module_destroy(struct wasm_ref_t *ref) {
    wasm_module_t *m = (wasm_module_t *)ref;
    wasmcell_module_delete(m->module);
    wasmcell_free(m);
}

static wasm_module_t *module_wrap(wasmcell_engine_t *engine, wasmcell_module_t *module) {
    wasm_module_t *m = module ? wasmcell_malloc(sizeof *m) : NULL;
    if (!m) {
        wasmcell_module_delete(module);
        return NULL;
    }
    capi_ref_init(&m->ref, CAPI_REF_MODULE, module_destroy);
    m->module = module;
    m->engine = engine;
    return m;
}

wasm_module_t *wasm_module_new(wasm_store_t *store, const wasm_byte_vec_t *binary) {
    wasmcell_module_t *module = NULL;
    if (wasmcell_module_new(store->engine, (const uint8_t *)binary->data, binary->size, &module,
                            NULL) != WASMCELL_OK)
        return NULL;
    return module_wrap(store->engine, module);
}

bool wasm_module_validate(wasm_store_t *store, const wasm_byte_vec_t *binary) {
    return wasmcell_module_validate(store->engine, (const uint8_t *)binary->data, binary->size,
                                    NULL) == WASMCELL_OK;
}

static void name_of(wasm_name_t *out, const char *s) { wasm_name_new_from_string(out, s); }

/* Tags (exception handling) have no wasm.h kind: the vectors leave them
 * out, and a module importing one cannot be instantiated through wasm.h
 * (instance.c). */
static size_t count_without_tags(const wasmcell_module_t *m, bool imports) {
    size_t n = imports ? wasmcell_module_import_count(m) : wasmcell_module_export_count(m), k = 0;
    for (size_t i = 0; i < n; i++) {
        wasmcell_import_desc_t in;
        wasmcell_export_desc_t ex;
        bool tag = imports ? wasmcell_module_import(m, i, &in) == WASMCELL_OK && in.kind == WASMCELL_EXTERN_TAG
                           : wasmcell_module_export(m, i, &ex) == WASMCELL_OK && ex.kind == WASMCELL_EXTERN_TAG;
        k += !tag;
    }
    return k;
}

size_t capi_exports_without_tags(const wasmcell_module_t *m) { return count_without_tags(m, false); }

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out) {
    size_t n = wasmcell_module_import_count(module->module);
    wasm_importtype_vec_new_uninitialized(out, count_without_tags(module->module, true));
    for (size_t i = 0, k = 0; i < n && k < out->size; i++) {
        wasmcell_import_desc_t desc;
        wasmcell_externtype_t type;
        if (wasmcell_module_import(module->module, i, &desc) != WASMCELL_OK ||
            wasmcell_module_import_type(module->module, i, &type) != WASMCELL_OK) {
            k++; /* cannot happen for i < count; the element stays NULL */
            continue;
        }
        if (desc.kind == WASMCELL_EXTERN_TAG) continue;
        wasm_name_t mod, name;
        name_of(&mod, desc.module);
        name_of(&name, desc.name);
        out->data[k++] = wasm_importtype_new(&mod, &name, capi_externtype_from(&type));
    }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out) {
    size_t n = wasmcell_module_export_count(module->module);
    wasm_exporttype_vec_new_uninitialized(out, count_without_tags(module->module, false));
    for (size_t i = 0, k = 0; i < n && k < out->size; i++) {
        wasmcell_export_desc_t desc;
        wasmcell_externtype_t type;
        if (wasmcell_module_export(module->module, i, &desc) != WASMCELL_OK ||
            wasmcell_module_export_type(module->module, i, &type) != WASMCELL_OK) {
            k++;
            continue;
        }
        if (desc.kind == WASMCELL_EXTERN_TAG) continue;
        wasm_name_t name;
        name_of(&name, desc.name);
        out->data[k++] = wasm_exporttype_new(&name, capi_externtype_from(&type));
    }
}

void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out) {
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasm_byte_vec_new_empty(out);
    /* serialize compiles the module's functions: the wasmcell object changes,
     * the wasm.h module (its behaviour) does not */
    if (wasmcell_module_serialize(module->module, &bytes, &size, NULL) != WASMCELL_OK) return;
    wasm_byte_vec_new(out, size, (const wasm_byte_t *)bytes);
    wasmcell_string_delete((char *)bytes);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *store, const wasm_byte_vec_t *bytes) {
    wasmcell_module_t *module = NULL;
    if (wasmcell_module_deserialize(store->engine, (const uint8_t *)bytes->data, bytes->size,
                                    &module, NULL) != WASMCELL_OK)
        return NULL;
    return module_wrap(store->engine, module);
}

wasm_shared_module_t *wasm_module_share(const wasm_module_t *module) {
    wasm_shared_module_t *shared = wasmcell_malloc(sizeof *shared);
    if (shared) shared->module = wasm_module_copy(module);
    return shared;
}

wasm_module_t *wasm_module_obtain(wasm_store_t *store, const wasm_shared_module_t *shared) {
    /* one engine per module: a store of another engine cannot use it */
    if (store->engine != shared->module->engine) return NULL;
    return wasm_module_copy(shared->module);
}

void wasm_shared_module_delete(wasm_shared_module_t *shared) {
    if (!shared) return;
    wasm_module_delete(shared->module);
    wasmcell_free(shared);
}
