/* spectest.c — the `spectest` host module the spec test scripts import:
 * print functions as host functions, and the globals, table and memory
 * from a tiny module assembled here (the public API creates those only by
 * instantiating a module).
 */
#include "wast.h"
#include "wasm_builder.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Section ids and opcodes used below (spec "Binary Format"). */
enum {
    SEC_TABLE = 4, SEC_MEMORY = 5, SEC_GLOBAL = 6, SEC_EXPORT = 7,
    OP_END = 0x0B, OP_I32_CONST = 0x41, OP_I64_CONST = 0x42,
    OP_F32_CONST = 0x43, OP_F64_CONST = 0x44,
};

static void put_global(wbuf_t *b, uint8_t type, uint8_t opcode, const void *imm, size_t imm_len,
                       int64_t sleb)
{
    wbuf_byte(b, type);
    wbuf_byte(b, 0x00); /* immutable */
    wbuf_byte(b, opcode);
    if (imm)
        wbuf_bytes(b, imm, imm_len); /* f32/f64 immediates are little-endian bits */
    else
        wbuf_sleb(b, sleb);
    wbuf_byte(b, OP_END);
}

static void put_export(wbuf_t *b, const char *name, uint8_t kind, uint32_t index)
{
    wbuf_name(b, name);
    wbuf_byte(b, kind);
    wbuf_uleb(b, index);
}

/* (table 10 20 funcref) (memory 1 2) and the four 666 globals, exported. */
static void build_spectest_module(wbuf_t *m)
{
    wbuf_t table = {0}, memory = {0}, globals = {0}, exports = {0};
    float f32 = 666.6f;
    double f64 = 666.6;
    wbuf_header(m);
    wbuf_bytes(&table, (const uint8_t[]){1, 0x70, 0x01, 10, 20}, 5);
    wbuf_section(m, SEC_TABLE, &table);
    wbuf_bytes(&memory, (const uint8_t[]){1, 0x01, 1, 2}, 4);
    wbuf_section(m, SEC_MEMORY, &memory);
    wbuf_byte(&globals, 4);
    put_global(&globals, 0x7F, OP_I32_CONST, NULL, 0, 666);
    put_global(&globals, 0x7E, OP_I64_CONST, NULL, 0, 666);
    put_global(&globals, 0x7D, OP_F32_CONST, &f32, 4, 0); /* little-endian hosts */
    put_global(&globals, 0x7C, OP_F64_CONST, &f64, 8, 0);
    wbuf_section(m, SEC_GLOBAL, &globals);
    wbuf_byte(&exports, 6);
    put_export(&exports, "global_i32", 3, 0);
    put_export(&exports, "global_i64", 3, 1);
    put_export(&exports, "global_f32", 3, 2);
    put_export(&exports, "global_f64", 3, 3);
    put_export(&exports, "table", 1, 0);
    put_export(&exports, "memory", 2, 0);
    wbuf_section(m, SEC_EXPORT, &exports);
}

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
    *out = NULL;
    for (size_t i = 0; i < WAST_PRINT_FUNCS; i++) {
        envs[i].signature = names[i][1];
        wasmcell_status_t st = wasmcell_linker_define_func(linker, "spectest", names[i][0],
                                                           names[i][1], spectest_print, &envs[i]);
        if (st != WASMCELL_OK)
            return st;
    }
    wbuf_t m = {0};
    build_spectest_module(&m);
    if (m.oom) {
        wbuf_free(&m);
        return WASMCELL_ERR_NOMEM;
    }
    wasmcell_module_t *module = NULL;
    wasmcell_linker_t *empty = wasmcell_linker_new(engine);
    wasmcell_status_t st = empty ? wasmcell_module_new(engine, m.data, m.len, &module, error)
                                 : WASMCELL_ERR_NOMEM;
    if (st == WASMCELL_OK)
        st = wasmcell_linker_instantiate(empty, module, out, error);
    if (st == WASMCELL_OK)
        st = wasmcell_linker_define_instance(linker, "spectest", *out);
    wasmcell_module_delete(module);
    wasmcell_linker_delete(empty);
    wbuf_free(&m);
    return st;
}
