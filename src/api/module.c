/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* module.c (api) — the public module functions: create (from bytes or a
 * file), validate, compile eagerly, and inspect imports and exports. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../runtime/runtime.h"
#include "../base/alloc.h"
#include "../native/native.h"

wasmcell_status_t wasmcell_module_new(wasmcell_engine_t *engine, const uint8_t *bytes, size_t size,
                                      wasmcell_module_t **out, wasmcell_error_t **error)
{
    if (out) *out = NULL;
    if (!engine || (!bytes && size) || !out)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_new: NULL engine, bytes or out"));
    /* a warm code cache: no second validation (SQLite: ~10 ms a run) */
    if (bytes && (*out = native_module_from_cache(engine, bytes, size)) != NULL) return WASMCELL_OK;
    bin_module_t *bin;
    wasmcell_status_t st =
        rt_module_decode(engine, bytes ? bytes : (const uint8_t *)"", size, &bin, error);
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
    wasmcell_status_t st =
        rt_module_decode(engine, bytes ? bytes : (const uint8_t *)"", size, &bin, error);
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
        if (!rt_module_code(module, i, module->engine->config.bounds_checks != 0, &e))
            return rt_fail(error, e);
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

/* Reads the whole file (base_malloc'd); an owned error on failure. */
static wasmcell_error_t *read_file(const char *path, uint8_t **out, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return rt_error_new(WASMCELL_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = base_malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap) break;
        uint8_t *bigger = cap > SIZE_MAX / 2 ? NULL : base_realloc(buf, cap * 2);
        if (!bigger) base_free(buf);
        buf = bigger;
        cap *= 2;
    }
    /* a directory opens, then fails to read (EISDIR) */
    int read_errno = ferror(f) ? errno : 0;
    fclose(f);
    if (!buf) return &rt_error_nomem;
    if (read_errno) {
        base_free(buf);
        return rt_error_new(WASMCELL_ERR_IO, "cannot read %s: %s", path, strerror(read_errno));
    }
    *out = buf;
    *size = len;
    return NULL;
}

wasmcell_status_t wasmcell_module_new_from_file(wasmcell_engine_t *engine, const char *path,
                                                wasmcell_module_t **out, wasmcell_error_t **error)
{
    if (out) *out = NULL;
    if (!engine || !path || !out)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_new_from_file: NULL argument"));
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_error_t *e = read_file(path, &bytes, &size);
    if (e) return rt_fail(error, e);
    wasmcell_status_t st;
    if (wasmcell_is_artifact(bytes, size)) /* native code is trusted: never by accident */
        st = rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                         "%s is a precompiled artifact (trusted native code): "
                                         "load it with wasmcell_module_deserialize", path));
    else
        st = wasmcell_module_new(engine, bytes, size, out, error);
    base_free(bytes);
    return st;
}
