/* module.c (api) — the public module functions: create, validate, compile
 * eagerly, and inspect imports and exports. */
#include "../runtime/runtime.h"
#include "../native/native.h"

wasmcell_status_t wasmcell_module_new(wasmcell_engine_t *engine, const uint8_t *bytes, size_t size,
                                      wasmcell_module_t **out, wasmcell_error_t **error)
{
    if (out) *out = NULL;
    if (!engine || (!bytes && size) || !out)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_new: NULL engine, bytes or out"));
    bin_module_t *bin;
    wasmcell_status_t st = rt_module_decode(bytes ? bytes : (const uint8_t *)"", size, &bin, error);
    if (st != WASMCELL_OK) return st;
    st = rt_module_new(engine, bin, out, error);
    if (st == WASMCELL_OK) native_module_created(*out);
    return st;
}

wasmcell_status_t wasmcell_module_validate(wasmcell_engine_t *engine, const uint8_t *bytes,
                                           size_t size, wasmcell_error_t **error)
{
    if (!engine || (!bytes && size))
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_validate: NULL engine or bytes"));
    bin_module_t *bin;
    wasmcell_status_t st = rt_module_decode(bytes ? bytes : (const uint8_t *)"", size, &bin, error);
    if (st == WASMCELL_OK) bin_module_free(bin);
    return st;
}

wasmcell_status_t wasmcell_module_compile_all(wasmcell_module_t *module, wasmcell_error_t **error)
{
    if (!module)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_compile_all: NULL module"));
    uint32_t ndefs = module->bin->nfuncs - module->bin->nfunc_imports;
    for (uint32_t i = 0; i < ndefs; i++) {
        wasmcell_error_t *e = NULL;
        if (!rt_module_code(module, i, &e)) return rt_fail(error, e);
    }
    return WASMCELL_OK;
}

void wasmcell_module_delete(wasmcell_module_t *module)
{
    rt_module_release(module);
}

size_t wasmcell_module_import_count(const wasmcell_module_t *module)
{
    return module ? module->bin->nimports : 0;
}

wasmcell_status_t wasmcell_module_import(const wasmcell_module_t *module, size_t index,
                                         wasmcell_import_desc_t *out)
{
    if (!module || !out) return WASMCELL_ERR_MISUSE;
    if (index >= module->bin->nimports) return WASMCELL_ERR_NOT_FOUND;
    const bin_import_t *imp = &module->bin->imports[index];
    *out = (wasmcell_import_desc_t){.module = imp->module, .name = imp->name,
                                    .kind = (wasmcell_extern_kind_t)imp->kind};
    return WASMCELL_OK;
}

size_t wasmcell_module_export_count(const wasmcell_module_t *module)
{
    return module ? module->bin->nexports : 0;
}

wasmcell_status_t wasmcell_module_export(const wasmcell_module_t *module, size_t index,
                                         wasmcell_export_desc_t *out)
{
    if (!module || !out) return WASMCELL_ERR_MISUSE;
    if (index >= module->bin->nexports) return WASMCELL_ERR_NOT_FOUND;
    const bin_export_t *ex = &module->bin->exports[index];
    *out = (wasmcell_export_desc_t){.name = ex->name, .kind = (wasmcell_extern_kind_t)ex->kind};
    return WASMCELL_OK;
}
