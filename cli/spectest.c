/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* spectest.c — the `spectest` host module the spec test scripts import:
 * print functions, and the globals, table and memory, all created by the
 * host (wasmcell_func_new's cousins: wasmcell_global_new, _table_new,
 * _memory_new) and defined in the script's linker.
 */
#include "wast.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static float f32_of(uint64_t slot)
{
    uint32_t bits = (uint32_t)slot;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static double f64_of(uint64_t slot)
{
    double d;
    memcpy(&d, &slot, 8);
    return d;
}

/* One host function for every print_* variant; env is its signature. The
 * reference interpreter prints "<value> : <type>" per argument. */
static wasmcell_error_t *spectest_print(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    const struct wast_print_env *pe = env;
    if (!pe->verbose)
        return NULL;
    for (size_t i = 0; pe->signature[i] && pe->signature[i] != ':'; i++) {
        switch (pe->signature[i]) {
        case 'i': printf("%" PRIi32 " : i32\n", (int32_t)slots[i]); break;
        case 'I': printf("%" PRIi64 " : i64\n", (int64_t)slots[i]); break;
        case 'f': printf("%.9g : f32\n", (double)f32_of(slots[i])); break;
        case 'F': printf("%.17g : f64\n", f64_of(slots[i])); break;
        default: break;
        }
    }
    fflush(stdout);
    return NULL;
}

wasmcell_status_t wast_spectest_define(wasmcell_engine_t *engine, wasmcell_linker_t *linker,
                                       struct wast_print_env envs[WAST_PRINT_FUNCS],
                                       wasmcell_instance_t **out, wasmcell_error_t **error)
{
    static const char *const names[WAST_PRINT_FUNCS][2] = {
        {"print", ":"}, {"print_i32", "i:"}, {"print_i64", "I:"}, {"print_f32", "f:"},
        {"print_f64", "F:"}, {"print_i32_f32", "if:"}, {"print_f64_f64", "FF:"},
    };
    *out = NULL; /* no instance: the objects are the host's */
    for (size_t i = 0; i < WAST_PRINT_FUNCS; i++) {
        envs[i].signature = names[i][1];
        wasmcell_status_t st = wasmcell_linker_define_func(linker, "spectest", names[i][0],
                                                           names[i][1], spectest_print, &envs[i]);
        if (st != WASMCELL_OK)
            return st;
    }
    /* (global i32 666) (global i64 666) (global f32 666.6) (global f64 666.6)
     * (table 10 20 funcref) (memory 1 2) (table64 i64 10 20 funcref), as the
     * reference interpreter has */
    static const char *const global_names[4] = {"global_i32", "global_i64", "global_f32",
                                                "global_f64"};
    const wasmcell_val_t values[4] = {
        {.type = WASMCELL_I32, .of.i32 = 666}, {.type = WASMCELL_I64, .of.i64 = 666},
        {.type = WASMCELL_F32, .of.f32 = 666.6f}, {.type = WASMCELL_F64, .of.f64 = 666.6},
    };
    wasmcell_extern_t ext[7];
    size_t n = 0;
    wasmcell_status_t st = WASMCELL_OK;
    for (; n < 4; n++) {
        ext[n] = (wasmcell_extern_t){.kind = WASMCELL_EXTERN_GLOBAL,
                                     .of.global = wasmcell_global_new(engine, &values[n], 0, error)};
        if (!ext[n].of.global)
            break;
    }
    if (n == 4) {
        ext[4] = (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE,
                                     .of.table = wasmcell_table_new(engine, WASMCELL_FUNCREF, 10,
                                                                    20, NULL, error)};
        n += ext[4].of.table != NULL;
    }
    if (n == 5) {
        ext[5] = (wasmcell_extern_t){.kind = WASMCELL_EXTERN_MEMORY,
                                     .of.memory = wasmcell_memory_new(engine, 1, 2, error)};
        n += ext[5].of.memory != NULL;
    }
    if (n == 6) { /* (table64 i64 10 20 funcref), for the memory64 proposal's tests */
        ext[6] = (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE,
                                     .of.table = wasmcell_table_new64(engine, WASMCELL_FUNCREF, 10,
                                                                      20, NULL, error)};
        n += ext[6].of.table != NULL;
    }
    if (n < 7)
        st = error && *error ? wasmcell_error_status(*error) : WASMCELL_ERR_NOMEM;
    static const char *const other_names[3] = {"table", "memory", "table64"};
    for (size_t i = 0; st == WASMCELL_OK && i < n; i++) {
        const char *name = i < 4 ? global_names[i] : other_names[i - 4];
        st = wasmcell_linker_define_extern(linker, "spectest", name, ext[i]);
    }
    /* the linker (and the instances importing them) keep them alive */
    for (size_t i = 0; i < n; i++) {
        if (ext[i].kind == WASMCELL_EXTERN_GLOBAL)
            wasmcell_global_delete(ext[i].of.global);
        else if (ext[i].kind == WASMCELL_EXTERN_TABLE)
            wasmcell_table_delete(ext[i].of.table);
        else
            wasmcell_memory_delete(ext[i].of.memory);
    }
    return st;
}
