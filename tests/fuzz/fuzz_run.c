/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fuzz_run.c — libFuzzer target: instantiate arbitrary modules (no imports
 * are defined, so modules with imports stop at linking) and call every
 * exported function with zero arguments of its parameter types, under
 * 100000 units of fuel per call and small memory/table/stack limits.
 *
 * A start function runs during instantiation, before fuel can be set on the
 * instance, so the start section is dropped from the input first (its
 * function still runs when it is exported). Traps, link errors and
 * unsupported features are fine; crashes, hangs, leaks and sanitizer
 * reports are findings.
 */
#include <stdlib.h>
#include <string.h>

#include <wasmcell.h>

#include "fuzz.h"

#define FUEL 100000

static wasmcell_engine_t *engine;

/* Reads an unsigned LEB128 u32 at *pos; false when malformed or truncated. */
static int read_u32(const uint8_t *data, size_t size, size_t *pos, uint32_t *out)
{
    uint64_t value = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*pos >= size)
            return 0;
        uint8_t byte = data[(*pos)++];
        value |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            if (value > UINT32_MAX)
                return 0;
            *out = (uint32_t)value;
            return 1;
        }
    }
    return 0;
}

/* Copies `data` without its start section (id 8) into *out (malloc'ed).
 * Bytes that do not parse as sections are copied unchanged. */
static size_t drop_start_section(const uint8_t *data, size_t size, uint8_t **out)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    size_t in = 8, len = size < 8 ? size : 8;
    memcpy(copy, data, len);
    while (in < size) {
        size_t section = in, pos = in + 1;
        uint32_t payload;
        if (!read_u32(data, size, &pos, &payload) || payload > size - pos)
            break;
        size_t end = pos + payload;
        if (data[section] != 8) {
            memcpy(copy + len, data + section, end - section);
            len += end - section;
        }
        in = end;
    }
    if (in < size) { /* an unparsable tail: keep it for the decoder to reject */
        memcpy(copy + len, data + in, size - in);
        len += size - in;
    }
    *out = copy;
    return len;
}

static void call_export(wasmcell_instance_t *instance, wasmcell_func_t *func)
{
    size_t nparams = wasmcell_func_param_count(func);
    size_t nresults = wasmcell_func_result_count(func);
    wasmcell_val_t *args = calloc(nparams + 1, sizeof *args);
    wasmcell_val_t *results = calloc(nresults + 1, sizeof *results);
    if (!args || !results)
        abort();
    for (size_t i = 0; i < nparams; i++)
        args[i].type = wasmcell_func_param_type(func, i); /* the union is zeroed */
    wasmcell_instance_set_fuel(instance, FUEL);
    wasmcell_error_t *error = NULL;
    wasmcell_status_t status = wasmcell_func_call(func, args, nparams, results, nresults, &error);
    if (status != WASMCELL_OK && !error)
        abort(); /* a failed call always explains itself */
    if (status == WASMCELL_OK) {
        for (size_t i = 0; i < nresults; i++)
            if (results[i].type != wasmcell_func_result_type(func, i))
                abort();
    }
    wasmcell_error_delete(error);
    free(args);
    free(results);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        wasmcell_config_t config;
        wasmcell_config_init(&config);
        config.max_memory_bytes = 16 << 20;
        config.max_table_elems = 100000;
        config.max_stack_bytes = 1 << 20;
        config.max_call_depth = 10000;
        engine = wasmcell_engine_new(&config);
        if (!engine)
            abort();
    }
    uint8_t *bytes;
    size_t len = drop_start_section(data, size, &bytes);
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t status = wasmcell_module_new(engine, bytes, len, &module, &error);
    free(bytes);
    wasmcell_error_delete(error);
    if (status != WASMCELL_OK)
        return 0;
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    wasmcell_instance_t *instance = NULL;
    error = NULL;
    if (linker && wasmcell_linker_instantiate(linker, module, &instance, &error) == WASMCELL_OK) {
        size_t nexports = wasmcell_module_export_count(module);
        for (size_t i = 0; i < nexports; i++) {
            wasmcell_export_desc_t desc;
            if (wasmcell_module_export(module, i, &desc) != WASMCELL_OK)
                abort();
            if (desc.kind != WASMCELL_EXTERN_FUNC)
                continue;
            wasmcell_func_t *func = wasmcell_instance_func(instance, desc.name);
            if (func)
                call_export(instance, func);
        }
    }
    wasmcell_error_delete(error);
    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(module);
    return 0;
}
