/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instance.c — wasm.h instances: imports given by position are defined in a
 * wasmcell linker under the module's import names, then the module is
 * instantiated; exports are listed in the module's export order. */
#include "capi.h"

#include <stdio.h>
#include <string.h>

static void instance_destroy(struct wasm_ref_t *ref) {
    wasm_instance_t *inst = (wasm_instance_t *)ref;
    wasmcell_instance_delete(inst->instance);
    for (size_t i = 0; i < inst->nimport_owners; i++) capi_instance_release(inst->import_owners[i]);
    wasmcell_free(inst->import_owners);
    wasm_module_delete(inst->module);
    wasmcell_free(inst);
}

static wasm_instance_t *fail(wasm_trap_t **trap_out, wasm_trap_t *trap) {
    if (trap_out) *trap_out = trap;
    else wasm_trap_delete(trap);
    return NULL;
}

/* Define imports[i] under the module's i-th import name. */
static wasm_trap_t *define_imports(wasmcell_linker_t *linker, const wasm_module_t *module,
                                   const wasm_extern_vec_t *imports) {
    size_t n = wasmcell_module_import_count(module->module);
    char msg[200];
    for (size_t i = 0; i < n; i++) {
        wasmcell_import_desc_t desc;
        if (wasmcell_module_import(module->module, i, &desc) == WASMCELL_OK &&
            desc.kind == WASMCELL_EXTERN_TAG) {
            snprintf(msg, sizeof msg,
                     "wasm_instance_new: import %zu (\"%s\" \"%s\") is a tag (exception "
                     "handling), which wasm.h cannot provide: use the wasmcell_* API",
                     i, desc.module, desc.name);
            return capi_trap_new(msg);
        }
    }
    if (imports->size < n) {
        snprintf(msg, sizeof msg, "wasm_instance_new: %zu imports given, the module has %zu",
                 imports->size, n);
        return capi_trap_new(msg);
    }
    for (size_t i = 0; i < n; i++) {
        wasmcell_import_desc_t desc;
        const wasm_extern_t *e = imports->data[i];
        if (!e) {
            snprintf(msg, sizeof msg, "wasm_instance_new: import %zu is NULL", i);
            return capi_trap_new(msg);
        }
        if (wasmcell_module_import(module->module, i, &desc) != WASMCELL_OK ||
            wasmcell_linker_define_extern(linker, desc.module, desc.name, e->ext) != WASMCELL_OK) {
            snprintf(msg, sizeof msg, "wasm_instance_new: cannot define import %zu", i);
            return capi_trap_new(msg);
        }
    }
    return NULL;
}

wasm_instance_t *wasm_instance_new(wasm_store_t *store, const wasm_module_t *module,
                                   const wasm_extern_vec_t *imports, wasm_trap_t **trap_out) {
    if (trap_out) *trap_out = NULL;
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    if (!imports) imports = &none;
    wasm_instance_t *inst = capi_alloc_zeroed(sizeof *inst);
    wasmcell_linker_t *linker = inst ? wasmcell_linker_new(store->engine) : NULL;
    if (!linker) {
        wasmcell_free(inst);
        return fail(trap_out, capi_trap_new("out of memory"));
    }
    wasm_trap_t *trap = define_imports(linker, module, imports);
    wasmcell_error_t *error = NULL;
    if (!trap && wasmcell_linker_instantiate(linker, (wasmcell_module_t *)module->module,
                                             &inst->instance, &error) != WASMCELL_OK)
        trap = capi_trap_from_error(error, NULL);
    wasmcell_linker_delete(linker);
    if (trap) {
        wasmcell_free(inst);
        return fail(trap_out, trap);
    }
    capi_ref_init(&inst->ref, CAPI_REF_INSTANCE, instance_destroy);
    inst->module = wasm_module_copy(module);
    /* exports of other instances used as imports: keep their instances */
    inst->import_owners = capi_alloc_zeroed(imports->size * sizeof *inst->import_owners);
    for (size_t i = 0; inst->import_owners && i < imports->size; i++)
        if (imports->data[i] && imports->data[i]->owner)
            inst->import_owners[inst->nimport_owners++] =
                capi_instance_retain(imports->data[i]->owner);
    return inst;
}

void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out) {
    wasmcell_module_t *module = instance->module->module;
    size_t n = wasmcell_module_export_count(module);
    wasm_extern_vec_new_uninitialized(out, capi_exports_without_tags(module));
    for (size_t i = 0, k = 0; i < n && k < out->size; i++) {
        wasmcell_export_desc_t desc;
        wasmcell_extern_t ext;
        if (wasmcell_module_export(module, i, &desc) == WASMCELL_OK && desc.kind == WASMCELL_EXTERN_TAG)
            continue; /* no wasm.h kind (module.c) */
        if (wasmcell_module_export(module, i, &desc) != WASMCELL_OK ||
            wasmcell_instance_export_n(instance->instance, desc.name, strlen(desc.name), &ext) !=
                WASMCELL_OK) {
            k++; /* an export name with a NUL byte: the element stays NULL */
            continue;
        }
        out->data[k++] = capi_extern_new(instance->module->engine, ext, (wasm_instance_t *)instance, 0);
    }
}
